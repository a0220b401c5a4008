//! Readers of other tools' formats, one module per format: event datasets (ACLED, UCDP GED, GDELT) and
//! network files (GEXF, GML, Pajek). Each turns its file into the loader's raw records.

pub(crate) mod events;
pub(crate) mod gexf;
pub(crate) mod gml;
pub(crate) mod network;
pub(crate) mod pajek;

/// What an importer kept and what it left out, by type, to say in one line on load and in `validate`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// The format that was read (`ACLED`).
    pub format: &'static str,
    /// `(what, how many)` read into the dataset.
    pub kept: Vec<(String, usize)>,
    /// `(what, how many)` not read, each also a warning.
    pub left_out: Vec<(String, usize)>,
}
