//! The operations the side-by-side benchmark (`bench/run.sh`) times inside one process, and the helpers it
//! needs (peak memory, the hub, medians).
//!
//! Each operation is a row of [`OPS`]: a name (the same one the Python driver `bench/peers.py` uses for
//! NetworkX, igraph and rustworkx) and a function that runs the work on an already loaded graph and returns
//! a small JSON *answer* (counts) that the driver compares across tools, so a fast wrong answer shows.
//! Adding a query to the benchmark is one row here and one function in `peers.py`.

use std::collections::VecDeque;
use std::time::Instant;

use petgraph::unionfind::UnionFind;
use petgraph::Direction;
use serde_json::{json, Value};

use crate::error::Result;
use crate::model::{ActorGraph, ActorIx, Sign, Target};
use crate::output::dot::{build as build_diagram, to_dot, Options as DotOptions, Selection};
use crate::query::blocs::{alliance_blocs, BlocsOptions};
use crate::query::central::{centrality, Measure, Options as CentralityOptions};
use crate::query::path::{PathFinder, PathOptions};
use crate::query::{Filter, View};

/// What every operation gets: the loaded graph, its unfiltered view and the fixed query points.
pub struct OpInput<'g> {
    /// The graph.
    pub graph: &'g ActorGraph,
    /// The whole graph as a view.
    pub view: View<'g>,
    /// The actor with the most relations (see [`hub`]).
    pub hub: ActorIx,
    /// Two actors for path queries.
    pub pair: (ActorIx, ActorIx),
}

/// An operation: runs the work and returns its answer for cross-checking.
pub type Op = fn(&OpInput) -> Result<Value>;

/// The operations actorgraph runs in the benchmark, by the names the report uses. `load` is timed apart
/// (it makes the [`OpInput`]). Betweenness is exact up to [`EXACT_BETWEENNESS_LIMIT`] actors and sampled
/// from [`BETWEENNESS_SAMPLE`] sources above (exact betweenness on 100k/1M takes tens of minutes for every
/// tool), as the Python driver does for the peers.
pub const OPS: &[(&str, Op)] = &[
    ("pagerank", op_pagerank),
    ("betweenness", op_betweenness),
    ("path", op_path),
    ("ego2", op_ego2),
    ("components_positive", op_components_positive),
    ("blocs", op_blocs),
    ("dot200", op_dot200),
];

impl<'g> OpInput<'g> {
    /// Prepares the inputs: the unfiltered view, the hub, and the path pair (by id, or actors a third and
    /// two thirds through the list).
    ///
    /// # Errors
    /// When a given id names no actor.
    pub fn new(graph: &'g ActorGraph, pair: Option<(&str, &str)>) -> Result<Self> {
        let view = View::new(graph, &Filter::default());
        let hub = hub(&view);
        let n = graph.actors().len();
        let find = |id: &str| {
            graph
                .actor_ix(id)
                .ok_or_else(|| crate::Error::UnknownActor { query: id.to_owned(), suggestions: Vec::new() })
        };
        let pair = match pair {
            Some((a, b)) => (find(a)?, find(b)?),
            None => (ix(n / 3), ix(2 * n / 3)),
        };
        Ok(Self { graph, view, hub, pair })
    }
}

fn ix(i: usize) -> ActorIx {
    ActorIx::try_from(i).unwrap_or(ActorIx::MAX)
}

/// The actor with the most relations to and from other actors in the view (the lowest index on ties).
///
/// # Complexity
/// O(actors + relations).
#[must_use]
pub fn hub(view: &View) -> ActorIx {
    let graph = view.graph();
    let mut degree = vec![0u32; graph.actors().len()];
    for r in view.relations() {
        let relation = graph.relation(r);
        if let Target::Actor(to) = relation.to {
            degree[relation.from as usize] += 1;
            degree[to as usize] += 1;
        }
    }
    ix((0..degree.len()).max_by(|&a, &b| degree[a].cmp(&degree[b]).then(b.cmp(&a))).unwrap_or(0))
}

/// The actors within `radius` steps of `center` (following relations either way) and the relations among
/// them: NetworkX's `ego_graph(G, center, radius, undirected=True)`.
///
/// Returns `(actors, relations)`: actors sorted by index, relations in load order.
///
/// # Complexity
/// O(actors + relations of the ego network's neighbourhood).
#[must_use]
pub fn ego_network(view: &View, center: ActorIx, radius: usize) -> (Vec<ActorIx>, Vec<u32>) {
    let graph = view.graph();
    let mut distance = vec![u32::MAX; graph.actors().len()];
    let mut queue = VecDeque::from([center]);
    distance[center as usize] = 0;
    let mut actors = vec![center];
    while let Some(actor) = queue.pop_front() {
        let d = distance[actor as usize];
        if d as usize >= radius {
            continue;
        }
        for direction in [Direction::Outgoing, Direction::Incoming] {
            for (_, other) in view.edges(actor, direction) {
                if distance[other as usize] == u32::MAX {
                    distance[other as usize] = d + 1;
                    actors.push(other);
                    queue.push_back(other);
                }
            }
        }
    }
    let mut relations = Vec::new();
    for &actor in &actors {
        for (r, other) in view.edges(actor, Direction::Outgoing) {
            if distance[other as usize] != u32::MAX {
                relations.push(r);
            }
        }
    }
    actors.sort_unstable();
    relations.sort_unstable();
    (actors, relations)
}

/// Connected components of the actors when only relations of positive kinds (support, alliance, command,
/// membership, funding) link them, direction ignored; every actor counts, isolated ones as their own
/// component. Returns `(number of components, size of the largest)`.
///
/// # Complexity
/// O(actors + relations · α(actors)) (union–find).
#[must_use]
pub fn positive_components(view: &View) -> (usize, usize) {
    let graph = view.graph();
    let positive: Vec<bool> = graph.kinds().iter().map(|(_, k)| k.sign == Sign::Positive).collect();
    let mut sets = UnionFind::<u32>::new(graph.actors().len());
    for r in view.relations() {
        let relation = graph.relation(r);
        if let Target::Actor(to) = relation.to {
            if positive[usize::from(relation.kind.0)] {
                sets.union(relation.from, to);
            }
        }
    }
    let mut size = vec![0usize; graph.actors().len()];
    for a in view.actors() {
        size[sets.find(a) as usize] += 1;
    }
    let count = size.iter().filter(|&&s| s > 0).count();
    (count, size.into_iter().max().unwrap_or(0))
}

fn op_ego2(input: &OpInput) -> Result<Value> {
    let (actors, relations) = ego_network(&input.view, input.hub, 2);
    Ok(json!({"actors": actors.len(), "relations": relations.len()}))
}

fn op_pagerank(input: &OpInput) -> Result<Value> {
    let result = centrality(&input.view, Measure::PageRank, &CentralityOptions::default())?;
    Ok(json!({"top": result.scores.first().map(|s| s.actor)}))
}

/// Above this many actors the benchmark's betweenness is sampled.
pub const EXACT_BETWEENNESS_LIMIT: usize = 20_000;
/// Sources of the sampled betweenness (the driver's `--sample` for the large size).
pub const BETWEENNESS_SAMPLE: usize = 20;

fn op_betweenness(input: &OpInput) -> Result<Value> {
    let sample = (input.view.actor_count() > EXACT_BETWEENNESS_LIMIT).then_some(BETWEENNESS_SAMPLE);
    let options = CentralityOptions { sample, ..CentralityOptions::default() };
    let result = centrality(&input.view, Measure::Betweenness, &options)?;
    Ok(json!({"top": result.scores.first().map(|s| s.actor), "sample": sample}))
}

fn op_path(input: &OpInput) -> Result<Value> {
    let finder = PathFinder::new(&input.view, PathOptions::default());
    let hops = finder.shortest(input.pair.0, input.pair.1, None).next().map(|p| p.hops.len());
    Ok(json!({"hops": hops}))
}

fn op_blocs(input: &OpInput) -> Result<Value> {
    let found = alliance_blocs(&input.view, &BlocsOptions::default())?;
    Ok(json!({"blocs": found.blocs.len(), "frustration": found.frustration, "method": found.method.as_str()}))
}

/// The DOT of the hub's ego network cut to its 200 best-connected actors, as `actorgraph dot --focus HUB
/// --depth 2 --max-nodes 200` writes it.
fn op_dot200(input: &OpInput) -> Result<Value> {
    let selection = Selection::focus_at_most(&input.view, input.hub, 2, Some(200), crate::output::dot::RankBy::Degree);
    let options = DotOptions { max_nodes: Some(200), ..DotOptions::default() };
    let diagram = build_diagram(&input.view, &selection, &Filter::default(), &options);
    let text = to_dot(&diagram);
    Ok(json!({"actors": diagram.counts.actors, "bytes_positive": !text.is_empty()}))
}

fn op_components_positive(input: &OpInput) -> Result<Value> {
    let (count, largest) = positive_components(&input.view);
    Ok(json!({"components": count, "largest": largest}))
}

/// Runs `f` `repeat` times and returns each run's milliseconds and the last answer.
///
/// # Errors
/// The first error `f` returns.
pub fn time<T>(repeat: usize, mut f: impl FnMut() -> Result<T>) -> Result<(Vec<f64>, T)> {
    let mut times = Vec::with_capacity(repeat);
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        let answer = f()?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        last = Some(answer);
    }
    match last {
        Some(answer) => Ok((times, answer)),
        None => unreachable!("at least one run"),
    }
}

/// The median of some timings (the mean of the middle two for an even count; 0 for none).
#[must_use]
pub fn median(times: &[f64]) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// CPU time (user + system) this process has used so far, in milliseconds (Linux `/proc/self/stat`, in
/// ticks of 10 ms), or `None` where `/proc` does not tell. Unlike wall time, it does not grow when other
/// programs compete for the cores.
#[must_use]
pub fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may contain spaces) start with the state, field 3.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    #[allow(clippy::cast_precision_loss)] // ticks fit in f64 for any process lifetime
    Some(ticks as f64 * 10.0)
}

/// The process's peak resident memory in bytes (Linux `VmHWM`), or `None` where `/proc` does not tell.
#[must_use]
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ego_network_and_components_on_the_bundled_dataset() {
        let graph = crate::load::embedded();
        let input = OpInput::new(&graph, None).unwrap();
        let (actors, relations) = ego_network(&input.view, input.hub, 1);
        // Radius 1: the hub and its direct neighbours; every relation among them.
        let neighbours: std::collections::BTreeSet<u32> = [Direction::Outgoing, Direction::Incoming]
            .into_iter()
            .flat_map(|d| input.view.edges(input.hub, d).map(|(_, o)| o).collect::<Vec<_>>())
            .chain([input.hub])
            .collect();
        assert_eq!(actors, neighbours.into_iter().collect::<Vec<_>>());
        assert!(relations.len() >= actors.len() - 1);
        let (count, largest) = positive_components(&input.view);
        // The same as `stats` on the view restricted to the positive kinds.
        let positive = graph.kinds().iter().filter(|(_, k)| k.sign == Sign::Positive).map(|(id, _)| id).collect();
        let restricted =
            crate::query::stats::stats(&View::new(&graph, &Filter { kinds: positive, ..Filter::default() }));
        assert_eq!((count, largest), (restricted.components, restricted.largest_component));
        assert!(largest > 1);
        let (all, _) = ego_network(&input.view, input.hub, graph.actors().len());
        assert!(all.len() >= largest);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert!((median(&[3.0, 1.0, 2.0]) - 2.0).abs() < 1e-12);
        assert!((median(&[4.0, 1.0, 2.0, 3.0]) - 2.5).abs() < 1e-12);
        assert!(median(&[]).abs() < 1e-12);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn peak_memory_and_cpu_time_are_known_on_linux() {
        assert!(peak_rss_bytes().unwrap() > 1024 * 1024);
        let before = cpu_ms().unwrap();
        let mut x = 0u64;
        for i in 0..30_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        assert!(std::hint::black_box(x) != 1);
        assert!(cpu_ms().unwrap() >= before);
    }
}
