//! Writing a dataset back out in the forms actorgraph reads: one `actorgraph/1` JSON document, or the CSV
//! files an analyst keeps in a spreadsheet.
//!
//! Both writers are lossless: loading what they write gives the same actors, relations (with the same ids),
//! sources and declared relation kinds. Relations whose id was generated are written without one, so the
//! reload generates the same id again; where a filtered export would shift a generated id (`…#2` becoming
//! `…`), the id is written out instead, so statements about that relation still find it. Output is
//! deterministic: records in load order, attributes in dataset order, the same bytes on every run.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::csv as csv_format;
use super::json::FORMAT;
use super::raw::Section;
use crate::error::{Error, Result};
use crate::model::view::View;
use crate::model::{ActorGraph, ActorIx, KindInfo, KindOrigin, RelationIx, SourceIx, Target};

/// The files [`write_csv_pair`] writes into its folder, in the order a folder load reads them.
pub const CSV_FILES: [&str; 4] = ["actors.csv", "relation_kinds.csv", "relations.csv", "sources.csv"];

/// What an export holds: the view's actors and relations, closed so that every reference resolves.
struct Selection<'g> {
    graph: &'g ActorGraph,
    actors: Vec<ActorIx>,
    relations: Vec<RelationIx>,
    /// For each of `relations`: whether its id is written (explicit ids, and generated ones a reload would
    /// not generate the same).
    write_id: Vec<bool>,
    sources: Vec<SourceIx>,
    kinds: Vec<&'g KindInfo>,
    title: Option<&'g str>,
    description: Option<&'g str>,
}

impl<'g> Selection<'g> {
    fn new(view: &View<'g>) -> Self {
        let graph = view.graph();
        let actors: Vec<ActorIx> = view.actors().collect();
        let relations = closed_relations(view);
        let whole = actors.len() == graph.actors().len() && relations.len() == graph.relations().len();
        let sources: Vec<SourceIx> = if whole {
            (0..graph.sources().len()).filter_map(|s| SourceIx::try_from(s).ok()).collect()
        } else {
            let mut cited = vec![false; graph.sources().len()];
            for &r in &relations {
                for &s in &graph.relation(r).sources {
                    cited[s.index()] = true;
                }
            }
            // The sources a cited source rests on come along, so that the file loads back.
            let mut stack: Vec<usize> = (0..cited.len()).filter(|&s| cited[s]).collect();
            while let Some(s) = stack.pop() {
                for &p in &graph.source(SourceIx::new(s)).derived_from {
                    if !cited[p.index()] {
                        cited[p.index()] = true;
                        stack.push(p.index());
                    }
                }
            }
            cited.iter().enumerate().filter(|&(_, &c)| c).filter_map(|(s, _)| SourceIx::try_from(s).ok()).collect()
        };
        let kinds = graph.kinds().iter().map(|(_, k)| k).filter(|k| k.origin == KindOrigin::Declared).collect();
        let (title, description) = match graph.files() {
            [one] => (one.title.as_deref(), one.description.as_deref()),
            _ => (None, None),
        };
        let write_id = ids_to_write(graph, &actors, &relations);
        Self { graph, actors, relations, write_id, sources, kinds, title, description }
    }
}

/// The view's relations, leaving out statements whose target chain leaves the view (a denial of a claim that
/// is not exported would point at nothing), in load order.
fn closed_relations(view: &View<'_>) -> Vec<RelationIx> {
    let graph = view.graph();
    // 0 = not yet known, 1 = being followed, 2 = kept, 3 = left out.
    let mut state = vec![0u8; graph.relations().len()];
    for start in view.relations() {
        let mut walk = Vec::new();
        let mut current = start;
        let verdict = loop {
            match state[current.index()] {
                2 => break 2,
                3 | 1 => break 3, // 1: a loop, which the loader rejects; never follow it
                _ => {}
            }
            if !view.has_relation(current) {
                break 3;
            }
            state[current.index()] = 1;
            walk.push(current);
            match graph.relation(current).to {
                Target::Actor(_) => break 2,
                Target::Relation(next) => current = next,
            }
        };
        for r in walk {
            state[r.index()] = verdict;
        }
    }
    view.relations().filter(|&r| state[r.index()] == 2).collect()
}

/// Which relation ids must be written: explicit ones, and generated ones that a reload of exactly these
/// records would generate differently. Mirrors the loader's rule: explicit ids are taken first, then each
/// relation without an id gets `from>kind>to`, with `#2`, `#3`, … past any id already taken or any actor id.
fn ids_to_write(graph: &ActorGraph, actors: &[ActorIx], relations: &[RelationIx]) -> Vec<bool> {
    let actor_ids: HashSet<&str> = actors.iter().map(|&a| graph.actor(a).id.as_str()).collect();
    let mut write: Vec<bool> = relations.iter().map(|&r| !graph.relation(r).generated_id).collect();
    loop {
        let mut taken: HashSet<String> =
            relations.iter().zip(&write).filter(|&(_, &w)| w).map(|(&r, _)| graph.relation(r).id.to_string()).collect();
        let mut changed = false;
        let mut next_suffix: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, &r) in relations.iter().enumerate() {
            if write[i] {
                continue;
            }
            let relation = graph.relation(r);
            let base = format!(
                "{}>{}>{}",
                graph.actor(relation.from).id,
                graph.kind_of(relation).name,
                graph.target_id(relation)
            );
            // As in the loader: resume after the last suffix given to this base.
            let mut n = next_suffix.get(&base).copied().unwrap_or(1);
            let mut id = if n == 1 { base.clone() } else { format!("{base}#{n}") };
            while taken.contains(&id) || actor_ids.contains(id.as_str()) {
                n += 1;
                id = format!("{base}#{n}");
            }
            next_suffix.insert(base, n + 1);
            if *relation.id != *id {
                write[i] = true;
                changed = true;
            }
            taken.insert(id);
        }
        // Each pass only turns generated ids into written ones, so this ends within `relations.len()` passes
        // (in practice one: a whole-graph export regenerates every id unchanged).
        if !changed {
            return write;
        }
    }
}

#[derive(Serialize)]
struct ActorOut<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    kind: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "indexmap::IndexMap::is_empty")]
    attrs: &'a indexmap::IndexMap<String, String>,
}

#[derive(Serialize)]
struct RelationOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    from: &'a str,
    to: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credibility: Option<u8>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "indexmap::IndexMap::is_empty")]
    attrs: &'a indexmap::IndexMap<String, String>,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reliability: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    derived_from: Vec<&'a str>,
}

#[derive(Serialize)]
struct KindOut<'a> {
    kind: &'a str,
    sign: &'static str,
    symmetric: bool,
    hierarchical: bool,
    statement: bool,
    upward: bool,
    duration: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
}

impl<'g> Selection<'g> {
    fn actor(&self, a: ActorIx) -> ActorOut<'g> {
        let actor = self.graph.actor(a);
        ActorOut {
            id: &actor.id,
            name: &actor.name,
            kind: &actor.kind,
            aliases: &actor.aliases,
            tags: &actor.tags,
            attrs: &actor.attrs,
        }
    }

    fn relation(&self, i: usize) -> RelationOut<'g> {
        let graph = self.graph;
        let relation = graph.relation(self.relations[i]);
        RelationOut {
            id: self.write_id[i].then_some(&*relation.id),
            from: &graph.actor(relation.from).id,
            to: graph.target_id(relation),
            kind: &graph.kind_of(relation).name,
            date: relation.date.map(|d| d.to_string()),
            until: relation.until.map(|d| d.to_string()),
            confidence: relation.confidence,
            credibility: relation.credibility,
            sources: relation.sources.iter().map(|&s| graph.source(s).id.as_str()).collect(),
            note: relation.note.as_deref(),
            attrs: &relation.attrs,
        }
    }

    fn source(&self, s: SourceIx) -> SourceOut<'g> {
        let source = self.graph.source(s);
        SourceOut {
            id: &source.id,
            publisher: source.publisher.as_deref(),
            title: source.title.as_deref(),
            date: source.date.map(|d| d.to_string()),
            url: source.url.as_deref(),
            reliability: source.reliability.map(String::from),
            derived_from: source.derived_from.iter().map(|&p| self.graph.source(p).id.as_str()).collect(),
        }
    }

    fn kind(kind: &'g KindInfo) -> KindOut<'g> {
        KindOut {
            kind: &kind.name,
            sign: kind.sign.as_str(),
            symmetric: kind.symmetric,
            hierarchical: kind.hierarchical,
            statement: kind.statement,
            upward: kind.upward,
            duration: kind.duration.as_str(),
            description: &kind.description,
        }
    }
}

/// serde_json's compact output with a blank after `:` and `,`: one record per line that still reads well.
struct OneLine;

impl serde_json::ser::Formatter for OneLine {
    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }
}

fn one_line<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, OneLine);
    value.serialize(&mut serializer).map_err(io::Error::from)
}

fn section<T: Serialize>(
    out: &mut dyn Write,
    key: &str,
    records: impl ExactSizeIterator<Item = T>,
    last: bool,
) -> io::Result<()> {
    let end = if last { "" } else { "," };
    if records.len() == 0 {
        return writeln!(out, "  \"{key}\": []{end}");
    }
    writeln!(out, "  \"{key}\": [")?;
    let count = records.len();
    for (i, record) in records.enumerate() {
        out.write_all(b"    ")?;
        one_line(out, &record)?;
        writeln!(out, "{}", if i + 1 < count { "," } else { "" })?;
    }
    writeln!(out, "  ]{end}")
}

/// Writes the view as one `actorgraph/1` JSON document: the format, the title and description (when the
/// graph comes from exactly one file), then actors, relations, sources and declared relation kinds, one
/// record per line.
///
/// Every field of every record is kept. Relation ids that the loader generated are left out, so the reload
/// generates them again (see the module documentation for filtered views); a statement whose target is
/// outside the view is left out with it. A whole-graph view writes every source; a filtered one, the sources
/// its relations cite.
///
/// # Errors
/// Only when `out` fails.
///
/// # Complexity
/// O(size of the dataset).
///
/// ```
/// use actorgraph::{format::dataset, load, query::{Filter, View}};
/// let graph = load::embedded();
/// let mut bytes = Vec::new();
/// dataset::write_json(&View::new(&graph, &Filter::default()), &mut bytes).unwrap();
/// let again = load::from_json_str("again.json", std::str::from_utf8(&bytes).unwrap()).unwrap();
/// assert_eq!(again.actors(), graph.actors());
/// assert_eq!(again.relations(), graph.relations());
/// ```
pub fn write_json(view: &View<'_>, out: &mut dyn Write) -> io::Result<()> {
    let selection = Selection::new(view);
    writeln!(out, "{{")?;
    writeln!(out, "  \"format\": \"{FORMAT}\",")?;
    for (key, value) in [("title", selection.title), ("description", selection.description)] {
        if let Some(value) = value {
            write!(out, "  \"{key}\": ")?;
            serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
            writeln!(out, ",")?;
        }
    }
    section(out, "actors", selection.actors.iter().map(|&a| selection.actor(a)), false)?;
    section(out, "relations", (0..selection.relations.len()).map(|i| selection.relation(i)), false)?;
    let has_kinds = !selection.kinds.is_empty();
    section(out, "sources", selection.sources.iter().map(|&s| selection.source(s)), !has_kinds)?;
    if has_kinds {
        section(out, "relation_kinds", selection.kinds.iter().map(|&k| Selection::kind(k)), true)?;
    }
    writeln!(out, "}}")
}

/// One CSV file: its name, header and rows.
struct CsvTable {
    name: &'static str,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// The CSV tables of a selection, built before anything is written so a problem leaves no file half-done.
struct CsvTables {
    files: Vec<CsvTable>,
}

/// Collects the values a CSV file would change: the reader trims cells, reads an empty cell as "no value",
/// splits lists on `;`, lower-cases the header and tells a file's role from its columns.
struct CsvCheck {
    problems: Vec<String>,
}

impl CsvCheck {
    /// A single-value cell.
    fn cell(&mut self, subject: &str, what: &str, value: &str) {
        if value.trim() != value {
            self.problems.push(format!(
                "{subject}: {what} {value:?} begins or ends with a blank or line break, which a CSV cell loses"
            ));
        }
    }

    /// An item of a `;`-separated list.
    fn item(&mut self, subject: &str, what: &str, value: &str) {
        if value.contains(';') {
            self.problems
                .push(format!("{subject}: {what} {value:?} contains ';', which separates list items in a CSV cell"));
        } else if value.trim().is_empty() {
            self.problems.push(format!("{subject}: {what} {value:?} is empty, which a CSV list cannot hold"));
        } else {
            self.cell(subject, what, value);
        }
    }

    /// An attribute: its name becomes a column, its value a cell.
    fn attr(&mut self, subject: &str, known: &[&str], key: &str, value: &str) {
        if key.trim().is_empty() {
            self.problems.push(format!("{subject}: an attribute has an empty name, which a CSV column cannot have"));
        } else if key.trim().to_lowercase() != key {
            self.problems.push(format!(
                "{subject}: attribute name {key:?} is not in lower case without outer blanks, as CSV column names are read"
            ));
        } else if known.contains(&key) {
            self.problems.push(format!(
                "{subject}: attribute {key:?} has the name of one of the format's own columns ({})",
                known.join(",")
            ));
        } else if let Some(near) = csv_format::near_miss(key).filter(|near| !known.contains(near)) {
            // The reader takes such a column for a misspelling of `near` and refuses the file.
            self.problems.push(format!(
                "{subject}: attribute {key:?} is so close to the column name '{near}' that the CSV reader would \
                 take it for a misspelling of it"
            ));
        }
        if value.is_empty() {
            self.problems.push(format!(
                "{subject}: attribute {key:?} is empty, which a CSV cell cannot tell apart from no attribute"
            ));
        } else {
            self.cell(subject, &format!("attribute {key:?}"), value);
        }
    }
}

/// Attribute names across records, as CSV columns: in an order that keeps every record's own order of its
/// attributes (a CSV file reads them back in column order) where the records agree, otherwise first seen
/// first. A topological sort (Kahn) of "comes before" between neighbours in each record, ties to the first seen.
fn attr_columns<'a>(attrs: impl Iterator<Item = &'a indexmap::IndexMap<String, String>>) -> Vec<String> {
    let mut keys: indexmap::IndexSet<&str> = indexmap::IndexSet::new();
    let mut after: Vec<std::collections::BTreeSet<usize>> = Vec::new();
    let mut before_count: Vec<usize> = Vec::new();
    for map in attrs {
        let mut previous: Option<usize> = None;
        for key in map.keys() {
            let (i, new) = keys.insert_full(key.as_str());
            if new {
                after.push(std::collections::BTreeSet::new());
                before_count.push(0);
            }
            if let Some(p) = previous {
                if p != i && after[p].insert(i) {
                    before_count[i] += 1;
                }
            }
            previous = Some(i);
        }
    }
    let mut ready: std::collections::BTreeSet<usize> = (0..keys.len()).filter(|&i| before_count[i] == 0).collect();
    let mut order = Vec::with_capacity(keys.len());
    let mut placed = vec![false; keys.len()];
    while order.len() < keys.len() {
        // A conflict between records leaves no key ready: take the first seen of those left.
        let next = match ready.pop_first() {
            Some(next) => next,
            None => (0..keys.len()).find(|&i| !placed[i]).unwrap_or(0),
        };
        if placed[next] {
            continue;
        }
        placed[next] = true;
        order.push(next);
        for &j in &after[next] {
            before_count[j] = before_count[j].saturating_sub(1);
            if before_count[j] == 0 && !placed[j] {
                ready.insert(j);
            }
        }
    }
    order.into_iter().filter_map(|i| keys.get_index(i).map(|k| (*k).to_owned())).collect()
}

#[allow(clippy::too_many_lines)] // one table after the other; splitting would only pass the checker around
fn csv_tables(selection: &Selection<'_>) -> std::result::Result<CsvTables, Vec<String>> {
    let graph = selection.graph;
    let mut check = CsvCheck { problems: Vec::new() };
    let list = |items: &[String]| items.join(";");

    let actor_attrs = attr_columns(selection.actors.iter().map(|&a| &graph.actor(a).attrs));
    let mut actor_header: Vec<String> = csv_format::ACTOR_COLUMNS.iter().map(|&c| c.to_owned()).collect();
    actor_header.extend(actor_attrs.iter().cloned());
    if csv_format::section_of(&actor_header) != Some(Section::Actors) {
        let clashing: Vec<&str> = actor_attrs
            .iter()
            .map(String::as_str)
            .filter(|k| ["from", "to", "sign", "publisher", "reliability"].contains(k))
            .collect();
        check.problems.push(format!(
            "actors have attributes named {}; as columns of actors.csv they would make it read as another kind of \
             file (relations need from,to; relation kinds need sign; sources need publisher or reliability)",
            clashing.join(", ")
        ));
    }
    let mut actor_rows = Vec::with_capacity(selection.actors.len());
    for &a in &selection.actors {
        let actor = graph.actor(a);
        let subject = format!("actor '{}'", actor.id);
        check.cell(&subject, "id", &actor.id);
        check.cell(&subject, "name", &actor.name);
        check.cell(&subject, "kind", &actor.kind);
        for alias in &actor.aliases {
            check.item(&subject, "alias", alias);
        }
        for tag in &actor.tags {
            check.item(&subject, "tag", tag);
        }
        for (key, value) in &actor.attrs {
            check.attr(&subject, csv_format::ACTOR_COLUMNS, key, value);
        }
        let mut row =
            vec![actor.id.clone(), actor.name.clone(), actor.kind.clone(), list(&actor.aliases), list(&actor.tags)];
        row.extend(actor_attrs.iter().map(|k| actor.attrs.get(k).cloned().unwrap_or_default()));
        actor_rows.push(row);
    }

    let relation_attrs = attr_columns(selection.relations.iter().map(|&r| &*graph.relation(r).attrs));
    let mut relation_header: Vec<String> = csv_format::RELATION_COLUMNS.iter().map(|&c| c.to_owned()).collect();
    relation_header.extend(relation_attrs.iter().cloned());
    let mut relation_rows = Vec::with_capacity(selection.relations.len());
    for (i, &r) in selection.relations.iter().enumerate() {
        let relation = graph.relation(r);
        let subject = format!("relation '{}'", relation.id);
        if selection.write_id[i] {
            check.cell(&subject, "id", &relation.id);
        }
        if let Some(note) = &relation.note {
            check.cell(&subject, "note", note);
        }
        for (key, value) in relation.attrs.iter() {
            check.attr(&subject, csv_format::RELATION_COLUMNS, key, value);
        }
        let sources: Vec<String> = relation.sources.iter().map(|&s| graph.source(s).id.clone()).collect();
        let mut row = vec![
            if selection.write_id[i] { relation.id.to_string() } else { String::new() },
            graph.actor(relation.from).id.clone(),
            graph.target_id(relation).to_owned(),
            graph.kind_of(relation).name.clone(),
            relation.date.map(|d| d.to_string()).unwrap_or_default(),
            relation.until.map(|d| d.to_string()).unwrap_or_default(),
            // Rust prints the shortest text that reads back as the same number.
            relation.confidence.map(|c| c.to_string()).unwrap_or_default(),
            relation.credibility.map(|c| c.to_string()).unwrap_or_default(),
            list(&sources),
            relation.note.as_deref().unwrap_or_default().to_owned(),
        ];
        row.extend(relation_attrs.iter().map(|k| relation.attrs.get(k).cloned().unwrap_or_default()));
        relation_rows.push(row);
    }

    let mut source_rows = Vec::with_capacity(selection.sources.len());
    for &s in &selection.sources {
        let source = graph.source(s);
        let subject = format!("source '{}'", source.id);
        check.item(&subject, "id", &source.id);
        for (what, value) in [("publisher", &source.publisher), ("title", &source.title), ("url", &source.url)] {
            if let Some(value) = value {
                check.cell(&subject, what, value);
            }
        }
        source_rows.push(vec![
            source.id.clone(),
            source.publisher.clone().unwrap_or_default(),
            source.title.clone().unwrap_or_default(),
            source.date.map(|d| d.to_string()).unwrap_or_default(),
            source.url.clone().unwrap_or_default(),
            source.reliability.map(String::from).unwrap_or_default(),
            list(&source.derived_from.iter().map(|&p| graph.source(p).id.clone()).collect::<Vec<_>>()),
        ]);
    }

    let mut kind_rows = Vec::with_capacity(selection.kinds.len());
    for kind in &selection.kinds {
        let subject = format!("relation kind '{}'", kind.name);
        check.cell(&subject, "name", &kind.name);
        check.cell(&subject, "description", &kind.description);
        let flag = |b: bool| if b { "true" } else { "false" }.to_owned();
        kind_rows.push(vec![
            kind.name.clone(),
            kind.sign.as_str().to_owned(),
            flag(kind.symmetric),
            flag(kind.hierarchical),
            flag(kind.statement),
            flag(kind.upward),
            kind.duration.as_str().to_owned(),
            kind.description.clone(),
        ]);
    }

    if !check.problems.is_empty() {
        return Err(check.problems);
    }
    let header = |columns: &[&str]| columns.iter().map(|&c| c.to_owned()).collect::<Vec<_>>();
    Ok(CsvTables {
        files: vec![
            CsvTable { name: CSV_FILES[0], header: actor_header, rows: actor_rows },
            CsvTable { name: CSV_FILES[1], header: header(csv_format::KIND_COLUMNS), rows: kind_rows },
            CsvTable { name: CSV_FILES[2], header: relation_header, rows: relation_rows },
            CsvTable { name: CSV_FILES[3], header: header(csv_format::SOURCE_COLUMNS), rows: source_rows },
        ],
    })
}

/// Writes the view as the CSV files an analyst keeps in a spreadsheet, into `folder` (created if needed):
/// [`CSV_FILES`] — `actors.csv` (`id,name,kind,aliases,tags`, then one column per actor attribute),
/// `relation_kinds.csv` (the declared kinds), `relations.csv` (`id,from,to,kind,date,until,confidence,`
/// `credibility,sources,note`, then one column per relation attribute) and `sources.csv`. Lists are
/// `;`-separated; a relation whose id was generated gets an empty `id` cell. Loading the folder gives the same
/// graph, except the dataset's title and description, which CSV has no place for, and the order of attributes
/// within a record when records list their attributes in conflicting orders (a CSV file has one column order).
///
/// Every value is checked before anything is written: a value CSV would change (an alias containing `;`, a
/// name with outer blanks, an empty attribute, an attribute named like a column) fails the whole export
/// rather than be silently altered. The files are written all or none ([`crate::fs::write_files`]).
///
/// # Errors
/// [`Error::Unrepresentable`] listing every value CSV cannot hold unchanged (nothing is written then);
/// [`Error::Write`] when a file cannot be written.
///
/// # Complexity
/// O(size of the dataset).
///
/// ```
/// use actorgraph::{format::dataset, load, query::{Filter, View}};
/// let graph = load::embedded();
/// let folder = tempfile::tempdir().unwrap();
/// dataset::write_csv_pair(&View::new(&graph, &Filter::default()), folder.path()).unwrap();
/// let (again, _) = load::load(&[folder.path().to_owned()]).unwrap();
/// assert_eq!(again.relations(), graph.relations());
/// ```
pub fn write_csv_pair(view: &View<'_>, folder: &Path) -> Result<()> {
    let files = csv_files(view)?;
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    crate::fs::write_files(folder, &names, |name, out| {
        let bytes = files.iter().find(|(n, _)| *n == name).map_or(&[][..], |(_, b)| b.as_slice());
        out.write_all(bytes)
    })
}

/// The files [`write_csv_pair`] writes, as `(name, content)` in memory: for callers that put them somewhere
/// else (an archive, a test).
///
/// # Errors
/// [`Error::Unrepresentable`] listing every value CSV cannot hold unchanged.
///
/// # Complexity
/// O(size of the dataset).
///
/// ```
/// use actorgraph::{format::dataset, load, query::{Filter, View}};
/// let graph = load::embedded();
/// let files = dataset::csv_files(&View::new(&graph, &Filter::default())).unwrap();
/// let files: Vec<(&str, &[u8])> = files.iter().map(|(name, bytes)| (*name, bytes.as_slice())).collect();
/// assert_eq!(load::check_bytes(&files).graph.unwrap().actors(), graph.actors());
/// ```
pub fn csv_files(view: &View<'_>) -> Result<Vec<(&'static str, Vec<u8>)>> {
    let selection = Selection::new(view);
    let tables = csv_tables(&selection).map_err(|problems| Error::Unrepresentable { format: "CSV", problems })?;
    let mut files = Vec::with_capacity(tables.files.len());
    for table in &tables.files {
        let header: Vec<&str> = table.header.iter().map(String::as_str).collect();
        let mut bytes = Vec::new();
        // Writing to memory cannot fail.
        csv_format::write_csv(&mut bytes, &header, &table.rows)
            .map_err(|source| Error::Write { path: std::path::PathBuf::from(table.name), source })?;
        files.push((table.name, bytes));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    fn graph(text: &str) -> ActorGraph {
        crate::load::from_json_str("test.json", text).unwrap()
    }

    fn json_of(view: &View<'_>) -> String {
        let mut bytes = Vec::new();
        write_json(view, &mut bytes).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn generated_ids_are_left_out_and_regenerate() {
        let g = graph(
            r#"{"actors": [{"id": "a"}, {"id": "b"}],
                "relations": [{"from": "a", "to": "b", "kind": "supports"},
                              {"from": "a", "to": "b", "kind": "supports"},
                              {"from": "b", "to": "a>supports>b#2", "kind": "denies"}]}"#,
        );
        let text = json_of(&View::new(&g, &Filter::default()));
        assert!(!text.contains("\"id\": \"a>supports>b"), "{text}");
        assert!(text.contains("\"to\": \"a>supports>b#2\""), "{text}");
        let again = crate::load::from_json_str("again.json", &text).unwrap();
        assert_eq!(again.relations(), g.relations());
    }

    #[test]
    fn a_filtered_export_writes_ids_that_would_shift() {
        let g = graph(
            r#"{"actors": [{"id": "a", "tags": ["x"]}, {"id": "b", "tags": ["x"]}, {"id": "c"}],
                "relations": [{"from": "a", "to": "b", "kind": "supports", "date": "2020", "until": "2020"},
                              {"from": "a", "to": "b", "kind": "supports", "date": "2024"},
                              {"from": "c", "to": "a>supports>b#2", "kind": "denies"},
                              {"from": "b", "to": "a>supports>b#2", "kind": "denies"}]}"#,
        );
        let kinds = vec![g.kinds().id("supports").unwrap(), g.kinds().id("denies").unwrap()];
        let filter = Filter { since: "2021".parse().ok(), tags: vec!["x".to_owned()], kinds, ..Filter::default() };
        let text = json_of(&View::new(&g, &filter));
        // The 2020 relation is out, so a reload would call the 2024 one `a>supports>b`: its id is written.
        assert!(text.contains("\"id\": \"a>supports>b#2\""), "{text}");
        // c is out, so its denial is too; b's stays and still finds its target.
        let again = crate::load::from_json_str("again.json", &text).unwrap();
        assert_eq!(again.relations().len(), 2);
        assert_eq!(again.target_id(&again.relations()[1]), "a>supports>b#2");
        assert_eq!(again.actors().len(), 2);
    }

    #[test]
    fn attribute_columns_keep_each_records_order() {
        let map =
            |keys: &[&str]| keys.iter().map(|k| ((*k).to_owned(), String::new())).collect::<indexmap::IndexMap<_, _>>();
        let records = [map(&["b"]), map(&["a", "b"]), map(&["c"]), map(&["a", "c", "d"])];
        assert_eq!(attr_columns(records.iter()), ["a", "b", "c", "d"]);
        // Conflicting orders: nothing can satisfy both; the unconstrained key comes first, then the first seen,
        // and every key gets a column once.
        let records = [map(&["x", "y"]), map(&["y", "x"]), map(&["z"])];
        assert_eq!(attr_columns(records.iter()), ["z", "x", "y"]);
    }

    #[test]
    fn csv_refuses_values_it_would_change() {
        let g = graph(
            r#"{"actors": [{"id": "a", "aliases": ["x;y", " padded"], "attrs": {"Role": "r", "from": "f", "to": "t"}},
                           {"id": "b", "attrs": {"empty": "", "sources_": "s"}}]}"#,
        );
        let folder = tempfile::tempdir().unwrap();
        let error = write_csv_pair(&View::new(&g, &Filter::default()), folder.path()).unwrap_err();
        let Error::Unrepresentable { problems, .. } = &error else { panic!("{error}") };
        let text = problems.join("\n");
        for needle in [
            "\"x;y\" contains ';'",
            "\" padded\" begins or ends",
            "\"Role\" is not in lower case",
            "named from, to",
            "\"empty\" is empty",
            // Found by the CSV round-trip property test: a column the reader takes for a misspelling.
            "\"sources_\" is so close to the column name 'sources'",
        ] {
            assert!(text.contains(needle), "{needle} not in\n{text}");
        }
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0, "nothing may be written");
    }
}
