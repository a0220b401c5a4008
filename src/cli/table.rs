//! Terminal tables: a thin layer over comfy-table with the house style (no colours, stable widths).

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
        S: Into<comfy_table::Cell>,
    {
        self.inner.add_row(cells);
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

/// A score with six decimals, the precision every table and CSV uses.
#[must_use]
pub fn fmt_score(value: f64) -> String {
    format!("{value:.6}")
}
