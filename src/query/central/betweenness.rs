//! Betweenness centrality: Brandes' algorithm, exact or from sampled sources, on every core.

use std::collections::BinaryHeap;

use super::search::{arc_lengths, sum_over_sources, Entry};
use super::{Distance, Ties};

/// Which source actors the shortest paths start from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sources {
    /// Every actor: the exact betweenness.
    All,
    /// `count` actors drawn uniformly without replacement with a seeded generator: the estimate of Brandes &
    /// Pich (2007), as NetworkX's `betweenness_centrality(G, k=count)`. The same seed on the same view
    /// always draws the same actors.
    Sample {
        /// How many sources (at least 2 and fewer than the actors, or the result is exact).
        count: usize,
        /// The generator's seed.
        seed: u64,
    },
    /// These nodes (numbers in [`Ties`]), as NetworkX would after drawing them; for tests against NetworkX.
    Nodes(Vec<u32>),
}

/// The seed actorgraph samples with, so that `--sample K` gives the same answer every time.
pub const SAMPLE_SEED: u64 = 0x0ac7_0a67_a9b1_2024;

/// Betweenness centrality of every node: `nx.betweenness_centrality(G, k, normalized=True, weight,
/// endpoints=False)`.
///
/// The betweenness of v is Σ σ(s,t|v) / σ(s,t) over ordered pairs s ≠ v ≠ t, where σ(s,t) counts the
/// shortest s–t paths and σ(s,t|v) those through v (Freeman 1977), computed with Brandes' accumulation
/// (U. Brandes, "A faster algorithm for betweenness centrality", *J. Math. Sociol.* 25(2), 2001), and
/// normalised by 1 / ((n − 1)(n − 2)) — for undirected graphs too, as NetworkX does, which equals counting
/// unordered pairs and dividing by their number. With n ≤ 2 every score is 0.
///
/// Paths are counted in hops, or with Dijkstra over the lengths `distance` gives ([`Distance`]); equal
/// lengths are ties only when their floating-point sums are equal, as in NetworkX.
///
/// With [`Sources::Sample`] (or [`Sources::Nodes`]) of k < n sources, the sums run over those sources only
/// and are rescaled as NetworkX 3.6 does: by 1 / ((k − 1)(n − 2)) for an actor that was itself a source
/// and 1 / (k (n − 2)) for the others — an unbiased estimate whose error [`hoeffding_error`] bounds.
///
/// # Complexity
/// O(k·t) time for k sources and t arcs (O(k·t·log n) with lengths), O(n) memory per part, spread over
/// every core (rayon); no allocation per source.
///
/// ```
/// use actorgraph::query::central::{betweenness, Distance, Sources, Ties};
/// use actorgraph::model::ActorIx;
/// // The path a – b – c: every a–c path goes through b.
/// let ties = Ties::from_arcs((0..3).map(ActorIx::new).collect(), false, &[(0, 1, 1.0), (1, 2, 1.0)], false);
/// assert_eq!(betweenness(&ties, Distance::Hops, &Sources::All), vec![0.0, 1.0, 0.0]);
/// ```
#[must_use]
pub fn betweenness(ties: &Ties, distance: Distance, sources: &Sources) -> Vec<f64> {
    let n = ties.node_count();
    let chosen: Vec<u32> = match sources {
        Sources::All => (0..n).filter_map(|u| u32::try_from(u).ok()).collect(),
        Sources::Sample { count, seed } if *count < n => sample(n, *count, *seed),
        Sources::Sample { .. } => (0..n).filter_map(|u| u32::try_from(u).ok()).collect(),
        Sources::Nodes(nodes) => nodes.clone(),
    };
    let (start, target, weight) = ties.out_csr();
    let mut totals = match arc_lengths(weight, target.len(), distance) {
        None => sum_over_sources(
            n,
            &chosen,
            || Bfs::new(n, target.len()),
            |bfs, s, totals| bfs.run(start, target, s, totals),
        ),
        Some(lengths) => sum_over_sources(
            n,
            &chosen,
            || Dijkstra::new(n),
            |dijkstra, s, totals| dijkstra.run(start, target, &lengths, s, totals),
        ),
    };
    rescale(&mut totals, &chosen);
    totals
}

/// The half-width of a `confidence` (e.g. 0.95) interval for each actor's sampled betweenness with `k`
/// sources: √(ln(2 / (1 − confidence)) / (2(k − 1))).
///
/// Each source adds a dependency δ_s(v) / (n − 2) in [0, 1] to an actor's estimate, which is their mean, so
/// Hoeffding's inequality (it holds for sampling without replacement too) bounds the chance of an error of
/// ε or more by 2·exp(−2kε²); k − 1 covers an actor that was itself a source (Brandes & Pich 2007, §3). It
/// is a worst case: real errors are usually several times smaller.
///
/// ```
/// let e = actorgraph::query::central::hoeffding_error(1000, 0.95);
/// assert!((e - 0.04297).abs() < 1e-5);
/// ```
#[must_use]
#[allow(clippy::cast_precision_loss)] // sample sizes far below 2^52
pub fn hoeffding_error(k: usize, confidence: f64) -> f64 {
    let k = k.saturating_sub(1).max(1) as f64;
    ((2.0 / (1.0 - confidence)).ln() / (2.0 * k)).sqrt()
}

/// NetworkX 3.6's `_rescale` with `normalized=True, endpoints=False`.
#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn rescale(totals: &mut [f64], sources: &[u32]) {
    let n = totals.len();
    if n <= 2 {
        return; // no pair of other actors: every score is 0
    }
    let pairs = (n - 2) as f64;
    let k = sources.len();
    if k >= n {
        let scale = 1.0 / ((n - 1) as f64 * pairs);
        totals.iter_mut().for_each(|t| *t *= scale);
        return;
    }
    let mut is_source = vec![false; n];
    for &s in sources {
        is_source[s as usize] = true;
    }
    let source_scale = 1.0 / ((k as f64 - 1.0) * pairs);
    let other_scale = 1.0 / (k as f64 * pairs);
    for (t, &source) in totals.iter_mut().zip(&is_source) {
        *t *= if source { source_scale } else { other_scale };
    }
}

/// `count` distinct nodes of `0..n`, drawn with a partial Fisher–Yates shuffle driven by SplitMix64, in
/// ascending order.
fn sample(n: usize, count: usize, seed: u64) -> Vec<u32> {
    let mut state = seed;
    let mut next = || {
        // SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and good enough to pick sources.
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut nodes: Vec<u32> = (0..n).filter_map(|u| u32::try_from(u).ok()).collect();
    for i in 0..count.min(n) {
        // Lemire's multiply-shift maps 64 random bits onto i..n without a division.
        let span = (n - i) as u128;
        let j = i + usize::try_from((u128::from(next()) * span) >> 64).unwrap_or(0);
        nodes.swap(i, j);
    }
    nodes.truncate(count.min(n));
    nodes.sort_unstable();
    nodes
}

const UNSEEN: u32 = u32::MAX;

/// What a breadth-first search keeps per node, packed so that one memory access fetches both.
#[derive(Debug, Clone, Copy)]
struct Reach {
    /// Hops from the source, or [`UNSEEN`].
    dist: u32,
    /// σ, the number of shortest paths from the source, until the node's dependency is known; then
    /// (1 + δ) / σ, what the node passes back to each predecessor per unit of the predecessor's σ.
    value: f64,
}

/// Scratch space for one breadth-first source, reused for every source of a part.
struct Bfs {
    reach: Vec<Reach>,
    /// Nodes in the order they were reached, which is also non-decreasing distance.
    order: Vec<u32>,
    /// The shortest-path DAG: the successors one level further of `order[i]` are
    /// `dag[ends[i - 1]..ends[i]]`.
    dag: Vec<u32>,
    ends: Vec<usize>,
}

impl Bfs {
    fn new(n: usize, arcs: usize) -> Self {
        Self {
            reach: vec![Reach { dist: UNSEEN, value: 0.0 }; n],
            order: Vec::with_capacity(n),
            // One slot more than arcs: the branch-free append below writes before it knows whether to keep.
            dag: vec![0; arcs + 1],
            ends: Vec::with_capacity(n),
        }
    }

    /// Adds source `s`'s dependencies δ_s(v) to `totals`, then clears what it touched.
    fn run(&mut self, start: &[usize], target: &[u32], s: u32, totals: &mut [f64]) {
        let Self { reach, order, dag, ends } = self;
        order.clear();
        ends.clear();
        order.push(s);
        reach[s as usize] = Reach { dist: 0, value: 1.0 };
        let mut head = 0;
        let mut len = 0;
        while let Some(&v) = order.get(head) {
            head += 1;
            let Reach { dist, value: sigma } = reach[v as usize];
            let next = dist + 1;
            for &w in &target[start[v as usize]..start[v as usize + 1]] {
                let r = &mut reach[w as usize];
                if r.dist == UNSEEN {
                    r.dist = next;
                    order.push(w);
                }
                // Selects rather than branches (whether w is one level further is unpredictable): an
                // unseen node's value is 0, so the first path sets σ; the DAG append always writes and
                // keeps the entry only when it is an arc of the DAG.
                let further = r.dist == next;
                r.value += if further { sigma } else { 0.0 };
                dag[len] = w;
                len += usize::from(further);
            }
            ends.push(len);
        }
        // Brandes' accumulation over the DAG, deepest nodes first, so that each successor's `value`
        // already holds (1 + δ) / σ, what it passes back per unit of its predecessor's σ.
        for (i, &w) in order.iter().enumerate().rev() {
            let from = if i == 0 { 0 } else { ends[i - 1] };
            let passed: f64 = dag[from..ends[i]].iter().map(|&x| reach[x as usize].value).sum();
            let r = &mut reach[w as usize];
            let delta = r.value * passed;
            r.value = (1.0 + delta) / r.value;
            if w != s {
                totals[w as usize] += delta;
            }
        }
        for &v in order.iter() {
            reach[v as usize] = Reach { dist: UNSEEN, value: 0.0 };
        }
    }
}

/// Scratch space for one Dijkstra source, reused for every source of a part.
struct Dijkstra {
    dist: Vec<f64>,
    settled: Vec<bool>,
    sigma: Vec<f64>,
    coef: Vec<f64>,
    /// Nodes in the order they were settled (non-decreasing distance).
    order: Vec<u32>,
    heap: BinaryHeap<Entry>,
}

impl Dijkstra {
    fn new(n: usize) -> Self {
        Self {
            dist: vec![f64::INFINITY; n],
            settled: vec![false; n],
            sigma: vec![0.0; n],
            coef: vec![0.0; n],
            order: Vec::with_capacity(n),
            heap: BinaryHeap::with_capacity(n),
        }
    }

    /// Adds source `s`'s dependencies to `totals` over arcs of the given lengths, then clears what it
    /// touched. Mirrors NetworkX's `_single_source_dijkstra_path_basic`: a path ties the best one only when
    /// its floating-point length is equal.
    fn run(&mut self, start: &[usize], target: &[u32], lengths: &[f64], s: u32, totals: &mut [f64]) {
        let Self { dist, settled, sigma, coef, order, heap } = self;
        order.clear();
        dist[s as usize] = 0.0;
        sigma[s as usize] = 1.0;
        heap.push(Entry { dist: 0.0, node: s });
        while let Some(Entry { node: v, .. }) = heap.pop() {
            if settled[v as usize] {
                continue; // a stale entry: v was reached again by a shorter path
            }
            settled[v as usize] = true;
            order.push(v);
            let dv = dist[v as usize];
            let sv = sigma[v as usize];
            for i in start[v as usize]..start[v as usize + 1] {
                let (w, length) = (target[i] as usize, lengths[i]);
                if settled[w] || length == f64::INFINITY {
                    continue;
                }
                let through = dv + length;
                if through < dist[w] {
                    dist[w] = through;
                    sigma[w] = sv;
                    heap.push(Entry { dist: through, node: target[i] });
                } else if through == dist[w] {
                    sigma[w] += sv;
                }
            }
        }
        for &w in order.iter().rev() {
            let dw = dist[w as usize];
            let mut passed = 0.0;
            for i in start[w as usize]..start[w as usize + 1] {
                let x = target[i] as usize;
                if dw + lengths[i] == dist[x] && lengths[i] != f64::INFINITY {
                    passed += coef[x];
                }
            }
            let sw = sigma[w as usize];
            let delta = sw * passed;
            coef[w as usize] = (1.0 + delta) / sw;
            if w != s {
                totals[w as usize] += delta;
            }
        }
        for &v in order.iter() {
            dist[v as usize] = f64::INFINITY;
            settled[v as usize] = false;
            sigma[v as usize] = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_distinct_sorted_and_reproducible() {
        let a = sample(100, 10, 7);
        assert_eq!(a.len(), 10);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(a, sample(100, 10, 7));
        assert_ne!(a, sample(100, 10, 8));
        assert_eq!(sample(5, 5, 1), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn hoeffding_error_shrinks_with_the_square_root_of_the_sample() {
        let ratio = hoeffding_error(101, 0.95) / hoeffding_error(401, 0.95);
        assert!((ratio - 2.0).abs() < 1e-12);
    }
}
