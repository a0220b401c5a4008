//! `--every` and `--series` on `stats`, `central` and `blocs`: the same question at a series of dates, one
//! column (table) or one entry (JSON) per date.

use std::io::Write;

use actorgraph::error::{Error, Result};
use actorgraph::output::{fmt_score, write_csv, write_json};
use actorgraph::query::blocs::Change;
use actorgraph::query::central::{Measure, Options};
use actorgraph::query::request::{central_series_record, stats_series_record, StatsAt};
use actorgraph::query::trend::{bloc_members, central_series, leaders, period, points_every, BlocsAt, Every, Point};
use actorgraph::query::Filter;

use super::common::{date, stdout_error};
use super::table::Table;
use super::OutputFormat;
use super::{Context, Outcome};

/// The step of a regular series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Step {
    /// Every calendar year.
    Year,
    /// Every calendar quarter.
    Quarter,
    /// Every month.
    Month,
}

/// The trend flags.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TrendArgs {
    /// Answer at every year, quarter or month of the period the relations in view cover: one column (or JSON
    /// entry) per date.
    #[arg(long, value_enum, value_name = "STEP", conflicts_with = "series")]
    pub every: Option<Step>,
    /// Answer at each of these dates (YYYY, YYYY-MM or YYYY-MM-DD, comma-separated), in the order given.
    #[arg(long, value_name = "D1,D2,…", value_delimiter = ',')]
    pub series: Vec<String>,
}

/// The points the flags ask for, or `None` when neither is given.
///
/// # Errors
/// A bad date, `--as-of` as well, a dataset with no dates, too many points.
pub fn points(ctx: &Context, args: &TrendArgs, filter: &Filter) -> Result<Option<Vec<Point>>> {
    let flag = if args.every.is_some() { "--every" } else { "--series" };
    if args.every.is_none() && args.series.is_empty() {
        return Ok(None);
    }
    if filter.as_of.is_some() {
        return Err(Error::InvalidArgument {
            argument: flag.to_owned(),
            message: "answers as of each date of the series itself; leave out --as-of".to_owned(),
        });
    }
    if let Some(step) = args.every {
        let Some((first, last)) = period(&ctx.graph, filter) else {
            return Err(Error::InvalidArgument {
                argument: "--every".to_owned(),
                message: "no relation in view has a date, so there is no period to step through; name the dates \
                          with --series"
                    .to_owned(),
            });
        };
        let every = match step {
            Step::Year => Every::Year,
            Step::Quarter => Every::Quarter,
            Step::Month => Every::Month,
        };
        return points_every(first, last, every).map(Some);
    }
    let mut out = Vec::new();
    for text in args.series.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        out.extend(date("--series", Some(text))?.map(Point::at));
    }
    Ok(Some(out))
}

fn labels(points: &[Point]) -> Vec<&str> {
    points.iter().map(|p| p.label.as_str()).collect()
}

/// `stats` at each point: one JSON entry per date.
type Measured = (&'static str, fn(&StatsAt) -> String);

/// `stats --every/--series`.
///
/// # Errors
/// Stdout failing.
pub fn stats_trend(ctx: &Context, filter: &Filter, points: &[Point], out: &mut dyn Write) -> Result<Outcome> {
    let series: Vec<StatsAt> = stats_series_record(&ctx.graph, filter, points);
    let measures: [Measured; 9] = [
        ("active actors", |s| s.active_actors.to_string()),
        ("relations", |s| s.stats.relations.to_string()),
        ("sources cited", |s| s.stats.sources_cited.to_string()),
        ("positive", |s| s.stats.by_sign.positive.to_string()),
        ("negative", |s| s.stats.by_sign.negative.to_string()),
        ("neutral", |s| s.stats.by_sign.neutral.to_string()),
        ("largest component", |s| s.stats.largest_component.to_string()),
        ("density", |s| fmt_score(s.stats.density)),
        ("balanced triangles", |s| s.stats.balanced_triangle_share.map_or_else(|| "—".to_owned(), fmt_score)),
    ];
    match ctx.format {
        OutputFormat::Json => write_json(out, &series),
        OutputFormat::Csv => {
            let mut header = vec!["date"];
            header.extend(measures.iter().map(|(m, _)| *m));
            let rows: Vec<Vec<String>> = series
                .iter()
                .map(|s| std::iter::once(s.date.clone()).chain(measures.iter().map(|(_, f)| f(s))).collect())
                .collect();
            write_csv(out, &header, &rows)
        }
        OutputFormat::Table => {
            let mut header = vec!["measure"];
            header.extend(labels(points));
            let mut table = Table::new(&header);
            for (name, f) in &measures {
                table.row(std::iter::once((*name).to_owned()).chain(series.iter().map(f)));
            }
            write!(out, "{table}")
        }
    }
    .map_err(stdout_error)?;
    Ok(if series.iter().all(|s| s.stats.relations == 0) { Outcome::NothingFound } else { Outcome::Done })
}

/// `central --every/--series`.
///
/// # Errors
/// A measure that does not converge, stdout failing.
pub fn central_trend(
    ctx: &Context,
    filter: &Filter,
    points: &[Point],
    measure: Measure,
    options: &Options,
    top: Option<usize>,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let series = central_series(&ctx.graph, filter, points, measure, options)?;
    let graph = &ctx.graph;
    let shown = top.unwrap_or(if ctx.format == OutputFormat::Table { 10 } else { usize::MAX });
    match ctx.format {
        OutputFormat::Json => write_json(out, &central_series_record(graph, points, &series, shown)),
        OutputFormat::Csv => {
            let mut rows = Vec::new();
            for (p, (_, ranked)) in points.iter().zip(&series) {
                for &(a, rank, score) in ranked.iter().take(shown) {
                    let actor = graph.actor(a);
                    rows.push(vec![
                        p.label.clone(),
                        rank.to_string(),
                        actor.id.clone(),
                        actor.name.clone(),
                        fmt_score(score),
                    ]);
                }
            }
            write_csv(out, &["date", "rank", "id", "name", "score"], &rows)
        }
        OutputFormat::Table => (|| {
            writeln!(
                out,
                "{} at {} dates: rank and score of the actors in the top {shown} at any date (— : no score then).",
                measure.title(),
                points.len()
            )?;
            let mut header = vec!["actor"];
            header.extend(labels(points));
            let mut table = Table::new(&header);
            for actor in leaders(&ctx.graph, &series, shown) {
                let cells = series.iter().map(|(_, ranked)| {
                    ranked
                        .iter()
                        .find(|(a, _, _)| *a == actor)
                        .filter(|(_, _, s)| *s > 0.0)
                        .map_or_else(|| "—".to_owned(), |(_, rank, s)| format!("{rank}: {}", fmt_score(*s)))
                });
                table.row(std::iter::once(graph.actor(actor).name.clone()).chain(cells));
            }
            write!(out, "{table}")
        })(),
    }
    .map_err(stdout_error)?;
    Ok(if series.iter().all(|(ties, _)| *ties == 0) { Outcome::NothingFound } else { Outcome::Done })
}

/// `blocs --every/--series`.
///
/// # Errors
/// Stdout failing.
pub fn blocs_trend(ctx: &Context, series: &[BlocsAt], out: &mut dyn Write) -> Result<()> {
    let graph = &ctx.graph;
    match ctx.format {
        OutputFormat::Json => unreachable!("`blocs` writes its JSON itself"),
        OutputFormat::Csv => {
            let mut rows = Vec::new();
            for at in series {
                for (members, &number) in at.blocs.blocs.iter().zip(&at.numbers) {
                    for &a in members {
                        let actor = graph.actor(a);
                        rows.push(vec![
                            at.point.label.clone(),
                            number.to_string(),
                            actor.id.clone(),
                            actor.name.clone(),
                        ]);
                    }
                }
            }
            write_csv(out, &["date", "bloc", "id", "name"], &rows)
        }
        OutputFormat::Table => (|| {
            writeln!(
                out,
                "Bloc of each actor at {} dates (blocs matched date to date by overlap; — : in no bloc).",
                series.len()
            )?;
            let mut header = vec!["actor"];
            header.extend(series.iter().map(|at| at.point.label.as_str()));
            let mut table = Table::new(&header);
            for actor in bloc_members(&ctx.graph, series) {
                let cells =
                    series.iter().map(|at| at.number_of(actor).map_or_else(|| "—".to_owned(), |n| n.to_string()));
                table.row(std::iter::once(graph.actor(actor).name.clone()).chain(cells));
            }
            write!(out, "{table}")?;
            for at in series {
                let names = |list: &[Change], arrow: bool| -> String {
                    list.iter()
                        .map(|c| {
                            let name = &graph.actor(c.actor).name;
                            match (arrow, c.before, c.after) {
                                (true, Some(b), Some(a)) => format!("{name} ({b}→{a})"),
                                _ => name.clone(),
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                write!(
                    out,
                    "{}: {} bloc{}, frustration {}",
                    at.point.label,
                    at.blocs.blocs.len(),
                    if at.blocs.blocs.len() == 1 { "" } else { "s" },
                    fmt_score(at.blocs.frustration)
                )?;
                if !at.switched.is_empty() {
                    write!(out, "; switched: {}", names(&at.switched, true))?;
                }
                if !at.appeared.is_empty() {
                    write!(out, "; {} joined a bloc", at.appeared.len())?;
                }
                if !at.disappeared.is_empty() {
                    write!(out, "; {} in no bloc any more: {}", at.disappeared.len(), names(&at.disappeared, false))?;
                }
                writeln!(out)?;
            }
            Ok(())
        })(),
    }
    .map_err(stdout_error)
}
