//! Reading the spreadsheet form of a dataset: `actors.csv`, `relations.csv` and `sources.csv`.
//!
//! What a CSV file holds is told by its header, not its name: `from,to,kind` makes a relations file,
//! `publisher` or `reliability` a sources file, `kind,sign` a relation-kinds file, and `id` an actors file.
//! Lists (`aliases`, `tags`, `sources`) are `;`-separated; an empty cell is an absent value. Columns the
//! format does not know are kept as `attrs`, never dropped.
//!
//! A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return, and not a plain number) is written with a leading `'`, which spreadsheets show as text and
//! this reader takes off again ([`guard_formula`], [`unguard_formula`]): the round trip is exact.

use std::io::Write;

use indexmap::IndexMap;

use super::intern::Sym;
use super::parsed::ParsedFile;
use super::raw::{RawActor, RawDate, RawKind, RawRelation, RawSource, Section};
use crate::diagnostic::{Diagnostic, Severity};
use crate::format::events::{self, EventFormat};

/// Whether a spreadsheet would take `value` as a formula: it starts (after any leading `'`) with `=`, `+`,
/// `-`, `@`, a tab or a carriage return, and is not a plain number (`-3.5` stays a number).
fn looks_like_formula(value: &str) -> bool {
    let rest = value.trim_start_matches('\'');
    matches!(rest.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')) && rest.parse::<f64>().is_err()
}

/// A CSV cell that no spreadsheet runs as a formula: `=HYPERLINK(…)` becomes `'=HYPERLINK(…)`. Values that
/// already start with `'` in front of such a start get one more, so [`unguard_formula`] gives back every
/// value exactly.
///
/// ```
/// use actorgraph::format::{guard_formula, unguard_formula};
/// for value in ["=1+1", "'=1+1", "-3.5", "@SUM(A1)", "O'Brien", "'quoted", "plain"] {
///     assert_eq!(unguard_formula(&guard_formula(value)), value);
/// }
/// assert_eq!(guard_formula("=1+1"), "'=1+1");
/// assert_eq!(guard_formula("-3.5"), "-3.5");
/// ```
#[must_use]
pub fn guard_formula(value: &str) -> std::borrow::Cow<'_, str> {
    if looks_like_formula(value) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// Takes off the `'` that [`guard_formula`] put in front of a formula-like cell; anything else is kept.
#[must_use]
pub fn unguard_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_formula(cell) => rest,
        _ => cell,
    }
}

/// The columns an actors file knows; any other column is an attribute.
pub(crate) const ACTOR_COLUMNS: &[&str] = &["id", "name", "kind", "aliases", "tags"];
/// The columns a relations file knows; any other column is an attribute.
pub(crate) const RELATION_COLUMNS: &[&str] =
    &["id", "from", "to", "kind", "date", "until", "confidence", "credibility", "sources", "note"];
/// The columns of a sources file.
pub(crate) const SOURCE_COLUMNS: &[&str] = &["id", "publisher", "title", "date", "url", "reliability", "derived_from"];
/// The columns of a relation-kinds file.
pub(crate) const KIND_COLUMNS: &[&str] =
    &["kind", "sign", "symmetric", "hierarchical", "statement", "upward", "duration", "description"];

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

/// Every column name of actorgraph's own CSV files, for near-miss suggestions.
const ALL_COLUMNS: &[&[&str]] = &[ACTOR_COLUMNS, RELATION_COLUMNS, SOURCE_COLUMNS, KIND_COLUMNS];

/// Columns that only one kind of file has: one of them in a file of another kind means two roles are mixed.
fn role_of(column: &str) -> Option<Section> {
    match column {
        "from" | "to" | "confidence" | "credibility" | "until" => Some(Section::Relations),
        "publisher" | "reliability" => Some(Section::Sources),
        "sign" | "symmetric" | "hierarchical" | "statement" | "upward" => Some(Section::RelationKinds),
        "aliases" => Some(Section::Actors),
        _ => None,
    }
}

/// The known column `name` is a near miss of (a typo, a singular for a plural), if any.
pub(crate) fn near_miss(name: &str) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    for &known in ALL_COLUMNS.iter().flat_map(|c| c.iter()) {
        if known == name {
            return None;
        }
        let distance = strsim::damerau_levenshtein(name, known);
        let close = (distance == 1 && name.len() >= 3)
            || (distance == 2 && name.len() >= 6)
            || (name.len() >= 4 && (known.starts_with(name) || name.starts_with(known)) && known.len() >= 4);
        if close && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, known));
        }
    }
    best.map(|(_, k)| k)
}

/// Which column fills which field, for CSV and TSV files whose header is not actorgraph's:
/// `from=actor1,to=actor2,kind=event_type,date=event_date`. Columns not named become attributes.
///
/// A file is read with the map when its header has any of the mapped columns; it must then have them all.
/// Mapping `from` and `to` makes a relations file (actors named in them that no other file declares are
/// made, named as written), otherwise a mapped `id` makes an actors file.
///
/// ```
/// use actorgraph::load::ColumnMap;
/// let map = ColumnMap::parse(&["from=actor1,to=actor2".to_owned(), "kind=event_type".to_owned()]).unwrap();
/// assert_eq!(map.column("kind"), Some("event_type"));
/// assert!(ColumnMap::parse(&["colour=red".to_owned()]).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pairs: Vec<(&'static str, String)>,
}

impl ColumnMap {
    /// Reads `FIELD=COLUMN` pairs, comma-separated or repeated; a value without `=` is a mapping file with one
    /// `FIELD=COLUMN` per line (`#` starts a comment).
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] for a pair without `=`, an unknown field, a field given twice, actor
    /// fields mixed with relation fields, or a mapping file that cannot be read.
    pub fn parse(specs: &[String]) -> crate::Result<Self> {
        let invalid =
            |message: String| crate::Error::InvalidSetting { setting: crate::error::Setting::Columns, message };
        let mut text = Vec::new();
        for spec in specs {
            if spec.contains('=') {
                text.extend(spec.split(',').map(str::to_owned));
            } else {
                let read = std::fs::read_to_string(spec).map_err(|e| {
                    invalid(format!("'{spec}' is not FIELD=COLUMN, nor a mapping file that can be read ({e})"))
                })?;
                text.extend(read.lines().map(|l| l.split('#').next().unwrap_or_default().to_owned()));
            }
        }
        let fields: Vec<&'static str> = ACTOR_COLUMNS.iter().chain(RELATION_COLUMNS).copied().collect();
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        for pair in text.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            let Some((field, column)) = pair.split_once('=') else {
                return Err(invalid(format!("'{pair}' is not FIELD=COLUMN")));
            };
            let field = field.trim().to_lowercase();
            let Some(&known) = fields.iter().find(|f| **f == field) else {
                let near =
                    fields.iter().min_by_key(|f| strsim::damerau_levenshtein(f, &field)).copied().unwrap_or("from");
                return Err(invalid(format!(
                    "no field '{field}' (did you mean '{near}'?); the fields are id, name, kind, aliases, tags for \
                     actors and id, from, to, kind, date, until, confidence, credibility, sources, note for relations"
                )));
            };
            if pairs.iter().any(|(f, _)| *f == known) {
                return Err(invalid(format!("the field '{known}' is given twice")));
            }
            pairs.push((known, column.trim().to_lowercase()));
        }
        let has = |f: &str| pairs.iter().any(|(p, _)| *p == f);
        let relation = has("from") || has("to");
        if relation && (has("name") || has("aliases") || has("tags")) {
            return Err(invalid(
                "a file holds actors or relations, not both: map from and to for relations, or id and name for actors"
                    .to_owned(),
            ));
        }
        if relation && !(has("from") && has("to") && has("kind")) {
            return Err(invalid("a relations file needs from, to and kind: map all three".to_owned()));
        }
        Ok(Self { pairs })
    }

    /// The column that fills `field`, if mapped.
    #[must_use]
    pub fn column(&self, field: &str) -> Option<&str> {
        self.pairs.iter().find(|(f, _)| *f == field).map(|(_, c)| c.as_str())
    }

    /// Whether no column is mapped.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    fn section(&self) -> Section {
        if self.column("from").is_some() {
            Section::Relations
        } else {
            Section::Actors
        }
    }
}

/// The separator of a CSV or TSV file: a tab when the first line has tabs and no commas.
fn delimiter(bytes: &[u8]) -> u8 {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    if line.contains(&b'\t') && !line.contains(&b',') {
        b'\t'
    } else {
        b','
    }
}

/// `a` or `an` before a noun.
fn a(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

fn header_error(file: &ParsedFile, column: Option<String>, message: String, help: Option<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.name.clone(),
        line: Some(1),
        column: None,
        subject: None,
        field: column,
        message,
        remedy: None,
        help,
    }
}

/// Parses one CSV or TSV file (an event dataset when `event` says so or its header or shape is one's);
/// problems go into the file's diagnostics.
pub(crate) fn parse(file: &mut ParsedFile, bytes: &[u8], event: Option<EventFormat>, map: &ColumnMap) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if event == Some(EventFormat::Gdelt) || (event.is_none() && events::gdelt::looks_like(bytes)) {
        events::parse(file, bytes, EventFormat::Gdelt, b'\t');
        return;
    }
    let delimiter = delimiter(bytes);
    let mut reader =
        ::csv::ReaderBuilder::new().delimiter(delimiter).has_headers(true).flexible(true).from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(error) => {
            file.diagnostics.push(csv_error(file, &error, None));
            return;
        }
    };
    // A column mapping the header answers to wins over recognising an event dataset by its header.
    let mapped = event.is_none() && !map.is_empty() && map.pairs.iter().any(|(_, c)| headers.contains(c));
    if let Some(format) = event.or_else(|| events::recognise(&headers).filter(|_| !mapped)) {
        events::parse(file, bytes, format, delimiter);
        return;
    }
    let Some(header) = read_header(file, &headers, mapped, map) else {
        return;
    };
    let stubs = read_records(file, &mut reader, &header, mapped);
    let section = header.section;
    file.csv_section = Some(section);
    if mapped {
        // A spreadsheet read through a column mapping says what it became, as every importer does. Nothing is
        // left out: a row with a problem is an error that refuses the file, and other columns are attributes.
        let mut summary = crate::model::ImportSummary::new("CSV (mapped columns)");
        summary.keep(section.noun(), file.record_pos[section as usize].len());
        summary.keep("actor named only in relations", stubs);
        summary.keep("column kept as attributes", header.extra.len());
        file.summary = Some(summary);
    }
}

/// What a CSV file's header says: what the file holds and which field each column fills.
struct Header<'h> {
    /// The (trimmed, lower-case) column names.
    names: &'h [String],
    /// What the file holds.
    section: Section,
    /// Which field each column fills (`None`: an attribute).
    roles: Vec<Option<&'static str>>,
    /// The columns kept as attributes.
    extra: Vec<usize>,
}

/// The columns a file of `section` knows.
fn known_columns(section: Section) -> &'static [&'static str] {
    match section {
        Section::Actors => ACTOR_COLUMNS,
        Section::Relations => RELATION_COLUMNS,
        Section::Sources => SOURCE_COLUMNS,
        Section::RelationKinds => KIND_COLUMNS,
    }
}

/// Reads the header: what the file holds (through the column mapping when `mapped`), the role of each
/// column, and which columns are attributes. `None` when the header is refused; the reasons are in the
/// file's diagnostics.
fn read_header<'h>(file: &mut ParsedFile, headers: &'h [String], mapped: bool, map: &ColumnMap) -> Option<Header<'h>> {
    let mut roles: Vec<Option<&'static str>> = vec![None; headers.len()];
    let section = if mapped { mapped_section(file, headers, map, &mut roles)? } else { own_section(file, headers)? };
    let known = known_columns(section);
    if !mapped {
        let problems = own_roles(file, headers, section, known, &mut roles);
        if !problems.is_empty() {
            file.diagnostics.extend(problems);
            return None;
        }
    }
    let extra: Vec<usize> = (0..headers.len()).filter(|&i| roles[i].is_none()).collect();
    if !note_attributes(file, headers, section, known, &extra, mapped) {
        return None;
    }
    Some(Header { names: headers, section, roles, extra })
}

/// Fills `roles` from the column mapping and gives the section it makes; `None` (and an error naming the
/// nearest columns) when the header lacks a mapped column.
fn mapped_section(
    file: &mut ParsedFile,
    headers: &[String],
    map: &ColumnMap,
    roles: &mut [Option<&'static str>],
) -> Option<Section> {
    let mut missing = Vec::new();
    for (field, column) in &map.pairs {
        match headers.iter().position(|h| h == column) {
            Some(i) => roles[i] = Some(field),
            None => missing.push(column.as_str()),
        }
    }
    if missing.is_empty() {
        return Some(map.section());
    }
    let help = missing
        .iter()
        .filter_map(|m| {
            let near = headers.iter().min_by_key(|h| strsim::damerau_levenshtein(h, m))?;
            (strsim::damerau_levenshtein(near, m) <= 2).then(|| format!("'{m}': did you mean '{near}'?"))
        })
        .collect::<Vec<_>>();
    file.diagnostics.push(header_error(
        file,
        Some(missing.join(", ")),
        format!(
            "the column mapping names {} this file's header does not have (it has {})",
            missing.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", "),
            headers.join(",")
        ),
        (!help.is_empty()).then(|| help.join("; ")),
    ));
    None
}

/// The section actorgraph's own header makes; `None` (and an error saying what each kind of file needs)
/// when the header makes none.
fn own_section(file: &mut ParsedFile, headers: &[String]) -> Option<Section> {
    let section = section_of(headers);
    if section.is_none() {
        file.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            file: file.name.clone(),
            line: Some(1),
            column: None,
            subject: None,
            field: None,
            message: format!("cannot tell what this CSV file holds from its header ({})", headers.join(",")),
            remedy: None,
            help: Some(
                "actors need an `id` column; relations need `from,to,kind`; sources need `id` and `publisher`; \
                 ACLED, UCDP GED and GDELT files are recognised by their published headers; for a file with \
                 its own header, map its columns (FIELD=COLUMN, e.g. from=actor1,to=actor2,kind=event_type)"
                    .to_owned(),
            ),
        });
    }
    section
}

/// Fills `roles` for actorgraph's own header and gives its problems. Such headers are strict: a repeated
/// column, a near miss of a known column or a column of another kind of file is an error, not silently an
/// attribute.
fn own_roles(
    file: &ParsedFile,
    headers: &[String],
    section: Section,
    known: &'static [&'static str],
    roles: &mut [Option<&'static str>],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, name) in headers.iter().enumerate() {
        if let Some(first) = headers[..i].iter().position(|h| h == name) {
            problems.push(header_error(
                file,
                Some(name.clone()),
                format!(
                    "the column '{name}' appears twice (columns {} and {}): one of them would be lost",
                    first + 1,
                    i + 1
                ),
                Some("rename or remove one of the two columns".to_owned()),
            ));
            continue;
        }
        if let Some(&k) = known.iter().find(|k| **k == name) {
            roles[i] = Some(k);
            continue;
        }
        if let Some(other) = role_of(name).filter(|r| *r != section) {
            problems.push(header_error(
                file,
                Some(name.clone()),
                format!(
                    "the column '{name}' belongs in {} file, but this header ({}) makes it {} file",
                    a(other.noun()),
                    headers.join(","),
                    a(section.noun())
                ),
                Some(format!("put {}s and {}s in separate files", other.noun(), section.noun())),
            ));
            continue;
        }
        if let Some(near) = near_miss(name).filter(|n| !headers.iter().any(|h| h == n)) {
            problems.push(header_error(
                file,
                Some(name.clone()),
                format!("the column '{name}' is not one actorgraph knows; did you mean '{near}'?"),
                Some(format!(
                    "rename it '{near}' (or, to keep it as an attribute, give it a name that is not so close)"
                )),
            ));
        }
    }
    problems
}

/// Says which columns are kept as attributes (a warning), or refuses them in actorgraph's own sources and
/// relation-kinds files, which have none (an error, and `false`).
fn note_attributes(
    file: &mut ParsedFile,
    headers: &[String],
    section: Section,
    known: &[&str],
    extra: &[usize],
    mapped: bool,
) -> bool {
    if extra.is_empty() {
        return true;
    }
    let names: Vec<&str> = extra.iter().map(|&i| headers[i].as_str()).collect();
    if !mapped && matches!(section, Section::Sources | Section::RelationKinds) {
        file.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            file: file.name.clone(),
            line: Some(1),
            column: None,
            subject: None,
            field: Some(names.join(", ")),
            message: format!("unknown column{} in a {} file", if names.len() == 1 { "" } else { "s" }, section.noun()),
            remedy: None,
            help: Some(format!("the columns are {}", known.join(","))),
        });
        return false;
    }
    file.diagnostics.push(Diagnostic {
        severity: Severity::Warning,
        file: file.name.clone(),
        line: Some(1),
        column: None,
        subject: None,
        field: Some(names.join(", ")),
        message: format!(
            "{} {} not actorgraph's, so each {}'s value{} kept as an attribute: {}",
            if names.len() == 1 { "this column" } else { "these columns" },
            if names.len() == 1 { "is" } else { "are" },
            section.noun(),
            if names.len() == 1 { " is" } else { "s are" },
            names.join(", ")
        ),
        remedy: None,
        help: None,
    });
    true
}

/// A problem with one cell of a row: its field, the message and what to do.
type CellProblem = (String, String, Option<String>);

/// One row of a CSV file, read through its header.
struct Row<'r> {
    record: &'r ::csv::StringRecord,
    header: &'r Header<'r>,
    /// The row's line in the file.
    line: u64,
}

impl Row<'_> {
    /// The trimmed, unguarded value of the column that fills `name`; `None` when empty or absent.
    fn cell(&self, name: &str) -> Option<String> {
        self.header
            .roles
            .iter()
            .position(|r| *r == Some(name))
            .and_then(|i| self.record.get(i))
            .map(|s| unguard_formula(s.trim()))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    /// The `;`-separated values of the column that fills `name`.
    fn list(&self, name: &str) -> Vec<String> {
        self.cell(name)
            .map(|s| s.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// The non-empty values of the attribute columns, by column name.
    fn attrs(&self) -> IndexMap<String, String> {
        self.header
            .extra
            .iter()
            .filter_map(|&i| {
                let value = unguard_formula(self.record.get(i)?.trim());
                (!value.is_empty()).then(|| (self.header.names[i].clone(), value.to_owned()))
            })
            .collect()
    }

    /// The value of a required column; an empty one is a problem (and an empty string).
    fn required(&self, name: &str, problems: &mut Vec<CellProblem>) -> String {
        self.cell(name).unwrap_or_else(|| {
            problems.push((name.to_owned(), "this cell is empty, but it is required".to_owned(), None));
            String::new()
        })
    }
}

/// Reads every record in one pass into the file's section, with an error for each row that cannot be read
/// and each cell with a problem; gives the number of actors made for names only relations mention.
fn read_records(file: &mut ParsedFile, reader: &mut ::csv::Reader<&[u8]>, header: &Header<'_>, mapped: bool) -> usize {
    let section = header.section;
    let mut stubs: std::collections::HashSet<Sym> = std::collections::HashSet::new();
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
        if record.len() != header.names.len() {
            file.diagnostics.push(width_error(file, &record, line, header.names.len()));
            continue;
        }
        let row = Row { record: &record, header, line };
        let mut problems = Vec::new();
        match section {
            Section::Actors => push_actor(file, &row, &mut problems),
            Section::Relations => push_relation(file, &row, &mut problems, mapped.then_some(&mut stubs)),
            Section::Sources => push_source(file, &row, &mut problems),
            Section::RelationKinds => push_kind(file, &row, &mut problems),
        }
        if problems.is_empty() {
            file.record_pos[section as usize].push(line);
        }
        for (field, message, help) in problems {
            file.diagnostics.push(at_line(file, line, Some(field), message, help));
        }
    }
    stubs.len()
}

/// The error for a row whose number of cells is not the header's.
fn width_error(file: &ParsedFile, record: &::csv::StringRecord, line: u64, width: usize) -> Diagnostic {
    // A quote opened and never closed swallows the following lines into one cell.
    let help = if record.iter().any(|cell| cell.contains('\n')) {
        "a quote (\") in this row seems never to be closed, so the next lines were read into it; close it, or quote cells that contain commas"
    } else {
        "check for a stray comma, or quote cells that contain commas"
    };
    at_line(
        file,
        line,
        None,
        format!("this row has {} cells but the header has {}", record.len(), width),
        Some(help.to_owned()),
    )
}

/// Adds the actor of `row`, unless it has problems.
fn push_actor(file: &mut ParsedFile, row: &Row<'_>, problems: &mut Vec<CellProblem>) {
    let id = row.required("id", problems);
    if problems.is_empty() {
        file.doc.actors.push(RawActor {
            id: Sym::new(&id),
            name: row.cell("name"),
            kind: row.cell("kind"),
            aliases: row.list("aliases"),
            tags: row.list("tags"),
            attrs: row.attrs(),
            stub: false,
        });
    }
}

/// Adds the relation of `row`, unless it has problems. With `stubs` (a mapped file), an actor is made for
/// each end not seen before, named as written.
fn push_relation(
    file: &mut ParsedFile,
    row: &Row<'_>,
    problems: &mut Vec<CellProblem>,
    stubs: Option<&mut std::collections::HashSet<Sym>>,
) {
    let (from, to, kind) =
        (row.required("from", problems), row.required("to", problems), row.required("kind", problems));
    let confidence = match row.cell("confidence") {
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
    let credibility = match row.cell("credibility") {
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
    if !problems.is_empty() {
        return;
    }
    if let Some(stubs) = stubs {
        for name in [&from, &to] {
            let id = Sym::new(name);
            if stubs.insert(id) {
                file.doc.actors.push(RawActor { id, name: Some(name.clone()), stub: true, ..RawActor::default() });
                file.record_pos[Section::Actors as usize].push(row.line);
            }
        }
    }
    let attrs = row.attrs();
    file.doc.relations.push(RawRelation {
        id: row.cell("id").map(String::into_boxed_str),
        from: Sym::new(&from),
        to: Sym::new(&to),
        kind: Sym::new(&kind),
        date: row.cell("date").map(|d| RawDate::from_text(&d)),
        until: row.cell("until").map(|d| RawDate::from_text(&d)),
        confidence,
        credibility,
        sources: row.list("sources").iter().map(|s| Sym::new(s).0).collect(),
        note: row.cell("note").map(String::into_boxed_str),
        attrs: (!attrs.is_empty()).then(|| Box::new(attrs)),
    });
}

/// Adds the source of `row`, unless it has problems.
fn push_source(file: &mut ParsedFile, row: &Row<'_>, problems: &mut Vec<CellProblem>) {
    let id = row.required("id", problems);
    if problems.is_empty() {
        file.doc.sources.push(RawSource {
            id: Sym::new(&id),
            publisher: row.cell("publisher"),
            title: row.cell("title"),
            date: row.cell("date").map(|d| RawDate::from_text(&d)),
            url: row.cell("url"),
            reliability: row.cell("reliability"),
            derived_from: row.list("derived_from"),
            imported: false,
        });
    }
}

/// Adds the relation kind of `row`, unless it has problems.
fn push_kind(file: &mut ParsedFile, row: &Row<'_>, problems: &mut Vec<CellProblem>) {
    let kind = row.required("kind", problems);
    // Spreadsheets write TRUE/FALSE; anything unrecognised is an error, not a silent `false`.
    let mut flag = |name: &str| match row.cell(name).map(|v| v.to_lowercase()).as_deref() {
        None | Some("false" | "no" | "0") => false,
        Some("true" | "yes" | "1") => true,
        Some(_) => {
            problems.push((
                name.to_owned(),
                format!("'{}' is not true or false", row.cell(name).unwrap_or_default()),
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
            sign: row.cell("sign"),
            symmetric,
            hierarchical,
            statement,
            upward,
            duration: row.cell("duration"),
            description: row.cell("description"),
        });
    }
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
        remedy: None,
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
pub fn write_csv<R: AsRef<[String]>>(
    out: &mut dyn Write,
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header).map_err(csv_io_error)?;
    // Each row is written as the iterator yields it, so rows made on the fly are never all in memory.
    for row in rows {
        // A cell a spreadsheet would run as a formula gets a leading `'` (see `guard_formula`).
        writer.write_record(row.as_ref().iter().map(|cell| guard_formula(cell).into_owned())).map_err(csv_io_error)?;
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
