//! GraphML (Gephi, yEd, Cytoscape, NetworkX): [`read`] maps a file's attributes onto actor and relation
//! fields ([`GraphmlMap`]), [`write`](mod@write) writes a view that reads back with every detail.

pub mod read;
pub mod write;

pub use read::{GraphmlField, GraphmlMap, DEFAULT_EDGE_KIND};
pub use write::*;
