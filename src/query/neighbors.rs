//! `neighbors`: the ego network of an actor — everyone within N hops, and the relations among them.

use serde::Serialize;

use crate::model::records::{RelationJson, Streamed};
use crate::model::{ix, ActorGraph, ActorIx, RelationIx};

use super::walk::{steps, Direction};
use super::View;

/// The ego network of one actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighborhood {
    /// The actor at the centre.
    pub center: ActorIx,
    /// Every other actor within the depth, with its hop count; sorted by hops, then by id.
    pub actors: Vec<(ActorIx, usize)>,
    /// Every relation in view between two actors of the ego network (centre included); sorted by the hop
    /// counts of its ends (nearest first), then by id.
    pub relations: Vec<RelationIx>,
}

/// The ego network of `center`: the actors reachable in at most `depth` hops walking relations in
/// `direction`, with their hop counts, and every relation in view among them (the centre included).
///
/// Definition: NetworkX's `ego_graph(G, n, radius=depth)` — the subgraph *induced* by the actors within
/// `depth` hops. Hops are counted by breadth-first search over the view; `direction` decides which way
/// relations are followed while counting hops ([`Direction::Both`] ignores direction, like `ego_graph(…,
/// undirected=True)`), and symmetric kinds (`allied_with`, `meets`) are followed both ways whatever the
/// direction. The relations listed are all relations in view between two members, whichever way they point:
/// with `--direction out`, a relation back to the centre from an actor it reaches is listed too. Statements
/// about relations (denials, claims) are not walked.
///
/// # Complexity
/// O(actors + relations) for the search, plus O(k log k) integer comparisons to sort the k results by
/// id (ranks of the ids, [`ActorGraph::actor_ranks`], built once per graph when k is a good share of it).
///
/// ```
/// use actorgraph::query::{neighbors::neighbors, walk::Direction, Filter, View};
/// let graph = actorgraph::load::embedded();
/// let view = View::new(&graph, &Filter::default());
/// let aah = graph.actor_ix("asaib-ahl-al-haq").unwrap();
/// let ego = neighbors(&view, aah, 1, Direction::Both);
/// let ids: Vec<&str> = ego.actors.iter().map(|&(a, _)| graph.actor(a).id.as_str()).collect();
/// assert_eq!(ids, ["iran", "pmf", "qais-khazali"]);
/// ```
#[must_use]
pub fn neighbors(view: &View<'_>, center: ActorIx, depth: usize, direction: Direction) -> Neighborhood {
    let graph = view.graph();
    // Hop counts, `u32::MAX` for not reached; breadth-first one layer at a time.
    let mut hops = vec![u32::MAX; graph.actors().len()];
    hops[center.index()] = 0;
    let mut found: Vec<(ActorIx, usize)> = Vec::new();
    let mut layer_start = 0;
    let mut layer = vec![center];
    for here in 0..depth {
        let next_hop = ix(here + 1);
        for &actor in &layer {
            for (_, other) in steps(view, actor, direction) {
                if hops[other.index()] == u32::MAX {
                    hops[other.index()] = next_hop;
                    found.push((other, here + 1));
                }
            }
        }
        if found.len() == layer_start {
            break;
        }
        layer.clear();
        layer.extend(found[layer_start..].iter().map(|&(a, _)| a));
        layer_start = found.len();
    }
    graph.sort_by_actor_id(&mut found, |&(a, h)| (h, a));
    let mut relations: Vec<(u32, u32, RelationIx)> = Vec::new();
    for &(member, _) in found.iter().chain(std::iter::once(&(center, 0))) {
        // Each relation is met from its `from` end only, so it is listed once.
        let h1 = hops[member.index()];
        for (r, other) in view.edges(member, petgraph::Direction::Outgoing) {
            let h2 = hops[other.index()];
            if h2 != u32::MAX {
                relations.push((h1.min(h2), h1.max(h2), r));
            }
        }
    }
    graph.sort_by_relation_id(&mut relations, |&(low, high, r)| ((low, high), r));
    let relations: Vec<RelationIx> = relations.into_iter().map(|(_, _, r)| r).collect();
    graph.prepare_relations(&relations);
    Neighborhood { center, actors: found, relations }
}

/// One member of an ego network in JSON output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MemberRecord {
    /// The actor's id.
    pub id: String,
    /// Hops from the centre.
    pub hops: usize,
}

/// A [`MemberRecord`] written from the graph, without copying the id.
#[derive(Serialize)]
struct MemberJson<'a> {
    id: &'a str,
    hops: usize,
}

/// The JSON shape of `neighbors`: `{"center": "id", "depth": 1, "direction": "both", "actors": [{"id",
/// "hops"}…], "relations": […]}`. Members nearest first, then by id; relations among the members (centre
/// included) nearest first, then by id. Serializing writes each member and relation as it is made
/// ([`Streamed`]): a neighbourhood of 90,000 actors is never held in memory as records.
#[derive(Clone, Copy)]
pub struct NeighborhoodRecord<'a> {
    graph: &'a ActorGraph,
    ego: &'a Neighborhood,
    depth: usize,
    direction: Direction,
}

impl Serialize for NeighborhoodRecord<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (graph, ego) = (self.graph, self.ego);
        let mut record = serializer.serialize_struct("NeighborhoodRecord", 5)?;
        record.serialize_field("center", &graph.actor(ego.center).id)?;
        record.serialize_field("depth", &self.depth)?;
        record.serialize_field("direction", self.direction.as_str())?;
        let actors = || ego.actors.iter().map(|&(a, hops)| MemberJson { id: &graph.actor(a).id, hops });
        record.serialize_field("actors", &Streamed(actors))?;
        let relations = || ego.relations.iter().map(|&r| RelationJson::new(graph, r));
        record.serialize_field("relations", &Streamed(relations))?;
        record.end()
    }
}

impl Neighborhood {
    /// The JSON record of this ego network.
    #[must_use]
    pub fn record<'a>(&'a self, graph: &'a ActorGraph, depth: usize, direction: Direction) -> NeighborhoodRecord<'a> {
        NeighborhoodRecord { graph, ego: self, depth, direction }
    }

    /// The hop count of an actor of the ego network (0 for the centre), `None` for an outsider.
    #[must_use]
    pub fn hops_of(&self, actor: ActorIx) -> Option<usize> {
        if actor == self.center {
            return Some(0);
        }
        self.actors.iter().find(|&&(a, _)| a == actor).map(|&(_, h)| h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    fn chain() -> ActorGraph {
        // a → b → c → d, and d → a closing the ring; e is isolated.
        crate::load::from_json_str(
            "t.json",
            r#"{"format": "actorgraph/1",
                "actors": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}, {"id": "e"}],
                "relations": [{"id": "r1", "from": "a", "to": "b", "kind": "supports"},
                              {"id": "r2", "from": "b", "to": "c", "kind": "supports"},
                              {"id": "r3", "from": "c", "to": "d", "kind": "supports"},
                              {"id": "r4", "from": "d", "to": "a", "kind": "supports"}]}"#,
        )
        .unwrap()
    }

    fn ids(graph: &ActorGraph, ego: &Neighborhood) -> (Vec<(String, usize)>, Vec<String>) {
        (
            ego.actors.iter().map(|&(a, h)| (graph.actor(a).id.clone(), h)).collect(),
            ego.relations.iter().map(|&r| graph.relation(r).id.to_string()).collect(),
        )
    }

    #[test]
    fn hops_count_the_shortest_walk_in_the_direction_asked() {
        let graph = chain();
        let view = View::new(&graph, &Filter::default());
        let a = graph.actor_ix("a").unwrap();
        let (actors, relations) = ids(&graph, &neighbors(&view, a, 2, Direction::Out));
        assert_eq!(actors, [("b".to_owned(), 1), ("c".to_owned(), 2)]);
        assert_eq!(relations, ["r1", "r2"]);
        let (actors, relations) = ids(&graph, &neighbors(&view, a, 1, Direction::Both));
        assert_eq!(actors, [("b".to_owned(), 1), ("d".to_owned(), 1)]);
        assert_eq!(relations, ["r1", "r4"]);
        // Induced subgraph: with depth 3 out, d is reached and its relation back to a is listed too.
        let (_, relations) = ids(&graph, &neighbors(&view, a, 3, Direction::Out));
        assert_eq!(relations, ["r1", "r4", "r2", "r3"]);
    }

    #[test]
    fn an_isolated_actor_has_an_empty_ego_network() {
        let graph = chain();
        let view = View::new(&graph, &Filter::default());
        let ego = neighbors(&view, graph.actor_ix("e").unwrap(), 3, Direction::Both);
        assert!(ego.actors.is_empty() && ego.relations.is_empty());
    }
}
