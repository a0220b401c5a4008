//! GraphML (Gephi, yEd, Cytoscape, NetworkX): [`read`] maps a file's attributes onto actor and relation
//! fields ([`GraphmlMap`]), [`write`](mod@write) writes a view that reads back with every detail.

mod map;
pub mod read;
pub mod write;

pub use map::{GraphmlField, GraphmlMap};
pub use read::DEFAULT_EDGE_KIND;
pub use write::*;
