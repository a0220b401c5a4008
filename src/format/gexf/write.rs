//! GEXF 1.3, Gephi's own format, with relation dates as time intervals so that Gephi's timeline works.
//!
//! The graph is `mode="dynamic"` with `timeformat="date"`. Each edge (a relation between actors) has
//! `start` = the first day its `date` covers and `end` = the last day its `until` covers (`2024-12` starts
//! on 2024-12-01; `until 2025` ends on 2025-12-31); a missing `date` or `until` leaves that side open. So an
//! edge is on Gephi's timeline exactly on the days `actorgraph … --as-of DAY` keeps the relation. Actors are
//! always present.
//!
//! Nodes carry `label` (the name) and the attributes `kind`, `aliases`, `tags` and the free attributes; edges
//! carry `label` and `kind` (the relation kind; Gephi treats edges of different kinds between the same two
//! actors as parallel edges), `weight` (the confidence), a colour by sign (green positive, red negative,
//! grey neutral) and the attributes `sign`, `symmetric`, `date`, `until`, `confidence`, `credibility`,
//! `grade`, `sources`, `independent_sources` (integer), `note`, `denied_by`, `asserted_by` and the free
//! attributes. Statements about
//! relations are not edges; their authors show in `denied_by` and `asserted_by`.

use std::io::Write;

use indexmap::IndexSet;

use crate::format::fields::EDGE_VALUES;
use crate::format::xml::Xml;
use crate::format::{edges_and_statements, interval, number, statement_authors};
use crate::model::view::View;
use crate::model::{Sign, Target};

/// The GEXF 1.3 namespace.
pub const NAMESPACE: &str = "http://gexf.net/1.3";

fn color(sign: Sign) -> [&'static str; 3] {
    match sign {
        Sign::Positive => ["46", "139", "87"],
        Sign::Negative => ["200", "30", "30"],
        Sign::Neutral => ["128", "128", "128"],
    }
}

/// Writes the view as GEXF 1.3 (dynamic, dated edges).
///
/// See the [module documentation](self) for the attributes and intervals. Actors and relations come in
/// dataset order.
///
/// # Errors
/// When the writer fails.
///
/// ```
/// use actorgraph::query::{Filter, View};
/// let graph = actorgraph::load::embedded();
/// let mut out = Vec::new();
/// actorgraph::format::gexf::write(&View::new(&graph, &Filter::default()), &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains(r#"mode="dynamic""#) && text.contains(r#"timeformat="date""#));
/// assert!(text.contains(r#"start="2024-12-01""#));
/// ```
pub fn write(view: &View, out: &mut dyn Write) -> std::io::Result<()> {
    let graph = view.graph();
    let (edges, _) = edges_and_statements(view);
    let node_attrs: IndexSet<&String> = view.actors().flat_map(|a| graph.actor(a).attrs.keys()).collect();
    let edge_attrs: IndexSet<&String> = edges.iter().flat_map(|&r| graph.relation(r).attrs.keys()).collect();

    let mut xml = Xml::new(out)?;
    xml.open(
        "gexf",
        &[
            ("xmlns", NAMESPACE),
            ("xmlns:viz", "http://gexf.net/1.3/viz"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"),
            ("version", "1.3"),
        ],
    )?;
    xml.open("meta", &[])?;
    xml.text("creator", &[], "actorgraph")?;
    if let Some(title) = graph.files().iter().find_map(|f| f.title.as_deref()) {
        xml.text("description", &[], title)?;
    }
    xml.close("meta")?;
    xml.open("graph", &[("defaultedgetype", "directed"), ("mode", "dynamic"), ("timeformat", "date")])?;

    xml.open("attributes", &[("class", "node"), ("mode", "static")])?;
    for name in ["kind", "aliases", "tags"] {
        xml.empty("attribute", &[("id", &format!("n_{name}")), ("title", name), ("type", "string")])?;
    }
    for (i, name) in node_attrs.iter().enumerate() {
        xml.empty("attribute", &[("id", &format!("n_attr{i}")), ("title", name), ("type", "string")])?;
    }
    xml.close("attributes")?;
    xml.open("attributes", &[("class", "edge"), ("mode", "static")])?;
    for (name, kind) in EDGE_VALUES {
        xml.empty("attribute", &[("id", &format!("e_{name}")), ("title", name), ("type", kind.gexf())])?;
    }
    for (i, name) in edge_attrs.iter().enumerate() {
        xml.empty("attribute", &[("id", &format!("e_attr{i}")), ("title", name), ("type", "string")])?;
    }
    xml.close("attributes")?;

    xml.open("nodes", &[])?;
    for a in view.actors() {
        let actor = graph.actor(a);
        xml.open("node", &[("id", &actor.id), ("label", &actor.name)])?;
        let mut values: Vec<(String, String)> = Vec::new();
        if !actor.kind.is_empty() {
            values.push(("n_kind".to_owned(), actor.kind.clone()));
        }
        if !actor.aliases.is_empty() {
            values.push(("n_aliases".to_owned(), actor.aliases.join(";")));
        }
        if !actor.tags.is_empty() {
            values.push(("n_tags".to_owned(), actor.tags.join(";")));
        }
        for (i, name) in node_attrs.iter().enumerate() {
            if let Some(value) = actor.attrs.get(*name) {
                values.push((format!("n_attr{i}"), value.clone()));
            }
        }
        attvalues(&mut xml, &values)?;
        xml.close("node")?;
    }
    xml.close("nodes")?;

    xml.open("edges", &[])?;
    for &r in &edges {
        let relation = graph.relation(r);
        let Target::Actor(to) = relation.to else { continue };
        let kind = graph.kind_of(relation);
        let confidence = relation.confidence.map(number).unwrap_or_default();
        let (start, end) = interval(graph, relation);
        let mut attributes = vec![
            ("id", relation.id.as_ref()),
            ("source", graph.actor(relation.from).id.as_str()),
            ("target", graph.actor(to).id.as_str()),
            ("label", kind.name.as_str()),
            ("kind", kind.name.as_str()),
            ("weight", confidence.as_str()),
        ];
        if let Some(start) = &start {
            attributes.push(("start", start));
        }
        if let Some(end) = &end {
            attributes.push(("end", end));
        }
        xml.open("edge", &attributes)?;
        let mut values = vec![
            ("e_kind".to_owned(), kind.name.clone()),
            ("e_sign".to_owned(), kind.sign.as_str().to_owned()),
            ("e_symmetric".to_owned(), kind.symmetric.to_string()),
        ];
        if let Some(date) = relation.date {
            values.push(("e_date".to_owned(), date.to_string()));
        }
        if let Some(until) = relation.until {
            values.push(("e_until".to_owned(), until.to_string()));
        }
        values.push(("e_confidence".to_owned(), confidence.clone()));
        if let Some(credibility) = relation.credibility {
            values.push(("e_credibility".to_owned(), credibility.to_string()));
        }
        values.push(("e_grade".to_owned(), graph.grade(relation).to_string()));
        if !relation.sources.is_empty() {
            let ids: Vec<&str> = relation.sources.iter().map(|&s| graph.source(s).id.as_str()).collect();
            values.push(("e_sources".to_owned(), ids.join(";")));
        }
        values.push(("e_independent_sources".to_owned(), graph.independent_sources(relation).to_string()));
        if let Some(note) = &relation.note {
            values.push(("e_note".to_owned(), note.to_string()));
        }
        let (denied, asserted) = statement_authors(view, r);
        if !denied.is_empty() {
            values.push(("e_denied_by".to_owned(), denied));
        }
        if !asserted.is_empty() {
            values.push(("e_asserted_by".to_owned(), asserted));
        }
        for (i, name) in edge_attrs.iter().enumerate() {
            if let Some(value) = relation.attrs.get(*name) {
                values.push((format!("e_attr{i}"), value.clone()));
            }
        }
        attvalues(&mut xml, &values)?;
        let [r, g, b] = color(kind.sign);
        xml.empty("viz:color", &[("r", r), ("g", g), ("b", b)])?;
        xml.close("edge")?;
    }
    xml.close("edges")?;
    xml.close("graph")?;
    xml.close("gexf")?;
    xml.finish()
}

fn attvalues(xml: &mut Xml, values: &[(String, String)]) -> std::io::Result<()> {
    if values.is_empty() {
        return Ok(());
    }
    xml.open("attvalues", &[])?;
    for (key, value) in values {
        xml.empty("attvalue", &[("for", key), ("value", value)])?;
    }
    xml.close("attvalues")
}
