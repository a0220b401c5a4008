//! Reading STIX 2.1 and 2.0 bundles, as published (MITRE ATT&CK, OASIS examples, platform exports), into the
//! loader's raw records. `docs/formats/stix.md` has the mapping tables.
//!
//! - **Every domain object** (and cyber-observable, and custom `x-…` type) becomes an actor whose kind is its
//!   STIX type (`intrusion-set`, `malware`, `attack-pattern`, `x-mitre-tactic`, …). `name` (or an
//!   observable's `value`) is the name; `aliases`, `x_mitre_aliases` and the `external_id` of the object's
//!   own external references (the ATT&CK id `G0034`, a `CVE-…`) are aliases, so `show G0034` finds it;
//!   `labels` are tags, and `x_mitre_deprecated: true` adds the tag `deprecated`. Every other property
//!   (`description`, `created`, `first_seen`, `identity_class`, `x_mitre_platforms`, …) becomes an attribute,
//!   lists joined with `, `, and the STIX id is the attribute `stix_id`. The actor's id is a slug of its
//!   name (`Sandworm Team` → `sandworm-team`, `-2`, `-3` for repeats, counted per name so that many
//!   repeats stay linear).
//! - **Marking definitions and bundle metadata** (`marking-definition`, `extension-definition`,
//!   `language-content`, `x-mitre-collection`, `x-mitre-matrix`) are left out and counted in the import
//!   summary.
//! - **`relationship` objects** become relations: `relationship_type` → kind (`-` read as `_`), `source_ref`
//!   → from, `target_ref` → to. The date is `start_time`/`stop_time`, else the source's (then the target's)
//!   `first_seen`/`last_seen`, else the relationship's `created`, each cut to the day. `confidence` 0–100 →
//!   0..1; **a missing confidence stays unknown**. `description` → note, `external_references` → sources,
//!   other properties → attributes, the STIX id → the relation id. The common STIX relationship types are
//!   declared kinds ([`STIX_KINDS`]) with their sign, symmetry and direction.
//! - **`sighting` objects** become one `sighted` relation from each `where_sighted_refs` entry (else the
//!   author, `created_by_ref`) to `sighting_of_ref`, dated by `first_seen`/`last_seen`.
//! - **`report` objects** become sources (title `name`, date `published`) of the relations they reference;
//!   an actor they reference lists them in the attribute `reports`.
//! - **`opinion` and `note` objects** whose author is known (`created_by_ref` naming an imported object)
//!   become statements about what their `object_refs` name: a disagreeing opinion `denies`, an agreeing one
//!   `claims`, a neutral one and a note `reports`.
//! - **Revoked objects** are left out with every relationship that touches them, in one warning that says how
//!   many and what replaces them (their `revoked-by` relationships).
//! - External references become sources, one per distinct `source_name` + `url` + `external_id`: the id is
//!   the `external_id`, or a slug of `source_name`; when two different references would share an id, the
//!   later one gets a suffix from a hash of the three fields, so ids do not depend on anything but the data.
//!   An actor's references are listed in its attribute `sources`.
//!
//! A property of the wrong JSON type (`"name": 12345`, a reference that is not an object) is a warning at
//! its place and is not read. Bundles written by `actorgraph export --to stix` carry an `actorgraph` external
//! reference on every object with the dataset's own ids and what STIX has no field for; when present, it
//! wins, so such a bundle loads back unchanged.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

mod object;
mod omissions;
mod statements;
use super::write::{kind_of_relationship_type, Extras, ACTORGRAPH_SOURCE_NAME, DATE_FROM, NAMESPACE};
use crate::diagnostic::Severity;
use crate::format::intern::Sym;
use crate::format::json::humanize;
use crate::format::locate::{offset_in, top_level_keys, LineIndex};
use crate::format::parsed::{ParsedFile, Spot};
use crate::format::raw::{boxed_attrs, RawActor, RawDate, RawKind, RawRelation, RawSource, Section};
use crate::format::SourceData;
use crate::model::ImportSummary;
use crate::text::slug;
use object::{attr_text, Mistyped, Object};
use omissions::{count, dangling, report, summarise, Omissions};

/// Object types that describe the bundle rather than the world: left out and counted.
pub const METADATA_TYPES: &[&str] =
    &["marking-definition", "extension-definition", "language-content", "x-mitre-collection", "x-mitre-matrix"];

/// Object types read as something other than an actor.
const NOT_ACTORS: &[&str] = &["relationship", "sighting", "report", "opinion", "note", "bundle"];

/// The common STIX 2.1 relationship types (as actorgraph kinds, `-` read as `_`), declared with sign,
/// symmetry, hierarchy and a description of their direction (`from` … `to`).
///
/// The sign says whether the link is one of association (an intrusion set `uses` its malware: positive), of
/// hostility (`targets`, `mitigates`: negative) or neither (`indicates`, `located_at`: neutral).
pub const STIX_KINDS: &[(&str, &str, bool, bool, &str)] = &[
    // (kind, sign, symmetric, hierarchical with `from` inside `to`, reading)
    ("uses", "positive", false, false, "uses (a group or campaign uses malware, a tool or a technique)"),
    ("targets", "negative", false, false, "targets (an identity, location, sector or vulnerability)"),
    ("attributed_to", "positive", false, true, "is attributed to (a campaign to a group, a group to an actor)"),
    ("mitigates", "negative", false, false, "mitigates (a course of action against a technique or malware)"),
    ("detects", "negative", false, false, "detects (a data component detects a technique)"),
    ("indicates", "neutral", false, false, "indicates (an indicator points at what it detects)"),
    ("variant_of", "positive", false, false, "is a variant of (malware)"),
    ("derived_from", "positive", false, false, "is derived from (an object revised from another)"),
    ("duplicate_of", "neutral", true, false, "is a duplicate of (both ways)"),
    ("related_to", "neutral", true, false, "is related to (both ways)"),
    ("located_at", "neutral", false, false, "is located at"),
    ("subtechnique_of", "positive", false, true, "is a sub-technique of"),
    ("authored_by", "positive", false, false, "is authored by"),
    ("impersonates", "negative", false, false, "impersonates"),
    ("compromises", "negative", false, false, "compromises"),
    ("exploits", "negative", false, false, "exploits (a vulnerability)"),
    ("delivers", "positive", false, false, "delivers (malware)"),
    ("drops", "positive", false, false, "drops (malware or a tool)"),
    ("downloads", "positive", false, false, "downloads (malware, a tool or a file)"),
    ("communicates_with", "neutral", false, false, "communicates with"),
    ("controls", "positive", false, true, "controls"),
    ("hosts", "positive", false, false, "hosts"),
    ("owns", "positive", false, false, "owns"),
    ("has", "neutral", false, false, "has (a vulnerability)"),
    ("consists_of", "neutral", false, false, "consists of"),
    ("beacons_to", "neutral", false, false, "beacons to"),
    ("exfiltrates_to", "negative", false, false, "exfiltrates to"),
    ("originates_from", "neutral", false, false, "originates from"),
    ("investigates", "neutral", false, false, "investigates"),
    ("remediates", "negative", false, false, "remediates"),
    ("based_on", "neutral", false, false, "is based on (an indicator on observed data)"),
    ("characterizes", "neutral", false, false, "characterizes (a malware analysis)"),
    ("analysis_of", "neutral", false, false, "is an analysis of"),
    ("static_analysis_of", "neutral", false, false, "is a static analysis of"),
    ("dynamic_analysis_of", "neutral", false, false, "is a dynamic analysis of"),
    ("resolves_to", "neutral", false, false, "resolves to (a domain name to an address)"),
    ("belongs_to", "positive", false, true, "belongs to"),
    ("sighted", "neutral", false, false, "sighted (a STIX sighting: who saw it, what was seen)"),
];

/// Properties that are read into fields of their own, or are structure (markings), rather than attributes.
const NOT_ATTRS: &[&str] = &[
    "type",
    "id",
    "spec_version",
    "name",
    "aliases",
    "x_mitre_aliases",
    "labels",
    "revoked",
    "external_references",
    "object_marking_refs",
    "granular_markings",
    "confidence",
    "source_ref",
    "target_ref",
    "relationship_type",
    "start_time",
    "stop_time",
];

#[derive(Deserialize)]
struct Bundle<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    spec_version: Option<String>,
    #[serde(borrow, default)]
    objects: Vec<&'a RawValue>,
}

/// Parses one STIX bundle; problems go into the file's diagnostics.
pub(crate) fn parse(file: &mut ParsedFile, text: &str) {
    parse_bundle(file, text);
    file.place(text);
}

#[allow(clippy::too_many_lines)] // one pass per kind of object, in order
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
        file.note(Severity::Error, 0, format!("this is not a STIX bundle: its top level has {found}"), None)
            .advise(crate::diagnostic::Remedy::NameInputFormat);
        return;
    }
    let mut omissions = Omissions::default();
    let mut mistyped = Vec::new();
    let (objects, revoked) = read_objects(file, text, &bundle.objects, &mut omissions, &mut mistyped);
    let version = bundle
        .spec_version
        .or_else(|| objects.iter().find_map(|o| o.str("spec_version").map(str::to_owned)))
        .unwrap_or_else(|| "2.0".to_owned());
    let mut summary = ImportSummary::new(&format!("STIX {version}"));
    let ids = assign_ids(&objects);
    let mut reader = Reader {
        types: objects.iter().map(|o| (o.id.as_str(), o.kind.as_str())).collect(),
        objects: objects.iter().enumerate().map(|(i, o)| (o.id.as_str(), i)).collect(),
        all: &objects,
        ids: &ids,
        revoked: &revoked,
        sources: IndexMap::new(),
        source_ids: HashSet::new(),
        kinds: IndexMap::new(),
        used_kinds: IndexMap::new(),
        reports: HashMap::new(),
        spots: Default::default(),
        problems: Vec::new(),
    };
    // Reports first: they are sources of what they reference, wherever it comes in the bundle.
    for object in objects.iter().filter(|o| o.kind == "report") {
        reader.report(object);
        summary.keep("report", 1);
    }
    let mut replacements: Vec<(String, String)> = Vec::new();
    for object in &objects {
        match object.kind.as_str() {
            "relationship" => {
                if object.str("relationship_type") == Some("revoked-by") {
                    if let (Some(from), Some(to)) = (object.str("source_ref"), object.str("target_ref")) {
                        if revoked.contains_key(from) {
                            replacements.push((from.to_owned(), to.to_owned()));
                        }
                    }
                }
                if let Some(relation) = reader.relationship(object, &mut omissions) {
                    file.doc.relations.push(relation);
                    summary.keep("relationship", 1);
                }
            }
            "sighting" => {
                let relations = reader.sightings(object, &mut omissions);
                if !relations.is_empty() {
                    summary.keep("sighting", 1);
                }
                file.doc.relations.extend(relations);
            }
            "opinion" | "note" => {
                let statements = reader.statements(object, &mut omissions);
                if !statements.is_empty() {
                    summary.keep(&object.kind, 1);
                }
                file.doc.relations.extend(statements);
            }
            "report" | "bundle" => {}
            kind if METADATA_TYPES.contains(&kind) => {
                omissions.metadata.entry(kind.to_owned()).or_insert((0, object.offset)).0 += 1;
            }
            kind => {
                let actor = reader.actor(object);
                file.doc.actors.push(actor);
                summary.keep(kind, 1);
            }
        }
    }
    let Reader { sources, mut spots, problems, kinds, used_kinds, .. } = reader;
    for (_, (kind, spot)) in kinds {
        file.doc.relation_kinds.push(kind);
        spots[Section::RelationKinds as usize].push(spot);
    }
    // The common STIX relationship types this bundle uses, unless the bundle declares them itself.
    for (name, at) in used_kinds {
        if file.doc.relation_kinds.iter().any(|k| k.kind == name) {
            continue;
        }
        if let Some(&(kind, sign, symmetric, hierarchical, description)) = STIX_KINDS.iter().find(|(k, ..)| *k == name)
        {
            file.doc.relation_kinds.push(RawKind {
                kind: kind.to_owned(),
                sign: Some(sign.to_owned()),
                symmetric,
                hierarchical,
                statement: false,
                upward: hierarchical,
                // A STIX relationship holds over time (from `start_time`, or the object's `first_seen`, until
                // `stop_time`); a sighting is something seen at one time.
                duration: Some(if kind == "sighted" { "event" } else { "standing" }.to_owned()),
                description: Some(format!("STIX: {description}")),
            });
            spots[Section::RelationKinds as usize].push(Spot::at(at));
        }
    }
    for (offset, subject, field, message) in problems {
        let note = file.note(Severity::Error, offset, message, None);
        note.subject = Some(subject);
        note.field = Some(field.to_owned());
    }
    for m in mistyped {
        let note = file.note(
            Severity::Warning,
            m.offset,
            format!("must be {} (got {}); it is not read", m.expected, m.got),
            None,
        );
        note.subject = Some(m.subject);
        note.field = Some(m.field);
    }
    for (_, (source, spot, _)) in sources {
        file.doc.sources.push(source);
        spots[Section::Sources as usize].push(spot);
    }
    file.spots = Some(spots);
    summarise(&mut summary, &omissions);
    file.summary = Some(summary);
    report(file, omissions, &replacements, &revoked, &objects);
}

/// Revoked objects by STIX id: their type and name.
pub(super) type Revoked = HashMap<String, (String, String)>;

fn read_objects<'a>(
    file: &mut ParsedFile,
    text: &'a str,
    raw: &[&'a RawValue],
    omissions: &mut Omissions,
    mistyped: &mut Vec<Mistyped>,
) -> (Vec<Object>, Revoked) {
    let mut objects: Vec<Object> = Vec::with_capacity(raw.len());
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut revoked = Revoked::new();
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
            omissions.revoked.entry(kind.clone()).or_insert((0, offset)).0 += 1;
            let name = map.get("name").and_then(Value::as_str).unwrap_or(&id).to_owned();
            revoked.insert(id, (kind, name));
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
        let keys = top_level_keys(object_text);
        let object = Object { offset, map, keys, kind, id, extras, own_id };
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
    for object in &objects {
        object.check_types(mistyped);
    }
    (objects, revoked)
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

/// Whether objects of this type become actors.
fn is_actor(kind: &str) -> bool {
    !NOT_ACTORS.contains(&kind) && !METADATA_TYPES.contains(&kind)
}

/// Whether objects of this type are imported (as actors, relations or statements).
fn imported(kind: &str) -> bool {
    is_actor(kind) || matches!(kind, "relationship" | "sighting" | "opinion" | "note")
}

/// The name of an actor object: `name`, else an observable's `value`, else its STIX id.
fn actor_name(object: &Object) -> Option<String> {
    object.str("name").or_else(|| object.str("value")).map(str::to_owned)
}

/// Dataset ids for every imported object: the `actorgraph` reference's id when there is one (claimed
/// first, so a slug never takes it), else a slug of the actor's name or the relation's STIX id.
///
/// Repeats of one slug get `-2`, `-3`, …: the next number to try is kept per slug, so that 40,000 objects
/// of one name take linear time rather than trying every number again for each.
fn assign_ids(objects: &[Object]) -> HashMap<String, String> {
    let mut ids = HashMap::with_capacity(objects.len());
    let mut used: HashSet<String> = HashSet::new();
    for object in objects.iter().filter(|o| imported(&o.kind)) {
        if let Some(own) = &object.own_id {
            used.insert(own.clone());
            ids.insert(object.id.clone(), own.clone());
        }
    }
    let mut next: HashMap<String, usize> = HashMap::new();
    for object in objects {
        if object.own_id.is_some() || !imported(&object.kind) {
            continue;
        }
        let id = if is_actor(&object.kind) {
            let base =
                actor_name(object).map(|n| slug(&n)).filter(|s| !s.is_empty()).unwrap_or_else(|| object.id.clone());
            if used.contains(&base) {
                let n = next.entry(base.clone()).or_insert(1);
                loop {
                    *n += 1;
                    let candidate = format!("{base}-{n}");
                    if !used.contains(&candidate) {
                        break candidate;
                    }
                }
            } else {
                base
            }
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
    /// STIX id → index in `all`.
    objects: HashMap<&'o str, usize>,
    all: &'o [Object],
    /// STIX id → dataset id, for imported objects.
    ids: &'o HashMap<String, String>,
    revoked: &'o Revoked,
    /// `(source_name, url, external_id)` → the source and where it was first cited.
    sources: IndexMap<(String, String, String), (RawSource, Spot, String)>,
    /// The ids given to sources so far.
    source_ids: HashSet<String>,
    /// Relation kinds declared in `actorgraph` references, by name, with where each was first seen.
    kinds: IndexMap<String, (RawKind, Spot)>,
    /// Kinds used by relations of this bundle, with the offset of the first use.
    used_kinds: IndexMap<String, usize>,
    /// STIX id → the ids of the report sources that reference it.
    reports: HashMap<String, Vec<String>>,
    spots: [Vec<Spot>; 4],
    /// Errors found while converting: byte offset, subject, STIX field, message.
    problems: Vec<(usize, String, &'static str, String)>,
}

/// What a STIX reference points at.
enum Ref<'s> {
    /// An imported object, by dataset id.
    Imported(String),
    /// A revoked object.
    Revoked,
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
        if self.revoked.contains_key(stix_id) {
            return Ref::Revoked;
        }
        match self.types.get(stix_id) {
            Some(kind) => Ref::Skipped(kind),
            None => Ref::Outside(stix_id.to_owned()),
        }
    }

    fn actor(&mut self, object: &Object) -> RawActor {
        let extras = object.extras.clone();
        let kind = extras.as_ref().and_then(|e| e.kind.clone()).unwrap_or_else(|| object.kind.clone());
        let name = actor_name(object);
        let mut aliases = extras.as_ref().map(|e| e.aliases.clone()).unwrap_or_default();
        if extras.is_some() && aliases.is_empty() {
            // actorgraph writes aliases as STIX `aliases` where the type has them, else in its reference.
            aliases = object.strings("aliases");
        }
        if extras.is_none() {
            let mut add = |alias: String| {
                if Some(&alias) != name.as_ref() && !aliases.contains(&alias) && !alias.trim().is_empty() {
                    aliases.push(alias);
                }
            };
            for alias in object.strings("aliases").into_iter().chain(object.strings("x_mitre_aliases")) {
                add(alias);
            }
            for reference in object.references() {
                if let Some(id) = reference.get("external_id").and_then(Value::as_str) {
                    if reference.get("source_name").and_then(Value::as_str) != Some(ACTORGRAPH_SOURCE_NAME) {
                        add(id.to_owned());
                    }
                }
            }
        }
        let attrs = match extras {
            Some(extras) => {
                // Written by actorgraph: the attributes (its `sources` among them) come back as they were; the
                // sources they name are registered from the references, so none is lost on a round trip.
                let spot = Spot::at(object.key_offset("external_references"));
                self.register(object, &spot);
                extras.attrs
            }
            None => {
                let mut attrs = IndexMap::new();
                for (key, value) in &object.map {
                    if NOT_ATTRS.contains(&key.as_str()) || (key == "value" && name.is_some()) {
                        continue;
                    }
                    attrs.insert(key.clone(), attr_text(value));
                }
                attrs.insert("stix_id".to_owned(), object.id.clone());
                let spot = Spot::at(object.key_offset("external_references"));
                let cited = self.register(object, &spot);
                if !cited.is_empty() {
                    attrs.insert("sources".to_owned(), cited.join(", "));
                }
                if let Some(reports) = self.reports.get(&object.id) {
                    attrs.insert("reports".to_owned(), reports.join(", "));
                }
                attrs
            }
        };
        let mut tags = object.strings("labels");
        if object.map.get("x_mitre_deprecated").and_then(Value::as_bool) == Some(true)
            && !tags.iter().any(|t| t == "deprecated")
        {
            tags.push("deprecated".to_owned());
        }
        self.spots[Section::Actors as usize].push(object.spot(&[
            ("id", "id"),
            ("name", if object.map.contains_key("name") { "name" } else { "value" }),
            ("kind", "type"),
            ("aliases", "aliases"),
            ("tags", "labels"),
        ]));
        RawActor {
            id: Sym::new(self.ids.get(&object.id).unwrap_or(&object.id)),
            name: name.or_else(|| Some(object.id.clone())),
            kind: Some(kind),
            aliases,
            tags,
            attrs,
            stub: false,
        }
    }

    /// Resolves one end of a relationship; `None` (counted) when the relationship is left out.
    fn end(&self, stix_id: &str, offset: usize, omissions: &mut Omissions) -> Option<String> {
        match self.resolve(stix_id) {
            Ref::Imported(id) | Ref::Outside(id) => Some(id),
            Ref::Revoked => {
                omissions.touching_revoked += 1;
                None
            }
            Ref::Skipped(kind) => {
                dangling(omissions, offset, kind.to_owned());
                None
            }
        }
    }

    /// The `first_seen`/`last_seen` of the object with this STIX id, when it has them.
    fn seen(&self, stix_id: &str) -> Option<(Option<String>, Option<String>)> {
        let object = &self.all[*self.objects.get(stix_id)?];
        let first = object.str("first_seen").map(str::to_owned);
        let last = object.str("last_seen").map(str::to_owned);
        (first.is_some() || last.is_some()).then_some((first, last))
    }

    fn relationship(&mut self, object: &Object, omissions: &mut Omissions) -> Option<RawRelation> {
        let source = object.str("source_ref").unwrap_or_default();
        let target = object.str("target_ref").unwrap_or_default();
        // Both ends are looked at before either counts, so a relationship is counted once.
        let touches_revoked = self.revoked.contains_key(source) || self.revoked.contains_key(target);
        if touches_revoked {
            omissions.touching_revoked += 1;
            return None;
        }
        let from = self.end(source, object.offset, omissions)?;
        let to = self.end(target, object.offset, omissions)?;
        let kind = object.str("relationship_type").map(kind_of_relationship_type).unwrap_or_default();
        // Dates: the relationship's own times, else the ends' first and last sightings, else its creation.
        let own = object.str("start_time").is_some() || object.str("stop_time").is_some();
        let (date_key, until_key, date, until, date_from) = if own {
            let (start, stop) = (object.str("start_time"), object.str("stop_time"));
            ("start_time", "stop_time", start.map(str::to_owned), stop.map(str::to_owned), None)
        } else if let Some((first, last)) = self.seen(source) {
            ("start_time", "stop_time", first, last, Some("first_seen of source_ref"))
        } else if let Some((first, last)) = self.seen(target) {
            ("start_time", "stop_time", first, last, Some("first_seen of target_ref"))
        } else {
            let created = object.str("created").map(str::to_owned);
            ("created", "stop_time", created.clone(), None, created.map(|_| "created"))
        };
        let mut attrs = self.relation_attrs(object);
        if let (Some(from), None) = (date_from, &object.extras) {
            attrs.get_or_insert_with(Box::default).insert(DATE_FROM.to_owned(), from.to_owned());
        }
        let spot = object.spot(&[
            ("id", "id"),
            ("from", "source_ref"),
            ("to", "target_ref"),
            ("kind", "relationship_type"),
            ("date", date_key),
            ("until", until_key),
            ("confidence", "confidence"),
            ("sources", "external_references"),
            ("note", "description"),
        ]);
        let relation = RawRelation {
            id: Some(self.ids.get(&object.id).unwrap_or(&object.id).as_str().into()),
            from: Sym::new(&from),
            to: Sym::new(&to),
            kind: Sym::new(&kind),
            date: RawDate::from_opt(day(date.as_deref()).as_deref()),
            until: RawDate::from_opt(day(until.as_deref()).as_deref()),
            note: object.str("description").map(Into::into),
            attrs,
            ..RawRelation::default()
        };
        self.used_kinds.entry(kind).or_insert(object.key_offset("relationship_type"));
        Some(self.finish(object, relation, spot))
    }

    /// A relation object's other properties, as attributes (not when the `actorgraph` reference has them).
    fn relation_attrs(&self, object: &Object) -> Option<Box<IndexMap<String, String>>> {
        if object.extras.is_some() {
            return None;
        }
        let skip = ["description", "where_sighted_refs", "sighting_of_ref", "first_seen", "last_seen"];
        let attrs: IndexMap<String, String> = object
            .map
            .iter()
            .filter(|(k, _)| !NOT_ATTRS.contains(&k.as_str()) && !skip.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), attr_text(v)))
            .collect();
        boxed_attrs(attrs)
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
                        duration: declared.duration.clone(),
                        description: declared.description.clone(),
                    };
                    (kind, Spot::at(object.key_offset("external_references")))
                });
            }
        }
        let mut cited: Vec<u32> = Vec::new();
        for id in self.register(object, &spot) {
            let sym = Sym::new(&id).0;
            // A reference repeated on one object is one source, cited once.
            if !cited.contains(&sym) {
                cited.push(sym);
            }
        }
        if let Some(reports) = self.reports.get(&object.id) {
            for id in reports {
                let sym = Sym::new(id).0;
                if !cited.contains(&sym) {
                    cited.push(sym);
                }
            }
        }
        relation.sources = cited.into_boxed_slice();
        self.spots[Section::Relations as usize].push(spot);
        relation
    }

    /// The ids of the sources an object's external references name (the `actorgraph` one aside),
    /// registering new ones.
    fn register(&mut self, object: &Object, spot: &Spot) -> Vec<String> {
        let known: Vec<&SourceData> = object.extras.as_ref().map(|e| e.sources.iter().collect()).unwrap_or_default();
        let at = spot.fields.iter().find(|(f, _, _)| *f == "sources").map_or(spot.at, |&(_, _, at)| at);
        let mut ids = Vec::new();
        for reference in object.references() {
            let text = |key: &str| reference.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
            let name = text("source_name");
            if name == ACTORGRAPH_SOURCE_NAME {
                continue;
            }
            let key = (name, text("url"), text("external_id"));
            if let Some((_, _, id)) = self.sources.get(&key) {
                ids.push(id.clone());
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
                Some(s) => RawSource { id: Sym::new(&id), ..described_source(s) },
                None => RawSource {
                    id: Sym::new(&id),
                    publisher: Some(key.0.clone()).filter(|n| !n.is_empty()),
                    title: reference.get("description").and_then(Value::as_str).map(str::to_owned),
                    url: Some(key.1.clone()).filter(|u| !u.is_empty()),
                    imported: true,
                    ..RawSource::default()
                },
            };
            let mut source_spot = Spot::at(at);
            source_spot.field("id", "external_id", at);
            self.source_ids.insert(id.clone());
            self.sources.insert(key, (source, source_spot, id.clone()));
            ids.push(id);
        }
        // Sources the cited ones rest on (`derived_from`) travel in the actorgraph extension only.
        for s in &known {
            if self.source_ids.contains(&s.id) {
                continue;
            }
            let key = (s.publisher.clone().unwrap_or_default(), s.url.clone().unwrap_or_default(), s.id.clone());
            let source = described_source(s);
            self.source_ids.insert(s.id.clone());
            self.sources.insert(key, (source, Spot::at(at), s.id.clone()));
        }
        ids
    }
}

/// The day of a STIX timestamp (`2024-12-02T10:00:00Z` → `2024-12-02`); anything else is passed on as it is,
/// for validation to report.
fn day(timestamp: Option<&str>) -> Option<String> {
    let timestamp = timestamp?;
    let date = timestamp.split_once('T').map_or(timestamp, |(date, _)| date);
    Some(date.to_owned())
}

/// A source as actorgraph's own STIX export describes it in full (in its extension).
fn described_source(s: &SourceData) -> RawSource {
    RawSource {
        id: Sym::new(&s.id),
        publisher: s.publisher.clone(),
        title: s.title.clone(),
        date: RawDate::from_opt(s.date.as_deref()),
        url: s.url.clone(),
        reliability: s.reliability.clone(),
        derived_from: s.derived_from.clone(),
        imported: true,
    }
}

#[cfg(test)]
mod tests;
