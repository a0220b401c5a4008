//! STIX 2.1 bundles, for OpenCTI and other threat-intelligence platforms.
//!
//! # Mapping
//! - **Actors** become `threat-actor` objects when their kind is an armed or criminal group
//!   ([`THREAT_ACTOR_KINDS`]), and `identity` objects otherwise, with an `identity_class` from
//!   [`identity_class`] (`person` → `individual`, states, governments and other bodies → `organization`,
//!   coalitions → `group`, anything else → `unknown`). Tags become `labels`.
//! - **Relations between actors** become `relationship` objects: the kind is the `relationship_type` with `_`
//!   written as `-` (`member_of` → `member-of`), `date`/`until` become `start_time` (first day covered, 00:00)
//!   and `stop_time` (last day covered, 23:59:59.999), confidence is scaled to 0–100, the note is the
//!   `description`. A symmetric kind is still one relationship.
//! - **Sources** become `external_references` of the relationships and statements they back: `source_name` is
//!   the publisher (or the source id), `external_id` the source id, `description` the title, `url` the address.
//! - **Statements about relations** cannot be relationships (STIX relationships link only domain objects).
//!   A denial becomes an `opinion` with `opinion: strongly-disagree` and `object_refs` naming the denied
//!   relationship; other statements (`claims`, `reports`, …) become a `note` whose `object_refs` name the
//!   relationship and whose `abstract` reads the statement. The stating actor is in `authors` (by name) and,
//!   when it is exported as an `identity`, in `created_by_ref`.
//!
//! What STIX has no field for (an identity's aliases, the exact actor kind, partial dates such as `2024-12`,
//! Admiralty credibility, source dates and reliability, free attributes, the declaration of a kind the
//! dataset declares) travels in one external reference
//! per object, `{"source_name": "actorgraph", "external_id": <dataset id>, "description": <JSON>}`, so that
//! `actorgraph` reads its own bundles back without loss while other tools see plain STIX.
//!
//! # Ids and timestamps
//! Ids are UUIDv5 in the fixed namespace [`NAMESPACE`] of `actor/<id>` and `relation/<id>`, so the same
//! dataset always gives the same ids and exports diff cleanly. `created` and `modified` (required) are the
//! latest day the exported information dates from (the latest first day of a relation or source date), or
//! 1970-01-01 when nothing is dated: the bundle does not depend on the clock.

use std::io::Write;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::format::{latest_day, KindData, SourceData};
use crate::model::view::View;
use crate::model::{Actor, ActorGraph, ActorIx, Relation, RelationIx, Target};

/// The UUIDv5 namespace of every id actorgraph writes into STIX: itself the UUIDv5 of the URL namespace and
/// `urn:actorgraph:stix` (`2063b5d4-cfc6-5864-9b5f-7e5b433f9578`).
pub const NAMESPACE: Uuid = Uuid::from_u128(0x2063_b5d4_cfc6_5864_9b5f_7e5b_433f_9578);

/// The relation attribute in which the STIX reader says where a relation's date came from when the
/// relationship had no `start_time`/`stop_time` (`created`, or the source's or target's `first_seen`).
pub const DATE_FROM: &str = "date_from";

/// The `source_name` of the external reference that carries actorgraph's own ids and details.
pub const ACTORGRAPH_SOURCE_NAME: &str = "actorgraph";

/// Actor kinds written as `threat-actor`; every other kind is written as `identity`.
pub const THREAT_ACTOR_KINDS: &[&str] = &[
    "armed_group",
    "militia",
    "military",
    "paramilitary",
    "insurgent_group",
    "rebel_group",
    "terrorist_group",
    "criminal_group",
];

/// What STIX has no field for, carried as JSON in the `actorgraph` external reference's `description`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Extras {
    /// The exact actor or relation kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// For an opinion or note: the dataset id of the stating actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// An identity's aliases (STIX identities have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The partial date as written in the dataset (`2024-12`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The partial end date as written in the dataset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// The confidence when hundredths cannot hold it exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Admiralty credibility 1–6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<i64>,
    /// For a note: the relation's own note (the STIX `content` is required, so it may hold the reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Free attributes.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub attrs: IndexMap<String, String>,
    /// The cited sources in full (dates and reliability have no STIX field).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceData>,
    /// The declaration of the relation's kind, when the dataset declares it (STIX has no place for one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_declaration: Option<KindData>,
}

/// The STIX type an actor of this kind is written as.
#[must_use]
pub fn stix_type(kind: &str) -> &'static str {
    if THREAT_ACTOR_KINDS.contains(&kind) {
        "threat-actor"
    } else {
        "identity"
    }
}

/// The `identity_class` (STIX open vocabulary `identity-class-ov`) of an actor written as an identity.
#[must_use]
pub fn identity_class(kind: &str) -> &'static str {
    match kind {
        "person" => "individual",
        "state" | "government" | "organization" | "ministry" | "media" | "company" | "party" | "agency"
        | "institution" => "organization",
        "coalition" | "group" | "tribe" | "alliance" => "group",
        _ => "unknown",
    }
}

/// The `threat_actor_types` (STIX open vocabulary `threat-actor-type-ov`) of a kind, where one fits.
fn threat_actor_type(kind: &str) -> Option<&'static str> {
    match kind {
        "terrorist_group" => Some("terrorist"),
        "criminal_group" => Some("crime-syndicate"),
        "military" => Some("nation-state"),
        _ => None,
    }
}

/// A relation kind as a STIX `relationship_type`: lowercase ASCII letters, digits and hyphens.
#[must_use]
pub fn relationship_type(kind: &str) -> String {
    let mut out = String::with_capacity(kind.len());
    for c in deunicode::deunicode(kind).chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            _ if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            _ => {}
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "related-to".to_owned()
    } else {
        out
    }
}

/// The kind a `relationship_type` reads back as (`member-of` → `member_of`).
#[must_use]
pub fn kind_of_relationship_type(relationship_type: &str) -> String {
    relationship_type.replace('-', "_")
}

fn uuid(prefix: &str, id: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{prefix}/{id}").as_bytes())
}

/// A STIX id `<type>--<UUID>` split into its type, when `id` is one.
fn stix_id_type(id: &str) -> Option<&str> {
    let (kind, value) = id.split_once("--")?;
    let valid_type = !kind.is_empty()
        && kind.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !kind.starts_with('-')
        && !kind.ends_with('-');
    (valid_type && Uuid::parse_str(value).is_ok()).then_some(kind)
}

/// The STIX id and type an actor imported from STIX had (its attribute `stix_id`), when it has a valid one.
fn original_id(actor: &Actor) -> Option<(&str, &str)> {
    let id = actor.attrs.get("stix_id")?;
    stix_id_type(id).map(|kind| (id.as_str(), kind))
}

/// The STIX id of an actor: the id it was imported with (attribute `stix_id`), else `threat-actor--…` or
/// `identity--…` made from its dataset id.
#[must_use]
pub fn actor_id(graph: &ActorGraph, actor: ActorIx) -> String {
    let a = graph.actor(actor);
    match original_id(a) {
        Some((id, _)) => id.to_owned(),
        None => format!("{}--{}", stix_type(&a.kind), uuid("actor", &a.id)),
    }
}

/// Whether `text` is a STIX timestamp (`2024-12-02T10:11:12Z`, `….123Z`).
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[b.len() - 1] == b'Z'
        && (b.len() == 20 || (b[19] == b'.' && digits(20..b.len() - 1) && b.len() > 21))
}

/// Properties of STIX 2.1 domain objects that actorgraph keeps as attributes and writes back, by type:
/// `(type, text properties, list properties)`. Lists were joined with `, ` on import.
const WRITTEN_BACK: &[(&str, &[&str], &[&str])] = &[
    ("attack-pattern", &[], &[]),
    ("campaign", &["first_seen", "last_seen", "objective"], &[]),
    ("course-of-action", &[], &[]),
    ("identity", &["identity_class", "contact_information"], &["roles", "sectors"]),
    ("indicator", &["pattern", "pattern_type", "pattern_version", "valid_from", "valid_until"], &["indicator_types"]),
    ("infrastructure", &["first_seen", "last_seen"], &["infrastructure_types"]),
    (
        "intrusion-set",
        &["first_seen", "last_seen", "resource_level", "primary_motivation"],
        &["goals", "secondary_motivations"],
    ),
    ("location", &["region", "country", "administrative_area", "city", "street_address", "postal_code"], &[]),
    (
        "malware",
        &["first_seen", "last_seen"],
        &["malware_types", "architecture_execution_envs", "implementation_languages", "capabilities"],
    ),
    (
        "threat-actor",
        &["first_seen", "last_seen", "sophistication", "resource_level", "primary_motivation"],
        &["threat_actor_types", "roles", "goals", "secondary_motivations", "personal_motivations"],
    ),
    ("tool", &["tool_version"], &["tool_types"]),
    ("vulnerability", &[], &[]),
];

/// Types whose objects have `aliases` in STIX 2.1.
const HAS_ALIASES: &[&str] =
    &["attack-pattern", "campaign", "infrastructure", "intrusion-set", "malware", "threat-actor", "tool"];

/// The extension definition a custom (`x-…`) object written by actorgraph names, as STIX 2.1 asks of a new
/// object type: one per type, the UUIDv5 of `extension/<type>` in [`NAMESPACE`].
#[must_use]
pub fn custom_extension_id(kind: &str) -> String {
    format!("extension-definition--{}", uuid("extension", kind))
}

/// Whether a relation is written as an `opinion` (a denial of a relation).
fn is_opinion(graph: &ActorGraph, relation: &Relation) -> bool {
    matches!(relation.to, Target::Relation(_)) && graph.kind_of(relation).name == "denies"
}

/// The STIX id of a relation: `relationship--…`, or `opinion--…`/`note--…` for statements about relations.
/// A relation imported from STIX keeps its id when it is of the type written.
#[must_use]
pub fn relation_id(graph: &ActorGraph, relation: RelationIx) -> String {
    let r = graph.relation(relation);
    let kind = match r.to {
        Target::Actor(_) => "relationship",
        Target::Relation(_) if is_opinion(graph, r) => "opinion",
        Target::Relation(_) => "note",
    };
    if stix_id_type(&r.id) == Some(kind) {
        return r.id.to_string();
    }
    format!("{kind}--{}", uuid("relation", &r.id))
}

fn timestamp((y, m, d): (i32, u8, u8), time: &str) -> String {
    format!("{y:04}-{m:02}-{d:02}T{time}Z")
}

fn actorgraph_reference(id: &str, extras: &Extras) -> Value {
    let mut reference = Map::new();
    reference.insert("source_name".into(), ACTORGRAPH_SOURCE_NAME.into());
    reference.insert("external_id".into(), id.into());
    if *extras != Extras::default() {
        // Extras serialise without fail: strings, numbers and maps of strings only.
        reference.insert("description".into(), serde_json::to_string(extras).unwrap_or_default().into());
    }
    Value::Object(reference)
}

/// An object imported from STIX, written back with its own id, type and timestamps.
fn original_object(graph: &ActorGraph, a: &Actor, id: &str, kind: &str, created: &str) -> Value {
    let mut object = Map::new();
    object.insert("type".into(), kind.into());
    object.insert("spec_version".into(), "2.1".into());
    object.insert("id".into(), id.into());
    let own_created = a.attrs.get("created").filter(|t| is_timestamp(t)).map_or(created, String::as_str);
    let modified = a.attrs.get("modified").filter(|t| is_timestamp(t) && t.as_str() >= own_created);
    object.insert("created".into(), own_created.into());
    object.insert("modified".into(), modified.map_or(own_created, String::as_str).into());
    object.insert("name".into(), a.name.clone().into());
    if let Some(description) = a.attrs.get("description") {
        object.insert("description".into(), description.clone().into());
    }
    if HAS_ALIASES.contains(&kind) && !a.aliases.is_empty() {
        object.insert("aliases".into(), json!(a.aliases));
    }
    if let Some(&(_, texts, lists)) = WRITTEN_BACK.iter().find(|(k, ..)| *k == kind) {
        for &key in texts {
            if let Some(value) = a.attrs.get(key) {
                let timestamp = matches!(key, "first_seen" | "last_seen" | "valid_from" | "valid_until");
                if !timestamp || is_timestamp(value) {
                    object.insert(key.into(), value.clone().into());
                }
            }
        }
        for &key in lists {
            if let Some(value) = a.attrs.get(key).filter(|v| !v.is_empty()) {
                object.insert(key.into(), json!(value.split(", ").collect::<Vec<_>>()));
            }
        }
    }
    if kind == "malware" {
        // Required in STIX 2.1; a STIX 2.0 malware has none, and is a family unless it says otherwise.
        object.insert("is_family".into(), (a.attrs.get("is_family").map(String::as_str) != Some("false")).into());
    }
    if kind.starts_with("x-") {
        object.insert("extensions".into(), json!({ custom_extension_id(kind): {"extension_type": "new-sdo"} }));
    }
    let labels: Vec<&String> = a.tags.iter().collect();
    if !labels.is_empty() {
        object.insert("labels".into(), json!(labels));
    }
    let mut extras =
        Extras { kind: Some(a.kind.clone()), aliases: a.aliases.clone(), attrs: a.attrs.clone(), ..Extras::default() };
    let plain = actor_sources(graph, a, &mut extras);
    let mut references = vec![actorgraph_reference(&a.id, &extras)];
    references.extend(plain);
    object.insert("external_references".into(), Value::Array(references));
    Value::Object(object)
}

fn actor_object(graph: &ActorGraph, actor: ActorIx, created: &str) -> Value {
    let a = graph.actor(actor);
    if let Some((id, kind)) = original_id(a) {
        return original_object(graph, a, id, kind, created);
    }
    let kind = stix_type(&a.kind);
    let mut object = Map::new();
    object.insert("type".into(), kind.into());
    object.insert("spec_version".into(), "2.1".into());
    object.insert("id".into(), actor_id(graph, actor).into());
    object.insert("created".into(), created.into());
    object.insert("modified".into(), created.into());
    object.insert("name".into(), a.name.clone().into());
    if let Some(description) = a.attrs.get("description") {
        object.insert("description".into(), description.clone().into());
    }
    let mut extras = Extras { kind: Some(a.kind.clone()), attrs: a.attrs.clone(), ..Extras::default() };
    if kind == "threat-actor" {
        if !a.aliases.is_empty() {
            object.insert("aliases".into(), json!(a.aliases));
        }
        if let Some(t) = threat_actor_type(&a.kind) {
            object.insert("threat_actor_types".into(), json!([t]));
        }
    } else {
        object.insert("identity_class".into(), identity_class(&a.kind).into());
        extras.aliases.clone_from(&a.aliases);
    }
    if !a.tags.is_empty() {
        object.insert("labels".into(), json!(a.tags));
    }
    let plain = actor_sources(graph, a, &mut extras);
    let mut references = vec![actorgraph_reference(&a.id, &extras)];
    references.extend(plain);
    object.insert("external_references".into(), Value::Array(references));
    Value::Object(object)
}

/// The fields every relation object shares: confidence, extras, and the external references.
fn relation_common(graph: &ActorGraph, relation: RelationIx, object: &mut Map<String, Value>, mut extras: Extras) {
    let r = graph.relation(relation);
    // An unknown confidence is not written: STIX, too, leaves it out when unknown.
    if let Some(confidence) = r.confidence {
        let hundredths = (confidence * 100.0).round();
        object.insert("confidence".into(), json!(hundredths as i64));
        // Exactness is the point: 0.85 survives as 85, 0.875 does not.
        if (hundredths / 100.0).to_bits() != confidence.to_bits() {
            extras.confidence = Some(confidence);
        }
    }
    let kind = &graph.kind_of(r).name;
    if kind_of_relationship_type(&relationship_type(kind)) != *kind {
        extras.kind = Some(kind.clone());
    }
    extras.date = r.date.map(|d| d.to_string());
    extras.until = r.until.map(|d| d.to_string());
    extras.credibility = r.credibility.map(i64::from);
    extras.attrs.clone_from(&*r.attrs);
    // The cited sources, then those they rest on (`derived_from`), so that the file loads back whole.
    let carried = carried_sources(graph, crate::model::distinct_sources(r));
    extras.sources = carried.iter().map(|&s| SourceData::new(graph, s)).collect();
    extras.kind_declaration = KindData::declared(graph.kind_of(r));
    let mut references = vec![actorgraph_reference(&r.id, &extras)];
    references.extend(r.sources.iter().map(|&s| plain_reference(graph, s)));
    object.insert("external_references".into(), Value::Array(references));
}

/// A source as a plain STIX external reference: `source_name` its publisher (else its id), `external_id` its
/// id, `description` its title, `url` its URL.
fn plain_reference(graph: &ActorGraph, source: crate::model::SourceIx) -> Value {
    let source = graph.source(source);
    let mut reference = Map::new();
    reference.insert("source_name".into(), source.publisher.clone().unwrap_or_else(|| source.id.clone()).into());
    reference.insert("external_id".into(), source.id.clone().into());
    if let Some(title) = &source.title {
        reference.insert("description".into(), title.clone().into());
    }
    if let Some(url) = &source.url {
        reference.insert("url".into(), url.clone().into());
    }
    Value::Object(reference)
}

/// The sources an actor imported from STIX cites (its `sources` attribute: the object's own external
/// references), each as a plain reference, and in full (with what they rest on) for the actorgraph reference.
fn actor_sources(graph: &ActorGraph, a: &Actor, extras: &mut Extras) -> Vec<Value> {
    let cited: Vec<crate::model::SourceIx> = a
        .attrs
        .get("sources")
        .map(|ids| ids.split(", ").filter_map(|id| graph.source_ix(id)).collect())
        .unwrap_or_default();
    extras.sources = carried_sources(graph, cited.clone()).into_iter().map(|s| SourceData::new(graph, s)).collect();
    cited.into_iter().map(|s| plain_reference(graph, s)).collect()
}

/// `cited`, then the sources they rest on (`derived_from`), each once, so that the file loads back whole.
fn carried_sources(graph: &ActorGraph, mut carried: Vec<crate::model::SourceIx>) -> Vec<crate::model::SourceIx> {
    let mut next = 0;
    while next < carried.len() {
        for &p in &graph.source(carried[next]).derived_from {
            if !carried.contains(&p) {
                carried.push(p);
            }
        }
        next += 1;
    }
    carried
}

fn relation_object(graph: &ActorGraph, relation: RelationIx, created: &str) -> Value {
    let r = graph.relation(relation);
    let stix_id = relation_id(graph, relation);
    let mut object = Map::new();
    object.insert("type".into(), stix_id.split("--").next().unwrap_or_default().into());
    object.insert("spec_version".into(), "2.1".into());
    object.insert("id".into(), stix_id.clone().into());
    let own_created = r.attrs.get("created").filter(|t| is_timestamp(t)).map_or(created, String::as_str);
    let modified = r.attrs.get("modified").filter(|t| is_timestamp(t) && t.as_str() >= own_created);
    object.insert("created".into(), own_created.into());
    object.insert("modified".into(), modified.map_or(own_created, String::as_str).into());
    let mut extras = Extras::default();
    match r.to {
        Target::Actor(to) => {
            object.insert("relationship_type".into(), relationship_type(&graph.kind_of(r).name).into());
            object.insert("source_ref".into(), actor_id(graph, r.from).into());
            object.insert("target_ref".into(), actor_id(graph, to).into());
            // A date the reader took from `created` or from the ends' sightings is not a start time.
            let given = !r.attrs.contains_key(DATE_FROM);
            let (start, end) =
                (r.date.filter(|_| given).map(|d| d.start()), r.until.filter(|_| given).map(|d| d.end()));
            if let Some(start) = start {
                object.insert("start_time".into(), timestamp(start, "00:00:00.000").into());
            }
            if let Some(end) = end {
                object.insert("stop_time".into(), timestamp(end, "23:59:59.999").into());
            }
            if let Some(note) = &r.note {
                object.insert("description".into(), note.to_string().into());
            }
        }
        Target::Relation(target) => {
            let author = graph.actor(r.from);
            extras.from = Some(author.id.clone());
            object.insert("object_refs".into(), json!([relation_id(graph, target)]));
            object.insert("authors".into(), json!([author.name]));
            if stix_type(&author.kind) == "identity" {
                object.insert("created_by_ref".into(), actor_id(graph, r.from).into());
            }
            if is_opinion(graph, r) {
                object.insert("opinion".into(), "strongly-disagree".into());
                if let Some(note) = &r.note {
                    object.insert("explanation".into(), note.to_string().into());
                }
            } else {
                let reading = graph.describe(r);
                object.insert("abstract".into(), reading.clone().into());
                object.insert("content".into(), r.note.as_deref().map_or(reading, str::to_owned).into());
                extras.note = r.note.as_deref().map(str::to_owned);
                // Both kinds are notes here, so the exact kind always travels.
                extras.kind = Some(graph.kind_of(r).name.clone());
            }
        }
    }
    relation_common(graph, relation, &mut object, extras);
    Value::Object(object)
}

/// Writes the view as a STIX 2.1 bundle (pretty JSON).
///
/// See the [module documentation](self) for the mapping. Objects come in dataset order, actors first. Sources
/// not cited by any relation in the view are left out (STIX has no place for a source on its own).
///
/// # Errors
/// When the writer fails.
///
/// ```
/// use actorgraph::query::{Filter, View};
/// let graph = actorgraph::load::embedded();
/// let mut out = Vec::new();
/// actorgraph::format::stix::write(&View::new(&graph, &Filter::default()), &mut out).unwrap();
/// let bundle: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(bundle["type"], "bundle");
/// assert_eq!(bundle["objects"].as_array().unwrap().len(), graph.actors().len() + graph.relations().len());
/// ```
pub fn write(view: &View, out: &mut dyn Write) -> std::io::Result<()> {
    let graph = view.graph();
    let created = timestamp(latest_day(view).unwrap_or((1970, 1, 1)), "00:00:00.000");
    let mut objects: Vec<Value> = view.actors().map(|a| actor_object(graph, a, &created)).collect();
    objects.extend(view.relations().map(|r| relation_object(graph, r, &created)));
    let ids: Vec<&str> = objects.iter().filter_map(|o| o["id"].as_str()).collect();
    let bundle = json!({
        "type": "bundle",
        "id": format!("bundle--{}", uuid("bundle", &ids.join(" "))),
        "objects": objects,
    });
    serde_json::to_writer_pretty(&mut *out, &bundle).map_err(|e| match e.io_error_kind() {
        // Keep the kind, so that a closed pipe (`| head`) still ends quietly.
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    })?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_namespace_is_the_documented_derivation() {
        assert_eq!(NAMESPACE, Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:actorgraph:stix"));
        assert_eq!(NAMESPACE.to_string(), "2063b5d4-cfc6-5864-9b5f-7e5b433f9578");
    }

    #[test]
    fn relationship_types_are_lowercase_ascii_with_hyphens_and_read_back() {
        assert_eq!(relationship_type("member_of"), "member-of");
        assert_eq!(relationship_type("Deploys To!"), "deploys-to");
        assert_eq!(relationship_type("يدعم"), "yd-m");
        assert_eq!(relationship_type("__"), "related-to");
        assert_eq!(kind_of_relationship_type(&relationship_type("allied_with")), "allied_with");
    }

    #[test]
    fn ids_are_stable_uuid_v5() {
        let graph = crate::load::embedded();
        let iran = graph.actor_ix("iran").unwrap();
        let id = actor_id(&graph, iran);
        assert_eq!(id, format!("identity--{}", Uuid::new_v5(&NAMESPACE, b"actor/iran")));
        let uuid = Uuid::parse_str(id.trim_start_matches("identity--")).unwrap();
        assert_eq!(uuid.get_version_num(), 5);
        let kh = graph.actor_ix("kataib-hezbollah").unwrap();
        assert!(actor_id(&graph, kh).starts_with("threat-actor--"));
    }
}
