//! # actorgraph
//!
//! Networks of political and armed actors for analysts: load actors and typed, dated, sourced relations
//! (including statements about other relations, such as an official *denying* a reported deployment), ask the
//! questions analysts ask of them, and write tables, JSON and diagrams for reports.
//!
//! The library owns everything testable and stands without the command line: `cargo build
//! --no-default-features --lib` builds it without clap, indicatif or comfy-table, it never prints, and its
//! errors name no command-line flags. The `actorgraph` binary (`src/main.rs` and `src/cli/`, feature `cli`,
//! on by default) parses arguments, resolves them, calls the library and prints.
//!
//! Layers point one way (each uses only those above it in this list; `.ci/layers.py` fails on a cycle):
//!
//! - [`diagnostic`], [`fs`], [`progress`], [`error`], [`text`]: findings with file, line and column; the one
//!   way files are written (atomically, devices and pipes through, several files all or none); progress
//!   callbacks; the one error type; wording shared by messages;
//! - [`model`]: actors, relations, relation kinds and their semantics, partial dates, sources, the graph,
//!   the filtered [`model::view::View`] queries run on, and the records every JSON answer shares;
//! - [`lookup`]: finding actors by id, name or alias, whatever the transliteration;
//! - [`mod@format`]: each file format's reader and writer together (actorgraph JSON and CSV, STIX 2.1, GraphML,
//!   GEXF, Neo4j), and the registry that picks a reader for a file;
//! - [`load`]: reading any mix of files into one graph: checking, linking, merging, the snapshot cache;
//! - [`query`]: the analyst questions, plain functions over a view returning typed results;
//! - [`output`]: renderers of results (JSON, CSV) and diagrams (DOT, SVG, rendering);
//! - [`report`]: report folders (HTML and Markdown) built from the answers of commands;
//!
//! The benchmark's driver, which times these functions in one process, is the workspace member
//! `actorgraph-bench` (`bench/driver/`).
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

pub mod diagnostic;
pub mod error;
pub mod fs;
pub mod progress;
pub mod text;

pub mod model;

pub mod lookup;

pub mod format;

pub mod load;

pub mod query;

pub mod output;
pub mod report;

pub use error::{Error, Result};
pub use model::{Actor, ActorGraph, Grade, PartialDate, Relation, Sign, Source, Target};
