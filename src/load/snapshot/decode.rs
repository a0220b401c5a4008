//! Reading a snapshot's payload: a bounded reader over slices, the payload read in hashed pieces, tables
//! decoded on every core, and every number checked on the way in.

use std::hash::Hasher;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};

use indexmap::IndexMap;
use rayon::prelude::*;
use twox_hash::XxHash3_64;

use crate::diagnostic::{Diagnostic, Remedy, Severity};
use crate::model::{
    Actor, ActorGraph, DatasetFile, Duration, ImportSummary, Kept, KindInfo, KindOrigin, LeftOut, PartialDate,
    Relation, RelationKinds, Sign, Source, SourceIx,
};

use super::relations::{relations, Counts};
use super::Miss;

/// Reads numbers and strings from a slice of the snapshot; every read is bounded by what is left, so a
/// damaged count or length is refused, never trusted.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    /// Bytes not read yet.
    pub(super) fn left(&self) -> u64 {
        (self.bytes.len() - self.pos) as u64
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], Miss> {
        let end = self.pos.checked_add(n).filter(|&end| end <= self.bytes.len()).ok_or(Miss::Corrupt)?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    pub(super) fn array<const N: usize>(&mut self) -> Result<[u8; N], Miss> {
        self.take(N)?.try_into().map_err(|_| Miss::Corrupt)
    }

    pub(super) fn u8(&mut self) -> Result<u8, Miss> {
        Ok(self.array::<1>()?[0])
    }

    pub(super) fn bool(&mut self) -> Result<bool, Miss> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Miss::Corrupt),
        }
    }

    pub(super) fn u16(&mut self) -> Result<u16, Miss> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    pub(super) fn u32(&mut self) -> Result<u32, Miss> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(super) fn u64(&mut self) -> Result<u64, Miss> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    pub(super) fn u128(&mut self) -> Result<u128, Miss> {
        Ok(u128::from_le_bytes(self.array()?))
    }

    pub(super) fn len(&mut self) -> Result<usize, Miss> {
        let n = self.u32()?;
        // A count can never exceed the bytes left: refuses absurd allocations from a damaged file.
        if u64::from(n) > self.left() {
            return Err(Miss::Corrupt);
        }
        Ok(n as usize)
    }

    pub(super) fn take_str(&mut self) -> Result<&'a str, Miss> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| Miss::Corrupt)
    }

    pub(super) fn string(&mut self) -> Result<String, Miss> {
        self.take_str().map(str::to_owned)
    }

    /// A count of records in the original file (not bounded by this file's size).
    pub(super) fn count(&mut self) -> Result<usize, Miss> {
        usize::try_from(self.u64()?).map_err(|_| Miss::Corrupt)
    }

    pub(super) fn summary(&mut self) -> Result<Option<ImportSummary>, Miss> {
        if !self.bool()? {
            return Ok(None);
        }
        let mut summary = ImportSummary::new(self.take_str()?);
        for _ in 0..self.len()? {
            let what = self.string()?;
            summary.kept.push(Kept { what, count: self.count()? });
        }
        for _ in 0..self.len()? {
            let what = self.string()?;
            let count = self.count()?;
            summary.left_out.push(LeftOut { what, count, why: self.string()? });
        }
        Ok(Some(summary))
    }

    pub(super) fn opt_string(&mut self) -> Result<Option<String>, Miss> {
        if self.bool()? {
            self.string().map(Some)
        } else {
            Ok(None)
        }
    }

    pub(super) fn date(&mut self) -> Result<Option<PartialDate>, Miss> {
        if !self.bool()? {
            return Ok(None);
        }
        let year = i32::from_le_bytes(self.array()?);
        let nonzero = |v: u8| (v != 0).then_some(v);
        let (month, day) = (nonzero(self.u8()?), nonzero(self.u8()?));
        PartialDate::from_parts(year, month, day).map(Some).ok_or(Miss::Corrupt)
    }

    pub(super) fn strings(&mut self) -> Result<Vec<String>, Miss> {
        let n = self.len()?;
        (0..n).map(|_| self.string()).collect()
    }

    pub(super) fn attrs(&mut self) -> Result<IndexMap<String, String>, Miss> {
        let n = self.len()?;
        let mut map = IndexMap::with_capacity(n);
        for _ in 0..n {
            let (k, v) = (self.string()?, self.string()?);
            map.insert(k, v);
        }
        Ok(map)
    }
}

/// How many records of a table are read and decoded at a time: enough to keep both cores busy, few enough
/// that the buffer stays small (about a megabyte of relations).
pub(super) const CHUNK: usize = 16_384;

/// The payload as it is read: in pieces, through buffers that are reused, every byte hashed on the way in.
pub(super) struct Payload<R> {
    inner: R,
    /// Bytes of the payload not read yet: no length may claim more.
    pub(super) left: u64,
    pub(super) hasher: XxHash3_64,
}

impl<R: Read> Payload<R> {
    pub(super) fn new(inner: R, len: u64) -> Self {
        Self { inner, left: len, hasher: XxHash3_64::new() }
    }

    /// Replaces what `buffer` holds by the next `n` bytes.
    pub(super) fn fill(&mut self, buffer: &mut Vec<u8>, n: u64) -> Result<(), Miss> {
        if n > self.left {
            return Err(Miss::Corrupt);
        }
        buffer.clear();
        buffer.resize(usize::try_from(n).map_err(|_| Miss::Corrupt)?, 0);
        self.inner.read_exact(buffer).map_err(|_| Miss::Corrupt)?;
        self.hasher.write(buffer);
        self.left -= n;
        Ok(())
    }

    pub(super) fn bytes(&mut self, n: u64) -> Result<Vec<u8>, Miss> {
        let mut buffer = Vec::new();
        self.fill(&mut buffer, n)?;
        Ok(buffer)
    }

    /// A section written with its length first.
    pub(super) fn section(&mut self) -> Result<Vec<u8>, Miss> {
        let n = Reader::new(&self.bytes(8)?).u64()?;
        self.bytes(n)
    }

    /// A table written by [`put_table`](super::encode::put_table), decoded on every core straight into its list, a chunk of records at
    /// a time. `decode` gets a record's bytes and the table's count. Each record must fill exactly the bytes
    /// its offsets give it; `placeholder` stands in for one that does not (the whole table is then refused).
    pub(super) fn table<T: Send>(
        &mut self,
        decode: impl Fn(&mut Reader, usize) -> Result<T, Miss> + Sync,
        placeholder: impl Fn() -> T + Sync,
    ) -> Result<Vec<T>, Miss> {
        let fixed = self.bytes(12)?;
        let mut r = Reader::new(&fixed);
        let n = r.u32()? as usize;
        let total = r.u64()?;
        let offsets_len = (n as u64).checked_mul(8).ok_or(Miss::Corrupt)?;
        if offsets_len.checked_add(total).is_none_or(|len| len > self.left) {
            return Err(Miss::Corrupt);
        }
        let offsets = self.bytes(offsets_len)?;
        let offset = |i: usize| {
            if i == n {
                total
            } else {
                u64::from_le_bytes(offsets[8 * i..8 * i + 8].try_into().unwrap_or_default())
            }
        };
        // Offsets start at 0 and never decrease: the records are read in order, each exactly once.
        if offset(0) != 0 || (0..n).any(|i| offset(i) > offset(i + 1)) {
            return Err(Miss::Corrupt);
        }
        let damaged = AtomicBool::new(false);
        let mut items = Vec::with_capacity(n);
        let mut buffer = Vec::new();
        let mut lo = 0;
        while lo < n {
            let hi = (lo + CHUNK).min(n);
            let base = offset(lo);
            self.fill(&mut buffer, offset(hi) - base)?;
            let records = &buffer;
            items.par_extend((lo..hi).into_par_iter().with_min_len(256).map(|i| {
                // In range: the offsets never decrease, and the buffer ends at `offset(hi)`.
                let record = &records[usize::try_from(offset(i) - base).unwrap_or(usize::MAX)
                    ..usize::try_from(offset(i + 1) - base).unwrap_or(usize::MAX)];
                let mut r = Reader::new(record);
                match decode(&mut r, n) {
                    Ok(item) if r.left() == 0 => item,
                    _ => {
                        damaged.store(true, Ordering::Relaxed);
                        placeholder()
                    }
                }
            }));
            if damaged.load(Ordering::Relaxed) {
                return Err(Miss::Corrupt);
            }
            lo = hi;
        }
        Ok(items)
    }
}

/// Everything a snapshot holds, decoded and checked; [`Parts::build`] makes the graph.
pub(super) struct Parts {
    files: Vec<DatasetFile>,
    kinds: RelationKinds,
    actors: Vec<Actor>,
    sources: Vec<Source>,
    relations: Vec<Relation>,
    warnings: Vec<Diagnostic>,
}

impl Parts {
    pub(super) fn build(self) -> (ActorGraph, Vec<Diagnostic>) {
        (ActorGraph::from_parts(self.files, self.actors, self.relations, self.sources, self.kinds), self.warnings)
    }
}

/// A finding's remedy from its byte (see `encode::remedy_code`).
fn remedy(code: u8) -> Result<Option<Remedy>, Miss> {
    Ok(Some(match code {
        0 => return Ok(None),
        1 => Remedy::NameInputFormat,
        2 => Remedy::MapGraphmlConfidence,
        3 => Remedy::LoadActorsToo,
        _ => return Err(Miss::Corrupt),
    }))
}

fn kind(r: &mut Reader) -> Result<KindInfo, Miss> {
    let name = r.string()?;
    let sign = match r.u8()? {
        0 => Sign::Positive,
        1 => Sign::Negative,
        2 => Sign::Neutral,
        _ => return Err(Miss::Corrupt),
    };
    let (symmetric, hierarchical, statement, upward) = (r.bool()?, r.bool()?, r.bool()?, r.bool()?);
    let duration = if r.bool()? { Duration::Standing } else { Duration::Event };
    let origin = match r.u8()? {
        0 => KindOrigin::Builtin,
        1 => KindOrigin::Declared,
        2 => KindOrigin::Undeclared,
        _ => return Err(Miss::Corrupt),
    };
    let description = r.string()?;
    Ok(KindInfo { name, sign, symmetric, hierarchical, statement, upward, duration, description, origin })
}

fn actor(r: &mut Reader) -> Result<Actor, Miss> {
    Ok(Actor {
        id: r.string()?,
        name: r.string()?,
        kind: r.string()?,
        aliases: r.strings()?,
        tags: r.strings()?,
        attrs: r.attrs()?,
    })
}

/// An actor that stands in for a damaged record while a table is decoded (it never reaches a graph).
fn no_actor() -> Actor {
    Actor {
        id: String::new(),
        name: String::new(),
        kind: String::new(),
        aliases: Vec::new(),
        tags: Vec::new(),
        attrs: IndexMap::new(),
    }
}

fn source(r: &mut Reader, source_count: usize) -> Result<Source, Miss> {
    Ok(Source {
        id: r.string()?,
        publisher: r.opt_string()?,
        title: r.opt_string()?,
        date: r.date()?,
        url: r.opt_string()?,
        reliability: match r.u8()? {
            0 => None,
            c @ b'A'..=b'F' => Some(char::from(c)),
            _ => return Err(Miss::Corrupt),
        },
        derived_from: indices(r, source_count)?,
    })
}

fn no_source() -> Source {
    Source {
        id: String::new(),
        publisher: None,
        title: None,
        date: None,
        url: None,
        reliability: None,
        derived_from: Vec::new(),
    }
}

/// A list of positions, each below `count`.
fn indices(r: &mut Reader, count: usize) -> Result<Vec<SourceIx>, Miss> {
    let n = r.len()?;
    let mut list = Vec::with_capacity(n);
    for _ in 0..n {
        let i = r.u32()?;
        if i as usize >= count {
            return Err(Miss::Corrupt);
        }
        list.push(SourceIx::from_u32(i));
    }
    Ok(list)
}

pub(super) fn decode(payload: &mut Payload<impl Read>) -> Result<Parts, Miss> {
    let head = payload.section()?;
    let mut r = Reader::new(&head);
    let files = (0..r.len()?)
        .map(|_| {
            Ok(DatasetFile {
                path: r.string()?,
                title: r.opt_string()?,
                description: r.opt_string()?,
                import: r.summary()?,
            })
        })
        .collect::<Result<Vec<_>, Miss>>()?;
    let mut kinds = RelationKinds::builtin();
    let kind_count = r.len()?;
    for _ in 0..kind_count {
        kinds.insert(kind(&mut r)?);
    }
    if kinds.iter().count() != kind_count || r.left() != 0 {
        return Err(Miss::Corrupt);
    }
    let actors = payload.table(|r, _| actor(r), no_actor)?;
    let sources = payload.table(source, no_source)?;
    let counts = Counts { actors: actors.len(), kinds: kind_count, sources: sources.len() };
    let relations = relations(payload, counts)?;
    let tail = payload.section()?;
    let mut r = Reader::new(&tail);
    let warning_count = r.len()?;
    let mut warnings = Vec::with_capacity(warning_count);
    let nonzero = |v: u64| usize::try_from(v).ok().filter(|&v| v != 0);
    for _ in 0..warning_count {
        warnings.push(Diagnostic {
            severity: if r.bool()? { Severity::Error } else { Severity::Warning },
            file: r.string()?,
            line: nonzero(r.u64()?),
            column: nonzero(r.u64()?),
            subject: r.opt_string()?,
            field: r.opt_string()?,
            message: r.string()?,
            // Fields are read in the order they were written: help, then the remedy's byte.
            help: r.opt_string()?,
            remedy: remedy(r.u8()?)?,
        });
    }
    if r.left() != 0 {
        return Err(Miss::Corrupt);
    }
    Ok(Parts { files, kinds, actors, sources, relations, warnings })
}
