//! Loading datasets: `actorgraph/1` JSON documents, CSV files, STIX 2.1 bundles and GraphML files, one or
//! many, merged into one graph.
//!
//! Every reader turns its format into the same raw records, so validation, messages with file, line and
//! column, and merging with other files are shared. Loading never stops at the first problem: every file is
//! read, every record checked, and all problems are returned as [`Diagnostic`]s with file, line, column and
//! field. Only a dataset without errors becomes an [`ActorGraph`].

pub(crate) mod csv;
mod diagnostic;
mod graphml;
mod json;
mod locate;
mod raw;
mod resolve;
mod stix;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Severity};
pub use graphml::{GraphmlField, GraphmlMap, DEFAULT_EDGE_KIND};
pub(crate) use graphml::{ATTR_PREFIX, BLOB_ATTRIBUTE};
pub use json::FORMAT;

/// serde_json's message in plain words, without its position (reported separately).
#[must_use]
pub fn humanize_json_error(error: &serde_json::Error) -> String {
    json::humanize(error, error.is_syntax() || error.is_eof())
}

use crate::error::{Error, Result};
use crate::model::ActorGraph;
use raw::RawDocument;
pub(crate) use raw::Section;

/// The bundled Hashd–Syria dataset, compiled into the binary so every command works from any folder.
pub const EMBEDDED_DATASET: &str = include_str!("../../data/hashd-syria-2024-12.json");
/// How the bundled dataset is named in messages and captions.
pub const EMBEDDED_NAME: &str = "hashd-syria-2024-12.json (built in)";

/// Where a file's text can be read again to place a message at a line and column.
enum TextOrigin {
    Path(PathBuf),
    Static(&'static str),
    Owned(String),
}

/// Which reader a file is read with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// By the file: `.csv` is CSV, `.graphml` is GraphML, a JSON file whose top level is
    /// `"type": "bundle"` (or any `.stix.json`) is STIX, other JSON is the actorgraph format.
    #[default]
    Auto,
    /// The `actorgraph/1` JSON document.
    Actorgraph,
    /// The CSV files (actors, relations, sources, relation kinds), told apart by their header.
    Csv,
    /// A STIX 2.1 bundle.
    Stix,
    /// GraphML, as written by Gephi, yEd, NetworkX or `actorgraph export --to graphml`.
    Graphml,
}

/// How input files are read: the format (or `auto`) and, for GraphML, which attributes fill which fields.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The reader for every file, or `auto` to choose per file.
    pub input_format: InputFormat,
    /// GraphML attribute names for actor and relation fields.
    pub graphml_map: GraphmlMap,
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
    pub fn at(at: usize) -> Self {
        Self { at, fields: Vec::new() }
    }

    /// Notes where an actorgraph field's value sits, under its name in the file's format.
    pub fn field(&mut self, field: &'static str, name: &str, at: usize) {
        self.fields.push((field, name.into(), at));
    }
}

/// One input file after parsing, before merging.
pub(crate) struct ParsedFile {
    name: String,
    origin: TextOrigin,
    /// For a CSV file, the section its rows fill.
    csv_section: Option<Section>,
    doc: RawDocument,
    /// Per section: the JSON array index (when some records failed) or CSV line of each parsed record.
    record_pos: [Vec<u64>; 4],
    /// For a file converted from another format: where each record of each section came from.
    spots: Option<[Vec<Spot>; 4]>,
    /// Findings of a reader not yet placed at a line and column.
    notes: Vec<Note>,
    diagnostics: Vec<Diagnostic>,
}

/// A reader's finding at a byte offset of its file, before it is placed at a line and column.
pub(crate) struct Note {
    severity: Severity,
    offset: usize,
    pub subject: Option<String>,
    pub field: Option<String>,
    message: String,
    help: Option<String>,
}

impl ParsedFile {
    fn new(name: String, origin: TextOrigin) -> Self {
        Self {
            name,
            origin,
            csv_section: None,
            doc: RawDocument::default(),
            record_pos: Default::default(),
            spots: None,
            notes: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Notes a reader's finding at a byte offset of the file's text; [`ParsedFile::place`] turns the notes
    /// into diagnostics. The returned note can take a subject and a field.
    fn note(&mut self, severity: Severity, offset: usize, message: String, help: Option<String>) -> &mut Note {
        self.notes.push(Note { severity, offset, subject: None, field: None, message, help });
        let last = self.notes.len() - 1;
        &mut self.notes[last]
    }

    /// Turns the notes into diagnostics with line and column in `text`, indexing the text once.
    fn place(&mut self, text: &str) {
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
                help: note.help,
            });
        }
    }

    fn text(&self) -> Option<String> {
        match &self.origin {
            TextOrigin::Path(path) => std::fs::read(path).ok().map(|b| String::from_utf8_lossy(&b).into_owned()),
            TextOrigin::Static(text) => Some((*text).to_owned()),
            TextOrigin::Owned(text) => Some(text.clone()),
        }
    }
}

/// The outcome of checking a dataset: the graph if it has no errors, and every finding.
#[derive(Debug)]
pub struct Checked {
    /// The graph, when there are no errors.
    pub graph: Option<ActorGraph>,
    /// Every error and warning, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and checks the given files and folders (a folder loads every `.json`, `.csv` and `.graphml` file in
/// it, sorted by name). With no paths, checks the bundled dataset.
///
/// # Errors
/// Only when a path cannot be read at all (missing, unreadable). Problems *in* the files are returned as
/// diagnostics.
pub fn check(paths: &[PathBuf]) -> Result<Checked> {
    check_with(paths, &LoadOptions::default())
}

/// [`check`] with a chosen input format and GraphML mapping.
///
/// # Errors
/// Only when a path cannot be read at all. Problems *in* the files are returned as diagnostics.
pub fn check_with(paths: &[PathBuf], options: &LoadOptions) -> Result<Checked> {
    let files = if paths.is_empty() {
        vec![parse_text(
            EMBEDDED_NAME.to_owned(),
            TextOrigin::Static(EMBEDDED_DATASET),
            EMBEDDED_DATASET.as_bytes(),
            InputFormat::Actorgraph,
            options,
        )]
    } else {
        let mut files = Vec::new();
        let mut notes = Vec::new();
        for path in paths {
            for file in expand(path, &mut notes)? {
                files.push(parse_path(&file, options)?);
            }
        }
        if let Some(first) = files.first_mut() {
            first.diagnostics.splice(0..0, notes);
        }
        files
    };
    let (graph, diagnostics) = resolve::resolve(files);
    Ok(Checked { graph, diagnostics })
}

/// Loads the given files and folders (or the bundled dataset when there are none) into a graph.
///
/// # Errors
/// [`Error::Read`] when a path cannot be read; [`Error::InvalidData`] with every diagnostic when the dataset
/// has errors. Warnings alone do not fail the load.
pub fn load(paths: &[PathBuf]) -> Result<(ActorGraph, Vec<Diagnostic>)> {
    load_with(paths, &LoadOptions::default())
}

/// [`load`] with a chosen input format and GraphML mapping.
///
/// # Errors
/// As [`load`].
pub fn load_with(paths: &[PathBuf], options: &LoadOptions) -> Result<(ActorGraph, Vec<Diagnostic>)> {
    let checked = check_with(paths, options)?;
    match checked.graph {
        Some(graph) => Ok((graph, checked.diagnostics)),
        None => Err(Error::InvalidData { diagnostics: checked.diagnostics }),
    }
}

/// The bundled Hashd–Syria dataset.
///
/// # Panics
/// Never in a released build: a test loads the bundled dataset and fails on any error.
#[must_use]
pub fn embedded() -> ActorGraph {
    match load(&[]) {
        Ok((graph, _)) => graph,
        Err(error) => panic!("the bundled dataset does not load: {error}"),
    }
}

/// Loads one JSON document from a string (handy in tests and examples).
///
/// # Errors
/// [`Error::InvalidData`] with every diagnostic when the document has errors.
pub fn from_json_str(name: &str, text: &str) -> Result<ActorGraph> {
    let file = parse_text(
        name.to_owned(),
        TextOrigin::Owned(text.to_owned()),
        text.as_bytes(),
        InputFormat::Actorgraph,
        &LoadOptions::default(),
    );
    match resolve::resolve(vec![file]) {
        (Some(graph), _) => Ok(graph),
        (None, diagnostics) => Err(Error::InvalidData { diagnostics }),
    }
}

/// Reads and checks files held in memory, each given as `(name, bytes)`, each read as its name and content
/// say (see [`InputFormat::Auto`]). The files are merged as if they had been given to [`check`] in this order.
///
/// ```
/// let checked = actorgraph::load::check_bytes(&[
///     ("actors.csv", b"id,name\niran,Iran\nassad,Bashar al-Assad\n".as_slice()),
///     ("relations.csv", b"from,to,kind\niran,assad,supports\n".as_slice()),
/// ]);
/// assert_eq!(checked.graph.unwrap().relations().len(), 1);
/// assert!(actorgraph::load::check_bytes(&[("broken.json", b"{\"actors\": [".as_slice())]).graph.is_none());
/// ```
#[must_use]
pub fn check_bytes(files: &[(&str, &[u8])]) -> Checked {
    let parsed = files
        .iter()
        .map(|&(name, bytes)| {
            let origin = TextOrigin::Owned(String::from_utf8_lossy(bytes).into_owned());
            let options = LoadOptions::default();
            let format = format_of(Path::new(name), bytes, InputFormat::Auto);
            parse_text(name.to_owned(), origin, bytes, format, &options)
        })
        .collect();
    let (graph, diagnostics) = resolve::resolve(parsed);
    Checked { graph, diagnostics }
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

fn is_data_file(path: &Path) -> bool {
    ["json", "csv", "graphml"].iter().any(|e| has_extension(path, e))
}

/// The reader for a file: the forced one, or the one its name and first bytes call for.
fn format_of(path: &Path, bytes: &[u8], forced: InputFormat) -> InputFormat {
    if forced != InputFormat::Auto {
        return forced;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    if has_extension(path, "csv") {
        InputFormat::Csv
    } else if has_extension(path, "graphml") {
        InputFormat::Graphml
    } else if name.ends_with(".stix.json") {
        InputFormat::Stix
    } else {
        sniff(bytes)
    }
}

/// Tells GraphML (starts with `<`), a STIX bundle (a JSON object with `"type": "bundle"`) and an actorgraph
/// document apart by content.
fn sniff(bytes: &[u8]) -> InputFormat {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => InputFormat::Graphml,
        _ => match std::str::from_utf8(bytes) {
            Ok(text) if locate::top_level_type(text).as_deref() == Some("bundle") => InputFormat::Stix,
            _ => InputFormat::Actorgraph,
        },
    }
}

/// A folder's data files, sorted by name so loads are repeatable; anything else in it is noted, not
/// silently skipped.
fn expand(path: &Path, notes: &mut Vec<Diagnostic>) -> Result<Vec<PathBuf>> {
    let metadata = std::fs::metadata(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let entries = std::fs::read_dir(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read { path: path.to_owned(), source })?;
        let file = entry.path();
        if file.is_dir() {
            continue;
        }
        if is_data_file(&file) {
            files.push(file);
        } else {
            notes.push(Diagnostic {
                severity: Severity::Warning,
                file: file.display().to_string(),
                line: None,
                column: None,
                subject: None,
                field: None,
                message: "not loaded: only .json, .csv and .graphml files in a folder are read".to_owned(),
                help: None,
            });
        }
    }
    files.sort();
    if files.is_empty() {
        notes.push(Diagnostic {
            severity: Severity::Error,
            file: path.display().to_string(),
            line: None,
            column: None,
            subject: None,
            field: None,
            message: "the folder holds no .json, .csv or .graphml files".to_owned(),
            help: None,
        });
    }
    Ok(files)
}

fn parse_path(path: &Path, options: &LoadOptions) -> Result<ParsedFile> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    let format = format_of(path, &bytes, options.input_format);
    Ok(parse_text(path.display().to_string(), TextOrigin::Path(path.to_owned()), &bytes, format, options))
}

fn parse_text(
    name: String,
    origin: TextOrigin,
    bytes: &[u8],
    format: InputFormat,
    options: &LoadOptions,
) -> ParsedFile {
    let mut file = ParsedFile::new(name, origin);
    if format == InputFormat::Csv {
        csv::parse(&mut file, bytes);
        return file;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => match format {
            InputFormat::Stix => stix::parse(&mut file, text),
            InputFormat::Graphml => graphml::parse(&mut file, text, &options.graphml_map),
            InputFormat::Auto | InputFormat::Actorgraph | InputFormat::Csv => json::parse(&mut file, text),
        },
        Err(error) => {
            let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
            let (line, column) = locate::LineIndex::new(valid).line_col(valid.len());
            file.diagnostics.push(Diagnostic {
                severity: Severity::Error,
                file: file.name.clone(),
                line: Some(line),
                column: Some(column),
                subject: None,
                field: None,
                message: "the file is not valid UTF-8 text".to_owned(),
                help: Some(
                    "save it again with the encoding UTF-8 (in most editors: Save As…, Encoding: UTF-8)".to_owned(),
                ),
            });
        }
    }
    file
}
