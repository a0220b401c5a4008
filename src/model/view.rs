//! The common filters every query takes, and the filtered view of the graph queries run on.

use fixedbitset::FixedBitSet;
use petgraph::graph::EdgeIndex;
use petgraph::Direction;

use crate::model::{ActorGraph, ActorIx, KindId, PartialDate, Relation, RelationIx, Target};

/// Which actors and relations a query sees. The default keeps everything.
///
/// Every time filter reads one rule, [`crate::model::Validity`]: a standing relation (`supports`,
/// `member_of`) holds from the start of its date until the end of its `until`, or forever; an event
/// (`meets`, `attacks`, statements) holds only within its date (`2024-12` is all of December) or up to its
/// `until`; an undated relation is timeless. `as_of` keeps what holds at some moment of that date; `since` and
/// `until` keep what holds at some moment between them.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Keep only these relation kinds (`--kind`); empty keeps all.
    pub kinds: Vec<KindId>,
    /// Drop these relation kinds (`--exclude-kind`).
    pub exclude_kinds: Vec<KindId>,
    /// Keep relations that hold at some moment of this date (`--as-of`).
    pub as_of: Option<PartialDate>,
    /// Keep relations that hold at some moment from the start of this date on (`--since`).
    pub since: Option<PartialDate>,
    /// Keep relations that hold at some moment up to the end of this date (`--until`).
    pub until: Option<PartialDate>,
    /// Keep relations with at least this confidence (`--min-confidence`).
    pub min_confidence: Option<f64>,
    /// Keep relations backed by at least this many *independent* sources (`--min-sources`; see
    /// [`ActorGraph::independent_sources`]).
    pub min_sources: usize,
    /// Leave out every relation some actor denies, to see the picture in which the denials are true
    /// (`--if-denials-hold`). Denials themselves stay (a denied denial does not bring its claim back).
    pub if_denials_hold: bool,
    /// Keep only actors carrying one of these tags (`--tag`), and relations among them.
    pub tags: Vec<String>,
    /// Keep only actors of one of these kinds (`--actor-kind`), and relations among them.
    pub actor_kinds: Vec<String>,
}

impl Filter {
    /// Whether any filter is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
            && self.exclude_kinds.is_empty()
            && self.as_of.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && self.min_confidence.is_none()
            && self.min_sources == 0
            && !self.if_denials_hold
            && self.tags.is_empty()
            && self.actor_kinds.is_empty()
    }

    /// Whether an actor passes the actor filters.
    #[must_use]
    pub fn keeps_actor(&self, actor: &crate::model::Actor) -> bool {
        (self.tags.is_empty() || actor.tags.iter().any(|t| self.tags.contains(t)))
            && (self.actor_kinds.is_empty() || self.actor_kinds.contains(&actor.kind))
    }

    /// Whether a relation passes the relation filters (its endpoints are checked by [`View`], denials by
    /// [`Filter::drops_as_denied`]).
    #[must_use]
    pub fn keeps_relation(&self, graph: &ActorGraph, relation: &Relation) -> bool {
        if !self.kinds.is_empty() && !self.kinds.contains(&relation.kind) {
            return false;
        }
        if self.exclude_kinds.contains(&relation.kind) {
            return false;
        }
        if self.min_confidence.is_some_and(|min| relation.confidence.is_none_or(|c| c < min)) {
            return false;
        }
        if self.min_sources > 0
            && (relation.sources.len() < self.min_sources || graph.independent_sources(relation) < self.min_sources)
        {
            return false;
        }
        if self.as_of.is_some() || self.since.is_some() || self.until.is_some() {
            let validity = graph.validity(relation);
            if self.as_of.is_some_and(|date| !validity.holds_in(Some(date), Some(date))) {
                return false;
            }
            if (self.since.is_some() || self.until.is_some()) && !validity.holds_in(self.since, self.until) {
                return false;
            }
        }
        true
    }

    /// Whether `--if-denials-hold` leaves this relation out: it is denied by some actor and is not itself a
    /// statement.
    #[must_use]
    pub fn drops_as_denied(&self, graph: &ActorGraph, relation: RelationIx) -> bool {
        self.if_denials_hold && !graph.kind_of(graph.relation(relation)).statement && graph.is_contested(relation)
    }

    /// How many relations `--if-denials-hold` leaves out of `graph` (0 when it is not set).
    #[must_use]
    pub fn denied_left_out(&self, graph: &ActorGraph) -> usize {
        (0..graph.relations().len()).filter(|&r| self.drops_as_denied(graph, RelationIx::new(r))).count()
    }

    /// Short human description of the active filters, for captions and table headers.
    #[must_use]
    pub fn describe(&self, graph: &ActorGraph) -> Vec<String> {
        let names =
            |ids: &[KindId]| ids.iter().map(|&k| graph.kinds().get(k).name.clone()).collect::<Vec<_>>().join(",");
        let mut parts = Vec::new();
        if !self.kinds.is_empty() {
            parts.push(format!("kind {}", names(&self.kinds)));
        }
        if !self.exclude_kinds.is_empty() {
            parts.push(format!("excluding {}", names(&self.exclude_kinds)));
        }
        if let Some(d) = self.as_of {
            parts.push(format!("as of {d}"));
        }
        if let Some(d) = self.since {
            parts.push(format!("since {d}"));
        }
        if let Some(d) = self.until {
            parts.push(format!("until {d}"));
        }
        if let Some(c) = self.min_confidence {
            parts.push(format!("confidence ≥ {c}"));
        }
        if self.min_sources > 0 {
            parts.push(format!("≥ {} independent sources", self.min_sources));
        }
        if self.if_denials_hold {
            let left_out = self.denied_left_out(graph);
            parts.push(format!(
                "if the denials hold ({left_out} contested relation{} left out)",
                if left_out == 1 { "" } else { "s" }
            ));
        }
        if !self.tags.is_empty() {
            parts.push(format!("tag {}", self.tags.join(",")));
        }
        if !self.actor_kinds.is_empty() {
            parts.push(format!("actor kind {}", self.actor_kinds.join(",")));
        }
        parts
    }
}

/// The graph as a query sees it after filtering: bit sets over actors and relations, no copying.
///
/// A relation is in the view when it passes the filter and so do its endpoints; a statement about a
/// relation is in the view when its target relation is.
#[derive(Debug, Clone)]
pub struct View<'g> {
    graph: &'g ActorGraph,
    actors: FixedBitSet,
    relations: FixedBitSet,
}

impl<'g> View<'g> {
    /// Applies `filter` to `graph`.
    ///
    /// # Complexity
    /// O(actors + relations).
    #[must_use]
    pub fn new(graph: &'g ActorGraph, filter: &Filter) -> Self {
        if filter.is_empty() {
            // Everything is in view: no need to test a million relations one by one.
            let mut actors = FixedBitSet::with_capacity(graph.actors().len());
            actors.insert_range(..);
            let mut relations = FixedBitSet::with_capacity(graph.relations().len());
            relations.insert_range(..);
            return Self { graph, actors, relations };
        }
        let mut actors = FixedBitSet::with_capacity(graph.actors().len());
        for (i, actor) in graph.actors().iter().enumerate() {
            actors.set(i, filter.keeps_actor(actor));
        }
        let mut relations = FixedBitSet::with_capacity(graph.relations().len());
        for (i, relation) in graph.relations().iter().enumerate() {
            let keep = filter.keeps_relation(graph, relation)
                && !filter.drops_as_denied(graph, RelationIx::new(i))
                && actors.contains(relation.from.index())
                && match relation.to {
                    Target::Actor(a) => actors.contains(a.index()),
                    Target::Relation(_) => true,
                };
            relations.set(i, keep);
        }
        // Statements follow their targets: a denial of a claim outside the view is outside it too.
        for (i, relation) in graph.relations().iter().enumerate() {
            if let Target::Relation(target) = relation.to {
                if !relations.contains(target.index()) {
                    relations.set(i, false);
                }
            }
        }
        Self { graph, actors, relations }
    }

    /// The actors and relations in this view or in `other` (a view of the same graph): a period made of
    /// several dates, such as a quarter of three months.
    #[must_use]
    pub fn union(mut self, other: &View<'g>) -> Self {
        self.actors.union_with(&other.actors);
        self.relations.union_with(&other.relations);
        self
    }

    /// The whole graph behind the view.
    #[must_use]
    pub fn graph(&self) -> &'g ActorGraph {
        self.graph
    }

    /// Whether an actor is in the view.
    #[must_use]
    pub fn has_actor(&self, actor: ActorIx) -> bool {
        self.actors.contains(actor.index())
    }

    /// Whether a relation is in the view.
    #[must_use]
    pub fn has_relation(&self, relation: RelationIx) -> bool {
        self.relations.contains(relation.index())
    }

    /// The number of actors in the view.
    #[must_use]
    pub fn actor_count(&self) -> usize {
        self.actors.count_ones(..)
    }

    /// The number of relations in the view.
    #[must_use]
    pub fn relation_count(&self) -> usize {
        self.relations.count_ones(..)
    }

    /// Actors in the view, in load order.
    pub fn actors(&self) -> impl Iterator<Item = ActorIx> + '_ {
        self.actors.ones().map(ActorIx::new)
    }

    /// Relations in the view, in load order.
    pub fn relations(&self) -> impl Iterator<Item = RelationIx> + '_ {
        self.relations.ones().map(RelationIx::new)
    }

    /// Relations between actors in the view that leave (`Outgoing`) or reach (`Incoming`) `actor`, with the
    /// actor at the other end, in the order of [`ActorGraph::edges`] (latest relation first).
    pub fn edges(&self, actor: ActorIx, direction: Direction) -> impl Iterator<Item = (RelationIx, ActorIx)> + '_ {
        self.graph.edges(actor, direction).iter().copied().filter(|&(r, _)| self.relations.contains(r.index()))
    }

    /// The petgraph edge of a relation in the view.
    #[must_use]
    pub fn edge(&self, relation: RelationIx) -> Option<EdgeIndex<u32>> {
        self.has_relation(relation).then(|| self.graph.edge_of(relation)).flatten()
    }

    /// Statements in the view about `relation`.
    pub fn statements_about(&self, relation: RelationIx) -> impl Iterator<Item = RelationIx> + '_ {
        self.graph.statements_about(relation).filter(|&s| self.has_relation(s))
    }
}
