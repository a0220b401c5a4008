//! `chain`: the command hierarchy above or below an actor, drawn as a tree.

use std::io::Write;

use actorgraph::error::Result;
use actorgraph::model::ActorGraph;
use actorgraph::model::RelationIx;
use actorgraph::output::{evidence_cells, relation_rows, write_csv, write_json, EVIDENCE_COLUMNS};
use actorgraph::query::chain::{chain, Chain, ChainDirection};
use actorgraph::query::request::Request;
use actorgraph::query::View;

use super::common::stdout_error;
use super::table::relation_table;
use super::OutputFormat;
use super::{Context, FilterArgs, Outcome};

/// `actorgraph chain ACTOR [--up|--down] [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The actor: id, name or alias, in any common spelling.
    actor: String,
    /// Whom the actor answers to, up to the top (the default).
    #[arg(long, conflicts_with = "down")]
    up: bool,
    /// Everyone under the actor.
    #[arg(long)]
    down: bool,
    #[command(flatten)]
    filters: FilterArgs,
}

/// `member_of, 2024-12-02, C2, 0.85, r-aah-member-pmf`: the evidence for one link of the tree.
fn evidence(graph: &ActorGraph, relation: RelationIx) -> String {
    let row = &relation_rows(graph, &[relation])[0];
    format!("{} ({}, {}, {}; {})", row[1], row[2], row[3], row[4], row[0])
}

/// The tree as text, one member per line under the actor, with box-drawing branches.
fn draw(graph: &ActorGraph, chain: &Chain, out: &mut dyn Write) -> std::io::Result<()> {
    let root = graph.actor(chain.actor);
    writeln!(out, "{} ({})", root.name, root.id)?;
    // Whether the ancestor at each depth still has siblings to come (draws "│" under it).
    let mut open: Vec<bool> = Vec::new();
    // The position of each parent's last child: every other child has a sibling after it.
    let mut last_child = vec![usize::MAX; graph.actors().len()];
    let mixed = chain.mixed_periods(graph);
    for (i, m) in chain.members.iter().enumerate() {
        last_child[m.parent.index()] = i;
    }
    for (i, m) in chain.members.iter().enumerate() {
        let has_next_sibling = last_child[m.parent.index()] != i;
        open.truncate(m.depth - 1);
        let prefix: String = open.iter().map(|&o| if o { "│   " } else { "    " }).collect();
        let actor = graph.actor(m.actor);
        writeln!(
            out,
            "{prefix}{}{} ({})  ← {}{}",
            if has_next_sibling { "├── " } else { "└── " },
            actor.name,
            actor.id,
            evidence(graph, m.via),
            if mixed[i] { "  [mixes periods]" } else { "" }
        )?;
        open.push(has_next_sibling);
    }
    let count = mixed.iter().filter(|&&m| m).count();
    if count > 0 {
        writeln!(
            out,
            "Mixes periods ({count} member{}): the links above each never hold at the same time (give --as-of to see one \
             moment).",
            if count == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

/// The library's request for these arguments (names, kinds and dates resolved against the graph).
///
/// # Errors
/// An unknown actor, bad filter values.
pub fn request(ctx: &Context, args: &Args) -> Result<Request> {
    let direction = if args.down { ChainDirection::Down } else { ChainDirection::Up };
    Ok(Request::Chain { actor: ctx.actor(&args.actor)?, direction, filter: ctx.filter(&args.filters)? })
}

/// Prints the chain of command. Exit code 1 when nobody is above (or below) the actor.
///
/// # Errors
/// Unknown actor, bad filters, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let Request::Chain { actor, direction, filter } = request(ctx, args)? else { unreachable!("a chain request") };
    let view = View::new(graph, &filter);
    let result = chain(&view, actor, direction);
    let cycle_text = |c: &Vec<actorgraph::model::ActorIx>| {
        c.iter().map(|&a| graph.actor(a).id.as_str()).collect::<Vec<_>>().join(" → ")
    };
    match ctx.format {
        OutputFormat::Json => write_json(out, &result.record(graph)),
        OutputFormat::Csv => {
            let rows: Vec<Vec<String>> = result
                .members
                .iter()
                .zip(result.mixed_periods(graph))
                .map(|(m, mixed)| {
                    let mut row = vec![
                        m.depth.to_string(),
                        graph.actor(m.actor).id.clone(),
                        graph.actor(m.actor).name.clone(),
                        graph.actor(m.parent).id.clone(),
                    ];
                    row.extend(relation_rows(graph, &[m.via]).remove(0));
                    row.extend(evidence_cells(graph, m.via));
                    row.push(mixed.to_string());
                    row
                })
                .collect();
            if !result.cycles.is_empty() && !ctx.quiet {
                for c in &result.cycles {
                    eprintln!("note: loop of command: {}", actorgraph::output::visible_controls(&cycle_text(c)));
                }
            }
            let mut header =
                vec!["depth", "id", "name", "parent", "via", "relation", "date", "grade", "confidence", "sources"];
            header.extend(EVIDENCE_COLUMNS);
            header.push("mixes_periods");
            write_csv(out, &header, &rows)
        }
        OutputFormat::Table => (|| {
            let a = graph.actor(actor);
            let filters = filter.describe(graph);
            let filters = if filters.is_empty() { String::new() } else { format!(" ({})", filters.join(", ")) };
            if !view.has_actor(actor) {
                return writeln!(out, "{} ({}) is left out by the filters{filters}.", a.name, a.id);
            }
            if result.members.is_empty() {
                return match direction {
                    ChainDirection::Up => {
                        writeln!(out, "{} ({}) answers to no one in the data{filters}.", a.name, a.id)
                    }
                    ChainDirection::Down => {
                        writeln!(out, "No one is under {} ({}) in the data{filters}.", a.name, a.id)
                    }
                };
            }
            match direction {
                ChainDirection::Up => writeln!(out, "Whom {} answers to{filters}:\n", a.name)?,
                ChainDirection::Down => writeln!(out, "Who is under {}{filters}:\n", a.name)?,
            }
            draw(graph, &result, out)?;
            writeln!(out, "\nLinks of command among them: {}", result.relations.len())?;
            write!(out, "{}", relation_table(graph, &result.relations))?;
            if !result.cycles.is_empty() {
                writeln!(out, "\nLoops of command (reported, not followed): {}", result.cycles_total)?;
                for c in &result.cycles {
                    writeln!(out, "  {}", cycle_text(c))?;
                }
                if result.cycles_total > result.cycles.len() {
                    writeln!(
                        out,
                        "  … and {} more (the first {} met are listed; each loop is a search path, so listing all \
                         is too long)",
                        result.cycles_total - result.cycles.len(),
                        result.cycles.len()
                    )?;
                }
            }
            Ok(())
        })(),
    }
    .map_err(stdout_error)?;
    Ok(if result.members.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}
