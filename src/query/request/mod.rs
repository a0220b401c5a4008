//! A query as a value: [`Request`] names one of the read-only questions (`stats`, `path`, `blocs`, …) with
//! its options already resolved against the graph (actor indices, a [`Filter`], dates as [`Point`]s), and
//! [`answer`] runs it.
//!
//! The command line resolves its words into a request (its errors name the flags); the report runs the
//! requests of its sections here and lays out their answers; neither parses the other's output. Each
//! question's typed answer and its record (the shape `--format json` writes, documented in docs/json.md)
//! are made by the functions of this module and its children, which the command line calls too.

pub mod blocs;
mod records;

use petgraph::Direction as Edges;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{ActorGraph, ActorIx, RelationIx};
use crate::progress::Progress;

use super::allies::{signed_reach, Stance};
use super::central::{centrality, Measure, Options};
use super::chain::{chain, ChainDirection};
use super::contradictions::contradictions;
use super::neighbors::neighbors;
use super::path::{shortest_path, ActorPath, PathFinder, PathOptions};
use super::stats::stats;
use super::timeline::timeline;
use super::trend::{central_series, Point};
use super::{walk, Filter, View};

pub use blocs::{BlocsAnswer, BlocsRequest, Compare};
pub use records::{central_series_record, stats_series_record, CentralRecord, Profile, ReachRecord, StatsAt};

/// One read-only question with its options resolved: what a report section or a command asks.
#[derive(Debug, Clone)]
pub enum Request {
    /// Counts of actors and relations (`stats`), at each point of a series when `points` is given.
    Stats {
        /// The relations in view.
        filter: Filter,
        /// The dates of a series (`--every`, `--series`).
        points: Option<Vec<Point>>,
    },
    /// Actors of some kinds or tags (`actors`), sorted by id.
    Actors {
        /// Actor kinds kept (empty: all).
        kinds: Vec<String>,
        /// Tags kept (an actor with any of them; empty: all).
        tags: Vec<String>,
    },
    /// One actor's profile (`show`).
    Show {
        /// The actor.
        actor: ActorIx,
        /// The relations in view.
        filter: Filter,
    },
    /// Relations in view, or one actor's (`relations`).
    Relations {
        /// Only this actor's relations and statements.
        actor: Option<ActorIx>,
        /// The relations in view.
        filter: Filter,
    },
    /// The ego network (`neighbors`).
    Neighbors {
        /// The actor in the middle.
        actor: ActorIx,
        /// Hops around it.
        depth: usize,
        /// Which relations lead away from it.
        direction: walk::Direction,
        /// The relations in view.
        filter: Filter,
    },
    /// Paths between two actors (`path`).
    Path(PathRequest),
    /// The command hierarchy above or below an actor (`chain`).
    Chain {
        /// The actor.
        actor: ActorIx,
        /// Up (whom it answers to) or down (everyone under it).
        direction: ChainDirection,
        /// The relations in view.
        filter: Filter,
    },
    /// Relations and statements in date order (`timeline`).
    Timeline {
        /// Only this actor's.
        actor: Option<ActorIx>,
        /// The relations in view.
        filter: Filter,
    },
    /// Denied claims, and single-source claims when `uncorroborated` (`contradictions`).
    Contradictions {
        /// The relations in view.
        filter: Filter,
        /// Also the claims that rest on one independent source.
        uncorroborated: bool,
    },
    /// Key actors by a centrality measure (`central`).
    Central(CentralRequest),
    /// An actor's allies or enemies (`allies`, `enemies`).
    Allies {
        /// The actor.
        actor: ActorIx,
        /// Allies or enemies.
        stance: Stance,
        /// The longest chain of signed relations followed.
        depth: u32,
        /// The relations in view.
        filter: Filter,
    },
    /// Alliance blocs (`blocs`).
    Blocs(BlocsRequest),
}

/// Which paths [`Request::Path`] looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSearch {
    /// One shortest path.
    Shortest,
    /// Every shortest path (at most the limit).
    AllShortest,
    /// Every simple path up to the maximum length (at most the limit).
    All,
}

impl PathSearch {
    /// `shortest`, `all_shortest` or `all`, as the JSON answer names it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shortest => "shortest",
            Self::AllShortest => "all_shortest",
            Self::All => "all",
        }
    }
}

/// How many steps (relations looked at) the search for every path may take before it stops: a few seconds
/// at most, so a dense graph with a large maximum length ends with a note instead of running for hours.
pub const ALL_PATHS_BUDGET: u64 = 5_000_000;

/// [`Request::Path`]: two different actors and how to search between them.
#[derive(Debug, Clone)]
pub struct PathRequest {
    /// Where the paths start.
    pub from: ActorIx,
    /// Where they end.
    pub to: ActorIx,
    /// Which paths.
    pub search: PathSearch,
    /// The longest path (hops); [`PathSearch::All`] stops at 4 without one.
    pub max_len: Option<usize>,
    /// The most paths listed ([`PathSearch::Shortest`] lists one).
    pub limit: usize,
    /// Directed and time-respecting search.
    pub options: PathOptions,
    /// The relations in view.
    pub filter: Filter,
}

/// Why a path answer is not every path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathCut {
    /// Other paths are as short as the one shown.
    OthersAsShort,
    /// The search for every path reached [`ALL_PATHS_BUDGET`] steps.
    Budget,
    /// More paths than the limit exist.
    Limit(usize),
}

/// The paths found, and whether some were left out.
#[derive(Debug, Clone)]
pub struct PathsFound {
    /// The paths, shortest first.
    pub paths: Vec<ActorPath>,
    /// What was left out, if anything.
    pub cut: Option<PathCut>,
}

#[derive(Serialize)]
struct PathsRecord {
    from: String,
    to: String,
    search: &'static str,
    directed: bool,
    time_respecting: bool,
    paths: Vec<super::path::PathRecord>,
    truncated: bool,
}

impl PathRequest {
    /// Searches the paths.
    ///
    /// # Complexity
    /// One bidirectional search for a shortest path; the prepared finder's search otherwise (see
    /// [`PathFinder`]).
    #[must_use]
    pub fn run(&self, graph: &ActorGraph) -> PathsFound {
        let view = View::new(graph, &self.filter);
        let (limit, from, to) = (self.limit, self.from, self.to);
        // One path by default: found by a search from both ends that prepares nothing over the whole graph.
        // Listing every path needs the prepared finder.
        let (mut paths, others, budget_cut): (Vec<ActorPath>, bool, bool) = match self.search {
            PathSearch::All => {
                let finder = PathFinder::new(&view, self.options);
                let mut all = finder.all(from, to, self.max_len.unwrap_or(4), ALL_PATHS_BUDGET);
                let paths = all.by_ref().take(limit + 1).collect();
                (paths, false, all.exhausted())
            }
            PathSearch::AllShortest => {
                let finder = PathFinder::new(&view, self.options);
                (finder.shortest(from, to, self.max_len).take(limit + 1).collect(), false, false)
            }
            PathSearch::Shortest => {
                let found = shortest_path(&view, from, to, self.options, self.max_len);
                let others = found.as_ref().is_some_and(|f| f.others);
                (found.into_iter().map(|f| f.path).collect(), others, false)
            }
        };
        let limit = if self.search == PathSearch::Shortest { 1 } else { limit };
        let limit_cut = paths.len() > limit;
        paths.truncate(limit);
        let cut = if others {
            Some(PathCut::OthersAsShort)
        } else if budget_cut {
            Some(PathCut::Budget)
        } else if limit_cut {
            Some(PathCut::Limit(limit))
        } else {
            None
        };
        PathsFound { paths, cut }
    }

    /// The answer as `path --format json` writes it.
    #[must_use]
    pub fn record(&self, graph: &ActorGraph, found: &PathsFound) -> impl Serialize {
        PathsRecord {
            from: graph.actor(self.from).id.clone(),
            to: graph.actor(self.to).id.clone(),
            search: self.search.as_str(),
            directed: self.options.directed,
            time_respecting: self.options.time_respecting,
            paths: found.paths.iter().map(|p| p.record(graph)).collect(),
            truncated: found.cut.is_some(),
        }
    }
}

/// [`Request::Central`]: a measure, how many actors to list, and optionally a series of dates.
#[derive(Debug, Clone)]
pub struct CentralRequest {
    /// The measure.
    pub measure: Measure,
    /// Weights and sampling.
    pub options: Options,
    /// The most actors listed (at each date); `None`: all.
    pub top: Option<usize>,
    /// The relations in view.
    pub filter: Filter,
    /// The dates of a series (`--every`, `--series`).
    pub points: Option<Vec<Point>>,
}

/// The actors a [`Request::Actors`] keeps, sorted by id.
#[must_use]
pub fn actors(graph: &ActorGraph, kinds: &[String], tags: &[String]) -> Vec<ActorIx> {
    let mut actors: Vec<ActorIx> = (0..graph.actors().len())
        .filter_map(|i| ActorIx::try_from(i).ok())
        .filter(|&a| {
            let actor = graph.actor(a);
            (kinds.is_empty() || kinds.contains(&actor.kind))
                && (tags.is_empty() || actor.tags.iter().any(|t| tags.contains(t)))
        })
        .collect();
    actors.sort_by(|&a, &b| graph.actor(a).id.cmp(&graph.actor(b).id));
    actors
}

/// The relations of a [`Request::Relations`]: every relation in view, or the actor's own (its edges both
/// ways and its statements), in index order for one actor.
#[must_use]
pub fn relations(view: &View, actor: Option<ActorIx>) -> Vec<RelationIx> {
    match actor {
        None => view.relations().collect(),
        // The actor's own lists, not a walk over every relation: its edges both ways and its statements.
        Some(a) => {
            let mut list: Vec<RelationIx> = view.edges(a, Edges::Outgoing).map(|(r, _)| r).collect();
            list.extend(view.edges(a, Edges::Incoming).map(|(r, _)| r));
            list.extend(view.graph().statements_by(a).iter().copied().filter(|&r| view.has_relation(r)));
            list.sort_unstable();
            view.graph().prepare_relations(&list);
            list
        }
    }
}

/// A request's answer as a value, laid out by the report: the record `--format json` writes, built in memory,
/// and whether the answer is empty (the command's exit code 1).
#[derive(Debug, Clone)]
pub struct Answer {
    /// The record.
    pub value: serde_json::Value,
    /// The question was asked, but nothing answers it.
    pub nothing_found: bool,
}

fn value(record: &impl Serialize) -> Result<serde_json::Value> {
    // Records are maps of strings, numbers and lists: making a value of one cannot fail, but if it did the
    // report says which answer.
    serde_json::to_value(record)
        .map_err(|e| Error::Render { message: format!("an answer could not be laid out ({e})") })
}

/// Runs a request on `graph` and returns its answer as the record `--format json` writes.
///
/// # Errors
/// What the question's query returns: a measure that does not converge, a graph too large to partition,
/// an actor whose signed reach is too large.
pub fn answer(graph: &ActorGraph, request: &Request, progress: Option<&dyn Progress>) -> Result<Answer> {
    let (value, nothing_found) = match request {
        Request::Stats { filter, points: Some(points) } => {
            let series = stats_series_record(graph, filter, points);
            let empty = series.iter().all(|s| s.stats.relations == 0);
            (value(&series)?, empty)
        }
        Request::Stats { filter, points: None } => (value(&stats(&View::new(graph, filter)))?, false),
        Request::Actors { kinds, tags } => {
            let list = actors(graph, kinds, tags);
            let records: Vec<_> = list.iter().map(|&a| crate::model::records::ActorRecord::new(graph, a)).collect();
            (value(&records)?, list.is_empty())
        }
        Request::Show { actor, filter } => {
            let profile = Profile::new(&View::new(graph, filter), *actor);
            (value(&profile.record(graph))?, false)
        }
        Request::Relations { actor, filter } => {
            let list = relations(&View::new(graph, filter), *actor);
            let records: Vec<_> = list.iter().map(|&r| crate::model::records::RelationRecord::new(graph, r)).collect();
            (value(&records)?, list.is_empty())
        }
        Request::Neighbors { actor, depth, direction, filter } => {
            let ego = neighbors(&View::new(graph, filter), *actor, *depth, *direction);
            (value(&ego.record(graph, *depth, *direction))?, ego.actors.is_empty())
        }
        Request::Path(request) => {
            let found = request.run(graph);
            (value(&request.record(graph, &found))?, found.paths.is_empty())
        }
        Request::Chain { actor, direction, filter } => {
            let found = chain(&View::new(graph, filter), *actor, *direction);
            (value(&found.record(graph))?, found.members.is_empty())
        }
        Request::Timeline { actor, filter } => {
            let found = timeline(&View::new(graph, filter), *actor);
            (value(&found.record(graph))?, found.events.is_empty())
        }
        Request::Contradictions { filter, uncorroborated } => {
            let found = contradictions(&View::new(graph, filter));
            let any = !found.claims.is_empty()
                || (*uncorroborated && !(found.uncorroborated.is_empty() && found.unsourced.is_empty()));
            (value(&found.record(graph, *uncorroborated))?, !any)
        }
        Request::Central(request) => match &request.points {
            Some(points) => {
                let series = central_series(graph, &request.filter, points, request.measure, &request.options)?;
                let record = central_series_record(graph, points, &series, request.top.unwrap_or(usize::MAX));
                (value(&record)?, series.iter().all(|(ties, _)| *ties == 0))
            }
            None => {
                let result = centrality(&View::new(graph, &request.filter), request.measure, &request.options)?;
                let record = CentralRecord::list(graph, &result, request.top.unwrap_or(usize::MAX));
                (value(&record)?, result.scores.is_empty())
            }
        },
        Request::Allies { actor, stance, depth, filter } => {
            let reach = signed_reach(&View::new(graph, filter), *actor, *depth as usize)?;
            let record = ReachRecord::new(graph, *actor, *stance, *depth, &reach);
            let empty = record.results.is_empty();
            (value(&record)?, empty)
        }
        Request::Blocs(request) => {
            let found = request.run(graph, progress)?;
            (found.record(graph, request), found.is_empty())
        }
    };
    Ok(Answer { value, nothing_found })
}
