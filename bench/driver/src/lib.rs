//! The tools of actorgraph's side-by-side benchmark (`bench/run.sh`), kept out of the `actorgraph` library:
//!
//! - [`generate`]: the synthetic dataset generator (the workspace's `actorgraph-generate` crate, also used by
//!   actorgraph's scale tests), re-exported so the driver makes its inputs in-process;
//! - [`ops`]: the operations the benchmark times inside one process. **Each calls the library function the
//!   command calls** and names it, so a row of `bench/RESULTS.md` says what `actorgraph <command>` costs
//!   once the graph is in memory. Nothing here reimplements a query;
//! - [`measure`]: timing, CPU time and peak memory.
//!
//! The binary `actorgraph-bench` runs them (`generate …`, `ops …`); `bench/bench.py` drives it and the peers.

pub use actorgraph_generate as generate;
pub mod measure;
pub mod ops;
