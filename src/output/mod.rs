//! Renderers of results: JSON and CSV for query results, the standard relation rows, markup escaping, and
//! diagrams ([`dot`]). Datasets and exports for other tools are written by [`crate::format`]; terminal tables
//! are drawn by the command line (they need comfy-table, which the library does not depend on).
//!
//! Every writer takes any `io::Write`. Output is deterministic: results arrive sorted, floats are printed
//! with a fixed precision, and no hash-map order reaches a writer.

pub mod dot;

use std::io::Write;

pub use crate::format::csv::write_csv;
pub use crate::model::records::{ActorRecord, RelationRecord, SourceRecord};
use crate::model::{ActorGraph, RelationIx};

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

/// A score with six decimals, the precision every table and CSV uses.
#[must_use]
pub fn fmt_score(value: f64) -> String {
    format!("{value:.6}")
}

/// The standard relation rows: id, reading, date (`date – until`), grade, confidence, `;`-joined sources.
#[must_use]
pub fn relation_rows(graph: &ActorGraph, relations: &[RelationIx]) -> Vec<Vec<String>> {
    relations
        .iter()
        .map(|&r| {
            let rel = graph.relation(r);
            let date = match (rel.date, rel.until) {
                (Some(d), Some(u)) => format!("{d} – {u}"),
                (Some(d), None) => d.to_string(),
                (None, Some(u)) => format!("until {u}"),
                (None, None) => "undated".to_owned(),
            };
            vec![
                rel.id.to_string(),
                graph.describe(rel),
                date,
                graph.grade(rel).to_string(),
                confidence_cell(rel.confidence),
                rel.sources.iter().map(|&s| graph.source(s).id.as_str()).collect::<Vec<_>>().join("; "),
            ]
        })
        .collect()
}

/// The header matching [`relation_rows`].
pub const RELATION_COLUMNS: &[&str] = &["id", "relation", "date", "grade", "confidence", "sources"];
