//! A file after its reader has run, before it is linked with the others: the raw records, where each came
//! from, and the findings so far. Every reader fills one of these, so checking, messages with file, line
//! and column, and merging are shared.

use std::borrow::Cow;

use super::locate;
use super::raw::{RawDocument, Section};
use crate::diagnostic::{Diagnostic, Severity};

/// The file's text, kept from reading to placing its findings at a line and column.
///
/// Kept rather than read again: re-reading a 200 MB file (and copying it into a `String`) cost a fifth of
/// a load with many warnings, and a file changed meanwhile would have had its findings placed in the new text.
pub(crate) enum TextOrigin {
    /// The bytes as read from a file (checked as UTF-8 when they are placed in, not copied).
    Bytes(Vec<u8>),
    Static(&'static str),
    Owned(String),
    /// Nothing kept: the file's findings need no text (a CSV file places them by line alone).
    None,
}

/// Where a record converted from another format (STIX, GraphML) sits in its file, so that findings about
/// it point at the object or element it came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spot {
    /// Byte offset where the record starts (a STIX object's `{`, a GraphML `<node>` or `<edge>`).
    pub at: usize,
    /// Per actorgraph field: the field's name in the file's own format and the byte offset of its value.
    pub fields: Vec<(&'static str, Box<str>, usize)>,
}

impl Spot {
    /// A spot with no field positions.
    pub(crate) fn at(at: usize) -> Self {
        Self { at, fields: Vec::new() }
    }

    /// Notes where an actorgraph field's value sits, under its name in the file's format.
    pub(crate) fn field(&mut self, field: &'static str, name: &str, at: usize) {
        self.fields.push((field, name.into(), at));
    }
}

/// One input file after parsing, before merging.
pub(crate) struct ParsedFile {
    pub(crate) name: String,
    pub(crate) origin: TextOrigin,
    /// For a CSV file, the section its rows fill.
    pub(crate) csv_section: Option<Section>,
    pub(crate) doc: RawDocument,
    /// Per section: the JSON array index (when some records failed) or CSV line of each parsed record.
    pub(crate) record_pos: [Vec<u64>; 4],
    /// For a file converted from another format: where each record of each section came from.
    pub(crate) spots: Option<[Vec<Spot>; 4]>,
    /// Findings of a reader not yet placed at a line and column.
    pub(crate) notes: Vec<Note>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// For a file of another format: what its reader kept and left out (every importer fills one).
    pub(crate) summary: Option<crate::model::ImportSummary>,
}

/// A reader's finding at a byte offset of its file, before it is placed at a line and column.
pub(crate) struct Note {
    pub(crate) severity: Severity,
    pub(crate) offset: usize,
    pub(crate) subject: Option<String>,
    pub(crate) field: Option<String>,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    pub(crate) remedy: Option<crate::diagnostic::Remedy>,
}

impl Note {
    /// Gives the finding advice to change how the data is loaded, in words ([`crate::diagnostic::Remedy`]).
    pub(crate) fn advise(&mut self, remedy: crate::diagnostic::Remedy) {
        self.help = Some(remedy.describe().to_owned());
        self.remedy = Some(remedy);
    }
}

impl ParsedFile {
    pub(crate) fn new(name: String, origin: TextOrigin) -> Self {
        Self {
            name,
            origin,
            csv_section: None,
            doc: RawDocument::default(),
            record_pos: Default::default(),
            spots: None,
            notes: Vec::new(),
            diagnostics: Vec::new(),
            summary: None,
        }
    }

    /// The file's import summary, begun for `format` if the reader has not begun one yet. Every reader of
    /// another format counts here what it kept and left out, by type.
    pub(crate) fn summary(&mut self, format: &str) -> &mut crate::model::ImportSummary {
        self.summary.get_or_insert_with(|| crate::model::ImportSummary::new(format))
    }

    /// Notes a reader's finding at a byte offset of the file's text; [`ParsedFile::place`] turns the notes
    /// into diagnostics. The returned note can take a subject and a field.
    pub(crate) fn note(
        &mut self,
        severity: Severity,
        offset: usize,
        message: String,
        help: Option<String>,
    ) -> &mut Note {
        self.notes.push(Note { severity, offset, subject: None, field: None, message, help, remedy: None });
        let last = self.notes.len() - 1;
        &mut self.notes[last]
    }

    /// Turns the notes into diagnostics with line and column in `text`, indexing the text once.
    pub(crate) fn place(&mut self, text: &str) {
        if self.notes.is_empty() {
            return;
        }
        let index = locate::LineIndex::new(text);
        for note in std::mem::take(&mut self.notes) {
            let (line, column) = index.line_col(note.offset);
            self.diagnostics.push(Diagnostic {
                severity: note.severity,
                file: self.name.clone(),
                line: Some(line),
                column: Some(column),
                subject: note.subject,
                field: note.field,
                message: note.message,
                remedy: note.remedy,
                help: note.help,
            });
        }
    }

    /// The file's text, borrowed when it is valid UTF-8 (always, for a file that has records to place).
    pub(crate) fn text(&self) -> Option<Cow<'_, str>> {
        match &self.origin {
            TextOrigin::Bytes(bytes) => Some(String::from_utf8_lossy(bytes)),
            TextOrigin::Static(text) => Some(Cow::Borrowed(text)),
            TextOrigin::Owned(text) => Some(Cow::Borrowed(text)),
            TextOrigin::None => None,
        }
    }
}
