//! `blocs`: alliance blocs of the signed graph — the partition of the actors that best explains who is with
//! whom, and the relations that do not fit it.
//!
//! # Definition
//!
//! A signed graph is *balanced* (Harary 1953, "On the notion of balance of a signed graph", *Michigan
//! Mathematical Journal* 2(2)) when its actors split into two camps with every positive relation inside a camp
//! and every negative one between camps; Davis (1967, "Clustering and structural balance in graphs", *Human
//! Relations* 20(2)) relaxed this to any number of camps (*weak balance*, *k-clusterability*). Real networks
//! are rarely balanced, so we look for the partition that comes closest: the one minimising the
//! *frustration*, the confidence-weighted number of relations that break it — a positive relation between
//! two blocs, or a negative one inside a bloc. With two blocs at most this is the line index of balance
//! (frustration index; see Aref, Mason & Wilson 2018, "Computing the line index of balance using integer
//! programming optimisation", in *Optimization Problems in Graph Theory*, Springer); with any number of blocs
//! it is weighted correlation clustering (Bansal, Blum & Chawla 2004, "Correlation clustering", *Machine
//! Learning* 56).
//!
//! Only relations between two actors whose kind is positive or negative (not neutral, not a statement
//! kind) take part, in either direction, each with its own confidence: parallel relations each count. Actors
//! with no such relation are left out of the partition and counted. The number of blocs is found, not
//! given; [`BlocsOptions::max_blocs`] caps it (at most K blocs; `2` is Harary's classic balance, which also
//! allows a single bloc when nothing divides the actors). Among partitions with the same frustration the one
//! with the fewest blocs is chosen: an actor whose only tie is a shared enemy joins that enemy's other
//! enemies ("the enemy of my enemy"), rather than standing alone.
//!
//! # Method
//!
//! Each connected part of the signed graph is solved on its own (no relation links two parts, so their
//! frustrations simply add up).
//!
//! - Parts of at most [`BlocsOptions::exact_limit`] actors (25) are solved **exactly**: a branch and bound
//!   over assignments (actors placed one by one, the best-connected first, into a used bloc or the next new
//!   one, so each partition is met once), pruned by a lower bound — what each unplaced actor must add through
//!   its links to placed ones, plus the least frustration among the unplaced actors alone, computed
//!   beforehand by solving ever larger tail sub-problems (Russian doll search, Verfaillie, Lemaître & Schiex
//!   1996) — against a first answer from a quick local search. The exact search has a step budget; a part
//!   that exhausts it is solved by the full local search below instead.
//! - Larger parts get a multi-start **local search**: single actors move to the bloc that gains most (a
//!   queue of actors whose neighbourhood changed, each move costing the actor's degree), then blocs move as
//!   wholes (merging), level by level as in the Louvain method (Blondel, Guillaume, Lambiotte & Lefebvre
//!   2008); blocs whose parts are better apart are split; random kicks (an actor moved to a random bloc,
//!   the neighbourhood settled again, undone if worse) leave local optima; blocs that can merge at no cost
//!   do. Restarts use different random orders from [`BlocsOptions::seed`]; the best answer is kept.
//! - The local search counts every link it looks at against [`BlocsOptions::work_limit`], shared by all
//!   parts and restarts. When it is reached, the search stops at its next step and the best partition found
//!   so far is the answer, marked [`Blocs::stopped_early`] (a dense graph of 2,000 actors and a million
//!   relations once searched for minutes).
//!
//! [`Method::Exact`] is reported only when every part was solved exactly. With a cap, the blocs of
//! different parts are merged rank by rank (largest with largest): this costs nothing, since no relation
//! links them, but it also means nothing — the data does not say how unconnected parts relate.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Advice, Error, Result, Setting};
use crate::model::{ActorIx, RelationIx};
use crate::progress::Progress;

pub mod denials;
mod exact;
mod search;
mod work;

use super::signed::{self, unscale, SignedGraph, TriangleBalance};
use super::View;
use search::{count_blocs, ExactOutcome, Problem};
use work::Work;

/// How [`alliance_blocs`] searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlocsOptions {
    /// At most this many blocs (`None`: as many as fit best).
    pub max_blocs: Option<usize>,
    /// Seed of the local search's random actor orders: the same seed gives the same answer.
    pub seed: u64,
    /// How many times the local search starts afresh (the best result is kept); `None`: 10, or 3 above
    /// 100,000 signed links (see [`default_restarts`]).
    pub restarts: Option<usize>,
    /// Connected parts with at most this many actors are solved exactly.
    pub exact_limit: usize,
    /// Steps the exact search may take over all parts before it gives up on the remaining ones.
    pub exact_budget: u64,
    /// Link visits the local search may make over all parts and restarts (see [`DEFAULT_WORK_LIMIT`]);
    /// when reached, the best partition found so far is returned, marked [`Blocs::stopped_early`].
    pub work_limit: u64,
}

/// The default [`BlocsOptions::work_limit`]: about six seconds of search on one core (measured: a generated
/// dataset of 1,000,000 relations takes 0.8 billion link visits with its 3 restarts and is not cut; 2,000
/// actors with every pair related at probability 0.5 — a million signed relations — reach the limit, where
/// the search once ran for 184 s).
pub const DEFAULT_WORK_LIMIT: u64 = 2_000_000_000;

impl Default for BlocsOptions {
    fn default() -> Self {
        Self {
            max_blocs: None,
            seed: 1,
            restarts: None,
            exact_limit: 25,
            exact_budget: 20_000_000,
            work_limit: DEFAULT_WORK_LIMIT,
        }
    }
}

/// Whether the partition is proven optimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Every connected part was solved exactly: no partition has a lower frustration.
    Exact,
    /// At least one part was solved by local search only: a good partition, not proven the best.
    Heuristic,
}

impl Method {
    /// `exact` or `heuristic`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Heuristic => "heuristic",
        }
    }
}

/// The alliance blocs of a view.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocs {
    /// Whether the partition is proven optimal.
    pub method: Method,
    /// The summed confidence of the frustrated relations (six decimals).
    pub frustration: f64,
    /// The blocs: members sorted by actor id; blocs by size (largest first), then by first member's id.
    pub blocs: Vec<Vec<ActorIx>>,
    /// The relations that break the partition, most confident first, then by relation id.
    pub frustrated: Vec<RelationIx>,
    /// Signed triangles and how many are balanced.
    pub triangles: TriangleBalance,
    /// Actors in the view with no positive or negative relation, sorted by id.
    pub left_out: Vec<ActorIx>,
    /// The relations that took part.
    pub signed_relations: usize,
    /// Connected parts of the signed graph.
    pub components: usize,
    /// Parts solved exactly.
    pub exact_components: usize,
    /// Local search restarts per part solved by local search (a part solved exactly is seeded by one quick
    /// restart instead).
    pub restarts: usize,
    /// Whether the local search reached [`BlocsOptions::work_limit`] and stopped early: the partition is the
    /// best one found by then (some restarts or parts may have been cut short), not proven the best.
    pub stopped_early: bool,
    /// Link visits the local search made (at most about the work limit).
    pub link_visits: u64,
    /// `(actor, bloc index)` sorted by actor index.
    assignment: Vec<(ActorIx, usize)>,
}

impl Blocs {
    /// The index (into [`Blocs::blocs`]) of an actor's bloc, if it was partitioned.
    #[must_use]
    pub fn bloc_of(&self, actor: ActorIx) -> Option<usize> {
        self.assignment.binary_search_by_key(&actor, |&(a, _)| a).ok().map(|i| self.assignment[i].1)
    }
}

/// Above this many `links × restarts` the search refuses to start rather than run for minutes.
const WORK_LIMIT: u64 = 400_000_000;

/// The restarts used when none are asked for: 10, or 3 on graphs above 100,000 signed links, where one
/// restart takes seconds and more rarely find better (measured: 3 restarts on 1,000,000 relations in ~12 s).
#[must_use]
pub fn default_restarts(links: usize) -> usize {
    if links > 100_000 {
        3
    } else {
        10
    }
}

/// Finds the alliance blocs of a view: the partition of the actors with signed relations that minimises
/// the frustration (see the [module documentation](self) for the definition and the method).
///
/// # Errors
/// [`Error::LimitExceeded`] when the signed graph times the restarts is too large to search in reasonable
/// time (over 400 million link visits per pass); [`Error::InvalidArgument`] for zero restarts or a cap of
/// zero blocs.
///
/// # Complexity
/// Local search: O(restarts · levels · passes · links), with passes and levels capped; each actor move
/// costs its degree; at most [`BlocsOptions::work_limit`] link visits in all. Exact search: exponential in
/// the part's size, bounded by the step budget.
///
/// ```
/// use actorgraph::query::{blocs::{alliance_blocs, BlocsOptions, Method}, Filter, View};
/// let graph = actorgraph::load::from_json_str("t.json", r#"{"format": "actorgraph/1",
///   "actors": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
///   "relations": [{"id": "r1", "from": "a", "to": "b", "kind": "supports"},
///                 {"id": "r2", "from": "b", "to": "c", "kind": "supports"},
///                 {"id": "r3", "from": "c", "to": "a", "kind": "opposes", "confidence": 0.5}]}"#).unwrap();
/// let blocs = alliance_blocs(&View::new(&graph, &Filter::default()), &BlocsOptions::default()).unwrap();
/// assert_eq!(blocs.method, Method::Exact);
/// assert_eq!(blocs.frustration, 0.5); // one of the three must break: the least confident one does
/// assert_eq!(blocs.blocs.len(), 1);
/// assert_eq!(blocs.frustrated, vec![graph.relation_ix("r3").unwrap()]);
/// ```
pub fn alliance_blocs(view: &View, options: &BlocsOptions) -> Result<Blocs> {
    alliance_blocs_reporting(view, options, None)
}

/// As [`alliance_blocs`], telling `progress` how far the local search has got
/// ([`Progress::searching`], every few million link visits, then [`Progress::searched`]).
///
/// # Errors
/// As [`alliance_blocs`].
pub fn alliance_blocs_reporting(view: &View, options: &BlocsOptions, progress: Option<&dyn Progress>) -> Result<Blocs> {
    if options.restarts == Some(0) {
        return Err(Error::InvalidSetting { setting: Setting::Restarts, message: "must be at least 1".to_owned() });
    }
    if options.max_blocs == Some(0) {
        return Err(Error::InvalidSetting { setting: Setting::MaxBlocs, message: "must be at least 1".to_owned() });
    }
    let graph = view.graph();
    let signed = SignedGraph::new(view);
    let restarts = options.restarts.unwrap_or_else(|| default_restarts(signed.links.len()));
    let work = (signed.links.len() as u64).saturating_mul(restarts as u64);
    if work > WORK_LIMIT {
        return Err(Error::LimitExceeded {
            what: format!(
                "blocs: {} signed links × {} restarts is more than this command searches ({WORK_LIMIT} link visits per pass)",
                signed.links.len(),
                restarts
            ),
            advice: Advice::LowerOrNarrow(Setting::Restarts),
        });
    }
    let mut budget = options.exact_budget;
    let work = Work::new(options.work_limit, progress);
    let mut exact_components = 0;
    let components = signed.components();
    // Bloc of each local actor, as (component, bloc within the component).
    let mut part_blocs: Vec<Vec<Vec<u32>>> = Vec::with_capacity(components.len());
    let mut position = vec![0u32; signed.actor_count()];
    for (c, members) in components.iter().enumerate() {
        let problem = Problem::new(&signed, members, &mut position);
        let limit = options.max_blocs.map_or(members.len(), |k| k.min(members.len()));
        let seed = options.seed ^ (c as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let (mut labels, mut cost);
        if members.len() <= options.exact_limit {
            // A quick local search only seeds the exact one (which proves or beats it); the thorough one
            // runs only if the exact search gives up.
            (labels, cost) = problem.heuristic(limit, seed, 1, false, &work);
            match problem.exact(limit, &labels, (cost, count_blocs(&labels)), &mut budget) {
                ExactOutcome::Better { labels: better, frustration: better_cost } => {
                    labels = better;
                    cost = better_cost;
                    exact_components += 1;
                }
                ExactOutcome::Proven => exact_components += 1,
                ExactOutcome::GaveUp => (labels, cost) = problem.heuristic(limit, seed, restarts, true, &work),
            }
        } else {
            (labels, cost) = problem.heuristic(limit, seed, restarts, true, &work);
        }
        debug_assert_eq!(cost, problem.frustration(&labels));
        part_blocs.push(group(members, &labels));
    }
    if let Some(progress) = progress {
        progress.searched();
    }
    let by_id = |a: &ActorIx, b: &ActorIx| graph.actor(*a).id.cmp(&graph.actor(*b).id);
    // Each part's blocs, as actors, largest first (ties: first member's id).
    let mut parts: Vec<Vec<Vec<ActorIx>>> = part_blocs
        .into_iter()
        .map(|blocs| {
            let mut blocs: Vec<Vec<ActorIx>> = blocs
                .into_iter()
                .map(|b| {
                    let mut actors: Vec<ActorIx> = b.iter().map(|&v| signed.actors[v as usize]).collect();
                    actors.sort_by(by_id);
                    actors
                })
                .collect();
            blocs.sort_by(|x, y| y.len().cmp(&x.len()).then_with(|| by_id(&x[0], &y[0])));
            blocs
        })
        .collect();
    let mut blocs: Vec<Vec<ActorIx>> = match options.max_blocs {
        None => parts.into_iter().flatten().collect(),
        Some(k) => {
            let mut merged: Vec<Vec<ActorIx>> = vec![Vec::new(); k];
            for part in &mut parts {
                for (rank, bloc) in part.drain(..).enumerate() {
                    merged[rank].extend(bloc);
                }
            }
            merged.retain(|b| !b.is_empty());
            for b in &mut merged {
                b.sort_by(by_id);
            }
            merged
        }
    };
    blocs.sort_by(|x, y| y.len().cmp(&x.len()).then_with(|| by_id(&x[0], &y[0])));
    let mut assignment: Vec<(ActorIx, usize)> =
        blocs.iter().enumerate().flat_map(|(i, b)| b.iter().map(move |&a| (a, i))).collect();
    assignment.sort_unstable();
    let bloc_of = |a: ActorIx| assignment.binary_search_by_key(&a, |&(x, _)| x).ok().map(|i| assignment[i].1);
    let mut frustrated = Vec::new();
    let mut frustration = 0i64;
    for s in &signed.relations {
        let link = &signed.links[s.link as usize];
        let same = bloc_of(signed.actors[link.a as usize]) == bloc_of(signed.actors[link.b as usize]);
        if same != s.positive {
            frustrated.push(s.relation);
            frustration += s.weight;
        }
    }
    frustrated.sort_by(|&x, &y| {
        let (rx, ry) = (graph.relation(x), graph.relation(y));
        ry.weight().total_cmp(&rx.weight()).then_with(|| rx.id.cmp(&ry.id))
    });
    let mut left_out = signed.left_out.clone();
    left_out.sort_by(by_id);
    Ok(Blocs {
        method: if exact_components == components.len() { Method::Exact } else { Method::Heuristic },
        frustration: unscale(frustration),
        blocs,
        frustrated,
        triangles: signed.triangle_balance(),
        left_out,
        signed_relations: signed.relations.len(),
        components: components.len(),
        exact_components,
        restarts,
        stopped_early: work.exhausted(),
        link_visits: work.done(),
        assignment,
    })
}

/// Groups a part's members by label, in order of first appearance.
fn group(members: &[u32], labels: &[u32]) -> Vec<Vec<u32>> {
    let mut index: BTreeMap<u32, usize> = BTreeMap::new();
    let mut blocs: Vec<Vec<u32>> = Vec::new();
    for (&v, &l) in members.iter().zip(labels) {
        let i = *index.entry(l).or_insert_with(|| {
            blocs.push(Vec::new());
            blocs.len() - 1
        });
        blocs[i].push(v);
    }
    blocs
}

/// How the blocs of one date map onto those of another, and who moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// For each bloc of the later partition, its number: the 1-based position of the earlier bloc it was
    /// matched to, or a new number after the earlier ones.
    pub numbers: Vec<usize>,
    /// Actors whose bloc number differs (or who appear at one date only), sorted by actor id.
    pub changes: Vec<Change>,
}

/// One actor that changed bloc between two dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The actor.
    pub actor: ActorIx,
    /// Its bloc number at the first date (`None`: not partitioned then).
    pub before: Option<usize>,
    /// Its bloc number at the second date (`None`: not partitioned then).
    pub after: Option<usize>,
}

/// Matches the blocs of `after` to those of `before` by overlap — greedily, the pair sharing the most actors
/// first (ties: earlier blocs first) — and lists the actors whose bloc changed.
///
/// Bloc numbers are 1-based positions in `before.blocs`; a bloc of `after` that matches none gets the next
/// free number.
///
/// # Complexity
/// O(actors · log actors).
#[must_use]
pub fn compare(view: &View, before: &Blocs, after: &Blocs) -> Comparison {
    let mut overlap: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for &(actor, i) in &before.assignment {
        if let Some(j) = after.bloc_of(actor) {
            *overlap.entry((i, j)).or_insert(0) += 1;
        }
    }
    let mut pairs: Vec<((usize, usize), usize)> = overlap.into_iter().collect();
    pairs.sort_by(|(p, x), (q, y)| y.cmp(x).then(p.cmp(q)));
    let mut numbers = vec![0usize; after.blocs.len()];
    let mut taken = vec![false; before.blocs.len()];
    for ((i, j), _) in pairs {
        if numbers[j] == 0 && !taken[i] {
            numbers[j] = i + 1;
            taken[i] = true;
        }
    }
    let mut next = before.blocs.len();
    for n in &mut numbers {
        if *n == 0 {
            next += 1;
            *n = next;
        }
    }
    let mut actors: Vec<ActorIx> =
        before.assignment.iter().chain(&after.assignment).map(|&(a, _)| a).collect::<Vec<_>>();
    actors.sort_unstable();
    actors.dedup();
    let graph = view.graph();
    actors.sort_by(|&a, &b| graph.actor(a).id.cmp(&graph.actor(b).id));
    let changes = actors
        .into_iter()
        .filter_map(|actor| {
            let b = before.bloc_of(actor).map(|i| i + 1);
            let a = after.bloc_of(actor).map(|j| numbers[j]);
            (a != b).then_some(Change { actor, before: b, after: a })
        })
        .collect();
    Comparison { numbers, changes }
}

#[cfg(test)]
mod tests;
