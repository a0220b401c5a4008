//! `blocs`: alliance blocs of the signed graph, the relations that break them, and who changed bloc between
//! two dates.

use std::io::Write;

use actorgraph::error::{Error, Result};
use actorgraph::model::{ActorGraph, ActorIx};
use actorgraph::output::{fmt_score, relation_rows, write_csv, write_json};
use actorgraph::query::blocs::denials::{DenialComparison, KEY_ACTORS, KEY_MEASURE};
use actorgraph::query::blocs::{Blocs, BlocsOptions, Comparison, DEFAULT_WORK_LIMIT};
use actorgraph::query::request::blocs::{denials_numbered, denials_summary, Numbered};
use actorgraph::query::request::{BlocsAnswer, BlocsRequest, Compare};
use actorgraph::query::trend::split_changes;

use super::common::{date, more_rows, stdout_error, TABLE_ROWS};
use super::table::Table;
use super::OutputFormat;
use super::{Context, FilterArgs, Outcome};

/// `actorgraph blocs [--blocs K] [--as-of A --compare-as-of B] [--seed S] [--restarts N] [--work-limit N]
/// [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// At most K blocs (2 = Harary's classic two-camp balance). Default: as many as fit best.
    #[arg(long = "blocs", value_name = "K", value_parser = clap::value_parser!(u32).range(1..))]
    max_blocs: Option<u32>,
    /// Also partition as of this date and list who changed bloc since --as-of.
    #[arg(long, value_name = "DATE")]
    compare_as_of: Option<String>,
    /// Also partition with the contested relations left out (as --if-denials-hold does) and show what
    /// changes: who moves bloc, which relations stop or start breaking the blocs, and the key actors
    /// (betweenness, top 10) on both sides.
    #[arg(long, conflicts_with = "compare_as_of")]
    compare_denials: bool,
    /// Seed of the local search (same seed, same answer).
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Local search restarts (default 10, or 3 above 100,000 signed links).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    restarts: Option<u32>,
    /// Link visits the search may make before it stops with the best blocs found so far (default 2 billion,
    /// about ten seconds; a million sparse relations take under one billion).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    work_limit: Option<u64>,
    #[command(flatten)]
    filters: FilterArgs,
    #[command(flatten)]
    trend: super::trend::TrendArgs,
}

/// A partition as a table: its summary, its blocs and the relations that break them.
fn partition_table(numbered: &Numbered, graph: &ActorGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let b = numbered.blocs;
    let heading = numbered.as_of.as_ref().map_or_else(String::new, |d| format!("As of {d}: "));
    let actors: usize = b.blocs.iter().map(Vec::len).sum();
    writeln!(
        out,
        "{heading}{} bloc{} of {actors} actors ({}), frustration {} ({} of {} signed relations break the blocs)",
        b.blocs.len(),
        if b.blocs.len() == 1 { "" } else { "s" },
        match b.method {
            actorgraph::query::blocs::Method::Exact => "exact: no partition does better",
            actorgraph::query::blocs::Method::Heuristic => "heuristic: local search, not proven optimal",
        },
        fmt_score(b.frustration),
        b.frustrated.len(),
        b.signed_relations,
    )?;
    match b.triangles.share() {
        Some(share) => writeln!(
            out,
            "Balanced signed triangles: {} ({} of {})",
            fmt_score(share),
            b.triangles.balanced,
            b.triangles.triangles
        )?,
        None => writeln!(out, "Balanced signed triangles: none to count")?,
    }
    if b.stopped_early {
        writeln!(out, "{}", stopped_early_sentence(b))?;
    }
    if !b.left_out.is_empty() {
        let names: Vec<&str> = b.left_out.iter().map(|&a| graph.actor(a).id.as_str()).collect();
        writeln!(out, "Left out ({} with no positive or negative relation): {}", b.left_out.len(), names.join(", "))?;
    }
    let mut table = Table::new(&["bloc", "actors", "members"]);
    for (members, number) in b.blocs.iter().zip(&numbered.numbers) {
        let names: Vec<&str> = members.iter().map(|&a| graph.actor(a).name.as_str()).collect();
        table.row([number.to_string(), members.len().to_string(), wrap_names(&names, 80)]);
    }
    write!(out, "{table}")?;
    if !b.frustrated.is_empty() {
        writeln!(out, "Relations that break the blocs:")?;
        let mut table = Table::new(&["id", "relation", "breaks", "date", "grade", "confidence", "sources"]);
        let shown = &b.frustrated[..b.frustrated.len().min(TABLE_ROWS)];
        for (row, &r) in relation_rows(graph, shown).into_iter().zip(shown) {
            let (from, to) = numbered.ends(graph, r);
            let why = if from == to {
                format!("negative inside bloc {from}")
            } else {
                format!("positive between blocs {from} and {to}")
            };
            table.row([&row[0], &row[1], &why, &row[2], &row[3], &row[4], &row[5]]);
        }
        write!(out, "{table}")?;
        more_rows(out, b.frustrated.len(), "relations that break the blocs")?;
    }
    Ok(())
}

/// What a search cut short by its work limit gives, and what to do for a complete one.
fn stopped_early_sentence(b: &Blocs) -> String {
    format!(
        "Stopped early: the search reached its work limit ({} link visits), so these are the best blocs found by \
         then, not the end of the search; raise --work-limit for a longer search, or narrow the data \
         (--min-confidence, --kind, --as-of).",
        b.link_visits
    )
}

/// Says on stderr that a search stopped early (a table says it in the table).
fn note_stopped_early(ctx: &Context, blocs: &Blocs) {
    if blocs.stopped_early && !ctx.quiet && ctx.format != OutputFormat::Table {
        eprintln!("note: {}", stopped_early_sentence(blocs));
    }
}

fn other_date(numbered: &Numbered) -> String {
    numbered.as_of.clone().unwrap_or_default()
}

/// Joins names with commas, starting a new line before one would pass `width` characters (piped tables are
/// never wrapped by the terminal, and a bloc can have hundreds of members).
fn wrap_names(names: &[&str], width: usize) -> String {
    let mut text = String::new();
    let mut line = 0;
    for (i, name) in names.iter().enumerate() {
        let len = name.chars().count();
        if i > 0 {
            text.push(',');
            if line + 2 + len > width {
                text.push('\n');
                line = 0;
            } else {
                text.push(' ');
                line += 2;
            }
        }
        text.push_str(name);
        line += len;
    }
    text
}

/// Resolves the arguments into the library's request: the filter, the search's options and what to compare.
///
/// # Errors
/// Bad filters or dates; `--compare-denials` or `--compare-as-of` with a series, `--compare-denials` with
/// `--if-denials-hold`, `--compare-as-of` without `--as-of`.
pub fn request(ctx: &Context, args: &Args) -> Result<BlocsRequest> {
    let filter = ctx.filter(&args.filters)?;
    let options = BlocsOptions {
        max_blocs: args.max_blocs.map(|k| k as usize),
        seed: args.seed,
        restarts: args.restarts.map(|r| r as usize),
        work_limit: args.work_limit.unwrap_or(DEFAULT_WORK_LIMIT),
        ..BlocsOptions::default()
    };
    let compare_date = date("--compare-as-of", args.compare_as_of.as_deref())?;
    let compare = if let Some(points) = super::trend::points(ctx, &args.trend, &filter)? {
        if args.compare_denials {
            return Err(Error::InvalidArgument {
                argument: "--compare-denials".to_owned(),
                message: "compares two pictures of one date; for a series, run it once as it is and once with \
                          --if-denials-hold"
                    .to_owned(),
            });
        }
        if compare_date.is_some() {
            return Err(Error::InvalidArgument {
                argument: "--compare-as-of".to_owned(),
                message: "compares two dates; a series (--every, --series) already lists who switched at each date"
                    .to_owned(),
            });
        }
        Compare::Series(points)
    } else if args.compare_denials {
        if filter.if_denials_hold {
            return Err(Error::InvalidArgument {
                argument: "--compare-denials".to_owned(),
                message: "already shows the picture in which the denials hold beside the one in which the reports \
                          do; leave out --if-denials-hold"
                    .to_owned(),
            });
        }
        Compare::Denials
    } else if let Some(later_date) = compare_date {
        if filter.as_of.is_none() {
            return Err(Error::InvalidArgument {
                argument: "--compare-as-of".to_owned(),
                message: "needs --as-of, the first date to compare (e.g. --as-of 2011 --compare-as-of 2024-12)"
                    .to_owned(),
            });
        }
        Compare::AsOf(later_date)
    } else {
        Compare::Nothing
    };
    Ok(BlocsRequest { options, filter, compare })
}

/// Partitions the filtered graph into alliance blocs and prints them with the relations that break them.
/// Exit code 1 when no actor has a positive or negative relation.
///
/// # Errors
/// Bad filters or dates, `--compare-as-of` without `--as-of`, a graph too large to search, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let request = request(ctx, args)?;
    let progress = super::progress::terminal(!ctx.quiet);
    let answer = request.run(graph, progress.as_deref())?;
    let outcome = if answer.is_empty() { Outcome::NothingFound } else { Outcome::Done };
    if let BlocsAnswer::One { blocs, later } = &answer {
        note_stopped_early(ctx, blocs);
        if let Some((b, _)) = later {
            note_stopped_early(ctx, b);
        }
    }
    if ctx.format == OutputFormat::Json {
        write_json(out, &answer.record(graph, &request)).map_err(stdout_error)?;
        return Ok(outcome);
    }
    let (blocs, later) = match &answer {
        BlocsAnswer::Series(series) => {
            super::trend::blocs_trend(ctx, series, out)?;
            return Ok(outcome);
        }
        BlocsAnswer::Denials(comparison) => {
            denials_output(ctx, comparison, out).map_err(stdout_error)?;
            return Ok(outcome);
        }
        BlocsAnswer::One { blocs, later } => (blocs, later),
    };
    let compare_date = match request.compare {
        Compare::AsOf(d) => Some(d),
        _ => None,
    };
    let base = Numbered::first(blocs, request.filter.as_of.map(|d| d.to_string()));
    let other = later.as_ref().map(|(b, c): &(Blocs, Comparison)| Numbered {
        blocs: b,
        numbers: c.numbers.clone(),
        as_of: compare_date.map(|d| d.to_string()),
    });
    let changes = later.as_ref().map(|(_, c)| &c.changes);
    match ctx.format {
        OutputFormat::Json => unreachable!("written above"),
        OutputFormat::Csv => {
            let frustrated_of = |n: &Numbered, a: ActorIx| {
                n.blocs
                    .frustrated
                    .iter()
                    .filter(|&&r| {
                        let rel = graph.relation(r);
                        rel.from == a || rel.to == actorgraph::model::Target::Actor(a)
                    })
                    .map(|&r| graph.relation(r).id.to_string())
                    .collect::<Vec<_>>()
                    .join(";")
            };
            let mut actors: Vec<ActorIx> = blocs.blocs.iter().flatten().copied().collect();
            if let Some(o) = &other {
                actors.extend(o.blocs.blocs.iter().flatten().copied().filter(|&a| blocs.bloc_of(a).is_none()));
            }
            let number =
                |n: &Numbered, a: ActorIx| n.blocs.bloc_of(a).map_or_else(String::new, |i| n.numbers[i].to_string());
            let rows: Vec<Vec<String>> = actors
                .iter()
                .map(|&a| {
                    let mut row = vec![number(&base, a), graph.actor(a).id.clone(), graph.actor(a).name.clone()];
                    row.push(frustrated_of(&base, a));
                    if let Some(o) = &other {
                        row.push(number(o, a));
                        row.push(frustrated_of(o, a));
                    }
                    row
                })
                .collect();
            let header: &[&str] = if other.is_some() {
                &["bloc", "id", "name", "frustrated_relations", "compare_bloc", "compare_frustrated_relations"]
            } else {
                &["bloc", "id", "name", "frustrated_relations"]
            };
            write_csv(out, header, &rows)
        }
        OutputFormat::Table => (|| {
            partition_table(&base, graph, out)?;
            if let (Some(o), Some(changes)) = (&other, changes) {
                writeln!(out)?;
                partition_table(o, graph, out)?;
                writeln!(out)?;
                let (switched, appeared, disappeared) = split_changes(changes);
                let (first, second) = (base.as_of.clone().unwrap_or_default(), other_date(o));
                if switched.is_empty() {
                    writeln!(out, "Nobody in a bloc at both dates changed bloc (blocs matched by largest overlap).")?;
                } else {
                    writeln!(out, "Changed bloc, in a bloc at both dates (blocs matched by largest overlap):")?;
                    let mut table = Table::new(&["id", "name", "from bloc", "to bloc"]);
                    let show = |n: Option<usize>| n.map_or_else(|| "—".to_owned(), |n| n.to_string());
                    for c in &switched {
                        let actor = graph.actor(c.actor);
                        table.row([actor.id.clone(), actor.name.clone(), show(c.before), show(c.after)]);
                    }
                    write!(out, "{table}")?;
                }
                for (list, heading, bloc_of) in [
                    (&appeared, format!("In a bloc as of {second}, in none as of {first}"), true),
                    (&disappeared, format!("In a bloc as of {first}, in none as of {second}"), false),
                ] {
                    if list.is_empty() {
                        continue;
                    }
                    writeln!(out, "{heading} ({}):", list.len())?;
                    let mut table = Table::new(&["id", "name", "bloc"]);
                    for c in list {
                        let actor = graph.actor(c.actor);
                        let bloc = if bloc_of { c.after } else { c.before };
                        table.row([
                            actor.id.clone(),
                            actor.name.clone(),
                            bloc.map(|n| n.to_string()).unwrap_or_default(),
                        ]);
                    }
                    write!(out, "{table}")?;
                }
            }
            Ok(())
        })(),
    }
    .map_err(stdout_error)?;
    Ok(outcome)
}

/// `blocs --compare-denials` in JSON: the partition when the reports hold (as `blocs` prints it), and what
/// changes when the denials hold.
/// Prints `blocs --compare-denials`: both partitions, then who moved, the frustrated relations that come
/// and go, and the key actors on both sides.
fn denials_output(ctx: &Context, c: &DenialComparison, out: &mut dyn Write) -> std::io::Result<()> {
    let graph = &ctx.graph;
    let (base, held) = denials_numbered(c);
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match ctx.format {
        OutputFormat::Json => unreachable!("written by `run`"),
        OutputFormat::Csv => {
            let number =
                |n: &Numbered, a: ActorIx| n.blocs.bloc_of(a).map_or_else(String::new, |i| n.numbers[i].to_string());
            let mut actors: Vec<ActorIx> = c.reports_hold.blocs.iter().flatten().copied().collect();
            actors.extend(
                c.denials_hold.blocs.iter().flatten().copied().filter(|&a| c.reports_hold.bloc_of(a).is_none()),
            );
            let rows: Vec<Vec<String>> = actors
                .iter()
                .map(|&a| {
                    vec![graph.actor(a).id.clone(), graph.actor(a).name.clone(), number(&base, a), number(&held, a)]
                })
                .collect();
            write_csv(out, &["id", "name", "bloc_if_reports_hold", "bloc_if_denials_hold"], &rows)
        }
        OutputFormat::Table => {
            writeln!(out, "If the denials hold: {}.\n", denials_summary(c))?;
            writeln!(out, "If the reports hold (every relation in view):")?;
            partition_table(&base, graph, out)?;
            writeln!(
                out,
                "\nIf the denials hold ({} contested relation{} left out{}):",
                c.left_out.len(),
                plural(c.left_out.len()),
                if c.left_out.is_empty() {
                    String::new()
                } else {
                    format!(": {}", c.left_out.iter().map(|&r| &*graph.relation(r).id).collect::<Vec<_>>().join(", "))
                }
            )?;
            partition_table(&held, graph, out)?;
            writeln!(out)?;
            if c.comparison.changes.is_empty() {
                writeln!(out, "Nobody moves bloc (blocs matched by largest overlap).")?;
            } else {
                writeln!(out, "Moves bloc when the denials hold (blocs matched by largest overlap):")?;
                let mut table = Table::new(&["id", "name", "bloc if the reports hold", "bloc if the denials hold"]);
                let show = |n: Option<usize>| n.map_or_else(|| "— (in no bloc)".to_owned(), |n| n.to_string());
                for change in &c.comparison.changes {
                    let actor = graph.actor(change.actor);
                    table.row([actor.id.clone(), actor.name.clone(), show(change.before), show(change.after)]);
                }
                write!(out, "{table}")?;
            }
            for (list, what) in [
                (&c.no_longer_frustrated, "No longer break the blocs when the denials hold"),
                (&c.newly_frustrated, "Break the blocs only when the denials hold"),
            ] {
                if list.is_empty() {
                    writeln!(out, "{what}: none.")?;
                } else {
                    writeln!(out, "{what} ({}):", list.len())?;
                    write!(out, "{}", super::table::relation_table(graph, list))?;
                }
            }
            writeln!(out, "Key actors ({}, top {KEY_ACTORS} on either side):", KEY_MEASURE.title().to_lowercase())?;
            let mut table = Table::new(&["id", "name", "if the reports hold", "if the denials hold"]);
            let cell = |side: Option<(usize, f64)>| {
                side.map_or_else(
                    || "not in the top".to_owned(),
                    |(rank, score)| format!("#{rank} ({})", fmt_score(score)),
                )
            };
            for k in &c.key_actors {
                let actor = graph.actor(k.actor);
                table.row([actor.id.clone(), actor.name.clone(), cell(k.reports_hold), cell(k.denials_hold)]);
            }
            write!(out, "{table}")
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_member_lists_wrap_between_names() {
        assert_eq!(
            super::wrap_names(&["Iran", "Bashar al-Assad", "Kataib Hezbollah"], 24),
            "Iran, Bashar al-Assad,\nKataib Hezbollah"
        );
        assert_eq!(super::wrap_names(&["a", "b"], 80), "a, b");
        assert_eq!(super::wrap_names(&[], 80), "");
    }
}
