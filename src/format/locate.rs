//! Finding where a record or field sits in a JSON text, so messages can give a line and column.
//!
//! This runs only when there is something to report: the fast loading path never pays for it.

use std::ops::ControlFlow;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::raw::Section;

/// Line starts of a text, to turn byte offsets into 1-based line and column (in characters).
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { text, starts: line_starts(text) }
    }

    /// `(line, column)` of a byte offset, both 1-based.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(self.text, &self.starts, offset)
    }

    /// The byte offset of a 1-based `(line, column)` as serde_json reports it (column counted in bytes).
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let start = self.starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len());
        (start + column.saturating_sub(1)).min(self.text.len())
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

fn line_col(text: &str, starts: &[usize], offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
    // A byte-order mark is invisible in editors: columns on the first line start after it.
    let start = if line == 0 && text.starts_with('\u{feff}') { 3.min(offset) } else { starts[line] };
    let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
    (line + 1, column)
}

/// The string value of a JSON object's top-level `"type"` key, read without parsing the whole document:
/// the scan stops at that key, or at an actorgraph document's `format`, `actors` or `relations` key.
pub(crate) fn top_level_type(text: &str) -> Option<String> {
    scan_top_level_keys(text, |key, value_at| match key {
        "type" => {
            let rest = text.get(value_at..).unwrap_or_default();
            let mut values = serde_json::Deserializer::from_str(rest).into_iter::<String>();
            ControlFlow::Break(values.next().and_then(Result::ok))
        }
        "format" | "actors" | "relations" => ControlFlow::Break(None),
        _ => ControlFlow::Continue(()),
    })
    .flatten()
}

/// Walks the keys directly inside a JSON object text (as written, escapes not decoded), calling `visit` with
/// each key and the byte offset where its value starts, until `visit` breaks. One pass, nothing parsed.
fn scan_top_level_keys<R>(object: &str, mut visit: impl FnMut(&str, usize) -> ControlFlow<R>) -> Option<R> {
    let bytes = object.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut last_string: Option<(usize, usize)> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                last_string = (depth == 1).then_some((start, i.min(bytes.len())));
            }
            b':' if depth == 1 => {
                if let Some((start, end)) = last_string.take() {
                    let mut value = i + 1;
                    while value < bytes.len() && bytes[value].is_ascii_whitespace() {
                        value += 1;
                    }
                    if let ControlFlow::Break(found) = visit(object.get(start..end).unwrap_or_default(), value) {
                        return Some(found);
                    }
                }
            }
            b'{' | b'[' => {
                depth += 1;
                last_string = None;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                last_string = None;
            }
            b',' => last_string = None,
            _ => {}
        }
        i += 1;
    }
    None
}

#[derive(Deserialize, Default)]
struct Sections<'a> {
    #[serde(borrow, default)]
    actors: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    relations: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    sources: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    relation_kinds: Option<Vec<&'a RawValue>>,
}

/// The records of each section, as text slices of the document (empty when the document does not parse).
pub(crate) struct RecordTexts<'a> {
    sections: Sections<'a>,
}

impl<'a> RecordTexts<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { sections: serde_json::from_str(text).unwrap_or_default() }
    }

    pub fn get(&self, section: Section) -> &[&'a RawValue] {
        let list = match section {
            Section::Actors => &self.sections.actors,
            Section::Relations => &self.sections.relations,
            Section::Sources => &self.sections.sources,
            Section::RelationKinds => &self.sections.relation_kinds,
        };
        list.as_deref().unwrap_or(&[])
    }
}

/// Byte offset of `slice` inside `text`; `slice` must be a subslice of `text`.
pub(crate) fn offset_in(text: &str, slice: &str) -> usize {
    (slice.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// The keys directly inside a JSON object text, with the byte offset where each key's value starts.
pub(crate) fn top_level_keys(object: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    scan_top_level_keys(object, |key, value_at| {
        let key = serde_json::from_str::<String>(&format!("\"{key}\"")).unwrap_or_else(|_| key.to_owned());
        keys.push((key, value_at));
        ControlFlow::<()>::Continue(())
    });
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_skips_nested_ones() {
        let object = r#"{"id": "a", "attrs": {"x": "y"}, "note": "a \"quoted\": b", "to":"z"}"#;
        let keys: Vec<_> = top_level_keys(object).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["id", "attrs", "note", "to"]);
        let (_, at) = top_level_keys(object).into_iter().find(|(k, _)| k == "to").unwrap();
        assert_eq!(&object[at..at + 3], "\"z\"");
    }

    #[test]
    fn finds_a_bundle_type_without_reading_the_rest() {
        assert_eq!(top_level_type(r#"{"type": "bundle", "objects": [{"type": "x"}]}"#).as_deref(), Some("bundle"));
        assert_eq!(
            top_level_type(r#"{"id": "b", "objects": [{"type": "x"}], "type":"bundle"}"#).as_deref(),
            Some("bundle")
        );
        assert_eq!(top_level_type(r#"{"format": "actorgraph/1", "type": "bundle"}"#), None);
        assert_eq!(top_level_type(r#"{"actors": [{"type": "bundle"}]}"#), None);
        assert_eq!(top_level_type(r#"{"a\"type": 1, "type": "bundle""#).as_deref(), Some("bundle"));
        assert_eq!(top_level_type("not json"), None);
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\n\u{0643}\u{062a}x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(text.find('x').unwrap()), (2, 3));
        assert_eq!(index.offset(2, 1), 3);
        let bom = "\u{feff}{\"a\": 1}";
        assert_eq!(LineIndex::new(bom).line_col(bom.find('1').unwrap()), (1, 7), "the mark is not a column");
    }
}
