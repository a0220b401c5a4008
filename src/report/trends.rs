//! The report's "Trends" section: key actors' betweenness at a series of dates (a line chart) and each
//! actor's bloc over time (a table), built from [`crate::query::trend`].

use std::collections::BTreeSet;

use crate::error::Result;
use crate::model::{ActorGraph, PartialDate};
use crate::output::chart::{line_chart, Line};
use crate::output::fmt_score;
use crate::query::blocs::{alliance_blocs, BlocsOptions};
use crate::query::central::{Measure, Options};
use crate::query::trend::{bloc_members, blocs_series, central_series, leaders, Point};
use crate::query::Filter;

use super::{Block, Figure, Inline, Section};

/// The most dates the section shows (the latest ones).
const MOST_POINTS: usize = 12;
/// Actors drawn in the chart.
pub(super) const CHART_ACTORS: usize = 6;
/// The SVG file of the chart beside the Markdown report.
pub const CHART_FILE: &str = "trends.svg";

fn text(t: impl Into<String>) -> Vec<Inline> {
    vec![Inline::Text(t.into())]
}

/// The years in which some relation starts or ends: the only years at which an answer can change.
#[must_use]
pub fn change_years(graph: &ActorGraph) -> Vec<PartialDate> {
    let years: BTreeSet<i32> =
        graph.relations().iter().flat_map(|r| [r.date, r.until]).flatten().map(|d| d.year()).collect();
    let years: Vec<i32> = years.into_iter().collect();
    let start = years.len().saturating_sub(MOST_POINTS);
    years[start..].iter().filter_map(|&y| PartialDate::from_parts(y, None, None)).collect()
}

/// The trends chart and tables cover at most this many dates (the latest): each costs a betweenness and a
/// blocs search.
pub const MAX_DATES: usize = 12;

/// On a dataset large enough for the key actors to be estimated from a sample
/// ([`crate::query::central::key_actors_sample`]), each date's blocs search restarts this many times instead
/// of the default (10 below 100,000 signed links): twelve full searches took 37 of the 78 s CPU that the
/// default report of 20,000 actors and 150,000 relations took. The section says so and names the command
/// that searches harder.
pub const LARGE_RESTARTS: usize = 3;

/// The section, or `None` when the relations' dates fall in fewer than two years. `filter` applies at every
/// date (the report's `--if-denials-hold`); its dates are replaced by each year's.
///
/// # Errors
/// A partition or measure that fails (a graph too large to search).
pub fn trends_section(graph: &ActorGraph, filter: &Filter) -> Result<Option<Section>> {
    let mut points: Vec<Point> = change_years(graph).into_iter().map(Point::at).collect();
    if points.len() < 2 {
        return Ok(None);
    }
    // Each date costs a betweenness and a blocs search: only the latest dates are charted.
    let all_dates = points.len();
    points.drain(..all_dates.saturating_sub(MAX_DATES));
    let filter = filter.clone();
    let labels: Vec<String> = points.iter().map(|p| p.label.clone()).collect();
    // Estimated from a sample on a large dataset, as the "Key actors" section is.
    let sample = crate::query::central::key_actors_sample(graph.actors().len());
    let central =
        central_series(graph, &filter, &points, Measure::Betweenness, &Options { sample, ..Options::default() })?;
    let lines: Vec<Line> = leaders(graph, &central, 3)
        .into_iter()
        .take(CHART_ACTORS)
        .map(|actor| Line {
            label: graph.actor(actor).name.clone(),
            values: central
                .iter()
                .map(|(_, ranked)| ranked.iter().find(|(a, _, _)| *a == actor).map(|&(_, _, s)| s))
                .collect(),
        })
        .collect();
    let svg = line_chart("Betweenness of the key actors, by year", &labels, &lines);
    let mut blocks = vec![Block::Figure(Figure {
        file: CHART_FILE.to_owned(),
        svg,
        caption: format!(
            "Betweenness (normalised as in NetworkX, Brandes 2001) of the actors in the top 3 at any of {} dates.",
            labels.len()
        ),
    })];
    let restarts = sample.map(|_| LARGE_RESTARTS);
    let options = BlocsOptions { restarts, ..BlocsOptions::default() };
    let series = blocs_series(graph, &filter, &points, |view| alliance_blocs(view, &options))?;
    let mut header = vec!["actor".to_owned()];
    header.extend(labels.iter().cloned());
    let members = bloc_members(graph, &series);
    let member_count = members.len();
    let rows = members
        .into_iter()
        .take(super::MAX_ROWS)
        .map(|actor| {
            let mut row = vec![text(graph.actor(actor).name.clone())];
            row.extend(
                series.iter().map(|at| text(at.number_of(actor).map_or_else(|| "—".to_owned(), |n| n.to_string()))),
            );
            row
        })
        .collect();
    blocks.push(Block::Heading("Bloc of each actor".to_owned()));
    blocks.push(Block::Table { header, rows });
    if member_count > super::MAX_ROWS {
        blocks.push(Block::Para(text(format!(
            "Showing the first {} of {member_count} actors; `actorgraph blocs --every year --format json` lists every one.",
            super::MAX_ROWS
        ))));
    }
    let mut moves = Vec::new();
    for at in &series {
        for c in &at.switched {
            moves.push(text(format!(
                "{}: {} moved from bloc {} to bloc {}",
                at.point.label,
                graph.actor(c.actor).name,
                c.before.unwrap_or(0),
                c.after.unwrap_or(0)
            )));
        }
    }
    blocks.push(Block::Heading("Who switched bloc".to_owned()));
    if moves.is_empty() {
        blocks.push(Block::Para(text(
            "Nobody present at two successive dates changed bloc; actors only joined or left the signed network.",
        )));
    } else {
        let total = moves.len();
        moves.truncate(super::MAX_ROWS);
        blocks.push(Block::List(moves));
        if total > super::MAX_ROWS {
            blocks.push(Block::Para(text(format!(
                "Showing the first {} of {total} switches; `actorgraph blocs --every year --format json` lists every one.",
                super::MAX_ROWS
            ))));
        }
    }
    let frustration: Vec<String> =
        series.iter().map(|at| format!("{} {}", at.point.label, fmt_score(at.blocs.frustration))).collect();
    blocks.push(Block::Para(text(format!("Frustration of the partition by date: {}.", frustration.join("; ")))));
    Ok(Some(Section {
        title: "Trends".to_owned(),
        intro: Some(format!(
            "The network as of each year in which a relation starts or ends (the only years at which an answer can \
             change): the key actors' betweenness, and the alliance blocs, numbered so that one camp keeps its \
             number from date to date (blocs matched by overlap). A switch is an actor in a bloc at two successive \
             dates, in different blocs; actors joining or leaving the signed network are not switches.{}{}",
            if all_dates > points.len() {
                format!(
                    " Only the latest {} of the {all_dates} dates are shown; the command below with other dates \
                     shows any of them.",
                    points.len()
                )
            } else {
                String::new()
            },
            sample.map_or_else(String::new, |k| format!(
                " Betweenness is estimated from {k} sampled source actors (Brandes & Pich 2007), and each date's \
                 blocs are searched with {LARGE_RESTARTS} restarts of the local search (the `blocs` command makes 10 \
                 below 100,000 signed links; leave out `--sample` and `--restarts` below to compute them as the \
                 commands do by default)."
            )),
        )),
        command: Some(format!(
            "actorgraph central --measure betweenness --series {0}{1}; actorgraph blocs --series {0}{2}",
            labels.join(","),
            sample.map_or_else(String::new, |k| format!(" --sample {k}")),
            restarts.map_or_else(String::new, |r| format!(" --restarts {r}")),
        )),
        blocks,
    }))
}
