//! Load once, query many: a binary snapshot of a loaded graph, kept in a cache folder and used instead of
//! parsing the dataset again while the dataset is unchanged.
//!
//! - **Where**: `$XDG_CACHE_HOME/actorgraph/`, else `~/.cache/actorgraph/`; one file per dataset (named by a
//!   hash of its files' absolute paths). Data folders stay clean and read-only data works. With neither
//!   variable set, nothing is cached.
//! - **When it is used**: its header records, for every input file, the absolute path, the size, the
//!   modification time (to the nanosecond) and an xxHash3 of the content that was parsed. The snapshot is
//!   used when the paths, sizes and times all match the files now. When only a time differs (a file touched,
//!   copied or checked out again), the file is hashed and the snapshot is used if the content is the same
//!   (and rewritten with the new time); anything else rebuilds it. A snapshot written by another version of
//!   actorgraph, or whose bytes do not match the checksum in its header, is ignored and rewritten. (Hashing
//!   every file on every run would cost a full read of the dataset, about a third of the time budget of a
//!   query on 100k actors / 1M relations; a change that keeps both the size and the nanosecond time is the
//!   one case this does not see: `--no-cache`, or touching the file, forces a fresh parse.)
//! - **Format**: a small fixed binary encoding (little-endian numbers, length-prefixed UTF-8 strings) of the
//!   actors, relations, sources, kinds and warnings; the graph's indices (the adjacency by actor, the id
//!   indices) are rebuilt on load, in a pass over compact lists. A header (its length first) holds the stamps
//!   and the payload's checksum, so a stale snapshot is recognised without reading the rest. Actors and
//!   sources are tables with one offset per record, decoded on every core straight into their lists.
//!   Relations are laid out as the model holds them: every id in one block of text, every source list in one
//!   block of positions, a fixed-size part per relation, and the few notes and attributes apart; reading a
//!   million relations allocates a handful of blocks, not millions of strings and lists. Every number is
//!   checked on the way in, so a damaged file is refused, never trusted.
//! - **Writing** goes through [`crate::fs::write_file`]: a snapshot is complete or absent. Temporary files
//!   an interrupted run left in the cache folder are swept when a snapshot is written.

use std::fs::File;
use std::hash::Hasher;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::UNIX_EPOCH;

use indexmap::IndexMap;
use rayon::prelude::*;
use twox_hash::XxHash3_64;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{
    Actor, ActorGraph, Attrs, DatasetFile, Duration, ImportSummary, Kept, KindId, KindInfo, KindOrigin, LeftOut,
    PartialDate, Relation, RelationKinds, SharedIndices, SharedStr, Sign, Source, Target,
};

const MAGIC: &[u8; 20] = b"actorgraph-snapshot\n";
/// Bumped whenever the encoding changes.
const FORMAT_VERSION: u32 = 6;

/// What identifies one input file's content: where it is, its size, when it changed, and a hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The absolute path.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since 1970.
    pub mtime_ns: u128,
    /// xxHash3 (64-bit) of the content; computed only when needed (see [`Stamp::of`]).
    pub hash: Option<u64>,
}

impl Stamp {
    /// The path, size and modification time of a file (no hash yet).
    ///
    /// # Errors
    /// When the file's metadata cannot be read.
    pub fn of(path: &Path) -> io::Result<Self> {
        let absolute = std::fs::canonicalize(path)?;
        let metadata = std::fs::metadata(&absolute)?;
        let mtime_ns = metadata.modified()?.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Ok(Self { path: absolute.display().to_string(), size: metadata.len(), mtime_ns, hash: None })
    }

    /// Computes the content hash (reads the whole file, 1 MiB at a time).
    ///
    /// # Errors
    /// When the file cannot be read.
    pub fn hashed(mut self) -> io::Result<Self> {
        self.hash = Some(content_hash(Path::new(&self.path))?);
        Ok(self)
    }
}

/// xxHash3 of a file's bytes.
///
/// # Errors
/// When the file cannot be read.
pub fn content_hash(path: &Path) -> io::Result<u64> {
    let mut file = File::open(path)?;
    let mut hasher = XxHash3_64::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.write(&buffer[..n]);
    }
    Ok(hasher.finish())
}

/// The cache folder: `$XDG_CACHE_HOME/actorgraph`, else `$HOME/.cache/actorgraph`; `None` when neither is
/// set.
#[must_use]
pub fn cache_dir() -> Option<PathBuf> {
    let nonempty = |name| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    nonempty("XDG_CACHE_HOME")
        .or_else(|| nonempty("HOME").map(|home| home.join(".cache")))
        .map(|d| d.join("actorgraph"))
}

/// The snapshot file for a set of input files (by their absolute paths).
#[must_use]
pub fn snapshot_path(dir: &Path, stamps: &[Stamp]) -> PathBuf {
    let mut hasher = XxHash3_64::new();
    for stamp in stamps {
        hasher.write(stamp.path.as_bytes());
        hasher.write(&[0]);
    }
    dir.join(format!("{:016x}.snapshot", hasher.finish()))
}

/// Why a snapshot was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// There is none yet.
    Absent,
    /// The dataset changed since it was written.
    Stale,
    /// Written by another version of actorgraph.
    OtherVersion,
    /// Damaged or truncated.
    Corrupt,
}

/// A snapshot that matched: the graph, the warnings of the original load, and whether only the header's
/// modification times were out of date (the content hash matched; the caller may refresh the header).
pub struct Hit {
    /// The graph.
    pub graph: ActorGraph,
    /// Warnings found when the dataset was parsed.
    pub warnings: Vec<Diagnostic>,
    /// True when the files were touched but their content is unchanged.
    pub touched: bool,
    /// The content hash of each file, as recorded (and, for touched files, verified).
    pub hashes: Vec<u64>,
}

/// Reads the snapshot at `path` if it was made from exactly the files `stamps` describe (path, size,
/// modification time; the content hash when the time differs).
///
/// The header is read first (a stale snapshot costs a few hundred bytes of reading); then the payload is
/// read whole, checked against its checksum, and decoded. Actors, sources and relations are stored as
/// tables with one offset per record, so they are decoded on every core, straight into their final lists.
///
/// # Errors
/// [`Miss`] says why it cannot be used.
pub fn read(path: &Path, stamps: &[Stamp]) -> Result<Hit, Miss> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(Miss::Absent),
        Err(_) => return Err(Miss::Corrupt),
    };
    let file_len = file.metadata().map_err(|_| Miss::Corrupt)?.len();
    let mut lead = [0u8; MAGIC.len() + 4 + 8];
    file.read_exact(&mut lead).map_err(|_| Miss::Corrupt)?;
    let mut r = Reader::new(&lead);
    if r.take(MAGIC.len())? != MAGIC {
        return Err(Miss::Corrupt);
    }
    if r.u32()? != FORMAT_VERSION {
        return Err(Miss::OtherVersion);
    }
    let header_len = r.u64()?;
    if header_len > file_len - lead.len() as u64 {
        return Err(Miss::Corrupt);
    }
    let mut header = vec![0u8; usize::try_from(header_len).map_err(|_| Miss::Corrupt)?];
    file.read_exact(&mut header).map_err(|_| Miss::Corrupt)?;
    let mut r = Reader::new(&header);
    if r.take_str()? != env!("CARGO_PKG_VERSION") {
        return Err(Miss::OtherVersion);
    }
    let count = r.len()?;
    if count != stamps.len() {
        return Err(Miss::Stale);
    }
    let mut touched = false;
    let mut hashes = Vec::with_capacity(stamps.len());
    for stamp in stamps {
        let same_path = r.take_str()? == stamp.path;
        let (size, mtime_ns, hash) = (r.u64()?, r.u128()?, r.u64()?);
        hashes.push(hash);
        if !same_path || size != stamp.size {
            return Err(Miss::Stale);
        }
        if mtime_ns != stamp.mtime_ns {
            // Touched (copied, checked out again, saved unchanged): the content decides.
            match content_hash(Path::new(&stamp.path)) {
                Ok(now) if now == hash => touched = true,
                _ => return Err(Miss::Stale),
            }
        }
    }
    let payload_len = r.u64()?;
    let payload_hash = r.u64()?;
    if r.left() != 0 || (lead.len() as u64 + header_len).checked_add(payload_len) != Some(file_len) {
        return Err(Miss::Corrupt);
    }
    // One pass: the payload is read in pieces through a reused buffer, hashed as it is read, and decoded
    // piece by piece on every core. The checksum is compared at the end: decoding checks every number, so
    // damaged bytes cannot do harm meanwhile, and a graph built from them is never returned.
    let mut payload = Payload::new(io::BufReader::with_capacity(1 << 16, file), payload_len);
    let parts = decode(&mut payload)?;
    if payload.left != 0 || payload.hasher.finish() != payload_hash {
        return Err(Miss::Corrupt);
    }
    let (graph, warnings) = parts.build();
    Ok(Hit { graph, warnings, touched, hashes })
}

/// Writes a snapshot of `graph` (and the load's `warnings`) made from the files `stamps` describe, which
/// must carry their content hashes.
///
/// # Errors
/// When the cache folder or file cannot be written.
pub fn write(path: &Path, stamps: &[Stamp], graph: &ActorGraph, warnings: &[Diagnostic]) -> crate::Result<()> {
    let mut payload = Vec::with_capacity(graph.relations().len() * 48 + graph.actors().len() * 64);
    encode(&mut payload, graph, warnings);
    let mut header = Vec::new();
    put_str(&mut header, env!("CARGO_PKG_VERSION"));
    put_len(&mut header, stamps.len());
    for stamp in stamps {
        put_str(&mut header, &stamp.path);
        put_u64(&mut header, stamp.size);
        header.extend_from_slice(&stamp.mtime_ns.to_le_bytes());
        put_u64(&mut header, stamp.hash.unwrap_or(0));
    }
    put_u64(&mut header, payload.len() as u64);
    put_u64(&mut header, XxHash3_64::oneshot(&payload));
    let mut lead = Vec::with_capacity(MAGIC.len() + 12);
    lead.extend_from_slice(MAGIC);
    put_u32(&mut lead, FORMAT_VERSION);
    put_u64(&mut lead, header.len() as u64);
    if let Some(folder) = path.parent() {
        crate::fs::sweep_stale_temporaries(folder, std::time::Duration::from_secs(3600));
    }
    crate::fs::write_file(path, |w| {
        w.write_all(&lead)?;
        w.write_all(&header)?;
        w.write_all(&payload)
    })
}

// ------------------------------------------------------------------ encoding

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u32(out, u32::try_from(n).unwrap_or(u32::MAX));
}

fn put_str(out: &mut Vec<u8>, s: &str) {
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

fn put_attrs(out: &mut Vec<u8>, attrs: &IndexMap<String, String>) {
    put_len(out, attrs.len());
    for (k, v) in attrs {
        put_str(out, k);
        put_str(out, v);
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

/// The bytes of one relation's fixed part (see [`put_relations`]).
const FIXED: usize = 36;

/// Relations as columns, laid out the way the model holds them, so that reading them allocates four blocks
/// instead of a few per relation: the count; every id in one block of text, then where each ends (`u32`);
/// every source list in one block of `u32`, then where each ends; a fixed part of [`FIXED`] bytes per
/// relation; then the few notes and attributes as `(relation, value)` lists.
fn put_relations(out: &mut Vec<u8>, relations: &[Relation]) {
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
            put_u32(out, s);
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
        put_u32(out, r.from);
        match r.to {
            Target::Actor(a) => {
                out.push(0);
                put_u32(out, a);
            }
            Target::Relation(t) => {
                out.push(1);
                put_u32(out, t);
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

fn encode(out: &mut Vec<u8>, graph: &ActorGraph, warnings: &[Diagnostic]) {
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
            put_u32(out, p);
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
    }
    let tail_len = (out.len() - tail_at - 8) as u64;
    out[tail_at..tail_at + 8].copy_from_slice(&tail_len.to_le_bytes());
}

// ------------------------------------------------------------------ decoding

/// Reads numbers and strings from a slice of the snapshot; every read is bounded by what is left, so a
/// damaged count or length is refused, never trusted.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    /// Bytes not read yet.
    fn left(&self) -> u64 {
        (self.bytes.len() - self.pos) as u64
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Miss> {
        let end = self.pos.checked_add(n).filter(|&end| end <= self.bytes.len()).ok_or(Miss::Corrupt)?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Miss> {
        self.take(N)?.try_into().map_err(|_| Miss::Corrupt)
    }

    fn u8(&mut self) -> Result<u8, Miss> {
        Ok(self.array::<1>()?[0])
    }

    fn bool(&mut self) -> Result<bool, Miss> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Miss::Corrupt),
        }
    }

    fn u16(&mut self) -> Result<u16, Miss> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    fn u32(&mut self) -> Result<u32, Miss> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, Miss> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn u128(&mut self) -> Result<u128, Miss> {
        Ok(u128::from_le_bytes(self.array()?))
    }

    fn len(&mut self) -> Result<usize, Miss> {
        let n = self.u32()?;
        // A count can never exceed the bytes left: refuses absurd allocations from a damaged file.
        if u64::from(n) > self.left() {
            return Err(Miss::Corrupt);
        }
        Ok(n as usize)
    }

    fn take_str(&mut self) -> Result<&'a str, Miss> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| Miss::Corrupt)
    }

    fn string(&mut self) -> Result<String, Miss> {
        self.take_str().map(str::to_owned)
    }

    /// A count of records in the original file (not bounded by this file's size).
    fn count(&mut self) -> Result<usize, Miss> {
        usize::try_from(self.u64()?).map_err(|_| Miss::Corrupt)
    }

    fn summary(&mut self) -> Result<Option<ImportSummary>, Miss> {
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

    fn opt_string(&mut self) -> Result<Option<String>, Miss> {
        if self.bool()? {
            self.string().map(Some)
        } else {
            Ok(None)
        }
    }

    fn date(&mut self) -> Result<Option<PartialDate>, Miss> {
        if !self.bool()? {
            return Ok(None);
        }
        let year = i32::from_le_bytes(self.array()?);
        let nonzero = |v: u8| (v != 0).then_some(v);
        let (month, day) = (nonzero(self.u8()?), nonzero(self.u8()?));
        PartialDate::from_parts(year, month, day).map(Some).ok_or(Miss::Corrupt)
    }

    fn strings(&mut self) -> Result<Vec<String>, Miss> {
        let n = self.len()?;
        (0..n).map(|_| self.string()).collect()
    }

    fn attrs(&mut self) -> Result<IndexMap<String, String>, Miss> {
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
const CHUNK: usize = 16_384;

/// The payload as it is read: in pieces, through buffers that are reused, every byte hashed on the way in.
struct Payload<R> {
    inner: R,
    /// Bytes of the payload not read yet: no length may claim more.
    left: u64,
    hasher: XxHash3_64,
}

impl<R: Read> Payload<R> {
    fn new(inner: R, len: u64) -> Self {
        Self { inner, left: len, hasher: XxHash3_64::new() }
    }

    /// Replaces what `buffer` holds by the next `n` bytes.
    fn fill(&mut self, buffer: &mut Vec<u8>, n: u64) -> Result<(), Miss> {
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

    fn bytes(&mut self, n: u64) -> Result<Vec<u8>, Miss> {
        let mut buffer = Vec::new();
        self.fill(&mut buffer, n)?;
        Ok(buffer)
    }

    /// A section written with its length first.
    fn section(&mut self) -> Result<Vec<u8>, Miss> {
        let n = Reader::new(&self.bytes(8)?).u64()?;
        self.bytes(n)
    }

    /// A table written by [`put_table`], decoded on every core straight into its list, a chunk of records at
    /// a time. `decode` gets a record's bytes and the table's count. Each record must fill exactly the bytes
    /// its offsets give it; `placeholder` stands in for one that does not (the whole table is then refused).
    fn table<T: Send>(
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
struct Parts {
    files: Vec<DatasetFile>,
    kinds: RelationKinds,
    actors: Vec<Actor>,
    sources: Vec<Source>,
    relations: Vec<Relation>,
    warnings: Vec<Diagnostic>,
}

impl Parts {
    fn build(self) -> (ActorGraph, Vec<Diagnostic>) {
        (ActorGraph::from_parts(self.files, self.actors, self.relations, self.sources, self.kinds), self.warnings)
    }
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
fn indices(r: &mut Reader, count: usize) -> Result<Vec<u32>, Miss> {
    let n = r.len()?;
    let mut list = Vec::with_capacity(n);
    for _ in 0..n {
        let i = r.u32()?;
        if i as usize >= count {
            return Err(Miss::Corrupt);
        }
        list.push(i);
    }
    Ok(list)
}

/// How many actors, kinds and sources there are: what a relation's numbers must stay below.
#[derive(Clone, Copy)]
struct Counts {
    actors: usize,
    kinds: usize,
    sources: usize,
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
fn relations(payload: &mut Payload<impl Read>, counts: Counts) -> Result<Vec<Relation>, Miss> {
    let n = Reader::new(&payload.bytes(4)?).u32()? as usize;
    // The ids: one block of text, validated once.
    let text_len = Reader::new(&payload.bytes(8)?).u64()?;
    let text = String::from_utf8(payload.bytes(text_len)?).map_err(|_| Miss::Corrupt)?;
    let text = SharedStr::block(text);
    let id_ends = ends(payload, n, text_len)?;
    // The sources: one block of positions, each below the number of sources.
    let list_len = Reader::new(&payload.bytes(8)?).u64()?;
    let list_bytes = payload.bytes(list_len.checked_mul(4).ok_or(Miss::Corrupt)?)?;
    let list: Vec<u32> = list_bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    drop(list_bytes);
    if list.iter().any(|&s| s as usize >= counts.sources) {
        return Err(Miss::Corrupt);
    }
    let list = SharedIndices::block(list);
    let list_ends = ends(payload, n, list_len)?;
    // The fixed parts, a chunk at a time through one buffer. One thread: each relation takes a reference to
    // the two blocks, and two cores counting references to one block would slow each other down.
    let actor_ok = |a: u32| if (a as usize) < counts.actors { Ok(a) } else { Err(Miss::Corrupt) };
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
                (1, t) if (t as usize) < n => Target::Relation(t),
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

fn decode(payload: &mut Payload<impl Read>) -> Result<Parts, Miss> {
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
            help: r.opt_string()?,
        });
    }
    if r.left() != 0 {
        return Err(Miss::Corrupt);
    }
    Ok(Parts { files, kinds, actors, sources, relations, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamps_for(path: &Path) -> Vec<Stamp> {
        vec![Stamp::of(path).unwrap().hashed().unwrap()]
    }

    #[test]
    fn a_snapshot_gives_back_the_same_graph() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data.json");
        std::fs::write(&data, crate::load::EMBEDDED_DATASET).unwrap();
        let (graph, warnings) = crate::load::load(std::slice::from_ref(&data)).unwrap();
        let stamps = stamps_for(&data);
        let snap = snapshot_path(dir.path(), &stamps);
        write(&snap, &stamps, &graph, &warnings).unwrap();
        let hit = read(&snap, &stamps).map_err(|m| format!("{m:?}")).unwrap();
        assert!(!hit.touched);
        assert_eq!(hit.graph.actors(), graph.actors());
        assert_eq!(hit.graph.relations(), graph.relations());
        assert_eq!(hit.graph.sources(), graph.sources());
        assert_eq!(hit.graph.files(), graph.files());
        assert_eq!(hit.warnings, warnings);
        let kinds = |g: &ActorGraph| g.kinds().iter().map(|(_, k)| k.clone()).collect::<Vec<_>>();
        assert_eq!(kinds(&hit.graph), kinds(&graph));
        assert_eq!(hit.graph.actor_ix("kataib-hezbollah"), graph.actor_ix("kataib-hezbollah"));
    }

    #[test]
    fn a_damaged_payload_is_refused_not_trusted() {
        // Past the checksum (a collision, or a bug in the writer): every byte flipped and every cut must
        // give an error or a graph, never a panic or an index out of range later.
        let graph = crate::load::embedded();
        let mut payload = Vec::new();
        encode(&mut payload, &graph, &[]);
        let decode = |bytes: &[u8]| decode(&mut Payload::new(bytes, bytes.len() as u64));
        assert!(decode(&payload).is_ok());
        let step = (payload.len() / 3000).max(1);
        for at in (0..payload.len()).step_by(step) {
            let mut damaged = payload.clone();
            damaged[at] ^= 0xa5;
            if let Ok(parts) = decode(&damaged) {
                let (g, _) = parts.build();
                assert!(g.relations().iter().all(|r| (r.from as usize) < g.actors().len()));
            }
            assert!(decode(&payload[..at]).is_err(), "a payload cut at {at} is refused");
        }
    }

    #[test]
    fn damaged_stale_and_foreign_snapshots_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data.json");
        std::fs::write(&data, crate::load::EMBEDDED_DATASET).unwrap();
        let (graph, warnings) = crate::load::load(std::slice::from_ref(&data)).unwrap();
        let stamps = stamps_for(&data);
        let snap = snapshot_path(dir.path(), &stamps);
        assert_eq!(read(&snap, &stamps).err(), Some(Miss::Absent));
        write(&snap, &stamps, &graph, &warnings).unwrap();
        let good = std::fs::read(&snap).unwrap();
        // A flipped byte in the payload, a truncation, another version.
        let mut flipped = good.clone();
        let last = flipped.len() - 10;
        flipped[last] ^= 0x55;
        std::fs::write(&snap, &flipped).unwrap();
        assert_eq!(read(&snap, &stamps).err(), Some(Miss::Corrupt));
        std::fs::write(&snap, &good[..good.len() / 2]).unwrap();
        assert_eq!(read(&snap, &stamps).err(), Some(Miss::Corrupt));
        let mut other = good.clone();
        other[MAGIC.len()] = 99;
        std::fs::write(&snap, &other).unwrap();
        assert_eq!(read(&snap, &stamps).err(), Some(Miss::OtherVersion));
        // The data changes: same size, other content and time.
        std::fs::write(&snap, &good).unwrap();
        let mut changed = stamps.clone();
        changed[0].mtime_ns += 1;
        std::fs::write(&data, crate::load::EMBEDDED_DATASET.replace("Iran", "Iram")).unwrap();
        assert_eq!(read(&snap, &changed).err(), Some(Miss::Stale));
        // Touched but unchanged: the hash recognises it.
        std::fs::write(&data, crate::load::EMBEDDED_DATASET).unwrap();
        assert!(read(&snap, &changed).map_err(|m| format!("{m:?}")).unwrap().touched);
    }
}
