//! Network diagrams: a [`Selection`] of actors and relations becomes a [`Diagram`] (what is drawn and how,
//! decided once), which is printed as DOT with graphviz-rust's structures ([`to_dot`]) and rendered to SVG,
//! PNG or PDF with Graphviz, or to SVG with a small built-in layout when Graphviz is missing ([`render`]).
//!
//! Every id and string attribute passes through one quoting function, [`quote`]: graphviz-rust prints ids
//! verbatim, and names of actors contain quotes, backslashes, line breaks, braces, `<>` and Arabic text.
//!
//! ```
//! use actorgraph::output::dot::{build, to_dot, Options, Selection};
//! use actorgraph::query::{Filter, View};
//!
//! let graph = actorgraph::load::embedded();
//! let view = View::new(&graph, &Filter::default());
//! let diagram = build(&view, &Selection::contradictions(&view), &Filter::default(), &Options::default());
//! let dot = to_dot(&diagram);
//! assert!(dot.starts_with("digraph \"contradictions\" {"));
//! assert!(dot.contains("\"falah-fayyadh\" -> \"claim:r-pmf-deploys-syria\""));
//! graphviz_rust::parse(&dot).unwrap();
//! ```

mod escape;
pub mod examples;
mod model;
mod print;
mod render;
mod request;
mod select;
pub mod style;
mod svg;

pub use escape::{quote, text, unquote};
pub use model::{
    build, Counts, Cut, Diagram, DrawnCluster, Edge, Engine, Legend, LegendLine, Node, NodeKind, Options, RankBy,
    RankDir, DEFAULT_MAX_EDGES, DOT_EDGE_LIMIT, DOT_NODE_LIMIT,
};
pub use print::{to_dot, to_graph};
pub use render::{graphviz_version, missing_graphviz_notice, render, RenderFormat, Rendered, Renderer};
pub use request::{diagram, DiagramRequest, NothingToDraw};
pub use select::{file_safe, Cluster, ClusterBy, Selection, Shows, PATH_LIMIT};
pub use svg::to_svg;
