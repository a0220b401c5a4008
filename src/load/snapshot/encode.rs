//! Writing a snapshot's payload: numbers, strings, tables of records, and the graph's parts in order.

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, Remedy, Severity};
use crate::model::{
    Actor, ActorGraph, ActorIx, Csr, Duration, ImportSummary, KindInfo, KindOrigin, PartialDate, Relation, RelationIx,
    Sign, PAGE,
};

use super::relations::put_relations;

pub(super) fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub(super) fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub(super) fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u32(out, u32::try_from(n).unwrap_or(u32::MAX));
}

pub(super) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
    }
}

fn put_date(out: &mut Vec<u8>, date: Option<PartialDate>) {
    match date {
        None => out.push(0),
        Some(d) => {
            let (year, month, day) = d.parts();
            out.push(1);
            out.extend_from_slice(&year.to_le_bytes());
            out.push(month.unwrap_or(0));
            out.push(day.unwrap_or(0));
        }
    }
}

fn put_strs(out: &mut Vec<u8>, list: &[String]) {
    put_len(out, list.len());
    for s in list {
        put_str(out, s);
    }
}

pub(super) fn put_attrs(out: &mut Vec<u8>, attrs: &IndexMap<String, String>) {
    put_len(out, attrs.len());
    for (k, v) in attrs {
        put_str(out, k);
        put_str(out, v);
    }
}

/// A finding's remedy as one byte: 0 for none.
fn remedy_code(remedy: Option<Remedy>) -> u8 {
    match remedy {
        None => 0,
        Some(Remedy::NameInputFormat) => 1,
        Some(Remedy::MapGraphmlConfidence) => 2,
        Some(Remedy::LoadActorsToo) => 3,
    }
}

fn sign_code(sign: Sign) -> u8 {
    match sign {
        Sign::Positive => 0,
        Sign::Negative => 1,
        Sign::Neutral => 2,
    }
}

fn put_summary(out: &mut Vec<u8>, summary: Option<&ImportSummary>) {
    let Some(summary) = summary else {
        out.push(0);
        return;
    };
    out.push(1);
    put_str(out, &summary.format);
    put_len(out, summary.kept.len());
    for kept in &summary.kept {
        put_str(out, &kept.what);
        put_u64(out, kept.count as u64);
    }
    put_len(out, summary.left_out.len());
    for left in &summary.left_out {
        put_str(out, &left.what);
        put_u64(out, left.count as u64);
        put_str(out, &left.why);
    }
}

fn origin_code(origin: KindOrigin) -> u8 {
    match origin {
        KindOrigin::Builtin => 0,
        KindOrigin::Declared => 1,
        KindOrigin::Undeclared => 2,
    }
}

/// A table of records that can be decoded in parallel: the count, the records' total length, each
/// record's offset from the start of the records (`u64`), then the records.
fn put_table<T>(out: &mut Vec<u8>, items: &[T], mut put: impl FnMut(&mut Vec<u8>, &T)) {
    put_len(out, items.len());
    let total_at = out.len();
    out.resize(total_at + 8 + 8 * items.len(), 0);
    let offsets_at = total_at + 8;
    let start = out.len();
    for (i, item) in items.iter().enumerate() {
        let offset = (out.len() - start) as u64;
        out[offsets_at + 8 * i..offsets_at + 8 * i + 8].copy_from_slice(&offset.to_le_bytes());
        put(out, item);
    }
    let total = (out.len() - start) as u64;
    out[total_at..total_at + 8].copy_from_slice(&total.to_le_bytes());
}

/// `n` strings as one block: the text's length (`u64`), the text, `n`, then where each string ends (`u32`).
fn put_text_list<'a>(out: &mut Vec<u8>, n: usize, item: impl Fn(usize) -> &'a str) {
    put_u64(out, (0..n).map(|i| item(i).len() as u64).sum());
    for i in 0..n {
        out.extend_from_slice(item(i).as_bytes());
    }
    put_len(out, n);
    let mut end = 0;
    for i in 0..n {
        end += item(i).len();
        put_len(out, end);
    }
}

/// Rows grouped by a key: `rows + 1` starts, then the items, each through `put`.
fn put_csr<T>(out: &mut Vec<u8>, csr: &Csr<T>, put: impl Fn(&mut Vec<u8>, &T)) {
    put_len(out, csr.rows());
    for &start in csr.starts() {
        put_len(out, start);
    }
    for item in csr.items() {
        put(out, item);
    }
}

/// The graph's indices as they are held, so that opening a snapshot need not read every relation to
/// rebuild them: the adjacency both ways, the statements by actor and by target, which relations are
/// symmetric, and how many have no confidence.
fn put_indices(out: &mut Vec<u8>, graph: &ActorGraph, flush: Flush) {
    let (outgoing, incoming, stated) = graph.indices();
    let pair = |out: &mut Vec<u8>, &(r, a): &(RelationIx, ActorIx)| {
        put_u32(out, r.as_u32());
        put_u32(out, a.as_u32());
    };
    put_csr(out, outgoing, pair);
    flush(out);
    put_csr(out, incoming, pair);
    flush(out);
    put_csr(out, stated, |out, r| put_u32(out, r.as_u32()));
    flush(out);
    let statements = graph.statement_pairs();
    put_len(out, statements.len());
    for &(target, statement) in statements {
        put_u32(out, target.as_u32());
        put_u32(out, statement.as_u32());
    }
    let symmetric = graph.symmetric_relations();
    put_len(out, symmetric.len());
    let blocks = symmetric.as_slice();
    put_len(out, blocks.len());
    for &block in blocks {
        put_u64(out, block as u64);
    }
    put_u64(out, graph.unknown_confidence_count() as u64);
}

/// `items` in pages of [`PAGE`]: the number of pages, then each page as a section (its length first)
/// written by `put`.
fn put_pages<T>(out: &mut Vec<u8>, items: &[T], flush: Flush, put: impl Fn(&mut Vec<u8>, &[T])) {
    put_len(out, items.len().div_ceil(PAGE));
    for page in items.chunks(PAGE) {
        let at = out.len();
        put_u64(out, 0);
        put(out, page);
        let len = (out.len() - at - 8) as u64;
        out[at..at + 8].copy_from_slice(&len.to_le_bytes());
        flush(out);
    }
}

/// Where the payload goes as it is made: given the bytes written since the last call, it takes them (and
/// may leave `out` empty). A section is never split across calls while its lengths are still to be filled
/// in, so the payload is written in pieces of at most one page or table, never held whole.
pub(super) type Flush<'a> = &'a mut dyn FnMut(&mut Vec<u8>);

/// Writes the payload of a snapshot of `graph` into `out`, handing it to `flush` section by section.
pub(super) fn encode(out: &mut Vec<u8>, graph: &ActorGraph, warnings: &[Diagnostic], flush: Flush) {
    let head_at = out.len();
    put_u64(out, 0);
    put_len(out, graph.files().len());
    for f in graph.files() {
        put_str(out, &f.path);
        put_opt_str(out, f.title.as_deref());
        put_opt_str(out, f.description.as_deref());
        put_summary(out, f.import.as_ref());
    }
    let kinds: Vec<&KindInfo> = graph.kinds().iter().map(|(_, k)| k).collect();
    put_len(out, kinds.len());
    for k in kinds {
        put_str(out, &k.name);
        out.extend_from_slice(&[
            sign_code(k.sign),
            u8::from(k.symmetric),
            u8::from(k.hierarchical),
            u8::from(k.statement),
            u8::from(k.upward),
            u8::from(k.duration == Duration::Standing),
            origin_code(k.origin),
        ]);
        put_str(out, &k.description);
    }
    let head_len = (out.len() - head_at - 8) as u64;
    out[head_at..head_at + 8].copy_from_slice(&head_len.to_le_bytes());
    flush(out);
    put_table(out, graph.sources(), |out, s| {
        put_str(out, &s.id);
        put_opt_str(out, s.publisher.as_deref());
        put_opt_str(out, s.title.as_deref());
        put_date(out, s.date);
        put_opt_str(out, s.url.as_deref());
        out.push(s.reliability.map_or(0, |c| u8::try_from(c).unwrap_or(0)));
        put_len(out, s.derived_from.len());
        for &p in &s.derived_from {
            put_u32(out, p.as_u32());
        }
    });
    let actors = graph.actors();
    flush(out);
    put_text_list(out, actors.len(), |i| graph.actor_id(ActorIx::new(i)));
    flush(out);
    put_text_list(out, actors.len(), |i| graph.actor_name(ActorIx::new(i)));
    flush(out);
    put_indices(out, graph, flush);
    // The records in pages, each a section of its own that can be read alone later.
    let actor_refs: Vec<&Actor> = actors.iter().collect();
    put_pages(out, &actor_refs, flush, |out, page| {
        put_table(out, page, |out, a| {
            put_str(out, &a.id);
            put_str(out, &a.name);
            put_str(out, &a.kind);
            put_strs(out, &a.aliases);
            put_strs(out, &a.tags);
            put_attrs(out, &a.attrs);
        });
    });
    drop(actor_refs);
    let relation_refs: Vec<&Relation> = graph.relations().iter().collect();
    put_pages(out, &relation_refs, flush, put_relations);
    // The warnings in pages too: most commands only count them.
    put_len(out, warnings.len());
    put_pages(out, warnings, flush, |out, page| {
        put_len(out, page.len());
        for d in page {
            out.push(u8::from(d.severity == Severity::Error));
            put_str(out, &d.file);
            put_u64(out, d.line.map_or(0, |l| l as u64));
            put_u64(out, d.column.map_or(0, |c| c as u64));
            put_opt_str(out, d.subject.as_deref());
            put_opt_str(out, d.field.as_deref());
            put_str(out, &d.message);
            put_opt_str(out, d.help.as_deref());
            out.push(remedy_code(d.remedy));
        }
    });
}
