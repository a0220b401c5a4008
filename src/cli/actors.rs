//! `actors`: the list of actors, optionally by kind or tag.

use std::io::Write;

use actorgraph::error::Result;
use actorgraph::model::ActorIx;
use actorgraph::output::{write_csv, write_json, ActorRecord};

use super::common::stdout_error;
use super::table::Table;
use super::OutputFormat;
use super::{Context, Outcome};

/// `actorgraph actors [--kind K] [--tag T]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Only actors of this kind (state, person, armed_group, …); repeatable.
    #[arg(long, value_name = "KIND")]
    kind: Vec<String>,
    /// Only actors with this tag; repeatable.
    #[arg(long, value_name = "TAG")]
    tag: Vec<String>,
}

/// The library's request for these arguments.
#[must_use]
pub fn request(args: &Args) -> actorgraph::query::request::Request {
    actorgraph::query::request::Request::Actors { kinds: args.kind.clone(), tags: args.tag.clone() }
}

/// Lists actors sorted by id. Exit code 1 when none match.
///
/// # Errors
/// stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let actors = actorgraph::query::request::actors(graph, &args.kind, &args.tag);
    let degree = |a: ActorIx| graph.degree(a);
    match ctx.format {
        OutputFormat::Json => {
            let records: Vec<ActorRecord> = actors.iter().map(|&a| ActorRecord::new(graph, a)).collect();
            write_json(out, &records)
        }
        OutputFormat::Csv => {
            let rows: Vec<Vec<String>> = actors
                .iter()
                .map(|&a| {
                    let actor = graph.actor(a);
                    vec![
                        actor.id.clone(),
                        actor.name.clone(),
                        actor.kind.clone(),
                        actor.aliases.join(";"),
                        actor.tags.join(";"),
                    ]
                })
                .collect();
            write_csv(out, &["id", "name", "kind", "aliases", "tags"], &rows)
        }
        OutputFormat::Table => {
            let mut table = Table::new(&["id", "name", "kind", "aliases", "tags", "relations"]);
            for &a in &actors {
                let actor = graph.actor(a);
                table.row([
                    actor.id.clone(),
                    actor.name.clone(),
                    actor.kind.clone(),
                    actor.aliases.join(", "),
                    actor.tags.join(", "),
                    degree(a).to_string(),
                ]);
            }
            write!(out, "{table}")
        }
    }
    .map_err(stdout_error)?;
    Ok(if actors.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}
