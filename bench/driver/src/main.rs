//! `actorgraph-bench`: the benchmark's generator and in-process driver (see the library docs).
//!
//! ```text
//! actorgraph-bench generate --actors N --relations M [--seed S] -o FILE   # prints the summary as JSON
//! actorgraph-bench ops --data FILE [--repeat N] [--ops a,b] [--pair FROM TO] [--threads N]
//! ```

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use actorgraph::load::{load_cached, LoadOptions};
use actorgraph_bench::measure::{cpu_ms, median, peak_rss_bytes, time};
use actorgraph_bench::ops::{Input, OPS};
use actorgraph_generate::{generate, Spec};
use serde_json::{json, Value};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => run_generate(&args[1..]),
        Some("ops") => run_ops(&args[1..]),
        _ => Err("usage: actorgraph-bench generate --actors N --relations M [--seed S] -o FILE\n       \
                  actorgraph-bench ops --data FILE [--repeat N] [--ops a,b] [--pair FROM TO] [--threads N]"
            .to_owned()),
    };
    match result.and_then(|value| {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &value).map_err(|e| e.to_string())?;
        writeln!(out).map_err(|e| e.to_string())
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The values of `--flag` (one or, for `--pair`, two) in `args`.
fn flag<'a>(args: &'a [String], name: &str, count: usize) -> Result<Option<&'a [String]>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args.get(i + 1..i + 1 + count).map(Some).ok_or_else(|| format!("{name} needs {count} value(s)")),
    }
}

fn number(args: &[String], name: &str, default: Option<u64>) -> Result<u64, String> {
    match flag(args, name, 1)? {
        Some([v]) => v.parse().map_err(|_| format!("{name} takes a number, not '{v}'")),
        _ => default.ok_or_else(|| format!("{name} is required")),
    }
}

fn run_generate(args: &[String]) -> Result<Value, String> {
    let size = |name| number(args, name, None).and_then(|n| usize::try_from(n).map_err(|e| e.to_string()));
    let spec =
        Spec { actors: size("--actors")?, relations: size("--relations")?, seed: number(args, "--seed", Some(1))? };
    let output = match flag(args, "-o", 1)?.or(flag(args, "--output", 1)?) {
        Some([path]) => PathBuf::from(path),
        _ => return Err("-o FILE is required".to_owned()),
    };
    // Written next to the target, then renamed: an interrupted run leaves no half file behind.
    let partial = output.with_extension("partial");
    let mut file =
        std::io::BufWriter::new(std::fs::File::create(&partial).map_err(|e| format!("{}: {e}", partial.display()))?);
    let summary = generate(&spec, &mut file).and_then(|s| file.flush().map(|()| s));
    let summary = summary.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        e.to_string()
    })?;
    std::fs::rename(&partial, &output).map_err(|e| format!("{}: {e}", output.display()))?;
    serde_json::to_value(summary).map_err(|e| e.to_string())
}

fn run_ops(args: &[String]) -> Result<Value, String> {
    let Some([data]) = flag(args, "--data", 1)? else { return Err("--data FILE is required".to_owned()) };
    let paths = [PathBuf::from(data)];
    let repeat = usize::try_from(number(args, "--repeat", Some(3))?).map_err(|e| e.to_string())?;
    let only: Vec<&str> = flag(args, "--ops", 1)?.map(|v| v[0].split(',').collect()).unwrap_or_default();
    for name in &only {
        if !OPS.iter().any(|op| op.name == *name) {
            let known: Vec<&str> = OPS.iter().map(|op| op.name).collect();
            return Err(format!("no operation '{name}'; the operations are: {}", known.join(", ")));
        }
    }
    let pair = flag(args, "--pair", 2)?.map(|p| (p[0].as_str(), p[1].as_str()));
    let options = LoadOptions::default();
    let error = |e: actorgraph::Error| e.to_string();

    // Loading as a command does without a snapshot (`--no-cache`), then from the snapshot it writes.
    let mut graph = None;
    let mut load_cpu_ms = Vec::new();
    // The peak after the first load is one load's; later loads reuse freed memory unevenly.
    let mut load_peak = None;
    let (load_ms, ()) = time(repeat, || {
        graph = None; // free the previous copy first
        let before = cpu_ms();
        graph = Some(load_cached(&paths, &options, false)?.graph);
        if let (Some(before), Some(after)) = (before, cpu_ms()) {
            load_cpu_ms.push(after - before);
        }
        load_peak = load_peak.or_else(peak_rss_bytes);
        Ok(())
    })
    .map_err(error)?;
    graph = None;
    load_cached(&paths, &options, true).map_err(error)?; // writes the snapshot if there is none
    let mut snapshot_cpu_ms = Vec::new();
    let (snapshot_ms, ()) = time(repeat, || {
        graph = None;
        let before = cpu_ms();
        graph = Some(load_cached(&paths, &options, true)?.graph);
        if let (Some(before), Some(after)) = (before, cpu_ms()) {
            snapshot_cpu_ms.push(after - before);
        }
        Ok(())
    })
    .map_err(error)?;
    let Some(graph) = graph else { return Err("nothing was loaded".to_owned()) };

    let input = Input::new(&graph, pair).map_err(error)?;
    // `--threads N`: the operations on a pool of N threads (1 tells whether rayon pays on this machine).
    let threads = usize::try_from(number(args, "--threads", Some(0))?).map_err(|e| e.to_string())?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| e.to_string())?;
    let mut ops = Vec::new();
    for op in OPS {
        if !only.is_empty() && !only.contains(&op.name) {
            continue;
        }
        // A first run, not counted: what a graph builds once on first use (the id ranks) is not the query's
        // cost in `actorgraph shell`, which is what this measures (issue 13: 1 + K runs minus 1).
        let first_cpu = cpu_ms();
        let (first_ms, _) = pool.install(|| time(1, || (op.run)(&input))).map_err(error)?;
        let first_cpu = first_cpu.zip(cpu_ms()).map(|(b, a)| a - b);
        let before = cpu_ms();
        let (ms, answer) = pool.install(|| time(repeat, || (op.run)(&input))).map_err(error)?;
        #[allow(clippy::cast_precision_loss)] // a handful of runs
        let cpu = before.zip(cpu_ms()).map(|(b, a)| (a - b) / ms.len() as f64);
        ops.push(json!({"op": op.name, "calls": op.calls, "ms": ms, "median_ms": median(&ms), "cpu_mean_ms": cpu,
                        "first_ms": first_ms[0], "first_cpu_ms": first_cpu, "answer": answer}));
    }
    Ok(json!({
        "actors": graph.actors().len(),
        "relations": graph.relations().len(),
        "hub": graph.actor(input.hub).id,
        "load_calls": "load::load_cached, no cache (`--no-cache`: parse, check, build)",
        "load_ms": load_ms,
        "load_median_ms": median(&load_ms),
        "load_cpu_ms": load_cpu_ms,
        "load_cpu_median_ms": median(&load_cpu_ms),
        "load_peak_rss_bytes": load_peak,
        "snapshot_calls": "load::load_cached from the snapshot (what every command does when the cache is current)",
        "snapshot_ms": snapshot_ms,
        "snapshot_median_ms": median(&snapshot_ms),
        "snapshot_cpu_median_ms": median(&snapshot_cpu_ms),
        "ops": ops,
        "peak_rss_bytes": peak_rss_bytes(),
    }))
}
