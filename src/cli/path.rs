//! `path`: how one actor is linked to another, hop by hop, with the evidence for each hop.

use std::io::Write;

use actorgraph::error::{Error, Result};
use actorgraph::output::{confidence_cell, evidence_cells, relation_rows, write_csv, write_json, EVIDENCE_COLUMNS};
use actorgraph::query::path::PathOptions;
use actorgraph::query::request::{PathCut, PathRequest, PathSearch, ALL_PATHS_BUDGET};
use actorgraph::query::View;

use super::common::stdout_error;
use super::table::Table;
use super::OutputFormat;
use super::{Context, FilterArgs, Outcome};

/// The longest `--max-len` accepted: simple paths longer than this are rarely meaningful to an analyst and
/// their number explodes.
pub const MAX_LEN_CAP: u32 = 12;

/// `actorgraph path FROM TO [--all-shortest | --all] [--max-len N] [--directed] [--time-respecting] [--limit N]
/// [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Where the path starts: id, name or alias.
    from: String,
    /// Where it ends: id, name or alias.
    to: String,
    /// Every simple path up to --max-len hops (shortest first), not only the shortest ones.
    #[arg(long, conflicts_with = "all_shortest")]
    all: bool,
    /// Every equally short path, not only the first (in order of the actor ids along the path).
    #[arg(long)]
    all_shortest: bool,
    /// The longest path to look for, in hops (default 4 with --all, unlimited otherwise; at most 12).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_LEN_CAP)))]
    max_len: Option<u32>,
    /// Follow relations only in their direction (from → to); symmetric kinds still go both ways.
    #[arg(long)]
    directed: bool,
    /// Only paths whose relation dates never go backwards (who could have passed what to whom, in time).
    #[arg(long)]
    time_respecting: bool,
    /// Print at most N paths (with --all or --all-shortest).
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
    #[command(flatten)]
    filters: FilterArgs,
}

/// Said under a path whose hops never hold at the same time.
const MIXED_PERIODS: &str =
    "Mixes periods: its hops never hold at the same time (give --as-of to see one moment, or --time-respecting).";

/// The library's request for these arguments.
///
/// # Errors
/// An unknown actor, the same actor at both ends, bad filter values.
pub fn request(ctx: &Context, args: &Args) -> Result<PathRequest> {
    let from = ctx.actor(&args.from)?;
    let to = ctx.actor(&args.to)?;
    if from == to {
        return Err(Error::InvalidArgument {
            argument: "TO".to_owned(),
            message: format!(
                "'{}' and '{}' are the same actor ({}); a path needs two different actors",
                args.from,
                args.to,
                ctx.graph.actor(from).id
            ),
        });
    }
    let search = if args.all {
        PathSearch::All
    } else if args.all_shortest {
        PathSearch::AllShortest
    } else {
        PathSearch::Shortest
    };
    Ok(PathRequest {
        from,
        to,
        search,
        max_len: args.max_len.map(|m| m as usize),
        limit: args.limit as usize,
        options: PathOptions { directed: args.directed, time_respecting: args.time_respecting },
        filter: ctx.filter(&args.filters)?,
    })
}

/// Finds and prints the paths. Exit code 1 when there is none.
///
/// # Errors
/// Unknown actors, FROM and TO the same, bad filters, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let request = request(ctx, args)?;
    let found = request.run(graph);
    let paths = &found.paths;
    let cut_note = found.cut.map(|cut| match cut {
        PathCut::OthersAsShort => "other paths are as short as this one (--all-shortest lists them)".to_owned(),
        PathCut::Budget => format!(
            "the search stopped after {ALL_PATHS_BUDGET} steps, before it had looked at every path; lower \
             --max-len or narrow the graph with --kind or --min-confidence"
        ),
        PathCut::Limit(limit) => {
            format!("only the first {limit} paths are shown; more exist (raise --limit to see them)")
        }
    });
    let (from, to) = (request.from, request.to);
    let (a, b) = (graph.actor(from), graph.actor(to));
    match ctx.format {
        OutputFormat::Json => write_json(out, &request.record(graph, &found)),
        OutputFormat::Csv => {
            let mut rows = Vec::new();
            for (n, path) in paths.iter().enumerate() {
                let mixed = path.mixes_periods(graph).to_string();
                for (h, hop) in path.hops.iter().enumerate() {
                    for (&r, row) in hop.relations.iter().zip(relation_rows(graph, &hop.relations)) {
                        let mut full = vec![
                            (n + 1).to_string(),
                            (h + 1).to_string(),
                            graph.actor(hop.from).id.clone(),
                            graph.actor(hop.to).id.clone(),
                        ];
                        full.extend(row);
                        full.extend(evidence_cells(graph, r));
                        full.push(path.weakest_confidence().map(|c| format!("{c:.2}")).unwrap_or_default());
                        full.push(mixed.clone());
                        rows.push(full);
                    }
                }
            }
            if let Some(note) = &cut_note {
                if !ctx.quiet {
                    eprintln!("note: {}", actorgraph::output::visible_controls(note));
                }
            }
            let mut header =
                vec!["path", "hop", "from", "to", "id", "relation", "date", "grade", "confidence", "sources"];
            header.extend(EVIDENCE_COLUMNS);
            header.extend(["weakest_confidence", "mixes_periods"]);
            write_csv(out, &header, &rows)
        }
        OutputFormat::Table => (|| {
            let mut how = vec![if args.directed { "directed" } else { "undirected" }.to_owned()];
            if args.time_respecting {
                how.push("time-respecting".to_owned());
            }
            if let Some(m) = args.max_len.or(args.all.then_some(4)) {
                how.push(format!("at most {m} hops"));
            }
            how.extend(request.filter.describe(graph));
            let what = if args.all { "path" } else { "shortest path" };
            if paths.is_empty() {
                writeln!(out, "No path from {} to {} ({}).", a.name, b.name, how.join(", "))?;
                for outside in [from, to].into_iter().filter(|&x| !View::new(graph, &request.filter).has_actor(x)) {
                    writeln!(out, "Note: {} is left out by the filters.", graph.actor(outside).name)?;
                }
                if let Some(note) = &cut_note {
                    writeln!(out, "Note: {note}.")?;
                }
                return Ok(());
            }
            let plural = if paths.len() == 1 { "" } else { "s" };
            writeln!(out, "{} → {}: {} {what}{plural} ({})", a.name, b.name, paths.len(), how.join(", "))?;
            for (n, path) in paths.iter().enumerate() {
                let names: Vec<&str> = path.actors.iter().map(|&x| graph.actor(x).name.as_str()).collect();
                writeln!(
                    out,
                    "\nPath {}: {} ({} hop{}, weakest link {})",
                    n + 1,
                    names.join(" → "),
                    path.len(),
                    if path.len() == 1 { "" } else { "s" },
                    confidence_cell(path.weakest_confidence())
                )?;
                if path.mixes_periods(graph) {
                    writeln!(out, "{MIXED_PERIODS}")?;
                }
                let mut table = Table::new(&["hop", "id", "relation", "date", "grade", "confidence", "sources"]);
                for (h, hop) in path.hops.iter().enumerate() {
                    for row in relation_rows(graph, &hop.relations) {
                        let mut cells = vec![(h + 1).to_string()];
                        cells.extend(row);
                        table.row(cells);
                    }
                }
                write!(out, "{table}")?;
            }
            if let Some(note) = &cut_note {
                writeln!(out, "\nNote: {note}.")?;
            }
            Ok(())
        })(),
    }
    .map_err(stdout_error)?;
    Ok(if paths.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}
