//! The analyst questions, one module per question. Each is a plain function over a [`View`] (the graph
//! after the common filters) that returns a sorted, serializable result citing the relations behind it.

pub mod allies;
pub mod blocs;
pub mod central;
pub mod chain;
pub mod contradictions;
pub mod dedupe;
pub mod diff;
pub mod filter;
pub mod merge;
pub mod neighbors;
pub mod path;
pub mod request;
pub mod signed;
pub mod stats;
pub mod timeline;
pub mod trend;
pub mod walk;

pub use crate::model::view::{Filter, View};
