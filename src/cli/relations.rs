//! `relations`: the list of relations with their dates, grades and sources.

use std::io::Write;

use actorgraph::error::Result;
use actorgraph::model::{RelationIx, Target};
use actorgraph::output::{relation_rows, write_csv, write_json, RelationRecord, RELATION_COLUMNS};
use actorgraph::query::View;

use super::common::stdout_error;
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
        OutputFormat::Json => {
            let records: Vec<RelationRecord> = relations.iter().map(|&r| RelationRecord::new(graph, r)).collect();
            write_json(out, &records)
        }
        OutputFormat::Csv => write_csv(out, RELATION_COLUMNS, &relation_rows(graph, &relations)),
        OutputFormat::Table => write!(out, "{}", relation_table(graph, &relations)),
    }
    .map_err(stdout_error)?;
    Ok(if relations.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}
