//! Merging parsed files into one graph: ids checked across files, references resolved, values validated.
//!
//! Every problem is collected (never only the first), tied to the record and field it is about, and placed
//! at a line and column only at the end, when there is something to report.

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
use crate::format::locate::{top_level_keys, LineIndex, OwnedLineIndex, RecordTexts};
use crate::format::parsed::ParsedFile;
use crate::format::raw::{RawDate, RawRelation, RawSource, Section};
use crate::model::ix;

mod kinds;
mod sources;

use kinds::declare_kinds;
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
    // Actor and relation ids move from the interner into the model (no copies); source ids were copied,
    // because a source may share its id with an actor or a relation.
    let sources = sources.list;
    let mut strings = interner.into_strings();
    for (actor, id) in actors.list.iter_mut().zip(&actors.ids) {
        let id = std::mem::take(&mut strings[id.index()]).into_string();
        if actor.name.is_empty() {
            actor.name.clone_from(&id);
        }
        actor.id = id;
    }
    drop(strings);
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

/// Every relation record of every file, in load order.
fn relation_refs(files: &[ParsedFile]) -> Vec<RecordRef> {
    let mut refs = Vec::new();
    for (file_ix, file) in files.iter().enumerate() {
        for index in 0..file.doc.relations.len() {
            refs.push(RecordRef { file: file_ix, section: Section::Relations, index });
        }
    }
    refs
}

/// Pass 1: relation ids, explicit ones first so a generated id never takes an explicit one's name.
fn relation_ids(
    files: &mut [ParsedFile],
    refs: &[RecordRef],
    interner: &Interner,
    actors: &Actors,
    findings: &mut Findings,
) -> RelationIds {
    let mut ids = RelationIds::new(refs.len());
    explicit_ids(files, refs, interner, actors, findings, &mut ids);
    generate_ids(files, refs, interner, actors, &mut ids);
    ids
}

/// Takes each relation's own id, refusing empty ones, repeats and actors' ids.
fn explicit_ids(
    files: &mut [ParsedFile],
    refs: &[RecordRef],
    interner: &Interner,
    actors: &Actors,
    findings: &mut Findings,
    ids: &mut RelationIds,
) {
    for (i, r) in refs.iter().enumerate() {
        let Some(id) = files[r.file].doc.relations[r.index].id.take() else { continue };
        let subject = subject(Section::Relations, &id, r.index);
        if id.trim().is_empty() {
            findings.error(
                *r,
                &subject,
                Some("id"),
                "the id is empty; leave the field out to have one generated".to_owned(),
            );
        } else if let Some(first) = ids.get(&id) {
            findings
                .error(*r, &subject, Some("id"), format!("the id '{id}' is already used by another relation"))
                .related = Some(refs[first as usize]);
        } else if let Some(actor) = interner.lookup(&id).and_then(|sym| actors.of.get(sym)) {
            let finding = findings.error(
                *r,
                &subject,
                Some("id"),
                format!("the id '{id}' is also an actor's id, so a `to` naming it would be ambiguous"),
            );
            finding.related = Some(actors.at[actor.index()]);
        } else {
            ids.insert(i, id, false);
            continue;
        }
        // Kept (not indexed) so that later messages can still name the relation.
        ids.invalid[i] = Some(id);
    }
}

/// Gives each relation without a usable id one made of `from>kind>to`, numbered `#2`, `#3`, … on repeats.
fn generate_ids(files: &[ParsedFile], refs: &[RecordRef], interner: &Interner, actors: &Actors, ids: &mut RelationIds) {
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for (i, r) in refs.iter().enumerate() {
        let rel = &files[r.file].doc.relations[r.index];
        if ids.text(i).is_some() || ids.invalid[i].is_some() {
            continue;
        }
        let base = format!("{}>{}>{}", interner.get(rel.from), interner.get(rel.kind), interner.get(rel.to));
        let taken = |id: &str, ids: &RelationIds| {
            ids.get(id).is_some() || interner.lookup(id).is_some_and(|sym| actors.of.get(sym).is_some())
        };
        // Ids are only ever added, so every suffix below the last one given for this base is still taken:
        // resume there instead of probing from 1, which made N repeats of one relation cost N² probes.
        let mut n = next_suffix.get(&base).copied().unwrap_or(1);
        let mut id = if n == 1 { base.clone() } else { format!("{base}#{n}") };
        while taken(&id, ids) {
            n += 1;
            id = format!("{base}#{n}");
        }
        next_suffix.insert(base, n + 1);
        ids.insert(i, id.into_boxed_str(), true);
    }
}

/// A relation's dates, confidence and credibility, checked.
struct Values {
    date: Option<PartialDate>,
    until: Option<PartialDate>,
    confidence: Option<f64>,
    credibility: Option<u8>,
}

/// Checks a relation's dates (`until` not before `date`), confidence (0..1) and credibility (1..6); `ok` turns
/// false at an error.
fn relation_values(
    rel: &RawRelation,
    interner: &Interner,
    r: RecordRef,
    subject: &dyn Fn() -> String,
    findings: &mut Findings,
    ok: &mut bool,
) -> Values {
    let date = parse_date(rel.date, interner, r, subject, "date", findings);
    let until = parse_date(rel.until, interner, r, subject, "until", findings);
    if let (Some(start), Some(end)) = (date, until) {
        if end.end() < start.start() {
            findings.error(r, &subject(), Some("until"), format!("ends ({end}) before it starts ({start})"));
            *ok = false;
        }
    }
    *ok &= rel.date.is_none() || date.is_some();
    *ok &= rel.until.is_none() || until.is_some();
    let confidence = rel.confidence;
    if let Some(confidence) = confidence.filter(|c| !(0.0..=1.0).contains(c)) {
        findings
            .error(r, &subject(), Some("confidence"), format!("confidence must be between 0 and 1 (got {confidence})"))
            .help = Some("use 1 for certain, 0.5 for an even chance".to_owned());
        *ok = false;
    }
    let credibility = match rel.credibility {
        None => None,
        Some(c @ 1..=6) => u8::try_from(c).ok(),
        Some(c) => {
            findings
                .error(
                    r,
                    &subject(),
                    Some("credibility"),
                    format!("credibility must be a whole number from 1 to 6 (got {c})"),
                )
                .help = Some("Admiralty code: 1 confirmed, 2 probably true, … 6 cannot be judged".to_owned());
            *ok = false;
            None
        }
    };
    Values { date, until, confidence, credibility }
}

/// The relation kinds met so far in a load.
#[derive(Default)]
struct KindUse {
    /// Each kind's id, found once: a dataset uses a few dozen kinds at most, so a short list beats hashing a
    /// million times.
    seen: Vec<(Sym, Option<KindId>)>,
    /// Kinds neither built in nor declared: how many relations use each, and the first (warned about once each).
    undeclared: IndexMap<Sym, (usize, RecordRef)>,
}

impl KindUse {
    /// A relation's kind; `None` (after an error) for an empty kind or one past the 65,536th.
    fn resolve(
        &mut self,
        kind: Sym,
        r: RecordRef,
        subject: &dyn Fn() -> String,
        interner: &Interner,
        kinds: &mut RelationKinds,
        findings: &mut Findings,
    ) -> Option<KindId> {
        let name = interner.get(kind);
        if name.trim().is_empty() {
            findings.error(r, &subject(), Some("kind"), "the kind is empty".to_owned());
            return None;
        }
        let id = match self.seen.iter().find(|(sym, _)| *sym == kind) {
            Some(&(_, id)) => id,
            None => {
                let id = kinds.id_or_undeclared(name);
                self.seen.push((kind, id));
                id
            }
        };
        if id.is_none_or(|k| kinds.get(k).origin == KindOrigin::Undeclared) {
            self.undeclared.entry(kind).or_insert((0, r)).0 += 1;
        }
        if id.is_none() {
            findings.error(r, &subject(), Some("kind"), "too many relation kinds (more than 65,536)".to_owned());
        }
        id
    }
}

/// Resolves every relation of every file: ids first ([`relation_ids`]), then one pass over the relations that
/// checks references, kind ([`KindUse`]), values ([`relation_values`]) and sources, and moves what resolves into
/// the model; the ids and source lists end in one block each ([`share_blocks`]).
///
/// Over 120 lines on purpose: the pass keeps each relation's state (ok, its ends, its kind) in locals, and one
/// pass per concern would read each relation several times.
#[allow(clippy::too_many_lines)]
fn collect_relations(
    files: &mut [ParsedFile],
    interner: &Interner,
    actors: &Actors,
    sources: &Sources,
    kinds: &mut RelationKinds,
    findings: &mut Findings,
) -> Vec<Relation> {
    let links: Vec<&[SourceIx]> = sources.list.iter().map(|s| s.derived_from.as_slice()).collect();
    let origins = crate::model::source_origins(&links);
    let refs = relation_refs(files);
    let ids = relation_ids(files, &refs, interner, actors, findings);

    // Pass 2: references and values.
    let mut kind_use = KindUse::default();
    let mut relations: Vec<Relation> = Vec::with_capacity(refs.len());
    // Every relation's sources, one after the other (cut into pieces once all are known).
    let mut source_list: Vec<SourceIx> = Vec::new();
    let mut source_ends: Vec<usize> = Vec::with_capacity(refs.len());
    let mut any_error = findings.list.iter().any(|f| f.severity == Severity::Error);
    for (i, r) in refs.iter().enumerate() {
        let rel = &mut files[r.file].doc.relations[r.index];
        let Some((id, generated)) = ids.texts[i].as_ref() else { continue };
        let generated = *generated;
        let subject = || subject(Section::Relations, if generated { "" } else { id }, r.index);
        let mut ok = true;
        let from = match actors.of.get(rel.from) {
            Some(a) => Some(a),
            None => {
                let from = interner.get(rel.from);
                let message = if ids.get(from).is_some() {
                    format!("'{from}' is a relation; `from` must name an actor")
                } else {
                    format!("no actor '{from}'")
                };
                if actors.list.is_empty() {
                    findings.error(*r, &subject(), Some("from"), message).advise(Remedy::LoadActorsToo);
                } else {
                    let help = findings.did_you_mean(from, actors.ids.iter().map(|&s| interner.get(s)));
                    findings.error(*r, &subject(), Some("from"), message).help = help;
                }
                ok = false;
                None
            }
        };
        let to = if let Some(a) = actors.of.get(rel.to) {
            PendingTarget::Actor(a)
        } else if let Some(target) = ids.get(interner.get(rel.to)) {
            PendingTarget::Relation(target as usize)
        } else {
            let to = interner.get(rel.to);
            // Generated ids are not suggested: nobody types them, and the relation's own one would come first.
            let explicit = ids.texts.iter().flatten().filter(|(_, generated)| !generated).map(|(t, _)| &**t);
            let message = format!("no actor or relation '{to}'");
            if actors.list.is_empty() {
                findings.error(*r, &subject(), Some("to"), message).advise(Remedy::LoadActorsToo);
            } else {
                let help = findings.did_you_mean(to, actors.ids.iter().map(|&s| interner.get(s)).chain(explicit));
                findings.error(*r, &subject(), Some("to"), message).help = help;
            }
            ok = false;
            PendingTarget::Missing
        };
        let kind_name = interner.get(rel.kind);
        let kind = kind_use.resolve(rel.kind, *r, &subject, interner, kinds, findings);
        ok &= kind.is_some();
        let Values { date, until, confidence, credibility } =
            relation_values(rel, interner, *r, &subject, findings, &mut ok);
        // Source symbols become source indices in place: the list is moved into the model as it is.
        let mut resolved = true;
        for slot in rel.sources.iter_mut() {
            match sources.of.get(Sym(*slot)) {
                Some(s) if ok => *slot = s.as_u32(),
                Some(_) => resolved = false,
                None => {
                    let source = interner.get(Sym(*slot));
                    let help = findings.did_you_mean(source, sources.ids.iter().map(|&s| interner.get(s)));
                    findings.error(*r, &subject(), Some("sources"), format!("no source '{source}'")).help = help;
                    ok = false;
                    resolved = false;
                }
            }
        }
        if ok && resolved {
            check_evidence(&rel.sources, credibility, &origins, sources, *r, &subject, findings);
        }
        match (&to, from) {
            (PendingTarget::Actor(t), Some(f)) if *t == f => {
                findings.error(*r, &subject(), Some("to"), format!("links '{}' to itself", interner.get(rel.from)));
                ok = false;
            }
            (PendingTarget::Relation(t), _) if *t == i => {
                findings.error(
                    *r,
                    &subject(),
                    Some("to"),
                    "the relation is about itself: `to` is its own id; a statement must be about another relation"
                        .to_owned(),
                );
                ok = false;
            }
            (PendingTarget::Relation(_), _) => {
                if let Some(k) = kind {
                    if !kinds.get(k).statement {
                        findings.push(Severity::Warning, *r, &subject(), Some("kind"), format!(
                            "`{kind_name}` is not a statement kind, but this relation targets another relation"
                        )).help = Some("statements about claims are usually denies, claims or reports; declare the kind with \"statement\": true if it is one".to_owned());
                    }
                }
            }
            _ => {}
        }
        any_error |= !ok;
        if any_error {
            // Nothing will be built: stop moving values out, keep checking for messages.
            continue;
        }
        let from = from.unwrap_or_default();
        source_list.extend(rel.sources.iter().map(|&s| SourceIx::from_u32(s)));
        source_ends.push(source_list.len());
        relations.push(Relation {
            id: SharedStr::default(), // moved in below, once every relation is known to resolve
            generated_id: generated,
            from,
            to: match to {
                PendingTarget::Actor(a) => Target::Actor(a),
                PendingTarget::Relation(t) => Target::Relation(RelationIx::new(t)),
                PendingTarget::Missing => Target::Actor(from),
            },
            kind: kind.unwrap_or(KindId(0)),
            date,
            until,
            confidence,
            credibility,
            sources: SharedIndices::default(), // cut from `source_list` below
            note: text(rel.note.take()),
            attrs: rel.attrs.take().into(),
        });
    }
    warn_undeclared_kinds(kind_use.undeclared, &refs, &ids, interner, kinds, findings);
    if findings.list.iter().any(|f| f.severity == Severity::Error) {
        return Vec::new();
    }
    share_blocks(&mut relations, ids, source_list, &source_ends);
    check_statement_cycles(&relations, &refs, findings);
    relations
}

/// One warning per kind neither built in nor declared, at its first use, with how many relations use it.
fn warn_undeclared_kinds(
    undeclared: IndexMap<Sym, (usize, RecordRef)>,
    refs: &[RecordRef],
    ids: &RelationIds,
    interner: &Interner,
    kinds: &RelationKinds,
    findings: &mut Findings,
) {
    for (kind, (count, first)) in undeclared {
        let kind = interner.get(kind);
        let help = suggest(
            kind,
            kinds.iter().filter(|(_, k)| k.origin != KindOrigin::Undeclared).map(|(_, k)| k.name.as_str()),
            2,
        );
        let help = if help.is_empty() {
            "declare it in \"relation_kinds\" with its sign".to_owned()
        } else {
            format!("did you mean '{}'? Otherwise declare it in \"relation_kinds\" with its sign", help.join("' or '"))
        };
        let position = refs.partition_point(|r| (r.file, r.index) < (first.file, first.index));
        let first_id = match ids.texts.get(position) {
            Some(Some((id, false))) => &**id,
            _ => "",
        };
        let subject = subject(Section::Relations, first_id, first.index);
        findings
            .push(
                Severity::Warning,
                first,
                &subject,
                Some("kind"),
                format!(
                    "kind `{kind}` is neither built in nor declared; it is treated as neutral ({count} relation{})",
                    if count == 1 { "" } else { "s" }
                ),
            )
            .help = Some(help);
    }
}

/// Moves the ids and source lists of relations that all resolved into one block each (two allocations instead
/// of two per relation): positions in `relations` equal positions in `ids`, and every id is known.
fn share_blocks(relations: &mut [Relation], ids: RelationIds, source_list: Vec<SourceIx>, source_ends: &[usize]) {
    let mut text = String::with_capacity(ids.texts.iter().flatten().map(|(id, _)| id.len()).sum());
    let mut ends = Vec::with_capacity(relations.len());
    for id in &ids.texts {
        text.push_str(id.as_ref().map_or("", |(id, _)| id));
        ends.push(text.len());
    }
    drop(ids);
    let text = SharedStr::block(text);
    let list = SharedIndices::block(source_list);
    let (mut text_at, mut list_at) = (0, 0);
    for ((relation, end), list_end) in relations.iter_mut().zip(ends).zip(source_ends.iter().copied()) {
        relation.id = SharedStr::piece(&text, text_at..end).unwrap_or_default();
        relation.sources = SharedIndices::piece(&list, list_at..list_end).unwrap_or_default();
        (text_at, list_at) = (end, list_end);
    }
}

/// Relation ids, explicit and generated, by position, with an index from id to position that stores only
/// positions (the ids stay in one list).
struct RelationIds {
    texts: Vec<Option<(Box<str>, bool)>>,
    /// Explicit ids refused (empty, repeated, an actor's): kept for messages, not indexed.
    invalid: Vec<Option<Box<str>>>,
    table: HashTable<u32>,
    hasher: foldhash::quality::RandomState,
}

impl RelationIds {
    fn new(len: usize) -> Self {
        Self {
            texts: vec![None; len],
            invalid: vec![None; len],
            table: HashTable::with_capacity(len),
            hasher: foldhash::quality::RandomState::default(),
        }
    }

    fn get(&self, id: &str) -> Option<u32> {
        let texts = &self.texts;
        let matches = |&j: &u32| texts[j as usize].as_ref().is_some_and(|(t, _)| &**t == id);
        self.table.find(self.hasher.hash_one(id), matches).copied()
    }

    fn text(&self, i: usize) -> Option<&str> {
        self.texts[i].as_ref().map(|(t, _)| &**t)
    }

    /// Adds the id of relation `i`, which must not be indexed yet.
    fn insert(&mut self, i: usize, id: Box<str>, generated: bool) {
        let hash = self.hasher.hash_one(&*id);
        self.texts[i] = Some((id, generated));
        let (texts, hasher) = (&self.texts, &self.hasher);
        let rehash = |&j: &u32| hasher.hash_one(texts[j as usize].as_ref().map_or("", |(t, _)| &**t));
        self.table.insert_unique(hash, ix(i), rehash);
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
    let texts: Vec<Option<String>> = files
        .iter()
        .zip(&needed)
        .map(|(file, &needed)| (needed && file.csv_section.is_none()).then(|| file.text()).flatten())
        .collect();
    // Files converted from another format (STIX, GraphML) carry their own positions; JSON files are indexed.
    let converted: Vec<Option<OwnedLineIndex>> = files
        .iter()
        .zip(&texts)
        .map(|(file, text)| file.spots.as_ref().and(text.clone()).map(OwnedLineIndex::new))
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
        let Some(record) = records.get(r.section).get(original) else { return (None, None, None) };
        let record = record.get();
        let mut offset = crate::format::locate::offset_in(text, record);
        if let Some(field) = field {
            if let Some((_, at)) = top_level_keys(record).into_iter().find(|(k, _)| k == field) {
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
