//! The records of answers whose shape is not a query's own result: a profile, a list of scores, a signed
//! reach, the statistics and scores of a series.

use petgraph::Direction as Edges;
use serde::Serialize;

use crate::model::records::{ActorRecord, RelationRecord};
use crate::model::{ActorGraph, ActorIx, RelationIx};
use crate::query::allies::{SignedReach, Stance};
use crate::query::central::Centrality;
use crate::query::stats::{stats, Stats};
use crate::query::trend::{Point, Ranked};
use crate::query::{Filter, View};

/// One actor's profile (`show`): its relations out and in (statements it makes among the outgoing ones),
/// and the statements others make about those relations.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The actor.
    pub actor: ActorIx,
    /// Its relations and its statements, by index.
    pub outgoing: Vec<RelationIx>,
    /// Relations to it, by index.
    pub incoming: Vec<RelationIx>,
    /// Statements about any of those relations that are not among `outgoing`, by index.
    pub statements: Vec<RelationIx>,
}

#[derive(Serialize)]
struct ProfileRecord {
    actor: ActorRecord,
    outgoing: Vec<RelationRecord>,
    incoming: Vec<RelationRecord>,
    statements: Vec<RelationRecord>,
}

impl Profile {
    /// The profile of `actor` in `view`.
    #[must_use]
    pub fn new(view: &View, actor: ActorIx) -> Self {
        let graph = view.graph();
        let mut outgoing: Vec<RelationIx> = view.edges(actor, Edges::Outgoing).map(|(r, _)| r).collect();
        // Statements by the actor about relations are not edges: they have their own index.
        outgoing.extend(graph.statements_by(actor).iter().copied().filter(|&r| view.has_relation(r)));
        outgoing.sort_unstable();
        let mut incoming: Vec<RelationIx> = view.edges(actor, Edges::Incoming).map(|(r, _)| r).collect();
        incoming.sort_unstable();
        let mut statements: Vec<RelationIx> = outgoing
            .iter()
            .chain(&incoming)
            .flat_map(|&r| view.statements_about(r))
            .filter(|s| !outgoing.contains(s))
            .collect();
        statements.sort_unstable();
        statements.dedup();
        for list in [&outgoing, &incoming, &statements] {
            graph.prepare_relations(list);
        }
        Self { actor, outgoing, incoming, statements }
    }

    /// The profile as `show --format json` writes it.
    #[must_use]
    pub fn record(&self, graph: &ActorGraph) -> impl Serialize {
        let records = |list: &[RelationIx]| list.iter().map(|&r| RelationRecord::new(graph, r)).collect();
        ProfileRecord {
            actor: ActorRecord::new(graph, self.actor),
            outgoing: records(&self.outgoing),
            incoming: records(&self.incoming),
            statements: records(&self.statements),
        }
    }
}

/// One actor's score, as `central --format json` lists it.
#[derive(Debug, Serialize)]
pub struct CentralRecord<'a> {
    id: &'a str,
    name: &'a str,
    score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<f64>,
}

impl<'a> CentralRecord<'a> {
    /// The first `top` scores of `result`, best first, each with the estimate's error bound when sampled.
    #[must_use]
    pub fn list(graph: &'a ActorGraph, result: &Centrality, top: usize) -> Vec<Self> {
        let error = result.approximation.map(|a| a.error);
        result
            .scores
            .iter()
            .take(top)
            .map(|s| {
                let actor = graph.actor(s.actor);
                Self { id: &actor.id, name: &actor.name, score: s.score, error }
            })
            .collect()
    }
}

#[derive(Serialize)]
struct ScoreAt<'a> {
    id: &'a str,
    name: &'a str,
    rank: usize,
    score: f64,
}

#[derive(Serialize)]
struct CentralAt<'a> {
    date: String,
    actors: usize,
    ties: usize,
    scores: Vec<ScoreAt<'a>>,
}

/// A centrality series as `central --every/--series --format json` writes it: per date, the number of
/// actors and ties and the first `top` scores.
#[must_use]
pub fn central_series_record<'a>(
    graph: &'a ActorGraph,
    points: &[Point],
    series: &[(usize, Ranked)],
    top: usize,
) -> impl Serialize + 'a {
    let entries: Vec<CentralAt<'a>> = points
        .iter()
        .zip(series)
        .map(|(p, (ties, ranked))| CentralAt {
            date: p.label.clone(),
            actors: ranked.len(),
            ties: *ties,
            scores: ranked
                .iter()
                .take(top)
                .map(|&(a, rank, score)| ScoreAt { id: &graph.actor(a).id, name: &graph.actor(a).name, rank, score })
                .collect(),
        })
        .collect();
    entries
}

/// The statistics at one date of a series.
#[derive(Debug, Serialize)]
pub struct StatsAt {
    /// The date's label.
    pub date: String,
    /// Actors with at least one relation in view.
    pub active_actors: usize,
    /// The statistics.
    #[serde(flatten)]
    pub stats: Stats,
}

/// The statistics at each point, as `stats --every/--series --format json` lists them.
#[must_use]
pub fn stats_series_record(graph: &ActorGraph, filter: &Filter, points: &[Point]) -> Vec<StatsAt> {
    points
        .iter()
        .map(|p| {
            let s = stats(&p.view(graph, filter));
            StatsAt { date: p.label.clone(), active_actors: s.actors - s.isolated, stats: s }
        })
        .collect()
}

/// One ally or enemy, with the chain of relations behind it.
#[derive(Serialize)]
pub struct ReachedRecord {
    id: String,
    name: String,
    hops: usize,
    chain: Vec<String>,
    confidence: f64,
    conflicting: bool,
    path: Vec<String>,
    relations: Vec<RelationRecord>,
    mixes_periods: bool,
}

/// An actor's allies or enemies as `allies`/`enemies --format json` writes them.
#[derive(Serialize)]
pub struct ReachRecord {
    actor: String,
    stance: Stance,
    depth: u32,
    /// The allies or enemies.
    pub results: Vec<ReachedRecord>,
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

impl ReachRecord {
    /// The allies or enemies (`stance`) of `actor` in `reach`, found within `depth` signed hops.
    #[must_use]
    pub fn new(graph: &ActorGraph, actor: ActorIx, stance: Stance, depth: u32, reach: &SignedReach) -> Self {
        let results = match stance {
            Stance::Ally => &reach.allies,
            Stance::Enemy => &reach.enemies,
        };
        let ids =
            |list: &[RelationIx]| -> Vec<String> { list.iter().map(|&r| graph.relation(r).id.to_string()).collect() };
        Self {
            actor: graph.actor(actor).id.clone(),
            stance,
            depth,
            results: results
                .iter()
                .map(|r| ReachedRecord {
                    id: graph.actor(r.actor).id.clone(),
                    name: graph.actor(r.actor).name.clone(),
                    hops: r.hops,
                    chain: ids(&r.chain),
                    confidence: round6(r.confidence),
                    conflicting: r.conflicting,
                    path: r.path.iter().map(|&a| graph.actor(a).id.clone()).collect(),
                    relations: r.chain.iter().map(|&c| RelationRecord::new(graph, c)).collect(),
                    mixes_periods: graph.mixes_periods(r.chain.iter().map(std::slice::from_ref)),
                })
                .collect(),
        }
    }
}
