//! The command-line interface: one module per subcommand, each with its clap `Args` and a `run` that
//! resolves names against the loaded graph, calls the query, and writes the result.
//!
//! Arguments are handled in two steps. clap checks only their syntax; [`Context`] then resolves actor
//! names, relation kinds and dates against the loaded graph, so every "unknown actor" or "bad date" message
//! comes from one place, with suggestions.

mod actors;
mod allies;
mod blocs;
mod central;
mod chain;
mod common;
mod contradictions;
mod dedupe;
mod diff;
mod dot;
mod explore;
mod export;
mod merge;
mod neighbors;
mod path;
mod progress;
mod relations;
mod report;
mod shell;
mod show;
mod stats;
mod table;
mod timeline;
mod trend;
mod validate;
mod values;

use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use common::{Context, FilterArgs};

use actorgraph::diagnostic::{Diagnostic, Remedy};
use actorgraph::error::{Advice, Error, Result, Setting};
use actorgraph::load::{ColumnMap, GraphmlMap, LoadOptions};

/// How a command prints its result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A table for people (the default).
    #[default]
    Table,
    /// One JSON document (shapes documented in the README).
    Json,
    /// Comma-separated rows with a header, for spreadsheets.
    Csv,
}

/// Networks of political and armed actors: who supports, commands and denies whom, on whose word.
#[derive(Debug, Parser)]
#[command(
    name = "actorgraph",
    version,
    about = "Networks of political and armed actors: who supports, commands and denies whom, on whose word.",
    after_help = "With no --data, every command runs on the bundled Hashd–Syria dataset (December 2024).\n\
                  Exit codes: 0 done, 1 the query found nothing, 2 bad input or usage."
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Dataset file or folder (.json, .csv, .tsv, STIX .json, .graphml, .gexf, .gml, .net; ACLED, UCDP GED
    /// and GDELT exports); repeat to merge several. Default: the bundled dataset.
    #[arg(long, global = true, value_name = "PATH")]
    pub data: Vec<PathBuf>,
    /// How to read the --data files: by their extension and content (auto), or all in one format.
    #[arg(long, global = true, value_enum, default_value_t = values::InputFormat::Auto, value_name = "FORMAT")]
    pub input_format: values::InputFormat,
    /// Which GraphML attribute fills which field, e.g. `name=label,kind=type` (node.kind / edge.kind for one
    /// side; `confidence=` for none). Repeatable.
    #[arg(long, global = true, value_name = "FIELD=ATTR[,…]")]
    pub graphml_map: Vec<String>,
    /// For a CSV or TSV file with its own header: which column fills which field, e.g.
    /// `from=actor1,to=actor2,kind=event_type,date=event_date`, or a mapping file with one FIELD=COLUMN per
    /// line. Unmapped columns become attributes. Repeatable.
    #[arg(long, global = true, value_name = "FIELD=COLUMN[,…]|FILE")]
    pub columns: Vec<String>,
    /// How to print results.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Print no notes or progress on stderr, only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Parse the dataset even if an up-to-date snapshot of it is cached (and do not write one).
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// Let actor names match loosely (dropped vowels, "Sudan" for "al-Sudani"); each loose match is announced
    /// on standard error. Without it, a name that does not match an id, name or alias is an error listing
    /// the nearest actors.
    #[arg(long, global = true)]
    pub fuzzy: bool,
}

impl GlobalArgs {
    /// The loader options these flags ask for, with progress bars on a terminal unless `--quiet`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a malformed `--graphml-map`.
    pub fn load_options(&self) -> Result<LoadOptions> {
        Ok(LoadOptions {
            input_format: self.input_format.into(),
            graphml_map: GraphmlMap::parse(&self.graphml_map)?,
            columns: ColumnMap::parse(&self.columns)?,
            progress: progress::terminal(!self.quiet),
        })
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the dataset and report every problem, with file, line and column.
    Validate(validate::Args),
    /// Counts of actors and relations by kind, sources, dates, components, density.
    Stats(stats::Args),
    /// List actors.
    Actors(actors::Args),
    /// One actor's profile: names, every relation in and out, and what is said about those relations.
    Show(show::Args),
    /// List relations with their dates, grades and sources.
    Relations(relations::Args),
    /// Write a report folder: a self-contained HTML page and Markdown, with diagrams and a bibliography.
    Report(report::Args),
    /// The ego network: actors within N hops of an actor, and the relations among them.
    Neighbors(neighbors::Args),
    /// How one actor is linked to another: the shortest chains of relations (or all, with --all), hop by hop.
    Path(path::Args),
    /// The chain of command: whom an actor answers to (--up), or everyone under it (--down).
    Chain(chain::Args),
    /// Relations and statements in date order, for one actor or all.
    Timeline(timeline::Args),
    /// Claims that an actor denies, who reports and who denies them; --uncorroborated adds single-source claims.
    Contradictions(contradictions::Args),
    /// Draw a network diagram (DOT, optionally rendered to SVG, PNG or PDF).
    Dot(dot::Args),
    /// Write one self-contained HTML page to explore the network in a browser: search, evidence at a click,
    /// a time control, contested claims and blocs. Works offline.
    Explore(explore::Args),
    /// Write the dataset (or the filtered part of it) for other tools: actorgraph JSON, CSV, GraphML, GEXF,
    /// STIX 2.1 or Neo4j import files.
    Export(export::Args),
    /// Key actors by a centrality measure (degree, betweenness, closeness, PageRank, eigenvector), with
    /// NetworkX's values.
    Central(central::Args),
    /// An actor's allies: direct, friends of friends, enemies of enemies — each with the chain behind it.
    Allies(allies::Args),
    /// An actor's enemies: direct, friends of enemies, enemies of friends — each with the chain behind it.
    Enemies(allies::Args),
    /// Alliance blocs: the partition that best fits the positive and negative relations, and what breaks it.
    Blocs(blocs::Args),
    /// Load the dataset once, then answer command after command typed on standard input.
    Shell(shell::Args),
    /// Candidate duplicate actors (one group under two ids or spellings), each pair with its evidence and a
    /// score.
    Dedupe(dedupe::Args),
    /// Merge actors that are one into the first (aliases, relations and statements kept), and write the
    /// dataset.
    Merge(merge::Args),
    /// What changed between two versions of a dataset: actors, relations, sources and kinds added, removed
    /// and changed, field by field, and actors renamed. Exit code 1 when they differ.
    Diff(diff::Args),
}

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It produced its answer.
    Done,
    /// It ran, but the answer is empty (exit code 1).
    NothingFound,
    /// `validate` found errors and has printed them (exit code 2).
    Invalid,
    /// `diff` found the two versions different and has printed how (exit code 1).
    Differ,
}

/// Runs a parsed command line, writing results to `out` and notes to `err`, leaving the loaded context in `keep` so the caller decides when (or whether) to free it.
fn execute(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write, keep: &mut Option<Context>) -> Result<Outcome> {
    match &cli.command {
        Command::Validate(args) => return validate::run(&cli.global, args, out),
        Command::Diff(args) => {
            // As in `run_command`: the table format is text for a terminal, control characters shown.
            let mut shown;
            let out: &mut dyn Write = if cli.global.format == OutputFormat::Table {
                shown = actorgraph::output::VisibleControlsWriter::new(out);
                &mut shown
            } else {
                out
            };
            return diff::run(&cli.global, args, out, err);
        }
        _ => {}
    }
    let ctx = keep.insert(Context::load(&cli.global, err)?);
    if let Command::Shell(_) = &cli.command {
        let stdin = std::io::stdin();
        return shell::run(ctx, &mut stdin.lock(), shell::stdin_is_terminal(), out, err);
    }
    run_command(ctx, &cli.command, out, err)
}

/// Runs one command on an already loaded dataset (the command line, `report`, and each line of `shell`).
///
/// # Errors
/// Any [`Error`]: unreadable or invalid data, unknown actors, bad arguments, failed writes; `validate`, `diff` and `shell` are refused here because they read or write
/// files themselves rather than answer from a loaded graph.
pub fn run_command(ctx: &Context, command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    // Tables, trees and sentences go to a terminal: every byte of them passes through one filter that makes
    // control characters visible, whichever printer wrote it. Data (JSON, CSV, DOT, exports, pages) is
    // written exactly.
    let mut shown;
    let out: &mut dyn Write = if ctx.format == OutputFormat::Table && writes_text(command) {
        shown = actorgraph::output::VisibleControlsWriter::new(out);
        &mut shown
    } else {
        out
    };
    match command {
        Command::Validate(_) => Err(Error::InvalidArgument {
            argument: "validate".to_owned(),
            message: "checks files, not a loaded dataset; run `actorgraph validate` on its own".to_owned(),
        }),
        Command::Shell(_) | Command::Diff(_) => Err(Error::InvalidArgument {
            argument: command_name(command).to_owned(),
            message: "reads or writes files itself, not a loaded dataset; run it on its own".to_owned(),
        }),
        Command::Stats(args) => stats::run(ctx, args, out),
        Command::Actors(args) => actors::run(ctx, args, out),
        Command::Show(args) => show::run(ctx, args, out),
        Command::Relations(args) => relations::run(ctx, args, out),
        Command::Report(args) => report::run(ctx, args, out),
        Command::Neighbors(args) => neighbors::run(ctx, args, out),
        Command::Path(args) => path::run(ctx, args, out),
        Command::Chain(args) => chain::run(ctx, args, out),
        Command::Timeline(args) => timeline::run(ctx, args, out),
        Command::Contradictions(args) => contradictions::run(ctx, args, out),
        Command::Dot(args) => dot::run(ctx, args, out, err),
        Command::Explore(args) => explore::run(ctx, args, out),
        Command::Export(args) => export::run(ctx, args, out),
        Command::Central(args) => central::run(ctx, args, out),
        Command::Allies(args) => allies::run(ctx, args, actorgraph::query::allies::Stance::Ally, out),
        Command::Enemies(args) => allies::run(ctx, args, actorgraph::query::allies::Stance::Enemy, out),
        Command::Blocs(args) => blocs::run(ctx, args, out),
        Command::Dedupe(args) => dedupe::run(ctx, args, out),
        Command::Merge(args) => merge::run(ctx, args, out, err),
    }
}

/// Whether the command's table format is text for a reader (rather than a file format written to
/// standard output, as `dot`, `export`, `explore` and `report` can).
fn writes_text(command: &Command) -> bool {
    !matches!(command, Command::Dot(_) | Command::Export(_) | Command::Explore(_) | Command::Report(_))
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Validate(_) => "validate",
        Command::Shell(_) => "shell",
        Command::Diff(_) => "diff",
        _ => "this command",
    }
}

fn is_broken_pipe(error: &Error) -> bool {
    matches!(error, Error::Write { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

/// The binary's entry point: parse, run, print errors, and map the outcome to the documented exit code
/// (0 done, 1 nothing found, 2 error; a closed pipe ends quietly with 0).
#[must_use]
pub fn main() -> ExitCode {
    remove_temporaries_on_interrupt();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let mut loaded = None;
    let result = execute(&cli, &mut out, &mut err, &mut loaded).and_then(|outcome| {
        out.flush().map_err(|source| Error::Write { path: PathBuf::from("standard output"), source })?;
        Ok(outcome)
    });
    // The process ends here: handing millions of small allocations back one by one would only delay the
    // exit (by a fifth of a query's time on 1M relations). The operating system takes the memory back.
    std::mem::forget(loaded);
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound | Outcome::Differ) => ExitCode::from(1),
        Ok(Outcome::Invalid) => ExitCode::from(2),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error, &mut err);
            ExitCode::from(2)
        }
    }
}

/// On Ctrl-C (or a `kill`, or the terminal closing), deletes the temporary files being written
/// ([`actorgraph::fs::remove_temporaries`]) and ends with the signal's customary exit code (130 for Ctrl-C):
/// an interrupted write leaves the target as it was and nothing hidden beside it.
fn remove_temporaries_on_interrupt() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            actorgraph::fs::remove_temporaries();
            std::process::exit(128 + signal);
        }
    });
}

/// How many of a dataset's problems an error prints before saying how many more there are (`validate` lists
/// every one): a file with a problem on each of a million lines must not bury the summary.
const SHOWN_DIAGNOSTICS: usize = 20;

/// Prints an error for a person: the dataset's problems first (at most [`SHOWN_DIAGNOSTICS`], then how many
/// more), then the one-line summary.
/// Control characters the message quotes from the data (a NUL byte, an escape sequence) are shown as
/// visible symbols ([`actorgraph::output::visible_controls`]), never sent to the terminal.
pub fn report(error: &Error, err: &mut dyn Write) {
    use actorgraph::output::visible_controls;
    if let Error::InvalidData { diagnostics } = error {
        for d in diagnostics.iter().take(SHOWN_DIAGNOSTICS) {
            let mut shown = Cow::Borrowed(d);
            if d.remedy.is_some() {
                in_cli_words(shown.to_mut());
            }
            let _ = writeln!(err, "{}", visible_controls(&shown.to_string()));
        }
        if diagnostics.len() > SHOWN_DIAGNOSTICS {
            let _ = writeln!(
                err,
                "… and {} more problems not shown (`actorgraph validate` lists every one)",
                diagnostics.len() - SHOWN_DIAGNOSTICS
            );
        }
    }
    let _ = writeln!(err, "error: {}", visible_controls(&message(error)));
}

/// The flag that sets a library [`Setting`].
fn flag(setting: Setting) -> &'static str {
    match setting {
        Setting::Restarts => "--restarts",
        Setting::MaxBlocs => "--blocs",
        Setting::Sample => "--sample",
        Setting::Depth => "--depth",
        Setting::ClusterBy => "--cluster-by",
        Setting::GraphmlMap => "--graphml-map",
        Setting::Columns => "--columns",
        Setting::Kind => "--kind",
        Setting::ExcludeKind => "--exclude-kind",
        Setting::AsOf => "--as-of",
        Setting::Since => "--since",
        Setting::Until => "--until",
        Setting::MinConfidence => "--min-confidence",
        Setting::ActorKind => "--actor-kind",
        _ => "an option",
    }
}

/// An error in the command line's words: the library names settings, the command line names the flags
/// that set them.
#[must_use]
pub fn message(error: &Error) -> String {
    match error {
        Error::InvalidSetting { setting, message } => format!("{}: {message}", flag(*setting)),
        Error::LimitExceeded { what, advice: Advice::LowerOrNarrow(setting) } => format!(
            "{what}; lower {}, or narrow the graph with --kind, --as-of, --min-confidence or --tag",
            flag(*setting)
        ),
        Error::NoConvergence { measure, iterations, advice, instead: Some(other) } => format!(
            "{measure} did not settle after {iterations} iterations: {advice}; use --measure {other}, which is \
             defined on every network"
        ),
        other => other.to_string(),
    }
}

/// A finding in the command line's words: advice to change how the data is loaded names the flag that does it.
pub fn in_cli_words(diagnostic: &mut Diagnostic) {
    let help = match diagnostic.remedy {
        Some(Remedy::NameInputFormat) => {
            "give the file its own format with --input-format, or export a bundle from your platform"
        }
        Some(Remedy::MapGraphmlConfidence) => {
            "to read another attribute as confidence, use --graphml-map confidence=NAME"
        }
        Some(Remedy::LoadActorsToo) => {
            "no actors are loaded at all: load the actors file too (repeat --data, or give the folder that holds both)"
        }
        _ => return,
    };
    diagnostic.help = Some(help.to_owned());
}
