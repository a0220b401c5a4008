//! Reading `actorgraph/1` JSON documents.
//!
//! A well-formed document is read in one pass straight into typed records. Only when that fails does the
//! reader go back and read record by record, so that *every* bad record is reported, each with its line,
//! column and field, and the good ones still load for the checks that follow.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::locate::{offset_in, top_level_keys, LineIndex};
use super::raw::{RawDocument, Section};
use super::{Diagnostic, ParsedFile, Severity};

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
    match serde_json::from_str::<RawDocument>(text) {
        Ok(doc) => file.doc = doc,
        Err(error) if error.is_syntax() || error.is_eof() => {
            let index = LineIndex::new(text);
            let offset = index.offset(error.line(), error.column());
            file.diagnostics.push(located(file, &index, offset, None, None, humanize(&error, true)));
        }
        Err(_) => parse_record_by_record(file, text),
    }
    if let Some(format) = &file.doc.format {
        if format != FORMAT {
            file.diagnostics.push(Diagnostic {
                severity: Severity::Error,
                file: file.name.clone(),
                line: None,
                column: None,
                subject: None,
                field: Some("format".to_owned()),
                message: format!("format '{format}' is not one this version reads"),
                help: Some(format!("write \"format\": \"{FORMAT}\", or leave the field out")),
            });
        }
    }
}

fn parse_record_by_record(file: &mut ParsedFile, text: &str) {
    let index = LineIndex::new(text);
    let loose: LooseDocument = match serde_json::from_str(text) {
        Ok(loose) => loose,
        Err(error) => {
            let offset = index.offset(error.line(), error.column());
            let field = key_of_top_level_error(&error);
            let help = field.is_none().then(|| {
                "a document has the keys format, title, description, actors, relations, sources, relation_kinds"
                    .to_owned()
            });
            let mut diagnostic = located(file, &index, offset, None, field, humanize(&error, false));
            diagnostic.help = help.or(diagnostic.help);
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
                    let subject = Some(format!("{} #{}", section.noun(), i + 1));
                    let mut diagnostic = located(file, &index, offset, subject, field, humanize(&error, false));
                    if diagnostic.message.starts_with("unknown field") {
                        diagnostic.help = Some(format!(
                            "keep extra information under \"attrs\" (a map of text values){}",
                            match section {
                                Section::Actors | Section::Relations => "",
                                _ => "; attrs exist on actors and relations",
                            }
                        ));
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
    top_level_keys(record).into_iter().take_while(|(_, at)| *at <= offset).last().map(|(k, _)| k)
}

fn key_of_top_level_error(error: &serde_json::Error) -> Option<String> {
    let message = error.to_string();
    message.strip_prefix("unknown field `").and_then(|rest| rest.split('`').next()).map(str::to_owned)
}

/// serde_json's message without its position (given separately) and with Rust type names in plain words.
pub(crate) fn humanize(error: &serde_json::Error, syntax: bool) -> String {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => &message,
    };
    let message = message
        .replace("invalid type: ", "wrong type: ")
        .replace("expected f64", "expected a number")
        .replace("expected i64", "expected a whole number")
        .replace("expected a boolean", "expected true or false")
        .replace("expected a sequence", "expected a list [...]")
        .replace("expected a map", "expected an object {...}")
        .replace("integer `", "number `")
        .replace("floating point `", "number `");
    if syntax {
        let advice = if error.is_eof() {
            "the file ends too early; is it truncated?"
        } else {
            "the file is not valid JSON here"
        };
        format!("{message} ({advice})")
    } else {
        message
    }
}
