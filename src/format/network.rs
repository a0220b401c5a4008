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
use crate::format::fields::{list, text, EdgeFields, NodeFields, Values};
use crate::format::intern::Sym;
use crate::format::parsed::{ParsedFile, Spot};
use crate::format::raw::{RawActor, RawKind, RawSource, Section};
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
/// A node's or an edge's values, those the format marks as its own bookkeeping (`skip`) already used.
fn values_of<'v>(values: &'v [Value], skip: &[&str]) -> Values<'v> {
    let mut values = Values::new(values.iter().map(|(n, v, at)| (n.as_str(), v.as_str(), *at)));
    values.skip(skip);
    values
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
        let mut values = values_of(&node.values, network.skip);
        let mut spot = Spot::at(node.at);
        let NodeFields { name, kind, aliases, tags } = NodeFields::take(&mut values, names, &mut spot);
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
        let mut values = values_of(&edge.values, network.skip);
        let mut spot = Spot::at(edge.at);
        spot.field("from", "source", edge.at);
        spot.field("to", "target", edge.at);
        let fields = EdgeFields::take(&mut values, names, &mut spot);
        let confidence = fields.parsed_confidence().unwrap_or_else(|(at, message)| {
            file.note(Severity::Error, at, message, None);
            None
        });
        let credibility = fields.parsed_credibility().unwrap_or_else(|(at, message)| {
            file.note(Severity::Error, at, message, None);
            None
        });
        if edge.undirected {
            undirected.get_or_insert((0, edge.at)).0 += 1;
        }
        let sources = list(fields.sources);
        for source in &sources {
            cited.entry(source.clone()).or_insert(edge.at);
        }
        let kind = text(fields.kind).unwrap_or_else(|| {
            let kind = edge.kind.unwrap_or(DEFAULT_EDGE_KIND);
            kinds_used.insert(kind);
            kind.to_owned()
        });
        let id = edge.id.as_deref().filter(|_| ids_usable).map(Box::from);
        let ends = [edge.source.as_str(), edge.target.as_str(), kind.as_str()];
        file.doc.relations.push(fields.relation(id, ends, confidence, credibility, &sources, values.rest()));
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
