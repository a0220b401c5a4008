//! Terminal tables: a thin layer over comfy-table with the house style (no colours, stable widths).

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement};

use actorgraph::model::{ActorGraph, RelationIx};
use actorgraph::output::{relation_rows, RELATION_COLUMNS};

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
        if let Some(width) = terminal_width() {
            inner.set_width(width);
        }
        inner.set_header(header.iter().copied());
        Self { inner }
    }

    /// Adds a row.
    pub fn row<I, S>(&mut self, cells: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: std::fmt::Display,
    {
        // Control characters shown, long cells cut: see `actorgraph::output::cell_text`.
        self.inner.add_row(cells.into_iter().map(|cell| actorgraph::output::cell_text(&cell.to_string())));
        self
    }
}

/// The width of the terminal standard output is, `None` when it is not a terminal.
fn terminal_width() -> Option<u16> {
    use std::io::IsTerminal;
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(&stdout).map(|(terminal_size::Width(w), _)| w)
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.inner)
    }
}

/// The standard relation table: id, reading, date, grade, confidence, sources (the rows of
/// [`relation_rows`]).
#[must_use]
pub fn relation_table(graph: &ActorGraph, relations: &[RelationIx]) -> Table {
    let mut table = Table::new(RELATION_COLUMNS);
    for row in relation_rows(graph, relations) {
        table.row(row);
    }
    table
}
