//! `stats`: what is in the dataset, in numbers.

use std::collections::BTreeMap;

use petgraph::unionfind::UnionFind;
use serde::Serialize;

use crate::model::{PartialDate, Target};

use super::signed::SignedGraph;
use super::View;

/// Relations by sign, as the signed analyses (`blocs`, `allies`, `enemies`) see them.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct BySign {
    /// Relations between two actors of a positive, non-statement kind.
    pub positive: usize,
    /// Relations between two actors of a negative, non-statement kind.
    pub negative: usize,
    /// Every other relation: neutral kinds, statement kinds, statements about relations.
    pub neutral: usize,
}

/// Counts and shape of the (filtered) graph.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    /// Actors in view.
    pub actors: usize,
    /// Relations in view (including statements about relations).
    pub relations: usize,
    /// Sources in the dataset.
    pub sources: usize,
    /// Sources cited by at least one relation in view.
    pub sources_cited: usize,
    /// Actors per actor kind (`""` for actors without a kind).
    pub by_actor_kind: BTreeMap<String, usize>,
    /// Relations per relation kind.
    pub by_relation_kind: BTreeMap<String, usize>,
    /// Relations whose target is another relation (denials, claims, reports of claims).
    pub statements_about_relations: usize,
    /// Relations without a date.
    pub undated: usize,
    /// The earliest date in view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_date: Option<PartialDate>,
    /// The latest date (or `until`) in view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_date: Option<PartialDate>,
    /// Weakly connected components over relations between actors (isolated actors count as one each).
    pub components: usize,
    /// Actors in the largest component.
    pub largest_component: usize,
    /// Actors with no relation in view.
    pub isolated: usize,
    /// NetworkX's `density` of the directed graph of linked pairs (symmetric kinds link both ways):
    /// distinct ordered pairs / (n·(n−1)).
    pub density: f64,
    /// Relations by sign.
    pub by_sign: BySign,
    /// Triangles of actors pairwise linked by signed relations (each pair collapsed to the sign of its summed
    /// confidence-weighted signs).
    pub signed_triangles: u64,
    /// The share of those triangles that are balanced (product of signs positive); `null` with no triangles.
    pub balanced_triangle_share: Option<f64>,
}

/// Computes [`Stats`] for a view.
///
/// # Complexity
/// O(actors + relations · log relations + signed links^1.5) (the triangles).
///
/// ```
/// use actorgraph::query::{stats::stats, Filter, View};
/// let graph = actorgraph::load::embedded();
/// let s = stats(&View::new(&graph, &Filter::default()));
/// assert_eq!(s.actors, graph.actors().len());
/// ```
#[must_use]
pub fn stats(view: &View) -> Stats {
    let graph = view.graph();
    let mut by_actor_kind = BTreeMap::new();
    for a in view.actors() {
        *by_actor_kind.entry(graph.actor(a).kind.clone()).or_insert(0) += 1;
    }
    // Counted by index and named at the end: a million relations make a dozen map entries, not a million
    // name copies and lookups.
    let mut per_kind = vec![0usize; graph.kinds().iter().count()];
    let mut statements_about_relations = 0;
    let mut undated = 0;
    let mut first_date: Option<PartialDate> = None;
    let mut last_date: Option<PartialDate> = None;
    let mut cited = fixedbitset::FixedBitSet::with_capacity(graph.sources().len());
    // Linked ordered pairs as `from << 32 | to`, sorted and deduplicated below (faster than a hash set).
    let mut pairs: Vec<u64> = Vec::new();
    let mut components = UnionFind::<usize>::new(graph.actors().len());
    let mut linked = vec![false; graph.actors().len()];
    for r in view.relations() {
        let relation = graph.relation(r);
        per_kind[usize::from(relation.kind.0)] += 1;
        for &s in &relation.sources {
            cited.insert(s.index());
        }
        match relation.date {
            None => undated += 1,
            Some(d) => {
                first_date = Some(first_date.map_or(d, |f| f.min(d)));
                last_date = Some(last_date.map_or(d, |l| l.max(d)));
            }
        }
        if let Some(u) = relation.until {
            last_date = Some(last_date.map_or(u, |l| l.max(u)));
        }
        match relation.to {
            Target::Relation(_) => statements_about_relations += 1,
            Target::Actor(to) => {
                components.union(relation.from.index(), to.index());
                linked[relation.from.index()] = true;
                linked[to.index()] = true;
                let (from, to) = (u64::from(relation.from.as_u32()), u64::from(to.as_u32()));
                pairs.push(from << 32 | to);
                if graph.kind_of(relation).symmetric {
                    pairs.push(to << 32 | from);
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let by_relation_kind: BTreeMap<String, usize> = graph
        .kinds()
        .iter()
        .filter(|(id, _)| per_kind[usize::from(id.0)] > 0)
        .map(|(id, k)| (k.name.clone(), per_kind[usize::from(id.0)]))
        .collect();
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for a in view.actors() {
        *sizes.entry(components.find(a.index())).or_insert(0) += 1;
    }
    let n = view.actor_count();
    let signed = SignedGraph::new(view);
    let positive = signed.relations.iter().filter(|r| r.positive).count();
    let by_sign = BySign {
        positive,
        negative: signed.relations.len() - positive,
        neutral: view.relation_count() - signed.relations.len(),
    };
    let triangles = signed.triangle_balance();
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    let density = if n < 2 { 0.0 } else { pairs.len() as f64 / (n as f64 * (n as f64 - 1.0)) };
    Stats {
        actors: n,
        relations: view.relation_count(),
        sources: graph.sources().len(),
        sources_cited: cited.count_ones(..),
        by_actor_kind,
        by_relation_kind,
        statements_about_relations,
        undated,
        first_date,
        last_date,
        components: sizes.len(),
        largest_component: sizes.values().copied().max().unwrap_or(0),
        isolated: view.actors().filter(|&a| !linked[a.index()]).count(),
        density,
        by_sign,
        signed_triangles: triangles.triangles,
        balanced_triangle_share: triangles.share(),
    }
}
