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
//!   actors, relations, sources, kinds and warnings; the graph's indices are rebuilt on load. Every number is
//!   checked on the way in, so a damaged file is refused, never trusted.
//! - **Writing** goes through [`crate::fs::write_file`]: a snapshot is complete or absent. Temporary files
//!   an interrupted run left in the cache folder are swept when a snapshot is written.

use std::fs::File;
use std::hash::Hasher;
use std::io::{self, Read, Seek};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use indexmap::IndexMap;
use twox_hash::XxHash3_64;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{
    Actor, ActorGraph, DatasetFile, Duration, ImportSummary, Kept, KindId, KindInfo, KindOrigin, LeftOut, PartialDate,
    Relation, RelationKinds, Sign, Source, Target,
};

const MAGIC: &[u8; 20] = b"actorgraph-snapshot\n";
/// Bumped whenever the encoding changes.
const FORMAT_VERSION: u32 = 4;

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
/// # Errors
/// [`Miss`] says why it cannot be used.
pub fn read(path: &Path, stamps: &[Stamp]) -> Result<Hit, Miss> {
    // Read as a stream, never whole: the file is a fifth of the graph's size, and holding it would add as
    // much to the peak memory (and to the time spent faulting pages in).
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(Miss::Absent),
        Err(_) => return Err(Miss::Corrupt),
    };
    let file_len = file.metadata().map_err(|_| Miss::Corrupt)?.len();
    let mut r = Reader::new(&mut file, file_len);
    if r.take(MAGIC.len())? != MAGIC {
        return Err(Miss::Corrupt);
    }
    if r.u32()? != FORMAT_VERSION || r.take_str()? != env!("CARGO_PKG_VERSION") {
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
    let payload_start = file_len - r.left;
    drop(r);
    if payload_start.checked_add(payload_len) != Some(file_len) {
        return Err(Miss::Corrupt);
    }
    // The checksum first (one sequential pass), so nothing is built from a damaged file.
    file.seek(io::SeekFrom::Start(payload_start)).map_err(|_| Miss::Corrupt)?;
    let mut hasher = XxHash3_64::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer).map_err(|_| Miss::Corrupt)?;
        if n == 0 {
            break;
        }
        hasher.write(&buffer[..n]);
    }
    drop(buffer);
    if hasher.finish() != payload_hash {
        return Err(Miss::Corrupt);
    }
    file.seek(io::SeekFrom::Start(payload_start)).map_err(|_| Miss::Corrupt)?;
    let mut r = Reader::new(&mut file, payload_len);
    let (graph, warnings) = decode(&mut r)?;
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
    header.extend_from_slice(MAGIC);
    put_u32(&mut header, FORMAT_VERSION);
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
    if let Some(folder) = path.parent() {
        crate::fs::sweep_stale_temporaries(folder, std::time::Duration::from_secs(3600));
    }
    crate::fs::write_file(path, |w| {
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

fn encode(out: &mut Vec<u8>, graph: &ActorGraph, warnings: &[Diagnostic]) {
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
    put_len(out, graph.actors().len());
    for a in graph.actors() {
        put_str(out, &a.id);
        put_str(out, &a.name);
        put_str(out, &a.kind);
        put_strs(out, &a.aliases);
        put_strs(out, &a.tags);
        put_attrs(out, &a.attrs);
    }
    put_len(out, graph.sources().len());
    for s in graph.sources() {
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
    }
    put_len(out, graph.relations().len());
    for r in graph.relations() {
        put_str(out, &r.id);
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
        put_date(out, r.date);
        put_date(out, r.until);
        // An unknown confidence is written as NaN, which no known confidence can be.
        out.extend_from_slice(&r.confidence.unwrap_or(f64::NAN).to_le_bytes());
        out.push(r.credibility.unwrap_or(0));
        put_len(out, r.sources.len());
        for &s in &r.sources {
            put_u32(out, s);
        }
        put_opt_str(out, r.note.as_deref());
        put_attrs(out, &r.attrs);
    }
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
}

// ------------------------------------------------------------------ decoding

/// Reads a section of the file through a window of its own, so the primitives below read from memory as
/// from a slice, and only the window (not the file) is held.
struct Reader<R> {
    inner: R,
    window: Vec<u8>,
    pos: usize,
    end: usize,
    /// Bytes left in the section being read: no count may claim more.
    left: u64,
}

impl<R: Read> Reader<R> {
    fn new(inner: R, left: u64) -> Self {
        Self { inner, window: vec![0; 1 << 20], pos: 0, end: 0, left }
    }

    fn take(&mut self, n: usize) -> Result<&[u8], Miss> {
        if n as u64 > self.left {
            return Err(Miss::Corrupt);
        }
        if self.end - self.pos < n {
            self.window.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
            if self.window.len() < n {
                self.window.resize(n, 0);
            }
            while self.end < n {
                match self.inner.read(&mut self.window[self.end..]) {
                    Ok(0) | Err(_) => return Err(Miss::Corrupt),
                    Ok(read) => self.end += read,
                }
            }
        }
        let slice = &self.window[self.pos..self.pos + n];
        self.pos += n;
        self.left -= n as u64;
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
        if u64::from(n) > self.left {
            return Err(Miss::Corrupt);
        }
        Ok(n as usize)
    }

    /// A string, borrowed until the next read.
    fn take_str(&mut self) -> Result<&str, Miss> {
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
        let mut summary = ImportSummary::new(&self.string()?);
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

#[allow(clippy::too_many_lines)] // one reader per section, in file order
fn decode(r: &mut Reader<impl Read>) -> Result<(ActorGraph, Vec<Diagnostic>), Miss> {
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
        kinds.insert(KindInfo {
            name,
            sign,
            symmetric,
            hierarchical,
            statement,
            upward,
            duration,
            description,
            origin,
        });
    }
    if kinds.iter().count() != kind_count {
        return Err(Miss::Corrupt);
    }
    let actor_count = r.len()?;
    let mut actors = Vec::with_capacity(actor_count);
    for _ in 0..actor_count {
        actors.push(Actor {
            id: r.string()?,
            name: r.string()?,
            kind: r.string()?,
            aliases: r.strings()?,
            tags: r.strings()?,
            attrs: r.attrs()?,
        });
    }
    let source_count = r.len()?;
    let mut sources = Vec::with_capacity(source_count);
    for _ in 0..source_count {
        sources.push(Source {
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
            derived_from: {
                let count = r.len()?;
                let mut links = Vec::with_capacity(count.min(source_count));
                for _ in 0..count {
                    let p = r.u32()?;
                    if p as usize >= source_count {
                        return Err(Miss::Corrupt);
                    }
                    links.push(p);
                }
                links
            },
        });
    }
    let relation_count = r.len()?;
    let mut relations = Vec::with_capacity(relation_count);
    let actor_ok = |a: u32| if (a as usize) < actor_count { Ok(a) } else { Err(Miss::Corrupt) };
    for _ in 0..relation_count {
        let id = r.string()?.into_boxed_str();
        let generated_id = r.bool()?;
        let from = actor_ok(r.u32()?)?;
        let to = match r.u8()? {
            0 => Target::Actor(actor_ok(r.u32()?)?),
            1 => {
                let t = r.u32()?;
                if t as usize >= relation_count {
                    return Err(Miss::Corrupt);
                }
                Target::Relation(t)
            }
            _ => return Err(Miss::Corrupt),
        };
        let kind = KindId(r.u16()?);
        if usize::from(kind.0) >= kind_count {
            return Err(Miss::Corrupt);
        }
        let (date, until) = (r.date()?, r.date()?);
        let confidence = Some(f64::from_le_bytes(r.array()?)).filter(|c| !c.is_nan());
        let credibility = match r.u8()? {
            0 => None,
            c @ 1..=6 => Some(c),
            _ => return Err(Miss::Corrupt),
        };
        let n = r.len()?;
        let mut cited = Vec::with_capacity(n);
        for _ in 0..n {
            let s = r.u32()?;
            if s as usize >= source_count {
                return Err(Miss::Corrupt);
            }
            cited.push(s);
        }
        let note = if r.bool()? { Some(r.string()?.into_boxed_str()) } else { None };
        relations.push(Relation {
            id,
            generated_id,
            from,
            to,
            kind,
            date,
            until,
            confidence,
            credibility,
            sources: cited.into_boxed_slice(),
            note,
            attrs: r.attrs()?,
        });
    }
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
    if r.left != 0 {
        return Err(Miss::Corrupt);
    }
    Ok((ActorGraph::from_parts(files, actors, relations, sources, kinds), warnings))
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
