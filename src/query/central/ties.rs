//! The compact graph every centrality measure runs on: the actors in view as nodes `0..n`, and the distinct
//! ties between them as arcs, in compressed sparse rows both ways.

use crate::model::ix as node;
use petgraph::Direction;

use crate::model::{ActorIx, RelationIx};
use crate::query::View;

/// The simple graph of ties between the actors of a [`View`], as NetworkX would build it.
///
/// - **Nodes** are the actors in view, numbered `0..n` in load order ([`Ties::actor`] maps back).
/// - **Arcs**: a relation from one actor to another is an arc `from → to`; a relation of a symmetric kind
///   (`allied_with`, `meets`) adds the reverse arc too. Statements about other relations (a denial of a
///   claim) are not ties. Self-ties are left out (the loader refuses them anyway).
/// - **Parallel relations** between the same ordered pair make one arc. Its weight is the sum of their
///   confidences, in load order, used only by the weighted measures.
/// - **Undirected** when every tie in view is of a symmetric kind: then the graph is NetworkX's `nx.Graph`
///   (each edge stored as two arcs), otherwise `nx.DiGraph`. The two differ only in `degree`.
///
/// Arcs are stored in compressed sparse rows (CSR) in both directions, so that every measure walks them in
/// O(1) per arc without allocating.
#[derive(Debug, Clone)]
pub struct Ties {
    actors: Vec<ActorIx>,
    directed: bool,
    weighted: bool,
    out: Csr,
    inc: Csr,
}

/// Arcs of one direction: the targets of node `u`'s arcs are row `u` of `rows`.
#[derive(Debug, Clone, Default)]
struct Csr {
    rows: crate::model::Csr<u32>,
    /// Summed confidence per arc, aligned with `rows`' items; empty when the graph is unweighted.
    weight: Vec<f64>,
}

impl Csr {
    fn range(&self, node: u32) -> std::ops::Range<usize> {
        let start = self.rows.starts();
        start[node as usize]..start[node as usize + 1]
    }

    /// Transposes a CSR in O(n + arcs): the arcs of `u` in the result are listed by ascending source.
    fn transpose(&self, n: usize) -> Self {
        let arcs = (0..n).flat_map(|u| self.range(node(u)).map(move |slot| (self.rows.items()[slot], (node(u), slot))));
        let by_target = crate::model::Csr::group(n, arcs);
        let weight = if self.weight.is_empty() {
            Vec::new()
        } else {
            by_target.items().iter().map(|&(_, slot)| self.weight[slot]).collect()
        };
        let targets = by_target.items().iter().map(|&(u, _)| u).collect();
        let rows = crate::model::Csr::from_parts(by_target.starts().to_vec(), targets).unwrap_or_default();
        Self { rows, weight }
    }
}

impl Ties {
    /// Builds the tie graph of `view`. With `weighted`, each arc also carries its summed confidence.
    ///
    /// # Complexity
    /// O(actors + relations) time and memory; no sorting. It walks the graph's adjacency
    /// ([`crate::model::ActorGraph::edges`]); only a weighted graph reads the relation records.
    ///
    /// ```
    /// use actorgraph::query::{central::Ties, Filter, View};
    /// let graph = actorgraph::load::from_json_str("t.json", r#"{"format": "actorgraph/1",
    ///   "actors": [{"id": "a"}, {"id": "b"}],
    ///   "relations": [{"from": "a", "to": "b", "kind": "supports", "confidence": 0.5},
    ///                 {"from": "a", "to": "b", "kind": "funds", "confidence": 0.25}]}"#).unwrap();
    /// let ties = Ties::new(&View::new(&graph, &Filter::default()), true);
    /// assert!(ties.is_directed());
    /// assert_eq!(ties.arc_count(), 1); // two relations, one tie
    /// assert_eq!(ties.out_arcs(0).collect::<Vec<_>>(), vec![(1, 0.75)]);
    /// ```
    #[must_use]
    pub fn new(view: &View, weighted: bool) -> Self {
        let graph = view.graph();
        let mut node_of = vec![u32::MAX; graph.actors().len()];
        let mut actors = Vec::with_capacity(view.actor_count());
        for a in view.actors() {
            node_of[a.index()] = node(actors.len());
            actors.push(a);
        }
        // The arcs of each node from the graph's adjacency, in load order of their relations (so parallel
        // ties' weights add up in load order, as NetworkX's `G[u][v]["weight"] += c` does): its relations
        // out, and its symmetric relations in (which give the reverse arc). Both adjacency rows list the
        // latest relation first, so merging them from the back gives load order; only a weighted graph
        // reads the relations' records.
        let mut arcs: Vec<(u32, u32)> = Vec::with_capacity(view.relation_count());
        let mut confidences: Vec<f64> = Vec::new();
        let mut directed = false;
        let mut row: Vec<(RelationIx, u32)> = Vec::new();
        for (u, &a) in (0u32..).zip(&actors) {
            row.clear();
            let mut out = view.edges(a, Direction::Outgoing).peekable();
            let mut inc = view.edges(a, Direction::Incoming).filter(|&(r, _)| graph.is_symmetric(r)).peekable();
            loop {
                // Latest first in each: take the later of the two heads.
                let next = match (out.peek(), inc.peek()) {
                    (Some(&(r, _)), Some(&(s, _))) if r > s => out.next(),
                    (Some(_), None) => out.next(),
                    (_, Some(_)) => inc.next(),
                    (None, None) => break,
                };
                let Some((r, other)) = next else { break };
                let v = node_of[other.index()];
                if v != u && v != u32::MAX {
                    row.push((r, v));
                }
            }
            for &(r, v) in row.iter().rev() {
                arcs.push((u, v));
                if weighted {
                    confidences.push(graph.relation(r).weight());
                }
            }
        }
        for a in view.actors() {
            directed |= view
                .edges(a, Direction::Outgoing)
                .any(|(r, other)| !graph.is_symmetric(r) && other != a && node_of[other.index()] != u32::MAX);
            if directed {
                break;
            }
        }
        let out = Csr::from_arcs(actors.len(), &arcs, weighted.then_some(confidences.as_slice()));
        drop(arcs);
        let inc = out.transpose(actors.len());
        Self { actors, directed, weighted, out, inc }
    }

    /// Builds a tie graph directly from arcs `(from, to, weight)` over nodes `0..n`, for tests and
    /// benchmarks. `actors[i]` is recorded as node `i`'s actor. Parallel arcs are merged (weights summed)
    /// and self-arcs dropped, as in [`Ties::new`].
    ///
    /// # Panics
    /// If an arc names a node `>= actors.len()`.
    #[must_use]
    pub fn from_arcs(actors: Vec<ActorIx>, directed: bool, arcs: &[(u32, u32, f64)], weighted: bool) -> Self {
        let both_ways = arcs
            .iter()
            .flat_map(|&(u, v, w)| std::iter::once((u, v, w)).chain((!directed).then_some((v, u, w))))
            .filter(|&(u, v, _)| u != v);
        let (pairs, weights): (Vec<(u32, u32)>, Vec<f64>) = both_ways.map(|(u, v, w)| ((u, v), w)).unzip();
        let out = Csr::from_arcs(actors.len(), &pairs, weighted.then_some(weights.as_slice()));
        let inc = out.transpose(actors.len());
        Self { actors, directed, weighted, out, inc }
    }

    /// The number of nodes (actors in view).
    #[must_use]
    pub fn node_count(&self) -> usize {
        self.actors.len()
    }

    /// The number of distinct arcs; an undirected edge counts as two.
    #[must_use]
    pub fn arc_count(&self) -> usize {
        self.out.rows.items().len()
    }

    /// The number of distinct ties: arcs, or edges when the graph is undirected.
    #[must_use]
    pub fn tie_count(&self) -> usize {
        if self.directed {
            self.arc_count()
        } else {
            self.arc_count() / 2
        }
    }

    /// Whether some tie in view is of a directed kind (NetworkX `DiGraph`), rather than all symmetric
    /// (`Graph`).
    #[must_use]
    pub fn is_directed(&self) -> bool {
        self.directed
    }

    /// Whether the arcs carry summed confidences.
    #[must_use]
    pub fn is_weighted(&self) -> bool {
        self.weighted
    }

    /// The actor behind node `i`.
    ///
    /// # Panics
    /// If `i >= node_count()`.
    #[must_use]
    pub fn actor(&self, i: usize) -> ActorIx {
        self.actors[i]
    }

    /// The actors behind nodes `0..n`.
    #[must_use]
    pub fn actors(&self) -> &[ActorIx] {
        &self.actors
    }

    /// Out-degree of node `u` (distinct successors).
    #[must_use]
    pub fn out_degree(&self, u: u32) -> usize {
        self.out.range(u).len()
    }

    /// In-degree of node `u` (distinct predecessors).
    #[must_use]
    pub fn in_degree(&self, u: u32) -> usize {
        self.inc.range(u).len()
    }

    /// Successors of `u`, as node numbers.
    #[must_use]
    pub fn successors(&self, u: u32) -> &[u32] {
        self.out.rows.row(u)
    }

    /// Predecessors of `u`, as node numbers, by ascending number.
    #[must_use]
    pub fn predecessors(&self, u: u32) -> &[u32] {
        self.inc.rows.row(u)
    }

    /// Weights of the arcs to [`Ties::successors`], aligned with them; empty when unweighted.
    #[must_use]
    pub fn successor_weights(&self, u: u32) -> &[f64] {
        if self.out.weight.is_empty() {
            &[]
        } else {
            &self.out.weight[self.out.range(u)]
        }
    }

    /// Weights of the arcs from [`Ties::predecessors`], aligned with them; empty when unweighted.
    #[must_use]
    pub fn predecessor_weights(&self, u: u32) -> &[f64] {
        if self.inc.weight.is_empty() {
            &[]
        } else {
            &self.inc.weight[self.inc.range(u)]
        }
    }

    /// The out-arcs as raw CSR arrays `(start, target, weight)`: the arcs of `u` are at
    /// `start[u]..start[u + 1]`; `weight` is empty when unweighted.
    pub(super) fn out_csr(&self) -> (&[usize], &[u32], &[f64]) {
        (self.out.rows.starts(), self.out.rows.items(), &self.out.weight)
    }

    /// The in-arcs as raw CSR arrays, like [`Ties::out_csr`].
    pub(super) fn in_csr(&self) -> (&[usize], &[u32], &[f64]) {
        (self.inc.rows.starts(), self.inc.rows.items(), &self.inc.weight)
    }

    /// Arcs leaving `u` with their weight (1.0 when unweighted).
    pub fn out_arcs(&self, u: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        let w = self.successor_weights(u);
        self.successors(u).iter().enumerate().map(move |(i, &v)| (v, w.get(i).copied().unwrap_or(1.0)))
    }

    /// Arcs reaching `u` with their weight (1.0 when unweighted).
    pub fn in_arcs(&self, u: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        let w = self.predecessor_weights(u);
        self.predecessors(u).iter().enumerate().map(move |(i, &v)| (v, w.get(i).copied().unwrap_or(1.0)))
    }
}

impl Csr {
    /// Groups arcs by source (counting sort, stable), merging parallel arcs: the first keeps its place and
    /// the weights of the others are added to it in list order.
    fn from_arcs(n: usize, arcs: &[(u32, u32)], weights: Option<&[f64]>) -> Self {
        let grouped = crate::model::Csr::group(n, arcs.iter().enumerate().map(|(i, &(u, v))| (u, (v, i))));
        let start = grouped.starts();
        let mut starts = Vec::with_capacity(n + 1);
        let mut target = Vec::with_capacity(arcs.len());
        let mut weight = Vec::with_capacity(if weights.is_some() { arcs.len() } else { 0 });
        // `slot[v]` is where the current source's arc to `v` was written; valid only if `owner[v]` is it.
        let mut owner = vec![u32::MAX; n];
        let mut slot = vec![0usize; n];
        for u in 0..n {
            starts.push(target.len());
            for &(v, i) in &grouped.items()[start[u]..start[u + 1]] {
                if owner[v as usize] == node(u) {
                    if let Some(w) = weights {
                        weight[slot[v as usize]] += w[i];
                    }
                } else {
                    owner[v as usize] = node(u);
                    slot[v as usize] = target.len();
                    target.push(v);
                    if let Some(w) = weights {
                        weight.push(w[i]);
                    }
                }
            }
        }
        starts.push(target.len());
        target.shrink_to_fit();
        weight.shrink_to_fit();
        let rows = crate::model::Csr::from_parts(starts, target).unwrap_or_default();
        Self { rows, weight }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    #[test]
    fn symmetric_only_views_are_undirected_and_mixed_ones_directed() {
        let graph = crate::load::from_json_str(
            "t.json",
            r#"{"format": "actorgraph/1",
              "actors": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
              "relations": [{"id": "r1", "from": "a", "to": "b", "kind": "allied_with", "confidence": 0.5},
                            {"id": "r2", "from": "b", "to": "a", "kind": "allied_with", "confidence": 0.25},
                            {"id": "r3", "from": "b", "to": "c", "kind": "supports"},
                            {"id": "r4", "from": "c", "to": "r3", "kind": "denies"}]}"#,
        )
        .unwrap();
        let allied = graph.kinds().id("allied_with").unwrap();
        let only_allied = Filter { kinds: vec![allied], ..Filter::default() };
        let ties = Ties::new(&View::new(&graph, &only_allied), true);
        assert!(!ties.is_directed());
        assert_eq!((ties.arc_count(), ties.tie_count()), (2, 1));
        // a–b: 0.5 + 0.25 whichever way the relations were written.
        assert_eq!(ties.out_arcs(0).collect::<Vec<_>>(), vec![(1, 0.75)]);
        assert_eq!(ties.out_arcs(1).collect::<Vec<_>>(), vec![(0, 0.75)]);

        let all = Ties::new(&View::new(&graph, &Filter::default()), false);
        assert!(all.is_directed());
        // a↔b from the alliance, b→c from support; the denial is not a tie.
        assert_eq!(all.arc_count(), 3);
        assert_eq!(all.successors(1), &[0, 2]);
        assert_eq!(all.predecessors(2), &[1]);
        assert_eq!(all.in_arcs(0).collect::<Vec<_>>(), vec![(1, 1.0)]);
        assert!(all.successor_weights(1).is_empty());
    }

    #[test]
    fn transpose_lists_predecessors_by_source() {
        let ties = Ties::from_arcs(
            (0..4).map(ActorIx::new).collect(),
            true,
            &[(3, 0, 1.0), (1, 0, 2.0), (2, 0, 3.0), (1, 0, 4.0)],
            true,
        );
        assert_eq!(ties.predecessors(0), &[1, 2, 3]);
        assert_eq!(ties.predecessor_weights(0), &[6.0, 3.0, 1.0]);
        assert_eq!(ties.in_degree(0), 3);
        assert_eq!(ties.out_degree(1), 1);
    }
}
