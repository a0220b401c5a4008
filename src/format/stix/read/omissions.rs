//! What a STIX bundle held that was not imported, counted while reading and told once at the end: one
//! warning per kind of omission, with where the first case is, and the import summary's left-out lines.

use indexmap::IndexMap;

use super::{Object, Revoked};
use crate::diagnostic::Severity;
use crate::format::parsed::ParsedFile;
use crate::model::ImportSummary;
use crate::text::plural;

/// Counts of what was left out, each with the offset of its first case, in order of appearance.
#[derive(Default)]
pub(super) struct Omissions {
    pub(super) metadata: IndexMap<String, (usize, usize)>,
    /// Relationships and statements pointing at objects that are not imported: count, first offset, and
    /// the types pointed at.
    pub(super) dangling: Option<(usize, usize, Vec<String>)>,
    pub(super) authorless: Option<(usize, usize)>,
    /// Revoked objects by type, with the offset of the first.
    pub(super) revoked: IndexMap<String, (usize, usize)>,
    /// Relationships and sightings left out because they touch a revoked object.
    pub(super) touching_revoked: usize,
    pub(super) versions: Option<(usize, usize)>,
    pub(super) bad_extras: Option<(usize, usize)>,
    pub(super) unseen: Option<(usize, usize)>,
}

pub(super) fn count(slot: &mut Option<(usize, usize)>, offset: usize) {
    slot.get_or_insert((0, offset)).0 += 1;
}

pub(super) fn dangling(omissions: &mut Omissions, offset: usize, kind: String) {
    let (n, _, kinds) = omissions.dangling.get_or_insert((0, offset, Vec::new()));
    *n += 1;
    if !kinds.contains(&kind) {
        kinds.push(kind);
    }
}

/// What was left out, by type, into the import summary.
pub(super) fn summarise(summary: &mut ImportSummary, omissions: &Omissions) {
    for (kind, (n, _)) in &omissions.metadata {
        summary.leave_out(kind, "bundle metadata", *n);
    }
    for (kind, (n, _)) in &omissions.revoked {
        summary.leave_out(kind, "revoked", *n);
    }
    summary.leave_out("relationship", "touches a revoked object", omissions.touching_revoked);
    if let Some((n, ..)) = &omissions.dangling {
        summary.leave_out("relationship", "points at an object not imported", *n);
    }
    if let Some((n, _)) = omissions.authorless {
        summary.leave_out("opinion or note", "no known author", n);
    }
    if let Some((n, _)) = omissions.unseen {
        summary.leave_out("sighting", "no one who sighted it", n);
    }
    if let Some((n, _)) = omissions.versions {
        summary.leave_out("older version", "a later version is kept", n);
    }
}

pub(super) fn report(
    file: &mut ParsedFile,
    omissions: Omissions,
    replacements: &[(String, String)],
    revoked: &Revoked,
    objects: &[Object],
) {
    let mut warn = |offset: usize, message: String, help: Option<String>| {
        file.note(Severity::Warning, offset, message, help);
    };
    if let Some(offset) = omissions.revoked.values().map(|&(_, at)| at).min() {
        let n: usize = omissions.revoked.values().map(|(n, _)| n).sum();
        let name_of = |id: &str| {
            objects
                .iter()
                .find(|o| o.id == id)
                .and_then(|o| o.str("name").map(str::to_owned))
                .or_else(|| revoked.get(id).map(|(_, name)| name.clone()))
                .unwrap_or_else(|| id.to_owned())
        };
        let examples: Vec<String> = replacements
            .iter()
            .take(3)
            .map(|(old, new)| format!("`{}` by `{}`", revoked.get(old).map_or(old.as_str(), |(_, n)| n), name_of(new)))
            .collect();
        let replaced = if replacements.is_empty() {
            "none names what replaces it (no `revoked-by` relationship)".to_owned()
        } else {
            format!("{} replaced (`revoked-by`), e.g. {}", plural(replacements.len(), "is", "are"), examples.join(", "))
        };
        warn(
            offset,
            format!(
                "{} left out, with the {} that touch them; {replaced}",
                plural(n, "revoked object", "revoked objects"),
                plural(omissions.touching_revoked, "relationship", "relationships"),
            ),
            None,
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
    if let Some((n, offset)) = omissions.unseen {
        warn(
            offset,
            format!(
                "{} not imported: no `where_sighted_refs` and no `created_by_ref`",
                plural(n, "sighting", "sightings")
            ),
            Some("a sighting becomes a relation from who sighted it to what was sighted".to_owned()),
        );
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
