//! What every command shares: the loaded graph, actor lookup, the common filters, and writing to stdout.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use actorgraph::error::{Error, Result, Written};
use actorgraph::load::{self, Diagnostic};
use actorgraph::lookup::{ActorLookup, MatchTier};
use actorgraph::model::{ActorGraph, ActorIx, PartialDate, Table};
use actorgraph::query::filter::FilterSpec;
use actorgraph::query::Filter;

use super::{GlobalArgs, OutputFormat};

/// The loaded dataset and the global options, shared by every command.
pub struct Context {
    /// The graph (shared, so a context for another output format costs nothing).
    pub graph: Arc<ActorGraph>,
    /// Warnings found while loading.
    pub warnings: Arc<Table<Diagnostic>>,
    /// The output format.
    pub format: OutputFormat,
    /// Whether notes are suppressed.
    pub quiet: bool,
    /// The `--data` paths the graph was read from (empty for the bundled dataset), so that writers can
    /// refuse to overwrite an input.
    pub inputs: Vec<PathBuf>,
    /// Whether actor names may match loosely (`--fuzzy`); each loose match is announced.
    pub fuzzy: bool,
    lookup: Arc<OnceLock<ActorLookup>>,
}

impl Context {
    /// Loads the dataset named by `--data` (or the bundled one) and notes any warnings on `err`.
    ///
    /// # Errors
    /// When the data cannot be read or has errors.
    pub fn load(global: &GlobalArgs, err: &mut dyn Write) -> Result<Self> {
        let load::Loaded { graph, warnings, .. } =
            load::load_cached(&global.data, &global.load_options()?, !global.no_cache)?;
        if !global.quiet {
            // Nothing is lost silently: every file read from another format says what was kept and left out.
            for file in graph.files() {
                if let Some(summary) = &file.import {
                    let _ = writeln!(err, "{}: {summary}", file.path);
                }
            }
            let unknown = graph.unknown_confidence_count();
            if unknown > 0 {
                let _ = writeln!(
                    err,
                    "note: {unknown} relation{} no confidence (shown `\u{2013}`); analyses that need a weight give {} {}",
                    if unknown == 1 { " has" } else { "s have" },
                    if unknown == 1 { "it" } else { "them" },
                    actorgraph::model::UNKNOWN_CONFIDENCE_WEIGHT
                );
            }
        }
        if !warnings.is_empty() && !global.quiet {
            let _ = writeln!(
                err,
                "note: the dataset has {} warning{}; `actorgraph validate` lists {}",
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" },
                if warnings.len() == 1 { "it" } else { "them" }
            );
        }
        let mut ctx = Self::new(graph, warnings, global.format, global.quiet);
        ctx.inputs.clone_from(&global.data);
        ctx.fuzzy = global.fuzzy;
        Ok(ctx)
    }

    /// A context around an already loaded graph.
    #[must_use]
    pub fn new(graph: ActorGraph, warnings: Table<Diagnostic>, format: OutputFormat, quiet: bool) -> Self {
        Self {
            graph: Arc::new(graph),
            warnings: Arc::new(warnings),
            format,
            quiet,
            inputs: Vec::new(),
            fuzzy: false,
            lookup: Arc::new(OnceLock::new()),
        }
    }

    /// The same dataset with another output format and quietness (used by `report`, which resolves its
    /// sections quietly).
    #[must_use]
    pub fn with_format(&self, format: OutputFormat, quiet: bool) -> Self {
        Self {
            graph: Arc::clone(&self.graph),
            warnings: Arc::clone(&self.warnings),
            format,
            quiet,
            inputs: self.inputs.clone(),
            fuzzy: self.fuzzy,
            lookup: Arc::clone(&self.lookup),
        }
    }

    /// Checks that writing `target` (`written`, named in the refusal) would not replace one of the files the
    /// dataset was read from (a folder given to `--data` counts with every file in it). Symbolic and hard
    /// links are seen through.
    ///
    /// # Errors
    /// [`Error::WouldOverwriteInput`] when it would.
    pub fn refuse_overwriting_input(&self, target: &std::path::Path, written: Written) -> Result<()> {
        // A target that does not exist yet cannot be an input.
        let Ok(target_meta) = std::fs::metadata(target) else { return Ok(()) };
        let target_real = std::fs::canonicalize(target).ok();
        let mut inputs = Vec::new();
        for path in &self.inputs {
            match std::fs::read_dir(path) {
                Ok(entries) => inputs.extend(entries.filter_map(|e| e.ok().map(|e| e.path()))),
                Err(_) => inputs.push(path.clone()),
            }
        }
        for input in inputs {
            let same_path = target_real.is_some() && std::fs::canonicalize(&input).ok() == target_real;
            if same_path || std::fs::metadata(&input).is_ok_and(|m| same_file(&m, &target_meta)) {
                return Err(Error::WouldOverwriteInput { path: target.to_owned(), written });
            }
        }
        Ok(())
    }

    /// Finds the actor an argument names: its id, name or alias in any case, with or without diacritics,
    /// punctuation and `al-`, in the documented transliteration variants; never a guess, unless `--fuzzy`.
    ///
    /// # Errors
    /// Unknown (with the nearest candidates) or ambiguous (with candidates).
    pub fn actor(&self, query: &str) -> Result<ActorIx> {
        // An exact id needs no index of every name (which takes a while on very large datasets).
        if let Some(actor) = self.graph.actor_ix(query) {
            return Ok(actor);
        }
        let (actor, tier) =
            self.lookup.get_or_init(|| ActorLookup::new(&self.graph)).find_match(&self.graph, query, self.fuzzy)?;
        if tier == MatchTier::Skeleton {
            // A loose match may not be what was meant: say which actor was taken, even with --quiet.
            let a = self.graph.actor(actor);
            let note = format!("note: '{query}' taken as {} ({}), a loose match allowed by --fuzzy", a.name, a.id);
            eprintln!("{}", actorgraph::output::visible_controls(&note));
        }
        Ok(actor)
    }

    /// Resolves the common filter flags into a [`Filter`] (by [`FilterSpec::resolve`], the library's one
    /// rule for filters in words).
    ///
    /// # Errors
    /// Unknown kinds, malformed dates, a confidence outside 0..=1.
    pub fn filter(&self, args: &FilterArgs) -> Result<Filter> {
        let spec = FilterSpec {
            kinds: args.kind.clone(),
            exclude_kinds: args.exclude_kind.clone(),
            as_of: args.as_of.clone(),
            since: args.since.clone(),
            until: args.until.clone(),
            min_confidence: args.min_confidence,
            min_sources: args.min_sources,
            if_denials_hold: args.if_denials_hold,
            tags: args.tag.clone(),
            actor_kinds: args.actor_kind.clone(),
        };
        let filter = spec.resolve(&self.graph)?;
        if filter.if_denials_hold && !self.quiet {
            // Said on every command, whatever its output format: the analyst must know what was set aside.
            let left_out = filter.denied_left_out(&self.graph);
            eprintln!(
                "note: if the denials hold: {left_out} contested relation{} left out",
                if left_out == 1 { "" } else { "s" }
            );
        }
        Ok(filter)
    }
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false // canonical paths are compared too, which covers symbolic links
}

/// Parses a date flag (by the library's [`actorgraph::query::filter::date`]).
///
/// # Errors
/// [`Error::InvalidArgument`] naming the flag, with the accepted shapes.
pub fn date(flag: &str, text: Option<&str>) -> Result<Option<PartialDate>> {
    actorgraph::query::filter::date(text, actorgraph::error::Setting::Date).map_err(|error| match error {
        Error::InvalidSetting { message, .. } => Error::InvalidArgument { argument: flag.to_owned(), message },
        other => other,
    })
}

/// The filters every query takes, applied before the query runs.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Only these relation kinds (comma-separated or repeated).
    #[arg(long, value_name = "KIND[,KIND…]")]
    pub kind: Vec<String>,
    /// Leave out these relation kinds.
    #[arg(long, value_name = "KIND[,KIND…]")]
    pub exclude_kind: Vec<String>,
    /// Only relations that hold at some moment of DATE (YYYY, YYYY-MM or YYYY-MM-DD). Events (meets,
    /// attacks, statements) hold only at their date; standing relations (supports, member_of) from their
    /// date until their `until`.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Only relations that hold at some moment from DATE on (same rule as --as-of).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only relations that hold at some moment up to the end of DATE (same rule as --as-of).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only relations with at least this confidence (0..1).
    #[arg(long, value_name = "X")]
    pub min_confidence: Option<f64>,
    /// Only relations backed by at least N independent sources: sources that relay one another (a brief
    /// relaying Reuters) or rest on the same origin count once, and so does a repeated source.
    #[arg(long, value_name = "N")]
    pub min_sources: Option<usize>,
    /// Leave out every relation some actor denies: the picture in which the denials are true. The answer
    /// says how many relations were left out.
    #[arg(long)]
    pub if_denials_hold: bool,
    /// Only actors with this tag (repeatable), and relations among them.
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only actors of this kind (repeatable), and relations among them.
    #[arg(long, value_name = "KIND")]
    pub actor_kind: Vec<String>,
}

/// Maps a failed write to stdout to an [`Error`] (a closed pipe is recognised and ends quietly).
pub fn stdout_error(source: std::io::Error) -> Error {
    Error::Write { path: PathBuf::from("standard output"), source }
}

/// The most rows a table prints: more does not fit a terminal or a reader; JSON and CSV list everything.
pub const TABLE_ROWS: usize = 200;

/// After a table cut to [`TABLE_ROWS`], says how many rows are not shown and how to get all of them.
///
/// # Errors
/// When the writer fails.
pub fn more_rows(out: &mut dyn Write, total: usize, what: &str) -> std::io::Result<()> {
    if total > TABLE_ROWS {
        writeln!(
            out,
            "… and {} more {what} (the first {TABLE_ROWS} are shown; --format csv or --format json lists all {total})",
            total - TABLE_ROWS
        )?;
    }
    Ok(())
}
