//! Serializable records shared by every command's JSON and CSV output, so a relation or an actor looks the
//! same wherever it appears.

use serde::{Serialize, Serializer};

use super::{ActorGraph, ActorIx, RelationIx, Target};

/// A list written as it is produced: serializing calls the closure for a fresh iterator and writes each
/// item before the next is made, so a JSON answer of a million relations is never held in memory as
/// records. The bytes are those of the same items collected into a `Vec`.
///
/// ```
/// use actorgraph::output::Streamed;
/// let squares = Streamed(|| (1..4).map(|i| i * i));
/// assert_eq!(serde_json::to_string(&squares).unwrap(), "[1,4,9]");
/// ```
pub struct Streamed<F>(pub F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// An actor as it appears in JSON output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorRecord {
    /// The dataset id.
    pub id: String,
    /// The display name.
    pub name: String,
    /// The actor kind.
    pub kind: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Labels.
    pub tags: Vec<String>,
    /// Free attributes.
    pub attrs: indexmap::IndexMap<String, String>,
}

impl ActorRecord {
    /// The record of one actor.
    #[must_use]
    pub fn new(graph: &ActorGraph, actor: ActorIx) -> Self {
        let a = graph.actor(actor);
        Self {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind.clone(),
            aliases: a.aliases.clone(),
            tags: a.tags.clone(),
            attrs: a.attrs.clone(),
        }
    }
}

/// A relation as it appears in JSON output: ids, semantics, when, how sure, and on whose word.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RelationRecord {
    /// The relation id (generated ones look like `from>kind>to`).
    pub id: String,
    /// The acting actor's id.
    pub from: String,
    /// The target's id: an actor id, or a relation id when `target` is `relation`.
    pub to: String,
    /// `actor` or `relation`.
    pub target: &'static str,
    /// The relation kind.
    pub kind: String,
    /// positive, negative or neutral.
    pub sign: &'static str,
    /// `YYYY[-MM[-DD]]`, if dated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// When it ended, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// The numeric weight, 0..=1.
    pub confidence: Option<f64>,
    /// The Admiralty grade, e.g. `B2`.
    pub grade: String,
    /// Source ids.
    pub sources: Vec<String>,
    /// How many of the sources are independent of each other (relays and shared origins count once).
    pub independent_sources: usize,
    /// Whether some actor denies the relation.
    pub contested: bool,
    /// Ids of the actors who deny it, by id.
    pub denied_by: Vec<String>,
    /// The analyst's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Free attributes (`basis: inference`, `fighters: about 200`), when it has any.
    #[serde(skip_serializing_if = "indexmap::IndexMap::is_empty")]
    pub attrs: indexmap::IndexMap<String, String>,
    /// A one-line reading: `Iran supports Bashar al-Assad`.
    pub text: String,
}

impl RelationRecord {
    /// The record of one relation.
    #[must_use]
    pub fn new(graph: &ActorGraph, relation: RelationIx) -> Self {
        let r = graph.relation(relation);
        let kind = graph.kind_of(r);
        let denied_by = graph.denied_by(relation);
        Self {
            id: r.id.to_string(),
            from: graph.actor(r.from).id.clone(),
            to: graph.target_id(r).to_owned(),
            target: match r.to {
                Target::Actor(_) => "actor",
                Target::Relation(_) => "relation",
            },
            kind: kind.name.clone(),
            sign: kind.sign.as_str(),
            date: r.date.map(|d| d.to_string()),
            until: r.until.map(|d| d.to_string()),
            confidence: r.confidence,
            grade: graph.grade(r).to_string(),
            sources: r.sources.iter().map(|&s| graph.source(s).id.clone()).collect(),
            independent_sources: graph.independent_sources(r),
            contested: !denied_by.is_empty(),
            denied_by: denied_by.iter().map(|&a| graph.actor(a).id.clone()).collect(),
            note: r.note.as_deref().map(str::to_owned),
            attrs: (*r.attrs).clone(),
            text: graph.describe(r),
        }
    }
}

/// A relation written exactly as its [`RelationRecord`] is (same fields, same bytes), but read from the
/// graph as it is written: no record is built, no string copied. What big answers stream (`neighbors`,
/// `relations`).
///
/// ```
/// use actorgraph::model::records::{RelationJson, RelationRecord};
/// let graph = actorgraph::load::embedded();
/// let r = graph.relation_ix("r-pmf-deploys-syria").unwrap();
/// assert_eq!(
///     serde_json::to_string(&RelationJson::new(&graph, r)).unwrap(),
///     serde_json::to_string(&RelationRecord::new(&graph, r)).unwrap(),
/// );
/// ```
#[derive(Clone, Copy)]
pub struct RelationJson<'a> {
    graph: &'a ActorGraph,
    relation: RelationIx,
}

impl<'a> RelationJson<'a> {
    /// The writer of one relation.
    #[must_use]
    pub fn new(graph: &'a ActorGraph, relation: RelationIx) -> Self {
        Self { graph, relation }
    }
}

/// A value written as a string through its `Display`, without making the `String`.
struct Text<T>(T);

impl<T: std::fmt::Display> Serialize for Text<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl Serialize for RelationJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let graph = self.graph;
        let r = graph.relation(self.relation);
        let kind = graph.kind_of(r);
        let denied_by = graph.denied_by(self.relation);
        // The fields of `RelationRecord`, in its order, skipped where it skips them.
        let mut record = serializer.serialize_struct("RelationRecord", 17)?;
        record.serialize_field("id", &*r.id)?;
        record.serialize_field("from", graph.actor(r.from).id.as_str())?;
        record.serialize_field("to", graph.target_id(r))?;
        record.serialize_field(
            "target",
            match r.to {
                Target::Actor(_) => "actor",
                Target::Relation(_) => "relation",
            },
        )?;
        record.serialize_field("kind", kind.name.as_str())?;
        record.serialize_field("sign", kind.sign.as_str())?;
        match r.date {
            Some(date) => record.serialize_field("date", &Text(date))?,
            None => record.skip_field("date")?,
        }
        match r.until {
            Some(until) => record.serialize_field("until", &Text(until))?,
            None => record.skip_field("until")?,
        }
        record.serialize_field("confidence", &r.confidence)?;
        let grade = graph.grade(r);
        // A grade is a letter and a digit: written from two bytes, not through `Display`.
        match (u8::try_from(grade.reliability), grade.credibility) {
            (Ok(letter @ b'A'..=b'Z'), digit @ 0..=9) => {
                let bytes = [letter, b'0' + digit];
                record.serialize_field("grade", std::str::from_utf8(&bytes).unwrap_or_default())?;
            }
            _ => record.serialize_field("grade", &Text(grade))?,
        }
        record.serialize_field("sources", &Streamed(|| r.sources.iter().map(|&s| graph.source(s).id.as_str())))?;
        record.serialize_field("independent_sources", &graph.independent_sources(r))?;
        record.serialize_field("contested", &!denied_by.is_empty())?;
        record.serialize_field("denied_by", &Streamed(|| denied_by.iter().map(|&a| graph.actor(a).id.as_str())))?;
        match r.note.as_deref() {
            Some(note) => record.serialize_field("note", note)?,
            None => record.skip_field("note")?,
        }
        if r.attrs.is_empty() {
            record.skip_field("attrs")?;
        } else {
            record.serialize_field("attrs", &*r.attrs)?;
        }
        match r.to {
            // `Iran supports Bashar al-Assad`, put together in a reused buffer and written as one string:
            // through `Display`, each of its five pieces was escaped and written apart.
            Target::Actor(to) => TEXT.with(|buffer| match buffer.try_borrow_mut() {
                Ok(mut text) => {
                    text.clear();
                    for piece in [&*graph.actor(r.from).name, " ", &kind.name, " ", &graph.actor(to).name] {
                        text.push_str(piece);
                    }
                    record.serialize_field("text", text.as_str())
                }
                Err(_) => record.serialize_field("text", &Text(graph.description(r))),
            })?,
            Target::Relation(_) => record.serialize_field("text", &Text(graph.description(r)))?,
        }
        record.end()
    }
}

thread_local! {
    /// The buffer a relation's text is put together in ([`RelationJson`]'s `text`), kept between relations.
    static TEXT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// A source as it appears in JSON output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceRecord {
    /// The source id.
    pub id: String,
    /// Publisher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Admiralty reliability A–F.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliability: Option<String>,
}

impl SourceRecord {
    /// The record of one source.
    #[must_use]
    pub fn new(graph: &ActorGraph, source: super::SourceIx) -> Self {
        let s = graph.source(source);
        Self {
            id: s.id.clone(),
            publisher: s.publisher.clone(),
            title: s.title.clone(),
            date: s.date.map(|d| d.to_string()),
            url: s.url.clone(),
            reliability: s.reliability.map(String::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relation_written_from_the_graph_has_the_bytes_of_its_record() {
        // Every relation of the bundled dataset: dates, `until`, notes, attributes, denials, statements.
        let graph = crate::load::embedded();
        let ixs: Vec<RelationIx> = (0..graph.relations().len()).map(RelationIx::new).collect();
        let borrowed = serde_json::to_string_pretty(&Streamed(|| ixs.iter().map(|&r| RelationJson::new(&graph, r))));
        let owned = serde_json::to_string_pretty(&Streamed(|| ixs.iter().map(|&r| RelationRecord::new(&graph, r))));
        assert_eq!(borrowed.unwrap(), owned.unwrap());
        assert_eq!(ixs.len(), 48);
    }
}
