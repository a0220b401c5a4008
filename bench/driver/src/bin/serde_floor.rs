//! The "serde_json floor" of the benchmark: the time (and peak memory) for serde_json alone to parse an
//! `actorgraph/1` file into plain typed structs with owned strings, the naive way (read the file, then
//! `from_slice`), without checking or resolving anything. actorgraph's own load is measured against it.
//!
//! `cargo run --release --example serde_floor -- FILE [REPEAT] [--reader]` prints one JSON object. With
//! `--reader` it parses from a buffered reader instead of a byte slice (no copy of the file in memory).

use std::time::Instant;

use indexmap::IndexMap;
use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)] // parsed to be measured, not used
struct Document {
    format: Option<String>,
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    actors: Vec<Actor>,
    #[serde(default)]
    relations: Vec<Relation>,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default)]
    relation_kinds: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Actor {
    id: String,
    name: Option<String>,
    kind: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    attrs: IndexMap<String, String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Relation {
    id: Option<String>,
    from: String,
    to: String,
    kind: String,
    date: Option<String>,
    until: Option<String>,
    confidence: Option<f64>,
    credibility: Option<i64>,
    #[serde(default)]
    sources: Vec<String>,
    note: Option<String>,
    #[serde(default)]
    attrs: IndexMap<String, String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Source {
    id: String,
    publisher: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    reliability: Option<String>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: serde_floor FILE [REPEAT]");
        std::process::exit(2);
    };
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let reader = args.next().as_deref() == Some("--reader");
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut counts = (0, 0);
    for _ in 0..repeat {
        let start = Instant::now();
        let cpu_start = actorgraph_bench::measure::cpu_ms();
        let parsed: Result<Document, String> = if reader {
            std::fs::File::open(&path)
                .map_err(|e| e.to_string())
                .and_then(|f| serde_json::from_reader(std::io::BufReader::new(f)).map_err(|e| e.to_string()))
        } else {
            std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
        };
        let doc = match parsed {
            Ok(doc) => doc,
            Err(error) => {
                eprintln!("cannot read {path}: {error}");
                std::process::exit(2);
            }
        };
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        if let (Some(a), Some(b)) = (cpu_start, actorgraph_bench::measure::cpu_ms()) {
            cpu.push(b - a);
        }
        counts = (doc.actors.len(), doc.relations.len());
        drop(doc);
    }
    let peak = actorgraph_bench::measure::peak_rss_bytes().unwrap_or(0);
    println!(
        "{}",
        serde_json::json!({
            "parse_ms": times,
            "parse_cpu_ms": cpu,
            "peak_rss_bytes": peak,
            "actors": counts.0,
            "relations": counts.1,
        })
    );
}
