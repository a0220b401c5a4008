//! The STIX objects that say something about others rather than being actors: sightings, reports,
//! opinions and notes, each read into relations (a sighting into `sighted`, the rest into statements).

#![allow(clippy::wildcard_imports)] // a room of read.rs: it shares its parent's types and helpers

use super::*;

impl Reader<'_> {
    /// A sighting: one `sighted` relation from each place it was sighted (else its author) to what was seen.
    pub(super) fn sightings(&mut self, object: &Object, omissions: &mut Omissions) -> Vec<RawRelation> {
        let seen = object.str("sighting_of_ref").unwrap_or_default();
        let mut by = object.strings("where_sighted_refs");
        if by.is_empty() {
            by.extend(object.str("created_by_ref").map(str::to_owned));
        }
        if self.revoked.contains_key(seen) || by.iter().any(|b| self.revoked.contains_key(b.as_str())) {
            omissions.touching_revoked += 1;
            return Vec::new();
        }
        if by.is_empty() {
            count(&mut omissions.unseen, object.offset);
            return Vec::new();
        }
        let Some(to) = self.end(seen, object.offset, omissions) else { return Vec::new() };
        let own_id = self.ids.get(&object.id).cloned().unwrap_or_else(|| object.id.clone());
        let mut relations = Vec::with_capacity(by.len());
        for (n, who) in by.iter().enumerate() {
            let Some(from) = self.end(who, object.offset, omissions) else { continue };
            let spot = object.spot(&[
                ("id", "id"),
                ("from", "where_sighted_refs"),
                ("to", "sighting_of_ref"),
                ("date", "first_seen"),
                ("until", "last_seen"),
                ("confidence", "confidence"),
                ("sources", "external_references"),
                ("note", "description"),
            ]);
            let date = object.str("first_seen").or_else(|| object.str("created"));
            let relation = RawRelation {
                id: Some(if n == 0 { own_id.clone() } else { format!("{own_id}#{}", n + 1) }.into_boxed_str()),
                from: Sym::new(&from),
                to: Sym::new(&to),
                kind: Sym::new("sighted"),
                date: RawDate::from_opt(day(date).as_deref()),
                until: RawDate::from_opt(day(object.str("last_seen")).as_deref()),
                note: object.str("description").map(Into::into),
                attrs: self.relation_attrs(object),
                ..RawRelation::default()
            };
            self.used_kinds.entry("sighted".to_owned()).or_insert(object.offset);
            relations.push(self.finish(object, relation, spot));
        }
        relations
    }

    /// A report: a source of every relation it references, listed on every actor it references.
    pub(super) fn report(&mut self, object: &Object) {
        let name = object.str("name").unwrap_or(&object.id).to_owned();
        let mut id = slug(&name);
        if id.is_empty() {
            id = "report".to_owned();
        }
        if self.source_ids.contains(&id) {
            let hash = uuid::Uuid::new_v5(&NAMESPACE, object.id.as_bytes());
            id = format!("{id}-{}", &hash.simple().to_string()[..8]);
        }
        let url = object.references().find_map(|r| r.get("url").and_then(Value::as_str)).map(str::to_owned);
        let publisher = object.str("created_by_ref").and_then(|by| {
            let author = &self.all[*self.objects.get(by)?];
            author.str("name").map(str::to_owned)
        });
        let source = RawSource {
            id: Sym::new(&id),
            publisher,
            title: Some(name),
            date: RawDate::from_opt(day(object.str("published")).as_deref()),
            url,
            imported: true,
            ..RawSource::default()
        };
        let mut spot = Spot::at(object.offset);
        spot.field("id", "id", object.key_offset("id"));
        spot.field("date", "published", object.key_offset("published"));
        self.source_ids.insert(id.clone());
        self.sources.insert(("report".to_owned(), object.id.clone(), String::new()), (source, spot, id.clone()));
        for target in object.strings("object_refs") {
            self.reports.entry(target).or_default().push(id.clone());
        }
    }

    /// An opinion or a note: one statement per object it refers to.
    pub(super) fn statements(&mut self, object: &Object, omissions: &mut Omissions) -> Vec<RawRelation> {
        let author = object.extras.as_ref().and_then(|e| e.from.clone()).or_else(|| {
            match self.resolve(object.str("created_by_ref")?) {
                Ref::Imported(id) => Some(id),
                Ref::Skipped(_) | Ref::Outside(_) | Ref::Revoked => None,
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
            let Some(to) = self.end(target, object.offset, omissions) else { continue };
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
}
