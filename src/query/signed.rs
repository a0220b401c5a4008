//! The signed view of a graph, shared by `blocs`, `allies`/`enemies` and `stats`: which actors are linked by
//! positive (support, alliance, command, membership) and negative (opposition, attack) relations, with
//! parallel relations between the same two actors collapsed into one signed link.
//!
//! Only relations between two distinct actors whose kind has a positive or negative sign and is not a
//! statement kind take part. Direction is ignored: "A supports B" and "B supports A" both make A and B
//! friends. Confidences become integer weights in millionths so that sums and comparisons are exact and the
//! same on every machine.

use serde::Serialize;

use crate::model::{ActorIx, RelationIx, Sign, Target};

use super::View;
use crate::model::ix as local;

/// Weights are confidences in millionths: exact integer sums, six decimals like every printed score.
pub(crate) const SCALE: f64 = 1_000_000.0;

/// A confidence as an integer weight in millionths.
#[must_use]
pub(crate) fn weight(confidence: f64) -> i64 {
    // Confidence is validated to 0..=1 by the loader, so this stays far inside i64.
    #[allow(clippy::cast_possible_truncation)]
    let w = (confidence * SCALE).round() as i64;
    w
}

/// A weight in millionths back as a number with six decimals.
#[must_use]
#[allow(clippy::cast_precision_loss)] // sums of millionths stay far below 2^52 for any real dataset
pub(crate) fn unscale(weight: i64) -> f64 {
    weight as f64 / SCALE
}

/// One relation of the signed view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedRelation {
    /// The relation.
    pub relation: RelationIx,
    /// The index of the link (in [`SignedGraph::links`]) this relation is part of.
    pub link: u32,
    /// Whether the relation's kind is positive (otherwise negative).
    pub positive: bool,
    /// Its confidence in millionths.
    pub weight: i64,
}

/// All the signed relations between two actors, in either direction, collapsed into one link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// The lower local actor index of the two.
    pub a: u32,
    /// The higher local actor index of the two.
    pub b: u32,
    /// Summed confidence of the positive relations, in millionths.
    pub positive: i64,
    /// Summed confidence of the negative relations, in millionths.
    pub negative: i64,
    /// The most confident positive relation (ties: the smallest relation id).
    pub best_positive: Option<RelationIx>,
    /// The most confident negative relation (ties: the smallest relation id).
    pub best_negative: Option<RelationIx>,
}

impl Link {
    /// Positive minus negative weight: what the two actors' being in one bloc is worth.
    #[must_use]
    pub fn net(&self) -> i64 {
        self.positive - self.negative
    }

    /// The other end of the link.
    #[must_use]
    pub fn other(&self, actor: u32) -> u32 {
        if actor == self.a {
            self.b
        } else {
            self.a
        }
    }
}

/// The signed part of a [`View`]: the actors with at least one signed relation (renumbered `0..n` in load
/// order), their signed relations, and the links between them with an adjacency list.
#[derive(Debug, Clone)]
pub struct SignedGraph {
    /// Local index → actor, in load order.
    pub actors: Vec<ActorIx>,
    /// Every signed relation in the view, in load order.
    pub relations: Vec<SignedRelation>,
    /// The links, sorted by `(a, b)`.
    pub links: Vec<Link>,
    /// Actors in the view that have no signed relation and so take no part.
    pub left_out: Vec<ActorIx>,
    /// `offsets[v]..offsets[v + 1]` indexes `adjacent` for local actor `v`.
    offsets: Vec<usize>,
    /// Link indices, grouped by actor.
    adjacent: Vec<u32>,
}

impl SignedGraph {
    /// The signed view of `view`.
    ///
    /// # Complexity
    /// O(actors + relations · log relations) (the links are found by sorting).
    #[must_use]
    pub fn new(view: &View) -> Self {
        let graph = view.graph();
        let mut local_of = vec![u32::MAX; graph.actors().len()];
        let mut ends: Vec<(ActorIx, ActorIx, RelationIx, bool, i64)> = Vec::new();
        for r in view.relations() {
            let relation = graph.relation(r);
            let kind = graph.kind_of(relation);
            let Target::Actor(to) = relation.to else { continue };
            if kind.statement || kind.sign == Sign::Neutral || to == relation.from {
                continue;
            }
            ends.push((relation.from, to, r, kind.sign == Sign::Positive, weight(relation.weight())));
            local_of[relation.from.index()] = 0;
            local_of[to.index()] = 0;
        }
        let mut actors = Vec::new();
        let mut left_out = Vec::new();
        for a in view.actors() {
            if local_of[a.index()] == u32::MAX {
                left_out.push(a);
            } else {
                local_of[a.index()] = local(actors.len());
                actors.push(a);
            }
        }
        // Sort relations by their (low, high) pair to collapse parallel ones; keep load order inside a pair.
        let mut keyed: Vec<(u32, u32, usize)> = ends
            .iter()
            .enumerate()
            .map(|(i, &(f, t, ..))| {
                let (x, y) = (local_of[f.index()], local_of[t.index()]);
                (x.min(y), x.max(y), i)
            })
            .collect();
        keyed.sort_unstable();
        let mut links: Vec<Link> = Vec::new();
        let mut link_of = vec![0u32; ends.len()];
        let better = |current: Option<RelationIx>, candidate: RelationIx| match current {
            None => true,
            Some(c) => {
                let (rc, rn) = (graph.relation(c), graph.relation(candidate));
                rn.weight() > rc.weight() || (rn.weight() == rc.weight() && rn.id < rc.id)
            }
        };
        for &(a, b, i) in &keyed {
            if links.last().is_none_or(|l| (l.a, l.b) != (a, b)) {
                links.push(Link { a, b, positive: 0, negative: 0, best_positive: None, best_negative: None });
            }
            let index = links.len() - 1;
            let link = &mut links[index];
            let (_, _, r, positive, w) = ends[i];
            if positive {
                link.positive += w;
                if better(link.best_positive, r) {
                    link.best_positive = Some(r);
                }
            } else {
                link.negative += w;
                if better(link.best_negative, r) {
                    link.best_negative = Some(r);
                }
            }
            link_of[i] = local(index);
        }
        let relations = ends
            .iter()
            .zip(&link_of)
            .map(|(&(_, _, relation, positive, weight), &link)| SignedRelation { relation, link, positive, weight })
            .collect();
        let mut offsets = vec![0usize; actors.len() + 1];
        for l in &links {
            offsets[l.a as usize + 1] += 1;
            offsets[l.b as usize + 1] += 1;
        }
        for v in 0..actors.len() {
            offsets[v + 1] += offsets[v];
        }
        let mut fill = offsets.clone();
        let mut adjacent = vec![0u32; offsets[actors.len()]];
        for (i, l) in links.iter().enumerate() {
            for end in [l.a, l.b] {
                adjacent[fill[end as usize]] = local(i);
                fill[end as usize] += 1;
            }
        }
        Self { actors, relations, links, left_out, offsets, adjacent }
    }

    /// The number of actors taking part.
    #[must_use]
    pub fn actor_count(&self) -> usize {
        self.actors.len()
    }

    /// The local index of an actor, if it takes part.
    #[must_use]
    pub fn local(&self, actor: ActorIx) -> Option<u32> {
        self.actors.binary_search(&actor).ok().map(local)
    }

    /// The links of local actor `v` (as indices into [`SignedGraph::links`]), in increasing order of the
    /// other end.
    #[must_use]
    pub fn links_of(&self, v: u32) -> &[u32] {
        &self.adjacent[self.offsets[v as usize]..self.offsets[v as usize + 1]]
    }

    /// The connected components, as lists of local actors in increasing order; components are ordered by
    /// their smallest actor.
    ///
    /// # Complexity
    /// O(actors + links).
    #[must_use]
    pub fn components(&self) -> Vec<Vec<u32>> {
        let n = self.actor_count();
        let mut seen = vec![false; n];
        let mut components = Vec::new();
        let mut stack = Vec::new();
        for start in 0..n {
            if seen[start] {
                continue;
            }
            seen[start] = true;
            stack.push(local(start));
            let mut members = Vec::new();
            while let Some(v) = stack.pop() {
                members.push(v);
                for &l in self.links_of(v) {
                    let w = self.links[l as usize].other(v);
                    if !seen[w as usize] {
                        seen[w as usize] = true;
                        stack.push(w);
                    }
                }
            }
            members.sort_unstable();
            components.push(members);
        }
        components
    }

    /// Counts the signed triangles and the balanced ones among them: see [`TriangleBalance`].
    ///
    /// # Complexity
    /// O(links^1.5) (each triangle is found once, from its lowest-ranked corner, ranking by degree).
    #[must_use]
    pub fn triangle_balance(&self) -> TriangleBalance {
        let n = self.actor_count();
        // A link whose positive and negative weights cancel has no sign and closes no triangle.
        let signed = |l: &Link| l.net() != 0;
        let mut degree = vec![0usize; n];
        for l in self.links.iter().filter(|l| signed(l)) {
            degree[l.a as usize] += 1;
            degree[l.b as usize] += 1;
        }
        let rank = |v: u32| (degree[v as usize], v);
        // Orient every signed link from the lower-ranked end to the higher one: out-degrees are O(√links).
        let mut out: Vec<Vec<(u32, bool)>> = vec![Vec::new(); n];
        for l in self.links.iter().filter(|l| signed(l)) {
            let (low, high) = if rank(l.a) < rank(l.b) { (l.a, l.b) } else { (l.b, l.a) };
            out[low as usize].push((high, l.net() > 0));
        }
        // mark[w] = 1 + sign of the link u→w for the corner u being processed; 0 = not a neighbour.
        let mut mark = vec![0u8; n];
        let (mut triangles, mut balanced) = (0u64, 0u64);
        for u in 0..n {
            for &(w, positive) in &out[u] {
                mark[w as usize] = 1 + u8::from(positive);
            }
            for &(v, uv) in &out[u] {
                for &(w, vw) in &out[v as usize] {
                    let m = mark[w as usize];
                    if m != 0 {
                        let uw = m == 2;
                        triangles += 1;
                        // Balanced when the product of the three signs is positive: an even number of negatives.
                        if (u8::from(!uv) + u8::from(!vw) + u8::from(!uw)) % 2 == 0 {
                            balanced += 1;
                        }
                    }
                }
            }
            for &(w, _) in &out[u] {
                mark[w as usize] = 0;
            }
        }
        TriangleBalance { triangles, balanced }
    }
}

/// Signed triangles — three distinct actors pairwise linked by signed relations — and how many are balanced.
///
/// Each pair's relations are first collapsed into one sign: the sign of the summed, confidence-weighted signs
/// of all their relations (both directions). A pair whose positive and negative weights cancel exactly has no
/// sign and closes no triangle. A triangle is balanced when the product of its three signs is positive
/// (+++ or +−−): Heider's balance as formalised by Cartwright & Harary (1956), "Structural balance: a
/// generalization of Heider's theory", *Psychological Review* 63(5). The share of balanced triangles is their
/// "degree of balance" restricted to 3-cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TriangleBalance {
    /// Signed triangles.
    pub triangles: u64,
    /// Balanced ones among them.
    pub balanced: u64,
}

impl TriangleBalance {
    /// The share of balanced triangles, or `None` when there are none.
    #[must_use]
    #[allow(clippy::cast_precision_loss)] // triangle counts far below 2^52
    pub fn share(&self) -> Option<f64> {
        (self.triangles > 0).then(|| self.balanced as f64 / self.triangles as f64)
    }
}

/// The share of balanced signed triangles of a view (see [`TriangleBalance`]), and the counts behind it.
///
/// # Complexity
/// O(relations · log relations + links^1.5).
///
/// ```
/// use actorgraph::query::{signed::triangle_balance, Filter, View};
/// let graph = actorgraph::load::from_json_str("t.json", r#"{"format": "actorgraph/1",
///   "actors": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
///   "relations": [{"from": "a", "to": "b", "kind": "supports"},
///                 {"from": "b", "to": "c", "kind": "opposes"},
///                 {"from": "c", "to": "a", "kind": "attacks"}]}"#).unwrap();
/// let t = triangle_balance(&View::new(&graph, &Filter::default()));
/// assert_eq!((t.triangles, t.balanced), (1, 1)); // + − −: the enemy of my friend is my enemy
/// ```
#[must_use]
pub fn triangle_balance(view: &View) -> TriangleBalance {
    SignedGraph::new(view).triangle_balance()
}

/// A small deterministic pseudo-random generator (SplitMix64, Steele, Lea & Flood 2014): the same seed gives
/// the same sequence on every machine, with no dependency.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix(u64);

impl SplitMix {
    /// A generator started from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0); the slight modulo bias does not matter for shuffling.
    #[allow(clippy::cast_possible_truncation)] // the result is below `bound`, a usize
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    fn graph(relations: &str) -> crate::model::ActorGraph {
        crate::load::five_actors(relations)
    }

    #[test]
    fn parallel_relations_collapse_into_one_link_with_summed_weights() {
        let g = graph(
            r#"{"id": "r1", "from": "a", "to": "b", "kind": "supports", "confidence": 0.5},
               {"id": "r2", "from": "b", "to": "a", "kind": "allied_with", "confidence": 0.75},
               {"id": "r3", "from": "a", "to": "b", "kind": "attacks", "confidence": 0.25},
               {"id": "r4", "from": "a", "to": "c", "kind": "meets"}"#,
        );
        let s = SignedGraph::new(&View::new(&g, &Filter::default()));
        assert_eq!(s.actor_count(), 2);
        assert_eq!(s.left_out.len(), 3); // c (only a neutral meeting), d and e
        assert_eq!(s.links.len(), 1);
        let link = s.links[0];
        assert_eq!((link.positive, link.negative, link.net()), (1_250_000, 250_000, 1_000_000));
        assert_eq!(link.best_positive, g.relation_ix("r2"));
        assert_eq!(link.best_negative, g.relation_ix("r3"));
        assert_eq!(s.relations.len(), 3);
    }

    #[test]
    fn triangles_count_balanced_and_unbalanced_and_skip_cancelled_pairs() {
        // a-b-c: + + − (unbalanced); b-c-d: − + + … see each pair below.
        let g = graph(
            r#"{"from": "a", "to": "b", "kind": "supports"},
               {"from": "b", "to": "c", "kind": "supports"},
               {"from": "c", "to": "a", "kind": "opposes"},
               {"from": "c", "to": "d", "kind": "opposes"},
               {"from": "d", "to": "a", "kind": "supports"},
               {"from": "d", "to": "e", "kind": "supports", "confidence": 0.5},
               {"from": "e", "to": "d", "kind": "attacks", "confidence": 0.5},
               {"from": "e", "to": "c", "kind": "supports"}"#,
        );
        let t = SignedGraph::new(&View::new(&g, &Filter::default())).triangle_balance();
        // Triangles: abc (+,+,−: unbalanced), acd (ca −, cd −, da +: balanced); cde has d–e cancelled.
        assert_eq!(t, TriangleBalance { triangles: 2, balanced: 1 });
        assert_eq!(t.share(), Some(0.5));
    }

    #[test]
    fn no_triangles_has_no_share() {
        let g = graph(r#"{"from": "a", "to": "b", "kind": "supports"}"#);
        assert_eq!(triangle_balance(&View::new(&g, &Filter::default())).share(), None);
    }

    #[test]
    fn splitmix_is_reproducible_and_shuffles_every_item() {
        let (mut x, mut y) = (SplitMix::new(7), SplitMix::new(7));
        assert_eq!(x.next_u64(), y.next_u64());
        let mut items: Vec<u32> = (0..100).collect();
        x.shuffle(&mut items);
        assert_ne!(items, (0..100).collect::<Vec<_>>());
        items.sort_unstable();
        assert_eq!(items, (0..100).collect::<Vec<_>>());
    }
}
