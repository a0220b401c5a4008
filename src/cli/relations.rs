//! `relations`: the list of relations with their dates, grades and sources.

use std::io::Write;

use actorgraph::error::Result;
use actorgraph::model::RelationIx;
use actorgraph::output::{
    evidence_cells, relation_row, write_csv, write_json, RelationJson, Streamed, EVIDENCE_COLUMNS, RELATION_COLUMNS,
};
use actorgraph::query::request::Request;
use actorgraph::query::View;

use super::common::{more_rows, stdout_error, TABLE_ROWS};
use super::table::relation_table;
use super::OutputFormat;
use super::{Context, FilterArgs, Outcome};

/// `actorgraph relations [--actor A] [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Only relations from or to this actor (or statements by it).
    #[arg(long, value_name = "ACTOR")]
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
    Ok(Request::Relations { actor, filter: ctx.filter(&args.filters)? })
}

/// Lists relations in dataset order. Exit code 1 when none match.
///
/// # Errors
/// Unknown actor, bad filters, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let Request::Relations { actor, filter } = request(ctx, args)? else { unreachable!("a relations request") };
    let relations: Vec<RelationIx> = actorgraph::query::request::relations(&View::new(graph, &filter), actor);
    match ctx.format {
        // Records and rows are made as they are written: a million relations are never all in memory.
        OutputFormat::Json => write_json(out, &Streamed(|| relations.iter().map(|&r| RelationJson::new(graph, r)))),
        OutputFormat::Csv => {
            // The standard columns, then the evidence columns as plain values for spreadsheets.
            let mut header = RELATION_COLUMNS.to_vec();
            header.extend(EVIDENCE_COLUMNS);
            let rows = relations.iter().map(|&r| {
                let mut row = relation_row(graph, r);
                row.extend(evidence_cells(graph, r));
                row
            });
            write_csv(out, &header, rows)
        }
        OutputFormat::Table => (|| {
            let mut how = filter.describe(graph);
            if let Some(a) = actor {
                how.insert(0, format!("from or to {}", graph.actor(a).name));
            }
            let how = if how.is_empty() { String::new() } else { format!(" ({})", how.join(", ")) };
            writeln!(out, "{} relations{how}", relations.len())?;
            write!(out, "{}", relation_table(graph, &relations[..relations.len().min(TABLE_ROWS)]))?;
            more_rows(out, relations.len(), "relations")
        })(),
    }
    .map_err(stdout_error)?;
    Ok(if relations.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}
