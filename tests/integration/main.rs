//! actorgraph's integration tests: one test binary that runs the real `actorgraph` executable on the bundled
//! dataset (`data/`) and on fixtures (`tests/fixtures/`, one edge case per file).

mod harness;

mod central;
mod diagrams;
mod foundation;
mod fuzz;
mod interop;
mod perf;
mod queries_a;
mod queries_b;
mod report;
mod roundtrip;
mod stix_export;
mod stix_import;
mod unknown_confidence;
mod validation;
