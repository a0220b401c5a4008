//! `show`: one actor's profile.

use std::io::Write;

use petgraph::Direction;
use serde::Serialize;

use actorgraph::error::Result;
use actorgraph::model::RelationIx;
use actorgraph::output::{
    evidence_cells, relation_rows, write_csv, write_json, ActorRecord, RelationRecord, EVIDENCE_COLUMNS,
};
use actorgraph::query::View;

use super::common::stdout_error;
use super::table::relation_table;
use super::OutputFormat;
use super::{Context, FilterArgs, Outcome};

/// `actorgraph show ACTOR [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The actor: id, name or alias, in any common spelling.
    actor: String,
    #[command(flatten)]
    filters: FilterArgs,
}

#[derive(Serialize)]
struct Profile {
    actor: ActorRecord,
    /// Relations from the actor (including its statements about claims).
    outgoing: Vec<RelationRecord>,
    /// Relations to the actor.
    incoming: Vec<RelationRecord>,
    /// Statements by others about the relations above.
    statements: Vec<RelationRecord>,
}

/// Prints the profile.
///
/// # Errors
/// Unknown actor, bad filters, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let actor = ctx.actor(&args.actor)?;
    let filter = ctx.filter(&args.filters)?;
    let view = View::new(graph, &filter);
    let mut outgoing: Vec<RelationIx> = view.edges(actor, Direction::Outgoing).map(|(r, _)| r).collect();
    // Statements by the actor about relations are not edges: they have their own index.
    outgoing.extend(graph.statements_by(actor).iter().copied().filter(|&r| view.has_relation(r)));
    outgoing.sort_unstable();
    let mut incoming: Vec<RelationIx> = view.edges(actor, Direction::Incoming).map(|(r, _)| r).collect();
    incoming.sort_unstable();
    let mut statements: Vec<RelationIx> = outgoing
        .iter()
        .chain(&incoming)
        .flat_map(|&r| view.statements_about(r))
        .filter(|s| !outgoing.contains(s))
        .collect();
    statements.sort_unstable();
    statements.dedup();
    let a = graph.actor(actor);
    match ctx.format {
        OutputFormat::Json => {
            let records = |list: &[RelationIx]| list.iter().map(|&r| RelationRecord::new(graph, r)).collect();
            let profile = Profile {
                actor: ActorRecord::new(graph, actor),
                outgoing: records(&outgoing),
                incoming: records(&incoming),
                statements: records(&statements),
            };
            write_json(out, &profile)
        }
        OutputFormat::Csv => {
            let mut rows = Vec::new();
            for (role, list) in [("outgoing", &outgoing), ("incoming", &incoming), ("statement", &statements)] {
                for (&r, mut row) in list.iter().zip(relation_rows(graph, list)) {
                    row.insert(0, role.to_owned());
                    row.extend(evidence_cells(graph, r));
                    rows.push(row);
                }
            }
            let mut header = vec!["role", "id", "relation", "date", "grade", "confidence", "sources"];
            header.extend(EVIDENCE_COLUMNS);
            write_csv(out, &header, &rows)
        }
        OutputFormat::Table => (|| {
            writeln!(out, "{} ({})", a.name, a.id)?;
            writeln!(out, "  kind:    {}", if a.kind.is_empty() { "(none)" } else { &a.kind })?;
            if !a.aliases.is_empty() {
                writeln!(out, "  aliases: {}", a.aliases.join(", "))?;
            }
            if !a.tags.is_empty() {
                writeln!(out, "  tags:    {}", a.tags.join(", "))?;
            }
            for (key, value) in &a.attrs {
                writeln!(out, "  {key}: {value}")?;
            }
            for (title, list) in [
                ("Relations from", &outgoing),
                ("Relations to", &incoming),
                ("What others say about these relations", &statements),
            ] {
                if title.starts_with("What") {
                    writeln!(out, "\n{title}: {}", list.len())?;
                } else {
                    writeln!(out, "\n{title} {}: {}", a.name, list.len())?;
                }
                if !list.is_empty() {
                    write!(out, "{}", relation_table(graph, list))?;
                }
            }
            Ok(())
        })(),
    }
    .map_err(stdout_error)?;
    Ok(Outcome::Done)
}
