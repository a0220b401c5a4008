//! `bench-ops` (hidden): load a dataset once and time each benchmark operation inside one process.

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;

use actorgraph::bench::{cpu_ms, median, peak_rss_bytes, time, OpInput, OPS};
use actorgraph::error::{Error, Result};
use actorgraph::load;
use actorgraph::output::write_json;

use super::common::stdout_error;
use super::Outcome;

/// `actorgraph bench-ops --data FILE [--repeat N] [--ops a,b] [--pair FROM TO]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Runs of each operation (the report takes the median).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Only these operations (comma-separated); default all.
    #[arg(long, value_delimiter = ',')]
    ops: Vec<String>,
    /// The two actors (ids) of the path query.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    pair: Vec<String>,
}

/// Loads `paths` `repeat` times (timing each load), then times each operation, and prints one JSON object:
/// load times, per-operation times and answers, and the peak memory of the process.
///
/// # Errors
/// An unknown operation name, an unreadable or invalid dataset, stdout failing.
pub fn run(paths: &[PathBuf], args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    for name in &args.ops {
        if !OPS.iter().any(|(op, _)| op == name) {
            let known: Vec<&str> = OPS.iter().map(|(op, _)| *op).collect();
            return Err(Error::InvalidArgument {
                argument: "--ops".to_owned(),
                message: format!("no operation '{name}'; the operations are: {}", known.join(", ")),
            });
        }
    }
    let mut graph = None;
    let mut load_cpu_ms = Vec::new();
    // The peak after the first load is one load's; later loads reuse freed memory unevenly.
    let mut load_peak = None;
    let (load_ms, ()) = time(args.repeat, || {
        graph = None; // free the previous copy first
        let before = cpu_ms();
        graph = Some(load::load(paths)?.0);
        if let (Some(before), Some(after)) = (before, cpu_ms()) {
            load_cpu_ms.push(after - before);
        }
        load_peak = load_peak.or_else(peak_rss_bytes);
        Ok(())
    })?;
    let Some(graph) = graph else { unreachable!("loaded at least once") };
    let pair = match args.pair.as_slice() {
        [a, b] => Some((a.as_str(), b.as_str())),
        _ => None,
    };
    let input = OpInput::new(&graph, pair)?;
    let mut ops = Vec::new();
    for (name, op) in OPS {
        if !args.ops.is_empty() && !args.ops.iter().any(|o| o == name) {
            continue;
        }
        let before = cpu_ms();
        let (ms, answer) = time(args.repeat, || op(&input))?;
        let cpu = before.zip(cpu_ms()).map(|(b, a)| (a - b) / ms.len() as f64);
        ops.push(json!({"op": name, "ms": ms, "median_ms": median(&ms), "cpu_mean_ms": cpu, "answer": answer}));
    }
    let report = json!({
        "actors": graph.actors().len(),
        "relations": graph.relations().len(),
        "hub": graph.actor(input.hub).id,
        "load_ms": load_ms,
        "load_median_ms": median(&load_ms),
        "load_cpu_ms": load_cpu_ms,
        "load_cpu_median_ms": median(&load_cpu_ms),
        "load_peak_rss_bytes": load_peak,
        "ops": ops,
        "peak_rss_bytes": peak_rss_bytes(),
    });
    write_json(out, &report).map_err(stdout_error)?;
    Ok(Outcome::Done)
}
