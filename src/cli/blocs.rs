//! `blocs`: alliance blocs of the signed graph, the relations that break them, and who changed bloc between
//! two dates.

use std::io::Write;

use serde::Serialize;

use actorgraph::error::{Error, Result};
use actorgraph::model::{ActorGraph, ActorIx, RelationIx};
use actorgraph::output::{fmt_score, relation_rows, write_csv, write_json, RelationRecord};
use actorgraph::query::blocs::denials::{compare_denials, DenialComparison, KEY_ACTORS, KEY_MEASURE};
use actorgraph::query::blocs::{
    alliance_blocs_reporting, compare, Blocs, BlocsOptions, Change, Comparison, DEFAULT_WORK_LIMIT,
};
use actorgraph::query::trend::split_changes;
use actorgraph::query::{Filter, View};

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

/// One bloc in JSON.
#[derive(Serialize)]
struct BlocJson {
    /// 1-based number (matched across dates when comparing).
    bloc: usize,
    members: Vec<String>,
}

/// A frustrated relation in JSON: the shared relation record, plus the blocs of its two ends.
#[derive(Serialize)]
struct FrustratedJson {
    #[serde(flatten)]
    relation: RelationRecord,
    from_bloc: usize,
    to_bloc: usize,
    breaks: &'static str,
}

#[derive(Serialize)]
struct PartitionJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<String>,
    method: &'static str,
    frustration: f64,
    blocs: Vec<BlocJson>,
    frustrated: Vec<FrustratedJson>,
    balanced_triangle_share: Option<f64>,
    signed_triangles: u64,
    balanced_triangles: u64,
    signed_actors: usize,
    signed_relations: usize,
    left_out: usize,
    left_out_actors: Vec<String>,
    components: usize,
    exact_components: usize,
    max_blocs: Option<u32>,
    seed: u64,
    restarts: usize,
    /// The search reached its work limit: the best partition found by then, not the end of the search.
    stopped_early: bool,
    /// Link visits the local search made.
    link_visits: u64,
}

#[derive(Serialize)]
struct ChangeJson {
    id: String,
    name: String,
    from_bloc: Option<usize>,
    to_bloc: Option<usize>,
}

#[derive(Serialize)]
struct BlocsJson {
    #[serde(flatten)]
    partition: PartitionJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    compare: Option<PartitionJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<Vec<ChangeJson>>,
    /// Of `changes`: actors in a bloc at both dates, in different blocs.
    #[serde(skip_serializing_if = "Option::is_none")]
    switched: Option<Vec<ChangeJson>>,
    /// Of `changes`: actors in no bloc at the first date.
    #[serde(skip_serializing_if = "Option::is_none")]
    appeared: Option<Vec<ChangeJson>>,
    /// Of `changes`: actors in no bloc at the second date.
    #[serde(skip_serializing_if = "Option::is_none")]
    disappeared: Option<Vec<ChangeJson>>,
}

/// A partition with the numbers its blocs go by (1-based positions, or matched numbers when comparing).
struct Numbered<'a> {
    blocs: &'a Blocs,
    numbers: Vec<usize>,
    as_of: Option<String>,
}

impl Numbered<'_> {
    fn number_of(&self, actor: ActorIx) -> usize {
        self.blocs.bloc_of(actor).map_or(0, |i| self.numbers[i])
    }

    fn ends(&self, graph: &ActorGraph, relation: RelationIx) -> (usize, usize) {
        let r = graph.relation(relation);
        let to = match r.to {
            actorgraph::model::Target::Actor(a) => self.number_of(a),
            actorgraph::model::Target::Relation(_) => 0,
        };
        (self.number_of(r.from), to)
    }

    fn breaks(&self, graph: &ActorGraph, relation: RelationIx) -> &'static str {
        let (from, to) = self.ends(graph, relation);
        if from == to {
            "negative relation inside a bloc"
        } else {
            "positive relation between blocs"
        }
    }

    fn json(&self, graph: &ActorGraph, max_blocs: Option<u32>, seed: u64) -> PartitionJson {
        let b = self.blocs;
        PartitionJson {
            as_of: self.as_of.clone(),
            method: b.method.as_str(),
            frustration: b.frustration,
            blocs: b
                .blocs
                .iter()
                .zip(&self.numbers)
                .map(|(members, &bloc)| BlocJson {
                    bloc,
                    members: members.iter().map(|&a| graph.actor(a).id.clone()).collect(),
                })
                .collect(),
            frustrated: b
                .frustrated
                .iter()
                .map(|&r| {
                    let (from_bloc, to_bloc) = self.ends(graph, r);
                    FrustratedJson {
                        relation: RelationRecord::new(graph, r),
                        from_bloc,
                        to_bloc,
                        breaks: self.breaks(graph, r),
                    }
                })
                .collect(),
            balanced_triangle_share: b.triangles.share(),
            signed_triangles: b.triangles.triangles,
            balanced_triangles: b.triangles.balanced,
            signed_actors: b.blocs.iter().map(Vec::len).sum(),
            signed_relations: b.signed_relations,
            left_out: b.left_out.len(),
            left_out_actors: b.left_out.iter().map(|&a| graph.actor(a).id.clone()).collect(),
            components: b.components,
            exact_components: b.exact_components,
            max_blocs,
            seed,
            restarts: b.restarts,
            stopped_early: b.stopped_early,
            link_visits: b.link_visits,
        }
    }

    fn table(&self, graph: &ActorGraph, out: &mut dyn Write) -> std::io::Result<()> {
        let b = self.blocs;
        let heading = self.as_of.as_ref().map_or_else(String::new, |d| format!("As of {d}: "));
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
            writeln!(
                out,
                "Left out ({} with no positive or negative relation): {}",
                b.left_out.len(),
                names.join(", ")
            )?;
        }
        let mut table = Table::new(&["bloc", "actors", "members"]);
        for (members, number) in b.blocs.iter().zip(&self.numbers) {
            let names: Vec<&str> = members.iter().map(|&a| graph.actor(a).name.as_str()).collect();
            table.row([number.to_string(), members.len().to_string(), wrap_names(&names, 80)]);
        }
        write!(out, "{table}")?;
        if !b.frustrated.is_empty() {
            writeln!(out, "Relations that break the blocs:")?;
            let mut table = Table::new(&["id", "relation", "breaks", "date", "grade", "confidence", "sources"]);
            let shown = &b.frustrated[..b.frustrated.len().min(TABLE_ROWS)];
            for (row, &r) in relation_rows(graph, shown).into_iter().zip(shown) {
                let (from, to) = self.ends(graph, r);
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

/// Finds the blocs of a view, with a progress bar on a terminal for a long search and a note on stderr when
/// the search stopped early.
fn search(ctx: &Context, view: &View, options: &BlocsOptions) -> Result<Blocs> {
    let progress = super::progress::terminal(!ctx.quiet);
    let blocs = alliance_blocs_reporting(view, options, progress.as_deref())?;
    if blocs.stopped_early && !ctx.quiet && ctx.format != OutputFormat::Table {
        eprintln!("note: {}", stopped_early_sentence(&blocs));
    }
    Ok(blocs)
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

/// Partitions the filtered graph into alliance blocs and prints them with the relations that break them.
/// Exit code 1 when no actor has a positive or negative relation.
///
/// # Errors
/// Bad filters or dates, `--compare-as-of` without `--as-of`, a graph too large to search, stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let graph = &ctx.graph;
    let filter = ctx.filter(&args.filters)?;
    let options = BlocsOptions {
        max_blocs: args.max_blocs.map(|k| k as usize),
        seed: args.seed,
        restarts: args.restarts.map(|r| r as usize),
        work_limit: args.work_limit.unwrap_or(DEFAULT_WORK_LIMIT),
        ..BlocsOptions::default()
    };
    let compare_date = date("--compare-as-of", args.compare_as_of.as_deref())?;
    if let Some(points) = super::trend::points(ctx, &args.trend, &filter)? {
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
        return super::trend::blocs_trend(ctx, &filter, &points, &options, out);
    }
    if args.compare_denials {
        if filter.if_denials_hold {
            return Err(Error::InvalidArgument {
                argument: "--compare-denials".to_owned(),
                message: "already shows the picture in which the denials hold beside the one in which the reports \
                          do; leave out --if-denials-hold"
                    .to_owned(),
            });
        }
        let comparison = compare_denials(graph, &filter, &options)?;
        denials_output(ctx, args, &comparison, out).map_err(stdout_error)?;
        let empty = comparison.reports_hold.blocs.is_empty() && comparison.denials_hold.blocs.is_empty();
        return Ok(if empty { Outcome::NothingFound } else { Outcome::Done });
    }
    let view = View::new(graph, &filter);
    let blocs = search(ctx, &view, &options)?;
    let later = match compare_date {
        None => None,
        Some(later_date) => {
            if filter.as_of.is_none() {
                return Err(Error::InvalidArgument {
                    argument: "--compare-as-of".to_owned(),
                    message: "needs --as-of, the first date to compare (e.g. --as-of 2011 --compare-as-of 2024-12)"
                        .to_owned(),
                });
            }
            let later_filter = Filter { as_of: Some(later_date), ..filter.clone() };
            let later_view = View::new(graph, &later_filter);
            let later = search(ctx, &later_view, &options)?;
            let comparison = compare(&view, &blocs, &later);
            Some((later, comparison))
        }
    };
    let as_of = |f: &Filter| f.as_of.map(|d| d.to_string());
    let base = Numbered { blocs: &blocs, numbers: (1..=blocs.blocs.len()).collect(), as_of: as_of(&filter) };
    let other = later.as_ref().map(|(b, c): &(Blocs, Comparison)| Numbered {
        blocs: b,
        numbers: c.numbers.clone(),
        as_of: compare_date.map(|d| d.to_string()),
    });
    let changes = later.as_ref().map(|(_, c)| &c.changes);
    match ctx.format {
        OutputFormat::Json => {
            let records = |list: &[Change]| -> Vec<ChangeJson> {
                list.iter()
                    .map(|c| ChangeJson {
                        id: graph.actor(c.actor).id.clone(),
                        name: graph.actor(c.actor).name.clone(),
                        from_bloc: c.before,
                        to_bloc: c.after,
                    })
                    .collect()
            };
            let split = changes.map(|list| split_changes(list));
            let json = BlocsJson {
                partition: base.json(graph, args.max_blocs, args.seed),
                compare: other.as_ref().map(|o| o.json(graph, args.max_blocs, args.seed)),
                changes: changes.map(|list| records(list)),
                switched: split.as_ref().map(|(s, _, _)| records(s)),
                appeared: split.as_ref().map(|(_, a, _)| records(a)),
                disappeared: split.as_ref().map(|(_, _, d)| records(d)),
            };
            write_json(out, &json)
        }
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
            base.table(graph, out)?;
            if let (Some(o), Some(changes)) = (&other, changes) {
                writeln!(out)?;
                o.table(graph, out)?;
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
    let empty = blocs.blocs.is_empty() && later.as_ref().is_none_or(|(b, _)| b.blocs.is_empty());
    Ok(if empty { Outcome::NothingFound } else { Outcome::Done })
}

/// `blocs --compare-denials` in JSON: the partition when the reports hold (as `blocs` prints it), and what
/// changes when the denials hold.
#[derive(Serialize)]
struct DenialsJson {
    #[serde(flatten)]
    partition: PartitionJson,
    compare_denials: DenialsChangeJson,
}

#[derive(Serialize)]
struct DenialsChangeJson {
    /// What changes, in one sentence.
    summary: String,
    /// The contested relations the second picture leaves out.
    left_out_relations: Vec<RelationRecord>,
    /// The partition when the denials hold, its blocs numbered as the first partition's they match.
    partition_if_denials_hold: PartitionJson,
    /// Actors in a different bloc (or in a bloc on one side only).
    moved: Vec<ChangeJson>,
    no_longer_frustrated: Vec<RelationRecord>,
    newly_frustrated: Vec<FrustratedJson>,
    key_actors_measure: &'static str,
    key_actors: Vec<KeyActorJson>,
}

#[derive(Serialize)]
struct KeyActorJson {
    id: String,
    name: String,
    rank_if_reports_hold: Option<usize>,
    score_if_reports_hold: Option<f64>,
    rank_if_denials_hold: Option<usize>,
    score_if_denials_hold: Option<f64>,
}

fn change_records(graph: &ActorGraph, list: &[Change]) -> Vec<ChangeJson> {
    list.iter()
        .map(|c| ChangeJson {
            id: graph.actor(c.actor).id.clone(),
            name: graph.actor(c.actor).name.clone(),
            from_bloc: c.before,
            to_bloc: c.after,
        })
        .collect()
}

/// What changes when the denials hold, in one sentence: `2 contested relations left out; nobody moves bloc;
/// …`.
fn denials_summary(c: &DenialComparison) -> String {
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let moved = c.comparison.changes.len();
    let reranked =
        c.key_actors.iter().filter(|k| k.reports_hold.map(|(r, _)| r) != k.denials_hold.map(|(r, _)| r)).count();
    [
        format!("{} left out", count(c.left_out.len(), "contested relation", "contested relations")),
        if moved == 0 {
            "nobody moves bloc".to_owned()
        } else {
            format!("{} bloc", count(moved, "actor moves", "actors move"))
        },
        match (c.no_longer_frustrated.len(), c.newly_frustrated.len()) {
            (0, 0) => "no relation stops or starts breaking the blocs".to_owned(),
            (gone, new) => format!(
                "{} breaking the blocs, {} to",
                count(gone, "relation stops", "relations stop"),
                count(new, "starts", "start")
            ),
        },
        if reranked == 0 {
            format!("the top {KEY_ACTORS} key actors keep their ranks")
        } else {
            format!("{reranked} of the key actors change rank")
        },
    ]
    .join("; ")
}

/// Prints `blocs --compare-denials`: both partitions, then who moved, the frustrated relations that come
/// and go, and the key actors on both sides.
fn denials_output(ctx: &Context, args: &Args, c: &DenialComparison, out: &mut dyn Write) -> std::io::Result<()> {
    let graph = &ctx.graph;
    let base = Numbered { blocs: &c.reports_hold, numbers: (1..=c.reports_hold.blocs.len()).collect(), as_of: None };
    let held = Numbered { blocs: &c.denials_hold, numbers: c.comparison.numbers.clone(), as_of: None };
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match ctx.format {
        OutputFormat::Json => {
            let json = DenialsJson {
                partition: base.json(graph, args.max_blocs, args.seed),
                compare_denials: DenialsChangeJson {
                    summary: denials_summary(c),
                    left_out_relations: c.left_out.iter().map(|&r| RelationRecord::new(graph, r)).collect(),
                    partition_if_denials_hold: held.json(graph, args.max_blocs, args.seed),
                    moved: change_records(graph, &c.comparison.changes),
                    no_longer_frustrated: c
                        .no_longer_frustrated
                        .iter()
                        .map(|&r| RelationRecord::new(graph, r))
                        .collect(),
                    newly_frustrated: c
                        .newly_frustrated
                        .iter()
                        .map(|&r| {
                            let (from_bloc, to_bloc) = held.ends(graph, r);
                            FrustratedJson {
                                relation: RelationRecord::new(graph, r),
                                from_bloc,
                                to_bloc,
                                breaks: held.breaks(graph, r),
                            }
                        })
                        .collect(),
                    key_actors_measure: KEY_MEASURE.name(),
                    key_actors: c
                        .key_actors
                        .iter()
                        .map(|k| KeyActorJson {
                            id: graph.actor(k.actor).id.clone(),
                            name: graph.actor(k.actor).name.clone(),
                            rank_if_reports_hold: k.reports_hold.map(|(r, _)| r),
                            score_if_reports_hold: k.reports_hold.map(|(_, s)| s),
                            rank_if_denials_hold: k.denials_hold.map(|(r, _)| r),
                            score_if_denials_hold: k.denials_hold.map(|(_, s)| s),
                        })
                        .collect(),
                },
            };
            write_json(out, &json)
        }
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
            base.table(graph, out)?;
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
            held.table(graph, out)?;
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
