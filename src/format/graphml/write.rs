//! GraphML, for Gephi, yEd, Cytoscape and NetworkX.
//!
//! Nodes are actors (node `id` = actor id) with the attributes `label` and `name` (the display name; Gephi
//! labels nodes with `label`), `kind`, `aliases` and `tags` (`;`-joined), and one attribute per free
//! attribute. Edges are relations between actors (edge `id` = relation id), directed from `from` to `to`,
//! with `label` and `kind` (the kind), `sign`, `symmetric` (a symmetric kind is still one edge, marked
//! `true`), `date`, `until`, `confidence` (double), `credibility` (int), `grade`, `sources` (`;`-joined ids),
//! `independent_sources` (int: how many of the cited sources are independent of each other, see
//! [`crate::ActorGraph::independent_sources`]), `note`, `denied_by` and `asserted_by` (`;`-joined ids of the
//! actors whose statements in the view target the relation), and one attribute per free attribute. Every attribute is declared with its type in a
//! `<key>`. A free attribute whose name is one of these is written as `attr:<name>`.
//!
//! Statements about relations cannot be edges (an edge links two nodes). They travel, with the sources
//! (those cited in the view, and those no relation cites) and the dataset's relation-kind declarations, as
//! JSON in the graph attribute `actorgraph`, so that `actorgraph` reads the file back unchanged; other tools
//! show it as a plain text attribute.

use std::io::Write;

use indexmap::IndexSet;
use serde::Serialize;

use super::read::{ATTR_PREFIX, BLOB_ATTRIBUTE};
use crate::format::fields::{ValueType, EDGE_VALUES};
use crate::format::json::FORMAT;
use crate::format::xml::Xml;
use crate::format::{
    carried_sources, declared_kinds, edges_and_statements, number, statement_authors, KindData, RelationData,
    SourceData,
};
use crate::model::view::View;
use crate::model::Target;

/// Node attribute names the reader fills fields from; free attributes with these names get the `attr:` prefix.
const NODE_NAMES: &[&str] = &["label", "name", "kind", "type", "aliases", "tags"];
/// Edge attribute names the reader fills fields from or derives; free attributes with these names get the
/// `attr:` prefix.
const EDGE_NAMES: &[&str] = &[
    "label",
    "kind",
    "type",
    "relationship",
    "Edge Label",
    "sign",
    "symmetric",
    "date",
    "until",
    "confidence",
    "weight",
    "credibility",
    "grade",
    "sources",
    "independent_sources",
    "note",
    "description",
    "denied_by",
    "asserted_by",
];

/// The graph attribute `actorgraph`: what edges cannot hold.
#[derive(Serialize)]
struct Blob<'a> {
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    sources: Vec<SourceData>,
    relation_kinds: Vec<KindData>,
    statements: Vec<RelationData>,
}

/// The free-attribute names used in `names`' order of first appearance, each with its GraphML name.
fn attribute_columns<'a>(keys: impl Iterator<Item = &'a String>, reserved: &[&str]) -> Vec<(String, String)> {
    let keys: IndexSet<&String> = keys.collect();
    keys.into_iter()
        .map(|k| {
            let taken = reserved.iter().any(|r| r.eq_ignore_ascii_case(k)) || k.starts_with(ATTR_PREFIX);
            (k.clone(), if taken { format!("{}{k}", ATTR_PREFIX) } else { k.clone() })
        })
        .collect()
}

/// Writes the view as GraphML.
///
/// See the [module documentation](self) for the attributes. Actors and relations come in dataset order.
///
/// # Errors
/// When the writer fails.
///
/// ```
/// use actorgraph::query::{Filter, View};
/// let graph = actorgraph::load::embedded();
/// let mut out = Vec::new();
/// actorgraph::format::graphml::write(&View::new(&graph, &Filter::default()), &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert_eq!(text.matches("<node ").count(), 26);
/// assert!(text.contains(r#"<key id="e_confidence" for="edge" attr.name="confidence" attr.type="double"/>"#));
/// ```
pub fn write(view: &View, out: &mut dyn Write) -> std::io::Result<()> {
    let graph = view.graph();
    let (edges, statements) = edges_and_statements(view);
    let node_attrs = attribute_columns(view.actors().flat_map(|a| graph.actor(a).attrs.keys()), NODE_NAMES);
    let edge_attrs = attribute_columns(edges.iter().flat_map(|&r| graph.relation(r).attrs.keys()), EDGE_NAMES);

    let mut xml = Xml::new(out)?;
    xml.open(
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    )?;
    let key = |xml: &mut Xml, id: &str, domain: &str, name: &str, kind: &str| {
        xml.empty("key", &[("id", id), ("for", domain), ("attr.name", name), ("attr.type", kind)])
    };
    key(&mut xml, "g_actorgraph", "graph", BLOB_ATTRIBUTE, "string")?;
    for name in ["label", "name", "kind", "aliases", "tags"] {
        key(&mut xml, &format!("n_{name}"), "node", name, "string")?;
    }
    for (i, (_, name)) in node_attrs.iter().enumerate() {
        key(&mut xml, &format!("n_attr{i}"), "node", name, "string")?;
    }
    for (name, kind) in std::iter::once(("label", ValueType::Text)).chain(EDGE_VALUES) {
        key(&mut xml, &format!("e_{name}"), "edge", name, kind.graphml())?;
    }
    for (i, (_, name)) in edge_attrs.iter().enumerate() {
        key(&mut xml, &format!("e_attr{i}"), "edge", name, "string")?;
    }

    xml.open("graph", &[("id", "actorgraph"), ("edgedefault", "directed")])?;
    let titled = graph.files().iter().find(|f| f.title.is_some());
    let blob = Blob {
        format: FORMAT,
        title: titled.and_then(|f| f.title.as_deref()),
        description: titled.and_then(|f| f.description.as_deref()),
        sources: carried_sources(view).into_iter().map(|s| SourceData::new(graph, s)).collect(),
        relation_kinds: declared_kinds(view),
        statements: statements.iter().map(|&r| RelationData::new(graph, r)).collect(),
    };
    let blob = serde_json::to_string(&blob).map_err(std::io::Error::other)?;
    xml.text("data", &[("key", "g_actorgraph")], &blob)?;

    for a in view.actors() {
        let actor = graph.actor(a);
        xml.open("node", &[("id", &actor.id)])?;
        let data = |xml: &mut Xml, key: &str, value: &str| xml.text("data", &[("key", key)], value);
        data(&mut xml, "n_label", &actor.name)?;
        data(&mut xml, "n_name", &actor.name)?;
        if !actor.kind.is_empty() {
            data(&mut xml, "n_kind", &actor.kind)?;
        }
        if !actor.aliases.is_empty() {
            data(&mut xml, "n_aliases", &actor.aliases.join(";"))?;
        }
        if !actor.tags.is_empty() {
            data(&mut xml, "n_tags", &actor.tags.join(";"))?;
        }
        for (i, (name, _)) in node_attrs.iter().enumerate() {
            if let Some(value) = actor.attrs.get(name) {
                data(&mut xml, &format!("n_attr{i}"), value)?;
            }
        }
        xml.close("node")?;
    }

    for &r in &edges {
        let relation = graph.relation(r);
        let Target::Actor(to) = relation.to else { continue };
        let kind = graph.kind_of(relation);
        xml.open(
            "edge",
            &[("id", &relation.id), ("source", &graph.actor(relation.from).id), ("target", &graph.actor(to).id)],
        )?;
        let data = |xml: &mut Xml, key: &str, value: &str| xml.text("data", &[("key", key)], value);
        data(&mut xml, "e_label", &kind.name)?;
        data(&mut xml, "e_kind", &kind.name)?;
        data(&mut xml, "e_sign", kind.sign.as_str())?;
        data(&mut xml, "e_symmetric", if kind.symmetric { "true" } else { "false" })?;
        if let Some(date) = relation.date {
            data(&mut xml, "e_date", &date.to_string())?;
        }
        if let Some(until) = relation.until {
            data(&mut xml, "e_until", &until.to_string())?;
        }
        if let Some(confidence) = relation.confidence {
            data(&mut xml, "e_confidence", &number(confidence))?;
        }
        if let Some(credibility) = relation.credibility {
            data(&mut xml, "e_credibility", &credibility.to_string())?;
        }
        data(&mut xml, "e_grade", &graph.grade(relation).to_string())?;
        if !relation.sources.is_empty() {
            let ids: Vec<&str> = relation.sources.iter().map(|&s| graph.source(s).id.as_str()).collect();
            data(&mut xml, "e_sources", &ids.join(";"))?;
        }
        data(&mut xml, "e_independent_sources", &graph.independent_sources(relation).to_string())?;
        if let Some(note) = &relation.note {
            data(&mut xml, "e_note", note)?;
        }
        let (denied, asserted) = statement_authors(view, r);
        if !denied.is_empty() {
            data(&mut xml, "e_denied_by", &denied)?;
        }
        if !asserted.is_empty() {
            data(&mut xml, "e_asserted_by", &asserted)?;
        }
        for (i, (name, _)) in edge_attrs.iter().enumerate() {
            if let Some(value) = relation.attrs.get(name) {
                data(&mut xml, &format!("e_attr{i}"), value)?;
            }
        }
        xml.close("edge")?;
    }
    xml.close("graph")?;
    xml.close("graphml")?;
    xml.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_attributes_named_like_fields_are_prefixed() {
        let keys = ["country".to_owned(), "Kind".to_owned(), "attr:x".to_owned(), "country".to_owned()];
        let columns = attribute_columns(keys.iter(), NODE_NAMES);
        assert_eq!(
            columns,
            [
                ("country".to_owned(), "country".to_owned()),
                ("Kind".to_owned(), "attr:Kind".to_owned()),
                ("attr:x".to_owned(), "attr:attr:x".to_owned())
            ]
        );
    }
}
