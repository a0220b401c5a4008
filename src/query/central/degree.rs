//! Degree, in-degree and out-degree centrality (NetworkX's `degree_centrality` and friends).

use super::Ties;

/// The share of other actors each actor is tied to: `nx.degree_centrality(G)`.
///
/// Degree / (n − 1), where the degree counts distinct neighbours on an undirected graph, and in-ties plus
/// out-ties on a directed one (so an actor tied both ways to everyone scores 2, as in NetworkX; rustworkx's
/// `degree_centrality` would divide that case by 2(n − 1)). A lone actor scores 1, as in NetworkX.
///
/// # Complexity
/// O(n).
#[must_use]
pub fn degree(ties: &Ties) -> Vec<f64> {
    scaled(ties, |u| if ties.is_directed() { ties.in_degree(u) + ties.out_degree(u) } else { ties.out_degree(u) })
}

/// The share of other actors with a tie to each actor: `nx.in_degree_centrality(G)`; on an undirected
/// graph, [`degree`].
///
/// # Complexity
/// O(n).
#[must_use]
pub fn in_degree(ties: &Ties) -> Vec<f64> {
    scaled(ties, |u| ties.in_degree(u))
}

/// The share of other actors each actor has a tie to: `nx.out_degree_centrality(G)`; on an undirected
/// graph, [`degree`].
///
/// # Complexity
/// O(n).
#[must_use]
pub fn out_degree(ties: &Ties) -> Vec<f64> {
    scaled(ties, |u| ties.out_degree(u))
}

#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn scaled(ties: &Ties, count: impl Fn(u32) -> usize) -> Vec<f64> {
    let n = ties.node_count();
    if n <= 1 {
        return vec![1.0; n];
    }
    let scale = 1.0 / (n as f64 - 1.0);
    (0..n).map(|u| count(u32::try_from(u).unwrap_or(u32::MAX)) as f64 * scale).collect()
}
