//! The data model: actors, relations between them (or about other relations), the sources behind them, and
//! the graph that ties them together.

mod csr;
mod date;
mod evidence;
mod graph;
mod index;
mod kind;
pub mod records;
mod shared;
mod summary;
mod table;
pub mod view;

pub use csr::{Csr, RowKey};
pub use date::{DateError, PartialDate};
pub use evidence::{distinct_sources, Day, Validity, EXACT_LIMIT};
pub(crate) use evidence::{independent_of, origins as source_origins};
pub use graph::{ActorGraph, ActorTexts, Adjacency, DatasetFile, Description, StoredGraph, TextList};
pub use index::{ActorIx, RelationIx, SourceIx};
pub use kind::{Duration, KindId, KindInfo, KindOrigin, RelationKinds, Sign, DENIAL};
pub use shared::{Attrs, SharedIndices, SharedStr};
pub use summary::{ImportSummary, Kept, LeftOut};
pub use table::{Iter as TableIter, PageReader, Table, PAGE};

use indexmap::IndexMap;

/// A position in one of the graph's tables (actors, relations, sources, or a query's own numbering of
/// them) as the `u32` the tables are indexed by. The loader refuses inputs with more than `u32::MAX` items,
/// so this never saturates in practice.
#[must_use]
pub fn ix(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Someone or something that acts or is acted upon: a state, a person, an armed group, a ministry, a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// The dataset's unique id (`kataib-hezbollah`); used in every machine-readable output.
    pub id: String,
    /// The display name (`Kataib Hezbollah`); the id when the dataset gives none.
    pub name: String,
    /// Open vocabulary: state, person, armed_group, government, organization, place, event, media, …
    pub kind: String,
    /// Other spellings and names (`KH`, `Kata'ib Hizballah`).
    pub aliases: Vec<String>,
    /// Free labels used by filters and clusters (`hashd`, `axis-of-resistance`).
    pub tags: Vec<String>,
    /// Free attributes (`country: IQ`), kept in the dataset's order.
    pub attrs: IndexMap<String, String>,
}

/// What a relation points at: another actor, or another relation (a statement about a claim).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// An actor.
    Actor(ActorIx),
    /// A relation: "X denies that `<relation>`".
    Relation(RelationIx),
}

/// A typed, dated, sourced link from an actor to an actor or to another relation.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The dataset's id, or a stable generated one (`kataib-hezbollah>supports>assad`, `…#2` for repeats).
    /// Loaders keep every relation's id in one block of text ([`SharedStr`]).
    pub id: SharedStr,
    /// Whether the id was generated because the dataset gave none.
    pub generated_id: bool,
    /// Who acts.
    pub from: ActorIx,
    /// Whom or what it is about.
    pub to: Target,
    /// The relation kind.
    pub kind: KindId,
    /// When it started or was reported.
    pub date: Option<PartialDate>,
    /// When it ended.
    pub until: Option<PartialDate>,
    /// The analyst's confidence in 0..=1, or `None` when the data gives none: unknown, never guessed. Tables
    /// show it `–`, JSON `null`, diagrams a dotted line; analyses that need a number take
    /// [`Relation::weight`].
    pub confidence: Option<f64>,
    /// Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged).
    pub credibility: Option<u8>,
    /// The sources that back the relation. Loaders keep every relation's sources in one list
    /// ([`SharedIndices`]).
    pub sources: SharedIndices,
    /// The analyst's note.
    pub note: Option<Box<str>>,
    /// Free attributes (`place: Damascus`).
    pub attrs: Attrs,
}

/// The weight analyses give a relation whose confidence is unknown: 1, as if certain, so that a dataset
/// without confidences is analysed as an unweighted network. The CLI says so whenever it applies.
pub const UNKNOWN_CONFIDENCE_WEIGHT: f64 = 1.0;

impl Relation {
    /// The confidence as a number for analyses: the confidence, or [`UNKNOWN_CONFIDENCE_WEIGHT`] when it
    /// is unknown.
    #[must_use]
    pub fn weight(&self) -> f64 {
        self.confidence.unwrap_or(UNKNOWN_CONFIDENCE_WEIGHT)
    }
}

/// A document the relations are taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The dataset's unique id (`reuters-2024-12-02`).
    pub id: String,
    /// Who published it (`Reuters`).
    pub publisher: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// When it was published.
    pub date: Option<PartialDate>,
    /// Where to find it.
    pub url: Option<String>,
    /// Admiralty source reliability, `A` (reliable) to `F` (cannot be judged).
    pub reliability: Option<char>,
    /// The sources this one relays or rests on (a brief relaying Reuters; Reuters relaying unnamed
    /// officials), in the dataset's order. Empty for a source that is its own origin.
    pub derived_from: Vec<SourceIx>,
}

impl Source {
    /// `Reuters, "Title" (2024-12-02)`: how the source is cited in tables and reports.
    #[must_use]
    pub fn citation(&self) -> String {
        let mut text = self.publisher.clone().unwrap_or_else(|| self.id.clone());
        if let Some(title) = &self.title {
            text.push_str(&format!(", \u{201c}{title}\u{201d}"));
        }
        if let Some(date) = &self.date {
            text.push_str(&format!(" ({date})"));
        }
        text
    }
}

/// The Admiralty (NATO) grade of a relation: source reliability A–F and information credibility 1–6.
///
/// A relation backed by several sources takes the most reliable one's letter. What is unknown is graded as
/// the code's own "cannot be judged": `F` and `6`.
///
/// ```
/// use actorgraph::Grade;
/// assert_eq!(Grade { reliability: 'B', credibility: 2 }.to_string(), "B2");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grade {
    /// A (completely reliable) to F (reliability cannot be judged).
    pub reliability: char,
    /// 1 (confirmed by other sources) to 6 (truth cannot be judged).
    pub credibility: u8,
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.reliability, self.credibility)
    }
}

impl serde::Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
