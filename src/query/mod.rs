//! The analyst questions, one module per question. Each is a plain function over a [`View`] (the graph
//! after the common filters) that returns a sorted, serializable result citing the relations behind it.

pub mod allies;
pub mod blocs;
mod filter;
pub mod signed;
pub mod stats;

pub use filter::{Filter, View};
