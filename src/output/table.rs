//! Terminal tables: a thin layer over comfy-table with the house style (no colours, stable widths).
//!
//! Every cell passes through [`cell_text`]: control characters (which a hostile dataset could use to clear
//! or recolour the terminal) are shown as visible symbols, and a cell longer than [`MAX_CELL_CHARS`] is cut
//! with an ellipsis (laying out a table costs more than linear time in the cell's length; JSON and CSV keep
//! the full value).

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement};

/// A table under construction.
pub struct Table {
    inner: comfy_table::Table,
}

impl Table {
    /// A table with this header row.
    #[must_use]
    pub fn new(header: &[&str]) -> Self {
        let mut inner = comfy_table::Table::new();
        // Wraps to the terminal's width on a terminal; piped output is never wrapped, so it stays the same
        // bytes whatever the window size.
        inner.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
        inner.set_header(header.iter().copied());
        Self { inner }
    }

    /// Adds a row.
    pub fn row<I, S>(&mut self, cells: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: std::fmt::Display,
    {
        self.inner.add_row(cells.into_iter().map(|cell| cell_text(&cell.to_string())));
        self
    }

    /// Whether the table has no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.inner.row_count() == 0
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.inner)
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
        if c.is_control() && !matches!(c, '\n' | '\t') {
            out.push_str(&visible_char(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Text with its control characters made visible as in [`cell_text`] (no cut): for messages that quote
/// the data, such as errors naming a value (a NUL byte or an escape sequence must not reach the terminal).
#[must_use]
pub fn visible_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        return text.into();
    }
    text.chars().map(visible_char).collect::<String>().into()
}

fn visible_char(c: char) -> String {
    match c {
        '\n' | '\t' => c.to_string(),
        // U+2400..U+241F picture U+0000..U+001F.
        c if u32::from(c) < 0x20 => char::from_u32(0x2400 + u32::from(c)).unwrap_or('?').to_string(),
        c if c.is_control() => format!("<U+{:04X}>", u32::from(c)),
        c => c.to_string(),
    }
}

/// A score with six decimals, the precision every table and CSV uses.
#[must_use]
pub fn fmt_score(value: f64) -> String {
    format!("{value:.6}")
}
