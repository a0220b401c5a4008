//! Reading `actorgraph/1` JSON documents.
//!
//! A well-formed document is read in one pass straight into typed records. Only when that fails does the
//! reader go back and read record by record, so that *every* bad record is reported, each with its line,
//! column and field, and the good ones still load for the checks that follow.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::locate::{offset_in, top_level_keys, LineIndex};
use super::parsed::ParsedFile;
use super::raw::{RawDocument, Section};
use crate::diagnostic::{Diagnostic, Severity};

/// The format this version reads.
pub const FORMAT: &str = "actorgraph/1";

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "an actorgraph document: a JSON object with \"actors\" and \"relations\"")]
struct LooseDocument<'a> {
    format: Option<String>,
    title: Option<String>,
    description: Option<String>,
    #[serde(borrow, default)]
    actors: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    relations: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    sources: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    relation_kinds: Vec<&'a RawValue>,
}

/// Parses one JSON document; problems go into the returned file's diagnostics.
pub(crate) fn parse(file: &mut ParsedFile, text: &str) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let index_of_start = text.len() - text.trim_start().len();
    match text[index_of_start..].chars().next() {
        None => {
            file.diagnostics.push(Diagnostic {
                remedy: None,
                help: Some(DOCUMENT_SHAPE.to_owned()),
                ..located(file, &LineIndex::new(text), text.len(), None, None, "the file is empty".to_owned())
            });
            return;
        }
        Some('[') => {
            file.diagnostics.push(Diagnostic {
                remedy: None,
                help: Some(format!("put the list under a key: {DOCUMENT_SHAPE}")),
                ..located(
                    file,
                    &LineIndex::new(text),
                    index_of_start,
                    None,
                    None,
                    "the file holds a list [...], but an actorgraph file is one JSON object {...}".to_owned(),
                )
            });
            return;
        }
        Some(_) => {}
    }
    match serde_json::from_str::<RawDocument>(text) {
        Ok(doc) => file.doc = doc,
        Err(error) if error.is_syntax() || error.is_eof() => {
            let index = LineIndex::new(text);
            let offset = index.offset(error.line(), error.column());
            let mut diagnostic = located(file, &index, offset, None, None, humanize(&error, true));
            let rest = text.get(offset..).unwrap_or_default();
            if ["NaN", "Infinity", "-Infinity", "inf"].iter().any(|word| rest.starts_with(word)) {
                diagnostic.message = "NaN and Infinity are not numbers in JSON".to_owned();
                diagnostic.help =
                    Some("write a number (a confidence is between 0 and 1), or leave the field out".to_owned());
            } else if let Some(word) = ["True", "False", "None"].iter().find(|word| rest.starts_with(**word)) {
                diagnostic.message = format!("`{word}` is not JSON");
                diagnostic.help = Some("write true, false or null, in lower case".to_owned());
            }
            file.diagnostics.push(diagnostic);
        }
        Err(_) => parse_record_by_record(file, text),
    }
    if let Some(format) = &file.doc.format {
        if format != FORMAT {
            let index = LineIndex::new(text);
            let at = top_level_keys(text).into_iter().find(|(k, _)| k == "format").map(|(_, at)| at);
            let mut diagnostic = located(
                file,
                &index,
                at.unwrap_or(0),
                None,
                Some("format".to_owned()),
                format!("format '{format}' is not one this version reads"),
            );
            if at.is_none() {
                (diagnostic.line, diagnostic.column) = (None, None);
            }
            diagnostic.help = Some(format!("write \"format\": \"{FORMAT}\", or leave the field out"));
            file.diagnostics.push(diagnostic);
        }
    }
}

/// The shape of a document, for messages.
const DOCUMENT_SHAPE: &str =
    "an actorgraph file looks like {\"format\": \"actorgraph/1\", \"actors\": [...], \"relations\": [...]}";

/// The name of a record whose fields do not parse, when its id (or a kind's name) is still readable.
#[derive(Deserialize)]
struct RecordName {
    id: Option<String>,
    kind: Option<String>,
}

fn parse_record_by_record(file: &mut ParsedFile, text: &str) {
    let index = LineIndex::new(text);
    let loose: LooseDocument = match serde_json::from_str(text) {
        Ok(loose) => loose,
        Err(error) => {
            let offset = value_start(text, index.offset(error.line(), error.column()));
            let unknown = key_of_unknown_field_error(&error);
            let field = unknown.clone().or_else(|| {
                top_level_keys(text).into_iter().take_while(|(_, at)| *at <= offset).last().map(|(k, _)| k)
            });
            let help = match (&unknown, field.as_deref()) {
                (Some(key), _) => Some(did_you_mean_field(&error, key).unwrap_or_else(|| {
                    "a document has the keys format, title, description, actors, relations, sources, relation_kinds"
                        .to_owned()
                })),
                (None, Some(section @ ("actors" | "relations" | "sources" | "relation_kinds"))) => {
                    Some(format!("\"{section}\" holds a list of records: \"{section}\": [{{...}}, {{...}}]"))
                }
                (None, Some(key @ ("format" | "title" | "description"))) => {
                    Some(format!("\"{key}\" holds text in quotes"))
                }
                _ => Some(DOCUMENT_SHAPE.to_owned()),
            };
            let mut diagnostic = located(file, &index, offset, None, field, humanize(&error, false));
            diagnostic.help = help;
            file.diagnostics.push(diagnostic);
            return;
        }
    };
    file.doc.format = loose.format;
    file.doc.title = loose.title;
    file.doc.description = loose.description;
    let read = |section: Section, records: &[&RawValue], file: &mut ParsedFile| {
        for (i, record) in records.iter().enumerate() {
            let ok = match section {
                Section::Actors => serde_json::from_str(record.get()).map(|r| file.doc.actors.push(r)),
                Section::Relations => serde_json::from_str(record.get()).map(|r| file.doc.relations.push(r)),
                Section::Sources => serde_json::from_str(record.get()).map(|r| file.doc.sources.push(r)),
                Section::RelationKinds => serde_json::from_str(record.get()).map(|r| file.doc.relation_kinds.push(r)),
            };
            match ok {
                Ok(()) => file.record_pos[section as usize].push(i as u64),
                Err(error) => {
                    let record_text = record.get();
                    let record_start = offset_in(text, record_text);
                    let inner = LineIndex::new(record_text).offset(error.line(), error.column());
                    let field = field_of_record_error(&error, record_text, inner);
                    let offset = match &field {
                        Some(name) if error.to_string().starts_with("missing field") => {
                            let _ = name;
                            record_start
                        }
                        _ => record_start + inner,
                    };
                    let name = serde_json::from_str::<RecordName>(record_text).ok().and_then(|n| match section {
                        Section::RelationKinds => n.kind,
                        _ => n.id,
                    });
                    let subject = Some(match name.filter(|n| !n.trim().is_empty()) {
                        Some(name) => format!("{} '{name}'", section.noun()),
                        None => format!("{} #{}", section.noun(), i + 1),
                    });
                    if !record_text.starts_with('{') {
                        let mut diagnostic = located(
                            file,
                            &index,
                            record_start,
                            subject,
                            None,
                            format!(
                                "each {} must be an object {{...}}, not {}",
                                section.noun(),
                                json_kind(record_text)
                            ),
                        );
                        diagnostic.help = Some(format!("for example {}", example(section)));
                        file.diagnostics.push(diagnostic);
                        continue;
                    }
                    let mut diagnostic = located(file, &index, offset, subject, field.clone(), humanize(&error, false));
                    let attrs = match section {
                        Section::Actors | Section::Relations => {
                            "keep extra information under \"attrs\" (a map of text values)"
                        }
                        _ => "attrs (extra information) exist only on actors and relations",
                    };
                    if let Some(key) = key_of_unknown_field_error(&error) {
                        diagnostic.help = Some(match did_you_mean_field(&error, &key) {
                            Some(near) => format!("{near} Otherwise {attrs}"),
                            None => attrs.to_owned(),
                        });
                    } else if field.as_deref() == Some("attrs") && diagnostic.message.starts_with("wrong type") {
                        diagnostic.help = Some(
                            "attrs is a map of text values: {\"founded\": \"2003\"} (numbers in quotes)".to_owned(),
                        );
                    }
                    file.diagnostics.push(diagnostic);
                }
            }
        }
    };
    read(Section::Actors, &loose.actors, file);
    read(Section::Relations, &loose.relations, file);
    read(Section::Sources, &loose.sources, file);
    read(Section::RelationKinds, &loose.relation_kinds, file);
}

fn located(
    file: &ParsedFile,
    index: &LineIndex,
    offset: usize,
    subject: Option<String>,
    field: Option<String>,
    message: String,
) -> Diagnostic {
    let (line, column) = index.line_col(offset);
    Diagnostic {
        severity: Severity::Error,
        file: file.name.clone(),
        line: Some(line),
        column: Some(column),
        subject,
        field,
        message,
        remedy: None,
        help: None,
    }
}

/// The field a record-level error is about: named in the message (missing/unknown field), or the last key
/// before the error position.
fn field_of_record_error(error: &serde_json::Error, record: &str, offset: usize) -> Option<String> {
    let message = error.to_string();
    if let Some(rest) = message.strip_prefix("missing field `") {
        return rest.split('`').next().map(str::to_owned);
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return rest.split('`').next().map(str::to_owned);
    }
    let offset = value_start(record, offset);
    top_level_keys(record).into_iter().take_while(|(_, at)| *at <= offset).last().map(|(k, _)| k)
}

/// serde_json places the type errors it finds by peeking on the character just before the value (the `:` or
/// a blank): move to the value itself.
fn value_start(text: &str, offset: usize) -> usize {
    let Some(rest) = text.get(offset..) else { return offset };
    let after = rest.strip_prefix([':', ',']).unwrap_or(rest).trim_start();
    if after.len() == rest.len() {
        offset
    } else {
        offset + rest.len() - after.len()
    }
}

/// What a JSON value is, from its first character, for messages.
fn json_kind(value: &str) -> &'static str {
    match value.trim_start().chars().next() {
        Some('[') => "a list [...]",
        Some('"') => "text",
        Some('t' | 'f') => "true or false",
        Some('n') => "null",
        _ => "a number",
    }
}

/// An example record of a section, for messages.
fn example(section: Section) -> &'static str {
    match section {
        Section::Actors => "{\"id\": \"iran\", \"name\": \"Iran\"}",
        Section::Relations => "{\"from\": \"iran\", \"to\": \"bashar-al-assad\", \"kind\": \"supports\"}",
        Section::Sources => "{\"id\": \"reuters-2024-12-02\", \"publisher\": \"Reuters\"}",
        Section::RelationKinds => "{\"kind\": \"trades_with\", \"sign\": \"positive\"}",
    }
}

fn key_of_unknown_field_error(error: &serde_json::Error) -> Option<String> {
    let message = error.to_string();
    message.strip_prefix("unknown field `").and_then(|rest| rest.split('`').next()).map(str::to_owned)
}

/// "did you mean `name`?" for an unknown field, from the fields serde lists as expected.
fn did_you_mean_field(error: &serde_json::Error, key: &str) -> Option<String> {
    let message = error.to_string();
    let expected = message.split_once("expected ")?.1;
    let fields: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let near = crate::lookup::suggest(key, fields.into_iter(), 1);
    near.first().map(|n| format!("did you mean `{n}`?"))
}

/// serde_json's message without its position (given separately) and with Rust and parser words in plain
/// ones.
pub(crate) fn humanize(error: &serde_json::Error, syntax: bool) -> String {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => &message,
    };
    let plain = match message {
        "EOF while parsing a list" => Some("the file ends inside a list [...]"),
        "EOF while parsing an object" => Some("the file ends inside an object {...}"),
        "EOF while parsing a string" => Some("the file ends inside a text in quotes"),
        "EOF while parsing a value" => Some("the file ends where a value was expected"),
        "expected value" => {
            Some("a value was expected here: text in quotes, a number, true, false, null, a list or an object")
        }
        "expected `,` or `]`" => Some("expected `,` or `]`: is a comma missing between two items of a list?"),
        "expected `,` or `}`" => Some("expected `,` or `}`: is a comma missing between two fields of an object?"),
        "expected `:`" => Some("expected `:` between a key and its value"),
        "expected ident" => Some("a word here is not true, false or null"),
        "trailing comma" => Some("a comma after the last item is not allowed in JSON; remove it"),
        "trailing characters" => Some("there is more text after the end of the document"),
        "key must be a string" => Some("keys must be in double quotes (\"id\", not 'id' or id)"),
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            Some("a line break or tab inside text in quotes; write it as \\n or \\t")
        }
        "recursion limit exceeded" => Some("the document is nested too deeply (more than 128 levels)"),
        _ => None,
    };
    if let Some(plain) = plain {
        let advice = if error.is_eof() { "is the file truncated?" } else { "the file is not valid JSON here" };
        return format!("{plain} ({advice})");
    }
    let message = message
        .replace("invalid type: ", "wrong type: ")
        .replace("invalid length ", "wrong number of items: ")
        .replace("wrong type: map,", "wrong type: an object {...},")
        .replace("wrong type: sequence,", "wrong type: a list [...],")
        .replace("wrong type: unit value,", "wrong type: null,")
        .replace("missing field `", "the required field `")
        .replace("expected a string", "expected text in quotes")
        .replace("expected f64", "expected a number")
        .replace("expected i64", "expected a whole number")
        .replace("expected a boolean", "expected true or false")
        .replace("expected a sequence", "expected a list [...]")
        .replace("expected a map", "expected an object {...}")
        .replace("integer `", "number `")
        .replace("floating point `", "number `");
    let message = if message.starts_with("the required field `") { format!("{message} is missing") } else { message };
    if syntax {
        let advice = if error.is_eof() { "is the file truncated?" } else { "the file is not valid JSON here" };
        format!("{message} ({advice})")
    } else {
        message
    }
}
