//! `chain`: the command hierarchy around an actor — whom it answers to, up to the top, or everyone under it.

use std::collections::VecDeque;

use petgraph::Direction;
use serde::Serialize;

use crate::model::records::RelationRecord;
use crate::model::{ActorGraph, ActorIx, RelationIx};

use super::View;

/// Which way a chain of command is followed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ChainDirection {
    /// To the superiors: whom the actor answers to.
    #[default]
    Up,
    /// To the subordinates: everyone under the actor.
    Down,
}

impl ChainDirection {
    /// `up` or `down`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
        }
    }
}

/// One actor in a chain of command.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainMember {
    /// The actor.
    pub actor: ActorIx,
    /// Links of command between it and the chain's actor, on the shortest chain (1 = direct).
    pub depth: usize,
    /// The member (or the chain's actor) it hangs from in the tree.
    pub parent: ActorIx,
    /// The relation linking it to its parent (the smallest id when several do).
    pub via: RelationIx,
}

/// The chain of command of one actor, as a tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// The actor the chain starts from.
    pub actor: ActorIx,
    /// Up or down.
    pub direction: ChainDirection,
    /// The members in tree order: depth-first from the actor, children sorted by id.
    pub members: Vec<ChainMember>,
    /// Loops of command met on the way, each written from its smallest id and closed (`["a", "b", "a"]`),
    /// sorted: the first [`MAX_CYCLES`] that the depth-first search meets.
    pub cycles: Vec<Vec<ActorIx>>,
    /// How many loops of command the search met in all (more than `cycles.len()` when some were cut).
    pub cycles_total: usize,
    /// Every hierarchical relation in view between two actors of the chain (its actor included): the tree's
    /// links and any others, such as a superior who commands two levels at once. Sorted by id.
    pub relations: Vec<RelationIx>,
}

/// A chain lists at most this many loops of command; [`Chain::cycles_total`] counts them all. Each loop is
/// as long as the search path it closes, so listing every one was quadratic: a generated chain of 20,000
/// actors had 4,271 loops and 94 MB of JSON.
pub const MAX_CYCLES: usize = 100;

/// The hierarchical relations leading from `actor` one level up or down, with the actor reached, sorted by
/// that actor's id then by relation id. Self-loops are included (they are cycles).
fn levels(view: &View<'_>, actor: ActorIx, direction: ChainDirection) -> Vec<(ActorIx, RelationIx)> {
    let graph = view.graph();
    // `commands`/`leads`: from is the superior; `member_of` (upward): from is the subordinate.
    let walk = |petgraph_direction: Direction, upward: bool| {
        view.edges(actor, petgraph_direction).filter(move |&(r, _)| {
            let kind = graph.kind_of(graph.relation(r));
            kind.hierarchical && kind.upward == upward
        })
    };
    let up = direction == ChainDirection::Up;
    let mut next: Vec<(ActorIx, RelationIx)> =
        walk(Direction::Outgoing, up).chain(walk(Direction::Incoming, !up)).map(|(r, other)| (other, r)).collect();
    next.sort_by(|&(a, r), &(b, s)| {
        graph.actor(a).id.cmp(&graph.actor(b).id).then_with(|| graph.relation(r).id.cmp(&graph.relation(s).id))
    });
    next.dedup();
    next
}

/// The chain of command of `actor` over the hierarchical kinds (`commands`, `leads`, `member_of` and any
/// kind a dataset declares hierarchical).
///
/// Semantics: for `commands` and `leads` the `from` actor is the superior; for `member_of` (an *upward*
/// kind) `from` is the subordinate. Going up lists whom the actor answers to, and whom they answer to, to
/// the top; going down lists everyone under it. An organisation can answer to several superiors (a
/// faction that is part of the PMF, whose head leads it and whose commander-in-chief commands it), so the
/// hierarchy is a directed graph, not always a tree: the chain is drawn as its breadth-first spanning tree
/// (each member once, at its shortest depth, under the first member it is reached from, children sorted by
/// id), and the other links are kept in [`Chain::relations`]. Loops of command are found by depth-first
/// search (one per back edge, Tarjan 1972) and reported, never followed twice.
///
/// # Complexity
/// O((A + R) log R) for the A actors and R hierarchical relations reachable.
///
/// ```
/// use actorgraph::query::{chain::{chain, ChainDirection}, Filter, View};
/// let graph = actorgraph::load::embedded();
/// let view = View::new(&graph, &Filter::default());
/// let khazali = graph.actor_ix("qais-khazali").unwrap();
/// let down = chain(&view, khazali, ChainDirection::Down);
/// assert_eq!(graph.actor(down.members[0].actor).id, "asaib-ahl-al-haq");
/// ```
#[must_use]
pub fn chain(view: &View<'_>, actor: ActorIx, direction: ChainDirection) -> Chain {
    let graph = view.graph();
    let n = graph.actors().len();
    let mut depth: Vec<Option<usize>> = vec![None; n];
    let mut parent: Vec<Option<(ActorIx, RelationIx)>> = vec![None; n];
    let mut children: Vec<Vec<ActorIx>> = vec![Vec::new(); n];
    let mut reached = vec![actor];
    depth[actor.index()] = Some(0);
    let mut queue = VecDeque::from([actor]);
    while let Some(a) = queue.pop_front() {
        let d = depth[a.index()].unwrap_or(0);
        for (other, r) in levels(view, a, direction) {
            if depth[other.index()].is_none() {
                depth[other.index()] = Some(d + 1);
                parent[other.index()] = Some((a, r));
                children[a.index()].push(other);
                reached.push(other);
                queue.push_back(other);
            }
        }
    }
    let mut members = Vec::with_capacity(reached.len() - 1);
    let mut stack: Vec<ActorIx> = children[actor.index()].iter().rev().copied().collect();
    while let Some(a) = stack.pop() {
        if let (Some(d), Some((p, via))) = (depth[a.index()], parent[a.index()]) {
            members.push(ChainMember { actor: a, depth: d, parent: p, via });
        }
        stack.extend(children[a.index()].iter().rev());
    }
    let (cycles, cycles_total) = cycles(view, actor, direction);
    let mut relations: Vec<RelationIx> = Vec::new();
    for &a in &reached {
        for (r, other) in view.edges(a, Direction::Outgoing) {
            if depth[other.index()].is_some() && graph.kind_of(graph.relation(r)).hierarchical {
                relations.push(r);
            }
        }
    }
    relations.sort_by(|&a, &b| graph.relation(a).id.cmp(&graph.relation(b).id));
    Chain { actor, direction, members, cycles, cycles_total, relations }
}

/// Loops of command reachable from `start`, one per back edge of an iterative depth-first search (parallel
/// relations to one actor count once): the first [`MAX_CYCLES`] met, written out and sorted, and how many
/// there are in all.
fn cycles(view: &View<'_>, start: ActorIx, direction: ChainDirection) -> (Vec<Vec<ActorIx>>, usize) {
    let graph = view.graph();
    let n = graph.actors().len();
    let mut on_path: Vec<Option<usize>> = vec![None; n];
    let mut done = vec![false; n];
    let mut path: Vec<ActorIx> = vec![start];
    let mut frames: Vec<(Vec<(ActorIx, RelationIx)>, usize)> = vec![(levels(view, start, direction), 0)];
    on_path[start.index()] = Some(0);
    let mut found: Vec<Vec<ActorIx>> = Vec::new();
    let mut total = 0;
    while let Some((next, pos)) = frames.last_mut() {
        let Some(&(other, _)) = next.get(*pos) else {
            frames.pop();
            if let Some(a) = path.pop() {
                on_path[a.index()] = None;
                done[a.index()] = true;
            }
            continue;
        };
        let parallel = *pos > 0 && next[*pos - 1].0 == other;
        *pos += 1;
        if parallel {
            continue;
        }
        if let Some(at) = on_path[other.index()] {
            total += 1;
            if found.len() == MAX_CYCLES {
                continue;
            }
            let mut cycle: Vec<ActorIx> = path[at..].to_vec();
            // Written from its smallest id, so the same loop found from elsewhere reads the same.
            let first = (0..cycle.len()).min_by(|&i, &j| graph.actor(cycle[i]).id.cmp(&graph.actor(cycle[j]).id));
            cycle.rotate_left(first.unwrap_or(0));
            cycle.push(cycle[0]);
            found.push(cycle);
        } else if !done[other.index()] {
            on_path[other.index()] = Some(path.len());
            path.push(other);
            frames.push((levels(view, other, direction), 0));
        }
    }
    found.sort_by(|a, b| {
        let ids = |c: &Vec<ActorIx>| c.iter().map(|&x| graph.actor(x).id.clone()).collect::<Vec<_>>();
        ids(a).cmp(&ids(b))
    });
    found.dedup();
    (found, total)
}

/// One member of a chain in JSON output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChainMemberRecord {
    /// The member's id.
    pub id: String,
    /// Links from the chain's actor.
    pub depth: usize,
    /// The relation linking it to its parent.
    pub via: String,
    /// The id of the actor it hangs from in the tree.
    pub parent: String,
    /// Whether the links from the chain's actor down (or up) to this member never hold at the same time:
    /// the line joins different periods ([`Chain::mixed_periods`]).
    pub mixes_periods: bool,
}

/// The JSON shape of `chain`: `{"actor", "direction", "members": [{"id", "depth", "via", "parent"}…],
/// "cycles": [["a", "b", "a"]…], "relations": […]}`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChainRecord {
    /// The chain's actor.
    pub actor: String,
    /// `up` or `down`.
    pub direction: &'static str,
    /// The members in tree order.
    pub members: Vec<ChainMemberRecord>,
    /// Loops of command, each closed: at most [`MAX_CYCLES`].
    pub cycles: Vec<Vec<String>>,
    /// Loops of command in all.
    pub cycles_total: usize,
    /// Every hierarchical relation among the chain's actors, by id.
    pub relations: Vec<RelationRecord>,
}

impl Chain {
    /// For each member, whether the links from the chain's actor to it never hold at the same time (a
    /// 2020–21 membership under a 2023 command): the line of command joins different periods.
    ///
    /// # Complexity
    /// O(M · D²) for M members at depth at most D.
    #[must_use]
    pub fn mixed_periods(&self, graph: &ActorGraph) -> Vec<bool> {
        // Members come in breadth-first order, each after its parent: the parent's line is already known.
        let mut line_of: std::collections::HashMap<ActorIx, Vec<RelationIx>> = std::collections::HashMap::new();
        self.members
            .iter()
            .map(|m| {
                let mut line = line_of.get(&m.parent).cloned().unwrap_or_default();
                line.push(m.via);
                let mixed = graph.mixes_periods(line.iter().map(std::slice::from_ref));
                line_of.insert(m.actor, line);
                mixed
            })
            .collect()
    }

    /// The JSON record of this chain.
    #[must_use]
    pub fn record(&self, graph: &ActorGraph) -> ChainRecord {
        let id = |a: ActorIx| graph.actor(a).id.clone();
        let mixed = self.mixed_periods(graph);
        ChainRecord {
            actor: id(self.actor),
            direction: self.direction.as_str(),
            members: self
                .members
                .iter()
                .zip(mixed)
                .map(|(m, mixes_periods)| ChainMemberRecord {
                    id: id(m.actor),
                    depth: m.depth,
                    via: graph.relation(m.via).id.to_string(),
                    parent: id(m.parent),
                    mixes_periods,
                })
                .collect(),
            cycles: self.cycles.iter().map(|c| c.iter().map(|&a| id(a)).collect()).collect(),
            cycles_total: self.cycles_total,
            relations: self.relations.iter().map(|&r| RelationRecord::new(graph, r)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    fn load(relations: &str) -> ActorGraph {
        crate::load::five_actors(relations)
    }

    fn summary(graph: &ActorGraph, c: &Chain) -> (Vec<String>, Vec<String>) {
        (
            c.members
                .iter()
                .map(|m| format!("{}@{}<{}", graph.actor(m.actor).id, m.depth, graph.actor(m.parent).id))
                .collect(),
            c.cycles
                .iter()
                .map(|c| c.iter().map(|&a| graph.actor(a).id.as_str()).collect::<Vec<_>>().join(">"))
                .collect(),
        )
    }

    #[test]
    fn member_of_points_up_and_commands_points_down() {
        // a commands b; c is member_of b; d leads c; e is unrelated to the hierarchy (supports a).
        let g = load(
            r#"{"id": "r1", "from": "a", "to": "b", "kind": "commands"},
               {"id": "r2", "from": "c", "to": "b", "kind": "member_of"},
               {"id": "r3", "from": "d", "to": "c", "kind": "leads"},
               {"id": "r4", "from": "e", "to": "a", "kind": "supports"}"#,
        );
        let view = View::new(&g, &Filter::default());
        let down = chain(&view, g.actor_ix("a").unwrap(), ChainDirection::Down);
        assert_eq!(summary(&g, &down).0, ["b@1<a", "c@2<b"]);
        let up = chain(&view, g.actor_ix("c").unwrap(), ChainDirection::Up);
        assert_eq!(summary(&g, &up).0, ["b@1<c", "a@2<b", "d@1<c"]);
        assert!(chain(&view, g.actor_ix("e").unwrap(), ChainDirection::Up).members.is_empty());
    }

    // Regression: every loop of command was written out in full, each as long as the search path it closes:
    // quadratic, 94 MB of JSON for one chain of a generated dataset (20,000 actors, 4,271 loops).
    #[test]
    fn loops_listed_are_bounded_and_all_are_counted() {
        let n = 400;
        let actors: Vec<String> = (0..n).map(|i| format!(r#"{{"id": "a{i:03}"}}"#)).collect();
        let mut relations: Vec<String> =
            (1..n).map(|i| format!(r#"{{"from": "a{:03}", "to": "a{i:03}", "kind": "commands"}}"#, i - 1)).collect();
        // Everyone at the bottom of the line commands the top again: one loop per member, ever longer.
        relations.extend((1..n).map(|i| format!(r#"{{"from": "a{i:03}", "to": "a000", "kind": "commands"}}"#)));
        let json = format!(
            r#"{{"format": "actorgraph/1", "actors": [{}], "relations": [{}]}}"#,
            actors.join(","),
            relations.join(",")
        );
        let g = crate::load::from_json_str("t.json", &json).unwrap();
        let view = View::new(&g, &Filter::default());
        let c = chain(&view, g.actor_ix("a000").unwrap(), ChainDirection::Down);
        assert_eq!(c.members.len(), n - 1);
        assert_eq!(c.cycles_total, n - 1);
        assert_eq!(c.cycles.len(), MAX_CYCLES);
        assert_eq!(c.record(&g).cycles_total, n - 1);
    }

    #[test]
    fn cycles_are_reported_once_and_never_looped_on() {
        let g = load(
            r#"{"id": "r1", "from": "a", "to": "b", "kind": "commands"},
               {"id": "r2", "from": "b", "to": "c", "kind": "commands"},
               {"id": "r3", "from": "c", "to": "a", "kind": "commands"},
               {"id": "r4", "from": "d", "to": "c", "kind": "commands"},
               {"id": "r5", "from": "c", "to": "d", "kind": "commands"}"#,
        );
        let view = View::new(&g, &Filter::default());
        let (members, cycles) = summary(&g, &chain(&view, g.actor_ix("b").unwrap(), ChainDirection::Down));
        assert_eq!(members, ["c@1<b", "a@2<c", "d@2<c"]);
        assert_eq!(cycles, ["a>b>c>a", "c>d>c"]);
    }

    #[test]
    fn parallel_links_take_the_smallest_id_and_all_are_listed() {
        let g = load(
            r#"{"id": "r2", "from": "a", "to": "b", "kind": "commands"},
               {"id": "r1", "from": "a", "to": "b", "kind": "leads"},
               {"id": "r3", "from": "b", "to": "a", "kind": "member_of"}"#,
        );
        let view = View::new(&g, &Filter::default());
        let c = chain(&view, g.actor_ix("a").unwrap(), ChainDirection::Down);
        assert_eq!(&*g.relation(c.members[0].via).id, "r1");
        let ids: Vec<&str> = c.relations.iter().map(|&r| &*g.relation(r).id).collect();
        assert_eq!(ids, ["r1", "r2", "r3"]);
        assert!(c.cycles.is_empty());
    }
}
