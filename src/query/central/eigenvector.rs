//! Eigenvector centrality on incoming ties, by NetworkX's shifted power iteration.

use rayon::prelude::*;

use super::pagerank::{gather, gather_weighted};
use super::Ties;
use crate::error::{Error, Result};

/// How to run [`eigenvector`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EigenvectorOptions {
    /// Stop when the scores changed by less than this in total (L1) over one iteration.
    pub tol: f64,
    /// Give up after this many iterations.
    pub max_iter: usize,
}

impl Default for EigenvectorOptions {
    /// Total change below 1e-11 (NetworkX's rule with `tol = 1e-11 / n`, far tighter than its default
    /// `1e-6`), at most 10,000 iterations (NetworkX: 100).
    fn default() -> Self {
        Self { tol: 1e-11, max_iter: 10_000 }
    }
}

/// Nodes per block; per-block sums are added in block order, whatever the number of cores.
const BLOCK: usize = 2048;

/// Eigenvector centrality of every node, and the iterations run: `nx.eigenvector_centrality(G, weight)`.
///
/// The score of an actor is proportional to the sum of the scores of the actors with a tie *to* it
/// (weighted by the tie's summed confidence when weighted): the left Perron eigenvector of the adjacency
/// matrix, x ∝ xA (P. Bonacich, "Power and centrality", *Am. J. Sociol.* 92(5), 1987). As in NetworkX, it
/// starts from the uniform vector and iterates x ← x(A + I) / ‖x(A + I)‖₂ — adding the identity keeps
/// bipartite graphs from oscillating without changing the eigenvector. The result has unit Euclidean norm.
///
/// # Errors
/// [`Error::NoConvergence`] when the scores have not settled after `max_iter` iterations, as NetworkX's
/// `PowerIterationFailedConvergence`: this happens when no cycle of ties exists (a hierarchy only) or when
/// two separate parts of the network are equally strong.
///
/// # Complexity
/// O(n + t) per iteration for n nodes and t arcs, spread over every core; no allocation inside the loop.
/// The number of iterations grows as the gap between the two largest eigenvalues narrows.
///
/// ```
/// use actorgraph::query::central::{eigenvector, EigenvectorOptions, Ties};
/// use actorgraph::model::ActorIx;
/// // A star: the hub scores 1/√2, each of the two leaves 1/2.
/// let ties = Ties::from_arcs((0..3).map(ActorIx::new).collect(), false, &[(0, 1, 1.0), (0, 2, 1.0)], false);
/// let (x, _) = eigenvector(&ties, &EigenvectorOptions::default()).unwrap();
/// assert!((x[0] - 0.5f64.sqrt()).abs() < 1e-9 && (x[1] - 0.5).abs() < 1e-9);
/// ```
#[allow(clippy::cast_precision_loss)] // counts far below 2^52
pub fn eigenvector(ties: &Ties, options: &EigenvectorOptions) -> Result<(Vec<f64>, usize)> {
    let n = ties.node_count();
    if n == 0 {
        return Ok((Vec::new(), 0));
    }
    let (start, source, weight) = ties.in_csr();
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    let mut partial = vec![0.0; n.div_ceil(BLOCK)];
    for iteration in 1..=options.max_iter {
        let now = &x;
        // next = x (A + I), and the squares of its entries per block.
        next.par_chunks_mut(BLOCK).zip(partial.par_iter_mut()).enumerate().for_each(|(block, (xs, sum_sq))| {
            let mut squares = 0.0;
            for (i, out) in xs.iter_mut().enumerate() {
                let v = block * BLOCK + i;
                let arcs = start[v]..start[v + 1];
                let gathered = if weight.is_empty() {
                    gather(&source[arcs], now)
                } else {
                    gather_weighted(&source[arcs.clone()], &weight[arcs], now)
                };
                let value = now[v] + gathered;
                squares += value * value;
                *out = value;
            }
            *sum_sq = squares;
        });
        let norm = partial.iter().sum::<f64>().sqrt();
        // As NetworkX: a zero norm (impossible in exact arithmetic) divides by 1.
        let scale = if norm == 0.0 { 1.0 } else { 1.0 / norm };
        next.par_chunks_mut(BLOCK).zip(partial.par_iter_mut()).enumerate().for_each(|(block, (xs, change))| {
            let mut total = 0.0;
            for (i, out) in xs.iter_mut().enumerate() {
                *out *= scale;
                total += (*out - now[block * BLOCK + i]).abs();
            }
            *change = total;
        });
        std::mem::swap(&mut x, &mut next);
        if partial.iter().sum::<f64>() < options.tol {
            return Ok((x, iteration));
        }
    }
    Err(Error::NoConvergence {
        measure: "eigenvector centrality".to_owned(),
        iterations: options.max_iter,
        advice: "it is not well defined on this network: it needs a cycle of ties (a pure hierarchy has none), and \
                 one part of the network stronger than the others"
            .to_owned(),
        instead: Some("pagerank"),
    })
}
