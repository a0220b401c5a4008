//! `relations`: the list of relations with their dates, grades and sources.

use std::io::Write;

use crate::error::Result;
use crate::model::{RelationIx, Target};
use crate::output::{
    relation_row, relation_table, write_csv, write_json, OutputFormat, RelationRecord, Streamed, RELATION_COLUMNS,
};
use crate::query::View;

use super::common::{more_rows, stdout_error, TABLE_ROWS};
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

/// Lists relations in dataset order. Exit code 1 when none match.
///
/// # Errors
/// Unknown actor, bad filters, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let actor = args.actor.as_deref().map(|a| ctx.actor(a)).transpose()?;
    let filter = ctx.filter(&args.filters)?;
    let view = View::new(graph, &filter);
    let relations: Vec<RelationIx> = view
        .relations()
        .filter(|&r| {
            let rel = graph.relation(r);
            actor.is_none_or(|a| rel.from == a || rel.to == Target::Actor(a))
        })
        .collect();
    match ctx.format {
        // Records and rows are made as they are written.
        OutputFormat::Json => write_json(out, &Streamed(|| relations.iter().map(|&r| RelationRecord::new(graph, r)))),
        OutputFormat::Csv => write_csv(out, RELATION_COLUMNS, relations.iter().map(|&r| relation_row(graph, r))),
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
