//! Finding where a record or field sits in a JSON text, so messages can give a line and column.
//!
//! This runs only when there is something to report: the fast loading path never pays for it.

use std::ops::ControlFlow;

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

/// The records of each section, as text slices of the document (empty when the document does not parse).
pub(crate) struct RecordTexts<'a> {
    sections: [Vec<&'a str>; 4],
}

impl<'a> RecordTexts<'a> {
    /// Finds the records in one pass over the bytes, decoding nothing. Records are placed only in a document
    /// its reader parsed, so well-formed JSON; any other text has no records, as when serde_json read the
    /// sections as raw values (which took a quarter of placing the warnings of a 200 MB file).
    pub fn new(text: &'a str) -> Self {
        let mut sections: [Vec<&'a str>; 4] = Default::default();
        if scan_sections(text, &mut sections).is_none() {
            sections = Default::default();
        }
        Self { sections }
    }

    pub fn get(&self, section: Section) -> &[&'a str] {
        &self.sections[section as usize]
    }
}

/// JSON's white space.
fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|&b| is_blank(b)) {
        i += 1;
    }
    i
}

/// The end of the string starting at `i` (just past its closing quote).
fn skip_string(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match *bytes.get(j)? {
            b'"' => return Some(j + 1),
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
}

/// The end of the value starting at `i`.
fn skip_value(bytes: &[u8], i: usize) -> Option<usize> {
    match *bytes.get(i)? {
        b'"' => skip_string(bytes, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match *bytes.get(j)? {
                    b'"' => {
                        j = skip_string(bytes, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while bytes.get(j).is_some_and(|&b| !is_blank(b) && !matches!(b, b',' | b'}' | b']')) {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// Fills `sections` with the records of a document's four lists; `None` when the text is not an object
/// with each list at most once, as a list or `null` (then the caller keeps no records).
fn scan_sections<'a>(text: &'a str, sections: &mut [Vec<&'a str>; 4]) -> Option<()> {
    let bytes = text.as_bytes();
    let mut seen = [false; 4];
    let mut i = skip_blanks(bytes, 0);
    if *bytes.get(i)? != b'{' {
        return None;
    }
    i = skip_blanks(bytes, i + 1);
    if *bytes.get(i)? == b'}' {
        return (skip_blanks(bytes, i + 1) == bytes.len()).then_some(());
    }
    loop {
        if *bytes.get(i)? != b'"' {
            return None;
        }
        let key_end = skip_string(bytes, i)?;
        let key = text.get(i + 1..key_end - 1)?;
        i = skip_blanks(bytes, key_end);
        if *bytes.get(i)? != b':' {
            return None;
        }
        i = skip_blanks(bytes, i + 1);
        let section = match &*decode_key(key) {
            "actors" => Some(Section::Actors),
            "relations" => Some(Section::Relations),
            "sources" => Some(Section::Sources),
            "relation_kinds" => Some(Section::RelationKinds),
            _ => None,
        };
        match section {
            Some(section) => {
                if std::mem::replace(&mut seen[section as usize], true) {
                    return None;
                }
                if bytes.get(i..i + 4) == Some(b"null") {
                    i += 4;
                } else if *bytes.get(i)? == b'[' {
                    i = skip_blanks(bytes, i + 1);
                    if *bytes.get(i)? == b']' {
                        i += 1;
                    } else {
                        loop {
                            let start = i;
                            i = skip_value(bytes, i)?;
                            sections[section as usize].push(text.get(start..i)?);
                            i = skip_blanks(bytes, i);
                            match *bytes.get(i)? {
                                b',' => i = skip_blanks(bytes, i + 1),
                                b']' => break i += 1,
                                _ => return None,
                            }
                        }
                    }
                } else {
                    return None;
                }
            }
            None => i = skip_value(bytes, i)?,
        }
        i = skip_blanks(bytes, i);
        match *bytes.get(i)? {
            b',' => i = skip_blanks(bytes, i + 1),
            b'}' => return (skip_blanks(bytes, i + 1) == bytes.len()).then_some(()),
            _ => return None,
        }
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
        keys.push((decode_key(key).into_owned(), value_at));
        ControlFlow::<()>::Continue(())
    });
    keys
}

/// The byte offset where the value of the first top-level key `name` starts in a JSON object text: what
/// [`top_level_keys`] would find, without a `String` per key (it runs once per finding, tens of thousands
/// of times in a big file with warnings).
pub(crate) fn value_of_key(object: &str, name: &str) -> Option<usize> {
    scan_top_level_keys(object, |key, value_at| {
        if decode_key(key) == name {
            ControlFlow::Break(value_at)
        } else {
            ControlFlow::Continue(())
        }
    })
}

/// A key as written, with its escapes decoded (as written when it does not decode). Without a backslash
/// there is nothing to decode.
fn decode_key(key: &str) -> std::borrow::Cow<'_, str> {
    if !key.contains('\\') {
        return std::borrow::Cow::Borrowed(key);
    }
    std::borrow::Cow::Owned(serde_json::from_str::<String>(&format!("\"{key}\"")).unwrap_or_else(|_| key.to_owned()))
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
        assert_eq!(value_of_key(object, "to"), Some(at));
        assert_eq!(value_of_key(object, "x"), None, "a nested key is not the object's");
        let escaped = r#"{"n\u006fte": 1, "note": 2}"#;
        assert_eq!(value_of_key(escaped, "note"), Some(escaped.find('1').unwrap()), "the first, decoded");
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
    fn records_are_found_as_serde_json_reads_them() {
        #[derive(serde::Deserialize, Default)]
        struct Sections<'a> {
            #[serde(borrow, default)]
            actors: Option<Vec<&'a serde_json::value::RawValue>>,
            #[serde(borrow, default)]
            relations: Option<Vec<&'a serde_json::value::RawValue>>,
            #[serde(borrow, default)]
            sources: Option<Vec<&'a serde_json::value::RawValue>>,
            #[serde(borrow, default)]
            relation_kinds: Option<Vec<&'a serde_json::value::RawValue>>,
        }
        let documents = [
            r#"{"actors": [{"id": "a", "x": {"y": ["]", "}"]}}, 3, "t\"x" , [1, [2]], null, true, -1.5e3],
                "relations": [], "other": {"actors": [1]}, "rel\u0061tions_x": 1, "sources": null}"#,
            " \n{ \"relation_kinds\" : [ {\"kind\": \"k\"} ] } \n",
            r#"{"relati\u006fns": [{"from": "a\\"}, {}]}"#,
            r#"{"actors": [{"id": "a"}], "actors": []}"#,
            r#"{"actors": 5}"#,
            r#"{"actors": [1}"#,
            r#"{"actors": [1]} x"#,
            "\u{feff}{\"actors\": [1]}",
            "[]",
            "{}",
            "",
        ];
        for text in documents {
            let expected: Sections = serde_json::from_str(text).unwrap_or_default();
            let found = RecordTexts::new(text);
            let raw = |list: Option<Vec<&serde_json::value::RawValue>>| -> Vec<String> {
                list.unwrap_or_default().iter().map(|r| r.get().to_owned()).collect()
            };
            let ours = |section| found.get(section).iter().map(|r| (*r).to_owned()).collect::<Vec<_>>();
            assert_eq!(ours(Section::Actors), raw(expected.actors), "{text}");
            assert_eq!(ours(Section::Relations), raw(expected.relations), "{text}");
            assert_eq!(ours(Section::Sources), raw(expected.sources), "{text}");
            assert_eq!(ours(Section::RelationKinds), raw(expected.relation_kinds), "{text}");
        }
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
