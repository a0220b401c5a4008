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
//!   actorgraph, or whose bytes do not match the checksum it ends with, is ignored and rewritten. (Hashing
//!   every file on every run would cost a full read of the dataset, about a third of the time budget of a
//!   query on 100k actors / 1M relations; a change that keeps both the size and the nanosecond time is the
//!   one case this does not see: `--no-cache`, or touching the file, forces a fresh parse.)
//! - **Format**: a small fixed binary encoding (little-endian numbers, length-prefixed UTF-8 strings). A
//!   header (its length first) holds the stamps, so a stale snapshot is recognised without reading the rest;
//!   the payload's length and checksum end the file (the payload is written as it is made, a page at a
//!   time, never held whole in memory). The payload holds what every command needs, decoded at once: the
//!   files, kinds and sources, every actor's id and name (one block of text each), and the graph's indices
//!   as the graph holds them (the adjacency both ways, the statements by actor and by target, which
//!   relations are symmetric, how many have no confidence), so nothing is rebuilt from the records. Then the
//!   actors, the relations and the warnings in **pages** of [`crate::model::PAGE`] records, each page a
//!   section that can be read alone (relations as columns within it: the ids in one block of text, the
//!   source lists in one block of positions, a fixed-size part per relation, the few notes and attributes
//!   apart).
//! - **Opening is reading**: the payload is read once through a small reused buffer, its checksum compared
//!   at the end, and every number and string of every page checked on the way (an index out of range,
//!   broken UTF-8, an actor whose id is not the one listed: refused, never trusted). The pages are not kept:
//!   the graph's tables ([`crate::model::Table`]) read a page from the open file when a query first asks
//!   for one of its records, and check it against the hash taken when it was first read. A query about one
//!   actor of a million relations decodes a few pages; a scan decodes them all, on every core. (The file
//!   stays open: a snapshot written meanwhile replaces it by a rename, so the pages read are the ones
//!   checked.)
//! - **Writing** goes through [`crate::fs::write_file`]: a snapshot is complete or absent. Temporary files
//!   an interrupted run left in the cache folder are swept when a snapshot is written.

mod decode;
mod encode;
mod pages;
mod relations;

use std::fs::File;
use std::hash::Hasher;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use twox_hash::XxHash3_64;

use crate::diagnostic::Diagnostic;
use crate::model::{ActorGraph, StoredGraph, Table};

use decode::{decode, Payload, Reader};
use encode::{encode, put_len, put_str, put_u32, put_u64};
use pages::{ActorPages, Pages, RelationPages, WarningPages};

const MAGIC: &[u8; 20] = b"actorgraph-snapshot\n";
/// Bumped whenever the encoding changes.
const FORMAT_VERSION: u32 = 8;

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
    /// Warnings found when the dataset was parsed (read from the snapshot when first listed).
    pub warnings: Table<Diagnostic>,
    /// True when the files were touched but their content is unchanged.
    pub touched: bool,
    /// The content hash of each file, as recorded (and, for touched files, verified).
    pub hashes: Vec<u64>,
}

/// Reads the snapshot at `path` if it was made from exactly the files `stamps` describe (path, size,
/// modification time; the content hash when the time differs).
///
/// The header is read first (a stale snapshot costs a few hundred bytes of reading); then the payload is
/// read once, checked against its checksum, and its small parts decoded; the pages of actors, relations
/// and warnings are checked and left in the file until a query reads them (see the module's documentation).
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
    // The payload runs to its trailer: its length and hash, 16 bytes.
    let payload_start = lead.len() as u64 + header_len;
    let payload_len = file_len.checked_sub(payload_start + 16).ok_or(Miss::Corrupt)?;
    if r.left() != 0 {
        return Err(Miss::Corrupt);
    }
    // One pass: the payload is read in pieces through a reused buffer, hashed as it is read, and decoded
    // piece by piece on every core. The checksum is compared at the end: decoding checks every number, so
    // damaged bytes cannot do harm meanwhile, and a graph built from them is never returned.
    // Two more handles on the open file: the pages of each table are read later, under their own lock.
    let actor_file = file.try_clone().map_err(|_| Miss::Corrupt)?;
    let relation_file = file.try_clone().map_err(|_| Miss::Corrupt)?;
    let warning_file = file.try_clone().map_err(|_| Miss::Corrupt)?;
    let mut payload = Payload::at(io::BufReader::with_capacity(1 << 16, file), payload_len, payload_start);
    let parts = decode(&mut payload)?;
    let mut trailer = [0u8; 16];
    payload.inner.read_exact(&mut trailer).map_err(|_| Miss::Corrupt)?;
    let mut t = Reader::new(&trailer);
    if payload.left != 0 || t.u64()? != payload_len || t.u64()? != payload.hasher.finish() {
        return Err(Miss::Corrupt);
    }
    let (graph, warnings) = open(parts, [actor_file, relation_file, warning_file], path);
    Ok(Hit { graph, warnings, touched, hashes })
}

/// The graph of a checked snapshot, its actors and relations read from the files (handles on the
/// snapshot) a page at a time.
fn open(parts: decode::Parts, files: [File; 3], path: &Path) -> (ActorGraph, Table<Diagnostic>) {
    use std::sync::Arc;
    let counts = parts.counts;
    let [actor_file, relation_file, warning_file] = files;
    let warnings = WarningPages(Pages::new(warning_file, path.to_owned(), parts.warning_pages));
    let warnings = Table::paged(parts.warning_count, Arc::new(warnings));
    let actors = ActorPages(Pages::new(actor_file, path.to_owned(), parts.actor_pages));
    let relations = RelationPages(Pages::new(relation_file, path.to_owned(), parts.relation_pages), counts);
    let graph = ActorGraph::from_stored(StoredGraph {
        files: parts.files,
        actors: Table::paged(counts.actors, Arc::new(actors)),
        actor_texts: parts.actor_texts,
        relations: Table::paged(counts.relations, Arc::new(relations)),
        sources: parts.sources,
        kinds: parts.kinds,
        outgoing: parts.outgoing,
        incoming: parts.incoming,
        stated: parts.stated,
        statements: parts.statements,
        symmetric: parts.symmetric,
        unknown_confidence: parts.unknown_confidence,
    });
    (graph, warnings)
}

/// Writes a snapshot of `graph` (and the load's `warnings`) made from the files `stamps` describe, which
/// must carry their content hashes.
///
/// # Errors
/// When the cache folder or file cannot be written.
pub fn write(path: &Path, stamps: &[Stamp], graph: &ActorGraph, warnings: &[Diagnostic]) -> crate::Result<()> {
    let mut header = Vec::new();
    put_str(&mut header, env!("CARGO_PKG_VERSION"));
    put_len(&mut header, stamps.len());
    for stamp in stamps {
        put_str(&mut header, &stamp.path);
        put_u64(&mut header, stamp.size);
        header.extend_from_slice(&stamp.mtime_ns.to_le_bytes());
        put_u64(&mut header, stamp.hash.unwrap_or(0));
    }
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
        // The payload is written as it is made, a section at a time, and hashed on the way: a snapshot of
        // ten million relations is never a gigabyte in memory. Its length and hash follow it.
        let (mut hasher, mut len, mut failed) = (XxHash3_64::new(), 0u64, None);
        let mut flush = |bytes: &mut Vec<u8>| {
            if failed.is_none() {
                if let Err(error) = w.write_all(bytes) {
                    failed = Some(error);
                }
            }
            hasher.write(bytes);
            len += bytes.len() as u64;
            bytes.clear();
        };
        let mut buffer = Vec::with_capacity(1 << 20);
        encode(&mut buffer, graph, warnings, &mut flush);
        flush(&mut buffer);
        if let Some(error) = failed {
            return Err(error);
        }
        let mut trailer = Vec::with_capacity(16);
        put_u64(&mut trailer, len);
        put_u64(&mut trailer, hasher.finish());
        w.write_all(&trailer)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamps_for(path: &Path) -> Vec<Stamp> {
        vec![Stamp::of(path).unwrap().hashed().unwrap()]
    }

    /// The bundled dataset copied into `dir`, loaded: the copy, its graph, warnings, stamps and snapshot path.
    fn bundled_in(dir: &Path) -> (PathBuf, ActorGraph, Vec<Diagnostic>, Vec<Stamp>, PathBuf) {
        let data = dir.join("data.json");
        std::fs::write(&data, crate::load::EMBEDDED_DATASET).unwrap();
        let (graph, warnings) = crate::load::load(std::slice::from_ref(&data)).unwrap();
        let stamps = stamps_for(&data);
        let snap = snapshot_path(dir, &stamps);
        (data, graph, warnings, stamps, snap)
    }

    #[test]
    fn a_snapshot_gives_back_the_same_graph() {
        let dir = tempfile::tempdir().unwrap();
        let (_, graph, warnings, stamps, snap) = bundled_in(dir.path());
        write(&snap, &stamps, &graph, &warnings).unwrap();
        let hit = read(&snap, &stamps).map_err(|m| format!("{m:?}")).unwrap();
        assert!(!hit.touched);
        assert_eq!(hit.graph.actors(), graph.actors());
        assert_eq!(hit.graph.relations(), graph.relations());
        assert_eq!(hit.graph.sources(), graph.sources());
        assert_eq!(hit.graph.files(), graph.files());
        assert_eq!(hit.warnings, warnings[..]);
        let kinds = |g: &ActorGraph| g.kinds().iter().map(|(_, k)| k.clone()).collect::<Vec<_>>();
        assert_eq!(kinds(&hit.graph), kinds(&graph));
        assert_eq!(hit.graph.actor_ix("kataib-hezbollah"), graph.actor_ix("kataib-hezbollah"));
    }

    // Regression: the remedy's byte was read before the help it follows, so every snapshot with a warning
    // that has help was refused as corrupt and the dataset parsed again on every command.
    #[test]
    fn warnings_with_help_and_remedy_come_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (_, graph, _, stamps, snap) = bundled_in(dir.path());
        let mut with_help =
            Diagnostic::about_file(crate::diagnostic::Severity::Warning, "data.json", "a warning".to_owned());
        with_help.help = Some("what to do".to_owned());
        with_help.remedy = Some(crate::diagnostic::Remedy::LoadActorsToo);
        let mut located =
            Diagnostic::about_file(crate::diagnostic::Severity::Warning, "data.json", "another".to_owned());
        (located.line, located.column, located.field) = (Some(3), Some(7), Some("credibility".to_owned()));
        let warnings = vec![with_help, located];
        write(&snap, &stamps, &graph, &warnings).unwrap();
        let hit = read(&snap, &stamps).map_err(|m| format!("{m:?}")).unwrap();
        assert_eq!(hit.warnings, warnings[..]);
    }

    #[test]
    fn warnings_over_several_pages_come_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let (_, graph, _, stamps, snap) = bundled_in(dir.path());
        let warnings: Vec<Diagnostic> = (0..crate::model::PAGE * 2 + 7)
            .map(|i| {
                let mut w = Diagnostic::about_file(crate::diagnostic::Severity::Warning, "d.json", format!("w{i}"));
                w.line = Some(i + 1);
                w
            })
            .collect();
        write(&snap, &stamps, &graph, &warnings).unwrap();
        let hit = read(&snap, &stamps).map_err(|m| format!("{m:?}")).unwrap();
        assert_eq!(hit.warnings.len(), warnings.len());
        assert_eq!(hit.warnings[crate::model::PAGE + 3], warnings[crate::model::PAGE + 3]);
        assert_eq!(hit.warnings, warnings[..]);
    }

    #[test]
    fn a_damaged_payload_is_refused_not_trusted() {
        // Past the checksum (a collision, or a bug in the writer): every byte flipped and every cut must
        // give an error or a graph, never a panic or an index out of range later.
        let graph = crate::load::embedded();
        let mut payload = Vec::new();
        encode(&mut payload, &graph, &[], &mut |_| {});
        let decode = |bytes: &[u8]| decode(&mut Payload::new(bytes, bytes.len() as u64));
        assert!(decode(&payload).is_ok());
        let dir = tempfile::tempdir().unwrap();
        let step = (payload.len() / 3000).max(1);
        for at in (0..payload.len()).step_by(step) {
            let mut damaged = payload.clone();
            damaged[at] ^= 0xa5;
            if let Ok(parts) = decode(&damaged) {
                // Pages are read from the file later: the payload alone, from its first byte.
                let path = dir.path().join("payload");
                std::fs::write(&path, &damaged).unwrap();
                let file = || File::open(&path).unwrap();
                let (g, warnings) = open(parts, [file(), file(), file()], &path);
                assert!(warnings.iter().all(|w| !w.message.is_empty()));
                assert!(g.relations().iter().all(|r| r.from.index() < g.actors().len()));
                assert!(g.actors().iter().all(|a| g.actor_ix(&a.id).is_some()));
            }
            assert!(decode(&payload[..at]).is_err(), "a payload cut at {at} is refused");
        }
    }

    #[test]
    fn damaged_stale_and_foreign_snapshots_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (data, graph, warnings, stamps, snap) = bundled_in(dir.path());
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
