//! Event datasets: ACLED exports, UCDP GED and GDELT 2.0 event files, read as actors and relations.
//!
//! Each event becomes exactly one relation, whose id is the event's id, whose date is the event date with
//! its precision, and whose `from` and `to` are the event's two sides. An event with one side links it to
//! the event's place, an actor of kind `place`. Every column the format does not turn into a field is kept
//! as an attribute of the relation, under its own name; empty cells are absent values.
//!
//! The same name is the same actor in every row (names are kept exactly as written); its id is a slug of the
//! name (`Military Forces of Iraq (2022-)` → `military-forces-of-iraq-2022`), with a suffix from a hash of
//! the name when two different names make the same slug, so ids depend only on the names. Several exports of
//! one dataset load together: an actor in two of them is one actor (the first file's kind wins), and an
//! actors file may describe an event actor by its id (its record replaces the one made here). The readers of
//! each format ([`acled`], [`ucdp`], [`gdelt`]) say which column fills which field; this module holds what
//! they share. The full description, with the sign table of every kind, is `docs/formats/events.md`.

pub(crate) mod acled;
pub(crate) mod gdelt;
pub(crate) mod ucdp;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::format::intern::Sym;
use crate::format::parsed::ParsedFile;
use crate::format::raw::{RawActor, RawDate, RawKind, RawRelation, RawSource, Section};
use crate::model::ImportSummary;
use crate::model::PartialDate;
use crate::text::{plural_phrase, slug};

/// Which event dataset a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventFormat {
    /// An ACLED export.
    Acled,
    /// UCDP's Georeferenced Event Dataset.
    Ucdp,
    /// A GDELT 2.0 event export (`*.export.CSV`).
    Gdelt,
}

impl EventFormat {
    /// The dataset's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Acled => "ACLED",
            Self::Ucdp => "UCDP GED",
            Self::Gdelt => "GDELT 2.0",
        }
    }
}

/// The event dataset a CSV header (trimmed, lower-case) belongs to, if any.
pub(crate) fn recognise(headers: &[String]) -> Option<EventFormat> {
    let has = |name: &str| headers.iter().any(|h| h == name);
    if has("event_type") && has("actor1") && (has("event_id_cnty") || has("event_date")) {
        Some(EventFormat::Acled)
    } else if has("side_a") && has("side_b") && (has("type_of_violence") || has("dyad_name")) {
        Some(EventFormat::Ucdp)
    } else {
        None
    }
}

/// A relation kind an event format declares: `(kind, sign, symmetric, description)`.
pub(crate) type KindSpec = (&'static str, &'static str, bool, &'static str);

/// The kind linking an associated actor to the main actor it acted with.
pub(crate) const ASSOCIATED: KindSpec =
    ("associated_with", "positive", true, "acted together with in an event (an associated actor)");

/// The kind of the actor an event with one side is linked to.
pub(crate) const PLACE_KIND: &str = "place";

/// Splits a `;`-separated list cell, trimming items and skipping empty ones.
pub(crate) fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// An event date as the datasets write it: `2024-12-02`, `2024-12-02 00:00:00.000`, `20241202`,
/// `02 December 2024`, `2-Dec-2024`. Text that is none of these is kept for the checks to report.
pub(crate) fn event_date(text: &str) -> RawDate {
    parse_event_date(text).map_or_else(|| RawDate::from_text(text), RawDate::Date)
}

fn parse_event_date(text: &str) -> Option<PartialDate> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() >= 10 && bytes[4] == b'-' && bytes[7] == b'-' {
        return text.get(..10)?.parse().ok();
    }
    if bytes.len() == 8 && bytes.iter().all(u8::is_ascii_digit) {
        let number = |r: std::ops::Range<usize>| text.get(r)?.parse::<u32>().ok();
        return PartialDate::ymd(
            i32::try_from(number(0..4)?).ok()?,
            u8::try_from(number(4..6)?).ok()?,
            u8::try_from(number(6..8)?).ok()?,
        );
    }
    let parts: Vec<&str> = text.split([' ', '-', '/']).filter(|p| !p.is_empty()).collect();
    if let [day, month, year] = parts[..] {
        let month = month.to_lowercase();
        let month = MONTHS.iter().position(|m| month.len() >= 3 && m.starts_with(&month))?;
        return PartialDate::ymd(year.parse().ok()?, u8::try_from(month + 1).ok()?, day.parse().ok()?);
    }
    None
}

/// Cuts a day to its month or year, for events whose date is known only that precisely.
pub(crate) fn coarsen(date: RawDate, keep_month: bool) -> RawDate {
    match date {
        RawDate::Date(d) => {
            let (year, month, _) = d.parts();
            let month = if keep_month { month } else { None };
            PartialDate::from_parts(year, month, None).map_or(date, RawDate::Date)
        }
        RawDate::Bad(_) => date,
    }
}

/// Where an event happened, for the place actor of an event with one side.
#[derive(Debug, Default)]
pub(crate) struct Place<'a> {
    /// The location's name (`Al-Qaim`).
    pub name: &'a str,
    /// Further attributes of the place (`admin1`, `country`, coordinates), in order.
    pub attrs: Vec<(&'static str, &'a str)>,
}

/// One event, as a format's reader sees it, ready to become records.
#[derive(Debug, Default)]
pub(crate) struct Event<'a> {
    /// The event's id in the dataset.
    pub id: Option<&'a str>,
    /// The line the event is on.
    pub line: u64,
    /// The event's date and, when known, the last day it may have happened on.
    pub date: Option<RawDate>,
    /// The last possible date.
    pub until: Option<RawDate>,
    /// The relation kind.
    pub kind: &'static str,
    /// The two sides: name and actor kind.
    pub sides: [Option<(&'a str, Option<&'static str>)>; 2],
    /// Associated actors of each side.
    pub associated: [Vec<&'a str>; 2],
    /// Where it happened.
    pub place: Place<'a>,
    /// The analyst-facing description.
    pub note: Option<&'a str>,
    /// Source ids (already added with [`Sink::source`]).
    pub sources: Vec<u32>,
    /// Every other column.
    pub attrs: IndexMap<String, String>,
}

/// Turns events into the raw records of one file: actors by name, places, sources, relations and the kinds
/// they use.
pub(crate) struct Sink<'f> {
    file: &'f mut ParsedFile,
    format: EventFormat,
    /// Actor name → index in `file.doc.actors`.
    by_name: HashMap<String, usize>,
    /// `(name, attrs…)` of a place → index in `file.doc.actors`.
    places: HashMap<String, usize>,
    /// Every actor id given out, so that two names sharing a slug get distinct ids.
    ids: HashSet<String>,
    sources: HashMap<String, u32>,
    kinds: IndexMap<&'static str, KindSpec>,
    kind_table: &'static [KindSpec],
    events: usize,
    associated: usize,
    place_links: usize,
    /// Events whose two sides name one actor, read as that actor's at the event's place.
    same_sides: usize,
    /// Actors seen with a different kind than the first time: how many, the first name and line.
    kind_changes: Option<(usize, String, u64)>,
    /// What was left out: `what` → (how many, first line).
    left_out: IndexMap<(&'static str, &'static str), (usize, u64)>,
}

impl<'f> Sink<'f> {
    /// A sink for `file`, whose kinds are looked up in `kind_table`.
    pub fn new(file: &'f mut ParsedFile, format: EventFormat, kind_table: &'static [KindSpec]) -> Self {
        Self {
            file,
            format,
            by_name: HashMap::new(),
            places: HashMap::new(),
            ids: HashSet::new(),
            sources: HashMap::new(),
            kinds: IndexMap::new(),
            kind_table,
            events: 0,
            associated: 0,
            place_links: 0,
            same_sides: 0,
            kind_changes: None,
            left_out: IndexMap::new(),
        }
    }

    /// An error at a line of the file.
    pub fn error(&mut self, line: u64, field: Option<&str>, message: String, help: Option<String>) {
        let diagnostic = Diagnostic {
            severity: Severity::Error,
            file: self.file.name.clone(),
            line: usize::try_from(line).ok(),
            column: None,
            subject: None,
            field: field.map(str::to_owned),
            message,
            remedy: None,
            help,
        };
        self.file.diagnostics.push(diagnostic);
    }

    /// Notes that one record of type `what` was left out at `line`, for the reason `why`.
    pub fn leave_out(&mut self, what: &'static str, why: &'static str, line: u64) {
        self.left_out.entry((what, why)).or_insert((0, line)).0 += 1;
    }

    fn unique_id(&mut self, base: String, name: &str) -> String {
        let base = if base.is_empty() { "actor".to_owned() } else { base };
        let id = if self.ids.contains(&base) {
            let hash = twox_hash::XxHash3_64::oneshot(name.as_bytes());
            let mut id = format!("{base}-{:08x}", hash >> 32);
            let mut n = 2;
            while self.ids.contains(&id) {
                id = format!("{base}-{:08x}-{n}", hash >> 32);
                n += 1;
            }
            id
        } else {
            base
        };
        self.ids.insert(id.clone());
        id
    }

    /// The actor named `name` (added on first sight), as an id symbol.
    pub fn actor(&mut self, name: &str, kind: Option<&'static str>, line: u64) -> Sym {
        if let Some(&index) = self.by_name.get(name) {
            let actor = &mut self.file.doc.actors[index];
            match (&actor.kind, kind) {
                (None, Some(kind)) => actor.kind = Some(kind.to_owned()),
                (Some(old), Some(new)) if old != new => {
                    self.kind_changes.get_or_insert_with(|| (0, name.to_owned(), line)).0 += 1;
                }
                _ => {}
            }
            return actor.id;
        }
        let id = self.unique_id(slug(name), name);
        let sym = Sym::new(&id);
        self.by_name.insert(name.to_owned(), self.file.doc.actors.len());
        // A stub: the same actor in another export of the dataset (or declared in an actors file) is no clash.
        self.file.doc.actors.push(RawActor {
            id: sym,
            name: Some(name.to_owned()),
            kind: kind.map(str::to_owned),
            stub: true,
            ..RawActor::default()
        });
        self.file.record_pos[Section::Actors as usize].push(line);
        sym
    }

    /// The place actor for `place` (added on first sight), as an id symbol.
    fn place(&mut self, place: &Place, line: u64) -> Sym {
        let mut key = place.name.to_owned();
        for (_, value) in &place.attrs {
            key.push('\u{1f}');
            key.push_str(value);
        }
        if let Some(&index) = self.places.get(&key) {
            return self.file.doc.actors[index].id;
        }
        let mut words = vec!["place", place.name];
        words.extend(place.attrs.iter().filter(|(k, _)| matches!(*k, "admin1" | "country")).map(|(_, v)| *v));
        let id = self.unique_id(slug(&words.join(" ")), &key);
        let sym = Sym::new(&id);
        self.places.insert(key, self.file.doc.actors.len());
        self.file.doc.actors.push(RawActor {
            id: sym,
            name: Some(place.name.to_owned()),
            kind: Some(PLACE_KIND.to_owned()),
            attrs: place.attrs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            stub: true,
            ..RawActor::default()
        });
        self.file.record_pos[Section::Actors as usize].push(line);
        sym
    }

    /// The source with this id (added on first sight with the other fields), as the number relations cite.
    pub fn source(&mut self, id: &str, make: impl FnOnce() -> RawSource, line: u64) -> u32 {
        if let Some(&sym) = self.sources.get(id) {
            return sym;
        }
        let sym = Sym::new(id);
        let mut source = make();
        source.id = sym;
        source.imported = true;
        self.file.doc.sources.push(source);
        self.file.record_pos[Section::Sources as usize].push(line);
        self.sources.insert(id.to_owned(), sym.0);
        sym.0
    }

    fn use_kind(&mut self, kind: &'static str) {
        if !self.kinds.contains_key(kind) {
            let spec = self.kind_table.iter().chain([&ASSOCIATED]).find(|k| k.0 == kind).copied();
            self.kinds.insert(kind, spec.unwrap_or((kind, "neutral", false, "")));
        }
    }

    /// Adds one event: its relation, its actors and its associated actors' links.
    pub fn event(&mut self, event: Event) {
        let line = event.line;
        let [one, two] = event.sides;
        let (from, to) = match (one, two) {
            (Some(a), Some(b)) if a.0 != b.0 => (self.actor(a.0, a.1, line), self.actor(b.0, b.1, line)),
            // Both sides one actor (ACLED codes infighting and mutinies so): no relation can link an actor to
            // itself, so the event is read as one actor's, at its place.
            (Some(a), Some(_)) => {
                if event.place.name.is_empty() {
                    self.leave_out("event", "both sides the same actor, and no place", line);
                    return;
                }
                let actor = self.actor(a.0, a.1, line);
                self.same_sides += 1;
                (actor, self.place(&event.place, line))
            }
            (Some(a), None) | (None, Some(a)) => {
                if event.place.name.is_empty() {
                    self.leave_out("event", "one actor and no place", line);
                    return;
                }
                let actor = self.actor(a.0, a.1, line);
                self.place_links += 1;
                (actor, self.place(&event.place, line))
            }
            (None, None) => {
                self.leave_out("event", "names no actor", line);
                return;
            }
        };
        self.use_kind(event.kind);
        self.events += 1;
        let date = event.date;
        self.file.doc.relations.push(RawRelation {
            id: event.id.map(Box::from),
            from,
            to,
            kind: Sym::new(event.kind),
            date,
            until: event.until,
            confidence: None,
            credibility: None,
            sources: event.sources.into_boxed_slice(),
            note: event.note.map(Box::from),
            attrs: (!event.attrs.is_empty()).then(|| Box::new(event.attrs)),
        });
        self.file.record_pos[Section::Relations as usize].push(line);
        let mains = [one.map(|_| from), two.map(|_| if one.is_some() { to } else { from })];
        for (s, (side, main)) in event.associated.iter().zip(mains).enumerate() {
            let Some(main) = main else { continue };
            for (n, name) in side.iter().enumerate() {
                let other = self.actor(name, None, line);
                if other == main {
                    self.leave_out(
                        "link to an associated actor",
                        "the associated actor is the main actor itself",
                        line,
                    );
                    continue;
                }
                self.use_kind(ASSOCIATED.0);
                self.associated += 1;
                let id = event.id.map(|id| format!("{id}-assoc-{}-{}", s + 1, n + 1));
                self.file.doc.relations.push(RawRelation {
                    id: id.map(String::into_boxed_str),
                    from: other,
                    to: main,
                    kind: Sym::new(ASSOCIATED.0),
                    date,
                    ..RawRelation::default()
                });
                self.file.record_pos[Section::Relations as usize].push(line);
            }
        }
    }

    /// Declares the kinds used, reports what was left out, and marks the file as read line by line.
    pub fn finish(self) -> ImportSummary {
        let Self { file, format, kinds, events, associated, place_links, same_sides, kind_changes, left_out, .. } =
            self;
        for (_, (kind, sign, symmetric, description)) in kinds {
            file.doc.relation_kinds.push(RawKind {
                kind: kind.to_owned(),
                sign: Some(sign.to_owned()),
                symmetric,
                description: (!description.is_empty()).then(|| description.to_owned()),
                ..RawKind::default()
            });
            file.record_pos[Section::RelationKinds as usize].push(1);
        }
        let warn = |file: &mut ParsedFile, line: u64, message: String, help: Option<String>| {
            let diagnostic = Diagnostic {
                severity: Severity::Warning,
                file: file.name.clone(),
                line: usize::try_from(line).ok(),
                column: None,
                subject: None,
                field: None,
                message,
                remedy: None,
                help,
            };
            file.diagnostics.push(diagnostic);
        };
        if let Some((n, name, line)) = kind_changes {
            warn(
                file,
                line,
                format!(
                    "{n} time{} an actor appears with another actor type than at first (first: '{name}'); each \
                     actor keeps the type it first appears with",
                    if n == 1 { "" } else { "s" }
                ),
                None,
            );
        }
        let mut summary = ImportSummary::new(format.name());
        let places = file.doc.actors.iter().filter(|a| a.kind.as_deref() == Some(PLACE_KIND)).count();
        summary.keep("event", events);
        summary.keep("actor", file.doc.actors.len() - places);
        summary.keep("place", places);
        summary.keep("link to an associated actor", associated);
        summary.keep("event linked to its place", place_links);
        summary.keep("event whose two sides are one actor (linked to its place)", same_sides);
        summary.keep("source", file.doc.sources.len());
        for ((what, why), (n, line)) in left_out {
            warn(
                file,
                line,
                format!("left out, {}: {n} ({why}; the first is on this line)", plural_phrase(n, what)),
                None,
            );
            summary.leave_out(what, why, n);
        }
        file.csv_section = Some(Section::Relations);
        file.summary = Some(summary.clone());
        summary
    }
}

/// A header-mapped table: the lower-case header and a lookup by any of a field's names.
pub(crate) struct Columns {
    /// The header, trimmed and lower-case.
    pub names: Vec<String>,
    /// Whether each column was taken by a field (else it becomes an attribute).
    pub used: Vec<bool>,
}

impl Columns {
    /// The columns of `headers` (trimmed, lower-case).
    pub fn new(names: Vec<String>) -> Self {
        let used = vec![false; names.len()];
        Self { names, used }
    }

    /// The index of the first of `names` present, marking it used.
    pub fn take(&mut self, names: &[&str]) -> Option<usize> {
        let found = names.iter().find_map(|n| self.names.iter().position(|h| h == n))?;
        self.used[found] = true;
        Some(found)
    }

    /// The unused columns, as `(index, name)`, for attributes.
    pub fn rest(&self) -> Vec<(usize, String)> {
        self.names.iter().enumerate().filter(|(i, _)| !self.used[*i]).map(|(i, n)| (i, n.clone())).collect()
    }
}

/// A cell by column index: trimmed, `None` when absent or empty.
pub(crate) fn cell(record: &::csv::StringRecord, column: Option<usize>) -> Option<&str> {
    column.and_then(|i| record.get(i)).map(str::trim).filter(|s| !s.is_empty())
}

/// The attributes of a row from the columns no field took.
pub(crate) fn attrs_of(record: &::csv::StringRecord, rest: &[(usize, String)]) -> IndexMap<String, String> {
    rest.iter()
        .filter_map(|(i, name)| {
            let value = record.get(*i)?.trim();
            (!value.is_empty()).then(|| (name.clone(), value.to_owned()))
        })
        .collect()
}

/// Reads every record of an event file with a header, calling `row` for each; malformed rows are errors.
pub(crate) fn each_row(
    sink: &mut Sink,
    reader: &mut ::csv::Reader<&[u8]>,
    width: usize,
    mut row: impl FnMut(&mut Sink, &::csv::StringRecord, u64),
) {
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map_or(1, ::csv::Position::line);
                let stop = matches!(error.kind(), ::csv::ErrorKind::Io(_));
                sink.error(line, None, error.to_string(), None);
                if stop {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(0, ::csv::Position::line);
        if record.len() != width {
            sink.error(
                line,
                None,
                format!("this row has {} cells but the header has {width}", record.len()),
                Some("check for a stray separator, or quote cells that contain one".to_owned()),
            );
            continue;
        }
        row(sink, &record, line);
    }
}

/// Parses an event file (`bytes` without a byte-order mark) of the given format into `file`.
pub(crate) fn parse(file: &mut ParsedFile, bytes: &[u8], format: EventFormat, delimiter: u8) {
    match format {
        EventFormat::Acled => acled::parse(file, bytes, delimiter),
        EventFormat::Ucdp => ucdp::parse(file, bytes, delimiter),
        EventFormat::Gdelt => gdelt::parse(file, bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_published_form() {
        let day = |t: &str| match parse_event_date(t) {
            Some(d) => d.to_string(),
            None => format!("not a date: {t}"),
        };
        assert_eq!(day("2024-12-02"), "2024-12-02");
        assert_eq!(day("2024-12-02 00:00:00.000"), "2024-12-02");
        assert_eq!(day("20241202"), "2024-12-02");
        assert_eq!(day("02 December 2024"), "2024-12-02");
        assert_eq!(day("2-Dec-2024"), "2024-12-02");
        assert!(parse_event_date("31 February 2024").is_none());
        assert!(parse_event_date("yesterday").is_none());
    }
}
