//! Reading a snapshot's payload: a bounded reader over slices, the payload read in hashed pieces, tables
//! decoded on every core, and every number checked on the way in.

use std::hash::Hasher;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};

use indexmap::IndexMap;
use rayon::prelude::*;
use twox_hash::XxHash3_64;

use crate::diagnostic::{Diagnostic, Remedy, Severity};
use fixedbitset::FixedBitSet;

use crate::model::{
    Actor, ActorIx, ActorTexts, Csr, DatasetFile, Duration, ImportSummary, Kept, KindInfo, KindOrigin, LeftOut,
    PartialDate, RelationIx, RelationKinds, Sign, Source, SourceIx, TextList, PAGE,
};

use super::relations::Counts;
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

    /// Checks attributes as [`Reader::attrs`] reads them, without making them.
    pub(super) fn skip_attrs(&mut self) -> Result<(), Miss> {
        for _ in 0..self.len()? {
            self.take_str()?;
            self.take_str()?;
        }
        Ok(())
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
    pub(super) inner: R,
    /// Bytes of the payload not read yet: no length may claim more.
    pub(super) left: u64,
    /// The payload's length, and where in its file it starts.
    total: u64,
    start: u64,
    pub(super) hasher: XxHash3_64,
}

impl<R: Read> Payload<R> {
    pub(super) fn new(inner: R, len: u64) -> Self {
        Self { inner, left: len, total: len, start: 0, hasher: XxHash3_64::new() }
    }

    /// The payload read from `inner`, which starts at byte `start` of its file.
    pub(super) fn at(inner: R, len: u64, start: u64) -> Self {
        Self { start, ..Self::new(inner, len) }
    }

    /// Where in the file the next byte read is.
    pub(super) fn position(&self) -> u64 {
        self.start + (self.total - self.left)
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

/// Where a page's bytes are in the snapshot file, and their hash (checked again when the page is read).
#[derive(Debug, Clone, Copy)]
pub(super) struct PageAt {
    pub(super) offset: u64,
    pub(super) len: usize,
    pub(super) hash: u64,
}

/// Everything a snapshot holds but the pages' records: those are checked and located, and read later.
pub(super) struct Parts {
    pub(super) files: Vec<DatasetFile>,
    pub(super) kinds: RelationKinds,
    pub(super) sources: Vec<Source>,
    pub(super) actor_texts: ActorTexts,
    pub(super) outgoing: Csr<(RelationIx, ActorIx)>,
    pub(super) incoming: Csr<(RelationIx, ActorIx)>,
    pub(super) stated: Csr<RelationIx>,
    pub(super) statements: Vec<(RelationIx, RelationIx)>,
    pub(super) symmetric: FixedBitSet,
    pub(super) unknown_confidence: usize,
    pub(super) counts: Counts,
    pub(super) actor_pages: Vec<PageAt>,
    pub(super) relation_pages: Vec<PageAt>,
    pub(super) warning_count: usize,
    pub(super) warning_pages: Vec<PageAt>,
}

/// Reads the payload: the small parts decoded, every page of actors and relations checked (each number,
/// each string's UTF-8, each actor's id and name against the lists) and located, but not kept.
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
    let sources = payload.table(source, no_source)?;
    let ids = text_list(payload)?;
    let names = text_list(payload)?;
    if ids.len() != names.len() {
        return Err(Miss::Corrupt);
    }
    let actor_count = ids.len();
    let actor_texts = ActorTexts { ids, names };
    let outgoing: Csr<(RelationIx, ActorIx)> = csr(payload, actor_count, 8)?;
    let incoming: Csr<(RelationIx, ActorIx)> = csr(payload, actor_count, 8)?;
    let stated: Csr<RelationIx> = csr(payload, actor_count, 4)?;
    let statement_count = Reader::new(&payload.bytes(4)?).u32()? as usize;
    let statement_bytes = payload.bytes((statement_count as u64).checked_mul(8).ok_or(Miss::Corrupt)?)?;
    let statements = pairs(&statement_bytes);
    let bits = Reader::new(&payload.bytes(4)?).u32()? as usize;
    let block_count = Reader::new(&payload.bytes(4)?).u32()? as usize;
    let block_bytes = payload.bytes((block_count as u64).checked_mul(8).ok_or(Miss::Corrupt)?)?;
    let blocks: Vec<usize> = block_bytes
        .chunks_exact(8)
        .map(|b| usize::try_from(u64::from_le_bytes(b.try_into().unwrap_or_default())))
        .collect::<Result<_, _>>()
        .map_err(|_| Miss::Corrupt)?;
    if block_count != bits.div_ceil(usize::BITS as usize) {
        return Err(Miss::Corrupt);
    }
    let symmetric = FixedBitSet::with_capacity_and_blocks(bits, blocks);
    let unknown_confidence = Reader::new(&payload.bytes(8)?).count()?;
    let relation_count = bits;
    let counts = Counts { actors: actor_count, kinds: kind_count, sources: sources.len(), relations: relation_count };
    // Every index points inside the tables; the edges are the relations between actors.
    let in_range = |&(r, a): &(RelationIx, ActorIx)| r.index() < relation_count && a.index() < actor_count;
    let edge_count = outgoing.items().len();
    if !outgoing.items().iter().all(in_range)
        || !incoming.items().iter().all(in_range)
        || incoming.items().len() != edge_count
        || edge_count + statements.len() != relation_count
        || stated.items().len() != statements.len()
        || !stated.items().iter().all(|r| r.index() < relation_count)
        || !statements.iter().all(|&(t, s)| t.index() < relation_count && s.index() < relation_count)
        || !statements.windows(2).all(|w| w[0] <= w[1])
        || unknown_confidence > relation_count
    {
        return Err(Miss::Corrupt);
    }
    let actor_pages = pages(payload, actor_count, |bytes, first| check_actor_page(bytes, first, &actor_texts))?;
    let relation_pages =
        pages(payload, relation_count, |bytes, _| super::relations::relation_page(bytes, counts, false).map(drop))?;
    let warning_count = Reader::new(&payload.bytes(4)?).u32()? as usize;
    let warning_pages = pages(payload, warning_count, |bytes, _| warning_page(bytes, false).map(drop))?;
    Ok(Parts {
        files,
        kinds,
        sources,
        actor_texts,
        outgoing,
        incoming,
        stated,
        statements,
        symmetric,
        unknown_confidence,
        counts,
        actor_pages,
        relation_pages,
        warning_count,
        warning_pages,
    })
}

/// A page of warnings written by `encode`: made into findings with `build`, else only checked.
pub(super) fn warning_page(bytes: &[u8], build: bool) -> Result<Vec<Diagnostic>, Miss> {
    let mut r = Reader::new(bytes);
    let n = r.len()?;
    let mut warnings = Vec::with_capacity(if build { n } else { 0 });
    let nonzero = |v: u64| usize::try_from(v).ok().filter(|&v| v != 0);
    let opt_str = |r: &mut Reader<'_>| -> Result<Option<String>, Miss> {
        if !r.bool()? {
            return Ok(None);
        }
        let s = r.take_str()?;
        Ok(build.then(|| s.to_owned()))
    };
    for _ in 0..n {
        let severity = if r.bool()? { Severity::Error } else { Severity::Warning };
        let file = r.take_str()?;
        let (line, column) = (nonzero(r.u64()?), nonzero(r.u64()?));
        let (subject, field) = (opt_str(&mut r)?, opt_str(&mut r)?);
        let message = r.take_str()?;
        // Fields are read in the order they were written: help, then the remedy's byte.
        let help = opt_str(&mut r)?;
        let remedy = remedy(r.u8()?)?;
        if build {
            warnings.push(Diagnostic {
                severity,
                file: file.to_owned(),
                line,
                column,
                subject,
                field,
                message: message.to_owned(),
                help,
                remedy,
            });
        }
    }
    if r.left() != 0 {
        return Err(Miss::Corrupt);
    }
    Ok(warnings)
}

/// The little-endian `u32` that `bytes` starts with (callers give at least four bytes).
pub(super) fn le_u32(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// `(u32, u32)` pairs as `(relation, relation)`.
fn pairs(bytes: &[u8]) -> Vec<(RelationIx, RelationIx)> {
    bytes.chunks_exact(8).map(|b| (RelationIx::from_u32(le_u32(b)), RelationIx::from_u32(le_u32(&b[4..])))).collect()
}

/// A list written by `encode::put_text_list`.
fn text_list(payload: &mut Payload<impl Read>) -> Result<TextList, Miss> {
    let text_len = Reader::new(&payload.bytes(8)?).u64()?;
    let text = String::from_utf8(payload.bytes(text_len)?).map_err(|_| Miss::Corrupt)?;
    let count = Reader::new(&payload.bytes(4)?).u32()? as usize;
    let mut ends = Vec::with_capacity(count.min(usize::try_from(payload.left).unwrap_or(0) / 4));
    ends.extend(payload.bytes((count as u64).checked_mul(4).ok_or(Miss::Corrupt)?)?.chunks_exact(4).map(le_u32));
    TextList::from_parts(text, ends).ok_or(Miss::Corrupt)
}

/// Rows written by `encode::put_csr` for `rows` actors, each item `width` bytes (a relation and an actor,
/// or a relation).
fn csr<T: FromRow>(payload: &mut Payload<impl Read>, rows: usize, width: usize) -> Result<Csr<T>, Miss> {
    if Reader::new(&payload.bytes(4)?).u32()? as usize != rows {
        return Err(Miss::Corrupt);
    }
    let starts: Vec<usize> =
        payload.bytes((rows as u64 + 1) * 4)?.chunks_exact(4).map(|b| le_u32(b) as usize).collect();
    let n = *starts.last().ok_or(Miss::Corrupt)?;
    let items = payload.bytes((n as u64).checked_mul(width as u64).ok_or(Miss::Corrupt)?)?;
    let items = items.chunks_exact(width).map(T::from_row).collect();
    Csr::from_parts(starts, items).ok_or(Miss::Corrupt)
}

/// An item of a stored [`Csr`], from its bytes.
trait FromRow {
    fn from_row(bytes: &[u8]) -> Self;
}

impl FromRow for (RelationIx, ActorIx) {
    fn from_row(b: &[u8]) -> Self {
        (RelationIx::from_u32(le_u32(b)), ActorIx::from_u32(le_u32(&b[4..])))
    }
}

impl FromRow for RelationIx {
    fn from_row(b: &[u8]) -> Self {
        RelationIx::from_u32(le_u32(b))
    }
}

/// The pages of a table of `count` records written by `encode::put_pages`: each read through one reused
/// buffer, hashed, and checked by `check` (given its bytes and its first record's position); located for
/// reading again later.
fn pages(
    payload: &mut Payload<impl Read>,
    count: usize,
    check: impl Fn(&[u8], usize) -> Result<(), Miss>,
) -> Result<Vec<PageAt>, Miss> {
    let page_count = Reader::new(&payload.bytes(4)?).u32()? as usize;
    if page_count != count.div_ceil(PAGE) {
        return Err(Miss::Corrupt);
    }
    let mut located = Vec::with_capacity(page_count);
    let mut buffer = Vec::new();
    for page in 0..page_count {
        let len = Reader::new(&payload.bytes(8)?).u64()?;
        let offset = payload.position();
        payload.fill(&mut buffer, len)?;
        let first = page * PAGE;
        // A page holds PAGE records, the last one the rest.
        let expected = (count - first).min(PAGE);
        if buffer.len() < 4 || le_u32(&buffer) as usize != expected {
            return Err(Miss::Corrupt);
        }
        check(&buffer, first)?;
        located.push(PageAt { offset, len: buffer.len(), hash: XxHash3_64::oneshot(&buffer) });
    }
    Ok(located)
}

/// Checks a page of actors (records `first ..`) as [`actor_page`] reads it, and that each one's id and
/// name are those of the lists, allocating nothing per actor.
fn check_actor_page(bytes: &[u8], first: usize, texts: &ActorTexts) -> Result<(), Miss> {
    table_records(bytes, |i, r| {
        let (id, name) = (r.take_str()?, r.take_str()?);
        if texts.ids.len() <= first + i || id != texts.ids.get(first + i) || name != texts.names.get(first + i) {
            return Err(Miss::Corrupt);
        }
        r.take_str()?;
        for _ in 0..2 {
            for _ in 0..r.len()? {
                r.take_str()?;
            }
        }
        r.skip_attrs()
    })
}

/// A page of actors written by `encode::put_pages` (with `put_table`), as records.
pub(super) fn actor_page(bytes: &[u8]) -> Result<Vec<Actor>, Miss> {
    let mut actors = Vec::new();
    table_records(bytes, |_, r| {
        actors.push(actor(r)?);
        Ok(())
    })?;
    Ok(actors)
}

/// Calls `each` with the position and a reader of every record of a table written by `put_table` whose
/// bytes are `bytes`; each record must take exactly its bytes.
fn table_records(bytes: &[u8], mut each: impl FnMut(usize, &mut Reader) -> Result<(), Miss>) -> Result<(), Miss> {
    let mut r = Reader::new(bytes);
    let n = r.u32()? as usize;
    let total = usize::try_from(r.u64()?).map_err(|_| Miss::Corrupt)?;
    let offsets = r.take(n.checked_mul(8).ok_or(Miss::Corrupt)?)?;
    let records = r.take(total)?;
    if r.left() != 0 {
        return Err(Miss::Corrupt);
    }
    let offset = |i: usize| {
        if i == n {
            Ok(total)
        } else {
            usize::try_from(u64::from_le_bytes(offsets[8 * i..8 * i + 8].try_into().unwrap_or_default()))
                .map_err(|_| Miss::Corrupt)
        }
    };
    for i in 0..n {
        let (start, end) = (offset(i)?, offset(i + 1)?);
        let record = records.get(start..end).ok_or(Miss::Corrupt)?;
        let mut rec = Reader::new(record);
        each(i, &mut rec)?;
        if rec.left() != 0 {
            return Err(Miss::Corrupt);
        }
    }
    Ok(())
}
