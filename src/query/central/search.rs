//! What the path measures share: tie lengths, the priority queue entry for Dijkstra, and running one
//! search per source over every core with deterministic results.

use std::cmp::Ordering;

use rayon::prelude::*;

use super::Distance;

/// The length of each arc of a CSR, aligned with its weights; `None` when every arc has length 1.
/// Under [`Distance::InverseWeight`] an arc of weight 0 gets an infinite length, which the searches skip.
pub(super) fn arc_lengths(weights: &[f64], arcs: usize, distance: Distance) -> Option<Vec<f64>> {
    match distance {
        Distance::Hops => None,
        Distance::InverseWeight if weights.len() == arcs => Some(weights.iter().map(|&w| 1.0 / w).collect()),
        Distance::Weight if weights.len() == arcs => Some(weights.to_vec()),
        // An unweighted graph: every tie weighs 1, so every length is 1 either way.
        Distance::InverseWeight | Distance::Weight => None,
    }
}

/// A Dijkstra queue entry; ordered so that `BinaryHeap` pops the nearest node first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Entry {
    pub dist: f64,
    pub node: u32,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other.dist.total_cmp(&self.dist).then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// How many parts the sources are dealt into. Fixed (not the number of cores) so that floating-point sums
/// are added in the same order on every machine: same input, same bytes.
const PARTS: usize = 16;

/// Runs `search(scratch, source, totals)` for every source, spread over all cores, and returns the sum of
/// the per-part `totals` (each of length `n`).
///
/// Sources are dealt round-robin into [`PARTS`] parts, so expensive and cheap sources mix; each part has one
/// scratch space and one totals vector, allocated once; the parts' totals are added up in part order.
pub(super) fn sum_over_sources<S: Send>(
    n: usize,
    sources: &[u32],
    scratch: impl Fn() -> S + Sync,
    search: impl Fn(&mut S, u32, &mut [f64]) + Sync,
) -> Vec<f64> {
    let parts = PARTS.min(sources.len()).max(1);
    let partials: Vec<Vec<f64>> = (0..parts)
        .into_par_iter()
        .map(|part| {
            let mut space = scratch();
            let mut totals = vec![0.0; n];
            for &s in sources.iter().skip(part).step_by(parts) {
                search(&mut space, s, &mut totals);
            }
            totals
        })
        .collect();
    let mut partials = partials.into_iter();
    let mut sum = partials.next().unwrap_or_else(|| vec![0.0; n]);
    for part in partials {
        for (total, x) in sum.iter_mut().zip(part) {
            *total += x;
        }
    }
    sum
}
