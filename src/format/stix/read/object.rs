//! One object of a STIX bundle as read: its parsed properties with where each is, and the typed
//! accessors that warn (never drop silently) when a property has the wrong JSON type.

#![allow(clippy::wildcard_imports)] // a room of read.rs: it shares its parent's types and helpers

use super::*;

/// One object of the bundle, parsed, with where it is.
pub(super) struct Object {
    pub(super) offset: usize,
    pub(super) map: Map<String, Value>,
    /// The top-level keys with the offset (in the object) of each value.
    pub(super) keys: Vec<(String, usize)>,
    pub(super) kind: String,
    pub(super) id: String,
    pub(super) extras: Option<Extras>,
    /// The `actorgraph` reference's `external_id`.
    pub(super) own_id: Option<String>,
}

/// A property of the wrong JSON type: where, whose, which, and what was expected.
pub(super) struct Mistyped {
    pub(super) offset: usize,
    pub(super) subject: String,
    pub(super) field: String,
    pub(super) expected: &'static str,
    pub(super) got: String,
}

impl Object {
    /// A string property; `None` when absent or (noted in `mistyped`) not a string.
    pub(super) fn str(&self, key: &str) -> Option<&str> {
        self.map.get(key).and_then(Value::as_str)
    }

    pub(super) fn strings(&self, key: &str) -> Vec<String> {
        match self.map.get(key) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            Some(Value::String(one)) => vec![one.clone()],
            _ => Vec::new(),
        }
    }

    /// The byte offset of a key's value in the file, or of the object when the key is absent.
    pub(super) fn key_offset(&self, key: &str) -> usize {
        self.keys.iter().find(|(k, _)| k == key).map_or(self.offset, |(_, at)| self.offset + at)
    }

    /// A spot with the given `(actorgraph field, STIX key)` pairs that the object has.
    pub(super) fn spot(&self, fields: &[(&'static str, &str)]) -> Spot {
        let mut spot = Spot::at(self.offset);
        for &(field, key) in fields {
            if let Some((_, at)) = self.keys.iter().find(|(k, _)| k == key) {
                spot.field(field, key, self.offset + at);
            }
        }
        spot
    }

    /// How the object is named in messages.
    pub(super) fn subject(&self) -> String {
        format!("STIX object '{}'", self.id)
    }

    /// Notes every property this reader reads whose JSON type is wrong (it is then not read).
    pub(super) fn check_types(&self, mistyped: &mut Vec<Mistyped>) {
        let mut wrong = |key: &str, expected: &'static str| {
            if let Some(value) = self.map.get(key) {
                let got = short(value);
                mistyped.push(Mistyped {
                    offset: self.key_offset(key),
                    subject: self.subject(),
                    field: key.to_owned(),
                    expected,
                    got,
                });
            }
        };
        for key in [
            "name",
            "description",
            "start_time",
            "stop_time",
            "first_seen",
            "last_seen",
            "created",
            "modified",
            "relationship_type",
            "source_ref",
            "target_ref",
            "created_by_ref",
            "sighting_of_ref",
            "published",
            "value",
        ] {
            if self.map.get(key).is_some_and(|v| !v.is_string()) {
                wrong(key, "text");
            }
        }
        for key in ["aliases", "x_mitre_aliases", "labels", "object_refs", "where_sighted_refs"] {
            match self.map.get(key) {
                Some(Value::Array(items)) if items.iter().all(Value::is_string) => {}
                Some(Value::Array(_)) => wrong(key, "a list of texts"),
                Some(_) => wrong(key, "a list of texts"),
                None => {}
            }
        }
        match self.map.get("external_references") {
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let fine = item.as_object().is_some_and(|r| {
                        ["source_name", "url", "external_id", "description"]
                            .iter()
                            .all(|k| r.get(*k).is_none_or(Value::is_string))
                            && ["source_name", "url", "external_id"]
                                .iter()
                                .any(|k| r.get(*k).is_some_and(Value::is_string))
                    });
                    if !fine {
                        mistyped.push(Mistyped {
                            offset: self.key_offset("external_references"),
                            subject: self.subject(),
                            field: format!("external_references[{i}]"),
                            expected: "an object with a text `source_name`, `url` or `external_id`",
                            got: short(item),
                        });
                    }
                }
            }
            Some(_) => wrong("external_references", "a list of references"),
            None => {}
        }
    }

    /// The object's well-formed external references (the others are noted by [`Object::check_types`]).
    pub(super) fn references(&self) -> impl Iterator<Item = &Map<String, Value>> {
        let list = match self.map.get("external_references") {
            Some(Value::Array(items)) => items.as_slice(),
            _ => &[],
        };
        list.iter().filter_map(Value::as_object).filter(|r| {
            ["source_name", "url", "external_id", "description"].iter().all(|k| r.get(*k).is_none_or(Value::is_string))
                && ["source_name", "url", "external_id"].iter().any(|k| r.get(*k).is_some_and(Value::is_string))
        })
    }
}

/// A value as shown in a message: short JSON.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 40 {
        text
    } else {
        format!("{}…", text.chars().take(40).collect::<String>())
    }
}

/// An attribute's text for a property value: text as is, lists joined with `, ` (kill-chain phases as
/// `chain:phase`), anything else as compact JSON.
pub(super) fn attr_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => s.clone(),
                Value::Object(o) if o.contains_key("kill_chain_name") && o.contains_key("phase_name") => format!(
                    "{}:{}",
                    o["kill_chain_name"].as_str().unwrap_or_default(),
                    o["phase_name"].as_str().unwrap_or_default()
                ),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}
