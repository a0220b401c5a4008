//! Writers: terminal tables, JSON and CSV for query results, whole datasets ([`dataset`]), exports for other
//! tools ([`export`]), diagrams ([`dot`]), and atomic file writes.
//!
//! Every writer takes any `io::Write`. Output is deterministic: results arrive sorted, floats are printed
//! with a fixed precision in tables, and no hash-map order reaches a writer.

pub mod dataset;
pub mod dot;
pub mod export;
mod records;
mod table;

use std::io::Write;
use std::path::Path;

pub use records::{relation_rows, relation_table, ActorRecord, RelationRecord, SourceRecord, RELATION_COLUMNS};
pub use table::{fmt_score, Table};

use crate::error::{Error, Result};

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

/// Text made safe for XML, SVG and HTML: the five markup characters become entities, and the characters
/// XML 1.0 forbids (control characters other than tab, newline and carriage return; U+FFFE, U+FFFF) are
/// left out. One function for the built-in SVG renderer and the HTML report.
#[must_use]
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A confidence in a table: two decimals, or `–` when unknown.
#[must_use]
pub fn confidence_cell(confidence: Option<f64>) -> String {
    confidence.map_or_else(|| "\u{2013}".to_owned(), |c| format!("{c:.2}"))
}

/// Writes `value` as pretty JSON followed by a newline.
///
/// # Errors
/// When the writer fails (a closed pipe, a full disk).
pub fn write_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    // `From` keeps the kind of an I/O error (a closed pipe must stay `BrokenPipe` to end quietly).
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)
}

/// Writes rows as CSV: a header, then one line per row.
///
/// # Errors
/// When the writer fails.
pub fn write_csv(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header).map_err(csv_io_error)?;
    for row in rows {
        writer.write_record(row).map_err(csv_io_error)?;
    }
    writer.flush()
}

/// The I/O error inside a CSV error, with its kind kept (a closed pipe must stay `BrokenPipe`).
fn csv_io_error(error: csv::Error) -> std::io::Error {
    if !error.is_io_error() {
        return std::io::Error::other(error);
    }
    match error.into_kind() {
        csv::ErrorKind::Io(io) => io,
        _ => std::io::Error::other("the CSV writer failed"),
    }
}

/// Writes a file so that it is either wholly written or not changed at all: the content goes to a temporary
/// file in the same folder, which is renamed over the target only when complete.
///
/// # Errors
/// [`Error::Write`] naming the target when the folder is not writable, the disk is full, or `write` fails;
/// the target is then untouched.
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let fail = |source| Error::Write { path: path.to_owned(), source };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder).map_err(fail)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".actorgraph-").suffix(".tmp");
    // A temporary file is private (0600); the file it becomes should be like any other the user writes
    // (0666 less the umask), or keep the permissions of the file it replaces. Otherwise a Neo4j or web
    // server running as another user could not read an export.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions =
            std::fs::metadata(path).map_or_else(|_| std::fs::Permissions::from_mode(0o666), |m| m.permissions());
        builder.permissions(permissions);
    }
    let mut temp = builder.tempfile_in(folder).map_err(fail)?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered).map_err(fail)?;
        buffered.flush().map_err(fail)?;
    }
    temp.as_file().sync_all().map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
