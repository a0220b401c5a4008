//! Loading datasets: `actorgraph/1` JSON documents, CSV files, STIX 2.1 bundles and GraphML files, one or
//! many, merged into one graph.
//!
//! Every reader turns its format into the same raw records, so validation, messages with file, line and
//! column, and merging with other files are shared. Loading never stops at the first problem: every file is
//! read, every record checked, and all problems are returned as [`Diagnostic`]s with file, line, column and
//! field. Only a dataset without errors becomes an [`ActorGraph`].

mod resolve;
pub mod snapshot;

use std::path::{Path, PathBuf};

use std::sync::Arc;

pub use crate::diagnostic::{Diagnostic, Severity};
pub use crate::format::{ColumnMap, GraphmlField, GraphmlMap, InputFormat, DEFAULT_EDGE_KIND, FORMAT};

/// serde_json's message in plain words, without its position (reported separately).
#[must_use]
pub fn humanize_json_error(error: &serde_json::Error) -> String {
    crate::format::json::humanize(error, error.is_syntax() || error.is_eof())
}

use crate::error::{Error, Result};
use crate::format::parsed::{ParsedFile, TextOrigin};
use crate::format::{format_of, intern, is_data_file};
use crate::model::{ActorGraph, Table};
use crate::progress::Progress;

/// The bundled Hashd–Syria dataset, compiled into the binary so every command works from any folder.
pub const EMBEDDED_DATASET: &str = include_str!("../../data/hashd-syria-2024-12.json");
/// How the bundled dataset is named in messages and captions.
pub const EMBEDDED_NAME: &str = "hashd-syria-2024-12.json (built in)";

/// How input files are read: the format (or `auto`) and, for GraphML, which attributes fill which fields;
/// and whom to tell how loading is going.
#[derive(Clone, Default)]
pub struct LoadOptions {
    /// The reader for every file, or `auto` to choose per file.
    pub input_format: InputFormat,
    /// GraphML attribute names for actor and relation fields.
    pub graphml_map: GraphmlMap,
    /// For CSV and TSV files with their own header: which column fills which field.
    pub columns: ColumnMap,
    /// Told how loading is going (for a progress bar); `None` tells no one.
    pub progress: Option<Arc<dyn Progress>>,
}

impl std::fmt::Debug for LoadOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadOptions")
            .field("input_format", &self.input_format)
            .field("graphml_map", &self.graphml_map)
            .field("columns", &self.columns)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl LoadOptions {
    /// Tells the progress callback that a step over `relations` relations starts.
    fn step(&self, relations: usize, what: impl FnOnce() -> String) {
        if let Some(progress) = &self.progress {
            progress.step(relations, &what());
        }
    }

    /// Tells the progress callback that the step is over.
    fn step_done(&self) {
        if let Some(progress) = &self.progress {
            progress.step_done();
        }
    }
}

/// The outcome of checking a dataset: the graph if it has no errors, and every finding.
#[derive(Debug)]
pub struct Checked {
    /// The graph, when there are no errors.
    pub graph: Option<ActorGraph>,
    /// Every error and warning, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// For each file read from another format, by its name: what its reader kept and left out (also on the
    /// graph's files, but here even when the dataset has errors).
    pub imports: Vec<(String, crate::model::ImportSummary)>,
}

/// Reads and checks the given files and folders (a folder loads every `.json`, `.csv` and `.graphml` file in
/// it, sorted by name). With no paths, checks the bundled dataset.
///
/// # Errors
/// Only when a path cannot be read at all (missing, unreadable). Problems *in* the files are returned as
/// diagnostics.
pub fn check(paths: &[PathBuf]) -> Result<Checked> {
    check_with(paths, &LoadOptions::default())
}

/// [`check`] with a chosen input format and GraphML mapping.
///
/// # Errors
/// Only when a path cannot be read at all. Problems *in* the files are returned as diagnostics.
pub fn check_with(paths: &[PathBuf], options: &LoadOptions) -> Result<Checked> {
    check_stamped(paths, options, false).map(|(checked, _)| checked)
}

/// [`check_with`], and when `stamp` is set, the [`snapshot::Stamp`] of each file as it was read (`None` when a
/// file changed while it was read, or for the bundled dataset).
fn check_stamped(
    paths: &[PathBuf],
    options: &LoadOptions,
    stamp: bool,
) -> Result<(Checked, Option<Vec<snapshot::Stamp>>)> {
    // Roughly one distinct interned id (actor, source, statement target) per kilobyte of input: sized up
    // front, the interner rarely rehashes as it grows.
    let bytes: u64 = paths.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
    let interner = intern::Interner::with_capacity(usize::try_from(bytes / 1024).unwrap_or(0).min(1 << 24));
    let (interner, files) = intern::with(interner, || -> Result<Vec<(ParsedFile, Option<snapshot::Stamp>)>> {
        if paths.is_empty() {
            let file = crate::format::parse(
                EMBEDDED_NAME.to_owned(),
                TextOrigin::Static(EMBEDDED_DATASET),
                EMBEDDED_DATASET.as_bytes(),
                InputFormat::Actorgraph,
                (&options.graphml_map, &options.columns),
                options.progress.as_ref(),
            );
            return Ok(vec![(file, None)]);
        }
        let mut files = Vec::new();
        let mut notes = Vec::new();
        for path in paths {
            for file in expand(path, &mut notes)? {
                files.push(parse_path(&file, options, stamp)?);
            }
        }
        if let Some((first, _)) = files.first_mut() {
            first.diagnostics.splice(0..0, notes);
        }
        Ok(files)
    });
    let (files, file_stamps): (Vec<ParsedFile>, Vec<Option<snapshot::Stamp>>) = files?.into_iter().unzip();
    let stamps = (stamp && !paths.is_empty()).then(|| file_stamps.into_iter().collect()).flatten();
    let relations = files.iter().map(|f| f.doc.relations.len()).sum();
    options.step(relations, || format!("checking and linking {relations} relations"));
    let imports = summaries(&files);
    let (graph, diagnostics) = resolve::resolve(files, interner);
    options.step_done();
    Ok((Checked { graph, diagnostics, imports }, stamps))
}

/// Loads the given files and folders (or the bundled dataset when there are none) into a graph.
///
/// # Errors
/// [`Error::Read`] when a path cannot be read; [`Error::InvalidData`] with every diagnostic when the dataset
/// has errors. Warnings alone do not fail the load.
pub fn load(paths: &[PathBuf]) -> Result<(ActorGraph, Vec<Diagnostic>)> {
    load_with(paths, &LoadOptions::default())
}

/// [`load`] with a chosen input format and GraphML mapping.
///
/// # Errors
/// As [`load`].
pub fn load_with(paths: &[PathBuf], options: &LoadOptions) -> Result<(ActorGraph, Vec<Diagnostic>)> {
    let checked = check_with(paths, options)?;
    match checked.graph {
        Some(graph) => Ok((graph, checked.diagnostics)),
        None => Err(Error::InvalidData { diagnostics: checked.diagnostics }),
    }
}

/// Where a loaded graph came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The files were parsed (the cache was off, or could not be written).
    Parsed,
    /// The files were parsed and a snapshot written for next time.
    ParsedAndCached,
    /// Read from a snapshot.
    Snapshot,
}

/// A loaded graph, its warnings, and where it came from.
#[derive(Debug)]
pub struct Loaded {
    /// The graph.
    pub graph: ActorGraph,
    /// Warnings found when the dataset was parsed (from a snapshot, read when first listed: most commands
    /// only count them).
    pub warnings: Table<Diagnostic>,
    /// Parsed or read from the snapshot cache.
    pub origin: Origin,
}

/// Like [`load_with`], but through the snapshot cache (see [`snapshot`]) when `cache` is set and files are
/// given: an unchanged dataset is read from its snapshot, anything else is parsed and its snapshot
/// (re)written. A cache that cannot be read or written is passed over silently: it only ever saves time.
///
/// Only loads with the default [`LoadOptions`] (formats told by the files, the default GraphML mapping) use
/// the cache: a snapshot is keyed by the files alone, and another reader or mapping would make another graph.
///
/// # Errors
/// As [`load`].
pub fn load_cached(paths: &[PathBuf], options: &LoadOptions, cache: bool) -> Result<Loaded> {
    let default_options = options.input_format == InputFormat::Auto
        && options.graphml_map == GraphmlMap::default()
        && options.columns.is_empty();
    let dir = snapshot::cache_dir().filter(|_| cache && default_options && !paths.is_empty());
    let Some(dir) = dir else {
        let (graph, warnings) = load_with(paths, options)?;
        return Ok(Loaded { graph, warnings: Table::whole(warnings), origin: Origin::Parsed });
    };
    let mut notes = Vec::new();
    let stamps: Option<Vec<snapshot::Stamp>> = paths
        .iter()
        .map(|p| expand(p, &mut notes).ok())
        .collect::<Option<Vec<_>>>()
        .and_then(|files| files.iter().flatten().map(|f| snapshot::Stamp::of(f).ok()).collect());
    let target = stamps.as_ref().map(|s| snapshot::snapshot_path(&dir, s));
    if let (Some(stamps), Some(target)) = (&stamps, &target) {
        if let Ok(hit) = snapshot::read(target, stamps) {
            if hit.touched {
                // Same content, new times: refresh the header so the next run need not hash again. The times
                // are those taken before the content was hashed, so a change since then still shows.
                let fresh: Vec<snapshot::Stamp> = stamps
                    .iter()
                    .zip(&hit.hashes)
                    .map(|(stamp, &hash)| snapshot::Stamp { hash: Some(hash), ..stamp.clone() })
                    .collect();
                let _ = snapshot::write(target, &fresh, &hit.graph, &hit.warnings.to_vec());
            }
            return Ok(Loaded { graph: hit.graph, warnings: hit.warnings, origin: Origin::Snapshot });
        }
    }
    let (checked, parsed_stamps) = check_stamped(paths, options, true)?;
    let Some(graph) = checked.graph else {
        return Err(Error::InvalidData { diagnostics: checked.diagnostics });
    };
    let mut origin = Origin::Parsed;
    if let (Some(parsed), Some(target)) = (parsed_stamps, target) {
        // Cache only what was read under the stamps the key was made from (no file came or went meanwhile).
        let same_files = stamps.is_some_and(|s| s.iter().map(|x| &x.path).eq(parsed.iter().map(|x| &x.path)));
        options.step(graph.relations().len(), || "writing a snapshot for next time".to_owned());
        if same_files && snapshot::write(&target, &parsed, &graph, &checked.diagnostics).is_ok() {
            origin = Origin::ParsedAndCached;
        }
        options.step_done();
    }
    Ok(Loaded { graph, warnings: Table::whole(checked.diagnostics), origin })
}

/// The bundled Hashd–Syria dataset.
///
/// # Panics
/// Never in a released build: a test loads the bundled dataset and fails on any error.
#[must_use]
pub fn embedded() -> ActorGraph {
    match load(&[]) {
        Ok((graph, _)) => graph,
        Err(error) => panic!("the bundled dataset does not load: {error}"),
    }
}

/// Loads one JSON document from a string (handy in tests and examples).
///
/// # Errors
/// [`Error::InvalidData`] with every diagnostic when the document has errors.
pub fn from_json_str(name: &str, text: &str) -> Result<ActorGraph> {
    let (interner, file) = intern::with(intern::Interner::default(), || {
        crate::format::parse(
            name.to_owned(),
            TextOrigin::Owned(text.to_owned()),
            text.as_bytes(),
            InputFormat::Actorgraph,
            (&GraphmlMap::default(), &ColumnMap::default()),
            None,
        )
    });
    match resolve::resolve(vec![file], interner) {
        (Some(graph), _) => Ok(graph),
        (None, diagnostics) => Err(Error::InvalidData { diagnostics }),
    }
}

/// For unit tests: a dataset of the actors `a` to `e` and the `relations` given (JSON objects, separated by
/// commas).
#[cfg(test)]
pub(crate) fn five_actors(relations: &str) -> ActorGraph {
    let text = format!(
        r#"{{"format": "actorgraph/1",
            "actors": [{{"id": "a"}}, {{"id": "b"}}, {{"id": "c"}}, {{"id": "d"}}, {{"id": "e"}}],
            "relations": [{relations}]}}"#
    );
    from_json_str("t.json", &text).expect("a valid test dataset")
}

/// Reads and checks files held in memory, each given as `(name, bytes)`, each read as its name and content
/// say (see [`InputFormat::Auto`]). The files are merged as if they had been given to [`check`] in this order.
///
/// ```
/// let checked = actorgraph::load::check_bytes(&[
///     ("actors.csv", b"id,name\niran,Iran\nassad,Bashar al-Assad\n".as_slice()),
///     ("relations.csv", b"from,to,kind\niran,assad,supports\n".as_slice()),
/// ]);
/// assert_eq!(checked.graph.unwrap().relations().len(), 1);
/// assert!(actorgraph::load::check_bytes(&[("broken.json", b"{\"actors\": [".as_slice())]).graph.is_none());
/// ```
#[must_use]
pub fn check_bytes(files: &[(&str, &[u8])]) -> Checked {
    let (interner, parsed) = intern::with(intern::Interner::default(), || {
        files
            .iter()
            .map(|&(name, bytes)| {
                let origin = TextOrigin::Owned(String::from_utf8_lossy(bytes).into_owned());
                let format = format_of(Path::new(name), bytes, InputFormat::Auto);
                crate::format::parse(
                    name.to_owned(),
                    origin,
                    bytes,
                    format,
                    (&GraphmlMap::default(), &ColumnMap::default()),
                    None,
                )
            })
            .collect::<Vec<_>>()
    });
    let imports = summaries(&parsed);
    let (graph, diagnostics) = resolve::resolve(parsed, interner);
    Checked { graph, diagnostics, imports }
}

/// The import summaries of the files that have one, by file name.
fn summaries(files: &[ParsedFile]) -> Vec<(String, crate::model::ImportSummary)> {
    files.iter().filter_map(|f| f.summary.clone().map(|s| (f.name.clone(), s))).collect()
}

/// Why a path that is neither a file nor a folder is not read.
fn not_a_file(metadata: &std::fs::Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_fifo() {
            return "it is a named pipe, not a file; save the data to a file and give that".to_owned();
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "it is a device, not a file; save the data to a file and give that".to_owned();
        }
    }
    let _ = metadata;
    "it is not a regular file; save the data to a file and give that".to_owned()
}

/// A folder's data files, sorted by name so loads are repeatable; anything else in it is noted, not
/// silently skipped.
fn expand(path: &Path, notes: &mut Vec<Diagnostic>) -> Result<Vec<PathBuf>> {
    let metadata = std::fs::metadata(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    if metadata.is_file() {
        return Ok(vec![path.to_owned()]);
    }
    if !metadata.is_dir() {
        // A named pipe would wait for a writer for ever, and a device such as /dev/zero never ends.
        return Err(Error::Read { path: path.to_owned(), source: std::io::Error::other(not_a_file(&metadata)) });
    }
    let entries = std::fs::read_dir(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read { path: path.to_owned(), source })?;
        let file = entry.path();
        let Ok(meta) = std::fs::metadata(&file) else { continue };
        if meta.is_dir() {
            continue;
        }
        if !meta.is_file() {
            notes.push(Diagnostic::about_file(
                Severity::Warning,
                file.display().to_string(),
                format!("not loaded: {}", not_a_file(&meta)),
            ));
            continue;
        }
        if is_data_file(&file) {
            files.push(file);
        } else {
            notes.push(Diagnostic::about_file(
                Severity::Warning,
                file.display().to_string(),
                "not loaded: only .json, .csv, .tsv, .graphml, .gexf, .gml and .net files in a folder are read"
                    .to_owned(),
            ));
        }
    }
    files.sort();
    if files.is_empty() {
        notes.push(Diagnostic::about_file(
            Severity::Error,
            path.display().to_string(),
            "the folder holds no .json, .csv, .tsv, .graphml, .gexf, .gml or .net files".to_owned(),
        ));
    }
    Ok(files)
}

/// Reads one file, and when `stamp` is set, the [`snapshot::Stamp`] of its content as it was read.
fn parse_path(path: &Path, options: &LoadOptions, stamp: bool) -> Result<(ParsedFile, Option<snapshot::Stamp>)> {
    // The stamp is taken before reading and checked against what was read, so a file that changes while it
    // is read is never cached under the wrong content.
    let before = if stamp { snapshot::Stamp::of(path).ok() } else { None };
    let bytes = std::fs::read(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    let format = format_of(path, &bytes, options.input_format);
    let name = path.display().to_string();
    let mut file = crate::format::parse(
        name,
        TextOrigin::None,
        &bytes,
        format,
        (&options.graphml_map, &options.columns),
        options.progress.as_ref(),
    );
    let stamp = before
        .filter(|s| s.size == bytes.len() as u64)
        .map(|s| snapshot::Stamp { hash: Some(twox_hash::XxHash3_64::oneshot(&bytes)), ..s });
    // The text is kept to place findings in (a CSV file's are placed by line alone).
    if file.csv_section.is_none() {
        file.origin = TextOrigin::Bytes(bytes);
    }
    Ok((file, stamp))
}
