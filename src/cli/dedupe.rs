//! `dedupe`: candidate duplicate actors, each pair with its evidence and a score.

use std::io::Write;

use serde::Serialize;

use actorgraph::error::{Error, Result};
use actorgraph::model::ActorGraph;
use actorgraph::output::{write_csv, write_json};
use actorgraph::query::dedupe::{candidates, Candidate, DedupeOptions, Evidence, STRONG};

use super::common::stdout_error;
use super::table::Table;
use super::OutputFormat;
use super::{Context, Outcome};

/// `actorgraph dedupe [--min-score X]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Leave out pairs scoring below X (0..1; 0.8 and above is a strong candidate).
    #[arg(long, value_name = "X", default_value_t = 0.3)]
    min_score: f64,
}

#[derive(Serialize)]
struct ActorJson<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
}

/// One pair in `dedupe`'s JSON output.
#[derive(Serialize)]
pub struct PairJson<'a> {
    a: ActorJson<'a>,
    b: ActorJson<'a>,
    score: f64,
    strong: bool,
    evidence: &'a [Evidence],
    merge: String,
}

/// How many relations each actor has, from or to it: counted once for every pair's [`merge_command`].
#[must_use]
pub fn degrees(graph: &ActorGraph) -> Vec<usize> {
    let mut degree = vec![0_usize; graph.actors().len()];
    for r in graph.relations() {
        degree[r.from.index()] += 1;
        if let actorgraph::Target::Actor(to) = r.to {
            if to != r.from {
                degree[to.index()] += 1;
            }
        }
    }
    degree
}

/// The command that merges a pair, keeping the actor with more relations (ties: the first id). `degree` is
/// [`degrees`]: counting each pair's relations anew made `dedupe --format json` quadratic (71 s at 10,000
/// actors and 100,000 relations).
#[must_use]
pub fn merge_command(graph: &ActorGraph, degree: &[usize], pair: &Candidate) -> String {
    let (keep, other) =
        if degree[pair.b.index()] > degree[pair.a.index()] { (pair.b, pair.a) } else { (pair.a, pair.b) };
    format!("actorgraph merge {} {} -o merged.json", graph.actor(keep).id, graph.actor(other).id)
}

/// Lists candidate duplicates. Exit code 1 when there are none.
///
/// # Errors
/// A score outside 0..1, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    if !(0.0..=1.0).contains(&args.min_score) {
        return Err(Error::InvalidArgument {
            argument: "--min-score".to_owned(),
            message: format!("must be between 0 and 1 (got {})", args.min_score),
        });
    }
    let graph = &ctx.graph;
    let found = candidates(graph, &DedupeOptions { min_score: args.min_score, by_neighbours: true });
    let actor = |a| {
        let x = graph.actor(a);
        ActorJson { id: &x.id, name: &x.name, kind: &x.kind }
    };
    match ctx.format {
        OutputFormat::Json => {
            let degree = degrees(graph);
            let pairs: Vec<PairJson> = found
                .iter()
                .map(|c| PairJson {
                    a: actor(c.a),
                    b: actor(c.b),
                    score: c.score,
                    strong: c.score >= STRONG,
                    evidence: &c.evidence,
                    merge: merge_command(graph, &degree, c),
                })
                .collect();
            write_json(out, &pairs)
        }
        OutputFormat::Csv => {
            let rows: Vec<Vec<String>> = found
                .iter()
                .map(|c| {
                    vec![
                        graph.actor(c.a).id.clone(),
                        graph.actor(c.a).name.clone(),
                        graph.actor(c.b).id.clone(),
                        graph.actor(c.b).name.clone(),
                        format!("{:.3}", c.score),
                        c.evidence.iter().map(Evidence::describe).collect::<Vec<_>>().join("; "),
                    ]
                })
                .collect();
            write_csv(out, &["a_id", "a_name", "b_id", "b_name", "score", "evidence"], &rows)
        }
        OutputFormat::Table => (|| {
            if found.is_empty() {
                return writeln!(out, "No candidate duplicates scoring {} or more.", args.min_score);
            }
            let strong = found.iter().filter(|c| c.score >= STRONG).count();
            writeln!(
                out,
                "{} candidate pair{} ({strong} strong, score ≥ {STRONG}); merge one with `actorgraph merge KEEP OTHER -o FILE`.",
                found.len(),
                if found.len() == 1 { "" } else { "s" },
            )?;
            let mut table = Table::new(&["score", "actor", "actor", "evidence"]);
            for c in &found {
                let label = |a| format!("{} ({})", graph.actor(a).name, graph.actor(a).id);
                let evidence: Vec<String> = c.evidence.iter().map(Evidence::describe).collect();
                table.row([format!("{:.3}", c.score), label(c.a), label(c.b), evidence.join("\n")]);
            }
            write!(out, "{table}")
        })(),
    }
    .map_err(stdout_error)?;
    Ok(if found.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}

/// At most this many duplicate warnings in `validate`; the rest are counted in one more.
const MOST_WARNINGS: usize = 20;

/// `validate`'s warnings about the strongest candidate duplicates (score ≥ [`STRONG`]).
#[must_use]
pub fn warnings(graph: &ActorGraph) -> Vec<actorgraph::diagnostic::Diagnostic> {
    let found = candidates(graph, &DedupeOptions { min_score: STRONG, by_neighbours: false });
    let degree = degrees(graph);
    let file = graph.files().iter().map(|f| f.path.as_str()).collect::<Vec<_>>().join(", ");
    let warning = |subject: Option<String>, message: String, help: String| actorgraph::diagnostic::Diagnostic {
        severity: actorgraph::diagnostic::Severity::Warning,
        file: file.clone(),
        line: None,
        column: None,
        subject,
        field: None,
        message,
        remedy: None,
        help: Some(help),
    };
    let mut out: Vec<actorgraph::diagnostic::Diagnostic> = found
        .iter()
        .take(MOST_WARNINGS)
        .map(|c| {
            let (a, b) = (graph.actor(c.a), graph.actor(c.b));
            let evidence: Vec<String> = c.evidence.iter().map(Evidence::describe).collect();
            warning(
                Some(format!("actor '{}'", a.id)),
                format!(
                    "may be the same actor as '{}' ({}): {} (score {:.3})",
                    b.id,
                    b.name,
                    evidence.join("; "),
                    c.score
                ),
                format!(
                    "if they are one, merge them: `{}`; `actorgraph dedupe` lists every candidate",
                    merge_command(graph, &degree, c)
                ),
            )
        })
        .collect();
    // Names can be megabytes long: warnings are shortened as the loader's are.
    out.iter_mut().for_each(actorgraph::diagnostic::Diagnostic::bound);
    if found.len() > MOST_WARNINGS {
        out.push(warning(
            None,
            format!("{} more pairs of actors may be duplicates", found.len() - MOST_WARNINGS),
            "`actorgraph dedupe` lists every candidate with its evidence".to_owned(),
        ));
    }
    out
}
