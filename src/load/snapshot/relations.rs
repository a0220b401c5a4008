//! The relations as columns: every id in one block of text, every source list in one block of positions, a
//! fixed-size part per relation, and the few notes and attributes apart (written and read here).

use crate::model::{
    ActorIx, Attrs, KindId, PartialDate, Relation, RelationIx, SharedIndices, SharedStr, SourceIx, Target,
};

use super::decode::{le_u32, Reader};
use super::encode::{put_attrs, put_len, put_str, put_u32, put_u64};
use super::Miss;

/// The bytes of one relation's fixed part (see [`put_relations`]).
const FIXED: usize = 36;

/// Relations as columns, laid out the way the model holds them, so that reading them allocates four blocks
/// instead of a few per relation: the count; every id in one block of text, then where each ends (`u32`);
/// every source list in one block of `u32`, then where each ends; a fixed part of [`FIXED`] bytes per
/// relation; then the few notes and attributes as `(relation, value)` lists.
pub(super) fn put_relations(out: &mut Vec<u8>, relations: &[&Relation]) {
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
        for &s in r.sources.iter() {
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
    // The notes, then the attributes, each as a count and `(relation, value)` by increasing relation.
    let noted: Vec<(usize, &str)> =
        relations.iter().enumerate().filter_map(|(i, r)| Some((i, r.note.as_deref()?))).collect();
    put_len(out, noted.len());
    for (i, note) in noted {
        put_len(out, i);
        put_str(out, note);
    }
    let with_attrs: Vec<(usize, &Relation)> =
        relations.iter().enumerate().filter(|(_, r)| !r.attrs.is_empty()).map(|(i, r)| (i, *r)).collect();
    put_len(out, with_attrs.len());
    for (i, r) in with_attrs {
        put_len(out, i);
        put_attrs(out, &r.attrs);
    }
}

/// A date in a fixed 7 bytes: a flag, the year, the month and day (0 for none).
fn put_fixed_date(out: &mut Vec<u8>, date: Option<PartialDate>) {
    let (flag, (year, month, day)) = date.map_or((0, (0, None, None)), |d| (1, d.parts()));
    out.push(flag);
    out.extend_from_slice(&year.to_le_bytes());
    out.push(month.unwrap_or(0));
    out.push(day.unwrap_or(0));
}

/// How many actors, kinds, sources and relations there are: what a relation's numbers must stay below.
#[derive(Clone, Copy)]
pub(super) struct Counts {
    pub(super) actors: usize,
    pub(super) kinds: usize,
    pub(super) sources: usize,
    pub(super) relations: usize,
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
fn ends(r: &mut Reader, n: usize, len: usize) -> Result<Vec<u32>, Miss> {
    let bytes = r.take(n.checked_mul(4).ok_or(Miss::Corrupt)?)?;
    let ends: Vec<u32> = bytes.chunks_exact(4).map(le_u32).collect();
    let increasing = ends.windows(2).all(|w| w[0] <= w[1]);
    if !increasing || ends.last().map_or(0, |&e| e as usize) != len {
        return Err(Miss::Corrupt);
    }
    Ok(ends)
}

/// One page of relations written by [`put_relations`] (records `first ..` of all `counts.relations`),
/// every number checked against `counts`. With `build`, the records are made; without, the page is only
/// checked (what opening a snapshot does for every page, allocating nothing per relation).
pub(super) fn relation_page(bytes: &[u8], counts: Counts, build: bool) -> Result<Vec<Relation>, Miss> {
    let mut r = Reader::new(bytes);
    let n = r.u32()? as usize;
    // The ids: one block of text, validated once.
    let text_len = usize::try_from(r.u64()?).map_err(|_| Miss::Corrupt)?;
    let text = std::str::from_utf8(r.take(text_len)?).map_err(|_| Miss::Corrupt)?;
    let id_ends = ends(&mut r, n, text_len)?;
    if id_ends.iter().any(|&e| !text.is_char_boundary(e as usize)) {
        return Err(Miss::Corrupt);
    }
    // The sources: one block of positions, each below the number of sources.
    let list_len = usize::try_from(r.u64()?).map_err(|_| Miss::Corrupt)?;
    let list_bytes = r.take(list_len.checked_mul(4).ok_or(Miss::Corrupt)?)?;
    let list = list_bytes.chunks_exact(4).map(le_u32);
    if list.clone().any(|s| s as usize >= counts.sources) {
        return Err(Miss::Corrupt);
    }
    let list_ends = ends(&mut r, n, list_len)?;
    let (text, list) = if build {
        (SharedStr::block(text.to_owned()), SharedIndices::block(list.map(SourceIx::from_u32).collect()))
    } else {
        (SharedStr::block(String::new()), SharedIndices::block(Vec::new()))
    };
    let actor_ok = |a: u32| if (a as usize) < counts.actors { Ok(ActorIx::from_u32(a)) } else { Err(Miss::Corrupt) };
    let mut relations = Vec::with_capacity(if build { n } else { 0 });
    let (mut text_at, mut list_at) = (0, 0);
    for i in 0..n {
        let mut f = Reader::new(r.take(FIXED)?);
        let generated_id = f.bool()?;
        let from = actor_ok(f.u32()?)?;
        let to = match (f.u8()?, f.u32()?) {
            (0, a) => Target::Actor(actor_ok(a)?),
            (1, t) if (t as usize) < counts.relations => Target::Relation(RelationIx::from_u32(t)),
            _ => return Err(Miss::Corrupt),
        };
        let kind = KindId(f.u16()?);
        if usize::from(kind.0) >= counts.kinds {
            return Err(Miss::Corrupt);
        }
        let (date, until) = (fixed_date(&mut f)?, fixed_date(&mut f)?);
        let confidence = Some(f64::from_le_bytes(f.array()?)).filter(|c| !c.is_nan());
        let credibility = match f.u8()? {
            0 => None,
            c @ 1..=6 => Some(c),
            _ => return Err(Miss::Corrupt),
        };
        if f.take(f.left() as usize)?.iter().any(|&b| b != 0) {
            return Err(Miss::Corrupt);
        }
        let (text_end, list_end) = (id_ends[i] as usize, list_ends[i] as usize);
        if build {
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
        }
        (text_at, list_at) = (text_end, list_end);
    }
    // The notes, then the attributes: `(relation, value)`, by increasing relation.
    for with_note in [true, false] {
        let mut last = None;
        for _ in 0..r.len()? {
            let i = r.u32()? as usize;
            if i >= n || last.is_some_and(|l| l >= i) {
                return Err(Miss::Corrupt);
            }
            last = Some(i);
            if with_note {
                let note = r.take_str()?;
                if build {
                    relations[i].note = Some(note.into());
                }
            } else if build {
                relations[i].attrs = r.attrs()?.into();
            } else {
                r.skip_attrs()?;
            }
        }
    }
    if r.left() != 0 {
        return Err(Miss::Corrupt);
    }
    Ok(relations)
}
