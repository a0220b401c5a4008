//! Walking the graph: which relations lead from an actor to which neighbours.
//!
//! Shared by `neighbors` and `path`. Symmetric kinds (`allied_with`, `meets`) hold both ways, so they can be
//! walked in either direction whatever direction is asked for. Statements about relations (a denial of a
//! claim) are not edges of the graph and are never walked.

use petgraph::Direction as Petgraph;

use crate::model::{ActorIx, RelationIx};

use super::View;

/// Which way relations are followed from an actor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Direction {
    /// From `from` to `to` only (and both ways for symmetric kinds).
    Out,
    /// From `to` back to `from` only (and both ways for symmetric kinds).
    In,
    /// Either way: the relation's direction is ignored.
    #[default]
    Both,
}

impl Direction {
    /// `out`, `in` or `both`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Out => "out",
            Self::In => "in",
            Self::Both => "both",
        }
    }
}

/// The relations in `view` that can be walked from `actor` in `direction`, each with the actor it leads to.
///
/// Outgoing relations first, then incoming ones, each in the graph's adjacency order; self-loops are left out
/// (they lead nowhere). A relation appears once.
///
/// # Complexity
/// O(degree of `actor`).
///
/// ```
/// use actorgraph::query::{walk::{steps, Direction}, Filter, View};
/// let graph = actorgraph::load::embedded();
/// let view = View::new(&graph, &Filter::default());
/// let araghchi = graph.actor_ix("abbas-araghchi").unwrap();
/// let assad = graph.actor_ix("bashar-al-assad").unwrap();
/// // "Araghchi meets Assad" is symmetric: it is walked from Assad even when only outgoing relations are.
/// assert!(steps(&view, assad, Direction::Out).any(|(_, other)| other == araghchi));
/// ```
pub fn steps<'v>(
    view: &'v View<'_>,
    actor: ActorIx,
    direction: Direction,
) -> impl Iterator<Item = (RelationIx, ActorIx)> + 'v {
    let graph = view.graph();
    let symmetric = move |r: RelationIx| graph.kind_of(graph.relation(r)).symmetric;
    let outgoing =
        view.edges(actor, Petgraph::Outgoing).filter(move |&(r, _)| direction != Direction::In || symmetric(r));
    let incoming =
        view.edges(actor, Petgraph::Incoming).filter(move |&(r, _)| direction != Direction::Out || symmetric(r));
    outgoing.chain(incoming).filter(move |&(_, other)| other != actor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    #[test]
    fn directions_follow_the_relation_and_symmetric_kinds_go_both_ways() {
        let graph = crate::load::from_json_str(
            "t.json",
            r#"{"format": "actorgraph/1",
                "actors": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
                "relations": [{"id": "r1", "from": "a", "to": "b", "kind": "supports"},
                              {"id": "r2", "from": "c", "to": "a", "kind": "allied_with"}]}"#,
        )
        .unwrap();
        let view = View::new(&graph, &Filter::default());
        let a = graph.actor_ix("a").unwrap();
        let ids = |d| {
            let mut ids: Vec<&str> = steps(&view, a, d).map(|(r, _)| &*graph.relation(r).id).collect();
            ids.sort_unstable();
            ids
        };
        assert_eq!(ids(Direction::Out), ["r1", "r2"]);
        assert_eq!(ids(Direction::In), ["r2"]);
        assert_eq!(ids(Direction::Both), ["r1", "r2"]);
    }
}
