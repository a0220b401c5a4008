//! Merging parsed files into one graph: ids checked across files, references resolved, values validated.
//!
//! Every problem is collected (never only the first), tied to the record and field it is about, and placed
//! at a line and column only at the end, when there is something to report.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::lookup::suggest;
use crate::model::{
    Actor, ActorGraph, ActorIx, DatasetFile, Duration, KindId, KindInfo, KindOrigin, PartialDate, Relation, RelationIx,
    RelationKinds, SharedIndices, SharedStr, Sign, Source, SourceIx, Target,
};
use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, Remedy, Severity};
use crate::format::intern::{Interner, Sym};
use crate::format::locate::{value_of_key, LineIndex, RecordTexts};
use crate::format::parsed::{ParsedFile, TextOrigin};
use crate::format::raw::{RawDate, RawRelation, RawSource, Section};
use crate::model::ix;

mod kinds;
mod relations;
mod sources;

use kinds::declare_kinds;
use relations::collect_relations;
use sources::{collect_sources, link_sources};

/// Did-you-mean searches scan every id; past this many in one load, later findings go without suggestions so
/// that a file with millions of broken references still validates in seconds.
const SUGGESTION_BUDGET: usize = 200;

/// A record of a parsed file: `(file, section, index in that file's section)`.
#[derive(Debug, Clone, Copy)]
struct RecordRef {
    file: usize,
    section: Section,
    index: usize,
}

struct Finding {
    severity: Severity,
    at: RecordRef,
    subject: String,
    field: Option<&'static str>,
    message: String,
    help: Option<String>,
    /// The advice of `help` as a value, when it is to change how the data is loaded.
    remedy: Option<Remedy>,
    /// Another record the finding is about (the first of two duplicates), shown in the help line.
    related: Option<RecordRef>,
}

impl Finding {
    /// Gives the finding advice to change how the data is loaded, in words ([`Remedy::describe`]).
    fn advise(&mut self, remedy: Remedy) {
        self.help = Some(remedy.describe().to_owned());
        self.remedy = Some(remedy);
    }
}

#[derive(Default)]
struct Findings {
    list: Vec<Finding>,
    suggestions_left: usize,
}

impl Findings {
    fn push(
        &mut self,
        severity: Severity,
        at: RecordRef,
        subject: &str,
        field: Option<&'static str>,
        message: String,
    ) -> &mut Finding {
        self.list.push(Finding {
            severity,
            at,
            subject: subject.to_owned(),
            field,
            message,
            help: None,
            remedy: None,
            related: None,
        });
        let last = self.list.len() - 1;
        &mut self.list[last]
    }

    fn error(&mut self, at: RecordRef, subject: &str, field: Option<&'static str>, message: String) -> &mut Finding {
        self.push(Severity::Error, at, subject, field, message)
    }

    /// Suggestions for an unknown id, while the budget lasts.
    fn did_you_mean<'a>(&mut self, query: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
        if self.suggestions_left == 0 {
            return None;
        }
        self.suggestions_left -= 1;
        let found = suggest(query, candidates, 3);
        match found.as_slice() {
            [] => None,
            [one] => Some(format!("did you mean '{one}'?")),
            many => Some(format!(
                "did you mean {}?",
                many.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(" or ")
            )),
        }
    }
}

fn subject(section: Section, id: &str, index: usize) -> String {
    if id.is_empty() {
        format!("{} #{}", section.noun(), index + 1)
    } else {
        format!("{} '{id}'", section.noun())
    }
}

fn parse_date(
    date: Option<RawDate>,
    interner: &Interner,
    at: RecordRef,
    subject: &dyn Fn() -> String,
    field: &'static str,
    findings: &mut Findings,
) -> Option<PartialDate> {
    match date? {
        RawDate::Date(date) => Some(date),
        RawDate::Bad(text) => {
            // Parsed again only to word the message: this is the rare path.
            if let Err(error) = interner.get(text).parse::<PartialDate>() {
                findings.error(at, &subject(), Some(field), error.0);
            }
            None
        }
    }
}

/// An optional text as the model keeps it: blank text is the same as none, as it is in a CSV cell.
fn text<T: AsRef<str>>(value: Option<T>) -> Option<T> {
    value.filter(|v| !v.as_ref().trim().is_empty())
}

/// What each interned id names: an actor, a relation, a source. Tables indexed by [`Sym`], so resolving a
/// reference is an array read rather than a string hash.
struct SymTable<T>(Vec<T>);

/// The index types a [`SymTable`] holds, with the value that marks "names nothing".
trait Unset: Copy + PartialEq {
    const NONE: Self;
}

impl Unset for ActorIx {
    const NONE: Self = Self::MAX;
}

impl Unset for SourceIx {
    const NONE: Self = Self::MAX;
}

impl<T: Unset> SymTable<T> {
    fn new(len: usize) -> Self {
        Self(vec![T::NONE; len])
    }

    fn get(&self, sym: Sym) -> Option<T> {
        self.0.get(sym.index()).copied().filter(|&v| v != T::NONE)
    }

    fn set(&mut self, sym: Sym, value: T) {
        if sym.index() >= self.0.len() {
            self.0.resize(sym.index() + 1, T::NONE);
        }
        self.0[sym.index()] = value;
    }
}

/// The actors so far: the symbol of each one's id, where it was declared, and the reverse table.
struct Actors {
    list: Vec<Actor>,
    ids: Vec<Sym>,
    at: Vec<RecordRef>,
    /// Whether each actor is only a stub (see `RawActor::stub`) so far.
    stub: Vec<bool>,
    of: SymTable<ActorIx>,
}

/// The sources so far, as for [`Actors`].
struct Sources {
    list: Vec<Source>,
    ids: Vec<Sym>,
    of: SymTable<SourceIx>,
    /// Where each source was declared.
    at: Vec<RecordRef>,
}

/// Merges parsed files into a graph. Returns the graph when there are no errors, and every finding.
pub(crate) fn resolve(mut files: Vec<ParsedFile>, interner: Interner) -> (Option<ActorGraph>, Vec<Diagnostic>) {
    let mut findings = Findings { list: Vec::new(), suggestions_left: SUGGESTION_BUDGET };
    let kinds = declare_kinds(&files, &mut findings);
    let mut actors = collect_actors(&mut files, &interner, &mut findings);
    let mut sources = collect_sources(&mut files, &interner, &mut findings);
    link_sources(&files, &mut sources, &mut findings);
    let mut kinds = kinds;
    let relations = collect_relations(&mut files, &interner, &actors, &sources, &mut kinds, &mut findings);
    for file in &mut files {
        // The raw relations are the largest thing in memory; what the graph needs has been moved out.
        file.doc.relations = Vec::new();
    }

    let mut diagnostics: Vec<Diagnostic> = files.iter().flat_map(|f| f.diagnostics.iter().cloned()).collect();
    diagnostics.extend(locate(&files, findings.list));
    for file in &mut files {
        // Every finding is placed: the text kept for it can go before the graph is built.
        file.origin = TextOrigin::None;
    }
    for diagnostic in &mut diagnostics {
        diagnostic.bound();
    }
    // One reading order for every finding, whatever check found it: file by file, top to bottom.
    let file_order: HashMap<&str, usize> = files.iter().enumerate().map(|(i, f)| (f.name.as_str(), i + 1)).collect();
    diagnostics.sort_by_key(|d| {
        (file_order.get(d.file.as_str()).copied().unwrap_or(0), d.line.unwrap_or(0), d.column.unwrap_or(0))
    });
    let too_many = actors.list.len() > u32::MAX as usize - 1 || relations.len() > u32::MAX as usize - 1;
    if too_many {
        diagnostics.push(Diagnostic::about_file(
            Severity::Error,
            files.first().map(|f| f.name.clone()).unwrap_or_default(),
            "more than 4 billion actors or relations; split the dataset".to_owned(),
        ));
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    // Actor ids are copied out of the interner's one buffer once everything resolves.
    let sources = sources.list;
    for (actor, &id) in actors.list.iter_mut().zip(&actors.ids) {
        let id = interner.get(id).to_owned();
        if actor.name.is_empty() {
            actor.name.clone_from(&id);
        }
        actor.id = id;
    }
    drop(interner);
    let dataset_files = files
        .into_iter()
        .map(|f| DatasetFile { path: f.name, title: f.doc.title, description: f.doc.description, import: f.summary })
        .collect();
    (Some(ActorGraph::from_parts(dataset_files, actors.list, relations, sources, kinds)), diagnostics)
}

fn collect_actors(files: &mut [ParsedFile], interner: &Interner, findings: &mut Findings) -> Actors {
    let total = files.iter().map(|f| f.doc.actors.len()).sum();
    let mut actors = Actors {
        list: Vec::with_capacity(total),
        ids: Vec::with_capacity(total),
        at: Vec::with_capacity(total),
        stub: Vec::with_capacity(total),
        of: SymTable::new(interner.len()),
    };
    for (file_ix, file) in files.iter_mut().enumerate() {
        for (index, raw) in file.doc.actors.iter_mut().enumerate() {
            let at = RecordRef { file: file_ix, section: Section::Actors, index };
            let id = interner.get(raw.id);
            let subject = || subject(Section::Actors, id, index);
            if id.trim().is_empty() {
                findings.error(at, &subject(), Some("id"), "the id is empty".to_owned()).help =
                    Some("give every actor a short unique id, e.g. \"kataib-hezbollah\"".to_owned());
                continue;
            }
            if let Some(first) = actors.of.get(raw.id) {
                if raw.stub {
                    continue;
                }
                if actors.stub[first.index()] {
                    actors.stub[first.index()] = false;
                    actors.at[first.index()] = at;
                    actors.list[first.index()] = Actor {
                        id: String::new(),
                        name: raw.name.take().filter(|n| !n.trim().is_empty()).unwrap_or_default(),
                        kind: text(raw.kind.take()).unwrap_or_default(),
                        aliases: std::mem::take(&mut raw.aliases),
                        tags: std::mem::take(&mut raw.tags),
                        attrs: std::mem::take(&mut raw.attrs),
                    };
                    continue;
                }
                findings
                    .error(at, &subject(), Some("id"), format!("the id '{id}' is already used by another actor"))
                    .related = Some(actors.at[first.index()]);
                continue;
            }
            actors.of.set(raw.id, ActorIx::new(actors.list.len()));
            actors.ids.push(raw.id);
            actors.at.push(at);
            actors.stub.push(raw.stub);
            // The id is filled in (moved from the interner) once everything resolves; so is a missing name.
            actors.list.push(Actor {
                id: String::new(),
                name: raw.name.take().filter(|n| !n.trim().is_empty()).unwrap_or_default(),
                kind: text(raw.kind.take()).unwrap_or_default(),
                aliases: std::mem::take(&mut raw.aliases),
                tags: std::mem::take(&mut raw.tags),
                attrs: std::mem::take(&mut raw.attrs),
            });
        }
    }
    actors
}

/// A relation's target before relation ids are known to be final.
enum PendingTarget {
    Actor(ActorIx),
    Relation(usize),
    Missing,
}

/// Warnings about a relation's evidence: a source cited twice (it counts once), and credibility 1
/// ("confirmed by other sources") with fewer than two independent sources. `cited` are the source indices as
/// the raw record holds them (rewritten in place from symbols).
fn check_evidence(
    cited: &[u32],
    credibility: Option<u8>,
    origins: &[Box<[SourceIx]>],
    sources: &Sources,
    at: RecordRef,
    subject: &dyn Fn() -> String,
    findings: &mut Findings,
) {
    let mut distinct: Vec<SourceIx> = Vec::with_capacity(cited.len());
    let mut repeated: Vec<&str> = Vec::new();
    for &s in cited {
        let s = SourceIx::from_u32(s);
        if distinct.contains(&s) {
            let id = sources.list[s.index()].id.as_str();
            if !repeated.contains(&id) {
                repeated.push(id);
            }
        } else {
            distinct.push(s);
        }
    }
    if !repeated.is_empty() {
        findings
            .push(
                Severity::Warning,
                at,
                &subject(),
                Some("sources"),
                format!("cites '{}' more than once; a repeated source counts once", repeated.join("', '")),
            )
            .help = Some("list each source once".to_owned());
    }
    if credibility == Some(1) {
        let independent = crate::model::independent_of(&distinct, |s| &origins[s.index()]);
        if independent < 2 {
            findings
                .push(
                    Severity::Warning,
                    at,
                    &subject(),
                    Some("credibility"),
                    format!(
                        "credibility 1 means confirmed by other sources, but it has {independent} independent source{}",
                        if independent == 1 { "" } else { "s" }
                    ),
                )
                .help = Some(
                "grade it 2 (probably true) or lower, or cite a second source that does not relay the first".to_owned(),
            );
        }
    }
}

/// Statements about statements are fine (a denial of a denial), but a loop of them says nothing.
fn check_statement_cycles(relations: &[Relation], refs: &[RecordRef], findings: &mut Findings) {
    // 0 = unvisited, 1 = on the current walk, 2 = known to end.
    let mut state = vec![0u8; relations.len()];
    for startix in 0..relations.len() {
        let mut walk = Vec::new();
        let mut current = startix;
        loop {
            match state[current] {
                2 => break,
                1 => {
                    let start = walk.iter().position(|&w| w == current).unwrap_or(0);
                    let ids: Vec<&str> = walk[start..].iter().map(|&w: &usize| &*relations[w].id).collect();
                    let subject = subject(Section::Relations, &relations[current].id, refs[current].index);
                    findings.error(
                        refs[current],
                        &subject,
                        Some("to"),
                        format!(
                            "statements refer to each other in a loop: {} → {}",
                            ids.join(" → "),
                            relations[current].id
                        ),
                    );
                    break;
                }
                _ => {}
            }
            state[current] = 1;
            walk.push(current);
            match relations[current].to {
                Target::Relation(next) => current = next.index(),
                Target::Actor(_) => break,
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
}

fn locate(files: &[ParsedFile], findings: Vec<Finding>) -> Vec<Diagnostic> {
    if findings.is_empty() {
        return Vec::new();
    }
    // Each file with findings is read and indexed once, not once per finding: a file with many broken
    // references must still validate in linear time.
    let mut needed = vec![false; files.len()];
    for f in &findings {
        needed[f.at.file] = true;
        if let Some(related) = f.related {
            needed[related.file] = true;
        }
    }
    let texts: Vec<Option<Cow<str>>> = files
        .iter()
        .zip(&needed)
        .map(|(file, &needed)| (needed && file.csv_section.is_none()).then(|| file.text()).flatten())
        .collect();
    // Files converted from another format (STIX, GraphML) carry their own positions; JSON files are indexed.
    let converted: Vec<Option<LineIndex>> = files
        .iter()
        .zip(&texts)
        .map(|(file, text)| file.spots.as_ref().and(text.as_deref()).map(LineIndex::new))
        .collect();
    let indexes: Vec<Option<(&str, RecordTexts, LineIndex)>> = files
        .iter()
        .zip(&texts)
        .map(|(file, t)| {
            t.as_deref().filter(|_| file.spots.is_none()).map(|t| (t, RecordTexts::new(t), LineIndex::new(t)))
        })
        .collect();
    // `(line, column, the field's name in the file's own format)`.
    let position = |r: RecordRef, field: Option<&str>| -> (Option<usize>, Option<usize>, Option<String>) {
        let file = &files[r.file];
        if let Some(spots) = &file.spots {
            let Some(spot) = spots[r.section as usize].get(r.index) else { return (None, None, None) };
            let named = field.and_then(|f| spot.fields.iter().find(|(name, _, _)| *name == f));
            let offset = named.map_or(spot.at, |&(_, _, at)| at);
            let Some(index) = &converted[r.file] else { return (None, None, None) };
            let (line, column) = index.line_col(offset);
            return (Some(line), Some(column), named.map(|(_, name, _)| name.to_string()));
        }
        let original = file.record_pos[r.section as usize].get(r.index).copied();
        if file.csv_section.is_some() {
            return (original.and_then(|l| usize::try_from(l).ok()), None, None);
        }
        let Some((text, records, lines)) = &indexes[r.file] else { return (None, None, None) };
        let original = original.map_or(r.index, |o| usize::try_from(o).unwrap_or(usize::MAX));
        let Some(&record) = records.get(r.section).get(original) else { return (None, None, None) };
        let mut offset = crate::format::locate::offset_in(text, record);
        if let Some(field) = field {
            if let Some(at) = value_of_key(record, field) {
                offset += at;
            }
        }
        let (line, column) = lines.line_col(offset);
        (Some(line), Some(column), None)
    };
    findings
        .into_iter()
        .map(|f| {
            let (line, column, field_name) = position(f.at, f.field);
            let help = match f.related {
                Some(related) => {
                    let (l, c, _) = position(related, None);
                    let place = match (l, c) {
                        (Some(l), Some(c)) => format!("{}:{l}:{c}", files[related.file].name),
                        (Some(l), None) => format!("{}:{l}", files[related.file].name),
                        _ => files[related.file].name.clone(),
                    };
                    Some(match f.help {
                        Some(h) => format!("{h}; the other one is at {place}"),
                        None => format!("the other one is at {place}"),
                    })
                }
                None => f.help,
            };
            Diagnostic {
                severity: f.severity,
                file: files[f.at.file].name.clone(),
                line,
                column,
                subject: Some(f.subject),
                field: field_name.or_else(|| f.field.map(str::to_owned)),
                message: f.message,
                remedy: f.remedy,
                help,
            }
        })
        .collect()
}
