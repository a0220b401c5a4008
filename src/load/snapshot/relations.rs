//! The relations as columns: every id in one block of text, every source list in one block of positions, a
//! fixed-size part per relation, and the few notes and attributes apart (written and read here).

use std::io::Read;

use crate::model::{
    ActorIx, Attrs, KindId, PartialDate, Relation, RelationIx, SharedIndices, SharedStr, SourceIx, Target,
};

use super::decode::{Payload, Reader, CHUNK};
use super::encode::{put_attrs, put_len, put_str, put_u32, put_u64};
use super::Miss;

/// The bytes of one relation's fixed part (see [`put_relations`]).
const FIXED: usize = 36;

/// Relations as columns, laid out the way the model holds them, so that reading them allocates four blocks
/// instead of a few per relation: the count; every id in one block of text, then where each ends (`u32`);
/// every source list in one block of `u32`, then where each ends; a fixed part of [`FIXED`] bytes per
/// relation; then the few notes and attributes as `(relation, value)` lists.
pub(super) fn put_relations(out: &mut Vec<u8>, relations: &[Relation]) {
    put_len(out, relations.len());
    put_u64(out, relations.iter().map(|r| r.id.len() as u64).sum());
    for r in relations {
        out.extend_from_slice(r.id.as_bytes());
    }
    let mut end = 0usize;
    for r in relations {
        end += r.id.len();
        put_len(out, end);
    }
    put_u64(out, relations.iter().map(|r| r.sources.len() as u64).sum());
    for r in relations {
        for &s in &r.sources {
            put_u32(out, s.as_u32());
        }
    }
    let mut end = 0usize;
    for r in relations {
        end += r.sources.len();
        put_len(out, end);
    }
    for r in relations {
        let at = out.len();
        out.push(u8::from(r.generated_id));
        put_u32(out, r.from.as_u32());
        match r.to {
            Target::Actor(a) => {
                out.push(0);
                put_u32(out, a.as_u32());
            }
            Target::Relation(t) => {
                out.push(1);
                put_u32(out, t.as_u32());
            }
        }
        out.extend_from_slice(&r.kind.0.to_le_bytes());
        put_fixed_date(out, r.date);
        put_fixed_date(out, r.until);
        // An unknown confidence is written as NaN, which no known confidence can be.
        out.extend_from_slice(&r.confidence.unwrap_or(f64::NAN).to_le_bytes());
        out.push(r.credibility.unwrap_or(0));
        out.resize(at + FIXED, 0);
    }
    // One section (its length first): the notes, then the attributes, each as a count and `(relation,
    // value)` by increasing relation.
    let extras_at = out.len();
    put_u64(out, 0);
    let noted: Vec<(usize, &str)> =
        relations.iter().enumerate().filter_map(|(i, r)| Some((i, r.note.as_deref()?))).collect();
    put_len(out, noted.len());
    for (i, note) in noted {
        put_len(out, i);
        put_str(out, note);
    }
    let with_attrs: Vec<(usize, &Relation)> =
        relations.iter().enumerate().filter(|(_, r)| !r.attrs.is_empty()).collect();
    put_len(out, with_attrs.len());
    for (i, r) in with_attrs {
        put_len(out, i);
        put_attrs(out, &r.attrs);
    }
    let extras_len = (out.len() - extras_at - 8) as u64;
    out[extras_at..extras_at + 8].copy_from_slice(&extras_len.to_le_bytes());
}

/// A date in a fixed 7 bytes: a flag, the year, the month and day (0 for none).
fn put_fixed_date(out: &mut Vec<u8>, date: Option<PartialDate>) {
    let (flag, (year, month, day)) = date.map_or((0, (0, None, None)), |d| (1, d.parts()));
    out.push(flag);
    out.extend_from_slice(&year.to_le_bytes());
    out.push(month.unwrap_or(0));
    out.push(day.unwrap_or(0));
}

/// How many actors, kinds and sources there are: what a relation's numbers must stay below.
#[derive(Clone, Copy)]
pub(super) struct Counts {
    pub(super) actors: usize,
    pub(super) kinds: usize,
    pub(super) sources: usize,
}

/// A date written by [`put_fixed_date`].
fn fixed_date(r: &mut Reader) -> Result<Option<PartialDate>, Miss> {
    let flag = r.bool()?;
    let year = i32::from_le_bytes(r.array()?);
    let nonzero = |v: u8| (v != 0).then_some(v);
    let (month, day) = (nonzero(r.u8()?), nonzero(r.u8()?));
    if !flag {
        return if (year, month, day) == (0, None, None) { Ok(None) } else { Err(Miss::Corrupt) };
    }
    PartialDate::from_parts(year, month, day).map(Some).ok_or(Miss::Corrupt)
}

/// Where each of `n` pieces of a block of `len` items ends (written by [`put_relations`]): checked to never
/// decrease and to end at `len`.
fn ends(payload: &mut Payload<impl Read>, n: usize, len: u64) -> Result<Vec<usize>, Miss> {
    let bytes = payload.bytes((n as u64).checked_mul(4).ok_or(Miss::Corrupt)?)?;
    let ends: Vec<usize> =
        bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize).collect();
    let increasing = ends.windows(2).all(|w| w[0] <= w[1]);
    if !increasing || ends.last().map_or(0, |&e| e as u64) != len {
        return Err(Miss::Corrupt);
    }
    Ok(ends)
}

/// The relations written by [`put_relations`], every number checked against `counts` and their own count.
pub(super) fn relations(payload: &mut Payload<impl Read>, counts: Counts) -> Result<Vec<Relation>, Miss> {
    let n = Reader::new(&payload.bytes(4)?).u32()? as usize;
    // The ids: one block of text, validated once.
    let text_len = Reader::new(&payload.bytes(8)?).u64()?;
    let text = String::from_utf8(payload.bytes(text_len)?).map_err(|_| Miss::Corrupt)?;
    let text = SharedStr::block(text);
    let id_ends = ends(payload, n, text_len)?;
    // The sources: one block of positions, each below the number of sources.
    let list_len = Reader::new(&payload.bytes(8)?).u64()?;
    let list_bytes = payload.bytes(list_len.checked_mul(4).ok_or(Miss::Corrupt)?)?;
    let list: Vec<SourceIx> =
        list_bytes.chunks_exact(4).map(|b| SourceIx::from_u32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))).collect();
    drop(list_bytes);
    if list.iter().any(|&s| s.index() >= counts.sources) {
        return Err(Miss::Corrupt);
    }
    let list = SharedIndices::block(list);
    let list_ends = ends(payload, n, list_len)?;
    // The fixed parts, a chunk at a time through one buffer. One thread: each relation takes a reference to
    // the two blocks, and two cores counting references to one block would slow each other down.
    let actor_ok = |a: u32| if (a as usize) < counts.actors { Ok(ActorIx::from_u32(a)) } else { Err(Miss::Corrupt) };
    let mut relations = Vec::with_capacity(n);
    let mut buffer = Vec::new();
    let (mut text_at, mut list_at) = (0, 0);
    while relations.len() < n {
        let chunk = (n - relations.len()).min(CHUNK);
        payload.fill(&mut buffer, (chunk * FIXED) as u64)?;
        let mut r = Reader::new(&buffer);
        for _ in 0..chunk {
            let i = relations.len();
            let generated_id = r.bool()?;
            let from = actor_ok(r.u32()?)?;
            let to = match (r.u8()?, r.u32()?) {
                (0, a) => Target::Actor(actor_ok(a)?),
                (1, t) if (t as usize) < n => Target::Relation(RelationIx::from_u32(t)),
                _ => return Err(Miss::Corrupt),
            };
            let kind = KindId(r.u16()?);
            if usize::from(kind.0) >= counts.kinds {
                return Err(Miss::Corrupt);
            }
            let (date, until) = (fixed_date(&mut r)?, fixed_date(&mut r)?);
            let confidence = Some(f64::from_le_bytes(r.array()?)).filter(|c| !c.is_nan());
            let credibility = match r.u8()? {
                0 => None,
                c @ 1..=6 => Some(c),
                _ => return Err(Miss::Corrupt),
            };
            if r.u8()? != 0 {
                return Err(Miss::Corrupt);
            }
            let (text_end, list_end) = (id_ends[i], list_ends[i]);
            relations.push(Relation {
                id: SharedStr::piece(&text, text_at..text_end).ok_or(Miss::Corrupt)?,
                generated_id,
                from,
                to,
                kind,
                date,
                until,
                confidence,
                credibility,
                sources: SharedIndices::piece(&list, list_at..list_end).ok_or(Miss::Corrupt)?,
                note: None,
                attrs: Attrs::default(),
            });
            (text_at, list_at) = (text_end, list_end);
        }
    }
    // The notes, then the attributes: `(relation, value)`, by increasing relation.
    let extras = payload.section()?;
    let mut r = Reader::new(&extras);
    for with_note in [true, false] {
        let mut last = None;
        for _ in 0..r.len()? {
            let i = r.u32()? as usize;
            if i >= n || last.is_some_and(|l| l >= i) {
                return Err(Miss::Corrupt);
            }
            last = Some(i);
            if with_note {
                relations[i].note = Some(r.take_str()?.into());
            } else {
                relations[i].attrs = r.attrs()?.into();
            }
        }
    }
    if r.left() != 0 {
        return Err(Miss::Corrupt);
    }
    Ok(relations)
}
