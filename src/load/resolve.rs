//! Merging parsed files into one graph: ids checked across files, references resolved, values validated.
//!
//! Every problem is collected (never only the first), tied to the record and field it is about, and placed
//! at a line and column only at the end, when there is something to report.

use std::collections::HashMap;

use crate::lookup::suggest;
use crate::model::{
    Actor, ActorGraph, ActorIx, DatasetFile, KindInfo, KindOrigin, PartialDate, Relation, RelationIx, RelationKinds,
    Sign, Source, SourceIx, Target,
};

use super::locate::{top_level_keys, LineIndex, OwnedLineIndex, RecordTexts};
use super::raw::Section;
use super::{Diagnostic, ParsedFile, Severity};

/// Did-you-mean searches scan every id; past this many in one load, later findings go without suggestions so
/// that a file with millions of broken references still validates in seconds.
const SUGGESTION_BUDGET: usize = 200;

/// The help for a reference when no actor is loaded at all: usually a relations file loaded on its own.
const NO_ACTORS_HELP: &str =
    "no actors are loaded at all: load the actors file too (repeat --data, or give the folder that holds both)";

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
    /// Another record the finding is about (the first of two duplicates), shown in the help line.
    related: Option<RecordRef>,
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
    text: Option<&str>,
    at: RecordRef,
    subject: &str,
    field: &'static str,
    findings: &mut Findings,
) -> Option<PartialDate> {
    let text = text?;
    match text.parse::<PartialDate>() {
        Ok(date) => Some(date),
        Err(error) => {
            findings.error(at, subject, Some(field), error.0);
            None
        }
    }
}

/// An optional text as the model keeps it: blank text is the same as none, as it is in a CSV cell.
fn text(value: Option<&String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty()).cloned()
}

fn ix(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Merges parsed files into a graph. Returns the graph when there are no errors, and every finding.
pub(crate) fn resolve(files: Vec<ParsedFile>) -> (Option<ActorGraph>, Vec<Diagnostic>) {
    let mut findings = Findings { list: Vec::new(), suggestions_left: SUGGESTION_BUDGET };
    let kinds = declare_kinds(&files, &mut findings);
    let (actors, actor_by_id) = collect_actors(&files, &mut findings);
    let (sources, source_by_id) = collect_sources(&files, &mut findings);
    let mut kinds = kinds;
    let relations = collect_relations(&files, &actor_by_id, &source_by_id, &mut kinds, &mut findings);

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
    let too_many = actors.len() > u32::MAX as usize - 1 || relations.len() > u32::MAX as usize - 1;
    if too_many {
        diagnostics.push(Diagnostic {
            severity: Severity::Error,
            file: files.first().map(|f| f.name.clone()).unwrap_or_default(),
            line: None,
            column: None,
            subject: None,
            field: None,
            message: "more than 4 billion actors or relations; split the dataset".to_owned(),
            help: None,
        });
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    let dataset_files = files
        .into_iter()
        .map(|f| DatasetFile { path: f.name, title: f.doc.title, description: f.doc.description })
        .collect();
    (Some(ActorGraph::from_parts(dataset_files, actors, relations, sources, kinds)), diagnostics)
}

fn declare_kinds(files: &[ParsedFile], findings: &mut Findings) -> RelationKinds {
    let mut kinds = RelationKinds::builtin();
    let mut declared_at: HashMap<&str, RecordRef> = HashMap::new();
    for (file_ix, file) in files.iter().enumerate() {
        for (index, raw) in file.doc.relation_kinds.iter().enumerate() {
            let at = RecordRef { file: file_ix, section: Section::RelationKinds, index };
            let subject = subject(Section::RelationKinds, &raw.kind, index);
            if raw.kind.trim().is_empty() {
                findings.error(at, &subject, Some("kind"), "the kind's name is empty".to_owned());
                continue;
            }
            let sign = match raw.sign.as_deref() {
                None => Sign::Neutral,
                Some(text) => match Sign::parse(text) {
                    Some(sign) => sign,
                    None => {
                        findings.error(at, &subject, Some("sign"), format!("'{text}' is not a sign")).help =
                            Some("write positive, negative or neutral".to_owned());
                        continue;
                    }
                },
            };
            let info = KindInfo {
                name: raw.kind.clone(),
                sign,
                symmetric: raw.symmetric,
                hierarchical: raw.hierarchical,
                statement: raw.statement,
                upward: raw.upward,
                description: raw.description.clone().unwrap_or_default(),
                origin: KindOrigin::Declared,
            };
            if let Some(&first) = declared_at.get(raw.kind.as_str()) {
                let previous = kinds.get(kinds.id(&raw.kind).unwrap_or(crate::model::KindId(0)));
                let same = previous.sign == info.sign
                    && previous.symmetric == info.symmetric
                    && previous.hierarchical == info.hierarchical
                    && previous.statement == info.statement
                    && previous.upward == info.upward;
                if !same {
                    let finding =
                        findings.error(at, &subject, None, "is declared twice with different semantics".to_owned());
                    finding.related = Some(first);
                }
                continue;
            }
            declared_at.insert(&raw.kind, at);
            if kinds.insert(info).is_none() {
                findings.error(at, &subject, None, "too many relation kinds (more than 65,536)".to_owned());
            }
        }
    }
    kinds
}

fn collect_actors(
    files: &[ParsedFile],
    findings: &mut Findings,
) -> (Vec<Actor>, HashMap<String, (ActorIx, RecordRef)>) {
    let total = files.iter().map(|f| f.doc.actors.len()).sum();
    let mut actors = Vec::with_capacity(total);
    let mut by_id: HashMap<String, (ActorIx, RecordRef)> = HashMap::with_capacity(total);
    for (file_ix, file) in files.iter().enumerate() {
        for (index, raw) in file.doc.actors.iter().enumerate() {
            let at = RecordRef { file: file_ix, section: Section::Actors, index };
            let subject = subject(Section::Actors, &raw.id, index);
            if raw.id.trim().is_empty() {
                findings.error(at, &subject, Some("id"), "the id is empty".to_owned()).help =
                    Some("give every actor a short unique id, e.g. \"kataib-hezbollah\"".to_owned());
                continue;
            }
            if let Some(&(_, first)) = by_id.get(&raw.id) {
                findings
                    .error(at, &subject, Some("id"), format!("the id '{}' is already used by another actor", raw.id))
                    .related = Some(first);
                continue;
            }
            by_id.insert(raw.id.clone(), (ix(actors.len()), at));
            actors.push(Actor {
                id: raw.id.clone(),
                name: raw.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| raw.id.clone()),
                kind: text(raw.kind.as_ref()).unwrap_or_default(),
                aliases: raw.aliases.clone(),
                tags: raw.tags.clone(),
                attrs: raw.attrs.clone(),
            });
        }
    }
    (actors, by_id)
}

fn collect_sources(
    files: &[ParsedFile],
    findings: &mut Findings,
) -> (Vec<Source>, HashMap<String, (SourceIx, RecordRef)>) {
    let mut sources = Vec::new();
    let mut by_id: HashMap<String, (SourceIx, RecordRef)> = HashMap::new();
    for (file_ix, file) in files.iter().enumerate() {
        for (index, raw) in file.doc.sources.iter().enumerate() {
            let at = RecordRef { file: file_ix, section: Section::Sources, index };
            let subject = subject(Section::Sources, &raw.id, index);
            if raw.id.trim().is_empty() {
                findings.error(at, &subject, Some("id"), "the id is empty".to_owned());
                continue;
            }
            if let Some(&(first_ix, first)) = by_id.get(&raw.id) {
                let first_raw = &files[first.file].doc.sources[first.index];
                // A converted file (STIX, GraphML) may cite a source that another file describes: that is the
                // same source, not a clash, as long as the two say the same or one only names it.
                if raw.imported || first_raw.imported {
                    if raw.is_stub() || same_source(first_raw, raw) {
                        continue;
                    }
                    if first_raw.is_stub() {
                        sources[first_ix as usize] = source(raw, at, &subject, findings);
                        by_id.insert(raw.id.clone(), (first_ix, at));
                        continue;
                    }
                }
                findings
                    .error(at, &subject, Some("id"), format!("the id '{}' is already used by another source", raw.id))
                    .related = Some(first);
                continue;
            }
            by_id.insert(raw.id.clone(), (ix(sources.len()), at));
            sources.push(source(raw, at, &subject, findings));
        }
    }
    (sources, by_id)
}

fn source(raw: &super::raw::RawSource, at: RecordRef, subject: &str, findings: &mut Findings) -> Source {
    let reliability = match raw.reliability.as_deref().map(str::trim) {
        None => None,
        Some(text) => {
            let mut chars = text.chars();
            match (chars.next().map(|c| c.to_ascii_uppercase()), chars.next()) {
                (Some(c @ 'A'..='F'), None) => Some(c),
                _ => {
                    findings
                        .error(
                            at,
                            subject,
                            Some("reliability"),
                            format!("'{text}' is not an Admiralty reliability grade"),
                        )
                        .help =
                        Some("write one letter from A (completely reliable) to F (cannot be judged)".to_owned());
                    None
                }
            }
        }
    };
    let date = parse_date(raw.date.as_deref(), at, subject, "date", findings);
    Source {
        id: raw.id.clone(),
        publisher: text(raw.publisher.as_ref()),
        title: text(raw.title.as_ref()),
        date,
        url: text(raw.url.as_ref()),
        reliability,
    }
}

fn same_source(a: &super::raw::RawSource, b: &super::raw::RawSource) -> bool {
    a.publisher == b.publisher
        && a.title == b.title
        && a.date == b.date
        && a.url == b.url
        && a.reliability == b.reliability
}

/// A relation's target before relation ids are known to be final.
enum PendingTarget {
    Actor(ActorIx),
    Relation(usize),
    Missing,
}

#[allow(clippy::too_many_lines)] // one pass per concern would read each relation several times
fn collect_relations(
    files: &[ParsedFile],
    actors: &HashMap<String, (ActorIx, RecordRef)>,
    sources: &HashMap<String, (SourceIx, RecordRef)>,
    kinds: &mut RelationKinds,
    findings: &mut Findings,
) -> Vec<Relation> {
    // Pass 1: relation ids, explicit ones first so a generated id never takes an explicit one's name.
    let mut refs = Vec::new();
    for (file_ix, file) in files.iter().enumerate() {
        for index in 0..file.doc.relations.len() {
            refs.push(RecordRef { file: file_ix, section: Section::Relations, index });
        }
    }
    let raw = |r: &RecordRef| &files[r.file].doc.relations[r.index];
    let mut by_id: HashMap<String, usize> = HashMap::with_capacity(refs.len());
    let mut ids: Vec<Option<(String, bool)>> = vec![None; refs.len()];
    for (i, r) in refs.iter().enumerate() {
        let Some(id) = &raw(r).id else { continue };
        let subject = subject(Section::Relations, id, r.index);
        if id.trim().is_empty() {
            findings.error(
                *r,
                &subject,
                Some("id"),
                "the id is empty; leave the field out to have one generated".to_owned(),
            );
        } else if let Some(&first) = by_id.get(id) {
            findings
                .error(*r, &subject, Some("id"), format!("the id '{id}' is already used by another relation"))
                .related = Some(refs[first]);
        } else if let Some(&(_, actor_at)) = actors.get(id) {
            let finding = findings.error(
                *r,
                &subject,
                Some("id"),
                format!("the id '{id}' is also an actor's id, so a `to` naming it would be ambiguous"),
            );
            finding.related = Some(actor_at);
        } else {
            by_id.insert(id.clone(), i);
            ids[i] = Some((id.clone(), false));
        }
    }
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for (i, r) in refs.iter().enumerate() {
        if ids[i].is_some() || raw(r).id.is_some() {
            continue;
        }
        let rel = raw(r);
        let base = format!("{}>{}>{}", rel.from, rel.kind, rel.to);
        // Ids are only ever added, so every suffix below the last one given for this base is still taken:
        // resume there instead of probing from 1, which made N repeats of one relation cost N² probes.
        let mut n = next_suffix.get(&base).copied().unwrap_or(1);
        let mut id = if n == 1 { base.clone() } else { format!("{base}#{n}") };
        while by_id.contains_key(&id) || actors.contains_key(&id) {
            n += 1;
            id = format!("{base}#{n}");
        }
        next_suffix.insert(base, n + 1);
        by_id.insert(id.clone(), i);
        ids[i] = Some((id, true));
    }

    // Pass 2: references and values.
    // First-seen order, so the warnings come out the same on every run.
    let mut undeclared: indexmap::IndexMap<String, (usize, RecordRef)> = indexmap::IndexMap::new();
    let mut pending = Vec::with_capacity(refs.len());
    for (i, r) in refs.iter().enumerate() {
        let rel = raw(r);
        let Some((id, generated)) = ids[i].clone() else { continue };
        let subject = subject(Section::Relations, if generated { "" } else { &id }, r.index);
        let mut ok = true;
        let from = match actors.get(&rel.from) {
            Some(&(a, _)) => Some(a),
            None => {
                let message = if by_id.contains_key(&rel.from) {
                    format!("'{}' is a relation; `from` must name an actor", rel.from)
                } else {
                    format!("no actor '{}'", rel.from)
                };
                let help = if actors.is_empty() {
                    Some(NO_ACTORS_HELP.to_owned())
                } else {
                    findings.did_you_mean(&rel.from, actors.keys().map(String::as_str))
                };
                findings.error(*r, &subject, Some("from"), message).help = help;
                ok = false;
                None
            }
        };
        let to = if let Some(&(a, _)) = actors.get(&rel.to) {
            PendingTarget::Actor(a)
        } else if let Some(&target) = by_id.get(&rel.to) {
            PendingTarget::Relation(target)
        } else {
            // Generated ids are not suggested: nobody types them, and the relation's own one would come first.
            let explicit = by_id.iter().filter(|&(_, &j)| ids[j].as_ref().is_some_and(|(_, generated)| !generated));
            let help = if actors.is_empty() {
                Some(NO_ACTORS_HELP.to_owned())
            } else {
                findings
                    .did_you_mean(&rel.to, actors.keys().map(String::as_str).chain(explicit.map(|(k, _)| k.as_str())))
            };
            findings.error(*r, &subject, Some("to"), format!("no actor or relation '{}'", rel.to)).help = help;
            ok = false;
            PendingTarget::Missing
        };
        let kind = if rel.kind.trim().is_empty() {
            findings.error(*r, &subject, Some("kind"), "the kind is empty".to_owned());
            ok = false;
            None
        } else {
            if kinds.id(&rel.kind).is_none() || undeclared.contains_key(&rel.kind) {
                undeclared.entry(rel.kind.clone()).or_insert((0, *r)).0 += 1;
            }
            let id = kinds.id_or_undeclared(&rel.kind);
            if id.is_none() {
                findings.error(*r, &subject, Some("kind"), "too many relation kinds (more than 65,536)".to_owned());
                ok = false;
            }
            id
        };
        let date = parse_date(rel.date.as_deref(), *r, &subject, "date", findings);
        let until = parse_date(rel.until.as_deref(), *r, &subject, "until", findings);
        if let (Some(start), Some(end)) = (date, until) {
            if end.end() < start.start() {
                findings.error(*r, &subject, Some("until"), format!("ends ({end}) before it starts ({start})"));
                ok = false;
            }
        }
        ok &= rel.date.is_none() || date.is_some();
        ok &= rel.until.is_none() || until.is_some();
        let confidence = rel.confidence.unwrap_or(1.0);
        if !(0.0..=1.0).contains(&confidence) {
            findings
                .error(
                    *r,
                    &subject,
                    Some("confidence"),
                    format!("confidence must be between 0 and 1 (got {confidence})"),
                )
                .help = Some("use 1 for certain, 0.5 for an even chance".to_owned());
            ok = false;
        }
        let credibility = match rel.credibility {
            None => None,
            Some(c @ 1..=6) => u8::try_from(c).ok(),
            Some(c) => {
                findings
                    .error(
                        *r,
                        &subject,
                        Some("credibility"),
                        format!("credibility must be a whole number from 1 to 6 (got {c})"),
                    )
                    .help = Some("Admiralty code: 1 confirmed, 2 probably true, … 6 cannot be judged".to_owned());
                ok = false;
                None
            }
        };
        let mut source_ixs = Vec::with_capacity(rel.sources.len());
        for source in &rel.sources {
            match sources.get(source) {
                Some(&(s, _)) => source_ixs.push(s),
                None => {
                    let help = findings.did_you_mean(source, sources.keys().map(String::as_str));
                    findings.error(*r, &subject, Some("sources"), format!("no source '{source}'")).help = help;
                    ok = false;
                }
            }
        }
        match (&to, from) {
            (PendingTarget::Actor(t), Some(f)) if *t == f => {
                findings.error(*r, &subject, Some("to"), format!("links '{}' to itself", rel.from));
                ok = false;
            }
            (PendingTarget::Relation(t), _) if *t == i => {
                findings.error(
                    *r,
                    &subject,
                    Some("to"),
                    "the relation is about itself: `to` is its own id; a statement must be about another relation"
                        .to_owned(),
                );
                ok = false;
            }
            (PendingTarget::Relation(_), _) => {
                if let Some(k) = kind {
                    if !kinds.get(k).statement {
                        findings.push(Severity::Warning, *r, &subject, Some("kind"), format!(
                            "`{}` is not a statement kind, but this relation targets another relation", rel.kind
                        )).help = Some("statements about claims are usually denies, claims or reports; declare the kind with \"statement\": true if it is one".to_owned());
                    }
                }
            }
            _ => {}
        }
        pending.push(ok.then(|| {
            (
                i,
                id,
                generated,
                from.unwrap_or(0),
                to,
                kind.unwrap_or(crate::model::KindId(0)),
                date,
                until,
                confidence,
                credibility,
                source_ixs,
            )
        }));
    }
    for (kind, (count, first)) in undeclared {
        let help = suggest(
            &kind,
            kinds.iter().filter(|(_, k)| k.origin != KindOrigin::Undeclared).map(|(_, k)| k.name.as_str()),
            2,
        );
        let help = if help.is_empty() {
            "declare it in \"relation_kinds\" with its sign".to_owned()
        } else {
            format!("did you mean '{}'? Otherwise declare it in \"relation_kinds\" with its sign", help.join("' or '"))
        };
        let subject = subject(Section::Relations, raw(&first).id.as_deref().unwrap_or(""), first.index);
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
    if findings.list.iter().any(|f| f.severity == Severity::Error) {
        return Vec::new();
    }
    // Every relation resolved: positions in `pending` equal positions in `refs`.
    let relations: Vec<Relation> = pending
        .into_iter()
        .flatten()
        .map(|(i, id, generated, from, to, kind, date, until, confidence, credibility, source_ixs)| {
            let rel = raw(&refs[i]);
            Relation {
                id: id.into_boxed_str(),
                generated_id: generated,
                from,
                to: match to {
                    PendingTarget::Actor(a) => Target::Actor(a),
                    PendingTarget::Relation(t) => Target::Relation(ix(t)),
                    PendingTarget::Missing => Target::Actor(from),
                },
                kind,
                date,
                until,
                confidence,
                credibility,
                sources: source_ixs.into_boxed_slice(),
                note: text(rel.note.as_ref()).map(String::into_boxed_str),
                attrs: rel.attrs.clone(),
            }
        })
        .collect();
    check_statement_cycles(&relations, &refs, findings);
    relations
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
                Target::Relation(next) => current = next as usize,
                Target::Actor(_) => break,
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
    let _: Option<RelationIx> = None;
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
        let mut offset = super::locate::offset_in(text, record);
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
                help,
            }
        })
        .collect()
}
