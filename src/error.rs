//! The library's one error type. Every variant carries what it is about (the file, the id, the query), and
//! every message tells an analyst what went wrong and what to do next.

use std::fmt;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

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
        /// The nearest actor names, best first.
        suggestions: Vec<String>,
    },
    /// Several actors match what the user typed equally well.
    AmbiguousActor {
        /// What the user typed.
        query: String,
        /// `id (name)` of each candidate.
        candidates: Vec<String>,
    },
    /// A command-line value is not usable (a bad date, an unknown relation kind, a bad number).
    InvalidArgument {
        /// The flag or argument (`--as-of`).
        argument: String,
        /// What is wrong and how to write it.
        message: String,
    },
    /// A query or rendering hit a size limit that protects the machine.
    LimitExceeded {
        /// What was being done.
        what: String,
        /// What to do instead.
        advice: String,
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
    },
    /// An iterative measure did not settle within its iteration limit.
    NoConvergence {
        /// The measure (`eigenvector centrality`).
        measure: String,
        /// How many iterations were run.
        iterations: usize,
        /// Why this happens and what to use instead.
        advice: String,
    },
    /// Rendering a diagram failed (Graphviz missing or failing).
    Render {
        /// What went wrong, with the renderer's own message.
        message: String,
    },
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
            Self::UnknownActor { query, suggestions } => {
                write!(f, "no actor '{query}'")?;
                match suggestions.as_slice() {
                    [] => write!(f, "; `actorgraph actors` lists every actor"),
                    [one] => write!(f, "; did you mean {one}?"),
                    many => write!(f, "; did you mean one of: {}?", many.join(", ")),
                }
            }
            Self::AmbiguousActor { query, candidates } => {
                write!(f, "'{query}' matches several actors: {}; use the id to pick one", candidates.join(", "))
            }
            Self::InvalidArgument { argument, message } => write!(f, "{argument}: {message}"),
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
            Self::WouldOverwriteInput { path } => write!(
                f,
                "refusing to write '{}': it is one of the input files, and an export can leave data out; \
                 write to another path",
                path.display()
            ),
            Self::NoConvergence { measure, iterations, advice } => {
                write!(f, "{measure} did not settle after {iterations} iterations: {advice}")
            }
            Self::Render { message } => f.write_str(message),
        }
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
