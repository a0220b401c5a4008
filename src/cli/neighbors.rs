//! `neighbors`: the ego network of an actor.

use std::io::Write;

use actorgraph::error::Result;
use actorgraph::model::Target;
use actorgraph::output::{evidence_cells, relation_row, write_csv, write_json, EVIDENCE_COLUMNS};
use actorgraph::query::neighbors::neighbors;
use actorgraph::query::walk;

use super::values::Direction;
use actorgraph::query::request::Request;
use actorgraph::query::View;

use super::common::{more_rows, stdout_error, TABLE_ROWS};
use super::table::{relation_table, Table};
use super::OutputFormat;
use super::{Context, FilterArgs, Outcome};

/// `actorgraph neighbors ACTOR [--depth N] [--direction out|in|both] [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The actor at the centre: id, name or alias, in any common spelling.
    actor: String,
    /// How many hops out to go.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    depth: u32,
    /// Which way relations are followed: `out` (what the actor does), `in` (what is done to it) or `both`.
    /// Symmetric kinds (allied_with, meets) count both ways.
    #[arg(long, value_enum, default_value_t = Direction::Both)]
    direction: Direction,
    #[command(flatten)]
    filters: FilterArgs,
}

/// The library's request for these arguments (names, kinds and dates resolved against the graph).
///
/// # Errors
/// An unknown actor, bad filter values.
pub fn request(ctx: &Context, args: &Args) -> Result<Request> {
    Ok(Request::Neighbors {
        actor: ctx.actor(&args.actor)?,
        depth: args.depth as usize,
        direction: walk::Direction::from(args.direction),
        filter: ctx.filter(&args.filters)?,
    })
}

/// Prints the actors within `--depth` hops and the relations among them. Exit code 1 when the actor has
/// no neighbour in view.
///
/// # Errors
/// Unknown actor, bad filters, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let Request::Neighbors { actor: center, depth, direction, filter } = request(ctx, args)? else {
        unreachable!("a neighbors request")
    };
    let view = View::new(graph, &filter);
    let ego = neighbors(&view, center, depth, direction);
    let by_actor: std::collections::HashMap<_, _> = ego.actors.iter().copied().chain([(center, 0)]).collect();
    let hops = |a| by_actor.get(&a).map(ToString::to_string).unwrap_or_default();
    match ctx.format {
        OutputFormat::Json => write_json(out, &ego.record(graph, depth, direction)),
        OutputFormat::Csv => {
            // Each row is made as it is written: a large neighbourhood is never held as text.
            let rows = ego.relations.iter().map(|&r| {
                let mut row = relation_row(graph, r);
                let relation = graph.relation(r);
                let to = match relation.to {
                    Target::Actor(a) => a,
                    Target::Relation(_) => relation.from,
                };
                row.extend(evidence_cells(graph, r));
                row.extend([
                    graph.actor(relation.from).id.clone(),
                    hops(relation.from),
                    graph.actor(to).id.clone(),
                    hops(to),
                ]);
                row
            });
            let mut header = vec!["id", "relation", "date", "grade", "confidence", "sources"];
            header.extend(EVIDENCE_COLUMNS);
            header.extend(["from", "from_hops", "to", "to_hops"]);
            write_csv(out, &header, rows)
        }
        OutputFormat::Table => (|| {
            let name = &graph.actor(center).name;
            let id = &graph.actor(center).id;
            let within = format!("within {depth} hop{}", if depth == 1 { "" } else { "s" });
            let mut how = vec![match args.direction {
                Direction::Both => "either direction".to_owned(),
                Direction::Out => "following relations outwards".to_owned(),
                Direction::In => "following relations inwards".to_owned(),
            }];
            how.extend(filter.describe(graph));
            let how = how.join(", ");
            if !view.has_actor(center) {
                return writeln!(out, "{name} ({id}) is left out by the filters ({how}).");
            }
            if ego.actors.is_empty() {
                return writeln!(out, "{name} ({id}) has no neighbours {within} ({how}).");
            }
            // Counts first; a table of a few hundred rows at most (a terminal shows no more), then how to get all.
            writeln!(
                out,
                "{name} ({id}): {} actors {within}, {} relations among them ({how})",
                ego.actors.len(),
                ego.relations.len()
            )?;
            let mut table = Table::new(&["hops", "id", "name", "kind"]);
            for &(a, h) in ego.actors.iter().take(TABLE_ROWS) {
                let actor = graph.actor(a);
                table.row([h.to_string(), actor.id.clone(), actor.name.clone(), actor.kind.clone()]);
            }
            write!(out, "{table}")?;
            more_rows(out, ego.actors.len(), "actors")?;
            writeln!(out, "\nRelations among them: {}", ego.relations.len())?;
            write!(out, "{}", relation_table(graph, &ego.relations[..ego.relations.len().min(TABLE_ROWS)]))?;
            more_rows(out, ego.relations.len(), "relations")
        })(),
    }
    .map_err(stdout_error)?;
    Ok(if ego.actors.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}
