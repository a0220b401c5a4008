//! Closeness centrality with the Wasserman–Faust correction, on every core.

use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::search::{arc_lengths, Entry};
use super::{Distance, Ties};

/// Closeness centrality of every node: `nx.closeness_centrality(G, distance, wf_improved=True)`.
///
/// For an actor u that r − 1 other actors can reach, at distances summing to D:
/// C(u) = ((r − 1) / D) · ((r − 1) / (n − 1)) — the inverse mean distance from the actors that reach u,
/// scaled by the share of actors that do (S. Wasserman & K. Faust, *Social Network Analysis*, 1994,
/// eq. 5.3). On a directed graph the distances are those *to* u, along incoming ties, as in NetworkX. An
/// actor nobody reaches scores 0.
///
/// # Complexity
/// O(n·t) for n nodes and t arcs (O(n·t·log n) with lengths), spread over every core; O(n) memory per
/// thread.
///
/// ```
/// use actorgraph::query::central::{closeness, Distance, Ties};
/// use actorgraph::model::ActorIx;
/// // a → b → c: c is reached by both others (at 1 and 2), b by a, a by nobody.
/// let ties = Ties::from_arcs((0..3).map(ActorIx::new).collect(), true, &[(0, 1, 1.0), (1, 2, 1.0)], false);
/// assert_eq!(closeness(&ties, Distance::Hops), vec![0.0, 0.5, 2.0 / 3.0]);
/// ```
#[must_use]
pub fn closeness(ties: &Ties, distance: Distance) -> Vec<f64> {
    let n = ties.node_count();
    // Incoming distances: search the in-arcs (for an undirected graph they are the same arcs).
    let (start, source, weight) = ties.in_csr();
    let lengths = arc_lengths(weight, source.len(), distance);
    (0..n)
        .into_par_iter()
        .map_init(
            || Scratch::new(n, lengths.is_some()),
            |scratch, u| {
                let u = u32::try_from(u).unwrap_or(u32::MAX);
                let (reached, total) = match &lengths {
                    None => scratch.bfs(start, source, u),
                    Some(lengths) => scratch.dijkstra(start, source, lengths, u),
                };
                wasserman_faust(reached, total, n)
            },
        )
        .collect()
}

#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn wasserman_faust(reached: usize, total: f64, n: usize) -> f64 {
    if total > 0.0 && n > 1 {
        let others = reached as f64 - 1.0;
        (others / total) * (others / (n as f64 - 1.0))
    } else {
        0.0
    }
}

/// Per-thread scratch space, reused for every actor the thread handles.
struct Scratch {
    hops: Vec<u32>,
    dist: Vec<f64>,
    settled: Vec<bool>,
    order: Vec<u32>,
    heap: BinaryHeap<Entry>,
}

const UNSEEN: u32 = u32::MAX;

impl Scratch {
    fn new(n: usize, weighted: bool) -> Self {
        let m = if weighted { n } else { 0 };
        Self {
            hops: if weighted { Vec::new() } else { vec![UNSEEN; n] },
            dist: vec![f64::INFINITY; m],
            settled: vec![false; m],
            order: Vec::with_capacity(n),
            heap: BinaryHeap::with_capacity(m),
        }
    }

    /// The number of nodes reached from `s` (itself included) and the sum of their hop counts.
    #[allow(clippy::cast_precision_loss)] // distance sums far below 2^52
    fn bfs(&mut self, start: &[usize], target: &[u32], s: u32) -> (usize, f64) {
        let Self { hops, order, .. } = self;
        order.clear();
        order.push(s);
        hops[s as usize] = 0;
        let mut total: u64 = 0;
        let mut head = 0;
        while let Some(&v) = order.get(head) {
            head += 1;
            let next = hops[v as usize] + 1;
            for &w in &target[start[v as usize]..start[v as usize + 1]] {
                if hops[w as usize] == UNSEEN {
                    hops[w as usize] = next;
                    total += u64::from(next);
                    order.push(w);
                }
            }
        }
        for &v in order.iter() {
            hops[v as usize] = UNSEEN;
        }
        (order.len(), total as f64)
    }

    /// The number of nodes reached from `s` (itself included) and the sum of their distances, summed in
    /// the order Dijkstra settles them (as NetworkX sums its distance dict).
    fn dijkstra(&mut self, start: &[usize], target: &[u32], lengths: &[f64], s: u32) -> (usize, f64) {
        let Self { dist, settled, order, heap, .. } = self;
        order.clear();
        dist[s as usize] = 0.0;
        heap.push(Entry { dist: 0.0, node: s });
        let mut total = 0.0;
        while let Some(Entry { node: v, .. }) = heap.pop() {
            if settled[v as usize] {
                continue;
            }
            settled[v as usize] = true;
            order.push(v);
            let dv = dist[v as usize];
            total += dv;
            for i in start[v as usize]..start[v as usize + 1] {
                let w = target[i] as usize;
                let through = dv + lengths[i];
                if !settled[w] && through < dist[w] {
                    dist[w] = through;
                    heap.push(Entry { dist: through, node: target[i] });
                }
            }
        }
        for &v in order.iter() {
            dist[v as usize] = f64::INFINITY;
            settled[v as usize] = false;
        }
        (order.len(), total)
    }
}
