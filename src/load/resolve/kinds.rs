//! Relation kinds: the built-in ones and those the files declare, checked for conflicts between files.

#![allow(clippy::wildcard_imports)] // a room of resolve.rs: it shares its parent's types and helpers

use super::*;

pub(super) fn declare_kinds(files: &[ParsedFile], findings: &mut Findings) -> RelationKinds {
    let mut kinds = RelationKinds::builtin();
    let mut declared_at: HashMap<&str, RecordRef> = HashMap::new();
    for (file_ix, file) in files.iter().enumerate() {
        for (index, raw) in file.doc.relation_kinds.iter().enumerate() {
            let at = RecordRef { file: file_ix, section: Section::RelationKinds, index };
            let subject = subject(Section::RelationKinds, &raw.kind, index);
            if raw.kind.trim().is_empty() {
                findings.error(at, &subject, Some("kind"), "the kind's name is empty".to_owned());
                continue;
            }
            let sign = match raw.sign.as_deref() {
                None => Sign::Neutral,
                Some(text) => match Sign::parse(text) {
                    Some(sign) => sign,
                    None => {
                        findings.error(at, &subject, Some("sign"), format!("'{text}' is not a sign")).help =
                            Some("write positive, negative or neutral".to_owned());
                        continue;
                    }
                },
            };
            let duration = match raw.duration.as_deref().map(str::trim) {
                // A built-in kind declared again keeps its duration unless the declaration gives one.
                None => kinds.id(&raw.kind).map_or(Duration::DEFAULT, |id| kinds.get(id).duration),
                Some(text) => match Duration::parse(text) {
                    Some(duration) => duration,
                    None => {
                        findings.error(at, &subject, Some("duration"), format!("'{text}' is not a duration")).help =
                            Some(
                                "write event (holds only at its date: a meeting, an attack) or standing (holds \
                                 from its date until `until`: support, membership)"
                                    .to_owned(),
                            );
                        continue;
                    }
                },
            };
            let info = KindInfo {
                name: raw.kind.clone(),
                sign,
                symmetric: raw.symmetric,
                hierarchical: raw.hierarchical,
                statement: raw.statement,
                upward: raw.upward,
                duration,
                description: raw.description.clone().unwrap_or_default(),
                origin: KindOrigin::Declared,
            };
            if let Some(&first) = declared_at.get(raw.kind.as_str()) {
                let previous = kinds.get(kinds.id(&raw.kind).unwrap_or(crate::model::KindId(0)));
                let same = previous.sign == info.sign
                    && previous.symmetric == info.symmetric
                    && previous.hierarchical == info.hierarchical
                    && previous.statement == info.statement
                    && previous.upward == info.upward
                    && previous.duration == info.duration;
                if !same {
                    let finding =
                        findings.error(at, &subject, None, "is declared twice with different semantics".to_owned());
                    finding.related = Some(first);
                }
                continue;
            }
            declared_at.insert(&raw.kind, at);
            if kinds.insert(info).is_none() {
                findings.error(at, &subject, None, "too many relation kinds (more than 65,536)".to_owned());
            }
        }
    }
    kinds
}
