//! Writing a snapshot's payload: numbers, strings, tables of records, and the graph's parts in order.

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, Remedy, Severity};
use crate::model::{ActorGraph, Duration, ImportSummary, KindInfo, KindOrigin, PartialDate, Sign};

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

pub(super) fn encode(out: &mut Vec<u8>, graph: &ActorGraph, warnings: &[Diagnostic]) {
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
    put_table(out, graph.actors(), |out, a| {
        put_str(out, &a.id);
        put_str(out, &a.name);
        put_str(out, &a.kind);
        put_strs(out, &a.aliases);
        put_strs(out, &a.tags);
        put_attrs(out, &a.attrs);
    });
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
    put_relations(out, graph.relations());
    let tail_at = out.len();
    put_u64(out, 0);
    put_len(out, warnings.len());
    for d in warnings {
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
    let tail_len = (out.len() - tail_at - 8) as u64;
    out[tail_at..tail_at + 8].copy_from_slice(&tail_len.to_le_bytes());
}
