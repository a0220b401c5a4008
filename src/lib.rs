//! # actorgraph
//!
//! Networks of political and armed actors for analysts: load actors and typed, dated, sourced relations
//! (including statements about other relations, such as an official *denying* a reported deployment), ask the
//! questions analysts ask of them, and write tables, JSON and diagrams for reports.
//!
//! The library owns everything; the `actorgraph` binary only parses arguments and prints.
//!
//! - [`model`]: actors, relations, relation kinds and their semantics, partial dates, sources, the graph;
//! - [`load`]: JSON and CSV readers, merging several files, validation diagnostics;
//! - [`lookup`]: finding actors by id, name or alias, whatever the transliteration;
//! - [`query`]: the analyst questions, plain functions over a filtered view of the graph;
//! - [`output`]: records and writers (tables, JSON, CSV), atomic file writes;
//! - [`report`]: report folders (HTML and Markdown) built from commands' answers;
//! - [`cli`]: the command-line interface, one module per subcommand.
//!
//! The benchmark's generator and driver are the workspace member `actorgraph-bench` (`bench/driver/`).
//!
//! ```
//! use actorgraph::{load, lookup::ActorLookup, query::{Filter, View}};
//!
//! let graph = load::embedded();
//! let kh = ActorLookup::new(&graph).find(&graph, "KH").unwrap();
//! assert_eq!(graph.actor(kh).name, "Kataib Hezbollah");
//! let view = View::new(&graph, &Filter::default());
//! assert_eq!(view.actor_count(), graph.actors().len());
//! ```

pub mod cli;
pub mod error;
pub mod load;
pub mod lookup;
pub mod model;
pub mod output;
pub mod query;
pub mod report;

pub use error::{Error, Result};
pub use model::{Actor, ActorGraph, Grade, PartialDate, Relation, Sign, Source, Target};
