//! The file formats, each with its reader and its writer together, and the registry that picks a reader
//! for a file ([`InputFormat`]).
//!
//! - the actorgraph format: `json` and `csv` read it, [`dataset`] writes it (a JSON document or a folder
//!   of CSV files); `raw` holds its records as read, before linking;
//! - [`stix`] (STIX 2.1 bundles, for OpenCTI and other threat-intelligence platforms) and [`graphml`]
//!   (Gephi, yEd, Cytoscape, NetworkX): `read` and `write` each;
//! - [`gexf`] (Gephi): `read` (GEXF 1.2, 1.3) and `write` (1.3, with Gephi's timeline); `gml` and `pajek`
//!   (NetworkX, igraph, yEd, published social-network datasets): readers, sharing `network`;
//! - `events` (ACLED, UCDP GED and GDELT 2.0 event files): readers, one relation per event;
//! - [`neo4j`] (bulk-import CSV files): a writer only.
//!
//! Every reader fills a `parsed::ParsedFile` with the same raw records, which [`crate::load`] checks and
//! links. Every writer takes a [`View`], so the common filters apply to every format, and writes the same
//! bytes for the same input: actors and relations in dataset order, attribute columns in first-seen order,
//! ids derived from dataset ids, no clock and no hash-map order.
//!
//! Adding a format: a module here (`read.rs` and/or `write.rs`), a variant of [`InputFormat`] and an arm in
//! `parse` for a reader; see `docs/ARCHITECTURE.md`.

pub(crate) mod csv;
pub use csv::{guard_formula, unguard_formula};
pub mod dataset;
pub(crate) mod events;
pub(crate) mod fields;
pub mod gexf;
pub(crate) mod gml;
pub mod graphml;
pub(crate) mod intern;
pub(crate) mod json;
pub(crate) mod locate;
pub mod neo4j;
pub(crate) mod network;
pub(crate) mod pajek;
pub(crate) mod parsed;
pub(crate) mod raw;
pub mod stix;
pub mod xml;

use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::records::SourceRecord;
use crate::model::view::View;
use crate::model::{ActorGraph, KindInfo, KindOrigin, PartialDate, Relation, RelationIx, SourceIx, Target};
use crate::progress::Progress;
use parsed::{ParsedFile, TextOrigin};

pub use csv::ColumnMap;
pub use graphml::{GraphmlField, GraphmlMap, DEFAULT_EDGE_KIND};

use events::EventFormat;
pub use json::FORMAT;

/// Which reader a file is read with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// By the file: `.csv` and `.tsv` are CSV (an ACLED, UCDP GED or GDELT file is recognised by its header
    /// or shape), `.graphml` is GraphML, `.gexf` GEXF, `.gml` GML, `.net` Pajek, a JSON file whose top level
    /// is `"type": "bundle"` (or any `.stix.json`) is STIX, other JSON is the actorgraph format; any other
    /// name is told by its content.
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
    /// An ACLED export (CSV, recognised by its header).
    Acled,
    /// UCDP's Georeferenced Event Dataset (CSV, recognised by its header).
    Ucdp,
    /// A GDELT 2.0 event export (`*.export.CSV`: tab-separated, no header, 61 columns).
    Gdelt,
    /// GEXF 1.2 or 1.3, as written by Gephi or NetworkX.
    Gexf,
    /// GML, as written by NetworkX, igraph or yEd.
    Gml,
    /// A Pajek `.net` file.
    Pajek,
}

impl InputFormat {
    /// The format's name, for messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Actorgraph => "actorgraph JSON",
            Self::Csv => "CSV",
            Self::Stix => "STIX",
            Self::Graphml => "GraphML",
            Self::Acled => "ACLED",
            Self::Ucdp => "UCDP GED",
            Self::Gdelt => "GDELT 2.0",
            Self::Gexf => "GEXF",
            Self::Gml => "GML",
            Self::Pajek => "Pajek",
        }
    }
}

pub(crate) fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

pub(crate) fn is_data_file(path: &Path) -> bool {
    ["json", "csv", "tsv", "graphml", "gexf", "gml", "net"].iter().any(|e| has_extension(path, e))
}

/// The reader for a file: the forced one, or the one its name and first bytes call for.
pub(crate) fn format_of(path: &Path, bytes: &[u8], forced: InputFormat) -> InputFormat {
    if forced != InputFormat::Auto {
        return forced;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    if has_extension(path, "csv") || has_extension(path, "tsv") {
        InputFormat::Csv
    } else if has_extension(path, "graphml") {
        InputFormat::Graphml
    } else if has_extension(path, "gexf") {
        InputFormat::Gexf
    } else if has_extension(path, "gml") {
        InputFormat::Gml
    } else if has_extension(path, "net") {
        InputFormat::Pajek
    } else if name.ends_with(".stix.json") {
        InputFormat::Stix
    } else {
        sniff(bytes)
    }
}

/// Tells the formats apart by content: XML by its root element (`<graphml>`, `<gexf>`), a Pajek file by its
/// `*Vertices` or `*Network` line, GML by its `graph [`, a GDELT export by its shape, a CSV file by a first
/// line of separated names, a STIX bundle (a JSON object with `"type": "bundle"`), else an actorgraph
/// document.
fn sniff(bytes: &[u8]) -> InputFormat {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[start..bytes.len().min(start + 4096)]).to_lowercase();
    if head.starts_with('<') {
        return if gexf::read::looks_like(&head) { InputFormat::Gexf } else { InputFormat::Graphml };
    }
    if pajek::looks_like(&head) {
        return InputFormat::Pajek;
    }
    if gml::looks_like(&head) {
        return InputFormat::Gml;
    }
    if events::gdelt::looks_like(&bytes[start..]) {
        return InputFormat::Gdelt;
    }
    if !head.starts_with(['{', '[']) {
        let first = head.lines().next().unwrap_or_default();
        if first.contains([',', '\t']) && !first.contains(['{', '"']) {
            return InputFormat::Csv;
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if locate::top_level_type(text).as_deref() == Some("bundle") => InputFormat::Stix,
        _ => InputFormat::Actorgraph,
    }
}

/// For a file about to be read as actorgraph JSON that cannot be JSON (it does not start with `{` or `[`): what
/// it looks like instead, as a message and help, rather than a JSON syntax error on its first character.
fn not_json(text: &str) -> Option<(String, String)> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.is_empty() || body.starts_with(['{', '[']) {
        return None;
    }
    let first: String = body.lines().next().unwrap_or_default().chars().take(40).collect();
    let message = format!("this is not a JSON document: it starts with `{first}`");
    let help = match sniff(body.as_bytes()) {
        InputFormat::Actorgraph | InputFormat::Auto => "actorgraph reads its own JSON format, CSV and TSV (including \
             ACLED, UCDP GED and GDELT 2.0 files), STIX bundles, GraphML, GEXF, GML and Pajek .net files; save the \
             data in one of them"
            .to_owned(),
        other => {
            format!("it looks like {}: read it as that format (or give the file its usual extension)", other.name())
        }
    };
    Some((message, help))
}

/// Reads one file's bytes with the reader for `format` (not [`InputFormat::Auto`]: see [`format_of`]).
pub(crate) fn parse(
    name: String,
    origin: TextOrigin,
    bytes: &[u8],
    format: InputFormat,
    maps: (&GraphmlMap, &ColumnMap),
    progress: Option<&Arc<dyn Progress>>,
) -> ParsedFile {
    let (graphml_map, columns) = maps;
    let mut file = ParsedFile::new(name, origin);
    let event = match format {
        InputFormat::Acled => Some(EventFormat::Acled),
        InputFormat::Ucdp => Some(EventFormat::Ucdp),
        InputFormat::Gdelt => Some(EventFormat::Gdelt),
        _ => None,
    };
    if format == InputFormat::Csv || event.is_some() {
        csv::parse(&mut file, bytes, event, columns);
        return file;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => match format {
            InputFormat::Stix => stix::read::parse(&mut file, text),
            InputFormat::Graphml => graphml::read::parse(&mut file, text, graphml_map),
            InputFormat::Gexf => gexf::read::parse(&mut file, text),
            InputFormat::Gml => gml::parse(&mut file, text),
            InputFormat::Pajek => pajek::parse(&mut file, text),
            InputFormat::Auto
            | InputFormat::Actorgraph
            | InputFormat::Csv
            | InputFormat::Acled
            | InputFormat::Ucdp
            | InputFormat::Gdelt => {
                if let Some((message, help)) = not_json(text) {
                    file.note(Severity::Error, 0, message, Some(help));
                    file.place(text);
                    return file;
                }
                match progress.filter(|p| p.parsing(&file.name, bytes.len())) {
                    Some(p) => intern::with_progress(text, Arc::clone(p), || json::parse(&mut file, text)),
                    None => json::parse(&mut file, text),
                }
            }
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
                remedy: None,
                help: Some(
                    "save it again with the encoding UTF-8 (in most editors: Save As…, Encoding: UTF-8)".to_owned(),
                ),
            });
        }
    }
    file
}

/// Ids in the view that XML 1.0 cannot hold (control characters other than tab and line breaks, U+FFFE,
/// U+FFFF: no character reference can carry them either). Written anyway they would lose those characters,
/// and two ids could become one, so GraphML and GEXF exports refuse them, one sentence each.
#[must_use]
pub fn ids_xml_cannot_hold(view: &View) -> Vec<String> {
    let graph = view.graph();
    let bad = |id: &str| {
        id.chars()
            .any(|c| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'))
    };
    let shown = |id: &str| crate::text::visible_controls(id).into_owned();
    let mut problems = Vec::new();
    for a in view.actors() {
        let id = &graph.actor(a).id;
        if bad(id) {
            problems.push(format!("actor id '{}' holds a control character", shown(id)));
        }
    }
    for r in view.relations() {
        let id = &graph.relation(r).id;
        if bad(id) {
            problems.push(format!("relation id '{}' holds a control character", shown(id)));
        }
    }
    for source in graph.sources() {
        if bad(&source.id) {
            problems.push(format!("source id '{}' holds a control character", shown(&source.id)));
        }
    }
    problems
}

/// A source as the actorgraph format writes it; carried inside GraphML and STIX files so that they load back
/// with every detail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct SourceData {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<String>,
}

impl SourceData {
    pub fn new(graph: &ActorGraph, source: SourceIx) -> Self {
        // The answers' record of a source, and what it rests on, which the format carries too.
        let SourceRecord { id, publisher, title, date, url, reliability } = SourceRecord::new(graph, source);
        let derived_from = graph.source(source).derived_from.iter().map(|&p| graph.source(p).id.clone()).collect();
        Self { id, publisher, title, date, url, reliability, derived_from }
    }
}

/// A relation kind declaration as the actorgraph format writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct KindData {
    pub kind: String,
    pub sign: String,
    #[serde(default)]
    pub symmetric: bool,
    #[serde(default)]
    pub hierarchical: bool,
    #[serde(default)]
    pub statement: bool,
    #[serde(default)]
    pub upward: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A relation as the actorgraph format writes it (used for statements about relations, which GraphML
/// cannot draw as edges).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct RelationData {
    pub id: String,
    pub from: String,
    pub to: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub attrs: IndexMap<String, String>,
}

impl RelationData {
    pub fn new(graph: &ActorGraph, relation: RelationIx) -> Self {
        let r = graph.relation(relation);
        Self {
            id: r.id.to_string(),
            from: graph.actor(r.from).id.clone(),
            to: graph.target_id(r).to_owned(),
            kind: graph.kind_of(r).name.clone(),
            date: r.date.map(|d| d.to_string()),
            until: r.until.map(|d| d.to_string()),
            confidence: r.confidence,
            credibility: r.credibility.map(i64::from),
            sources: r.sources.iter().map(|&s| graph.source(s).id.clone()).collect(),
            note: r.note.as_deref().map(str::to_owned),
            attrs: (*r.attrs).clone(),
        }
    }
}

/// Sources cited by relations in the view, in dataset order.
pub(crate) fn cited_sources(view: &View) -> Vec<SourceIx> {
    sources_where(view, |in_view, _| in_view)
}

/// The sources a file should carry: those cited in the view, and those no relation of the whole dataset
/// cites (so an unfiltered export loses none), in dataset order.
pub(crate) fn carried_sources(view: &View) -> Vec<SourceIx> {
    sources_where(view, |in_view, anywhere| in_view || !anywhere)
}

fn sources_where(view: &View, keep: impl Fn(bool, bool) -> bool) -> Vec<SourceIx> {
    let graph = view.graph();
    let mut in_view = vec![false; graph.sources().len()];
    let mut anywhere = vec![false; graph.sources().len()];
    for (r, relation) in graph.relations().iter().enumerate() {
        let shown = view.has_relation(RelationIx::new(r));
        for &s in relation.sources.iter() {
            anywhere[s.index()] = true;
            in_view[s.index()] |= shown;
        }
    }
    // A cited source brings the sources it rests on, so that the file loads back with its derivations.
    let mut stack: Vec<SourceIx> = (0..graph.sources().len()).filter(|&s| in_view[s]).map(SourceIx::new).collect();
    while let Some(s) = stack.pop() {
        for &p in &graph.source(s).derived_from {
            if !in_view[p.index()] {
                in_view[p.index()] = true;
                stack.push(p);
            }
        }
    }
    (0..graph.sources().len()).filter(|&s| keep(in_view[s], anywhere[s])).map(SourceIx::new).collect()
}

/// Declarations of the non-built-in kinds the view's relations use (built-in kinds a dataset redeclared
/// included), in registry order.
pub(crate) fn declared_kinds(view: &View) -> Vec<KindData> {
    let graph = view.graph();
    let mut used = vec![false; graph.kinds().iter().count()];
    for r in view.relations() {
        used[usize::from(graph.relation(r).kind.0)] = true;
    }
    graph.kinds().iter().filter(|(id, _)| used[usize::from(id.0)]).filter_map(|(_, k)| KindData::declared(k)).collect()
}

impl KindData {
    /// The declaration of a kind the dataset declared; `None` for built-in and undeclared kinds.
    pub fn declared(kind: &KindInfo) -> Option<Self> {
        (kind.origin == KindOrigin::Declared).then(|| Self {
            kind: kind.name.clone(),
            sign: kind.sign.as_str().to_owned(),
            symmetric: kind.symmetric,
            hierarchical: kind.hierarchical,
            statement: kind.statement,
            upward: kind.upward,
            duration: Some(kind.duration.as_str().to_owned()),
            description: (!kind.description.is_empty()).then(|| kind.description.clone()),
        })
    }
}

/// Relations in the view between two actors (edges), and statements about relations, each in dataset order.
pub(crate) fn edges_and_statements(view: &View) -> (Vec<RelationIx>, Vec<RelationIx>) {
    view.relations().partition(|&r| matches!(view.graph().relation(r).to, Target::Actor(_)))
}

/// The ids of the actors whose statements in the view about `relation` are denials (`denied`) or other
/// statements (`asserted`), `;`-joined in dataset order; empty when there are none.
pub(crate) fn statement_authors(view: &View, relation: RelationIx) -> (String, String) {
    let graph = view.graph();
    let mut denied = Vec::new();
    let mut asserted = Vec::new();
    for s in view.statements_about(relation) {
        let statement = graph.relation(s);
        let id = graph.actor(statement.from).id.as_str();
        if graph.kind_of(statement).name == "denies" {
            denied.push(id);
        } else {
            asserted.push(id);
        }
    }
    (denied.join(";"), asserted.join(";"))
}

/// `(first day, last day)` of a relation's validity as `YYYY-MM-DD` (see [`crate::model::Validity`]: an
/// event ends with its date, a standing relation with its `until`); either is `None` when open.
pub(crate) fn interval(graph: &ActorGraph, relation: &Relation) -> (Option<String>, Option<String>) {
    let day = |(y, m, d): (i32, u8, u8)| format!("{y:04}-{m:02}-{d:02}");
    let validity = graph.validity(relation);
    (validity.start.map(day), validity.end.map(day))
}

/// The latest day the view's information dates from: the latest first day of a relation's or a source's
/// date (not `until`, which may lie ahead; `2024-12` counts as 2024-12-01). For timestamps a format requires
/// but the data does not give (STIX `created`); `None` for an undated view.
pub(crate) fn latest_day(view: &View) -> Option<(i32, u8, u8)> {
    let graph = view.graph();
    let relation_days = view.relations().filter_map(|r| graph.relation(r).date).map(|d| d.start());
    let source_days =
        cited_sources(view).into_iter().filter_map(|s| graph.source(s).date).map(|d: PartialDate| d.start());
    relation_days.chain(source_days).max()
}

/// The shortest text that reads back as the same number (`0.9`, not `0.900000`).
pub(crate) fn number(value: f64) -> String {
    format!("{value}")
}
