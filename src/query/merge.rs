//! `merge`: several actors that are one, made one — the dataset rewritten with every relation and statement
//! of the others pointing at the actor kept.
//!
//! The actor kept takes the others' names, ids and aliases as aliases (so every old id and spelling still
//! finds it), their tags, the attributes it lacks, and a `merged_from` attribute listing the ids merged
//! into it (sorted, with any earlier `merged_from`). Nothing is collapsed silently: relations that become
//! identical (same ends, kind and dates) are all kept and reported; a relation between two of the merged
//! actors would link the actor to itself, which a dataset cannot hold, so it is left out and reported, with
//! the statements about it. The result does not depend on the order the others are given in.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::lookup::normalize;
use crate::model::{Actor, ActorGraph, ActorIx, PartialDate, Relation, RelationIx, Target};

/// The attribute that records which ids were merged into an actor.
pub const MERGED_FROM: &str = "merged_from";

/// Two relations that became identical.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identical {
    /// The first of them, in load order.
    pub first: String,
    /// The one identical to it.
    pub duplicate: String,
    /// The relation in words.
    pub description: String,
}

/// A relation that could not be kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// Its id.
    pub id: String,
    /// The relation in words (before the merge).
    pub description: String,
    /// Why.
    pub reason: String,
}

/// An attribute the others give a different value than the actor kept (the kept value stays).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttrConflict {
    /// The attribute.
    pub key: String,
    /// The value kept.
    pub kept: String,
    /// The other actor's id.
    pub other: String,
    /// Its value, not kept.
    pub value: String,
}

/// The merged dataset and what the merge did.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The dataset after the merge.
    pub graph: ActorGraph,
    /// What was done, for the analyst.
    pub summary: MergeSummary,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeSummary {
    /// The id of the actor kept.
    pub keep: String,
    /// The ids merged into it, sorted.
    pub merged: Vec<String>,
    /// The aliases the actor kept gained.
    pub aliases_added: Vec<String>,
    /// Relations and statements whose `from` or `to` now points at the actor kept, by id.
    pub repointed: Vec<String>,
    /// Relations that became identical to another (all are kept).
    pub identical: Vec<Identical>,
    /// Relations left out, with why.
    pub left_out: Vec<LeftOut>,
    /// Attributes on which the merged actors disagree.
    pub attr_conflicts: Vec<AttrConflict>,
}

/// What `merge` may do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeOptions {
    /// Merge actors of different kinds.
    pub force: bool,
}

/// Merges `others` into `keep`.
///
/// # Errors
/// [`Error::DifferentKinds`] when an other's kind differs from `keep`'s and `options.force` is not set.
///
/// # Complexity
/// O(actors + relations).
///
/// ```
/// use actorgraph::query::merge::{merge, MergeOptions};
/// let graph = actorgraph::load::from_json_str("two.json", r#"{"format": "actorgraph/1", "actors": [
///   {"id": "kh", "name": "Kataib Hezbollah"}, {"id": "kh-2", "name": "Kata'ib Hizbullah"}, {"id": "iran"}],
///   "relations": [{"from": "iran", "to": "kh-2", "kind": "supports"}]}"#).unwrap();
/// let (kh, kh2) = (graph.actor_ix("kh").unwrap(), graph.actor_ix("kh-2").unwrap());
/// let merged = merge(&graph, kh, &[kh2], MergeOptions::default()).unwrap();
/// assert_eq!(merged.graph.actors().len(), 2);
/// let kept = merged.graph.actor(merged.graph.actor_ix("kh").unwrap());
/// assert_eq!(kept.attrs["merged_from"], "kh-2");
/// assert!(kept.aliases.contains(&"Kata'ib Hizbullah".to_owned()));
/// assert_eq!(merged.summary.repointed.len(), 1);
/// ```
pub fn merge(graph: &ActorGraph, keep: ActorIx, others: &[ActorIx], options: MergeOptions) -> Result<Merged> {
    let mut others: Vec<ActorIx> = others.iter().copied().filter(|&o| o != keep).collect();
    others.sort_by(|&a, &b| graph.actor(a).id.cmp(&graph.actor(b).id));
    others.dedup();
    let kept = graph.actor(keep);
    if !options.force {
        if let Some(&o) = others.iter().find(|&&o| graph.actor(o).kind != kept.kind) {
            return Err(Error::DifferentKinds {
                keep: kept.id.clone(),
                keep_kind: kept.kind.clone(),
                other: graph.actor(o).id.clone(),
                other_kind: graph.actor(o).kind.clone(),
            });
        }
    }
    let merged_ids: BTreeSet<ActorIx> = others.iter().copied().collect();
    let (actor, aliases_added, attr_conflicts) = merged_actor(graph, kept, &others);
    let (new_ix, actors) = new_positions(graph, keep, &others, &merged_ids, &actor);
    let (left_out_set, left_out) = left_out_relations(graph, &new_ix, &kept.id);
    let (relations, repointed) = repoint(graph, &left_out_set, &new_ix, &merged_ids);
    let mut identical = identical_relations(&relations, &repointed);

    let merged_graph = ActorGraph::from_parts(
        graph.files().to_vec(),
        actors,
        relations,
        graph.sources().to_vec(),
        graph.kinds().clone(),
    );
    for pair in &mut identical {
        if let Some(r) = merged_graph.relation_ix(&pair.duplicate) {
            pair.description = merged_graph.describe(merged_graph.relation(r));
        }
    }
    let summary = MergeSummary {
        keep: kept.id.clone(),
        merged: others.iter().map(|&o| graph.actor(o).id.clone()).collect(),
        aliases_added,
        repointed,
        identical,
        left_out,
        attr_conflicts,
    };
    Ok(Merged { graph: merged_graph, summary })
}

/// The actor kept, with the others' names and ids as aliases, their tags, the attributes it lacks and
/// `merged_from`; also the aliases it gained and the attributes on which they disagree.
fn merged_actor(graph: &ActorGraph, kept: &Actor, others: &[ActorIx]) -> (Actor, Vec<String>, Vec<AttrConflict>) {
    let mut actor: Actor = kept.clone();
    let mut known: BTreeSet<String> =
        std::iter::once(&actor.name).chain(&actor.aliases).map(|n| normalize(n)).collect();
    let mut aliases_added = Vec::new();
    let mut attr_conflicts = Vec::new();
    let mut merged_from: BTreeSet<String> = split_list(actor.attrs.get(MERGED_FROM));
    for &o in others {
        let other = graph.actor(o);
        for name in std::iter::once(&other.name).chain(std::iter::once(&other.id)).chain(&other.aliases) {
            if known.insert(normalize(name)) {
                actor.aliases.push(name.clone());
                aliases_added.push(name.clone());
            }
        }
        for tag in &other.tags {
            if !actor.tags.contains(tag) {
                actor.tags.push(tag.clone());
            }
        }
        for (key, value) in &other.attrs {
            if key == MERGED_FROM {
                merged_from.extend(split_list(Some(value)));
                continue;
            }
            match actor.attrs.get(key) {
                None => {
                    actor.attrs.insert(key.clone(), value.clone());
                }
                Some(v) if v != value => attr_conflicts.push(AttrConflict {
                    key: key.clone(),
                    kept: v.clone(),
                    other: other.id.clone(),
                    value: value.clone(),
                }),
                Some(_) => {}
            }
        }
        merged_from.insert(other.id.clone());
    }
    if !merged_from.is_empty() {
        actor.attrs.insert(MERGED_FROM.to_owned(), merged_from.into_iter().collect::<Vec<_>>().join(", "));
    }
    (actor, aliases_added, attr_conflicts)
}

/// New actor positions: the others are gone (they take the kept actor's), everyone else moves up; also the
/// actors after the merge, with `actor` in the kept one's place.
fn new_positions(
    graph: &ActorGraph,
    keep: ActorIx,
    others: &[ActorIx],
    merged_ids: &BTreeSet<ActorIx>,
    actor: &Actor,
) -> (Vec<ActorIx>, Vec<Actor>) {
    let mut new_ix: Vec<ActorIx> = Vec::with_capacity(graph.actors().len());
    let mut actors = Vec::with_capacity(graph.actors().len() - others.len());
    for (i, a) in graph.actors().iter().enumerate() {
        let i = ActorIx::new(i);
        if merged_ids.contains(&i) {
            new_ix.push(ActorIx::MAX); // filled below
        } else {
            new_ix.push(ActorIx::new(actors.len()));
            actors.push(if i == keep { actor.clone() } else { a.clone() });
        }
    }
    for &o in others {
        new_ix[o.index()] = new_ix[keep.index()];
    }
    (new_ix, actors)
}

/// Which relations are left out (by position) and why: those that would link the actor `kept_id` to itself,
/// and the statements about them.
fn left_out_relations(graph: &ActorGraph, new_ix: &[ActorIx], kept_id: &str) -> (Vec<bool>, Vec<LeftOut>) {
    let mut left_out_set = vec![false; graph.relations().len()];
    let mut left_out = Vec::new();
    for (i, r) in graph.relations().iter().enumerate() {
        if let Target::Actor(to) = r.to {
            if new_ix[r.from.index()] == new_ix[to.index()] {
                left_out_set[i] = true;
                left_out.push(LeftOut {
                    id: r.id.to_string(),
                    description: graph.describe(r),
                    reason: format!("it links two of the merged actors, so it would link '{kept_id}' to itself"),
                });
            }
        }
    }
    // Statements about a relation left out have nothing to be about (chains are followed to their end).
    loop {
        let mut more = false;
        for (i, r) in graph.relations().iter().enumerate() {
            if let Target::Relation(t) = r.to {
                if left_out_set[t.index()] && !left_out_set[i] {
                    left_out_set[i] = true;
                    more = true;
                    left_out.push(LeftOut {
                        id: r.id.to_string(),
                        description: graph.describe(r),
                        reason: format!("it is about relation '{}', which was left out", graph.relation(t).id),
                    });
                }
            }
        }
        if !more {
            break;
        }
    }
    (left_out_set, left_out)
}

/// The relations kept, pointed at the new actor and relation positions; also the ids of those whose `from`
/// or `to` was one of the merged actors.
fn repoint(
    graph: &ActorGraph,
    left_out_set: &[bool],
    new_ix: &[ActorIx],
    merged_ids: &BTreeSet<ActorIx>,
) -> (Vec<Relation>, Vec<String>) {
    let mut new_rel: Vec<Option<RelationIx>> = Vec::with_capacity(graph.relations().len());
    let mut count = 0usize;
    for &out in left_out_set {
        new_rel.push((!out).then(|| RelationIx::new(count)));
        count += usize::from(!out);
    }
    let mut relations: Vec<Relation> = Vec::with_capacity(count);
    let mut repointed = Vec::new();
    for (i, r) in graph.relations().iter().enumerate() {
        if left_out_set[i] {
            continue;
        }
        let mut relation = r.clone();
        relation.from = new_ix[r.from.index()];
        relation.to = match r.to {
            Target::Actor(a) => Target::Actor(new_ix[a.index()]),
            // Never left out here: statements about left-out relations were left out above.
            Target::Relation(t) => Target::Relation(new_rel[t.index()].unwrap_or(RelationIx::MAX)),
        };
        let touched = merged_ids.contains(&r.from) || matches!(r.to, Target::Actor(a) if merged_ids.contains(&a));
        if touched {
            repointed.push(r.id.to_string());
        }
        relations.push(relation);
    }
    (relations, repointed)
}

/// Relations that became identical: same ends, kind and dates, at least one of them repointed (their
/// descriptions are filled in once the merged graph is built).
fn identical_relations(relations: &[Relation], repointed: &[String]) -> Vec<Identical> {
    let mut seen: BTreeMap<SameKey, usize> = BTreeMap::new();
    let repointed_set: BTreeSet<&str> = repointed.iter().map(String::as_str).collect();
    let mut identical = Vec::new();
    for (i, r) in relations.iter().enumerate() {
        let to = match r.to {
            Target::Actor(a) => TargetKey::Actor(a),
            Target::Relation(t) => TargetKey::Relation(t),
        };
        let key = (r.from, to, r.kind.0, r.date, r.until);
        match seen.get(&key) {
            Some(&first) if repointed_set.contains(&*r.id) || repointed_set.contains(&*relations[first].id) => {
                identical.push(Identical {
                    first: relations[first].id.to_string(),
                    duplicate: r.id.to_string(),
                    description: String::new(),
                });
            }
            Some(_) => {}
            None => {
                seen.insert(key, i);
            }
        }
    }
    identical
}

/// What makes two relations identical: ends, kind, dates.
type SameKey = (ActorIx, TargetKey, u16, Option<PartialDate>, Option<PartialDate>);

/// A relation's target, orderable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TargetKey {
    Actor(ActorIx),
    Relation(RelationIx),
}

fn split_list(value: Option<&String>) -> BTreeSet<String> {
    value.map_or_else(BTreeSet::new, |v| {
        v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
    })
}
