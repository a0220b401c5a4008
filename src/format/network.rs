//! What the network formats (GEXF, GML, Pajek) share: nodes and edges with named values, turned into actors
//! and relations the way GraphML's are.
//!
//! A node is an actor whose id is the node's id; its name is the value `label` or `name`, else the node's
//! own label; `kind` or `type` is its kind, `aliases` and `tags` (`;`-separated) its aliases and tags, every
//! other value an attribute. An edge is a relation from its source to its target; its kind is the value
//! `kind`, `type`, `relationship`, `label` or `Edge Label`, else the kind the format gives it (Pajek's signs),
//! else `linked_to`; `date`, `until`, `confidence`, `credibility`, `sources` and `note` fill those fields;
//! every other value is an attribute (`weight` too: a weight is not a confidence). Edge ids are kept when
//! every one is unique and none is also a node id. Value names match without regard to case.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::events::KindSpec;
use crate::diagnostic::Severity;
use crate::format::intern::Sym;
use crate::format::parsed::{ParsedFile, Spot};
use crate::format::raw::{boxed_attrs, source_syms, RawActor, RawDate, RawKind, RawRelation, RawSource, Section};
use crate::format::{GraphmlField, DEFAULT_EDGE_KIND};
use crate::model::ImportSummary;

/// A named value of a node or an edge, with the byte offset where it is written.
pub(crate) type Value = (String, String, usize);

/// A node as read.
#[derive(Debug, Default)]
pub(crate) struct Node {
    /// Where the node starts.
    pub at: usize,
    /// Its id in the file.
    pub id: String,
    /// The format's own label of the node, if any.
    pub label: Option<String>,
    /// Its values.
    pub values: Vec<Value>,
}

/// An edge as read.
#[derive(Debug, Default)]
pub(crate) struct Edge {
    /// Where the edge starts.
    pub at: usize,
    /// Its id in the file, if any.
    pub id: Option<String>,
    /// The source node's id.
    pub source: String,
    /// The target node's id.
    pub target: String,
    /// Whether the edge has no direction.
    pub undirected: bool,
    /// The kind the format gives it when no value names one.
    pub kind: Option<&'static str>,
    /// Its values.
    pub values: Vec<Value>,
}

/// A whole network file, as read.
#[derive(Debug, Default)]
pub(crate) struct Network {
    /// The format's name, for messages (`GEXF`).
    pub format: &'static str,
    /// The nodes, in file order.
    pub nodes: Vec<Node>,
    /// The edges, in file order.
    pub edges: Vec<Edge>,
    /// Kinds the format declares (Pajek's signed kinds).
    pub kinds: Vec<KindSpec>,
    /// What was not read: `what` → (how many, where the first is).
    pub left_out: IndexMap<&'static str, (usize, usize)>,
    /// Value names the format writes for itself, not read as attributes (NetworkX's `networkx_key`).
    pub skip: &'static [&'static str],
}

impl Network {
    /// Notes one item of `what` left out at `at`.
    pub fn leave_out(&mut self, what: &'static str, at: usize) {
        self.left_out.entry(what).or_insert((0, at)).0 += 1;
    }
}

/// Values by name, each usable once.
struct Values<'v> {
    values: &'v [Value],
    used: Vec<bool>,
}

impl<'v> Values<'v> {
    fn new(values: &'v [Value], skip: &[&str]) -> Self {
        let used = values.iter().map(|(n, _, _)| skip.iter().any(|s| n.eq_ignore_ascii_case(s))).collect();
        Self { values, used }
    }

    /// The first of `names` present (without regard to case): `(name, value, offset)`; every candidate is
    /// marked used, so none of them ends up in `attrs`.
    fn take(&mut self, names: &[&str]) -> Option<(&'v str, &'v str, usize)> {
        let mut found = None;
        for name in names {
            for (i, (n, v, at)) in self.values.iter().enumerate() {
                if n.eq_ignore_ascii_case(name) {
                    self.used[i] = true;
                    if found.is_none() {
                        found = Some((n.as_str(), v.as_str(), *at));
                    }
                }
            }
        }
        found
    }

    fn rest(&self) -> IndexMap<String, String> {
        self.values
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|((n, v, _), _)| (n.strip_prefix("attr:").unwrap_or(n).to_owned(), v.clone()))
            .collect()
    }
}

fn text(value: Option<(&str, &str, usize)>) -> Option<String> {
    value.map(|(_, v, _)| v.trim()).filter(|v| !v.is_empty()).map(str::to_owned)
}

fn list(value: Option<(&str, &str, usize)>) -> Vec<String> {
    value
        .map(|(_, v, _)| v.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Turns a network into the file's raw records, notes what was left out, and places every note in `text`.
pub(crate) fn build(file: &mut ParsedFile, network: Network, text_of_file: &str) {
    let mut spots: [Vec<Spot>; 4] = Default::default();
    let names = |field: GraphmlField| -> Vec<&'static str> {
        match field {
            // A weight is not a confidence: it stays an attribute.
            GraphmlField::Confidence => vec!["confidence"],
            _ => field.defaults().to_vec(),
        }
    };
    for node in &network.nodes {
        let mut values = Values::new(&node.values, network.skip);
        let mut spot = Spot::at(node.at);
        let name = values.take(&names(GraphmlField::Name));
        let kind = values.take(&names(GraphmlField::ActorKind));
        let aliases = values.take(&names(GraphmlField::Aliases));
        let tags = values.take(&names(GraphmlField::Tags));
        for (field, value) in [("name", name), ("kind", kind), ("aliases", aliases), ("tags", tags)] {
            if let Some((n, _, at)) = value {
                spot.field(field, n, at);
            }
        }
        file.doc.actors.push(RawActor {
            id: Sym::new(&node.id),
            name: text(name).or_else(|| node.label.clone()),
            kind: text(kind),
            aliases: list(aliases),
            tags: list(tags),
            attrs: values.rest(),
            stub: false,
        });
        spots[Section::Actors as usize].push(spot);
    }
    let node_ids: HashSet<&str> = network.nodes.iter().map(|n| n.id.as_str()).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in network.edges.iter().filter_map(|e| e.id.as_deref()) {
        *seen.entry(id).or_insert(0) += 1;
    }
    let ids_usable = seen.iter().all(|(id, &n)| n == 1 && !node_ids.contains(id));
    let mut undirected: Option<(usize, usize)> = None;
    let mut cited: IndexMap<String, usize> = IndexMap::new();
    let mut kinds_used: HashSet<&'static str> = HashSet::new();
    for edge in &network.edges {
        let mut values = Values::new(&edge.values, network.skip);
        let mut spot = Spot::at(edge.at);
        spot.field("from", "source", edge.at);
        spot.field("to", "target", edge.at);
        let kind = values.take(&names(GraphmlField::RelationKind));
        let date = values.take(&names(GraphmlField::Date));
        let until = values.take(&names(GraphmlField::Until));
        let confidence = values.take(&names(GraphmlField::Confidence));
        let credibility = values.take(&names(GraphmlField::Credibility));
        let sources = values.take(&names(GraphmlField::Sources));
        let note = values.take(&names(GraphmlField::Note));
        for (field, value) in [
            ("kind", kind),
            ("date", date),
            ("until", until),
            ("confidence", confidence),
            ("credibility", credibility),
            ("sources", sources),
            ("note", note),
        ] {
            if let Some((n, _, at)) = value {
                spot.field(field, n, at);
            }
        }
        let confidence = match confidence {
            None => None,
            Some((name, value, at)) => match value.trim().parse::<f64>() {
                Ok(c) => Some(c),
                Err(_) => {
                    let message = format!("`{name}` is '{value}', not a number (it gives the confidence, 0 to 1)");
                    file.note(Severity::Error, at, message, None);
                    None
                }
            },
        };
        let credibility = match credibility {
            None => None,
            Some((name, value, at)) => match value.trim().parse::<i64>() {
                Ok(c) => Some(c),
                Err(_) => {
                    file.note(
                        Severity::Error,
                        at,
                        format!("`{name}` is '{value}', not a whole number from 1 to 6"),
                        None,
                    );
                    None
                }
            },
        };
        if edge.undirected {
            undirected.get_or_insert((0, edge.at)).0 += 1;
        }
        let sources = list(sources);
        for source in &sources {
            cited.entry(source.clone()).or_insert(edge.at);
        }
        let kind = text(kind).unwrap_or_else(|| {
            let kind = edge.kind.unwrap_or(DEFAULT_EDGE_KIND);
            kinds_used.insert(kind);
            kind.to_owned()
        });
        file.doc.relations.push(RawRelation {
            id: edge.id.as_deref().filter(|_| ids_usable).map(Box::from),
            from: Sym::new(&edge.source),
            to: Sym::new(&edge.target),
            kind: Sym::new(&kind),
            date: RawDate::from_opt(text(date).as_deref()),
            until: RawDate::from_opt(text(until).as_deref()),
            confidence,
            credibility,
            sources: source_syms(&sources),
            note: text(note).map(String::into_boxed_str),
            attrs: boxed_attrs(values.rest()),
        });
        spots[Section::Relations as usize].push(spot);
    }
    for (source, at) in cited {
        file.doc.sources.push(RawSource { id: Sym::new(&source), imported: true, ..RawSource::default() });
        spots[Section::Sources as usize].push(Spot::at(at));
    }
    for &(kind, sign, symmetric, description) in network.kinds.iter().filter(|k| kinds_used.contains(k.0)) {
        file.doc.relation_kinds.push(RawKind {
            kind: kind.to_owned(),
            sign: Some(sign.to_owned()),
            symmetric,
            description: Some(description.to_owned()),
            ..RawKind::default()
        });
        spots[Section::RelationKinds as usize].push(Spot::at(0));
    }
    if !ids_usable && !seen.is_empty() {
        let at = network.edges.iter().find(|e| e.id.is_some()).map_or(0, |e| e.at);
        file.note(
            Severity::Warning,
            at,
            "edge ids repeat or equal node ids, so they are not used; relation ids are generated".to_owned(),
            Some("NetworkX numbers edges 0, 1, …; Gephi numbers nodes and edges alike".to_owned()),
        );
    }
    if let Some((n, at)) = undirected {
        file.note(
            Severity::Warning,
            at,
            format!(
                "{n} undirected edge{}: each is read as a relation from its source to its target",
                if n == 1 { "" } else { "s" }
            ),
            Some("kinds declared symmetric (allied_with, meets) read both ways; others read one way".to_owned()),
        );
    }
    let mut summary = ImportSummary::new(network.format);
    summary.keep("node", network.nodes.len());
    summary.keep("edge", network.edges.len());
    for (what, (n, at)) in &network.left_out {
        file.note(Severity::Warning, *at, format!("not read, {what}: {n} (the first is here)"), None);
        summary.leave_out(what, "not part of actorgraph's model", *n);
    }
    file.summary = Some(summary);
    file.spots = Some(spots);
    file.place(text_of_file);
}
