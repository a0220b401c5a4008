//! The library's one error type. Every variant carries what it is about (the file, the id, the query), and
//! every message tells an analyst what went wrong and what to do next.

use std::fmt;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

/// What a command would write over an input file ([`Error::WouldOverwriteInput`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A dataset written for another tool (`export`, `merge`): it can leave data out.
    Export,
    /// A diagram (`dot`).
    Diagram,
    /// A report's page or figure (`report`).
    Report,
    /// The explorer's page (`explore`).
    Page,
}

/// Everything that can go wrong in actorgraph.
#[derive(Debug)]
pub enum Error {
    /// A file or folder could not be read.
    Read {
        /// The path as given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be written.
    Write {
        /// The path being written.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The dataset has errors; each diagnostic names the file, line, column and field.
    InvalidData {
        /// Every problem found, errors and warnings.
        diagnostics: Vec<Diagnostic>,
    },
    /// No actor matches what the user typed.
    UnknownActor {
        /// What the user typed.
        query: String,
        /// The nearest actors, best first, at most [`crate::lookup::MAX_CANDIDATES`].
        suggestions: Vec<String>,
        /// How many more candidates there were.
        more: usize,
    },
    /// Several actors match what the user typed equally well.
    AmbiguousActor {
        /// What the user typed.
        query: String,
        /// `id (name)` of each candidate, at most [`crate::lookup::MAX_CANDIDATES`].
        candidates: Vec<String>,
        /// How many more actors match.
        more: usize,
    },
    /// A command-line value is not usable (a bad date, an unknown relation kind, a bad number).
    InvalidArgument {
        /// The flag or argument (`--as-of`).
        argument: String,
        /// What is wrong and how to write it.
        message: String,
    },
    /// A setting of a library call has a value the call refuses (`restarts` of 0).
    InvalidSetting {
        /// Which setting.
        setting: Setting,
        /// What is wrong and what would be accepted.
        message: String,
    },
    /// A query or rendering hit a size limit that protects the machine.
    LimitExceeded {
        /// What was being done.
        what: String,
        /// What to do instead.
        advice: Advice,
    },
    /// The dataset holds values a file format cannot store unchanged (an alias containing `;` in CSV, where
    /// `;` separates list items); nothing was written.
    Unrepresentable {
        /// The format (`CSV`).
        format: &'static str,
        /// Every value that cannot be stored, one sentence each (`actor 'iran': alias 'a;b' contains ';' …`).
        problems: Vec<String>,
    },
    /// A command was asked to write over one of the files it read.
    WouldOverwriteInput {
        /// The output path as given.
        path: PathBuf,
        /// What would have been written there.
        written: Written,
    },
    /// An iterative measure did not settle within its iteration limit.
    NoConvergence {
        /// The measure (`eigenvector centrality`).
        measure: String,
        /// How many iterations were run.
        iterations: usize,
        /// Why this happens.
        advice: String,
        /// The measure to use instead, when there is one (`pagerank`); the CLI names its flag.
        instead: Option<&'static str>,
    },
    /// Actors of different kinds were to be merged without forcing it.
    DifferentKinds {
        /// The id of the actor to keep.
        keep: String,
        /// Its kind.
        keep_kind: String,
        /// The id of an actor to merge into it.
        other: String,
        /// That actor's kind.
        other_kind: String,
    },
    /// Rendering a diagram failed (Graphviz missing or failing).
    Render {
        /// What went wrong, with the renderer's own message.
        message: String,
    },
}

/// A setting of a library call (a field of its options), named so that each front end can say it in its
/// own words: the command line by its flag (`--restarts`), a program by the field. The library itself never
/// names a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Setting {
    /// How many local-search restarts the blocs search makes (`BlocsOptions::restarts`).
    Restarts,
    /// The most blocs the search may form (`BlocsOptions::max_blocs`).
    MaxBlocs,
    /// How many source actors sampled betweenness starts from (`CentralityOptions::sample`).
    Sample,
    /// How many hops a search goes (allies, enemies, neighbors).
    Depth,
    /// How a diagram groups actors into boxes (`ClusterSpec`).
    ClusterBy,
    /// Which GraphML attributes fill which fields (`GraphmlMap`).
    GraphmlMap,
    /// Which CSV columns fill which fields (`ColumnMap`).
    Columns,
    /// The relation kinds a filter keeps (`FilterSpec::kinds`).
    Kind,
    /// The relation kinds a filter leaves out (`FilterSpec::exclude_kinds`).
    ExcludeKind,
    /// The date a filter keeps what holds at (`FilterSpec::as_of`).
    AsOf,
    /// The date a filter's period starts (`FilterSpec::since`).
    Since,
    /// The date a filter's period ends (`FilterSpec::until`).
    Until,
    /// The least confidence a filter keeps (`FilterSpec::min_confidence`).
    MinConfidence,
    /// The actor kinds a filter keeps (`FilterSpec::actor_kinds`).
    ActorKind,
    /// A date a query compares against, or one point of a series (named by the caller).
    Date,
}

impl Setting {
    /// The setting in words, for messages of programs that use the library (`the number of restarts`).
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Restarts => "the number of restarts",
            Self::MaxBlocs => "the largest number of blocs",
            Self::Sample => "the sample of source actors",
            Self::Depth => "the depth of the search",
            Self::ClusterBy => "the grouping of actors into boxes",
            Self::GraphmlMap => "the GraphML attribute mapping",
            Self::Columns => "the CSV column mapping",
            Self::Kind => "the relation kinds kept",
            Self::ExcludeKind => "the relation kinds left out",
            Self::AsOf => "the as-of date",
            Self::Since => "the start of the period",
            Self::Until => "the end of the period",
            Self::MinConfidence => "the least confidence",
            Self::ActorKind => "the actor kinds kept",
            Self::Date => "the date",
        }
    }
}

/// What to do when a query would do more work than it allows itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Advice {
    /// Lower this setting, or narrow the graph (relation kinds, dates, confidence, tags) before asking.
    LowerOrNarrow(Setting),
    /// Advice that names no setting.
    Text(String),
}

impl fmt::Display for Advice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LowerOrNarrow(setting) => write!(
                f,
                "lower {}, or narrow the graph first (by relation kind, date, confidence or tag)",
                setting.describe()
            ),
            Self::Text(text) => f.write_str(text),
        }
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read { path, source } => write!(f, "cannot read '{}': {}", path.display(), io_reason(source)),
            Self::Write { path, source } => {
                write!(f, "cannot write '{}': {} (nothing was changed there)", path.display(), io_reason(source))
            }
            Self::InvalidData { diagnostics } => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(
                    f,
                    "the dataset has {errors} error{}; fix {} and run again (`actorgraph validate` lists every problem)",
                    if errors == 1 { "" } else { "s" },
                    if errors == 1 { "it" } else { "them" }
                )
            }
            Self::UnknownActor { query, suggestions, more } => {
                write!(f, "no actor '{query}'")?;
                let more = if *more > 0 { format!(" (and {more} more)") } else { String::new() };
                match suggestions.as_slice() {
                    [] => write!(f, "; `actorgraph actors` lists every actor"),
                    [one] => write!(f, "; did you mean {one}{more}?"),
                    many => write!(f, "; did you mean one of: {}{more}?", many.join(", ")),
                }
            }
            Self::AmbiguousActor { query, candidates, more } => {
                let more = if *more > 0 { format!(", and {more} more") } else { String::new() };
                write!(f, "'{query}' matches several actors: {}{more}; use the id to pick one", candidates.join(", "))
            }
            Self::InvalidArgument { argument, message } => write!(f, "{argument}: {message}"),
            Self::InvalidSetting { setting, message } => write!(f, "{}: {message}", setting.describe()),
            Self::LimitExceeded { what, advice } => write!(f, "{what}; {advice}"),
            Self::Unrepresentable { format, problems } => {
                const SHOWN: usize = 20;
                write!(f, "the dataset cannot be written as {format} without changing it; nothing was written:")?;
                for problem in problems.iter().take(SHOWN) {
                    write!(f, "\n  - {problem}")?;
                }
                if problems.len() > SHOWN {
                    write!(f, "\n  - … and {} more", problems.len() - SHOWN)?;
                }
                write!(f, "\nchange these values in the dataset, or export to JSON, which keeps every value")
            }
            Self::WouldOverwriteInput { path, written } => write!(
                f,
                "refusing to write '{}': it is one of the input files, and {}; write to another path",
                path.display(),
                match written {
                    Written::Export => "an export can leave data out",
                    Written::Diagram => "a diagram would replace the dataset",
                    Written::Report => "a report would replace the dataset",
                    Written::Page => "a page would replace the dataset",
                }
            ),
            Self::NoConvergence { measure, iterations, advice, instead } => {
                write!(f, "{measure} did not settle after {iterations} iterations: {advice}")?;
                match instead {
                    Some(other) => write!(f, "; use the measure `{other}`, which is defined on every network"),
                    None => Ok(()),
                }
            }
            Self::DifferentKinds { keep, keep_kind, other, other_kind } => write!(
                f,
                "not merging '{other}' ({}) into '{keep}' ({}): they are of different kinds, which usually means \
                 two actors (a person and the group named after them, say); nothing was written",
                kind_name(other_kind),
                kind_name(keep_kind)
            ),
            Self::Render { message } => f.write_str(message),
        }
    }
}

fn kind_name(kind: &str) -> &str {
    if kind.is_empty() {
        "no kind"
    } else {
        kind
    }
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Read { source, .. } | Self::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}
