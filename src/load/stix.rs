//! Reading STIX 2.1 bundles into the loader's raw records.
//!
//! - `threat-actor`, `intrusion-set`, `identity` and `campaign` objects become actors: `name`, `aliases`,
//!   `labels` → tags, `description` → the attribute `description`, the STIX id → the attribute `stix_id`. The
//!   actor's id is a slug of its name (`Kataib Hezbollah` → `kataib-hezbollah`, `-2`, `-3` for repeats).
//!   The kind is the identity's `identity_class` (`individual` → `person`), the threat actor's first
//!   `threat_actor_types`, or `intrusion_set` / `campaign`.
//! - `relationship` objects become relations: `relationship_type` → kind (`-` read as `_`), `start_time` /
//!   `stop_time` → `date` / `until` (the day, time cut off), `confidence` 0–100 → 0..1, `description` → note,
//!   `external_references` → sources, the STIX id → the relation id.
//! - `opinion` and `note` objects whose author is known (`created_by_ref` naming an imported object) become
//!   statements about what their `object_refs` name: a disagreeing opinion `denies`, an agreeing one `claims`,
//!   a neutral one and a note `reports`.
//! - External references become sources, one per distinct `source_name` + `url` + `external_id`: the id is
//!   the `external_id`, or a slug of `source_name`; when two different references would share an id, the
//!   later one gets a suffix from a hash of the three fields, so ids do not depend on anything but the data.
//!
//! Objects of other types are not imported, and neither are relationships and statements that point at them:
//! each kind of omission is counted and reported as a warning, never dropped silently. Bundles written by
//! `actorgraph export --to stix` carry an `actorgraph` external reference on every object with the dataset's
//! own ids and what STIX has no field for; when present, it wins, so such a bundle loads back unchanged.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::intern::Sym;
use super::json::humanize;
use super::locate::{offset_in, top_level_keys, LineIndex};
use super::raw::{boxed_attrs, RawActor, RawDate, RawKind, RawRelation, RawSource, Section};
use super::{ParsedFile, Severity, Spot};
use crate::output::export::stix::{kind_of_relationship_type, Extras, ACTORGRAPH_SOURCE_NAME, NAMESPACE};
use crate::output::export::SourceData;

/// The object types read as actors.
const ACTOR_TYPES: &[&str] = &["threat-actor", "intrusion-set", "identity", "campaign"];
/// Every object type this reader imports.
const IMPORTED: &str = "threat-actor, intrusion-set, identity, campaign, relationship, opinion and note";

#[derive(Deserialize)]
struct Bundle<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow, default)]
    objects: Vec<&'a RawValue>,
}

/// One object of the bundle, parsed, with where it is.
struct Object<'a> {
    text: &'a str,
    offset: usize,
    map: Map<String, Value>,
    kind: String,
    id: String,
    extras: Option<Extras>,
    /// The `actorgraph` reference's `external_id`.
    own_id: Option<String>,
}

impl Object<'_> {
    fn str(&self, key: &str) -> Option<&str> {
        self.map.get(key).and_then(Value::as_str)
    }

    fn strings(&self, key: &str) -> Vec<String> {
        match self.map.get(key) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            Some(Value::String(one)) => vec![one.clone()],
            _ => Vec::new(),
        }
    }

    /// The byte offset of a key's value in the file, or of the object when the key is absent.
    fn key_offset(&self, key: &str) -> usize {
        top_level_keys(self.text).into_iter().find(|(k, _)| k == key).map_or(self.offset, |(_, at)| self.offset + at)
    }

    /// A spot with the given `(actorgraph field, STIX key)` pairs that the object has.
    fn spot(&self, fields: &[(&'static str, &str)]) -> Spot {
        let keys = top_level_keys(self.text);
        let mut spot = Spot::at(self.offset);
        for &(field, key) in fields {
            if let Some((_, at)) = keys.iter().find(|(k, _)| k == key) {
                spot.field(field, key, self.offset + at);
            }
        }
        spot
    }
}

/// Counts of what was left out, each with the offset of its first case, in order of appearance.
#[derive(Default)]
struct Omissions {
    unknown_types: IndexMap<String, (usize, usize)>,
    /// Relationships and statements pointing at objects that are not imported: count, first offset, and
    /// the types pointed at.
    dangling: Option<(usize, usize, Vec<String>)>,
    authorless: Option<(usize, usize)>,
    revoked: Option<(usize, usize)>,
    versions: Option<(usize, usize)>,
    bad_extras: Option<(usize, usize)>,
}

fn count(slot: &mut Option<(usize, usize)>, offset: usize) {
    slot.get_or_insert((0, offset)).0 += 1;
}

/// Parses one STIX bundle; problems go into the file's diagnostics.
pub(crate) fn parse(file: &mut ParsedFile, text: &str) {
    parse_bundle(file, text);
    file.place(text);
}

fn parse_bundle(file: &mut ParsedFile, text: &str) {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bundle: Bundle = match serde_json::from_str(body) {
        Ok(bundle) => bundle,
        Err(error) => {
            let offset = (text.len() - body.len()) + LineIndex::new(body).offset(error.line(), error.column());
            let syntax = error.is_syntax() || error.is_eof();
            let message = humanize(&error, syntax);
            let help = (!syntax).then(|| "a STIX bundle is {\"type\": \"bundle\", \"objects\": [...]}".to_owned());
            file.note(Severity::Error, offset, message, help);
            return;
        }
    };
    if bundle.kind.as_deref() != Some("bundle") {
        let found = bundle.kind.map_or("no \"type\"".to_owned(), |k| format!("\"type\": \"{k}\""));
        file.note(
            Severity::Error,
            0,
            format!("this is not a STIX bundle: its top level has {found}"),
            Some("give the file its own format with --input-format, or export a bundle from your platform".to_owned()),
        );
        return;
    }
    let mut omissions = Omissions::default();
    let objects = read_objects(file, text, &bundle.objects, &mut omissions);
    let ids = assign_ids(&objects);
    let mut reader = Reader {
        types: objects.iter().map(|o| (o.id.as_str(), o.kind.as_str())).collect(),
        ids: &ids,
        sources: IndexMap::new(),
        source_ids: HashSet::new(),
        kinds: IndexMap::new(),
        spots: Default::default(),
        problems: Vec::new(),
    };
    let mut kept = crate::model::ImportSummary::new("STIX");
    for object in &objects {
        match object.kind.as_str() {
            kind if ACTOR_TYPES.contains(&kind) => {
                let actor = reader.actor(object);
                file.doc.actors.push(actor);
                kept.keep(kind, 1);
            }
            "relationship" => {
                if let Some(relation) = reader.relationship(object, &mut omissions) {
                    file.doc.relations.push(relation);
                    kept.keep("relationship", 1);
                }
            }
            "opinion" | "note" => {
                let statements = reader.statements(object, &mut omissions);
                file.doc.relations.extend(statements);
            }
            other => unknown_type(&mut omissions, other, object.offset),
        }
    }
    let Reader { sources, mut spots, problems, kinds, .. } = reader;
    for (_, (kind, spot)) in kinds {
        file.doc.relation_kinds.push(kind);
        spots[Section::RelationKinds as usize].push(spot);
    }
    for (offset, subject, field, message) in problems {
        let note = file.note(Severity::Error, offset, message, None);
        note.subject = Some(subject);
        note.field = Some(field.to_owned());
    }
    for (_, (source, spot)) in sources {
        file.doc.sources.push(source);
        spots[Section::Sources as usize].push(spot);
    }
    file.spots = Some(spots);
    file.summary("STIX").kept = kept.kept;
    report(file, omissions);
}

fn read_objects<'a>(
    file: &mut ParsedFile,
    text: &'a str,
    raw: &[&'a RawValue],
    omissions: &mut Omissions,
) -> Vec<Object<'a>> {
    let mut objects: Vec<Object<'a>> = Vec::with_capacity(raw.len());
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (i, value) in raw.iter().enumerate() {
        let object_text = value.get();
        let offset = offset_in(text, object_text);
        let map = match serde_json::from_str::<Map<String, Value>>(object_text) {
            Ok(map) => map,
            Err(error) => {
                let message = format!("object #{} is not a JSON object: {}", i + 1, humanize(&error, false));
                file.note(Severity::Error, offset, message, None);
                continue;
            }
        };
        let (Some(kind), Some(id)) = (map.get("type").and_then(Value::as_str), map.get("id").and_then(Value::as_str))
        else {
            let message = format!("object #{} has no \"type\" or no \"id\"", i + 1);
            let help = Some("every STIX object has a \"type\" and an \"id\" such as \"identity--<uuid>\"".to_owned());
            file.note(Severity::Error, offset, message, help);
            continue;
        };
        let (kind, id) = (kind.to_owned(), id.to_owned());
        if map.get("revoked").and_then(Value::as_bool) == Some(true) {
            count(&mut omissions.revoked, offset);
            continue;
        }
        let (own_id, extras) = own_reference(&map);
        let extras = match extras {
            Some(Ok(extras)) => Some(extras),
            Some(Err(())) => {
                count(&mut omissions.bad_extras, offset);
                None
            }
            None => None,
        };
        let object = Object { text: object_text, offset, map, kind, id, extras, own_id };
        // A bundle may hold several versions of one object: keep the latest by `modified`.
        if let Some(&earlier) = by_id.get(&object.id) {
            count(&mut omissions.versions, offset);
            if object.str("modified") >= objects[earlier].str("modified") {
                objects[earlier] = object;
            }
            continue;
        }
        by_id.insert(object.id.clone(), objects.len());
        objects.push(object);
    }
    objects
}

/// The `actorgraph` external reference: its `external_id`, and its extras (`Err` when unreadable).
fn own_reference(map: &Map<String, Value>) -> (Option<String>, Option<Result<Extras, ()>>) {
    let Some(Value::Array(references)) = map.get("external_references") else { return (None, None) };
    let Some(own) = references.iter().find(|r| r["source_name"].as_str() == Some(ACTORGRAPH_SOURCE_NAME)) else {
        return (None, None);
    };
    let id = own["external_id"].as_str().filter(|s| !s.trim().is_empty()).map(str::to_owned);
    let extras = own["description"].as_str().map(|d| serde_json::from_str::<Extras>(d).map_err(|_| ()));
    (id, extras.or(Some(Ok(Extras::default()))))
}

/// Whether objects of this type are imported.
fn imported(kind: &str) -> bool {
    ACTOR_TYPES.contains(&kind) || matches!(kind, "relationship" | "opinion" | "note")
}

/// Lowercase ASCII words joined by hyphens: `Kata'ib Ḥizballah` → `kata-ib-hizballah`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Dataset ids for every imported object: the `actorgraph` reference's id when there is one (claimed
/// first, so a slug never takes it), else a slug of the actor's name or the relation's STIX id.
fn assign_ids(objects: &[Object]) -> HashMap<String, String> {
    let mut ids = HashMap::with_capacity(objects.len());
    let mut used: HashSet<String> = HashSet::new();
    for object in objects.iter().filter(|o| imported(&o.kind)) {
        if let Some(own) = &object.own_id {
            used.insert(own.clone());
            ids.insert(object.id.clone(), own.clone());
        }
    }
    for object in objects {
        if object.own_id.is_some() || !imported(&object.kind) {
            continue;
        }
        let id = if ACTOR_TYPES.contains(&object.kind.as_str()) {
            let base = object.str("name").map(slug).filter(|s| !s.is_empty()).unwrap_or_else(|| object.id.clone());
            let mut id = base.clone();
            let mut n = 1;
            while used.contains(&id) {
                n += 1;
                id = format!("{base}-{n}");
            }
            id
        } else {
            object.id.clone()
        };
        used.insert(id.clone());
        ids.insert(object.id.clone(), id);
    }
    ids
}

struct Reader<'o> {
    /// STIX id → type, for every object of the bundle.
    types: HashMap<&'o str, &'o str>,
    /// STIX id → dataset id, for imported objects.
    ids: &'o HashMap<String, String>,
    /// `(source_name, url, external_id)` → the source and where it was first cited.
    sources: IndexMap<(String, String, String), (RawSource, Spot)>,
    /// The ids given to sources so far.
    source_ids: HashSet<String>,
    /// Relation kinds declared in `actorgraph` references, by name, with where each was first seen.
    kinds: IndexMap<String, (RawKind, Spot)>,
    spots: [Vec<Spot>; 4],
    /// Errors found while converting: byte offset, subject, STIX field, message.
    problems: Vec<(usize, String, &'static str, String)>,
}

/// What a STIX reference points at.
enum Ref<'s> {
    /// An imported object, by dataset id.
    Imported(String),
    /// An object of the bundle that is not imported, with its type.
    Skipped(&'s str),
    /// Nothing in the bundle: kept as written, so that validation reports it with its place.
    Outside(String),
}

impl Reader<'_> {
    fn resolve(&self, stix_id: &str) -> Ref<'_> {
        if let Some(id) = self.ids.get(stix_id) {
            return Ref::Imported(id.clone());
        }
        match self.types.get(stix_id) {
            Some(kind) => Ref::Skipped(kind),
            None => Ref::Outside(stix_id.to_owned()),
        }
    }

    fn actor(&mut self, object: &Object) -> RawActor {
        let extras = object.extras.clone();
        let kind = extras.as_ref().and_then(|e| e.kind.clone()).unwrap_or_else(|| match object.kind.as_str() {
            "identity" => match object.str("identity_class") {
                Some("individual") => "person".to_owned(),
                Some(class) => kind_of_relationship_type(class),
                None => "identity".to_owned(),
            },
            "threat-actor" => object
                .strings("threat_actor_types")
                .first()
                .map_or("threat_actor".to_owned(), |t| kind_of_relationship_type(t)),
            other => kind_of_relationship_type(other),
        });
        let mut aliases = extras.as_ref().map(|e| e.aliases.clone()).unwrap_or_default();
        if aliases.is_empty() {
            aliases = object.strings("aliases");
        }
        let attrs = match extras {
            Some(extras) => extras.attrs,
            None => {
                let mut attrs = IndexMap::new();
                if let Some(description) = object.str("description") {
                    attrs.insert("description".to_owned(), description.to_owned());
                }
                attrs.insert("stix_id".to_owned(), object.id.clone());
                attrs
            }
        };
        let kind_key = if object.kind == "identity" { "identity_class" } else { "threat_actor_types" };
        self.spots[Section::Actors as usize].push(object.spot(&[
            ("id", "id"),
            ("name", "name"),
            ("kind", kind_key),
            ("aliases", "aliases"),
            ("tags", "labels"),
        ]));
        RawActor {
            id: Sym::new(self.ids.get(&object.id).unwrap_or(&object.id)),
            name: object.str("name").map(str::to_owned),
            kind: Some(kind),
            aliases,
            tags: object.strings("labels"),
            attrs,
        }
    }

    fn relationship(&mut self, object: &Object, omissions: &mut Omissions) -> Option<RawRelation> {
        let mut ends = Vec::with_capacity(2);
        for key in ["source_ref", "target_ref"] {
            match self.resolve(object.str(key).unwrap_or_default()) {
                Ref::Imported(id) | Ref::Outside(id) => ends.push(id),
                Ref::Skipped(kind) => {
                    let kind = kind.to_owned();
                    dangling(omissions, object.offset, kind);
                    return None;
                }
            }
        }
        let to = ends.pop().unwrap_or_default();
        let from = ends.pop().unwrap_or_default();
        let kind = object.str("relationship_type").map(kind_of_relationship_type).unwrap_or_default();
        let spot = object.spot(&[
            ("id", "id"),
            ("from", "source_ref"),
            ("to", "target_ref"),
            ("kind", "relationship_type"),
            ("date", "start_time"),
            ("until", "stop_time"),
            ("confidence", "confidence"),
            ("sources", "external_references"),
            ("note", "description"),
        ]);
        let relation = RawRelation {
            id: Some(self.ids.get(&object.id).unwrap_or(&object.id).as_str().into()),
            from: Sym::new(&from),
            to: Sym::new(&to),
            kind: Sym::new(&kind),
            date: RawDate::from_opt(day(object.str("start_time")).as_deref()),
            until: RawDate::from_opt(day(object.str("stop_time")).as_deref()),
            note: object.str("description").map(Into::into),
            ..RawRelation::default()
        };
        Some(self.finish(object, relation, spot))
    }

    /// An opinion or a note: one statement per object it refers to.
    fn statements(&mut self, object: &Object, omissions: &mut Omissions) -> Vec<RawRelation> {
        let author = object.extras.as_ref().and_then(|e| e.from.clone()).or_else(|| {
            match self.resolve(object.str("created_by_ref")?) {
                Ref::Imported(id) => Some(id),
                Ref::Skipped(_) | Ref::Outside(_) => None,
            }
        });
        let Some(from) = author else {
            count(&mut omissions.authorless, object.offset);
            return Vec::new();
        };
        let kind = object.extras.as_ref().and_then(|e| e.kind.clone()).unwrap_or_else(|| {
            match (object.kind.as_str(), object.str("opinion")) {
                ("opinion", Some("strongly-disagree" | "disagree")) => "denies",
                ("opinion", Some("agree" | "strongly-agree")) => "claims",
                _ => "reports",
            }
            .to_owned()
        });
        let note = match (&object.extras, object.kind.as_str()) {
            (Some(extras), "note") => extras.note.clone(),
            (_, "note") => object.str("content").map(str::to_owned),
            _ => object.str("explanation").map(str::to_owned),
        };
        let own_id = self.ids.get(&object.id).cloned().unwrap_or_else(|| object.id.clone());
        let refs = object.strings("object_refs");
        let mut statements = Vec::with_capacity(refs.len());
        for (n, target) in refs.iter().enumerate() {
            let to = match self.resolve(target) {
                Ref::Imported(id) | Ref::Outside(id) => id,
                Ref::Skipped(kind) => {
                    let kind = kind.to_owned();
                    dangling(omissions, object.offset, kind);
                    continue;
                }
            };
            let spot = object.spot(&[
                ("id", "id"),
                ("from", "created_by_ref"),
                ("to", "object_refs"),
                ("kind", "opinion"),
                ("confidence", "confidence"),
                ("sources", "external_references"),
                ("note", if object.kind == "note" { "content" } else { "explanation" }),
            ]);
            let relation = RawRelation {
                id: Some(if n == 0 { own_id.clone() } else { format!("{own_id}#{}", n + 1) }.into_boxed_str()),
                from: Sym::new(&from),
                to: Sym::new(&to),
                kind: Sym::new(&kind),
                note: note.as_deref().map(Into::into),
                ..RawRelation::default()
            };
            statements.push(self.finish(object, relation, spot));
        }
        statements
    }

    /// Confidence, extras and sources, shared by every relation object; records the relation's spot.
    fn finish(&mut self, object: &Object, mut relation: RawRelation, spot: Spot) -> RawRelation {
        relation.confidence = match object.map.get("confidence") {
            None => None,
            Some(value) => match value.as_f64() {
                Some(c) if (0.0..=100.0).contains(&c) => Some(c / 100.0),
                _ => {
                    let subject = format!("relation '{}'", relation.id.as_deref().unwrap_or(&object.id));
                    let message = format!("must be a number from 0 to 100 (got {value})");
                    self.problems.push((object.key_offset("confidence"), subject, "confidence", message));
                    None
                }
            },
        };
        if let Some(extras) = &object.extras {
            if let Some(kind) = &extras.kind {
                relation.kind = Sym::new(kind);
            }
            if extras.date.is_some() {
                relation.date = RawDate::from_opt(extras.date.as_deref());
            }
            if extras.until.is_some() {
                relation.until = RawDate::from_opt(extras.until.as_deref());
            }
            if extras.confidence.is_some() {
                relation.confidence = extras.confidence;
            }
            relation.credibility = extras.credibility;
            relation.attrs = boxed_attrs(extras.attrs.clone());
            if let Some(declared) = &extras.kind_declaration {
                self.kinds.entry(declared.kind.clone()).or_insert_with(|| {
                    let kind = RawKind {
                        kind: declared.kind.clone(),
                        sign: Some(declared.sign.clone()),
                        symmetric: declared.symmetric,
                        hierarchical: declared.hierarchical,
                        statement: declared.statement,
                        upward: declared.upward,
                        description: declared.description.clone(),
                    };
                    (kind, Spot::at(object.key_offset("external_references")))
                });
            }
        }
        relation.sources = self.sources_of(object, &spot);
        self.spots[Section::Relations as usize].push(spot);
        relation
    }

    /// The sources an object's external references name (the `actorgraph` one aside), registering new ones.
    fn sources_of(&mut self, object: &Object, spot: &Spot) -> Box<[u32]> {
        let Some(Value::Array(references)) = object.map.get("external_references") else { return Box::default() };
        let known: Vec<&SourceData> = object.extras.as_ref().map(|e| e.sources.iter().collect()).unwrap_or_default();
        let at = spot.fields.iter().find(|(f, _, _)| *f == "sources").map_or(spot.at, |&(_, _, at)| at);
        let mut ids = Vec::new();
        for reference in references {
            let text = |key: &str| reference[key].as_str().unwrap_or_default().to_owned();
            let name = text("source_name");
            if name == ACTORGRAPH_SOURCE_NAME {
                continue;
            }
            let key = (name, text("url"), text("external_id"));
            if let Some((source, _)) = self.sources.get(&key) {
                ids.push(source.id.0);
                continue;
            }
            let mut id = if key.2.trim().is_empty() { slug(&key.0) } else { key.2.clone() };
            if id.is_empty() {
                id = "source".to_owned();
            }
            if self.source_ids.contains(&id) {
                let hash =
                    uuid::Uuid::new_v5(&NAMESPACE, format!("{}\u{1f}{}\u{1f}{}", key.0, key.1, key.2).as_bytes());
                id = format!("{id}-{}", &hash.simple().to_string()[..8]);
            }
            let described = known.iter().find(|s| s.id == id);
            let source = match described {
                Some(s) => RawSource {
                    id: Sym::new(&id),
                    publisher: s.publisher.clone(),
                    title: s.title.clone(),
                    date: RawDate::from_opt(s.date.as_deref()),
                    url: s.url.clone(),
                    reliability: s.reliability.clone(),
                    imported: true,
                },
                None => RawSource {
                    id: Sym::new(&id),
                    publisher: Some(key.0.clone()).filter(|n| !n.is_empty()),
                    title: reference["description"].as_str().map(str::to_owned),
                    url: Some(key.1.clone()).filter(|u| !u.is_empty()),
                    imported: true,
                    ..RawSource::default()
                },
            };
            let mut source_spot = Spot::at(at);
            source_spot.field("id", "external_id", at);
            self.source_ids.insert(id.clone());
            self.sources.insert(key, (source, source_spot));
            ids.push(Sym::new(&id).0);
        }
        ids.into_boxed_slice()
    }
}

fn dangling(omissions: &mut Omissions, offset: usize, kind: String) {
    let (n, _, kinds) = omissions.dangling.get_or_insert((0, offset, Vec::new()));
    *n += 1;
    if !kinds.contains(&kind) {
        kinds.push(kind);
    }
}

/// The day of a STIX timestamp (`2024-12-02T10:00:00Z` → `2024-12-02`); anything else is passed on as it is,
/// for validation to report.
fn day(timestamp: Option<&str>) -> Option<String> {
    let timestamp = timestamp?;
    let date = timestamp.split_once('T').map_or(timestamp, |(date, _)| date);
    Some(date.to_owned())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn report(file: &mut ParsedFile, omissions: Omissions) {
    let mut summary = file.summary.take().unwrap_or_else(|| crate::model::ImportSummary::new("STIX"));
    for (kind, (n, _)) in &omissions.unknown_types {
        summary.leave_out(kind, "type not imported", *n);
    }
    if let Some((n, ..)) = omissions.dangling {
        summary.leave_out("relationship", "points at an object not imported", n);
    }
    if let Some((n, _)) = omissions.revoked {
        summary.leave_out("object", "revoked", n);
    }
    file.summary = Some(summary);
    let mut warn = |offset: usize, message: String, help: Option<String>| {
        file.note(Severity::Warning, offset, message, help);
    };
    for (kind, (n, offset)) in omissions.unknown_types {
        warn(
            offset,
            format!("{} of type `{kind}` not imported", plural(n, "object", "objects")),
            Some(format!("actorgraph imports {IMPORTED} objects")),
        );
    }
    if let Some((n, offset, kinds)) = omissions.dangling {
        warn(
            offset,
            format!(
                "{} not imported: {} objects that are not imported ({})",
                plural(n, "relationship or statement", "relationships or statements"),
                if n == 1 { "it points at" } else { "they point at" },
                kinds.join(", ")
            ),
            None,
        );
    }
    if let Some((n, offset)) = omissions.authorless {
        warn(
            offset,
            format!(
                "{} not imported: no `created_by_ref` naming an imported actor",
                plural(n, "opinion or note", "opinions or notes")
            ),
            Some("a statement needs an actor who makes it".to_owned()),
        );
    }
    if let Some((n, offset)) = omissions.revoked {
        warn(offset, format!("{} not imported", plural(n, "revoked object", "revoked objects")), None);
    }
    if let Some((n, offset)) = omissions.versions {
        warn(
            offset,
            format!(
                "{} of objects already in the bundle; the latest by `modified` is kept",
                plural(n, "older or newer version", "older or newer versions")
            ),
            None,
        );
    }
    if let Some((n, offset)) = omissions.bad_extras {
        warn(
            offset,
            format!(
                "{} an `actorgraph` external reference whose description is not actorgraph's JSON; it is ignored",
                plural(n, "object has", "objects have")
            ),
            None,
        );
    }
}

/// Counts an object of a type this reader does not import.
fn unknown_type(omissions: &mut Omissions, kind: &str, offset: usize) {
    omissions.unknown_types.entry(kind.to_owned()).or_insert((0, offset)).0 += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_words_joined_by_hyphens() {
        assert_eq!(slug("Kataib Hezbollah"), "kataib-hezbollah");
        assert_eq!(slug("  Kata'ib Ḥizballah!! "), "kata-ib-hizballah");
        assert_eq!(slug("كتائب حزب الله"), "kty-b-hzb-llh");
        assert_eq!(slug("!!!"), "");
    }

    #[test]
    fn timestamps_keep_their_day() {
        assert_eq!(day(Some("2024-12-02T10:11:12.123Z")).as_deref(), Some("2024-12-02"));
        assert_eq!(day(Some("2024-12-02")).as_deref(), Some("2024-12-02"));
        assert_eq!(day(None), None);
    }
}
