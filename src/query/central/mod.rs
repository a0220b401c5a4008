//! `central`: which actors are key, by the classic centrality measures, with the values NetworkX gives.
//!
//! Every measure runs on [`Ties`], the simple graph of ties between the actors in view, built the way an
//! analyst would build it in NetworkX:
//!
//! - if every tie in view is of a symmetric kind (`allied_with`, `meets`), the graph is undirected
//!   (`nx.Graph`); otherwise it is directed (`nx.DiGraph`) and each symmetric relation adds arcs both ways;
//! - parallel relations between the same ordered pair count once; with `weighted`, the arc's weight is the
//!   sum of their confidences;
//! - statements about other relations (a denial of a claim) are not ties; every other relation between two
//!   actors in view is, whatever its sign (use the common filters to choose which kinds count).
//!
//! Each measure equals a NetworkX 3.6 function with its defaults, within 1e-6 (see [`Measure`]; the tests
//! check this against numbers computed with NetworkX, `tests/fixtures/centrality/`). Iterative measures run
//! to a far tighter tolerance than NetworkX's default so that the answer is the fixed point itself.
//!
//! **Weighted path measures.** NetworkX reads an edge weight as a *length* in betweenness and closeness: a
//! more confident tie would be a *longer* one. actorgraph's `weighted` betweenness and closeness use the
//! length 1 / (summed confidence) instead (Newman 2001; Opsahl, Agneessens & Skvoretz 2010), so that a
//! stronger tie is a shorter one; this equals NetworkX called with that length as the `weight`
//! (`distance`) attribute. Arcs whose confidences sum to 0 are then no ties at all. [`Distance::Weight`]
//! keeps NetworkX's literal meaning for comparison.

mod betweenness;
mod closeness;
mod degree;
mod eigenvector;
mod pagerank;
mod search;
mod ties;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::ActorIx;
use crate::query::View;

pub use betweenness::{betweenness, hoeffding_error, Sources, SAMPLE_SEED};
pub use closeness::closeness;
pub use degree::{degree, in_degree, out_degree};
pub use eigenvector::{eigenvector, EigenvectorOptions};
pub use pagerank::{pagerank, PageRankOptions};
pub use ties::Ties;

/// A centrality measure. Each equals the NetworkX function named in its documentation, with NetworkX's
/// defaults, on the graph [`Ties`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Share of the other actors tied to the actor: `nx.degree_centrality` — degree / (n − 1); on a directed
    /// graph the degree is in + out, so the value can exceed 1.
    Degree,
    /// Share of the other actors with a tie *to* the actor: `nx.in_degree_centrality`.
    InDegree,
    /// Share of the other actors the actor has a tie *to*: `nx.out_degree_centrality`.
    OutDegree,
    /// Share of shortest paths between other actors that pass through the actor:
    /// `nx.betweenness_centrality` (Brandes 2001), normalised by 1 / ((n − 1)(n − 2)), endpoints excluded.
    Betweenness,
    /// How near the actor is to the others: `nx.closeness_centrality` with the Wasserman–Faust correction
    /// for unreachable actors; on a directed graph it uses distances *to* the actor (incoming paths).
    Closeness,
    /// Google's PageRank: `nx.pagerank` with α = 0.85; an actor with no outgoing tie spreads its score
    /// uniformly over all actors.
    #[serde(rename = "pagerank")]
    PageRank,
    /// Eigenvector centrality on incoming ties (the left Perron vector): `nx.eigenvector_centrality`,
    /// unit Euclidean norm.
    Eigenvector,
}

impl Measure {
    /// The name used on the command line and in JSON (`in-degree`, `pagerank`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Degree => "degree",
            Self::InDegree => "in-degree",
            Self::OutDegree => "out-degree",
            Self::Betweenness => "betweenness",
            Self::Closeness => "closeness",
            Self::PageRank => "pagerank",
            Self::Eigenvector => "eigenvector",
        }
    }

    /// A title for captions (`Betweenness centrality`).
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Degree => "Degree centrality",
            Self::InDegree => "In-degree centrality",
            Self::OutDegree => "Out-degree centrality",
            Self::Betweenness => "Betweenness centrality",
            Self::Closeness => "Closeness centrality",
            Self::PageRank => "PageRank",
            Self::Eigenvector => "Eigenvector centrality",
        }
    }

    /// The NetworkX call the measure equals, for captions and documentation.
    #[must_use]
    pub fn networkx(self, weighted: bool) -> &'static str {
        match (self, weighted) {
            (Self::Degree, _) => "nx.degree_centrality(G)",
            (Self::InDegree, _) => "nx.in_degree_centrality(G)",
            (Self::OutDegree, _) => "nx.out_degree_centrality(G)",
            (Self::Betweenness, false) => "nx.betweenness_centrality(G)",
            (Self::Betweenness, true) => "nx.betweenness_centrality(G, weight=\"1/confidence\")",
            (Self::Closeness, false) => "nx.closeness_centrality(G)",
            (Self::Closeness, true) => "nx.closeness_centrality(G, distance=\"1/confidence\")",
            (Self::PageRank, false) => "nx.pagerank(G, alpha=0.85, weight=None)",
            (Self::PageRank, true) => "nx.pagerank(G, alpha=0.85, weight=\"confidence\")",
            (Self::Eigenvector, false) => "nx.eigenvector_centrality(G)",
            (Self::Eigenvector, true) => "nx.eigenvector_centrality(G, weight=\"confidence\")",
        }
    }

    /// How close two scores must be to count as equal when ranking: 1e-12 for the measures computed
    /// exactly (only floating-point noise separates equal scores), 1e-9 for PageRank and eigenvector
    /// centrality, which iteration brings that close to their exact values and no closer.
    #[must_use]
    pub fn resolution(self) -> f64 {
        match self {
            Self::PageRank | Self::Eigenvector => 1e-9,
            _ => 1e-12,
        }
    }

    /// Whether the measure can use tie weights (degree measures count ties and cannot).
    #[must_use]
    pub fn uses_weights(self) -> bool {
        !matches!(self, Self::Degree | Self::InDegree | Self::OutDegree)
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a path measure (betweenness, closeness) takes as the length of a tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Distance {
    /// Every tie has length 1 (NetworkX's default, `weight=None`).
    Hops,
    /// Length 1 / (summed confidence): a stronger tie is shorter. What `--weighted` means. Arcs whose
    /// weight is 0 are left out.
    InverseWeight,
    /// Length = summed confidence, NetworkX's literal reading of `weight="weight"`: a stronger tie is
    /// *longer*. Offered to reproduce such NetworkX scripts; the command line does not use it.
    Weight,
}

/// Above this many actors, summaries that rank key actors without being asked to (the report's "Key
/// actors" section, the key actors of `blocs --compare-denials`) estimate betweenness from
/// [`KEY_ACTORS_SAMPLE`] sampled sources: exact betweenness is O(actors × ties), minutes at 20,000 actors and
/// 150,000 relations.
pub const EXACT_KEY_ACTORS_UP_TO: usize = 2_000;

/// The sample those summaries estimate betweenness from on larger views (Brandes & Pich 2007).
pub const KEY_ACTORS_SAMPLE: usize = 500;

/// The sample for ranking the key actors of a view of `actors` actors: `None` (exact) up to
/// [`EXACT_KEY_ACTORS_UP_TO`], else [`KEY_ACTORS_SAMPLE`].
///
/// ```
/// use actorgraph::query::central::key_actors_sample;
/// assert_eq!(key_actors_sample(26), None);
/// assert_eq!(key_actors_sample(20_000), Some(500));
/// ```
#[must_use]
pub fn key_actors_sample(actors: usize) -> Option<usize> {
    (actors > EXACT_KEY_ACTORS_UP_TO).then_some(KEY_ACTORS_SAMPLE)
}

/// How to compute a centrality.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Use summed confidences as tie weights (ignored by the degree measures; see [`Distance`] for
    /// betweenness and closeness).
    pub weighted: bool,
    /// Betweenness only: estimate from this many sampled source actors (Brandes & Pich 2007) instead of all
    /// of them. A sample of at least the number of actors is the exact computation.
    pub sample: Option<usize>,
}

/// One actor's score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// The actor.
    pub actor: ActorIx,
    /// Its centrality.
    pub score: f64,
}

/// How an estimated betweenness was made, and how far it may be from the exact one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Approximation {
    /// The number of sampled source actors.
    pub sources: usize,
    /// Half-width of a 95% confidence interval for each actor's score (Hoeffding's bound; see
    /// [`hoeffding_error`]).
    pub error: f64,
}

/// The result of [`centrality`]: every actor in view, highest score first, ties broken by actor id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Centrality {
    /// The measure.
    pub measure: Measure,
    /// Whether the tie graph was directed (`nx.DiGraph`) or undirected (`nx.Graph`).
    pub directed: bool,
    /// Whether tie weights were used.
    pub weighted: bool,
    /// Actors in view.
    pub actors: usize,
    /// Distinct ties (edges when undirected, arcs when directed).
    pub ties: usize,
    /// For a sampled betweenness: the sample size and the error bound.
    pub approximation: Option<Approximation>,
    /// For PageRank and eigenvector centrality: the iterations run.
    pub iterations: Option<usize>,
    /// Every actor in view with its score, highest first; equal scores by actor id.
    pub scores: Vec<Score>,
}

impl Centrality {
    /// The rank of each entry of [`Centrality::scores`]: 1 for the highest, and equal scores (at the
    /// measure's [`Measure::resolution`]) share a rank, the next one skipping ahead (1, 2, 2, 4).
    #[must_use]
    pub fn ranks(&self) -> Vec<usize> {
        let key = |score: f64| tie_key(score, self.measure.resolution());
        let mut ranks = Vec::with_capacity(self.scores.len());
        for (i, s) in self.scores.iter().enumerate() {
            let rank = match (i.checked_sub(1), ranks.last()) {
                (Some(prev), Some(&r)) if key(self.scores[prev].score) == key(s.score) => r,
                _ => i + 1,
            };
            ranks.push(rank);
        }
        ranks
    }
}

/// Scores that round to the same multiple of `resolution` are equal.
fn tie_key(score: f64, resolution: f64) -> f64 {
    (score / resolution).round()
}

/// PageRank's α, NetworkX's default.
pub const PAGERANK_ALPHA: f64 = 0.85;

/// Computes a centrality measure for every actor in `view`.
///
/// See the [module documentation](self) for how the graph is built and [`Measure`] for each definition.
///
/// # Errors
/// [`Error::NoConvergence`] when eigenvector centrality does not settle (a graph without a cycle of ties,
/// or with two equally strong, separate cores); [`Error::InvalidArgument`] for a sample of fewer than 2
/// actors.
///
/// # Complexity
/// With n actors and m relations in view, t distinct ties: O(n + m) to build the graph, then degree O(n);
/// PageRank and eigenvector O(t) per iteration; betweenness and closeness O(n·t) (O(n·t·log n) weighted),
/// O(k·t) for a sample of k, spread over every core.
///
/// ```
/// use actorgraph::query::{central::{centrality, Measure, Options}, Filter, View};
/// let graph = actorgraph::load::from_json_str("star.json", r#"{"format": "actorgraph/1",
///   "actors": [{"id": "hub"}, {"id": "a"}, {"id": "b"}, {"id": "c"}],
///   "relations": [{"from": "hub", "to": "a", "kind": "allied_with"},
///                 {"from": "hub", "to": "b", "kind": "allied_with"},
///                 {"from": "c", "to": "hub", "kind": "allied_with"}]}"#).unwrap();
/// let view = View::new(&graph, &Filter::default());
/// let result = centrality(&view, Measure::Betweenness, &Options::default()).unwrap();
/// assert!(!result.directed);
/// assert_eq!(graph.actor(result.scores[0].actor).id, "hub");
/// assert_eq!(result.scores[0].score, 1.0); // every path between two leaves goes through the hub
/// ```
pub fn centrality(view: &View, measure: Measure, options: &Options) -> Result<Centrality> {
    let weighted = options.weighted && measure.uses_weights();
    let ties = Ties::new(view, weighted);
    let distance = if weighted { Distance::InverseWeight } else { Distance::Hops };
    let n = ties.node_count();
    let mut approximation = None;
    let mut iterations = None;
    let values = match measure {
        Measure::Degree => degree(&ties),
        Measure::InDegree => in_degree(&ties),
        Measure::OutDegree => out_degree(&ties),
        Measure::Betweenness => match options.sample {
            Some(k) if k < 2 => {
                return Err(Error::InvalidSetting {
                    setting: crate::error::Setting::Sample,
                    message: format!("a sample needs at least 2 source actors (got {k})"),
                })
            }
            Some(k) if k < n => {
                approximation = Some(Approximation { sources: k, error: hoeffding_error(k, 0.95) });
                betweenness(&ties, distance, &Sources::Sample { count: k, seed: SAMPLE_SEED })
            }
            _ => betweenness(&ties, distance, &Sources::All),
        },
        Measure::Closeness => closeness(&ties, distance),
        Measure::PageRank => {
            let (values, runs) = pagerank(&ties, &PageRankOptions::default())?;
            iterations = Some(runs);
            values
        }
        Measure::Eigenvector => {
            let (values, runs) = eigenvector(&ties, &EigenvectorOptions::default())?;
            iterations = Some(runs);
            values
        }
    };
    Ok(Centrality {
        measure,
        directed: ties.is_directed(),
        weighted,
        actors: n,
        ties: ties.tie_count(),
        approximation,
        iterations,
        scores: rank(view, measure, &ties, &values),
    })
}

/// Sorts scores highest first; scores equal at the measure's [`Measure::resolution`] are ordered by actor
/// id, so that mathematically equal scores always come out in the same order.
///
/// Ids are ranked first ([`crate::model::ActorGraph::sort_by_actor_id`]) so that the main sort compares numbers only: with many equal
/// scores (degrees are small integers over n − 1) comparing ids inside it would dominate the whole query.
fn rank(view: &View, measure: Measure, ties: &Ties, values: &[f64]) -> Vec<Score> {
    let graph = view.graph();
    let mut by_id: Vec<u32> = (0..ties.node_count()).filter_map(|i| u32::try_from(i).ok()).collect();
    graph.sort_by_actor_id(&mut by_id, |&i| ((), ties.actor(i as usize)));
    let mut id_order = vec![0u32; by_id.len()];
    for (position, &node) in (0u32..).zip(&by_id) {
        id_order[node as usize] = position;
    }
    let mut keyed: Vec<(f64, u32, Score)> = ties
        .actors()
        .iter()
        .zip(values)
        .zip(&id_order)
        .map(|((&actor, &score), &order)| (tie_key(score, measure.resolution()), order, Score { actor, score }))
        .collect();
    // Ids are unique, so the order is total and an unstable sort is deterministic.
    keyed.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|(_, _, score)| score).collect()
}

#[cfg(test)]
mod tests;
