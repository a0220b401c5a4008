//! `path`: how one actor is linked to another — every shortest chain of relations, or every chain up to a
//! length, optionally only chains whose dates never go backwards.

use std::collections::{HashMap, VecDeque};
use std::sync::OnceLock;

use fixedbitset::FixedBitSet;
use petgraph::Direction;
use serde::Serialize;

use crate::model::records::RelationRecord;
use crate::model::{ix, ActorGraph, ActorIx, Csr, PartialDate, Relation, RelationIx};

use super::View;

mod bidirectional;

pub use bidirectional::{shortest_path, OneShortest};

/// How paths are walked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PathOptions {
    /// Follow relations only from `from` to `to` (symmetric kinds still go both ways). Off: direction is
    /// ignored.
    pub directed: bool,
    /// Only paths whose hop dates never go backwards (see [`PathFinder`]).
    pub time_respecting: bool,
}

/// One step of a path: every relation in view that links two consecutive actors in the walked direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    /// Where the step starts.
    pub from: ActorIx,
    /// Where it ends.
    pub to: ActorIx,
    /// The parallel relations that make the step, sorted by id. With time-respecting paths, only those that
    /// can take their place in a chronologically ordered chain.
    pub relations: Vec<RelationIx>,
    /// The highest known confidence among them: the step is as strong as its best evidence. `None` when no
    /// relation of the step has a known confidence.
    pub confidence: Option<f64>,
}

/// A path between two actors, hop by hop.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorPath {
    /// The actors in walking order, from the start to the end.
    pub actors: Vec<ActorIx>,
    /// The steps, `actors.len() - 1` of them.
    pub hops: Vec<Hop>,
}

impl Hop {
    /// The step from `from` to `to` over `relations`, its confidence the highest known among them.
    #[must_use]
    pub fn new(graph: &ActorGraph, from: ActorIx, to: ActorIx, relations: Vec<RelationIx>) -> Self {
        let confidence = relations.iter().filter_map(|&r| graph.relation(r).confidence).reduce(f64::max);
        Self { from, to, relations, confidence }
    }
}

impl ActorPath {
    /// The number of hops.
    #[must_use]
    pub fn len(&self) -> usize {
        self.hops.len()
    }

    /// Whether the path has no hop (never true for a path the finder returns).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }

    /// The weakest link: the lowest hop confidence (1 for an empty path).
    #[must_use]
    ///
    /// `None` when a hop's confidence is unknown: the weakest link cannot then be told.
    pub fn weakest_confidence(&self) -> Option<f64> {
        self.hops.iter().map(|h| h.confidence).try_fold(1.0, |weakest, c| c.map(|c| f64::min(weakest, c)))
    }
}

/// A point in time as a sortable number (`yyyymmdd`); open ends are `i64::MIN` / `i64::MAX`.
type Time = i64;

fn day((y, m, d): (i32, u8, u8)) -> Time {
    i64::from(y) * 10_000 + i64::from(m) * 100 + i64::from(d)
}

/// The interval a relation may have happened in: from its date's first day to the last day of its `until`
/// (or of its date); an undated relation is unbounded and never constrains a time-respecting path.
fn span(relation: &Relation) -> (Time, Time) {
    let start = relation.date.map_or(Time::MIN, |d: PartialDate| day(d.start()));
    let end = relation.until.or(relation.date).map_or(Time::MAX, |d| day(d.end()));
    (start, end)
}

/// Finds paths between actors in a [`View`].
///
/// Definitions:
/// - **Walking.** Undirected by default (NetworkX `all_shortest_paths` on `G.to_undirected()`); with
///   [`PathOptions::directed`], a relation is walked from `from` to `to` only, except symmetric kinds
///   (`allied_with`, `meets`), which hold both ways. Statements about relations are never walked. With the
///   common `--kind` filter only those kinds are in the view, hence walked.
/// - **Hops.** Parallel relations are collapsed: a hop between two actors lists every relation in view that
///   links them in the walked direction; its confidence is the highest among them, and a path's *weakest
///   link* is its lowest hop confidence.
/// - **Time-respecting** (Holme & Saramäki 2012, "Temporal networks", *Physics Reports* 519): the hops must be
///   datable in non-decreasing order. A relation may have happened at any time in its interval (`2024-12`
///   is the whole month; a relation with `until` spans date to until); an undated relation fits anywhere.
///   A chain fits when some choice of one relation and one day per hop is non-decreasing — for two hops,
///   `next.end >= prev.start`. The finder tracks the earliest day a chain can have reached each actor, which
///   decides this exactly; a hop lists only the relations that fit in some ordered dating of the whole path.
///
/// # Complexity
/// Building the finder: O(E log E) integer comparisons for E relations (ids compared as their ranks,
/// [`ActorGraph::actor_ranks`], built once per graph), in flat arrays (no list per actor). See [`PathFinder::shortest`] and [`PathFinder::all`].
///
/// ```
/// use actorgraph::query::{path::{PathFinder, PathOptions}, Filter, View};
/// let graph = actorgraph::load::embedded();
/// let view = View::new(&graph, &Filter::default());
/// let finder = PathFinder::new(&view, PathOptions::default());
/// let (kh, iran) = (graph.actor_ix("kataib-hezbollah").unwrap(), graph.actor_ix("iran").unwrap());
/// let paths: Vec<_> = finder.shortest(kh, iran, None).collect();
/// assert_eq!(paths.len(), 1);
/// assert_eq!(&*graph.relation(paths[0].hops[0].relations[0]).id, "r-iran-supports-kh");
/// ```
pub struct PathFinder<'v, 'g> {
    view: &'v View<'g>,
    options: PathOptions,
    /// For each actor, its walkable neighbours sorted by id, made the first time the search steps from it:
    /// a search that reaches its target in a few hops makes the rows of the few thousand actors it
    /// visits, not of the whole graph.
    rows: Vec<OnceLock<Row>>,
    /// The id ranks ([`crate::model::ActorGraph::actor_ranks`], and the relations'), when the graph had
    /// them already: rows are sorted by them instead of by comparing ids (the same order).
    ranks: Option<(&'g [u32], &'g [u32])>,
    /// For each actor, the actors that can step to it; made (with every row) when first needed.
    back: OnceLock<Csr<ActorIx>>,
    /// Each relation's possible dates, for time-respecting paths only (empty otherwise).
    spans: Vec<(Time, Time)>,
}

/// One actor's walkable neighbours, sorted by id; the relations of the hop to `next[k]` (sorted by id) are
/// `rels[start[k]..start[k + 1]]`.
#[derive(Default)]
struct Row {
    next: Vec<ActorIx>,
    start: Vec<u32>,
    rels: Vec<RelationIx>,
}

impl<'v, 'g> PathFinder<'v, 'g> {
    /// Prepares a search of `view`. Each actor's walkable neighbours are gathered and sorted the first time
    /// the search steps from it.
    #[must_use]
    pub fn new(view: &'v View<'g>, options: PathOptions) -> Self {
        let graph = view.graph();
        let n = graph.actors().len();
        // Ranks only when they exist: making them reads every relation's id, more than a search needs.
        let ranks = graph.actor_ranks_for(0).zip(graph.relation_ranks_for(0));
        let spans = if options.time_respecting { graph.relations().iter().map(span).collect() } else { Vec::new() };
        Self { view, options, rows: (0..n).map(|_| OnceLock::new()).collect(), ranks, back: OnceLock::new(), spans }
    }

    /// The walkable neighbours of `actor` (its edges both ways, or out and symmetric ones when directed;
    /// no loops), sorted by id, each with its relations sorted by id.
    fn row(&self, actor: ActorIx) -> &Row {
        self.rows[actor.index()].get_or_init(|| {
            let (view, graph) = (self.view, self.view.graph());
            let mut list: Vec<(ActorIx, RelationIx)> = Vec::new();
            list.extend(view.edges(actor, Direction::Outgoing).filter(|&(_, o)| o != actor).map(|(r, o)| (o, r)));
            let two_way = |r: RelationIx| !self.options.directed || graph.is_symmetric(r);
            list.extend(
                view.edges(actor, Direction::Incoming).filter(|&(r, o)| o != actor && two_way(r)).map(|(r, o)| (o, r)),
            );
            match self.ranks {
                Some((actor_rank, relation_rank)) => {
                    list.sort_unstable_by_key(|&(x, r)| (actor_rank[x.index()], relation_rank[r.index()]));
                }
                // Relation ids are compared only between parallel relations to one neighbour.
                None => list.sort_by(|&(x, r), &(y, s)| {
                    graph
                        .actor_id(x)
                        .cmp(graph.actor_id(y))
                        .then_with(|| graph.relation(r).id.cmp(&graph.relation(s).id))
                }),
            }
            let mut row = Row { rels: Vec::with_capacity(list.len()), ..Row::default() };
            for &(other, r) in &list {
                if row.next.last() != Some(&other) {
                    row.next.push(other);
                    row.start.push(ix(row.rels.len()));
                }
                row.rels.push(r);
            }
            row.start.push(ix(row.rels.len()));
            row
        })
    }

    /// The walkable neighbours of `actor`, each with the relations of that hop.
    fn hops_from(&self, actor: ActorIx) -> impl ExactSizeIterator<Item = (ActorIx, &[RelationIx])> + '_ {
        let row = self.row(actor);
        (0..row.next.len()).map(move |k| hop_of(row, k))
    }

    /// The actors that can step to each actor (every row is made for it).
    fn back(&self) -> &Csr<ActorIx> {
        self.back.get_or_init(|| {
            let n = self.rows.len();
            let steps: Vec<(ActorIx, ActorIx)> =
                (0..n).map(ActorIx::new).flat_map(|a| self.row(a).next.iter().map(move |&other| (other, a))).collect();
            Csr::group(n, steps)
        })
    }

    /// The view the finder walks.
    #[must_use]
    pub fn view(&self) -> &'v View<'g> {
        self.view
    }

    /// The earliest time a chain can be at after taking a hop, having been at `clock` before it; `None`
    /// when no relation of the hop can come at or after `clock`. Without time-respecting paths the clock
    /// never moves.
    fn advance(&self, clock: Time, relations: &[RelationIx]) -> Option<Time> {
        if !self.options.time_respecting {
            return Some(clock);
        }
        relations
            .iter()
            .map(|&r| self.spans[r.index()])
            .filter(|&(_, end)| end >= clock)
            .map(|(start, _)| start.max(clock))
            .min()
    }

    fn hop_relations(&self, from: ActorIx, to: ActorIx) -> &[RelationIx] {
        let graph = self.view.graph();
        let row = self.row(from);
        let found = match self.ranks {
            Some((ranks, _)) => row.next.binary_search_by_key(&ranks[to.index()], |&other| ranks[other.index()]),
            None => {
                let id = graph.actor_id(to);
                row.next.binary_search_by(|&other| graph.actor_id(other).cmp(id))
            }
        };
        found.map_or(&[], |k| hop_of(row, k).1)
    }

    /// Builds the hops of a walkable actor sequence.
    fn path(&self, actors: Vec<ActorIx>) -> ActorPath {
        let graph = self.view.graph();
        let candidates: Vec<&[RelationIx]> = actors.windows(2).map(|w| self.hop_relations(w[0], w[1])).collect();
        let chosen: Vec<Vec<RelationIx>> = if self.options.time_respecting {
            // Earliest possible time before each hop (forward) and latest possible time after it (backward);
            // a relation fits if it can be dated between the two.
            let mut earliest = vec![Time::MIN; candidates.len() + 1];
            for (i, rels) in candidates.iter().enumerate() {
                earliest[i + 1] = self.advance(earliest[i], rels).unwrap_or(Time::MAX);
            }
            let mut latest = vec![Time::MAX; candidates.len() + 1];
            for (i, rels) in candidates.iter().enumerate().rev() {
                let after = latest[i + 1];
                latest[i] = rels
                    .iter()
                    .map(|&r| self.spans[r.index()])
                    .filter(|&(start, _)| start <= after)
                    .map(|(_, end)| end.min(after))
                    .max()
                    .unwrap_or(Time::MIN);
            }
            candidates
                .iter()
                .enumerate()
                .map(|(i, rels)| {
                    rels.iter()
                        .copied()
                        .filter(|&r| {
                            let (start, end) = self.spans[r.index()];
                            end >= earliest[i] && start.max(earliest[i]) <= latest[i + 1]
                        })
                        .collect()
                })
                .collect()
        } else {
            candidates.iter().map(|rels| rels.to_vec()).collect()
        };
        let hops = actors.windows(2).zip(chosen).map(|(w, relations)| Hop::new(graph, w[0], w[1], relations)).collect();
        ActorPath { actors, hops }
    }

    /// Hops from each actor to `to` ignoring dates (`u32::MAX` when it cannot get there): a lower bound
    /// used to cut off partial paths that cannot reach `to` in time.
    fn distances_to(&self, to: ActorIx) -> Vec<u32> {
        let mut dist = vec![u32::MAX; self.rows.len()];
        dist[to.index()] = 0;
        let mut queue = VecDeque::from([to]);
        let back = self.back();
        while let Some(a) = queue.pop_front() {
            let d = dist[a.index()];
            for &b in back.row(a) {
                if dist[b.index()] == u32::MAX {
                    dist[b.index()] = d + 1;
                    queue.push_back(b);
                }
            }
        }
        dist
    }

    /// Every shortest path from `from` to `to` (fewest hops), optionally no longer than `max_len` hops, in
    /// lexicographic order of the actor ids along the path. Empty when there is none or `from == to`.
    ///
    /// Definition: NetworkX `all_shortest_paths` (unweighted), by breadth-first layering. With
    /// time-respecting paths the search runs over (actor, earliest time) states, so the layering finds the
    /// fewest-hop chronologically ordered chains; such chains never revisit an actor, since a revisit is
    /// never earlier than the first visit.
    ///
    /// # Complexity
    /// O(S·d) time and memory to layer the S states (S = actors, times the number of distinct dates with
    /// time-respecting paths; d = the mean degree), then O(hops) per path yielded: the paths come lazily,
    /// and there can be exponentially many, so take only as many as needed.
    #[must_use]
    pub fn shortest(&self, from: ActorIx, to: ActorIx, max_len: Option<usize>) -> ShortestPaths<'_, 'v, 'g> {
        let mut layers: Vec<Vec<(ActorIx, Time)>> = vec![vec![(from, Time::MIN)]];
        // Per layer, the successors of each of its states (indices into the next layer).
        let mut succ: Vec<Csr<u32>> = Vec::new();
        // The earliest clock with which each actor was reached in an earlier layer: reaching it again later,
        // no earlier in time, cannot be on a shortest path.
        let mut best: Vec<Option<Time>> = vec![None; self.rows.len()];
        best[from.index()] = Some(Time::MIN);
        let mut reached = from == to;
        let mut index: HashMap<(ActorIx, Time), u32, foldhash::fast::RandomState> = HashMap::default();
        while !reached && max_len.is_none_or(|m| layers.len() <= m) {
            let current = layers.last().map_or(&[][..], Vec::as_slice);
            let mut next: Vec<(ActorIx, Time)> = Vec::new();
            index.clear();
            let mut starts = Vec::with_capacity(current.len() + 1);
            let mut links = Vec::new();
            for &(actor, clock) in current {
                starts.push(links.len());
                for (other, relations) in self.hops_from(actor) {
                    let Some(at) = self.advance(clock, relations) else { continue };
                    if best[other.index()].is_some_and(|b| b <= at) {
                        continue;
                    }
                    let j = *index.entry((other, at)).or_insert_with(|| {
                        next.push((other, at));
                        u32::try_from(next.len() - 1).unwrap_or(u32::MAX)
                    });
                    links.push(j);
                }
            }
            starts.push(links.len());
            for &(actor, at) in &next {
                let b = &mut best[actor.index()];
                *b = Some(b.map_or(at, |old| old.min(at)));
            }
            succ.push(Csr::from_parts(starts, links).unwrap_or_default());
            if next.is_empty() {
                break;
            }
            reached = next.iter().any(|&(a, _)| a == to);
            layers.push(next);
        }
        // Keep only the states from which the target is reached in the last layer.
        let mut useful: Vec<FixedBitSet> = layers.iter().map(|l| FixedBitSet::with_capacity(l.len())).collect();
        if reached && from != to {
            let last = layers.len() - 1;
            for (i, &(a, _)) in layers[last].iter().enumerate() {
                useful[last].set(i, a == to);
            }
            for k in (0..last).rev() {
                let (earlier, later) = useful.split_at_mut(k + 1);
                for i in 0..succ[k].rows() {
                    earlier[k].set(i, succ[k].row(ix(i)).iter().any(|&j| later[0].contains(j as usize)));
                }
            }
        }
        let stack = if useful[0].contains(0) { vec![(0, 0, 0)] } else { Vec::new() };
        ShortestPaths { finder: self, layers, succ, useful, stack }
    }

    /// Every simple path (no actor twice) from `from` to `to` of at most `max_len` hops: shortest first,
    /// then in lexicographic order of the actor ids along the path. Empty when `from == to`.
    ///
    /// Definition: NetworkX `all_simple_paths(G, from, to, cutoff=max_len)`, enumerated lazily by
    /// depth-first search, one length at a time. A partial path is abandoned as soon as its length plus
    /// the remaining distance to `to` exceeds the length sought, so dead ends far from `to` are never
    /// explored.
    ///
    /// # Complexity
    /// Memory O(actors + `max_len`). Time can grow exponentially with `max_len` on dense graphs, so the
    /// search takes at most `budget` steps (one step = one relation looked at) and then ends, with
    /// [`AllPaths::exhausted`] telling that it was cut short.
    #[must_use]
    pub fn all(&self, from: ActorIx, to: ActorIx, max_len: usize, budget: u64) -> AllPaths<'_, 'v, 'g> {
        let dist = self.distances_to(to);
        let first = dist[from.index()].max(1) as usize;
        AllPaths {
            finder: self,
            from,
            to,
            max_len: if from == to { 0 } else { max_len },
            len: first,
            dist,
            stack: Vec::new(),
            on_path: FixedBitSet::with_capacity(self.rows.len()),
            budget,
            exhausted: false,
        }
    }
}

/// The neighbour in slot `k` of `row` and the relations of that hop.
fn hop_of(row: &Row, k: usize) -> (ActorIx, &[RelationIx]) {
    (row.next[k], &row.rels[row.start[k] as usize..row.start[k + 1] as usize])
}

/// The shortest paths, yielded lazily (see [`PathFinder::shortest`]).
pub struct ShortestPaths<'f, 'v, 'g> {
    finder: &'f PathFinder<'v, 'g>,
    layers: Vec<Vec<(ActorIx, Time)>>,
    succ: Vec<Csr<u32>>,
    useful: Vec<FixedBitSet>,
    /// Depth-first position: (layer, state, next successor to try).
    stack: Vec<(usize, usize, usize)>,
}

impl Iterator for ShortestPaths<'_, '_, '_> {
    type Item = ActorPath;

    fn next(&mut self) -> Option<ActorPath> {
        let last = self.layers.len() - 1;
        loop {
            let &mut (k, i, ref mut pos) = self.stack.last_mut()?;
            if k == last {
                let actors = self.stack.iter().map(|&(k, i, _)| self.layers[k][i].0).collect();
                self.stack.pop();
                return Some(self.finder.path(actors));
            }
            let links = self.succ[k].row(ix(i));
            while *pos < links.len() && !self.useful[k + 1].contains(links[*pos] as usize) {
                *pos += 1;
            }
            if *pos == links.len() {
                self.stack.pop();
                continue;
            }
            let j = links[*pos] as usize;
            *pos += 1;
            self.stack.push((k + 1, j, 0));
        }
    }
}

/// Every simple path up to a length, yielded lazily (see [`PathFinder::all`]).
pub struct AllPaths<'f, 'v, 'g> {
    finder: &'f PathFinder<'v, 'g>,
    from: ActorIx,
    to: ActorIx,
    max_len: usize,
    /// The length being enumerated.
    len: usize,
    dist: Vec<u32>,
    /// Depth-first position: (actor, earliest time there, next neighbour to try).
    stack: Vec<(ActorIx, Time, usize)>,
    on_path: FixedBitSet,
    budget: u64,
    exhausted: bool,
}

impl AllPaths<'_, '_, '_> {
    /// Whether the search stopped because it used up its step budget (more paths may exist).
    #[must_use]
    pub fn exhausted(&self) -> bool {
        self.exhausted
    }
}

impl Iterator for AllPaths<'_, '_, '_> {
    type Item = ActorPath;

    fn next(&mut self) -> Option<ActorPath> {
        loop {
            if self.len > self.max_len || self.dist[self.from.index()] == u32::MAX {
                return None;
            }
            let Some(&(actor, clock, pos)) = self.stack.last() else {
                self.stack.push((self.from, Time::MIN, 0));
                self.on_path.insert(self.from.index());
                continue;
            };
            if self.budget == 0 {
                self.exhausted = true;
                self.len = usize::MAX;
                return None;
            }
            self.budget -= 1;
            let row = self.finder.row(actor);
            if pos >= row.next.len() {
                self.stack.pop();
                self.on_path.set(actor.index(), false);
                if self.stack.is_empty() {
                    self.len += 1;
                }
                continue;
            }
            if let Some(top) = self.stack.last_mut() {
                top.2 += 1;
            }
            let (other, relations) = hop_of(row, pos);
            let depth = self.stack.len();
            let remaining = self.dist[other.index()];
            if self.on_path.contains(other.index()) || remaining == u32::MAX || depth + remaining as usize > self.len {
                continue;
            }
            let Some(at) = self.finder.advance(clock, relations) else { continue };
            if other == self.to {
                if depth == self.len {
                    let actors = self.stack.iter().map(|&(a, _, _)| a).chain([self.to]).collect();
                    return Some(self.finder.path(actors));
                }
                continue;
            }
            self.stack.push((other, at, 0));
            self.on_path.insert(other.index());
        }
    }
}

/// One hop of a path in JSON output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HopRecord {
    /// Where the hop starts.
    pub from: String,
    /// Where it ends.
    pub to: String,
    /// The ids of its relations.
    pub relations: Vec<String>,
    /// The highest known confidence among them (`null` when none is known).
    pub confidence: Option<f64>,
}

/// One path in JSON output: `{"actors": […], "relations": […], "weakest_confidence": 0.6, "hops": […]}`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PathRecord {
    /// Actor ids in walking order.
    pub actors: Vec<String>,
    /// Every relation of every hop, hop by hop.
    pub relations: Vec<RelationRecord>,
    /// The lowest hop confidence (`null` when a hop's is unknown).
    pub weakest_confidence: Option<f64>,
    /// The hops, with the ids of their relations.
    pub hops: Vec<HopRecord>,
    /// Whether the hops never hold at the same time (a 2020–21 alliance, then a 2023 one): the path joins
    /// different periods ([`ActorPath::mixes_periods`]).
    pub mixes_periods: bool,
}

impl ActorPath {
    /// Whether no moment falls within every hop (a hop holds when one of its relations does): the path
    /// joins relations of different periods, such as a 2020–21 alliance and a 2023 one.
    #[must_use]
    pub fn mixes_periods(&self, graph: &ActorGraph) -> bool {
        graph.mixes_periods(self.hops.iter().map(|h| h.relations.as_slice()))
    }

    /// The JSON record of this path.
    #[must_use]
    pub fn record(&self, graph: &ActorGraph) -> PathRecord {
        let id = |a: ActorIx| graph.actor(a).id.clone();
        PathRecord {
            actors: self.actors.iter().map(|&a| id(a)).collect(),
            relations: self.hops.iter().flat_map(|h| &h.relations).map(|&r| RelationRecord::new(graph, r)).collect(),
            weakest_confidence: self.weakest_confidence(),
            hops: self
                .hops
                .iter()
                .map(|h| HopRecord {
                    from: id(h.from),
                    to: id(h.to),
                    relations: h.relations.iter().map(|&r| graph.relation(r).id.to_string()).collect(),
                    confidence: h.confidence,
                })
                .collect(),
            mixes_periods: self.mixes_periods(graph),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    fn graph(relations: &str) -> crate::model::ActorGraph {
        crate::load::five_actors(relations)
    }

    fn ids(graph: &ActorGraph, paths: impl Iterator<Item = ActorPath>) -> Vec<String> {
        paths.map(|p| p.actors.iter().map(|&a| graph.actor(a).id.as_str()).collect::<Vec<_>>().join(">")).collect()
    }

    fn rel(id: &str, from: &str, to: &str, kind: &str, date: Option<&str>) -> String {
        let date = date.map(|d| format!(r#", "date": "{d}""#)).unwrap_or_default();
        format!(r#"{{"id": "{id}", "from": "{from}", "to": "{to}", "kind": "{kind}"{date}}}"#)
    }

    #[test]
    fn every_equally_short_path_in_lexicographic_order() {
        // A diamond a–b–d, a–c–d, plus a longer way round through e.
        let g = graph(
            &[
                rel("r1", "a", "c", "supports", None),
                rel("r2", "a", "b", "supports", None),
                rel("r3", "b", "d", "supports", None),
                rel("r4", "c", "d", "supports", None),
                rel("r5", "a", "e", "supports", None),
                rel("r6", "e", "c", "supports", None),
            ]
            .join(","),
        );
        let view = View::new(&g, &Filter::default());
        let finder = PathFinder::new(&view, PathOptions::default());
        let (a, d) = (g.actor_ix("a").unwrap(), g.actor_ix("d").unwrap());
        assert_eq!(ids(&g, finder.shortest(a, d, None)), ["a>b>d", "a>c>d"]);
        assert_eq!(ids(&g, finder.shortest(d, a, None)), ["d>b>a", "d>c>a"]);
        assert!(finder.shortest(a, d, Some(1)).next().is_none());
        assert_eq!(ids(&g, finder.all(a, d, 4, u64::MAX)), ["a>b>d", "a>c>d", "a>e>c>d"]);
        assert_eq!(ids(&g, finder.all(a, d, 2, u64::MAX)), ["a>b>d", "a>c>d"]);
        assert!(finder.shortest(a, a, None).next().is_none() && finder.all(a, a, 4, u64::MAX).next().is_none());
    }

    #[test]
    fn directed_walks_follow_relations_except_symmetric_ones() {
        let g = graph(&[rel("r1", "a", "b", "supports", None), rel("r2", "c", "b", "allied_with", None)].join(","));
        let view = View::new(&g, &Filter::default());
        let finder = PathFinder::new(&view, PathOptions { directed: true, time_respecting: false });
        let (a, b, c) = (g.actor_ix("a").unwrap(), g.actor_ix("b").unwrap(), g.actor_ix("c").unwrap());
        assert_eq!(ids(&g, finder.shortest(a, c, None)), ["a>b>c"]);
        assert!(finder.shortest(c, a, None).next().is_none());
        assert!(finder.shortest(b, a, None).next().is_none());
    }

    #[test]
    fn time_respecting_paths_never_go_backwards_and_treat_partial_dates_as_intervals() {
        let g = graph(
            &[
                rel("r1", "a", "b", "supports", Some("2024-12-02")),
                rel("r2", "b", "c", "supports", Some("2024-12")),
                rel("r3", "c", "d", "supports", Some("2024-11")),
                rel("r4", "b", "d", "supports", None),
            ]
            .join(","),
        );
        let view = View::new(&g, &Filter::default());
        let timed = PathFinder::new(&view, PathOptions { directed: true, time_respecting: true });
        let (a, c, d) = (g.actor_ix("a").unwrap(), g.actor_ix("c").unwrap(), g.actor_ix("d").unwrap());
        // 2024-12-02 then 2024-12: the month can come after the day.
        assert_eq!(ids(&g, timed.shortest(a, c, None)), ["a>b>c"]);
        // …but 2024-11 cannot follow 2024-12-02; the undated hop fits anywhere.
        assert_eq!(ids(&g, timed.all(a, d, 4, u64::MAX)), ["a>b>d"]);
        let untimed = PathFinder::new(&view, PathOptions { directed: true, time_respecting: false });
        assert_eq!(ids(&g, untimed.all(a, d, 4, u64::MAX)), ["a>b>d", "a>b>c>d"]);
    }

    #[test]
    fn time_respecting_shortest_path_may_be_longer_than_the_shortest() {
        // a→b (2024) →d (2020) is shorter but goes back in time; a→c (2021) →e (2022) →d (2023) does not.
        let g = graph(
            &[
                rel("r1", "a", "b", "supports", Some("2024")),
                rel("r2", "b", "d", "supports", Some("2020")),
                rel("r3", "a", "c", "supports", Some("2021")),
                rel("r4", "c", "e", "supports", Some("2022")),
                rel("r5", "e", "d", "supports", Some("2023")),
            ]
            .join(","),
        );
        let view = View::new(&g, &Filter::default());
        let timed = PathFinder::new(&view, PathOptions { directed: true, time_respecting: true });
        let (a, d) = (g.actor_ix("a").unwrap(), g.actor_ix("d").unwrap());
        assert_eq!(ids(&g, timed.shortest(a, d, None)), ["a>c>e>d"]);
        assert!(timed.shortest(a, d, Some(2)).next().is_none());
    }

    #[test]
    fn parallel_relations_make_one_hop_and_only_fitting_ones_are_listed() {
        let g = graph(
            &[
                r#"{"id": "r1", "from": "a", "to": "b", "kind": "supports", "date": "2020", "confidence": 0.4}"#
                    .to_owned(),
                r#"{"id": "r2", "from": "b", "to": "a", "kind": "funds", "date": "2025", "confidence": 0.9}"#
                    .to_owned(),
                rel("r3", "b", "c", "supports", Some("2022")),
            ]
            .join(","),
        );
        let view = View::new(&g, &Filter::default());
        let (a, c) = (g.actor_ix("a").unwrap(), g.actor_ix("c").unwrap());
        let untimed = PathFinder::new(&view, PathOptions::default());
        let path = untimed.shortest(a, c, None).next().unwrap();
        assert_eq!(path.hops[0].relations.len(), 2);
        assert!((path.hops[0].confidence.unwrap() - 0.9).abs() < 1e-12);
        assert_eq!(path.weakest_confidence(), None, "r3's confidence is unknown, so is the weakest link");
        // Dated in order, only r1 (2020) can come before r3 (2022): r2 (2025) is dropped from the hop.
        let timed = PathFinder::new(&view, PathOptions { directed: false, time_respecting: true });
        let path = timed.shortest(a, c, None).next().unwrap();
        assert_eq!(path.hops[0].relations, [g.relation_ix("r1").unwrap()]);
        assert!((path.hops[0].confidence.unwrap() - 0.4).abs() < 1e-12);
    }

    #[test]
    fn the_step_budget_ends_a_dense_search() {
        // A complete graph on 5 actors has 16 simple paths between two of them; a tiny budget stops early.
        let names = ["a", "b", "c", "d", "e"];
        let mut rels = Vec::new();
        for (i, x) in names.iter().enumerate() {
            for y in &names[i + 1..] {
                rels.push(rel(&format!("{x}{y}"), x, y, "supports", None));
            }
        }
        let g = graph(&rels.join(","));
        let view = View::new(&g, &Filter::default());
        let finder = PathFinder::new(&view, PathOptions::default());
        let (a, e) = (g.actor_ix("a").unwrap(), g.actor_ix("e").unwrap());
        assert_eq!(finder.all(a, e, 4, u64::MAX).count(), 16);
        let mut cut = finder.all(a, e, 4, 10);
        assert!(cut.by_ref().count() < 16);
        assert!(cut.exhausted());
    }

    /// An independent, brute-force reading of the definitions: every simple path by plain recursion, and
    /// for each the relation choices per hop, each checked by walking its dates.
    mod brute_force {
        use super::*;
        use crate::model::Target;
        use proptest::prelude::*;

        const DATES: [Option<&str>; 6] =
            [None, Some("2020"), Some("2020-06"), Some("2021"), Some("2021-03-04"), Some("2020-06-30")];

        fn load(n: usize, relations: &[(usize, usize, bool, usize)]) -> ActorGraph {
            let actors: Vec<String> = (0..n).map(|i| format!(r#"{{"id": "n{i}"}}"#)).collect();
            let rels: Vec<String> = relations
                .iter()
                .enumerate()
                .filter(|&(_, &(a, b, _, _))| a != b)
                .map(|(i, &(a, b, symmetric, d))| {
                    let kind = if symmetric { "allied_with" } else { "supports" };
                    let date = DATES[d].map(|d| format!(r#", "date": "{d}""#)).unwrap_or_default();
                    format!(r#"{{"id": "r{i:02}", "from": "n{a}", "to": "n{b}", "kind": "{kind}"{date}}}"#)
                })
                .collect();
            let text = format!(
                r#"{{"format": "actorgraph/1", "actors": [{}], "relations": [{}]}}"#,
                actors.join(","),
                rels.join(",")
            );
            crate::load::from_json_str("t.json", &text).unwrap()
        }

        /// The relations that can be walked from `a` to `b`.
        fn links(g: &ActorGraph, a: ActorIx, b: ActorIx, directed: bool) -> Vec<RelationIx> {
            (0..g.relations().len())
                .map(RelationIx::new)
                .filter(|&r| {
                    let rel = g.relation(r);
                    let Target::Actor(to) = rel.to else { return false };
                    let two_way = !directed || g.kind_of(rel).symmetric;
                    (rel.from == a && to == b) || (two_way && rel.from == b && to == a)
                })
                .collect()
        }

        /// Whether this choice of one relation per hop can be dated in non-decreasing order.
        fn in_order(g: &ActorGraph, choice: &[RelationIx]) -> bool {
            let mut clock = Time::MIN;
            for &r in choice {
                let (start, end) = span(g.relation(r));
                if end < clock {
                    return false;
                }
                clock = clock.max(start);
            }
            true
        }

        /// Every choice of one relation per hop.
        fn choices(hops: &[Vec<RelationIx>]) -> Vec<Vec<RelationIx>> {
            hops.iter().fold(vec![Vec::new()], |acc, hop| {
                acc.iter().flat_map(|c| hop.iter().map(move |&r| [c.clone(), vec![r]].concat())).collect()
            })
        }

        /// Every simple path with its fitting relations per hop (all of them without time).
        fn naive(
            g: &ActorGraph,
            from: ActorIx,
            to: ActorIx,
            o: PathOptions,
        ) -> Vec<(Vec<ActorIx>, Vec<Vec<RelationIx>>)> {
            fn walk(
                g: &ActorGraph,
                path: &mut Vec<ActorIx>,
                to: ActorIx,
                o: PathOptions,
                found: &mut Vec<Vec<ActorIx>>,
            ) {
                let here = *path.last().unwrap();
                if here == to {
                    found.push(path.clone());
                    return;
                }
                for next in (0..g.actors().len()).map(ActorIx::new) {
                    if !path.contains(&next) && !links(g, here, next, o.directed).is_empty() {
                        path.push(next);
                        walk(g, path, to, o, found);
                        path.pop();
                    }
                }
            }
            let mut found = Vec::new();
            walk(g, &mut vec![from], to, o, &mut found);
            found
                .into_iter()
                .filter_map(|actors| {
                    let hops: Vec<Vec<RelationIx>> =
                        actors.windows(2).map(|w| links(g, w[0], w[1], o.directed)).collect();
                    if !o.time_respecting {
                        return Some((actors, hops));
                    }
                    let fitting: Vec<Vec<RelationIx>> = choices(&hops).into_iter().filter(|c| in_order(g, c)).collect();
                    if fitting.is_empty() {
                        return None;
                    }
                    let per_hop = (0..hops.len())
                        .map(|i| {
                            let mut rels: Vec<RelationIx> = fitting.iter().map(|c| c[i]).collect();
                            rels.sort_by(|&a, &b| g.relation(a).id.cmp(&g.relation(b).id));
                            rels.dedup();
                            rels
                        })
                        .collect();
                    Some((actors, per_hop))
                })
                .collect()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]
            #[test]
            fn finder_agrees_with_brute_force(
                n in 2usize..6,
                relations in proptest::collection::vec((0usize..6, 0usize..6, any::<bool>(), 0usize..6), 0..10),
                directed in any::<bool>(),
                time_respecting in any::<bool>(),
            ) {
                let relations: Vec<_> = relations.into_iter().map(|(a, b, s, d)| (a % n, b % n, s, d)).collect();
                let g = load(n, &relations);
                let view = View::new(&g, &Filter::default());
                let o = PathOptions { directed, time_respecting };
                let finder = PathFinder::new(&view, o);
                let (from, to) = (ActorIx::new(0), ActorIx::new(n - 1));
                let mut expected = naive(&g, from, to, o);
                let key = |actors: &Vec<ActorIx>| (actors.len(), actors.iter().map(|&a| g.actor(a).id.clone()).collect::<Vec<_>>());
                expected.sort_by_key(|(actors, _)| key(actors));
                let all: Vec<(Vec<ActorIx>, Vec<Vec<RelationIx>>)> = finder
                    .all(from, to, n, u64::MAX)
                    .map(|p| (p.actors, p.hops.into_iter().map(|h| h.relations).collect()))
                    .collect();
                prop_assert_eq!(&all, &expected);
                let shortest_len = expected.first().map(|(a, _)| a.len());
                let shortest: Vec<_> = expected.iter().filter(|(a, _)| Some(a.len()) == shortest_len).cloned().collect();
                let found: Vec<(Vec<ActorIx>, Vec<Vec<RelationIx>>)> = finder
                    .shortest(from, to, None)
                    .map(|p| (p.actors, p.hops.into_iter().map(|h| h.relations).collect()))
                    .collect();
                prop_assert_eq!(&found, &shortest);
                // The default answer: the first of them, and whether there are others.
                let one = shortest_path(&view, from, to, o, None)
                    .map(|s| ((s.path.actors, s.path.hops.into_iter().map(|h| h.relations).collect()), s.others));
                prop_assert_eq!(one, found.first().cloned().map(|p| (p, found.len() > 1)));
            }
        }
    }
}
