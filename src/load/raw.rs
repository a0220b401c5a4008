//! The records as they appear in input files, before ids are resolved and values checked.
//!
//! Field types are kept loose where an analyst's spreadsheet habits differ (dates stay text until
//! validation, so that a bad date gets a precise message rather than a type error).

use indexmap::IndexMap;
use serde::Deserialize;

/// A whole `actorgraph/1` document.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an actorgraph document: a JSON object with \"actors\" and \"relations\"")]
pub(crate) struct RawDocument {
    pub format: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub actors: Vec<RawActor>,
    #[serde(default)]
    pub relations: Vec<RawRelation>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub relation_kinds: Vec<RawKind>,
}

/// An actor record.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an actor: an object such as {\"id\": \"iran\", \"name\": \"Iran\"}")]
pub(crate) struct RawActor {
    pub id: String,
    pub name: Option<String>,
    pub kind: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub attrs: IndexMap<String, String>,
}

/// A relation record.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a relation: an object such as {\"from\": \"iran\", \"to\": \"assad\", \"kind\": \"supports\"}"
)]
pub(crate) struct RawRelation {
    pub id: Option<String>,
    pub from: String,
    pub to: String,
    pub kind: String,
    pub date: Option<String>,
    pub until: Option<String>,
    pub confidence: Option<f64>,
    pub credibility: Option<i64>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub note: Option<String>,
    #[serde(default)]
    pub attrs: IndexMap<String, String>,
}

/// A source record.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a source: an object such as {\"id\": \"reuters-2024-12-02\", \"publisher\": \"Reuters\"}"
)]
pub(crate) struct RawSource {
    pub id: String,
    pub publisher: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub reliability: Option<String>,
    /// Made by a reader of another format (STIX, GraphML) rather than written by an analyst: such a source
    /// may repeat an id another file gives, when it says nothing more or exactly the same.
    #[serde(skip)]
    pub imported: bool,
}

impl RawSource {
    /// Whether the record names a source without describing it (a GraphML file only lists source ids).
    pub fn is_stub(&self) -> bool {
        self.publisher.is_none()
            && self.title.is_none()
            && self.date.is_none()
            && self.url.is_none()
            && self.reliability.is_none()
    }
}

/// A relation kind declaration.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a relation kind: an object such as {\"kind\": \"business_tie\", \"sign\": \"positive\"}"
)]
pub(crate) struct RawKind {
    pub kind: String,
    pub sign: Option<String>,
    #[serde(default)]
    pub symmetric: bool,
    #[serde(default)]
    pub hierarchical: bool,
    #[serde(default)]
    pub statement: bool,
    #[serde(default)]
    pub upward: bool,
    pub description: Option<String>,
}

/// Which list of a document a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Actors,
    Relations,
    Sources,
    RelationKinds,
}

impl Section {
    /// The word for one record of the section, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Self::Actors => "actor",
            Self::Relations => "relation",
            Self::Sources => "source",
            Self::RelationKinds => "relation kind",
        }
    }
}
