//! Reading the spreadsheet form of a dataset: `actors.csv`, `relations.csv` and `sources.csv`.
//!
//! What a CSV file holds is told by its header, not its name: `from,to,kind` makes a relations file,
//! `publisher` or `reliability` a sources file, `kind,sign` a relation-kinds file, and `id` an actors file.
//! Lists (`aliases`, `tags`, `sources`) are `;`-separated; an empty cell is an absent value. Columns the
//! format does not know are kept as `attrs`, never dropped.

use std::io::Write;

use indexmap::IndexMap;

use super::intern::Sym;
use super::parsed::ParsedFile;
use super::raw::{RawActor, RawDate, RawKind, RawRelation, RawSource, Section};
use crate::diagnostic::{Diagnostic, Severity};

/// The columns an actors file knows; any other column is an attribute.
pub(crate) const ACTOR_COLUMNS: &[&str] = &["id", "name", "kind", "aliases", "tags"];
/// The columns a relations file knows; any other column is an attribute.
pub(crate) const RELATION_COLUMNS: &[&str] =
    &["id", "from", "to", "kind", "date", "until", "confidence", "credibility", "sources", "note"];
/// The columns of a sources file.
pub(crate) const SOURCE_COLUMNS: &[&str] = &["id", "publisher", "title", "date", "url", "reliability"];
/// The columns of a relation-kinds file.
pub(crate) const KIND_COLUMNS: &[&str] =
    &["kind", "sign", "symmetric", "hierarchical", "statement", "upward", "description"];

/// What a CSV file holds, told by its (trimmed, lower-case) header.
pub(crate) fn section_of(headers: &[String]) -> Option<Section> {
    let has = |name: &str| headers.iter().any(|h| h == name);
    if has("from") && has("to") && has("kind") {
        Some(Section::Relations)
    } else if has("kind") && has("sign") {
        Some(Section::RelationKinds)
    } else if has("id") && (has("publisher") || has("reliability")) {
        Some(Section::Sources)
    } else if has("id") {
        Some(Section::Actors)
    } else {
        None
    }
}

/// Parses one CSV file; problems go into the returned file's diagnostics.
pub(crate) fn parse(file: &mut ParsedFile, bytes: &[u8]) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = ::csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(error) => {
            file.diagnostics.push(csv_error(file, &error, None));
            return;
        }
    };
    let Some(section) = section_of(&headers) else {
        file.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            file: file.name.clone(),
            line: Some(1),
            column: None,
            subject: None,
            field: None,
            message: format!("cannot tell what this CSV file holds from its header ({})", headers.join(",")),
            help: Some(
                "actors need an `id` column; relations need `from,to,kind`; sources need `id` and `publisher`"
                    .to_owned(),
            ),
        });
        return;
    };
    let known = match section {
        Section::Actors => ACTOR_COLUMNS,
        Section::Relations => RELATION_COLUMNS,
        Section::Sources => SOURCE_COLUMNS,
        Section::RelationKinds => KIND_COLUMNS,
    };
    let extra: Vec<usize> = (0..headers.len()).filter(|&i| !known.contains(&headers[i].as_str())).collect();
    if matches!(section, Section::Sources | Section::RelationKinds) && !extra.is_empty() {
        let names: Vec<&str> = extra.iter().map(|&i| headers[i].as_str()).collect();
        file.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            file: file.name.clone(),
            line: Some(1),
            column: None,
            subject: None,
            field: Some(names.join(", ")),
            message: format!("unknown column{} in a {} file", if names.len() == 1 { "" } else { "s" }, section.noun()),
            help: Some(format!("the columns are {}", known.join(","))),
        });
        return;
    }
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                file.diagnostics.push(csv_error(file, &error, None));
                if matches!(error.kind(), ::csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(0, ::csv::Position::line);
        if record.len() != headers.len() {
            // A quote opened and never closed swallows the following lines into one cell.
            let help = if record.iter().any(|cell| cell.contains('\n')) {
                "a quote (\") in this row seems never to be closed, so the next lines were read into it; close it, or quote cells that contain commas"
            } else {
                "check for a stray comma, or quote cells that contain commas"
            };
            file.diagnostics.push(at_line(
                file,
                line,
                None,
                format!("this row has {} cells but the header has {}", record.len(), headers.len()),
                Some(help.to_owned()),
            ));
            continue;
        }
        let cell = |name: &str| -> Option<String> {
            column(name).and_then(|i| record.get(i)).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
        };
        let list = |name: &str| -> Vec<String> {
            cell(name)
                .map(|s| s.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
                .unwrap_or_default()
        };
        let attrs = || -> IndexMap<String, String> {
            extra
                .iter()
                .filter_map(|&i| {
                    let value = record.get(i)?.trim();
                    (!value.is_empty()).then(|| (headers[i].clone(), value.to_owned()))
                })
                .collect()
        };
        let mut problems = Vec::new();
        let mut required = |name: &str| -> String {
            cell(name).unwrap_or_else(|| {
                problems.push((name.to_owned(), "this cell is empty, but it is required".to_owned(), None));
                String::new()
            })
        };
        match section {
            Section::Actors => {
                let id = required("id");
                if problems.is_empty() {
                    file.doc.actors.push(RawActor {
                        id: Sym::new(&id),
                        name: cell("name"),
                        kind: cell("kind"),
                        aliases: list("aliases"),
                        tags: list("tags"),
                        attrs: attrs(),
                    });
                }
            }
            Section::Relations => {
                let (from, to, kind) = (required("from"), required("to"), required("kind"));
                let confidence = match cell("confidence") {
                    None => None,
                    Some(text) => match text.parse::<f64>() {
                        Ok(value) => Some(value),
                        Err(_) => {
                            problems.push((
                                "confidence".to_owned(),
                                format!("'{text}' is not a number"),
                                Some("write the confidence as a number from 0 to 1, e.g. 0.8".to_owned()),
                            ));
                            None
                        }
                    },
                };
                let credibility = match cell("credibility") {
                    None => None,
                    Some(text) => match text.parse::<i64>() {
                        Ok(value) => Some(value),
                        Err(_) => {
                            problems.push((
                                "credibility".to_owned(),
                                format!("'{text}' is not a whole number from 1 to 6"),
                                Some("Admiralty code: 1 confirmed, 2 probably true, … 6 cannot be judged".to_owned()),
                            ));
                            None
                        }
                    },
                };
                if problems.is_empty() {
                    let attrs = attrs();
                    file.doc.relations.push(RawRelation {
                        id: cell("id").map(String::into_boxed_str),
                        from: Sym::new(&from),
                        to: Sym::new(&to),
                        kind: Sym::new(&kind),
                        date: cell("date").map(|d| RawDate::from_text(&d)),
                        until: cell("until").map(|d| RawDate::from_text(&d)),
                        confidence,
                        credibility,
                        sources: list("sources").iter().map(|s| Sym::new(s).0).collect(),
                        note: cell("note").map(String::into_boxed_str),
                        attrs: (!attrs.is_empty()).then(|| Box::new(attrs)),
                    });
                }
            }
            Section::Sources => {
                let id = required("id");
                if problems.is_empty() {
                    file.doc.sources.push(RawSource {
                        id: Sym::new(&id),
                        publisher: cell("publisher"),
                        title: cell("title"),
                        date: cell("date").map(|d| RawDate::from_text(&d)),
                        url: cell("url"),
                        reliability: cell("reliability"),
                        imported: false,
                    });
                }
            }
            Section::RelationKinds => {
                let kind = required("kind");
                // Spreadsheets write TRUE/FALSE; anything unrecognised is an error, not a silent `false`.
                let mut flag = |name: &str| match cell(name).map(|v| v.to_lowercase()).as_deref() {
                    None | Some("false" | "no" | "0") => false,
                    Some("true" | "yes" | "1") => true,
                    Some(_) => {
                        problems.push((
                            name.to_owned(),
                            format!("'{}' is not true or false", cell(name).unwrap_or_default()),
                            Some("write true or false (yes/no and 1/0 work too); an empty cell is false".to_owned()),
                        ));
                        false
                    }
                };
                let (symmetric, hierarchical, statement, upward) =
                    (flag("symmetric"), flag("hierarchical"), flag("statement"), flag("upward"));
                if problems.is_empty() {
                    file.doc.relation_kinds.push(RawKind {
                        kind,
                        sign: cell("sign"),
                        symmetric,
                        hierarchical,
                        statement,
                        upward,
                        description: cell("description"),
                    });
                }
            }
        }
        if problems.is_empty() {
            file.record_pos[section as usize].push(line);
        }
        for (field, message, help) in problems {
            file.diagnostics.push(at_line(file, line, Some(field), message, help));
        }
    }
    file.csv_section = Some(section);
}

fn at_line(file: &ParsedFile, line: u64, field: Option<String>, message: String, help: Option<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.name.clone(),
        line: usize::try_from(line).ok(),
        column: None,
        subject: None,
        field,
        message,
        help,
    }
}

fn csv_error(file: &ParsedFile, error: &::csv::Error, field: Option<String>) -> Diagnostic {
    let line = error.position().map_or(1, ::csv::Position::line);
    let message = match error.kind() {
        ::csv::ErrorKind::Utf8 { err, .. } => {
            format!("cell {} is not valid UTF-8 text; save the spreadsheet as \"CSV UTF-8\"", err.field() + 1)
        }
        _ => error.to_string(),
    };
    at_line(file, line, field, message, None)
}

/// Writes rows as CSV: a header, then one line per row.
///
/// # Errors
/// When the writer fails.
pub fn write_csv(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header).map_err(csv_io_error)?;
    for row in rows {
        writer.write_record(row).map_err(csv_io_error)?;
    }
    writer.flush()
}

/// The I/O error inside a CSV error, with its kind kept (a closed pipe must stay `BrokenPipe`).
fn csv_io_error(error: csv::Error) -> std::io::Error {
    if !error.is_io_error() {
        return std::io::Error::other(error);
    }
    match error.into_kind() {
        csv::ErrorKind::Io(io) => io,
        _ => std::io::Error::other("the CSV writer failed"),
    }
}
