//! actorgraph's integration tests: one test binary that runs the real `actorgraph` executable on the bundled
//! dataset (`data/`) and on fixtures (`tests/fixtures/`, one edge case per file).

mod harness;

mod basics;
mod central;
mod diagrams;
mod docs;
mod fuzz;
mod interop;
mod report;
mod roundtrip;
mod scale;
mod signed;
mod stix_export;
mod stix_import;
mod traversal;
mod unknown_confidence;
mod validation;
