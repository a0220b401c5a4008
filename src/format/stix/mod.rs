//! STIX 2.1 bundles (OpenCTI and other threat-intelligence platforms): `read` turns a bundle into the
//! actorgraph records, [`write`](mod@write) writes a view as a bundle that reads back with every detail.

pub(crate) mod read;
pub mod write;

pub use write::*;
