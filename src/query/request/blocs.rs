//! [`BlocsRequest`]: the alliance blocs at one date, compared with another date or with the picture in which
//! the denials hold, or at each date of a series; and the records `blocs --format json` writes of them.

use serde::Serialize;

use crate::error::Result;
use crate::model::records::RelationRecord;
use crate::model::{ActorGraph, ActorIx, PartialDate, RelationIx, Target};
use crate::progress::Progress;
use crate::query::blocs::denials::{compare_denials, DenialComparison, KEY_MEASURE};
use crate::query::blocs::{alliance_blocs, alliance_blocs_reporting, compare, Blocs, BlocsOptions, Change, Comparison};
use crate::query::trend::{blocs_series, split_changes, BlocsAt, Point};
use crate::query::{Filter, View};

/// What a blocs request compares the partition with.
#[derive(Debug, Clone, PartialEq)]
pub enum Compare {
    /// Nothing: one partition.
    Nothing,
    /// The partition as of a later date (the filter's `as_of` is the first).
    AsOf(PartialDate),
    /// The partition with the contested relations left out.
    Denials,
    /// A partition at each point of a series.
    Series(Vec<Point>),
}

/// `blocs`: the search's options, the relations in view and the comparison asked for.
#[derive(Debug, Clone)]
pub struct BlocsRequest {
    /// How to search.
    pub options: BlocsOptions,
    /// The relations in view.
    pub filter: Filter,
    /// What to compare with.
    pub compare: Compare,
}

/// The partitions a [`BlocsRequest`] found.
#[derive(Debug, Clone)]
pub enum BlocsAnswer {
    /// One partition, and the one at a later date with how they compare.
    One {
        /// The partition.
        blocs: Blocs,
        /// The later partition and the comparison.
        later: Option<(Blocs, Comparison)>,
    },
    /// The partitions if the reports and if the denials hold.
    Denials(DenialComparison),
    /// One partition per date.
    Series(Vec<BlocsAt>),
}

impl BlocsAnswer {
    /// Whether no actor has a positive or negative relation in any of the partitions.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        match self {
            Self::One { blocs, later } => {
                blocs.blocs.is_empty() && later.as_ref().is_none_or(|(b, _)| b.blocs.is_empty())
            }
            Self::Denials(c) => c.reports_hold.blocs.is_empty() && c.denials_hold.blocs.is_empty(),
            Self::Series(series) => series.iter().all(|at| at.blocs.blocs.is_empty()),
        }
    }

    /// The answer as `blocs --format json` writes it.
    #[must_use]
    pub fn record(&self, graph: &ActorGraph, request: &BlocsRequest) -> serde_json::Value {
        let options = &request.options;
        let result = match self {
            Self::One { blocs, later } => {
                let as_of = request.filter.as_of.map(|d| d.to_string());
                let base = Numbered::first(blocs, as_of);
                let later_date = match request.compare {
                    Compare::AsOf(d) => Some(d.to_string()),
                    _ => None,
                };
                let other = later.as_ref().map(|(b, c)| Numbered {
                    blocs: b,
                    numbers: c.numbers.clone(),
                    as_of: later_date.clone(),
                });
                serde_json::to_value(blocs_record(
                    graph,
                    &base,
                    other.as_ref(),
                    later.as_ref().map(|(_, c)| &c.changes[..]),
                    options,
                ))
            }
            Self::Denials(c) => serde_json::to_value(denials_record(graph, c, options)),
            Self::Series(series) => serde_json::to_value(series_record(graph, series)),
        };
        // Records hold strings, numbers and lists only.
        result.unwrap_or(serde_json::Value::Null)
    }
}

impl BlocsRequest {
    /// Partitions the graph as asked, reporting the progress of a one-date search to `progress`.
    ///
    /// # Errors
    /// As [`alliance_blocs`]: a graph too large to search, zero restarts or blocs.
    pub fn run(&self, graph: &ActorGraph, progress: Option<&dyn Progress>) -> Result<BlocsAnswer> {
        let options = &self.options;
        Ok(match &self.compare {
            Compare::Series(points) => {
                BlocsAnswer::Series(blocs_series(graph, &self.filter, points, |view| alliance_blocs(view, options))?)
            }
            Compare::Denials => BlocsAnswer::Denials(compare_denials(graph, &self.filter, options)?),
            Compare::Nothing | Compare::AsOf(_) => {
                let view = View::new(graph, &self.filter);
                let blocs = alliance_blocs_reporting(&view, options, progress)?;
                let later = match self.compare {
                    Compare::AsOf(date) => {
                        let later_filter = Filter { as_of: Some(date), ..self.filter.clone() };
                        let later = alliance_blocs_reporting(&View::new(graph, &later_filter), options, progress)?;
                        let comparison = compare(&view, &blocs, &later);
                        Some((later, comparison))
                    }
                    _ => None,
                };
                BlocsAnswer::One { blocs, later }
            }
        })
    }
}

/// A partition with the numbers its blocs go by (1-based positions, or matched numbers when comparing).
#[derive(Debug, Clone)]
pub struct Numbered<'a> {
    /// The partition.
    pub blocs: &'a Blocs,
    /// The number of each bloc (same order).
    pub numbers: Vec<usize>,
    /// The date it is as of, shown in headings.
    pub as_of: Option<String>,
}

impl<'a> Numbered<'a> {
    /// The partition with its blocs numbered 1, 2, … in order.
    #[must_use]
    pub fn first(blocs: &'a Blocs, as_of: Option<String>) -> Self {
        Self { blocs, numbers: (1..=blocs.blocs.len()).collect(), as_of }
    }

    /// The number of an actor's bloc; 0 for none.
    #[must_use]
    pub fn number_of(&self, actor: ActorIx) -> usize {
        self.blocs.bloc_of(actor).map_or(0, |i| self.numbers[i])
    }

    /// The bloc numbers of a relation's two ends (0 for a statement's target or an end in no bloc).
    #[must_use]
    pub fn ends(&self, graph: &ActorGraph, relation: RelationIx) -> (usize, usize) {
        let r = graph.relation(relation);
        let to = match r.to {
            Target::Actor(a) => self.number_of(a),
            Target::Relation(_) => 0,
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

    fn frustrated(&self, graph: &ActorGraph, r: RelationIx) -> FrustratedJson {
        let (from_bloc, to_bloc) = self.ends(graph, r);
        FrustratedJson { relation: RelationRecord::new(graph, r), from_bloc, to_bloc, breaks: self.breaks(graph, r) }
    }

    fn json(&self, graph: &ActorGraph, options: &BlocsOptions) -> PartitionJson {
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
            frustrated: b.frustrated.iter().map(|&r| self.frustrated(graph, r)).collect(),
            balanced_triangle_share: b.triangles.share(),
            signed_triangles: b.triangles.triangles,
            balanced_triangles: b.triangles.balanced,
            signed_actors: b.blocs.iter().map(Vec::len).sum(),
            signed_relations: b.signed_relations,
            left_out: b.left_out.len(),
            left_out_actors: b.left_out.iter().map(|&a| graph.actor(a).id.clone()).collect(),
            components: b.components,
            exact_components: b.exact_components,
            max_blocs: options.max_blocs,
            seed: options.seed,
            restarts: b.restarts,
            stopped_early: b.stopped_early,
            link_visits: b.link_visits,
        }
    }
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
    max_blocs: Option<usize>,
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

fn blocs_record(
    graph: &ActorGraph,
    base: &Numbered,
    other: Option<&Numbered>,
    changes: Option<&[Change]>,
    options: &BlocsOptions,
) -> BlocsJson {
    let split = changes.map(split_changes);
    BlocsJson {
        partition: base.json(graph, options),
        compare: other.map(|o| o.json(graph, options)),
        changes: changes.map(|list| change_records(graph, list)),
        switched: split.as_ref().map(|(s, _, _)| change_records(graph, s)),
        appeared: split.as_ref().map(|(_, a, _)| change_records(graph, a)),
        disappeared: split.as_ref().map(|(_, _, d)| change_records(graph, d)),
    }
}

#[derive(Serialize)]
struct DenialsJson {
    #[serde(flatten)]
    partition: PartitionJson,
    compare_denials: DenialsChangeJson,
}

#[derive(Serialize)]
struct DenialsChangeJson {
    summary: String,
    left_out_relations: Vec<RelationRecord>,
    partition_if_denials_hold: PartitionJson,
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

/// What changes when the denials hold, in one sentence: `2 contested relations left out; nobody moves bloc;
/// …`.
#[must_use]
pub fn denials_summary(c: &DenialComparison) -> String {
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
            format!("the top {} key actors keep their ranks", crate::query::blocs::denials::KEY_ACTORS)
        } else {
            format!("{reranked} of the key actors change rank")
        },
    ]
    .join("; ")
}

/// The two partitions of a denial comparison, numbered: the reports' 1, 2, …, the denials' matched to them.
#[must_use]
pub fn denials_numbered(c: &DenialComparison) -> (Numbered<'_>, Numbered<'_>) {
    (
        Numbered::first(&c.reports_hold, None),
        Numbered { blocs: &c.denials_hold, numbers: c.comparison.numbers.clone(), as_of: None },
    )
}

fn denials_record(graph: &ActorGraph, c: &DenialComparison, options: &BlocsOptions) -> DenialsJson {
    let (base, held) = denials_numbered(c);
    let records = |list: &[RelationIx]| list.iter().map(|&r| RelationRecord::new(graph, r)).collect();
    DenialsJson {
        partition: base.json(graph, options),
        compare_denials: DenialsChangeJson {
            summary: denials_summary(c),
            left_out_relations: records(&c.left_out),
            partition_if_denials_hold: held.json(graph, options),
            moved: change_records(graph, &c.comparison.changes),
            no_longer_frustrated: records(&c.no_longer_frustrated),
            newly_frustrated: c.newly_frustrated.iter().map(|&r| held.frustrated(graph, r)).collect(),
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
    }
}

#[derive(Serialize)]
struct MoveJson<'a> {
    id: &'a str,
    name: &'a str,
    from_bloc: Option<usize>,
    to_bloc: Option<usize>,
}

#[derive(Serialize)]
struct BlocsAtJson<'a> {
    date: &'a str,
    method: &'static str,
    frustration: f64,
    blocs: Vec<BlocJson>,
    left_out: usize,
    switched: Vec<MoveJson<'a>>,
    appeared: Vec<MoveJson<'a>>,
    disappeared: Vec<MoveJson<'a>>,
}

fn series_record<'a>(graph: &'a ActorGraph, series: &'a [BlocsAt]) -> Vec<BlocsAtJson<'a>> {
    let moves = |list: &[Change]| -> Vec<MoveJson<'a>> {
        list.iter()
            .map(|c| MoveJson {
                id: &graph.actor(c.actor).id,
                name: &graph.actor(c.actor).name,
                from_bloc: c.before,
                to_bloc: c.after,
            })
            .collect()
    };
    series
        .iter()
        .map(|at| BlocsAtJson {
            date: &at.point.label,
            method: at.blocs.method.as_str(),
            frustration: at.blocs.frustration,
            blocs: at
                .blocs
                .blocs
                .iter()
                .zip(&at.numbers)
                .map(|(m, &bloc)| BlocJson { bloc, members: m.iter().map(|&a| graph.actor(a).id.clone()).collect() })
                .collect(),
            left_out: at.blocs.left_out.len(),
            switched: moves(&at.switched),
            appeared: moves(&at.appeared),
            disappeared: moves(&at.disappeared),
        })
        .collect()
}
