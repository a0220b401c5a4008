//! The operations the benchmark times inside one process, each calling the library function an
//! `actorgraph` command calls (named in [`Op::calls`]). The graph is loaded once, as `actorgraph shell` does;
//! what a command adds on top (reading the snapshot, resolving names, printing) is measured end to end by
//! `bench/bench.py`.
//!
//! Each operation returns a small JSON *answer* (counts) that the driver compares with NetworkX, igraph and
//! rustworkx (`bench/peers.py`, same operation names), so a fast wrong answer shows.

use std::io::{self, BufWriter, Write};

use actorgraph::model::{ActorGraph, ActorIx, Sign};
use actorgraph::output::dot::{build, to_dot, Options as DotOptions, RankBy, Selection};
use actorgraph::output::write_json;
use actorgraph::query::blocs::{alliance_blocs, BlocsOptions};
use actorgraph::query::central::{centrality, pagerank, Measure, Options as CentralityOptions, PageRankOptions, Ties};
use actorgraph::query::neighbors::neighbors;
use actorgraph::query::path::{shortest_path, PathFinder, PathOptions};
use actorgraph::query::stats::stats;
use actorgraph::query::walk::Direction;
use actorgraph::query::{Filter, View};
use actorgraph::{Error, Result};
use serde_json::{json, Value};

/// What every operation gets: the loaded graph, its unfiltered view and the fixed query points.
pub struct Input<'g> {
    /// The graph.
    pub graph: &'g ActorGraph,
    /// The whole graph as a view (what a command without filters sees).
    pub view: View<'g>,
    /// The actor with the most relations (see [`hub`]).
    pub hub: ActorIx,
    /// Two actors for path queries.
    pub pair: (ActorIx, ActorIx),
}

impl<'g> Input<'g> {
    /// Prepares the inputs: the unfiltered view, the hub, and the path pair (by id, or the actors a third
    /// and two thirds through the list).
    ///
    /// # Errors
    /// When a given id names no actor.
    pub fn new(graph: &'g ActorGraph, pair: Option<(&str, &str)>) -> Result<Self> {
        let view = View::new(graph, &Filter::default());
        let hub = hub(&view);
        let n = graph.actors().len();
        let find = |id: &str| {
            graph.actor_ix(id).ok_or_else(|| Error::UnknownActor {
                query: id.to_owned(),
                suggestions: Vec::new(),
                more: 0,
            })
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

/// The actor with the most relations to and from other actors in the view (the lowest index on ties): the
/// benchmark's query point, not a timed operation.
#[must_use]
pub fn hub(view: &View) -> ActorIx {
    let degree = |a: ActorIx| {
        view.edges(a, petgraph::Direction::Outgoing).count() + view.edges(a, petgraph::Direction::Incoming).count()
    };
    view.actors()
        .map(|a| (degree(a), std::cmp::Reverse(a)))
        .max()
        .map_or(ActorIx::default(), |(_, std::cmp::Reverse(a))| a)
}

/// One timed operation.
pub struct Op {
    /// The name the report and `peers.py` use.
    pub name: &'static str,
    /// The library call it times, and the command that makes it.
    pub calls: &'static str,
    /// Runs it and returns its answer.
    pub run: fn(&Input) -> Result<Value>,
}

/// Above this many actors the benchmark's betweenness is sampled.
pub const EXACT_BETWEENNESS_LIMIT: usize = 20_000;
/// Sources of the sampled betweenness (the driver's `--sample` for the large size).
pub const BETWEENNESS_SAMPLE: usize = 20;

/// The operations, in report order. Betweenness is exact up to [`EXACT_BETWEENNESS_LIMIT`] actors and
/// sampled from [`BETWEENNESS_SAMPLE`] sources above, as the peers are.
pub const OPS: &[Op] = &[
    Op {
        name: "path",
        calls: "query::path::shortest_path (`path A B`)",
        run: |i| {
            let found = shortest_path(&i.view, i.pair.0, i.pair.1, PathOptions::default(), None);
            Ok(json!({"hops": found.map(|f| f.path.len())}))
        },
    },
    Op {
        name: "path_directed",
        calls: "query::path::shortest_path, directed (`path A B --directed`)",
        run: |i| {
            let options = PathOptions { directed: true, time_respecting: false };
            let found = shortest_path(&i.view, i.pair.0, i.pair.1, options, None);
            Ok(json!({"hops": found.map(|f| f.path.len())}))
        },
    },
    Op {
        name: "path_all_shortest",
        calls: "query::path::PathFinder::new + shortest (`path A B --all-shortest`, 100 paths at most)",
        run: |i| {
            let finder = PathFinder::new(&i.view, PathOptions::default());
            let paths: Vec<_> = finder.shortest(i.pair.0, i.pair.1, None).take(100).collect();
            Ok(json!({"hops": paths.first().map(|p| p.len())}))
        },
    },
    Op {
        name: "ego2",
        calls: "query::neighbors::neighbors, depth 2 (`neighbors HUB --depth 2`, before printing)",
        run: |i| {
            let ego = neighbors(&i.view, i.hub, 2, Direction::Both);
            Ok(json!({"actors": ego.actors.len() + 1, "relations": ego.relations.len()}))
        },
    },
    Op {
        name: "ego2_json",
        calls: "query::neighbors::neighbors + output::write_json (`neighbors HUB --depth 2 --format json`)",
        run: |i| {
            let ego = neighbors(&i.view, i.hub, 2, Direction::Both);
            let mut out = BufWriter::new(Counter(0));
            write_json(&mut out, &ego.record(i.graph, 2, Direction::Both))
                .and_then(|()| out.flush())
                .map_err(|source| Error::Write { path: "a byte counter".into(), source })?;
            Ok(json!({"bytes": out.get_ref().0}))
        },
    },
    Op {
        name: "pagerank",
        calls: "query::central::centrality(PageRank) (`central --measure pagerank`)",
        run: |i| {
            let result = centrality(&i.view, Measure::PageRank, &CentralityOptions::default())?;
            Ok(json!({"top": result.scores.first().map(|s| s.actor), "iterations": result.iterations}))
        },
    },
    Op {
        name: "pagerank_peer_tolerance",
        calls: "query::central::Ties::new + pagerank, stopping as NetworkX and rustworkx do by default (total \
                change < n·1e-6; `central` runs on to 1e-10, about ten times the iterations), scores not ranked",
        run: |i| {
            let ties = Ties::new(&i.view, false);
            #[allow(clippy::cast_precision_loss)] // a count of actors
            let options = PageRankOptions { tol: ties.node_count() as f64 * 1e-6, ..PageRankOptions::default() };
            let (scores, iterations) = pagerank(&ties, &options)?;
            let top = scores.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(node, _)| ties.actor(node));
            Ok(json!({"top": top, "iterations": iterations}))
        },
    },
    Op {
        name: "betweenness",
        calls: "query::central::centrality(Betweenness) (`central --measure betweenness [--sample 20]`)",
        run: |i| {
            let sample = (i.view.actor_count() > EXACT_BETWEENNESS_LIMIT).then_some(BETWEENNESS_SAMPLE);
            let options = CentralityOptions { sample, ..CentralityOptions::default() };
            let result = centrality(&i.view, Measure::Betweenness, &options)?;
            Ok(json!({"top": result.scores.first().map(|s| s.actor), "sample": sample}))
        },
    },
    Op {
        name: "components_positive",
        calls: "View::new + query::stats::stats over the positive kinds (`stats --kind supports,allied_with,…`)",
        run: |i| {
            let positive = i.graph.kinds().iter().filter(|(_, k)| k.sign == Sign::Positive).map(|(id, _)| id).collect();
            let view = View::new(i.graph, &Filter { kinds: positive, ..Filter::default() });
            let s = stats(&view);
            Ok(json!({"components": s.components, "largest": s.largest_component}))
        },
    },
    Op {
        name: "stats",
        calls: "query::stats::stats (`stats`)",
        run: |i| {
            let s = stats(&i.view);
            Ok(json!({"components": s.components, "largest": s.largest_component}))
        },
    },
    Op {
        name: "dot200",
        calls: "Selection::focus_at_most + dot::build + to_dot (`dot --focus HUB --depth 2 --max-nodes 200`)",
        run: |i| {
            let selection = Selection::focus_at_most(&i.view, i.hub, 2, Some(200), RankBy::Degree);
            let options = DotOptions { max_nodes: Some(200), ..DotOptions::default() };
            let diagram = build(&i.view, &selection, &Filter::default(), &options);
            let text = to_dot(&diagram);
            Ok(json!({"actors": diagram.counts.actors, "bytes": text.len()}))
        },
    },
    Op {
        name: "blocs",
        calls: "query::blocs::alliance_blocs (`blocs`)",
        run: |i| {
            let found = alliance_blocs(&i.view, &BlocsOptions::default())?;
            Ok(json!({"blocs": found.blocs.len(), "frustration": found.frustration, "method": found.method.as_str()}))
        },
    },
];

/// Counts the bytes written to it (the JSON of a big answer, without a disk or a pipe in the measure).
struct Counter(usize);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_answers_on_the_bundled_dataset() {
        let graph = actorgraph::load::embedded();
        let kh = graph.actor(graph.actor_ix("kataib-hezbollah").unwrap()).id.clone();
        let input = Input::new(&graph, Some((&kh, "iran"))).unwrap();
        let answers: Vec<(&str, Value)> = OPS.iter().map(|op| (op.name, (op.run)(&input).unwrap())).collect();
        let answer = |name: &str| answers.iter().find(|(n, _)| *n == name).map(|(_, a)| a.clone()).unwrap();
        assert_eq!(answer("path")["hops"], 1);
        assert_eq!(answer("path_all_shortest")["hops"], 1);
        // The hub's 2-hop network is the neighbors command's answer, centre included.
        let ego = neighbors(&input.view, input.hub, 2, Direction::Both);
        assert_eq!(answer("ego2")["actors"], ego.actors.len() + 1);
        assert!(answer("ego2_json")["bytes"].as_u64().unwrap() > 1000);
        assert!(answer("components_positive")["largest"].as_u64().unwrap() > 1);
        assert_eq!(answer("stats")["components"], stats(&input.view).components);
        assert!(answer("dot200")["actors"].as_u64().unwrap() > 1);
        let names: std::collections::BTreeSet<&str> = OPS.iter().map(|op| op.name).collect();
        assert_eq!(names.len(), OPS.len(), "names are unique");
    }
}
