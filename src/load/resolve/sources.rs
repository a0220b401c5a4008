//! Sources across files: ids checked, the same source in two files merged when the records agree, and
//! `derived_from` links resolved (no cycle, no unknown source).

#![allow(clippy::wildcard_imports)] // a room of resolve.rs: it shares its parent's types and helpers

use super::*;

pub(super) fn collect_sources(files: &mut [ParsedFile], interner: &Interner, findings: &mut Findings) -> Sources {
    let mut sources = Sources { list: Vec::new(), ids: Vec::new(), of: SymTable::new(interner.len()), at: Vec::new() };
    let mut first_at: Vec<RecordRef> = Vec::new();
    for file_ix in 0..files.len() {
        for index in 0..files[file_ix].doc.sources.len() {
            let at = RecordRef { file: file_ix, section: Section::Sources, index };
            let raw = &files[file_ix].doc.sources[index];
            let id = interner.get(raw.id);
            let subject = || subject(Section::Sources, id, index);
            if id.trim().is_empty() {
                findings.error(at, &subject(), Some("id"), "the id is empty".to_owned());
                continue;
            }
            if let Some(first) = sources.of.get(raw.id) {
                let first_ref = first_at[first.index()];
                let first_raw = &files[first_ref.file].doc.sources[first_ref.index];
                // A converted file (STIX, GraphML) may cite a source that another file describes: that is the
                // same source, not a clash, as long as the two say the same or one only names it.
                if raw.imported || first_raw.imported {
                    if raw.is_stub() || same_source(first_raw, raw) {
                        continue;
                    }
                    if first_raw.is_stub() {
                        sources.list[first.index()] = source(raw, id, interner, at, &subject, findings);
                        first_at[first.index()] = at;
                        continue;
                    }
                }
                findings
                    .error(at, &subject(), Some("id"), format!("the id '{id}' is already used by another source"))
                    .related = Some(first_ref);
                continue;
            }
            sources.of.set(raw.id, SourceIx::new(sources.list.len()));
            sources.ids.push(raw.id);
            first_at.push(at);
            // Copied, not moved: a later record with the same id (from a converted file) is compared with this
            // one. Sources are few next to relations.
            sources.list.push(source(raw, id, interner, at, &subject, findings));
        }
    }
    sources.at = first_at;
    sources
}

/// Resolves each source's `derived_from` ids, and refuses a loop (a source that, through its relays, rests on
/// itself: its origins would be undefined).
pub(super) fn link_sources(files: &[ParsedFile], sources: &mut Sources, findings: &mut Findings) {
    let by_id: HashMap<&str, SourceIx> =
        sources.list.iter().enumerate().map(|(i, s)| (s.id.as_str(), SourceIx::new(i))).collect();
    let mut links: Vec<Vec<SourceIx>> = vec![Vec::new(); sources.list.len()];
    for (i, &at) in sources.at.iter().enumerate() {
        let raw = &files[at.file].doc.sources[at.index];
        let subject = || subject(Section::Sources, &sources.list[i].id, at.index);
        for parent in &raw.derived_from {
            match by_id.get(parent.as_str()) {
                Some(&p) if p.index() == i => {
                    findings.error(at, &subject(), Some("derived_from"), "a source cannot rest on itself".to_owned());
                }
                Some(&p) => {
                    if !links[i].contains(&p) {
                        links[i].push(p);
                    }
                }
                None => {
                    let help = findings.did_you_mean(parent, sources.list.iter().map(|s| s.id.as_str()));
                    findings.error(at, &subject(), Some("derived_from"), format!("no source '{parent}'")).help =
                        help.or_else(|| Some("list the relayed source under \"sources\" too".to_owned()));
                }
            }
        }
    }
    // Loops: colour each source white (0), grey (1, on the current path) or black (2, done), depth first.
    let mut colour = vec![0u8; links.len()];
    for root in 0..links.len() {
        if colour[root] != 0 {
            continue;
        }
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        colour[root] = 1;
        while let Some(&mut (s, ref mut next)) = path.last_mut() {
            let Some(&p) = links[s].get(*next) else {
                colour[s] = 2;
                path.pop();
                continue;
            };
            *next += 1;
            let p = p.index();
            match colour[p] {
                0 => {
                    colour[p] = 1;
                    path.push((p, 0));
                }
                1 => {
                    let start = path.iter().position(|&(q, _)| q == p).unwrap_or(0);
                    let mut names: Vec<&str> =
                        path[start..].iter().map(|&(q, _)| sources.list[q].id.as_str()).collect();
                    names.push(&sources.list[p].id);
                    let at = sources.at[p];
                    findings
                        .error(
                            at,
                            &subject(Section::Sources, &sources.list[p].id, at.index),
                            Some("derived_from"),
                            format!("derived_from forms a loop: {}", names.join(" \u{2192} ")),
                        )
                        .help = Some("a source rests on the sources it relays; remove one link of the loop".to_owned());
                }
                _ => {}
            }
        }
    }
    for (source, links) in sources.list.iter_mut().zip(links) {
        source.derived_from = links;
    }
}

fn source(
    raw: &RawSource,
    id: &str,
    interner: &Interner,
    at: RecordRef,
    subject: &dyn Fn() -> String,
    findings: &mut Findings,
) -> Source {
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
                            &subject(),
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
    let date = parse_date(raw.date, interner, at, subject, "date", findings);
    Source {
        id: id.to_owned(),
        publisher: text(raw.publisher.clone()),
        title: text(raw.title.clone()),
        date,
        url: text(raw.url.clone()),
        reliability,
        // Resolved once every source is known (see `link_sources`).
        derived_from: Vec::new(),
    }
}

fn same_source(a: &RawSource, b: &RawSource) -> bool {
    a.publisher == b.publisher
        && a.title == b.title
        && a.date == b.date
        && a.url == b.url
        && a.reliability == b.reliability
        && a.derived_from == b.derived_from
}
