//! `allies` / `enemies`: an actor's friends and foes, directly or through chains of signed relations.

use std::io::Write;

use actorgraph::error::Result;
use actorgraph::output::{chain_evidence_cells, contested_mark, fmt_score, write_csv, write_json};
use actorgraph::query::allies::{signed_reach, Reach, Stance};
use actorgraph::query::request::{ReachRecord, Request};
use actorgraph::query::View;

use super::common::stdout_error;
use super::table::Table;
use super::OutputFormat;
use super::{Context, FilterArgs, Outcome};

/// `actorgraph allies|enemies ACTOR [--depth N] [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The actor (id, name or alias).
    actor: String,
    /// Longest chain of relations to follow (1 = direct allies or enemies only).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=16))]
    depth: u32,
    #[command(flatten)]
    filters: FilterArgs,
}

/// The library's request for these arguments (names, kinds and dates resolved against the graph).
///
/// # Errors
/// An unknown actor, bad filter values.
pub fn request(ctx: &Context, args: &Args, stance: Stance) -> Result<Request> {
    Ok(Request::Allies {
        actor: ctx.actor(&args.actor)?,
        stance,
        depth: args.depth,
        filter: ctx.filter(&args.filters)?,
    })
}

/// Prints the allies (or enemies) of an actor with the chain behind each. Exit code 1 when there are none.
///
/// # Errors
/// Unknown actor, bad filters, too many chains within the depth, stdout failing.
pub fn run(ctx: &Context, args: &Args, stance: Stance, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let Request::Allies { actor, filter, .. } = request(ctx, args, stance)? else { unreachable!("an allies request") };
    let view = View::new(graph, &filter);
    let reach = signed_reach(&view, actor, args.depth as usize)?;
    let results: &[Reach] = match stance {
        Stance::Ally => &reach.allies,
        Stance::Enemy => &reach.enemies,
    };
    let word = match stance {
        Stance::Ally => "allies",
        Stance::Enemy => "enemies",
    };
    let ids = |list: &[actorgraph::model::RelationIx]| -> Vec<String> {
        list.iter().map(|&r| graph.relation(r).id.to_string()).collect()
    };
    match ctx.format {
        OutputFormat::Json => write_json(out, &ReachRecord::new(graph, actor, stance, args.depth, &reach)),
        OutputFormat::Csv => {
            let rows: Vec<Vec<String>> = results
                .iter()
                .map(|r| {
                    let mut sources: Vec<&str> = r
                        .chain
                        .iter()
                        .flat_map(|&c| graph.relation(c).sources.iter().map(|&s| graph.source(s).id.as_str()))
                        .collect();
                    sources.sort_unstable();
                    sources.dedup();
                    let mut row = vec![
                        graph.actor(r.actor).id.clone(),
                        graph.actor(r.actor).name.clone(),
                        r.hops.to_string(),
                        fmt_score(r.confidence),
                        r.conflicting.to_string(),
                        ids(&r.chain).join(";"),
                        sources.join(";"),
                    ];
                    row.extend(chain_evidence_cells(graph, &r.chain));
                    row.push(graph.mixes_periods(r.chain.iter().map(std::slice::from_ref)).to_string());
                    row
                })
                .collect();
            // The chain's evidence as one row: its least corroborated relation, and every denier along it.
            let header = [
                "id",
                "name",
                "hops",
                "confidence",
                "conflicting",
                "chain",
                "sources",
                "fewest_independent_sources",
                "contested",
                "denied_by",
                "mixes_periods",
            ];
            write_csv(out, &header, &rows)
        }
        OutputFormat::Table => (|| {
            let name = &graph.actor(actor).name;
            if results.is_empty() {
                return writeln!(
                    out,
                    "No {word} of {name} within {} hop{} (positive and negative relations only).",
                    args.depth,
                    if args.depth == 1 { "" } else { "s" }
                );
            }
            let counted = match (stance, results.len()) {
                (Stance::Ally, 1) => "ally",
                (Stance::Enemy, 1) => "enemy",
                _ => word,
            };
            let hops = if args.depth == 1 { "hop" } else { "hops" };
            writeln!(out, "{} {counted} of {name} within {} {hops}:", results.len(), args.depth)?;
            let mut table = Table::new(&["id", "name", "hops", "confidence", "why", "sources"]);
            for r in results {
                let why: Vec<String> = r
                    .chain
                    .iter()
                    .map(|&c| {
                        let rel = graph.relation(c);
                        format!("{}{} ({})", graph.describe(rel), contested_mark(graph, c), rel.id)
                    })
                    .collect();
                let mut sources: Vec<&str> = r
                    .chain
                    .iter()
                    .flat_map(|&c| graph.relation(c).sources.iter().map(|&s| graph.source(s).id.as_str()))
                    .collect();
                sources.sort_unstable();
                sources.dedup();
                let conflict = if r.conflicting {
                    let other = match stance {
                        Stance::Ally => "an enemy",
                        Stance::Enemy => "an ally",
                    };
                    format!("\n(conflicting: also reachable as {other})")
                } else {
                    String::new()
                };
                let conflict = if graph.mixes_periods(r.chain.iter().map(std::slice::from_ref)) {
                    format!("{conflict}\n(mixes periods: these relations never hold at the same time)")
                } else {
                    conflict
                };
                table.row([
                    graph.actor(r.actor).id.clone(),
                    graph.actor(r.actor).name.clone(),
                    r.hops.to_string(),
                    fmt_score(r.confidence),
                    format!("{}{conflict}", why.join("\n")),
                    sources.join("\n"),
                ]);
            }
            write!(out, "{table}")
        })(),
    }
    .map_err(stdout_error)?;
    Ok(if results.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}
