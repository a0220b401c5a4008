//! One shortest path by bidirectional breadth-first search: what `path` answers by default.
//!
//! Searching from both ends and stopping when the two searches meet looks at about the square root of what
//! a one-sided search does on the graphs analysts load (a few hubs, many small actors): at 100k actors and
//! 1M relations, a few thousand actors instead of most of the graph. Nothing is prepared over the whole
//! view: the search walks the view's adjacency as it is.

use fixedbitset::FixedBitSet;
use petgraph::Direction;

use crate::model::{ActorIx, RelationIx};

use super::{ActorPath, Hop, PathFinder, PathOptions};
use crate::query::View;

/// One shortest path, and whether others of the same length exist.
#[derive(Debug, Clone, PartialEq)]
pub struct OneShortest {
    /// The path: the first of [`PathFinder::shortest`]'s, in lexicographic order of the actor ids.
    pub path: ActorPath,
    /// Whether other, equally short paths exist (`--all-shortest` lists them).
    pub others: bool,
}

const UNSEEN: u32 = u32::MAX;

/// Calls `f(other, relation)` for every step of the walk that leaves `actor` (`forward`) or arrives at it
/// (`!forward`): a relation is walked from `from` to `to`, and back as well when the walk is undirected or
/// its kind symmetric. Self-links are never steps.
fn steps(view: &View, actor: ActorIx, directed: bool, forward: bool, mut f: impl FnMut(ActorIx, RelationIx)) {
    let graph = view.graph();
    let (along, against) =
        if forward { (Direction::Outgoing, Direction::Incoming) } else { (Direction::Incoming, Direction::Outgoing) };
    for (r, other) in view.edges(actor, along) {
        if other != actor {
            f(other, r);
        }
    }
    for (r, other) in view.edges(actor, against) {
        if other != actor && (!directed || graph.kind_of(graph.relation(r)).symmetric) {
            f(other, r);
        }
    }
}

/// The shortest path from `from` to `to` that comes first in lexicographic order of the actor ids along
/// it, no longer than `max_len` hops, with the relations of its hops only; `None` when there is none or
/// `from == to`. The same path as the first of [`PathFinder::shortest`], found without preparing the
/// whole view.
///
/// Definition: unweighted shortest paths (NetworkX `shortest_path`; directed and symmetric kinds as in
/// [`PathFinder`]). Time-respecting paths need the state search of [`PathFinder::shortest`], which this
/// calls when `options.time_respecting` is set.
///
/// # Complexity
/// Bidirectional breadth-first search, expanding the smaller frontier one whole layer at a time and
/// stopping at the layer where the two searches meet: O(a + b) for the actors and relations the two
/// searches reach, then O(length · degree) to pick the path and gather its hops. Two arrays of one `u32`
/// per actor are allocated.
///
/// ```
/// use actorgraph::query::{path::{shortest_path, PathOptions}, Filter, View};
/// let graph = actorgraph::load::embedded();
/// let view = View::new(&graph, &Filter::default());
/// let (kh, iran) = (graph.actor_ix("kataib-hezbollah").unwrap(), graph.actor_ix("iran").unwrap());
/// let found = shortest_path(&view, kh, iran, PathOptions::default(), None).unwrap();
/// assert_eq!(found.path.actors, [kh, iran]);
/// assert_eq!(&*graph.relation(found.path.hops[0].relations[0]).id, "r-iran-supports-kh");
/// ```
#[must_use]
pub fn shortest_path(
    view: &View,
    from: ActorIx,
    to: ActorIx,
    options: PathOptions,
    max_len: Option<usize>,
) -> Option<OneShortest> {
    if options.time_respecting {
        let finder = PathFinder::new(view, options);
        let mut paths = finder.shortest(from, to, max_len);
        let path = paths.next()?;
        return Some(OneShortest { path, others: paths.next().is_some() });
    }
    if from == to || !view.has_actor(from) || !view.has_actor(to) {
        return None;
    }
    let directed = options.directed;
    let n = view.graph().actors().len();
    // Hops from `from` (forward) and to `to` (backward), for the actors each search has reached.
    let mut dist = [vec![UNSEEN; n], vec![UNSEEN; n]];
    dist[0][from.index()] = 0;
    dist[1][to.index()] = 0;
    let mut frontier = [vec![from], vec![to]];
    let mut depth = [0u32, 0u32];
    let meeting = loop {
        if frontier[0].is_empty() || frontier[1].is_empty() {
            return None;
        }
        if max_len.is_some_and(|m| (depth[0] + depth[1]) as usize >= m) {
            return None;
        }
        let side = usize::from(frontier[1].len() < frontier[0].len());
        let mut next = Vec::new();
        let mut met = Vec::new();
        let [forward_dist, backward_dist] = &mut dist;
        let (mine, theirs) = if side == 0 { (forward_dist, &*backward_dist) } else { (backward_dist, &*forward_dist) };
        for &actor in &frontier[side] {
            steps(view, actor, directed, side == 0, |other, _| {
                if mine[other.index()] == UNSEEN {
                    mine[other.index()] = depth[side] + 1;
                    next.push(other);
                    if theirs[other.index()] != UNSEEN {
                        met.push(other);
                    }
                }
            });
        }
        depth[side] += 1;
        frontier[side] = next;
        if !met.is_empty() {
            break met;
        }
    };
    // Every full layer up to depth[0] forward and depth[1] backward is known, so every shortest path has
    // length d and its actor at position a is one of the meeting actors.
    let (a, d) = (depth[0], depth[0] + depth[1]);
    let meeting: Vec<ActorIx> =
        meeting.into_iter().filter(|&m| dist[0][m.index()] == a && dist[1][m.index()] == d - a).collect();
    // The actors at positions 0..a that lie on a shortest path: walk back from the meeting actors.
    let mut on = FixedBitSet::with_capacity(n);
    let mut layer = meeting;
    for &m in &layer {
        on.insert(m.index());
    }
    for i in (0..a).rev() {
        let mut earlier = Vec::new();
        for &w in &layer {
            steps(view, w, directed, false, |u, _| {
                if dist[0][u.index()] == i && !on.contains(u.index()) {
                    on.insert(u.index());
                    earlier.push(u);
                }
            });
        }
        layer = earlier;
    }
    // Greedy walk: at each position the lowest id among the actors that continue a shortest path.
    let graph = view.graph();
    let mut actors = vec![from];
    let mut others = false;
    let mut here = from;
    for i in 0..d {
        let position = i + 1;
        let mut best: Option<ActorIx> = None;
        steps(view, here, directed, true, |other, _| {
            let fits = if position <= a {
                dist[0][other.index()] == position && on.contains(other.index())
            } else {
                dist[1][other.index()] == d - position
            };
            if !fits {
                return;
            }
            match best {
                None => best = Some(other),
                Some(b) if b == other => {}
                Some(b) => {
                    others = true;
                    if graph.actor(other).id < graph.actor(b).id {
                        best = Some(other);
                    }
                }
            }
        });
        // A fitting successor always exists on a shortest path; `None` would be a bug, not an input.
        here = best?;
        actors.push(here);
    }
    let hops = actors.windows(2).map(|w| hop(view, w[0], w[1], directed)).collect();
    Some(OneShortest { path: ActorPath { actors, hops }, others })
}

/// The hop from `a` to `b`: every relation in view walkable between them, sorted by id, with the best
/// confidence among them.
fn hop(view: &View, a: ActorIx, b: ActorIx, directed: bool) -> Hop {
    let graph = view.graph();
    let mut relations = Vec::new();
    steps(view, a, directed, true, |other, r| {
        if other == b {
            relations.push(r);
        }
    });
    relations.sort_by(|&x, &y| graph.relation(x).id.cmp(&graph.relation(y).id));
    relations.dedup();
    Hop::new(graph, a, b, relations)
}
