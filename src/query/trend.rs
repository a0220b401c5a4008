//! Trends: the same question answered at a series of dates — every year, quarter or month of the period the
//! dataset covers, or at dates the analyst names — so that what *moved* can be read off one table.
//!
//! Each answer is the question asked of the graph as of that point, under the same validity rule as
//! `--as-of` ([`Filter::as_of`]): a year or a month is one partial date, and a relation counts when it is
//! valid at some time within it; a quarter is the union of its three months.
//!
//! Blocs found at successive dates are numbered consistently: each date's blocs are matched to the previous
//! date's by overlap ([`super::blocs::compare`]), so bloc 2 in 2019 and bloc 2 in 2020 are the same camp,
//! and an actor whose number changes while present at both dates has really switched sides.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{ActorGraph, ActorIx, PartialDate};

use super::blocs::{compare, Blocs, Change};
use super::central::{centrality, Measure, Options};
use super::{Filter, View};

/// How far apart the points of a regular series are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// One point per calendar year.
    Year,
    /// One point per calendar quarter.
    Quarter,
    /// One point per month.
    Month,
}

/// The most points a series may have: beyond that a table is unreadable and the run slow.
pub const MAX_POINTS: usize = 120;

/// One point of a series: its label (`2019`, `2019-Q3`, `2019-07`) and the dates it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Point {
    /// How the point is shown.
    pub label: String,
    /// The partial dates whose union the point stands for (one, or three months for a quarter).
    #[serde(skip)]
    pub dates: Vec<PartialDate>,
}

impl Point {
    /// A point at one partial date.
    #[must_use]
    pub fn at(date: PartialDate) -> Self {
        Self { label: date.to_string(), dates: vec![date] }
    }

    /// The graph as of this point: the union of the views as of each of its dates.
    #[must_use]
    pub fn view<'g>(&self, graph: &'g ActorGraph, filter: &Filter) -> View<'g> {
        let mut views = self.dates.iter().map(|&d| View::new(graph, &Filter { as_of: Some(d), ..filter.clone() }));
        let first = views.next().unwrap_or_else(|| View::new(graph, filter));
        views.fold(first, |all, v| all.union(&v))
    }
}

/// The first and last dates of the relations (and their ends) `filter` keeps, if any is dated.
#[must_use]
pub fn period(graph: &ActorGraph, filter: &Filter) -> Option<(PartialDate, PartialDate)> {
    let view = View::new(graph, filter);
    let mut range: Option<(PartialDate, PartialDate)> = None;
    for r in view.relations() {
        let relation = graph.relation(r);
        for d in [relation.date, relation.until].into_iter().flatten() {
            range = Some(range.map_or((d, d), |(f, l)| (f.min(d), l.max(d))));
        }
    }
    range
}

/// The points of a regular series from `first` to `last` (both included).
///
/// # Errors
/// [`Error::LimitExceeded`] beyond [`MAX_POINTS`] points.
///
/// ```
/// use actorgraph::query::trend::{points_every, Every};
/// let (first, last) = ("2019-11".parse().unwrap(), "2020-02-10".parse().unwrap());
/// let labels: Vec<String> = points_every(first, last, Every::Quarter).unwrap().into_iter().map(|p| p.label).collect();
/// assert_eq!(labels, ["2019-Q4", "2020-Q1"]);
/// ```
pub fn points_every(first: PartialDate, last: PartialDate, every: Every) -> Result<Vec<Point>> {
    let (y0, m0, _) = first.start();
    let (y1, m1, _) = last.end();
    let months = (i64::from(y1) - i64::from(y0)) * 12 + i64::from(m1) - i64::from(m0) + 1;
    let count = match every {
        Every::Year => i64::from(y1) - i64::from(y0) + 1,
        Every::Quarter => months / 3 + 2,
        Every::Month => months,
    };
    if usize::try_from(count).unwrap_or(usize::MAX) > MAX_POINTS {
        return Err(Error::LimitExceeded {
            what: format!("a series from {first} to {last} would have {count} points (at most {MAX_POINTS})"),
            advice: crate::error::Advice::Text(
                "choose a longer step, or name the dates of the series yourself".to_owned(),
            ),
        });
    }
    let month = |y: i32, m: u8| PartialDate::from_parts(y, Some(m), None);
    let mut out = Vec::new();
    match every {
        Every::Year => {
            for y in y0..=y1 {
                out.extend(PartialDate::from_parts(y, None, None).map(Point::at));
            }
        }
        Every::Month => {
            let (mut y, mut m) = (y0, m0);
            while (y, m) <= (y1, m1) {
                out.extend(month(y, m).map(Point::at));
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        }
        Every::Quarter => {
            let (mut y, mut q) = (y0, (m0 - 1) / 3);
            while (y, q) <= (y1, (m1 - 1) / 3) {
                let dates = (1..=3).filter_map(|i| month(y, q * 3 + i)).collect();
                out.push(Point { label: format!("{y:04}-Q{}", q + 1), dates });
                (y, q) = if q == 3 { (y + 1, 0) } else { (y, q + 1) };
            }
        }
    }
    Ok(out)
}

/// One partition of a series of blocs, numbered consistently with the one before.
#[derive(Debug, Clone)]
pub struct BlocsAt {
    /// The point.
    pub point: Point,
    /// The partition at that point.
    pub blocs: Blocs,
    /// The number of each bloc of [`BlocsAt::blocs`] (same order), stable across the series.
    pub numbers: Vec<usize>,
    /// Against the previous point: actors present at both in different blocs (`before`/`after` are the
    /// stable numbers), sorted by actor id. Empty at the first point.
    pub switched: Vec<Change>,
    /// Actors in a bloc here and in none at the previous point.
    pub appeared: Vec<Change>,
    /// Actors in a bloc at the previous point and in none here.
    pub disappeared: Vec<Change>,
}

impl BlocsAt {
    /// The stable number of an actor's bloc at this point.
    #[must_use]
    pub fn number_of(&self, actor: ActorIx) -> Option<usize> {
        self.blocs.bloc_of(actor).map(|i| self.numbers[i])
    }
}

/// Splits the changes of a comparison into real switches, appearances and disappearances.
#[must_use]
pub fn split_changes(changes: &[Change]) -> (Vec<Change>, Vec<Change>, Vec<Change>) {
    let mut switched = Vec::new();
    let mut appeared = Vec::new();
    let mut disappeared = Vec::new();
    for &c in changes {
        match (c.before, c.after) {
            (Some(_), Some(_)) => switched.push(c),
            (None, Some(_)) => appeared.push(c),
            (Some(_), None) => disappeared.push(c),
            (None, None) => {}
        }
    }
    (switched, appeared, disappeared)
}

/// Partitions the graph at each point with `partition`, numbering blocs consistently along the series.
///
/// # Errors
/// What `partition` returns.
///
/// # Complexity
/// Points × the cost of one partition.
pub fn blocs_series(
    graph: &ActorGraph,
    filter: &Filter,
    points: &[Point],
    mut partition: impl FnMut(&View) -> Result<Blocs>,
) -> Result<Vec<BlocsAt>> {
    let mut out: Vec<BlocsAt> = Vec::with_capacity(points.len());
    let mut next_number = 0;
    for point in points {
        let view = point.view(graph, filter);
        let blocs = partition(&view)?;
        let Some(previous) = out.last() else {
            next_number = blocs.blocs.len();
            let numbers = (1..=blocs.blocs.len()).collect();
            out.push(BlocsAt {
                point: point.clone(),
                blocs,
                numbers,
                switched: Vec::new(),
                appeared: Vec::new(),
                disappeared: Vec::new(),
            });
            continue;
        };
        let comparison = compare(&view, &previous.blocs, &blocs);
        // `compare` numbers by the previous partition's positions; carry the previous stable numbers on.
        let numbers: Vec<usize> = comparison
            .numbers
            .iter()
            .map(|&n| match previous.numbers.get(n - 1) {
                Some(&stable) => stable,
                None => {
                    next_number += 1;
                    next_number
                }
            })
            .collect();
        let stable_before = |b: Option<usize>| b.and_then(|n| previous.numbers.get(n - 1).copied());
        let changes: Vec<Change> = comparison
            .changes
            .iter()
            .map(|c| Change {
                actor: c.actor,
                before: stable_before(c.before),
                after: blocs.bloc_of(c.actor).map(|i| numbers[i]),
            })
            .filter(|c| c.before != c.after)
            .collect();
        let (switched, appeared, disappeared) = split_changes(&changes);
        out.push(BlocsAt { point: point.clone(), blocs, numbers, switched, appeared, disappeared });
    }
    Ok(out)
}

/// One point's centrality: `(actor, rank, score)` for every actor in view, best first.
pub type Ranked = Vec<(ActorIx, usize, f64)>;

/// Centrality at each point of a series: the number of ties, and every actor ranked.
///
/// # Errors
/// A measure that does not converge at some point.
///
/// # Complexity
/// Points × the cost of the measure.
pub fn central_series(
    graph: &ActorGraph,
    filter: &Filter,
    points: &[Point],
    measure: Measure,
    options: &Options,
) -> Result<Vec<(usize, Ranked)>> {
    points
        .iter()
        .map(|p| {
            let result = centrality(&p.view(graph, filter), measure, options)?;
            let ranks = result.ranks();
            Ok((result.ties, result.scores.iter().zip(ranks).map(|(s, r)| (s.actor, r, s.score)).collect()))
        })
        .collect()
}

/// The actors with a score among the top `top` at any point, by their best rank (then id).
#[must_use]
pub fn leaders(graph: &ActorGraph, series: &[(usize, Ranked)], top: usize) -> Vec<ActorIx> {
    let mut best: BTreeMap<ActorIx, usize> = BTreeMap::new();
    for (_, ranked) in series {
        for &(actor, rank, score) in ranked.iter().take(top) {
            if score > 0.0 {
                let entry = best.entry(actor).or_insert(rank);
                *entry = (*entry).min(rank);
            }
        }
    }
    let mut actors: Vec<ActorIx> = best.keys().copied().collect();
    actors.sort_by(|a, b| best[a].cmp(&best[b]).then_with(|| graph.actor(*a).id.cmp(&graph.actor(*b).id)));
    actors
}

/// Every actor in a bloc at some point, ordered by the first bloc it is seen in, then by id.
#[must_use]
pub fn bloc_members(graph: &ActorGraph, series: &[BlocsAt]) -> Vec<ActorIx> {
    let mut first: BTreeMap<ActorIx, usize> = BTreeMap::new();
    for at in series {
        for (members, &number) in at.blocs.blocs.iter().zip(&at.numbers) {
            for &a in members {
                first.entry(a).or_insert(number);
            }
        }
    }
    let mut actors: Vec<ActorIx> = first.keys().copied().collect();
    actors.sort_by(|a, b| first[a].cmp(&first[b]).then_with(|| graph.actor(*a).id.cmp(&graph.actor(*b).id)));
    actors
}
