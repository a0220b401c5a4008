//! actorgraph's integration tests: one test binary that runs the real `actorgraph` executable on the bundled
//! dataset (`data/`) and on fixtures (`tests/fixtures/`, one edge case per file).

mod harness;

mod central;
mod csv_columns;
mod diagrams;
mod event_import;
mod foundation;
mod fuzz;
mod interop;
mod network_import;
mod perf;
mod queries_a;
mod queries_b;
mod report;
mod roundtrip;
mod validation;
