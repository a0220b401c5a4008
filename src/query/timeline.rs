//! `timeline`: relations and statements in date order, for one actor or for everyone.

use fixedbitset::FixedBitSet;
use serde::Serialize;

use crate::model::records::RelationRecord;
use crate::model::{ActorGraph, ActorIx, RelationIx, Target};

use super::View;

/// The relations of a timeline in date order.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// The actor the timeline is about; `None` for the whole view.
    pub actor: Option<ActorIx>,
    /// Dated relations by date (coarse before precise on the same first day, see
    /// [`crate::PartialDate`]), then by id; undated relations last, by id.
    pub events: Vec<RelationIx>,
}

/// The chronology of `actor` (or of the whole view): the relations in view from or to it, its statements,
/// and every statement in view about any of those relations (and about those statements, and so on: a
/// denial of a claim about the actor is part of its story), in date order.
///
/// Ordering: by [`crate::PartialDate`]'s order — the first day covered, then coarse before precise, so
/// `2024-12` comes before `2024-12-02` — then by relation id; undated relations come last, by id. A
/// relation's `until` does not move it: it is placed at its start.
///
/// # Complexity
/// O(R log R) for the R relations in view.
///
/// ```
/// use actorgraph::query::{timeline::timeline, Filter, View};
/// let graph = actorgraph::load::embedded();
/// let view = View::new(&graph, &Filter::default());
/// let iran = graph.actor_ix("iran").unwrap();
/// let t = timeline(&view, Some(iran));
/// // Iran's backing of the Syrian government since 2011 opens the chronology.
/// assert_eq!(&*graph.relation(t.events[0]).id, "r-iran-supports-syrian-government-2011");
/// ```
#[must_use]
pub fn timeline(view: &View<'_>, actor: Option<ActorIx>) -> Timeline {
    let graph = view.graph();
    let mut events: Vec<RelationIx> = match actor {
        None => view.relations().collect(),
        Some(a) => {
            let mut included = FixedBitSet::with_capacity(graph.relations().len());
            let mut work: Vec<RelationIx> = view
                .relations()
                .filter(|&r| {
                    let rel = graph.relation(r);
                    rel.from == a || rel.to == Target::Actor(a)
                })
                .collect();
            for &r in &work {
                included.insert(r.index());
            }
            let mut all = work.clone();
            while let Some(r) = work.pop() {
                for s in view.statements_about(r) {
                    if !included.put(s.index()) {
                        all.push(s);
                        work.push(s);
                    }
                }
            }
            all
        }
    };
    events.sort_by(|&a, &b| {
        let (ra, rb) = (graph.relation(a), graph.relation(b));
        // `None` last: compare "is undated" first.
        (ra.date.is_none(), ra.date).cmp(&(rb.date.is_none(), rb.date)).then_with(|| ra.id.cmp(&rb.id))
    });
    Timeline { actor, events }
}

/// One event of a timeline in JSON output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventRecord {
    /// The relation's date, `null` when undated.
    pub date: Option<String>,
    /// The relation.
    pub relation: RelationRecord,
}

/// The JSON shape of `timeline`: `{"actor": "id"|null, "events": [{"date", "relation"}…]}`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimelineRecord {
    /// The actor's id, `null` for the whole dataset.
    pub actor: Option<String>,
    /// The events in date order, undated last.
    pub events: Vec<EventRecord>,
}

impl Timeline {
    /// The JSON record of this timeline.
    #[must_use]
    pub fn record(&self, graph: &ActorGraph) -> TimelineRecord {
        TimelineRecord {
            actor: self.actor.map(|a| graph.actor(a).id.clone()),
            events: self
                .events
                .iter()
                .map(|&r| EventRecord {
                    date: graph.relation(r).date.map(|d| d.to_string()),
                    relation: RelationRecord::new(graph, r),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    #[test]
    fn dated_events_in_order_then_undated_and_statements_follow_their_claims() {
        let graph = crate::load::from_json_str(
            "t.json",
            r#"{"format": "actorgraph/1",
                "actors": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
                "relations": [{"id": "r1", "from": "a", "to": "b", "kind": "supports", "date": "2024-12-02"},
                              {"id": "r2", "from": "b", "to": "a", "kind": "opposes"},
                              {"id": "r3", "from": "a", "to": "c", "kind": "funds", "date": "2024-12"},
                              {"id": "r0", "from": "a", "to": "c", "kind": "funds", "date": "2024-12"},
                              {"id": "r4", "from": "d", "to": "r1", "kind": "denies", "date": "2024-12-03"},
                              {"id": "r5", "from": "c", "to": "r4", "kind": "denies", "date": "2011"},
                              {"id": "r6", "from": "b", "to": "d", "kind": "supports", "date": "2000"}]}"#,
        )
        .unwrap();
        let view = View::new(&graph, &Filter::default());
        let ids = |t: Timeline| t.events.iter().map(|&r| graph.relation(r).id.to_string()).collect::<Vec<_>>();
        let a = graph.actor_ix("a").unwrap();
        assert_eq!(ids(timeline(&view, Some(a))), ["r5", "r0", "r3", "r1", "r4", "r2"]);
        assert_eq!(ids(timeline(&view, None)), ["r6", "r5", "r0", "r3", "r1", "r4", "r2"]);
    }
}
