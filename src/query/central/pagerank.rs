//! PageRank by power iteration over the in-arcs, O(arcs) per iteration, on every core for large graphs.

use rayon::prelude::*;

use super::Ties;
use crate::error::{Error, Result};

/// How to run [`pagerank`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageRankOptions {
    /// The damping factor α: the chance of following a tie rather than jumping to a random actor.
    pub alpha: f64,
    /// Stop when the scores changed by less than this in total (L1) over one iteration.
    pub tol: f64,
    /// Give up after this many iterations.
    pub max_iter: usize,
}

impl Default for PageRankOptions {
    /// α = 0.85 as in NetworkX; total change below 1e-10, which is NetworkX's stopping rule with
    /// `tol = 1e-10 / n` (NetworkX's default `tol = 1e-6` stops far earlier on large graphs).
    fn default() -> Self {
        Self { alpha: super::PAGERANK_ALPHA, tol: 1e-10, max_iter: 1000 }
    }
}

/// Nodes per block: each block is one task, and the per-block sums are added in block order so that the
/// result does not depend on the number of cores.
const BLOCK: usize = 2048;

/// From this many nodes an iteration runs on every core. Below it one core is cheaper: on 10,000 actors
/// (an iteration of some 50 µs) two threads took 22 ms of CPU time against 16 ms for one, the same wall
/// time (2-core machine, `actorgraph-bench ops --threads 1`); the blocks and their sums are the same either
/// way, so are the scores.
const PARALLEL_FROM: usize = 32 * BLOCK;

/// One block of an iteration: its number, its new scores and sent shares, and its (change, dangling) sums.
type Block<'a> = (usize, ((&'a mut [f64], &'a mut [f64]), &'a mut (f64, f64)));

/// PageRank of every node, and the number of iterations run: `nx.pagerank(G, alpha, weight)`.
///
/// x ← α (xP + (Σ_dangling x) / n) + (1 − α) / n, from x = 1/n, where P moves from each actor along its
/// out-ties in proportion to their weight (1 each when unweighted, else the summed confidence) and a
/// *dangling* actor, with no out-tie (or out-ties of total weight 0), spreads its score uniformly over all
/// actors, as NetworkX does with its default `personalization` and `dangling`. The scores sum to 1 (S. Brin
/// & L. Page, "The anatomy of a large-scale hypertextual Web search engine", 1998).
///
/// Each iteration brings the scores at least α closer to the fixed point in L1 norm, so stopping at a total
/// change below `tol` leaves every score within α/(1 − α)·tol of it (below 6e-10 with the defaults).
///
/// # Errors
/// [`Error::NoConvergence`] after `max_iter` iterations (which the defaults never reach: about 150 are
/// needed whatever the graph).
///
/// # Complexity
/// O(n + t) per iteration for n nodes and t arcs, spread over every core from 65,536 nodes (below that, one
/// core is faster); no allocation inside the loop.
///
/// ```
/// use actorgraph::query::central::{pagerank, PageRankOptions, Ties};
/// use actorgraph::model::ActorIx;
/// // a ⇄ b and c → a: a gets the most.
/// let ties = Ties::from_arcs((0..3).map(ActorIx::new).collect(), true, &[(0, 1, 1.0), (1, 0, 1.0), (2, 0, 1.0)], false);
/// let (x, _) = pagerank(&ties, &PageRankOptions::default()).unwrap();
/// assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// assert!(x[0] > x[1] && x[1] > x[2]);
/// assert!((x[2] - 0.05).abs() < 1e-12); // nobody points at c: only the random jump, (1 − α) / n
/// ```
#[allow(clippy::cast_precision_loss)] // counts far below 2^52
pub fn pagerank(ties: &Ties, options: &PageRankOptions) -> Result<(Vec<f64>, usize)> {
    let n = ties.node_count();
    if n == 0 {
        return Ok((Vec::new(), 0));
    }
    let alpha = options.alpha;
    let (start, source, weight) = ties.in_csr();
    // 1 / out-strength (0 marks a dangling node), as NetworkX's row normalisation Q = diag(1/S).
    let (out_start, _, out_weight) = ties.out_csr();
    let inv_strength: Vec<f64> = (0..n)
        .map(|u| {
            let arcs = out_start[u]..out_start[u + 1];
            let strength = if out_weight.is_empty() { arcs.len() as f64 } else { out_weight[arcs].iter().sum() };
            if strength == 0.0 {
                0.0
            } else {
                1.0 / strength
            }
        })
        .collect();
    let uniform = 1.0 / n as f64;
    let mut x = vec![uniform; n];
    // y = x / out-strength: what each node sends along each unit of weight.
    let mut y: Vec<f64> = inv_strength.iter().map(|s| uniform * s).collect();
    let mut dangling: f64 = inv_strength.iter().filter(|&&s| s == 0.0).count() as f64 * uniform;
    let mut next_x = vec![0.0; n];
    let mut next_y = vec![0.0; n];
    let mut partial = vec![(0.0, 0.0); n.div_ceil(BLOCK)];
    for iteration in 1..=options.max_iter {
        let base = alpha * dangling * uniform + (1.0 - alpha) * uniform;
        let (x_now, y_now) = (&x, &y);
        let step = |(block, ((xs, ys), sums)): Block| {
            let mut change = 0.0;
            let mut dangling_next = 0.0;
            for (i, (nx, ny)) in xs.iter_mut().zip(ys.iter_mut()).enumerate() {
                let v = block * BLOCK + i;
                let arcs = start[v]..start[v + 1];
                let gathered = if weight.is_empty() {
                    gather(&source[arcs], y_now)
                } else {
                    gather_weighted(&source[arcs.clone()], &weight[arcs], y_now)
                };
                let value = alpha * gathered + base;
                change += (value - x_now[v]).abs();
                *nx = value;
                *ny = value * inv_strength[v];
                if inv_strength[v] == 0.0 {
                    dangling_next += value;
                }
            }
            *sums = (change, dangling_next);
        };
        if n >= PARALLEL_FROM {
            next_x
                .par_chunks_mut(BLOCK)
                .zip(next_y.par_chunks_mut(BLOCK))
                .zip(partial.par_iter_mut())
                .enumerate()
                .for_each(step);
        } else {
            next_x.chunks_mut(BLOCK).zip(next_y.chunks_mut(BLOCK)).zip(partial.iter_mut()).enumerate().for_each(step);
        }
        std::mem::swap(&mut x, &mut next_x);
        std::mem::swap(&mut y, &mut next_y);
        let change: f64 = partial.iter().map(|p| p.0).sum();
        dangling = partial.iter().map(|p| p.1).sum();
        if change < options.tol {
            return Ok((x, iteration));
        }
    }
    Err(Error::NoConvergence {
        measure: "PageRank".to_owned(),
        iterations: options.max_iter,
        advice: "this should not happen with α below 1; please report it with the dataset".to_owned(),
        instead: None,
    })
}

/// Σ y\[u\] over `nodes`, in four running sums: one chain of additions would wait for each to finish, four
/// overlap (about twice as fast on long in-lists). The order is fixed, so results are reproducible.
pub(super) fn gather(nodes: &[u32], y: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let mut quads = nodes.chunks_exact(4);
    for q in &mut quads {
        acc[0] += y[q[0] as usize];
        acc[1] += y[q[1] as usize];
        acc[2] += y[q[2] as usize];
        acc[3] += y[q[3] as usize];
    }
    let mut sum = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for &u in quads.remainder() {
        sum += y[u as usize];
    }
    sum
}

/// Σ y\[u\]·w over `nodes` and their `weights`, like [`gather`].
pub(super) fn gather_weighted(nodes: &[u32], weights: &[f64], y: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let mut quads = nodes.chunks_exact(4).zip(weights.chunks_exact(4));
    for (q, w) in &mut quads {
        acc[0] += y[q[0] as usize] * w[0];
        acc[1] += y[q[1] as usize] * w[1];
        acc[2] += y[q[2] as usize] * w[2];
        acc[3] += y[q[3] as usize] * w[3];
    }
    let mut sum = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    let done = nodes.len() / 4 * 4;
    for (&u, &w) in nodes[done..].iter().zip(&weights[done..]) {
        sum += y[u as usize] * w;
    }
    sum
}
