//! `diff`: what changed between two versions of a dataset — actors, relations, sources and declared relation
//! kinds added, removed and changed, field by field, with actors whose id was changed recognised as renamed.
//!
//! Records are matched by id. An actor removed from the old version and one added in the new are taken as
//! one actor *renamed* when their names say so (the same name, or the old id or name kept among the new
//! aliases, or a transliteration variant — [`super::dedupe::name_evidence`]) and they are of the same kind,
//! or when they have the same kind and at least three neighbours with a Jaccard index of 0.75 or more.
//! Relations are compared with renamed actors mapped to their new ids; a relation whose id was generated
//! (`from>kind>to`) and changed only because an end was renamed is matched by its ends, kind and date.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::model::{ActorGraph, ActorIx, KindInfo, KindOrigin, PartialDate, Relation, RelationIx, Target};

use super::dedupe::{jaccard, name_evidence, neighbour_ids, Evidence, MIN_SHARED_NEIGHBOURS};

/// A field's value on one side of a change.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Not set.
    Missing,
    /// Text (names, dates, ids, grades).
    Text(String),
    /// A number (confidence).
    Number(f64),
    /// A whole number (credibility, independent sources).
    Integer(i64),
    /// A flag (relation kind semantics).
    Flag(bool),
    /// A list (aliases, tags, sources).
    List(Vec<String>),
}

impl Serialize for FieldValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Missing => serializer.serialize_none(),
            Self::Text(t) => serializer.serialize_str(t),
            Self::Number(n) => serializer.serialize_f64(*n),
            Self::Integer(n) => serializer.serialize_i64(*n),
            Self::Flag(b) => serializer.serialize_bool(*b),
            Self::List(items) => items.serialize(serializer),
        }
    }
}

impl std::fmt::Display for FieldValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing => f.write_str("—"),
            Self::Text(t) => f.write_str(t),
            Self::Number(n) => write!(f, "{n}"),
            Self::Integer(n) => write!(f, "{n}"),
            Self::Flag(b) => write!(f, "{b}"),
            Self::List(items) if items.is_empty() => f.write_str("—"),
            Self::List(items) => f.write_str(&items.join("; ")),
        }
    }
}

fn text(value: Option<&str>) -> FieldValue {
    value.map_or(FieldValue::Missing, |t| FieldValue::Text(t.to_owned()))
}

fn date(value: Option<PartialDate>) -> FieldValue {
    value.map_or(FieldValue::Missing, |d| FieldValue::Text(d.to_string()))
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field (`confidence`, `aliases`, `attrs.country`).
    pub field: String,
    /// Its old value.
    pub old: FieldValue,
    /// Its new value.
    pub new: FieldValue,
    /// For lists: the items added.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// For lists: the items removed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

/// A record present on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Its id.
    pub id: String,
    /// How a person reads it: an actor's name, a relation in words, a source's citation, a kind's name.
    pub label: String,
}

/// A record on both sides whose fields differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changed {
    /// Its id in the new version.
    pub id: String,
    /// Its id in the old version, when it differs (a renamed actor; a generated relation id that followed it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_id: Option<String>,
    /// How a person reads it (as in the new version).
    pub label: String,
    /// The fields that differ, in the format's field order.
    pub fields: Vec<FieldChange>,
}

/// Added, removed and changed records of one section, each sorted by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    /// In the new version only.
    pub added: Vec<Item>,
    /// In the old version only.
    pub removed: Vec<Item>,
    /// In both, with different fields.
    pub changed: Vec<Changed>,
}

impl Changes {
    /// Whether nothing differs.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// An actor whose id changed between the versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rename {
    /// The id in the old version.
    pub old_id: String,
    /// The id in the new version.
    pub new_id: String,
    /// The name in the new version.
    pub name: String,
    /// Why the two are taken as one actor.
    pub evidence: Vec<Evidence>,
}

/// The size of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// Its files, as given.
    pub files: Vec<String>,
    /// Actors.
    pub actors: usize,
    /// Relations (statements about relations included).
    pub relations: usize,
    /// Sources.
    pub sources: usize,
    /// Declared relation kinds.
    pub kinds: usize,
}

impl Side {
    fn of(graph: &ActorGraph) -> Self {
        Self {
            files: graph.files().iter().map(|f| f.path.clone()).collect(),
            actors: graph.actors().len(),
            relations: graph.relations().len(),
            sources: graph.sources().len(),
            kinds: graph.kinds().iter().filter(|(_, k)| k.origin == KindOrigin::Declared).count(),
        }
    }
}

/// What changed from `old` to `new`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The old version.
    pub old: Side,
    /// The new version.
    pub new: Side,
    /// Whether the two hold the same records with the same fields.
    pub equal: bool,
    /// Actors whose id changed (they are not among the actors added or removed).
    pub renamed: Vec<Rename>,
    /// Actors.
    pub actors: Changes,
    /// Relations, statements about relations included.
    pub relations: Changes,
    /// Sources.
    pub sources: Changes,
    /// Declared relation kinds (built-in kinds are the same in every version).
    pub kinds: Changes,
}

fn list_change(field: &str, old: &[String], new: &[String]) -> Option<FieldChange> {
    if old == new {
        return None;
    }
    let (o, n): (BTreeSet<&String>, BTreeSet<&String>) = (old.iter().collect(), new.iter().collect());
    Some(FieldChange {
        field: field.to_owned(),
        old: FieldValue::List(old.to_vec()),
        new: FieldValue::List(new.to_vec()),
        added: n.difference(&o).map(|s| (*s).clone()).collect(),
        removed: o.difference(&n).map(|s| (*s).clone()).collect(),
    })
}

fn field(fields: &mut Vec<FieldChange>, name: &str, old: FieldValue, new: FieldValue) {
    if old != new {
        fields.push(FieldChange { field: name.to_owned(), old, new, added: Vec::new(), removed: Vec::new() });
    }
}

fn attrs_changes(
    fields: &mut Vec<FieldChange>,
    old: &indexmap::IndexMap<String, String>,
    new: &indexmap::IndexMap<String, String>,
) {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys {
        field(
            fields,
            &format!("attrs.{key}"),
            text(old.get(key).map(String::as_str)),
            text(new.get(key).map(String::as_str)),
        );
    }
}

/// Pairs removed actors with added ones where names (or neighbours) say they are one actor.
fn renames(old: &ActorGraph, new: &ActorGraph) -> Vec<(ActorIx, ActorIx, Vec<Evidence>)> {
    let removed: Vec<ActorIx> = ixs(old.actors().len()).filter(|&a| new.actor_ix(&old.actor(a).id).is_none()).collect();
    let added: Vec<ActorIx> = ixs(new.actors().len()).filter(|&a| old.actor_ix(&new.actor(a).id).is_none()).collect();
    if removed.is_empty() || added.is_empty() {
        return Vec::new();
    }
    let (old_neighbours, new_neighbours) = (neighbour_ids(old), neighbour_ids(new));
    let ids = |graph: &ActorGraph, set: &BTreeSet<ActorIx>| -> BTreeSet<String> {
        set.iter().map(|&a| graph.actor(a).id.clone()).collect()
    };
    // Every pair on small sides; on large ones, only pairs whose names share a normalised key.
    let all_pairs = removed.len().saturating_mul(added.len()) <= 250_000;
    let mut scored: Vec<(f64, ActorIx, ActorIx, Vec<Evidence>)> = Vec::new();
    for &r in &removed {
        let (ro, r_ids) = (old.actor(r), ids(old, &old_neighbours[r.index()]));
        for &a in &added {
            let an = new.actor(a);
            if ro.kind != an.kind {
                continue;
            }
            let mut evidence = name_evidence(ro, an);
            if evidence.is_empty() && !all_pairs {
                continue;
            }
            let a_ids = ids(new, &new_neighbours[a.index()]);
            let (shared, j) = jaccard(&r_ids, &a_ids, [&ro.id, &an.id]);
            let close = shared >= MIN_SHARED_NEIGHBOURS && j >= 0.75;
            if evidence.is_empty() && !close {
                continue;
            }
            if shared > 0 {
                evidence.push(Evidence::SameNeighbours { shared, jaccard: j });
            }
            scored.push((super::dedupe::score(&evidence), r, a, evidence));
        }
    }
    scored.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| old.actor(x.1).id.cmp(&old.actor(y.1).id))
            .then_with(|| new.actor(x.2).id.cmp(&new.actor(y.2).id))
    });
    let (mut used_old, mut used_new) = (BTreeSet::new(), BTreeSet::new());
    let mut out = Vec::new();
    for (_, r, a, evidence) in scored {
        if !used_old.contains(&r) && !used_new.contains(&a) {
            used_old.insert(r);
            used_new.insert(a);
            out.push((r, a, evidence));
        }
    }
    out
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn ixs(n: usize) -> impl Iterator<Item = ActorIx> {
    (0..n).filter_map(|i| ActorIx::try_from(i).ok())
}

/// What identifies a relation apart from its id: its ends (as new actor ids), kind, dates, and which
/// repeat of that it is.
type RelationKey = (String, String, String, Option<PartialDate>, Option<PartialDate>);

/// Matches old relations to new: by id, then (for the rest) by ends, kind and dates in load order.
fn match_relations(
    old: &ActorGraph,
    new: &ActorGraph,
    new_actor_id: &dyn Fn(ActorIx) -> String,
) -> (Vec<Option<RelationIx>>, Vec<Option<RelationIx>>) {
    let mut old_to_new: Vec<Option<RelationIx>> = vec![None; old.relations().len()];
    let mut new_to_old: Vec<Option<RelationIx>> = vec![None; new.relations().len()];
    for (i, relation) in old.relations().iter().enumerate() {
        if let Some(j) = new.relation_ix(&relation.id) {
            old_to_new[i] = Some(j);
            new_to_old[j.index()] = Some(RelationIx::new(i));
        }
    }
    // Statements about relations are keyed by their target's new id, so they can match only once the
    // relation they are about has: a few passes settle chains of statements.
    for _ in 0..4 {
        let key_new = |r: &Relation| -> Option<RelationKey> {
            let to = match r.to {
                Target::Actor(a) => format!("actor:{}", new.actor(a).id),
                Target::Relation(t) => format!("relation:{}", new.relation(t).id),
            };
            Some((new.actor(r.from).id.clone(), to, new.kind_of(r).name.clone(), r.date, r.until))
        };
        let key_old = |r: &Relation| -> Option<RelationKey> {
            let to = match r.to {
                Target::Actor(a) => format!("actor:{}", new_actor_id(a)),
                Target::Relation(t) => format!("relation:{}", new.relation(old_to_new[t.index()]?).id),
            };
            Some((new_actor_id(r.from), to, old.kind_of(r).name.clone(), r.date, r.until))
        };
        let mut waiting: HashMap<RelationKey, std::collections::VecDeque<RelationIx>> = HashMap::new();
        for (j, r) in new.relations().iter().enumerate() {
            if new_to_old[j].is_none() {
                if let Some(key) = key_new(r) {
                    waiting.entry(key).or_default().push_back(RelationIx::new(j));
                }
            }
        }
        let keys: Vec<(usize, RelationKey)> = old
            .relations()
            .iter()
            .enumerate()
            .filter(|(i, _)| old_to_new[*i].is_none())
            .filter_map(|(i, r)| Some((i, key_old(r)?)))
            .collect();
        let mut matched = false;
        for (i, key) in keys {
            if let Some(j) = waiting.get_mut(&key).and_then(std::collections::VecDeque::pop_front) {
                old_to_new[i] = Some(j);
                new_to_old[j.index()] = Some(RelationIx::new(i));
                matched = true;
            }
        }
        if !matched {
            break;
        }
    }
    (old_to_new, new_to_old)
}

fn kind_fields(old: &KindInfo, new: &KindInfo) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    field(&mut fields, "sign", FieldValue::Text(old.sign.as_str().into()), FieldValue::Text(new.sign.as_str().into()));
    for (name, o, n) in [
        ("symmetric", old.symmetric, new.symmetric),
        ("hierarchical", old.hierarchical, new.hierarchical),
        ("statement", old.statement, new.statement),
        ("upward", old.upward, new.upward),
    ] {
        field(&mut fields, name, FieldValue::Flag(o), FieldValue::Flag(n));
    }
    field(&mut fields, "description", text(Some(&old.description)), text(Some(&new.description)));
    fields
}

fn sorted<T>(mut items: Vec<T>, id: impl Fn(&T) -> &str) -> Vec<T> {
    items.sort_by(|a, b| id(a).cmp(id(b)));
    items
}

/// Compares two versions of a dataset.
///
/// # Complexity
/// O(actors + relations + sources) with the id indices, plus the rename search: O(removed · added) actors
/// when that is at most 250,000 pairs, otherwise only pairs whose names match.
///
/// ```
/// use actorgraph::query::diff::diff;
/// let old = actorgraph::load::from_json_str("old.json", r#"{"format": "actorgraph/1",
///   "actors": [{"id": "kh", "name": "Kataib Hezbollah"}, {"id": "iran", "name": "Iran"}],
///   "relations": [{"from": "iran", "to": "kh", "kind": "supports", "confidence": 0.6}]}"#).unwrap();
/// let new = actorgraph::load::from_json_str("new.json", r#"{"format": "actorgraph/1",
///   "actors": [{"id": "kataib-hezbollah", "name": "Kataib Hezbollah", "aliases": ["KH"]},
///              {"id": "iran", "name": "Iran"}],
///   "relations": [{"from": "iran", "to": "kataib-hezbollah", "kind": "supports", "confidence": 0.8}]}"#).unwrap();
/// let d = diff(&old, &new);
/// assert_eq!(d.renamed[0].old_id, "kh");
/// assert_eq!(d.relations.changed[0].fields[0].field, "confidence");
/// assert!(d.actors.added.is_empty() && d.relations.added.is_empty());
/// ```
#[must_use]
pub fn diff(old: &ActorGraph, new: &ActorGraph) -> Diff {
    let renamed = renames(old, new);
    let mut new_of_old: Vec<Option<ActorIx>> =
        ixs(old.actors().len()).map(|a| new.actor_ix(&old.actor(a).id)).collect();
    for &(r, a, _) in &renamed {
        new_of_old[r.index()] = Some(a);
    }
    let new_actor_id = |a: ActorIx| -> String {
        new_of_old[a.index()].map_or_else(|| old.actor(a).id.clone(), |n| new.actor(n).id.clone())
    };
    let actors = actor_changes(old, new, &new_of_old);
    let relations = relation_changes(old, new, &new_actor_id);
    let sources = source_changes(old, new);
    let kinds = kind_changes(old, new);

    let renamed: Vec<Rename> = sorted(
        renamed
            .into_iter()
            .map(|(r, a, evidence)| Rename {
                old_id: old.actor(r).id.clone(),
                new_id: new.actor(a).id.clone(),
                name: new.actor(a).name.clone(),
                evidence,
            })
            .collect(),
        |r| &r.new_id,
    );
    let tidy = |c: Changes| Changes {
        added: sorted(c.added, |i| &i.id),
        removed: sorted(c.removed, |i| &i.id),
        changed: sorted(c.changed, |i| &i.id),
    };
    let (actors, relations, sources, kinds) = (tidy(actors), tidy(relations), tidy(sources), tidy(kinds));
    let equal =
        renamed.is_empty() && actors.is_empty() && relations.is_empty() && sources.is_empty() && kinds.is_empty();
    Diff { old: Side::of(old), new: Side::of(new), equal, renamed, actors, relations, sources, kinds }
}

/// The actors added, removed and changed, field by field; `new_of_old` gives each old actor's new one
/// (renames included).
fn actor_changes(old: &ActorGraph, new: &ActorGraph, new_of_old: &[Option<ActorIx>]) -> Changes {
    let mut old_of_new: Vec<Option<ActorIx>> = vec![None; new.actors().len()];
    for (o, n) in new_of_old.iter().enumerate() {
        if let Some(n) = n {
            old_of_new[(*n).index()] = Some(ActorIx::new(o));
        }
    }
    let mut actors = Changes::default();
    for (i, actor) in new.actors().iter().enumerate() {
        match old_of_new[i] {
            None => actors.added.push(Item { id: actor.id.clone(), label: actor.name.clone() }),
            Some(o) => {
                let before = old.actor(o);
                let mut fields = Vec::new();
                field(&mut fields, "name", text(Some(&before.name)), text(Some(&actor.name)));
                field(&mut fields, "kind", text(Some(&before.kind)), text(Some(&actor.kind)));
                fields.extend(list_change("aliases", &before.aliases, &actor.aliases));
                fields.extend(list_change("tags", &before.tags, &actor.tags));
                attrs_changes(&mut fields, &before.attrs, &actor.attrs);
                if !fields.is_empty() {
                    actors.changed.push(Changed {
                        id: actor.id.clone(),
                        old_id: (before.id != actor.id).then(|| before.id.clone()),
                        label: actor.name.clone(),
                        fields,
                    });
                }
            }
        }
    }
    for (o, actor) in old.actors().iter().enumerate() {
        if new_of_old[o].is_none() {
            actors.removed.push(Item { id: actor.id.clone(), label: actor.name.clone() });
        }
    }
    actors
}

/// The relations added, removed and changed, matched by [`match_relations`]; `new_actor_id` gives an old
/// actor's id in the new version.
fn relation_changes(old: &ActorGraph, new: &ActorGraph, new_actor_id: &dyn Fn(ActorIx) -> String) -> Changes {
    let (old_to_new, new_to_old) = match_relations(old, new, new_actor_id);
    let mut relations = Changes::default();
    for (j, relation) in new.relations().iter().enumerate() {
        let label = new.describe(relation);
        let Some(i) = new_to_old[j] else {
            relations.added.push(Item { id: relation.id.to_string(), label });
            continue;
        };
        let before = old.relation(i);
        let old_to = match before.to {
            Target::Actor(a) => new_actor_id(a),
            Target::Relation(t) => {
                old_to_new[t.index()].map_or_else(|| old.relation(t).id.to_string(), |n| new.relation(n).id.to_string())
            }
        };
        let fields = relation_fields(old, new, before, relation, &new_actor_id(before.from), &old_to);
        if !fields.is_empty() {
            relations.changed.push(Changed {
                id: relation.id.to_string(),
                old_id: (before.id != relation.id).then(|| before.id.to_string()),
                label,
                fields,
            });
        }
    }
    for (i, relation) in old.relations().iter().enumerate() {
        if old_to_new[i].is_none() {
            relations.removed.push(Item { id: relation.id.to_string(), label: old.describe(relation) });
        }
    }
    relations
}

/// The fields that differ between a relation `before` (whose ends, as new ids, are `old_from` and
/// `old_to`) and its match `relation` in the new version.
fn relation_fields(
    old: &ActorGraph,
    new: &ActorGraph,
    before: &Relation,
    relation: &Relation,
    old_from: &str,
    old_to: &str,
) -> Vec<FieldChange> {
    let source_ids = |graph: &ActorGraph, r: &Relation| -> Vec<String> {
        r.sources.iter().map(|&s| graph.source(s).id.clone()).collect()
    };
    let mut fields = Vec::new();
    field(&mut fields, "from", text(Some(old_from)), text(Some(&new.actor(relation.from).id)));
    field(&mut fields, "to", text(Some(old_to)), text(Some(new.target_id(relation))));
    field(&mut fields, "kind", text(Some(&old.kind_of(before).name)), text(Some(&new.kind_of(relation).name)));
    field(&mut fields, "date", date(before.date), date(relation.date));
    field(&mut fields, "until", date(before.until), date(relation.until));
    field(
        &mut fields,
        "confidence",
        before.confidence.map_or(FieldValue::Missing, FieldValue::Number),
        relation.confidence.map_or(FieldValue::Missing, FieldValue::Number),
    );
    field(
        &mut fields,
        "credibility",
        before.credibility.map_or(FieldValue::Missing, |c| FieldValue::Integer(i64::from(c))),
        relation.credibility.map_or(FieldValue::Missing, |c| FieldValue::Integer(i64::from(c))),
    );
    field(
        &mut fields,
        "grade",
        FieldValue::Text(old.grade(before).to_string()),
        FieldValue::Text(new.grade(relation).to_string()),
    );
    fields.extend(list_change("sources", &source_ids(old, before), &source_ids(new, relation)));
    // Independent sources can change without the cited list changing (a source now relays another), and
    // the other way round: compared on their own, as every command counts them.
    field(
        &mut fields,
        "independent_sources",
        FieldValue::Integer(count(old.independent_sources(before))),
        FieldValue::Integer(count(new.independent_sources(relation))),
    );
    field(&mut fields, "note", text(before.note.as_deref()), text(relation.note.as_deref()));
    attrs_changes(&mut fields, &before.attrs, &relation.attrs);
    fields
}

/// The sources added, removed and changed, matched by id.
fn source_changes(old: &ActorGraph, new: &ActorGraph) -> Changes {
    let mut sources = Changes::default();
    for source in new.sources() {
        let Some(before) = old.source_ix(&source.id).map(|s| old.source(s)) else {
            sources.added.push(Item { id: source.id.clone(), label: source.citation() });
            continue;
        };
        let mut fields = Vec::new();
        field(&mut fields, "publisher", text(before.publisher.as_deref()), text(source.publisher.as_deref()));
        field(&mut fields, "title", text(before.title.as_deref()), text(source.title.as_deref()));
        field(&mut fields, "date", date(before.date), date(source.date));
        field(&mut fields, "url", text(before.url.as_deref()), text(source.url.as_deref()));
        let grade = |c: Option<char>| c.map_or(FieldValue::Missing, |c| FieldValue::Text(c.to_string()));
        field(&mut fields, "reliability", grade(before.reliability), grade(source.reliability));
        let relays = |graph: &ActorGraph, s: &crate::model::Source| -> Vec<String> {
            s.derived_from.iter().map(|&d| graph.source(d).id.clone()).collect()
        };
        fields.extend(list_change("derived_from", &relays(old, before), &relays(new, source)));
        if !fields.is_empty() {
            sources.changed.push(Changed { id: source.id.clone(), old_id: None, label: source.citation(), fields });
        }
    }
    for source in old.sources() {
        if new.source_ix(&source.id).is_none() {
            sources.removed.push(Item { id: source.id.clone(), label: source.citation() });
        }
    }
    sources
}

/// The declared relation kinds added, removed and changed, matched by name.
fn kind_changes(old: &ActorGraph, new: &ActorGraph) -> Changes {
    let declared = |graph: &ActorGraph| -> BTreeMap<String, KindInfo> {
        graph
            .kinds()
            .iter()
            .filter(|(_, k)| k.origin == KindOrigin::Declared)
            .map(|(_, k)| (k.name.clone(), k.clone()))
            .collect()
    };
    let (old_kinds, new_kinds) = (declared(old), declared(new));
    let mut kinds = Changes::default();
    for (name, kind) in &new_kinds {
        match old_kinds.get(name) {
            None => kinds.added.push(Item { id: name.clone(), label: kind.description.clone() }),
            Some(before) => {
                let fields = kind_fields(before, kind);
                if !fields.is_empty() {
                    kinds.changed.push(Changed {
                        id: name.clone(),
                        old_id: None,
                        label: kind.description.clone(),
                        fields,
                    });
                }
            }
        }
    }
    for (name, kind) in &old_kinds {
        if !new_kinds.contains_key(name) {
            kinds.removed.push(Item { id: name.clone(), label: kind.description.clone() });
        }
    }
    kinds
}

/// Every change as one flat row: `(section, change, id, old id, field, old value, new value)`; the shape of
/// the CSV output. Records added or removed have an empty field.
#[must_use]
pub fn rows(diff: &Diff) -> Vec<[String; 7]> {
    let mut out = Vec::new();
    for r in &diff.renamed {
        let why: Vec<String> = r.evidence.iter().map(Evidence::describe).collect();
        out.push([
            "actor".into(),
            "renamed".into(),
            r.new_id.clone(),
            r.old_id.clone(),
            "id".into(),
            r.old_id.clone(),
            format!("{} ({})", r.new_id, why.join("; ")),
        ]);
    }
    for (section, changes) in
        [("actor", &diff.actors), ("relation", &diff.relations), ("source", &diff.sources), ("kind", &diff.kinds)]
    {
        for item in &changes.added {
            out.push([
                section.into(),
                "added".into(),
                item.id.clone(),
                String::new(),
                String::new(),
                String::new(),
                item.label.clone(),
            ]);
        }
        for item in &changes.removed {
            out.push([
                section.into(),
                "removed".into(),
                item.id.clone(),
                String::new(),
                String::new(),
                item.label.clone(),
                String::new(),
            ]);
        }
        for c in &changes.changed {
            for f in &c.fields {
                out.push([
                    section.into(),
                    "changed".into(),
                    c.id.clone(),
                    c.old_id.clone().unwrap_or_default(),
                    f.field.clone(),
                    f.old.to_string(),
                    f.new.to_string(),
                ]);
            }
        }
    }
    out
}
