//! The records as they appear in input files, before ids are resolved and values checked.
//!
//! Field types are kept loose where an analyst's spreadsheet habits differ (dates stay text until
//! validation, so that a bad date gets a precise message rather than a type error).

use indexmap::IndexMap;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use super::intern::Sym;
use crate::model::PartialDate;

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
    pub id: Sym,
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
    /// Not interned: nearly every relation id is distinct, and interning a million of them would fill the
    /// interner's table (and the cache) with strings looked up once.
    pub id: Option<Box<str>>,
    pub from: Sym,
    pub to: Sym,
    pub kind: Sym,
    pub date: Option<RawDate>,
    pub until: Option<RawDate>,
    pub confidence: Option<f64>,
    pub credibility: Option<i64>,
    /// Interned source ids ([`Sym`] numbers), replaced in place by source indices when resolved.
    #[serde(default, deserialize_with = "sym_list")]
    pub sources: Box<[u32]>,
    pub note: Option<Box<str>>,
    /// Boxed: most relations have none, and an empty map is 72 bytes.
    #[serde(default, deserialize_with = "boxed_map")]
    pub attrs: Option<Box<IndexMap<String, String>>>,
}

/// A source record.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a source: an object such as {\"id\": \"reuters-2024-12-02\", \"publisher\": \"Reuters\"}"
)]
pub(crate) struct RawSource {
    pub id: Sym,
    pub publisher: Option<String>,
    pub title: Option<String>,
    pub date: Option<RawDate>,
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

/// A date field as read: a valid partial date, or the text that is not one (kept, interned, for the message
/// the checks give later). Parsing while reading keeps a million dates from becoming a million strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawDate {
    /// A valid date.
    Date(PartialDate),
    /// Text that is not a date.
    Bad(Sym),
}

impl RawDate {
    /// Reads a date from text (interning the text when it is not a date).
    pub fn from_text(text: &str) -> Self {
        match text.parse() {
            Ok(date) => Self::Date(date),
            Err(_) => Self::Bad(Sym::new(text)),
        }
    }
}

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = RawDate;
            // serde's words for `String`, so messages about a wrong type stay the same.
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawDate, E> {
                Ok(RawDate::from_text(text))
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

/// A list of ids, interned, as a boxed slice of symbol numbers (one exact allocation).
fn sym_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<[u32]>, D::Error> {
    struct ListVisitor;
    impl<'de> Visitor<'de> for ListVisitor {
        type Value = Box<[u32]>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Box<[u32]>, A::Error> {
            // Relations cite one to three sources: collect on the stack, then allocate once.
            let mut small = [0u32; 4];
            let mut len = 0;
            let mut more: Vec<u32> = Vec::new();
            while let Some(Sym(id)) = seq.next_element()? {
                if len < small.len() {
                    small[len] = id;
                    len += 1;
                } else {
                    if more.is_empty() {
                        more.extend_from_slice(&small);
                    }
                    more.push(id);
                }
            }
            Ok(if more.is_empty() { small[..len].into() } else { more.into_boxed_slice() })
        }
    }
    deserializer.deserialize_seq(ListVisitor)
}

/// A map of text values, boxed when not empty (`null` is refused, as for a plain map).
fn boxed_map<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Box<IndexMap<String, String>>>, D::Error> {
    let map = IndexMap::<String, String>::deserialize(deserializer)?;
    Ok((!map.is_empty()).then(|| Box::new(map)))
}

/// Helpers for readers that build raw records by hand (CSV, STIX, GraphML) rather than through serde: the
/// same interned and boxed shapes the JSON reader produces. They intern in the current scope (see
/// [`super::intern::with`]).
impl RawDate {
    /// [`RawDate::from_text`] for an optional text.
    pub fn from_opt(text: Option<&str>) -> Option<Self> {
        text.map(Self::from_text)
    }
}

/// Source ids, interned, as the raw relation keeps them.
pub(crate) fn source_syms<S: AsRef<str>>(ids: &[S]) -> Box<[u32]> {
    ids.iter().map(|id| Sym::new(id.as_ref()).0).collect()
}

/// Attributes as the raw relation keeps them: boxed, `None` when there are none.
pub(crate) fn boxed_attrs(attrs: IndexMap<String, String>) -> Option<Box<IndexMap<String, String>>> {
    (!attrs.is_empty()).then(|| Box::new(attrs))
}
