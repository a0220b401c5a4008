//! actorgraph's integration tests: one test binary that runs the real `actorgraph` executable on the bundled
//! dataset (`data/`) and on fixtures (`tests/fixtures/`, one edge case per file).

mod harness;

mod basics;
mod bundled_dataset;
mod central;
mod changes;
mod csv_columns;
mod csv_output;
mod diagrams;
mod docs;
mod event_import;
mod evidence;
mod evidence_input;
mod explore;
mod fuzz;
mod hostile_output;
mod interop;
mod json_shapes;
mod neo4j_export;
mod network_import;
mod print;
mod report;
mod report_specs;
mod roundtrip;
mod scale;
mod signed;
mod special_files;
mod stix_export;
mod stix_import;
mod traversal;
mod unknown_confidence;
mod validation;
