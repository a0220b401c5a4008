//! GEXF, Gephi's format: [`write()`] writes GEXF 1.3 with dated edges for Gephi's timeline; `read` reads
//! GEXF 1.2 and 1.3 (Gephi, NetworkX `write_gexf`, and actorgraph's own export).

pub(crate) mod read;
pub mod write;

pub use write::{write, NAMESPACE};
