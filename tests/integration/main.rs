//! actorgraph's integration tests: one test binary that runs the real `actorgraph` executable on the bundled
//! dataset (`data/`) and on fixtures (`tests/fixtures/`, one edge case per file).

mod harness;

mod central;
mod diagrams;
mod explore;
mod foundation;
mod fuzz;
mod interop;
mod perf;
mod print;
mod queries_a;
mod queries_b;
mod report;
mod roundtrip;
mod validation;
