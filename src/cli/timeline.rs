//! `timeline`: relations and statements in date order, for one actor or for everyone.

use std::io::Write;

use actorgraph::error::Result;
use actorgraph::output::{evidence_cells, relation_rows, write_csv, write_json, EVIDENCE_COLUMNS};
use actorgraph::query::request::Request;
use actorgraph::query::timeline::timeline;
use actorgraph::query::View;

use super::common::stdout_error;
use super::table::Table;
use super::OutputFormat;
use super::{Context, FilterArgs, Outcome};

/// `actorgraph timeline [ACTOR] [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Only this actor's relations, its statements, and what is said about them (id, name or alias).
    /// Without it: everything in the dataset.
    actor: Option<String>,
    #[command(flatten)]
    filters: FilterArgs,
}

/// The library's request for these arguments (names, kinds and dates resolved against the graph).
///
/// # Errors
/// An unknown actor, bad filter values.
pub fn request(ctx: &Context, args: &Args) -> Result<Request> {
    let actor = args.actor.as_deref().map(|a| ctx.actor(a)).transpose()?;
    Ok(Request::Timeline { actor, filter: ctx.filter(&args.filters)? })
}

/// Prints the chronology. Exit code 1 when there is nothing in it.
///
/// # Errors
/// Unknown actor, bad filters, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let Request::Timeline { actor, filter } = request(ctx, args)? else { unreachable!("a timeline request") };
    let view = View::new(graph, &filter);
    let result = timeline(&view, actor);
    let rows = relation_rows(graph, &result.events);
    match ctx.format {
        OutputFormat::Json => write_json(out, &result.record(graph)),
        OutputFormat::Csv => {
            let rows: Vec<Vec<String>> = result
                .events
                .iter()
                .zip(rows)
                .map(|(&r, row)| {
                    let relation = graph.relation(r);
                    let mut full = vec![
                        relation.date.map(|d| d.to_string()).unwrap_or_default(),
                        relation.until.map(|d| d.to_string()).unwrap_or_default(),
                        row[0].clone(),
                        row[1].clone(),
                    ];
                    full.extend(row[3..].iter().cloned());
                    full.extend(evidence_cells(graph, r));
                    full
                })
                .collect();
            let mut header = vec!["date", "until", "id", "relation", "grade", "confidence", "sources"];
            header.extend(EVIDENCE_COLUMNS);
            write_csv(out, &header, &rows)
        }
        OutputFormat::Table => (|| {
            let whose = actor.map_or_else(
                || "Timeline".to_owned(),
                |a| format!("Timeline of {} ({})", graph.actor(a).name, graph.actor(a).id),
            );
            let undated = result.events.iter().filter(|&&r| graph.relation(r).date.is_none()).count();
            let mut details = filter.describe(graph);
            if undated > 0 {
                details.push(format!("{undated} undated, listed last"));
            }
            let details = if details.is_empty() { String::new() } else { format!(" ({})", details.join(", ")) };
            let plural = if result.events.len() == 1 { "" } else { "s" };
            writeln!(out, "{whose}: {} event{plural}{details}", result.events.len())?;
            if let Some(a) = actor.filter(|&a| !view.has_actor(a)) {
                writeln!(out, "Note: {} is left out by the filters.", graph.actor(a).name)?;
            }
            if result.events.is_empty() {
                return Ok(());
            }
            let mut table = Table::new(&["date", "id", "relation", "grade", "confidence", "sources"]);
            for row in rows {
                table.row([&row[2], &row[0], &row[1], &row[3], &row[4], &row[5]]);
            }
            write!(out, "{table}")
        })(),
    }
    .map_err(stdout_error)?;
    Ok(if result.events.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}
