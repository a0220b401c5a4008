//! `show`: one actor's profile.

use std::io::Write;

use actorgraph::error::Result;
use actorgraph::output::{evidence_cells, relation_rows, write_csv, write_json, EVIDENCE_COLUMNS};
use actorgraph::query::request::{Profile, Request};
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

/// The library's request for these arguments (names, kinds and dates resolved against the graph).
///
/// # Errors
/// An unknown actor, bad filter values.
pub fn request(ctx: &Context, args: &Args) -> Result<Request> {
    Ok(Request::Show { actor: ctx.actor(&args.actor)?, filter: ctx.filter(&args.filters)? })
}

/// Prints the profile.
///
/// # Errors
/// Unknown actor, bad filters, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let Request::Show { actor, filter } = request(ctx, args)? else { unreachable!("a show request") };
    let profile = Profile::new(&View::new(graph, &filter), actor);
    let Profile { outgoing, incoming, statements, .. } = &profile;
    let a = graph.actor(actor);
    match ctx.format {
        OutputFormat::Json => write_json(out, &profile.record(graph)),
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
