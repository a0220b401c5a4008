//! `contradictions`: the claims some actor denies, who reports them and who denies them.

use std::io::Write;

use actorgraph::error::Result;
use actorgraph::model::{ActorGraph, ActorIx, Relation, RelationIx};
use actorgraph::output::{evidence_cells, relation_rows, write_csv, write_json, EVIDENCE_COLUMNS};
use actorgraph::query::contradictions::{contradictions, family_text, rests_on};
use actorgraph::query::request::Request;
use actorgraph::query::View;

use super::common::stdout_error;
use super::table::{relation_table, Table};
use super::OutputFormat;
use super::{Context, FilterArgs, Outcome};

/// `actorgraph contradictions [--uncorroborated] [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Also list the relations that rest on a single source, and those that cite none.
    #[arg(long)]
    uncorroborated: bool,
    #[command(flatten)]
    filters: FilterArgs,
}

/// The CSV row of a statement or claim: claim id, stance, actor, then the standard relation columns and the
/// evidence columns.
fn csv_row(graph: &ActorGraph, stance: &str, claim: RelationIx, relation: RelationIx) -> Vec<String> {
    let mut row = vec![
        graph.relation(claim).id.to_string(),
        stance.to_owned(),
        graph.actor(graph.relation(relation).from).id.clone(),
    ];
    row.extend(relation_rows(graph, &[relation]).remove(0));
    row.extend(evidence_cells(graph, relation));
    row
}

/// The analyst's note followed by the statement's attributes (`place: Baghdad`), which often say where it
/// was made.
fn note_and_place(relation: &Relation) -> String {
    relation
        .note
        .as_deref()
        .into_iter()
        .map(str::to_owned)
        .chain(relation.attrs.iter().map(|(k, v)| format!("{k}: {v}")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The library's request for these arguments (names, kinds and dates resolved against the graph).
///
/// # Errors
/// An unknown actor, bad filter values.
pub fn request(ctx: &Context, args: &Args) -> Result<Request> {
    Ok(Request::Contradictions { filter: ctx.filter(&args.filters)?, uncorroborated: args.uncorroborated })
}

/// Prints every denied claim with who reports and who denies it. Exit code 1 when nothing is denied (and,
/// with `--uncorroborated`, every relation has two sources or more).
///
/// # Errors
/// Bad filters, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let Request::Contradictions { filter, .. } = request(ctx, args)? else { unreachable!("a contradictions request") };
    let view = View::new(graph, &filter);
    let result = contradictions(&view);
    let found = !result.claims.is_empty()
        || (args.uncorroborated && !(result.uncorroborated.is_empty() && result.unsourced.is_empty()));
    match ctx.format {
        OutputFormat::Json => write_json(out, &result.record(graph, args.uncorroborated)),
        OutputFormat::Csv => {
            let mut rows = Vec::new();
            for c in &result.claims {
                rows.push(csv_row(graph, "claim", c.claim, c.claim));
                rows.extend(c.reported_by.iter().map(|&s| csv_row(graph, "reported", c.claim, s)));
                rows.extend(c.denied_by.iter().map(|&s| csv_row(graph, "denied", c.claim, s)));
            }
            if args.uncorroborated {
                rows.extend(result.uncorroborated.iter().map(|&r| csv_row(graph, "single source", r, r)));
                rows.extend(result.unsourced.iter().map(|&r| csv_row(graph, "no source", r, r)));
            }
            let mut header =
                vec!["claim", "stance", "actor", "id", "relation", "date", "grade", "confidence", "sources"];
            header.extend(EVIDENCE_COLUMNS);
            write_csv(out, &header, &rows)
        }
        OutputFormat::Table => (|| {
            let filters = filter.describe(graph);
            let filters = if filters.is_empty() { String::new() } else { format!(" ({})", filters.join(", ")) };
            let plural = if result.claims.len() == 1 { "" } else { "s" };
            let families = if result.families.len() == result.claims.len() {
                String::new()
            } else {
                let plural = if result.families.len() == 1 { "y" } else { "ies" };
                format!(" in {} famil{plural}", result.families.len())
            };
            writeln!(out, "{} denied claim{plural}{families}{filters}", result.claims.len())?;
            let names = |list: &[ActorIx]| list.iter().map(|&a| graph.actor(a).name.as_str()).collect::<Vec<_>>();
            for family in &result.families {
                if family.claims.len() > 1 {
                    let claims: Vec<&str> =
                        family.claims.iter().map(|&i| &*graph.relation(result.claims[i].claim).id).collect();
                    let sources: Vec<&str> = family.sources.iter().map(|&s| graph.source(s).id.as_str()).collect();
                    writeln!(out, "\nClaim family: {}", family_text(graph, &result.claims, family))?;
                    writeln!(out, "  {} claims: {}", claims.len(), claims.join(", "))?;
                    writeln!(out, "  denied by: {}", names(&family.deniers).join(", "))?;
                    let reporters = names(&family.reporters);
                    writeln!(
                        out,
                        "  reported by: {}",
                        if reporters.is_empty() { "nobody in view".to_owned() } else { reporters.join(", ") }
                    )?;
                    writeln!(out, "  sources: {} ({} independent)", sources.join("; "), family.independent_sources)?;
                }
                for c in family.claims.iter().map(|&i| &result.claims[i]) {
                    let row = &relation_rows(graph, &[c.claim])[0];
                    writeln!(out, "\nClaim {}: {}", row[0], row[1])?;
                    writeln!(out, "  date {}, grade {}, confidence {}, sources: {}", row[2], row[3], row[4], row[5])?;
                    let mut table = Table::new(&[
                        "stance",
                        "who",
                        "statement",
                        "date",
                        "grade",
                        "confidence",
                        "sources",
                        "note, where",
                    ]);
                    for (stance, list) in [("reports", &c.reported_by), ("denies", &c.denied_by)] {
                        for &s in list {
                            let r = graph.relation(s);
                            let row = &relation_rows(graph, &[s])[0];
                            let stance = if stance == "reports" { graph.kind_of(r).name.as_str() } else { stance };
                            table.row([
                                stance,
                                &graph.actor(r.from).name,
                                &row[0],
                                &row[2],
                                &row[3],
                                &row[4],
                                &row[5],
                                &note_and_place(r),
                            ]);
                        }
                    }
                    write!(out, "{table}")?;
                }
            }
            if args.uncorroborated {
                writeln!(out, "\nResting on a single independent source: {}", result.uncorroborated.len())?;
                if !result.uncorroborated.is_empty() {
                    let mut table = Table::new(&["id", "relation", "date", "grade", "sources", "rests on"]);
                    for (row, &r) in relation_rows(graph, &result.uncorroborated).iter().zip(&result.uncorroborated) {
                        let chains = rests_on(graph, r).join("; ");
                        table.row([&row[0], &row[1], &row[2], &row[3], &row[5], &chains]);
                    }
                    write!(out, "{table}")?;
                }
                writeln!(out, "\nCiting no source: {}", result.unsourced.len())?;
                if !result.unsourced.is_empty() {
                    write!(out, "{}", relation_table(graph, &result.unsourced))?;
                }
            }
            Ok(())
        })(),
    }
    .map_err(stdout_error)?;
    Ok(if found { Outcome::Done } else { Outcome::NothingFound })
}
