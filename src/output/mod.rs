//! Renderers of results: JSON and CSV for query results, the standard relation rows, markup escaping, and
//! diagrams ([`dot`]). Datasets and exports for other tools are written by [`crate::format`]; terminal tables
//! are drawn by the command line (they need comfy-table, which the library does not depend on).
//!
//! Every writer takes any `io::Write`. Output is deterministic: results arrive sorted, floats are printed
//! with a fixed precision, and no hash-map order reaches a writer.

pub mod chart;
pub mod dot;
pub mod explore;
pub(crate) mod force;

use std::io::Write;

use crate::format::xml::{escape, Place};

pub use crate::format::csv::write_csv;
pub use crate::model::records::{ActorRecord, RelationJson, RelationRecord, SourceRecord, Streamed};
use crate::model::{ActorGraph, RelationIx};

/// Text made safe for SVG and HTML: [`crate::format::xml::escape`] for [`Place::Markup`] (the five markup
/// characters become entities; characters XML 1.0 forbids are left out). One function for the built-in SVG
/// renderer and the HTML report.
#[must_use]
pub fn escape_markup(text: &str) -> String {
    escape(text, Place::Markup)
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
    // serde_json writes token by token, most of them a few bytes (a quote, a colon, two spaces of indent):
    // into a buffer of a known type each is an inlined copy, not a call through `dyn Write` (which made up
    // a third of writing a big answer).
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut serializer = serde_json::Serializer::with_formatter(&mut buffered, Pretty::default());
    // `From` keeps the kind of an I/O error (a closed pipe must stay `BrokenPipe` to end quietly).
    serde::Serialize::serialize(value, &mut serializer).map_err(std::io::Error::from)?;
    writeln!(buffered)?;
    buffered.flush()
}

/// serde_json's `PrettyFormatter` (two spaces a level), byte for byte, but writing each line break and its
/// indentation in one copy: the stock one writes the indent a level at a time, and a big answer's records
/// sit three levels deep, so that made four writes of every field's start instead of one.
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

/// `,` then a line break and the spaces of [`Pretty::MAX_LEVEL`] levels; a line start is a slice of it.
const LINE_STARTS: &[u8; 2 + 2 * Pretty::MAX_LEVEL] = &{
    let mut bytes = [b' '; 2 + 2 * Pretty::MAX_LEVEL];
    bytes[0] = b',';
    bytes[1] = b'\n';
    bytes
};

impl Pretty {
    /// Levels indented in one copy; deeper ones (never met in actorgraph's answers) are written in pieces.
    const MAX_LEVEL: usize = 32;

    /// A line break (after a comma unless `first`) and the indentation of `level`.
    fn line<W: ?Sized + Write>(writer: &mut W, first: bool, level: usize) -> std::io::Result<()> {
        let start = usize::from(first);
        if level <= Self::MAX_LEVEL {
            return writer.write_all(&LINE_STARTS[start..2 + 2 * level]);
        }
        writer.write_all(&LINE_STARTS[start..2])?;
        for _ in 0..level {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    /// An array or object opens (`[` or `{`): one level deeper, nothing in it yet.
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// An array or object closes: on a line of its own when it held something.
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            Self::line(writer, true, self.level)?;
        }
        writer.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        Self::line(writer, first, self.level)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        Self::line(writer, first, self.level)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The longest cell a table shows, in characters; longer ones are cut and end in `…`.
pub const MAX_CELL_CHARS: usize = 300;

/// A value as a table shows it: control characters other than newline and tab made visible (C0 ones as
/// their Unicode control pictures, `␛` for escape; DEL and C1 ones as `<U+009B>`), and cut at
/// [`MAX_CELL_CHARS`] characters with `…`.
///
/// ```
/// use actorgraph::output::cell_text;
/// assert_eq!(cell_text("a\u{1b}[2Jb"), "a␛[2Jb");
/// assert_eq!(cell_text(&"x".repeat(1000)).chars().count(), actorgraph::output::MAX_CELL_CHARS + 1);
/// ```
#[must_use]
pub fn cell_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_CELL_CHARS * 4 + 3));
    for (i, c) in text.chars().enumerate() {
        if i == MAX_CELL_CHARS {
            out.push('…');
            break;
        }
        if needs_showing(c) {
            out.push_str(&visible_char(c));
        } else {
            out.push(c);
        }
    }
    out
}

pub use crate::text::visible_controls;
use crate::text::{needs_showing, visible_char};

/// A writer for text meant for a terminal: everything written through it reaches `inner` with its
/// control characters made visible ([`visible_controls`]), so a printer that writes a name as is cannot
/// send an escape sequence, a carriage return or a bidirectional override to the screen. The binary puts
/// every table-format answer through one; data formats (JSON, CSV, DOT, exports) are written exactly.
///
/// Writes may cut a character in two: the first bytes wait for the rest (bytes that are not UTF-8 at all
/// go out as U+FFFD).
///
/// ```
/// use std::io::Write;
/// let mut bytes = Vec::new();
/// let mut out = actorgraph::output::VisibleControlsWriter::new(&mut bytes);
/// write!(out, "Kata\u{1b}[2Jib \u{202e}txt.exe\r").unwrap();
/// out.flush().unwrap();
/// drop(out);
/// assert_eq!(String::from_utf8(bytes).unwrap(), "Kata␛[2Jib <U+202E>txt.exe␍");
/// ```
pub struct VisibleControlsWriter<W: std::io::Write> {
    inner: W,
    /// The first bytes of a character whose remaining bytes have not been written yet.
    pending: Vec<u8>,
}

impl<W: std::io::Write> VisibleControlsWriter<W> {
    /// A writer passing text on to `inner`, control characters made visible.
    pub fn new(inner: W) -> Self {
        Self { inner, pending: Vec::new() }
    }

    fn emit(&mut self, text: &str) -> std::io::Result<()> {
        self.inner.write_all(visible_controls(text).as_bytes())
    }
}

impl<W: std::io::Write> std::io::Write for VisibleControlsWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut bytes: &[u8] = buf;
        let joined;
        if !self.pending.is_empty() {
            let mut v = std::mem::take(&mut self.pending);
            v.extend_from_slice(buf);
            joined = v;
            bytes = &joined;
        }
        loop {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    self.emit(text)?;
                    break;
                }
                Err(e) => {
                    let (good, rest) = bytes.split_at(e.valid_up_to());
                    // Checked just above: the prefix is UTF-8.
                    self.emit(std::str::from_utf8(good).unwrap_or_default())?;
                    match e.error_len() {
                        Some(bad) => {
                            self.inner.write_all("\u{fffd}".as_bytes())?;
                            bytes = &rest[bad..];
                        }
                        None => {
                            self.pending = rest.to_vec();
                            break;
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            self.pending.clear();
            self.inner.write_all("\u{fffd}".as_bytes())?;
        }
        self.inner.flush()
    }
}

/// A score with six decimals, the precision every table and CSV uses.
#[must_use]
pub fn fmt_score(value: f64) -> String {
    format!("{value:.6}")
}

/// ` (denied by Falah al-Fayyadh, Iraqi Interior Ministry)` for a contested relation, empty otherwise: the mark
/// every table puts beside a relation some actor denies.
#[must_use]
pub fn contested_mark(graph: &ActorGraph, relation: RelationIx) -> String {
    let deniers = graph.denied_by(relation);
    if deniers.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = deniers.iter().map(|&a| graph.actor(a).name.as_str()).collect();
    format!(" (denied by {})", names.join(", "))
}

/// `a; b`, then ` (1 independent)` when fewer sources are independent than are cited (a repeat, a relay).
fn sources_cell(graph: &ActorGraph, relation: &crate::model::Relation) -> String {
    let ids = relation.sources.iter().map(|&s| graph.source(s).id.as_str()).collect::<Vec<_>>().join("; ");
    let independent = graph.independent_sources(relation);
    if independent < relation.sources.len() {
        format!("{ids} ({independent} independent)")
    } else {
        ids
    }
}

/// The standard relation rows: id, reading, date (`date – until`), grade, confidence, `;`-joined sources. A
/// contested relation's reading ends with who denies it ([`contested_mark`]); the sources are followed by
/// `(N independent)` when fewer of them are independent than are cited.
#[must_use]
pub fn relation_rows(graph: &ActorGraph, relations: &[RelationIx]) -> Vec<Vec<String>> {
    relations.iter().map(|&r| relation_row(graph, r)).collect()
}

/// One of [`relation_rows`], for writers that write each row as it is made.
#[must_use]
pub fn relation_row(graph: &ActorGraph, r: RelationIx) -> Vec<String> {
    let rel = graph.relation(r);
    let date = match (rel.date, rel.until) {
        (Some(d), Some(u)) => format!("{d} – {u}"),
        (Some(d), None) => d.to_string(),
        (None, Some(u)) => format!("until {u}"),
        (None, None) => "undated".to_owned(),
    };
    vec![
        rel.id.to_string(),
        format!("{}{}", graph.describe(rel), contested_mark(graph, r)),
        date,
        graph.grade(rel).to_string(),
        confidence_cell(rel.confidence),
        sources_cell(graph, rel),
    ]
}

/// The header matching [`relation_rows`].
pub const RELATION_COLUMNS: &[&str] = &["id", "relation", "date", "grade", "confidence", "sources"];

/// The columns every CSV row about a relation ends with, as the JSON records have them: how many of its
/// sources are independent, whether some actor denies it, and the deniers' ids (`;`-separated).
pub const EVIDENCE_COLUMNS: &[&str] = &["independent_sources", "contested", "denied_by"];

/// The cells of [`EVIDENCE_COLUMNS`] for one relation: `1`, `true`, `falah-fayyadh;iraqi-interior-ministry`.
///
/// ```
/// let graph = actorgraph::load::embedded();
/// let kh = graph.relation_ix("r-kh-deploys-syria").unwrap();
/// assert_eq!(actorgraph::output::evidence_cells(&graph, kh), ["1", "true", "falah-fayyadh;iraqi-interior-ministry"]);
/// ```
#[must_use]
pub fn evidence_cells(graph: &ActorGraph, relation: RelationIx) -> [String; 3] {
    chain_evidence_cells(graph, std::slice::from_ref(&relation))
}

/// The cells of [`EVIDENCE_COLUMNS`] for a chain of relations read as one answer (an ally reached through
/// two relations): the independent sources of its least corroborated relation (a chain is as strong as its
/// weakest link; `0` for an empty chain), whether any relation of it is denied, and every denier's id, by id.
#[must_use]
pub fn chain_evidence_cells(graph: &ActorGraph, chain: &[RelationIx]) -> [String; 3] {
    let fewest = chain.iter().map(|&r| graph.independent_sources(graph.relation(r))).min().unwrap_or(0);
    let mut deniers: Vec<&str> =
        chain.iter().flat_map(|&r| graph.denied_by(r)).map(|a| graph.actor(a).id.as_str()).collect();
    deniers.sort_unstable();
    deniers.dedup();
    [fewest.to_string(), (!deniers.is_empty()).to_string(), deniers.join(";")]
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use proptest::prelude::*;

    use super::{cell_text, visible_controls, write_json, VisibleControlsWriter};
    use crate::text::needs_showing;

    #[test]
    fn json_is_written_as_serde_json_pretty_prints_it() {
        // Empty and nested containers, a value deeper than the indentation written in one copy, escapes.
        let mut deep = serde_json::json!({"leaf": [1, {"x": "a\"b\n"}], "empty": {}, "none": []});
        for level in 0..40 {
            deep = serde_json::json!({ format!("level {level}"): [deep, [], {}, null, 0.5] });
        }
        for value in [deep, serde_json::json!([]), serde_json::json!({}), serde_json::json!("text")] {
            let mut ours = Vec::new();
            write_json(&mut ours, &value).unwrap();
            let expected = serde_json::to_string_pretty(&value).unwrap() + "\n";
            assert_eq!(String::from_utf8(ours).unwrap(), expected);
        }
    }

    /// Text mixing plain letters, Arabic, the characters a terminal obeys, and anything else Unicode has.
    fn hostile_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("\u{1b}[2J".to_owned()),
            Just("\r".to_owned()),
            Just("\u{202e}".to_owned()),
            Just("\u{2066}".to_owned()),
            Just("\u{9b}".to_owned()),
            Just("\u{7f}".to_owned()),
            Just("\n\t".to_owned()),
            Just("حشد".to_owned()),
            any::<char>().prop_map(String::from),
            "[a-z ]{0,5}",
        ];
        proptest::collection::vec(piece, 0..20).prop_map(|p| p.concat())
    }

    proptest! {
        // Whatever the text and wherever the writes cut it (even inside a character), nothing a terminal
        // obeys comes out, and text without such characters comes out unchanged.
        #[test]
        fn no_control_character_passes_the_writer(text in hostile_text(), cuts in proptest::collection::vec(0usize..64, 0..6)) {
            let bytes = text.as_bytes();
            let mut out = Vec::new();
            {
                let mut w = VisibleControlsWriter::new(&mut out);
                let mut at = 0;
                for cut in cuts {
                    let end = (at + cut).min(bytes.len());
                    w.write_all(&bytes[at..end]).unwrap();
                    at = end;
                }
                w.write_all(&bytes[at..]).unwrap();
                w.flush().unwrap();
            }
            let shown = String::from_utf8(out).unwrap();
            prop_assert!(!shown.chars().any(needs_showing), "raw control in {shown:?}");
            prop_assert_eq!(&shown, &visible_controls(&text).into_owned());
            if !text.chars().any(needs_showing) {
                prop_assert_eq!(&shown, &text);
            }
            let cell = cell_text(&text);
            prop_assert!(!cell.chars().any(needs_showing), "raw control in the cell {cell:?}");
        }
    }
}
