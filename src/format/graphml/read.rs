//! Reading GraphML (as written by Gephi, yEd, NetworkX or `actorgraph export --to graphml`) into the
//! loader's raw records.
//!
//! Nodes become actors (the node `id` is the actor id) and edges become relations from `source` to `target`;
//! [`GraphmlMap`] says which attribute fills which field.
//!
//! An undirected graph's edges keep their kind and read from `source` to `target` (a warning says so); an
//! edge without a kind is `linked_to`, an undeclared, neutral kind. Edge ids become relation ids when every
//! one is unique and none is also a node id; otherwise none is used and relation ids are generated
//! (NetworkX writes its multigraph keys, `0`, `1`, …, as edge ids).
//! Files written by actorgraph also carry, in a graph attribute `actorgraph`, the sources, relation-kind
//! declarations and statements about relations (which no edge can draw) as JSON; they load back unchanged.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::format::fields::{list, text, EdgeFields, NodeFields, Values};
use crate::format::intern::Sym;
use crate::format::parsed::{ParsedFile, Spot};
use crate::format::raw::{boxed_attrs, source_syms, RawActor, RawDate, RawKind, RawRelation, RawSource, Section};
use crate::format::xml::{attribute, check_root, next_event, reference_text};
use crate::format::{KindData, RelationData, SourceData};

use super::map::{GraphmlField, GraphmlMap};

/// The kind of an edge that names none.
pub const DEFAULT_EDGE_KIND: &str = "linked_to";

/// The graph attribute in which actorgraph keeps what GraphML edges cannot hold.
pub(crate) const BLOB_ATTRIBUTE: &str = "actorgraph";

/// Edge attributes actorgraph's own export derives from other fields; they are not read back as `attrs`.
pub(crate) const DERIVED_EDGE_ATTRIBUTES: &[&str] =
    &["sign", "symmetric", "grade", "independent_sources", "denied_by", "asserted_by"];

/// The prefix that marks a free attribute whose name is also a field's (`attr:kind`).
pub(crate) const ATTR_PREFIX: &str = "attr:";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Domain {
    Node,
    Edge,
    Graph,
    All,
    Other,
}

/// A `<key>` declaration.
#[derive(Debug)]
struct Key {
    domain: Domain,
    name: String,
    /// yEd's node or edge graphics, whose label text stands in for a name or kind.
    graphics: bool,
    default: Option<String>,
}

/// One `<data>` value.
#[derive(Debug)]
struct Data {
    key: String,
    value: String,
    at: usize,
}

/// A `<node>` or `<edge>` as read.
#[derive(Debug, Default)]
struct Element {
    at: usize,
    id: Option<String>,
    source: Option<String>,
    target: Option<String>,
    undirected: bool,
    data: Vec<Data>,
    /// yEd's label text, with its offset.
    label: Option<(String, usize)>,
}

/// What the reader is inside of.
#[derive(Debug)]
enum Open {
    Node(usize),
    Edge(usize),
    Graph,
    Key(String),
    Default { key: String, text: String },
    Data { owner: Owner, key: String, at: usize, text: String },
    Label,
    Other,
}

#[derive(Debug, Clone, Copy)]
enum Owner {
    Node(usize),
    Edge(usize),
    Graph,
    None,
}

/// Everything read from the document, before mapping.
#[derive(Default)]
struct Document {
    keys: IndexMap<String, Key>,
    nodes: Vec<Element>,
    edges: Vec<Element>,
    graph_data: Vec<Data>,
    undirected_graph: bool,
    /// Whether a `<graph>` has been opened (only the outermost one's edge default counts).
    saw_graph: bool,
    hyperedges: Option<(usize, usize)>,
}

/// What actorgraph's own export keeps in the graph attribute `actorgraph`.
#[derive(Debug, Default, Deserialize)]
struct Blob {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    sources: Vec<SourceData>,
    #[serde(default)]
    relation_kinds: Vec<KindData>,
    #[serde(default)]
    statements: Vec<RelationData>,
}

/// Parses one GraphML document; problems go into the file's diagnostics.
pub(crate) fn parse(file: &mut ParsedFile, text: &str, map: &GraphmlMap) {
    match read(text) {
        Ok(document) => {
            Mapper { file: &mut *file, map, document: &document, spots: Default::default() }.run();
            let (nodes, edges) = (file.doc.actors.len(), file.doc.relations.len());
            let summary = file.summary("GraphML");
            summary.keep("node", nodes);
            summary.keep("edge", edges);
        }
        Err((offset, message)) => {
            let help = Some("the file is not well-formed XML here; was it cut short or edited by hand?".to_owned());
            file.note(Severity::Error, offset, message, help);
        }
    }
    file.place(text);
}

fn local_name(element: &BytesStart) -> Vec<u8> {
    element.local_name().as_ref().to_owned()
}

/// Reads the XML into a [`Document`]; an error carries its byte offset and message. Offsets count from the
/// start of `text`, a byte-order mark included.
fn read(text: &str) -> std::result::Result<Document, (usize, String)> {
    // quick-xml would skip a byte-order mark and count positions after it: skip it here and add it back.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let base = text.len() - body.len();
    let mut reader = Reader::from_str(body);
    let mut doc = Document::default();
    let mut stack: Vec<Open> = Vec::new();
    // Kept beside the stack so that no element rescans it (nesting depth would make reading quadratic):
    // how many graphics `<data>` elements are open, and where the open `<data>` elements are.
    let mut graphics_open = 0_usize;
    let mut data_at: Vec<usize> = Vec::new();
    let mut saw_root = false;
    loop {
        let (before, event) = next_event(&mut reader, base, "")?;
        let fail = |message: String| (before, message);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = local_name(e);
                check_root(&mut saw_root, &name, b"graphml", "GraphML").map_err(fail)?;
                let open = start(&mut doc, stack.last(), graphics_open > 0, e, &name, before).map_err(fail)?;
                if empty {
                    end(&mut doc, open);
                } else {
                    if let Open::Data { key, .. } = &open {
                        graphics_open += usize::from(doc.keys.get(key).is_some_and(|k| k.graphics));
                        data_at.push(stack.len());
                    }
                    stack.push(open);
                }
            }
            Event::End(_) => {
                if let Some(open) = stack.pop() {
                    if let Open::Data { key, .. } = &open {
                        graphics_open -= usize::from(doc.keys.get(key).is_some_and(|k| k.graphics));
                        data_at.pop();
                    }
                    end(&mut doc, open);
                }
            }
            Event::Text(t) => {
                let content = t.xml10_content().map_err(|e| fail(format!("text that is not valid: {e}")))?;
                push_text(&mut stack, data_at.last().copied(), &content);
            }
            Event::CData(t) => {
                let content = t.xml10_content().map_err(|e| fail(format!("text that is not valid: {e}")))?;
                push_text(&mut stack, data_at.last().copied(), &content);
            }
            Event::GeneralRef(r) => {
                let resolved = reference_text(&r).map_err(fail)?;
                push_text(&mut stack, data_at.last().copied(), &resolved);
            }
            Event::Eof => {
                if let Some(open) = stack.iter().rev().find(|o| matches!(o, Open::Graph)).or(stack.first()) {
                    let what = if matches!(open, Open::Graph) { "<graph>" } else { "<graphml>" };
                    return Err((
                        text.len(),
                        format!(
                            "the file ends inside {what} ({} element{} not closed)",
                            stack.len(),
                            if stack.len() == 1 { "" } else { "s" }
                        ),
                    ));
                }
                break;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !saw_root {
        return Err((0, "the file holds no XML elements".to_owned()));
    }
    Ok(doc)
}

/// The element `e` opens, inside `parent` (and inside a yEd graphics `<data>` when `in_graphics`).
fn start(
    doc: &mut Document,
    parent: Option<&Open>,
    in_graphics: bool,
    e: &BytesStart,
    name: &[u8],
    at: usize,
) -> std::result::Result<Open, String> {
    Ok(match name {
        b"key" => {
            let id = attribute(e, b"id")?.ok_or("a <key> without an id")?;
            let domain = match attribute(e, b"for")?.as_deref() {
                Some("node") => Domain::Node,
                Some("edge") => Domain::Edge,
                Some("graph") => Domain::Graph,
                None | Some("all") => Domain::All,
                Some(_) => Domain::Other,
            };
            let yfiles = attribute(e, b"yfiles.type")?;
            let graphics = matches!(yfiles.as_deref(), Some("nodegraphics" | "edgegraphics"));
            let name = attribute(e, b"attr.name")?.unwrap_or_else(|| id.clone());
            doc.keys.insert(id.clone(), Key { domain, name, graphics, default: None });
            Open::Key(id)
        }
        b"default" => match parent {
            Some(Open::Key(id)) => Open::Default { key: id.clone(), text: String::new() },
            _ => Open::Other,
        },
        b"graph" => {
            // Only the outermost graph's default counts (a nested graph is read into the same one).
            if attribute(e, b"edgedefault")?.as_deref() == Some("undirected") && !doc.saw_graph {
                doc.undirected_graph = true;
            }
            doc.saw_graph = true;
            Open::Graph
        }
        b"node" if !in_graphics => {
            let id = attribute(e, b"id")?.ok_or("a <node> without an id")?;
            doc.nodes.push(Element { at, id: Some(id), ..Element::default() });
            Open::Node(doc.nodes.len() - 1)
        }
        b"edge" if !in_graphics => {
            let source = attribute(e, b"source")?.ok_or("an <edge> without a source")?;
            let target = attribute(e, b"target")?.ok_or("an <edge> without a target")?;
            let undirected = match attribute(e, b"directed")?.as_deref() {
                Some("false") => true,
                Some(_) => false,
                None => doc.undirected_graph,
            };
            doc.edges.push(Element {
                at,
                id: attribute(e, b"id")?,
                source: Some(source),
                target: Some(target),
                undirected,
                ..Element::default()
            });
            Open::Edge(doc.edges.len() - 1)
        }
        b"hyperedge" => {
            doc.hyperedges.get_or_insert((0, at)).0 += 1;
            Open::Other
        }
        b"data" => {
            let key = attribute(e, b"key")?.ok_or("a <data> without a key")?;
            let owner = match parent {
                Some(Open::Node(i)) => Owner::Node(*i),
                Some(Open::Edge(i)) => Owner::Edge(*i),
                Some(Open::Graph) => Owner::Graph,
                _ => Owner::None,
            };
            Open::Data { owner, key, at, text: String::new() }
        }
        b"NodeLabel" | b"EdgeLabel" if in_graphics => Open::Label,
        _ => Open::Other,
    })
}

/// Adds text to the open `<data>` or `<default>`; `innermost_data` is where the innermost open `<data>` is.
fn push_text(stack: &mut [Open], innermost_data: Option<usize>, content: &str) {
    let top = stack.len().saturating_sub(1);
    // A yEd label's text belongs to the data element around it.
    let at = match stack.last() {
        Some(Open::Label) => innermost_data,
        Some(Open::Data { .. } | Open::Default { .. }) => Some(top),
        _ => None,
    };
    if let Some(Open::Data { text, .. } | Open::Default { text, .. }) = at.and_then(|i| stack.get_mut(i)) {
        text.push_str(content);
    }
}

fn end(doc: &mut Document, open: Open) {
    match open {
        Open::Default { key, text } => {
            if let Some(key) = doc.keys.get_mut(&key) {
                key.default = Some(text);
            }
        }
        Open::Data { owner, key, at, text } => {
            let graphics = doc.keys.get(&key).is_some_and(|k| k.graphics);
            let target = match owner {
                Owner::Node(i) => doc.nodes.get_mut(i),
                Owner::Edge(i) => doc.edges.get_mut(i),
                Owner::Graph => {
                    doc.graph_data.push(Data { key, value: text, at });
                    return;
                }
                Owner::None => return,
            };
            if let Some(element) = target {
                if graphics {
                    let label = text.trim();
                    if element.label.is_none() && !label.is_empty() {
                        element.label = Some((label.to_owned(), at));
                    }
                } else {
                    element.data.push(Data { key, value: text, at });
                }
            }
        }
        Open::Node(_) | Open::Edge(_) | Open::Graph | Open::Key(_) | Open::Label | Open::Other => {}
    }
}

/// Turns the read document into raw records.
struct Mapper<'f, 'a> {
    file: &'f mut ParsedFile,
    map: &'a GraphmlMap,
    document: &'a Document,
    spots: [Vec<Spot>; 4],
}

impl Mapper<'_, '_> {
    fn error(&mut self, offset: usize, message: String) {
        self.file.note(Severity::Error, offset, message, None);
    }

    fn warn(&mut self, offset: usize, message: String, help: Option<String>) {
        self.file.note(Severity::Warning, offset, message, help);
    }

    /// The values of an element, declared defaults filled in for keys it lacks.
    fn values(
        &self,
        element: &'_ Element,
        domain: Domain,
        undeclared: &mut IndexMap<String, usize>,
    ) -> Vec<(String, String, usize)> {
        let mut values = Vec::with_capacity(element.data.len());
        for data in &element.data {
            match self.document.keys.get(&data.key) {
                Some(key) => values.push((key.name.clone(), data.value.clone(), data.at)),
                None => {
                    undeclared.entry(data.key.clone()).or_insert(data.at);
                    values.push((data.key.clone(), data.value.clone(), data.at));
                }
            }
        }
        for (id, key) in &self.document.keys {
            if matches!(key.domain, Domain::All) || key.domain == domain {
                if let Some(default) = &key.default {
                    if !element.data.iter().any(|d| d.key == *id) {
                        values.push((key.name.clone(), default.clone(), element.at));
                    }
                }
            }
        }
        values
    }

    fn run(mut self) {
        let document = self.document;
        let blob = self.blob();
        let mut undeclared: IndexMap<String, usize> = IndexMap::new();

        // Nodes.
        let mut actor_ids: HashMap<&str, String> = HashMap::with_capacity(document.nodes.len());
        let node_id_names = self.map.candidates(GraphmlField::NodeId);
        for node in &document.nodes {
            let owned = self.values(node, Domain::Node, &mut undeclared);
            let mut values = Values::new(owned.iter().map(|(n, v, at)| (n.as_str(), v.as_str(), *at)));
            let xml_id = node.id.as_deref().unwrap_or_default();
            let mut spot = Spot::at(node.at);
            let id = match values.take(&node_id_names) {
                Some((name, value, at)) => {
                    spot.field("id", name, at);
                    value.trim().to_owned()
                }
                None => xml_id.to_owned(),
            };
            actor_ids.insert(xml_id, id.clone());
            let NodeFields { name, kind, aliases, tags } =
                NodeFields::take(&mut values, |field| self.map.candidates(field), &mut spot);
            let name = text(name).or_else(|| node.label.as_ref().map(|(l, _)| l.clone()));
            self.file.doc.actors.push(RawActor {
                id: Sym::new(&id),
                name,
                kind: text(kind),
                aliases: list(aliases),
                tags: list(tags),
                attrs: values.rest(),
                stub: false,
            });
            self.spots[Section::Actors as usize].push(spot);
        }

        // Edge ids: kept only when unique and not an actor's id.
        let mut id_count: HashMap<&str, usize> = HashMap::new();
        for edge in &document.edges {
            if let Some(id) = edge.id.as_deref() {
                *id_count.entry(id).or_insert(0) += 1;
            }
        }
        let actor_id_set: HashSet<&str> = actor_ids.values().map(String::as_str).collect();
        let ids_usable = id_count.iter().all(|(id, &n)| n == 1 && !actor_id_set.contains(id));
        let mut dropped_ids: Option<(usize, usize)> = None;
        let mut undirected: Option<(usize, usize)> = None;
        let mut weights: Vec<(usize, String)> = Vec::new();
        let default_confidence = self.map.is_default(GraphmlField::Confidence);
        let mut edge_derived: Vec<&str> = Vec::new();
        if blob.is_some() {
            edge_derived.extend(DERIVED_EDGE_ATTRIBUTES);
        }
        let mut cited: IndexMap<String, usize> = IndexMap::new();
        for edge in &document.edges {
            let owned = self.values(edge, Domain::Edge, &mut undeclared);
            let mut values = Values::new(owned.iter().map(|(n, v, at)| (n.as_str(), v.as_str(), *at)));
            values.skip(&edge_derived);
            let mut spot = Spot::at(edge.at);
            spot.field("from", "source", edge.at);
            spot.field("to", "target", edge.at);
            let endpoint = |xml: &Option<String>| {
                let xml = xml.as_deref().unwrap_or_default();
                actor_ids.get(xml).cloned().unwrap_or_else(|| xml.to_owned())
            };
            let id = match values.take(&self.map.candidates(GraphmlField::EdgeId)) {
                Some((name, value, at)) => {
                    spot.field("id", name, at);
                    Some(value.trim().to_owned())
                }
                None => match edge.id.as_deref() {
                    Some(id) if ids_usable => Some(id.to_owned()),
                    Some(_) => {
                        dropped_ids.get_or_insert((0, edge.at)).0 += 1;
                        None
                    }
                    None => None,
                },
            };
            if edge.undirected {
                undirected.get_or_insert((0, edge.at)).0 += 1;
            }
            let fields = EdgeFields::take(&mut values, |field| self.map.candidates(field), &mut spot);
            let confidence = match fields.parsed_confidence() {
                Ok(Some(c)) => {
                    if let Some((name, value, _)) = fields.confidence {
                        if default_confidence && name.eq_ignore_ascii_case("weight") {
                            weights.push((self.file.doc.relations.len(), value.trim().to_owned()));
                        }
                    }
                    Some(c)
                }
                Ok(None) => None,
                Err((at, message)) => {
                    self.error(at, message);
                    None
                }
            };
            let credibility = fields.parsed_credibility().unwrap_or_else(|(at, message)| {
                self.error(at, message);
                None
            });
            let sources = list(fields.sources);
            for source in &sources {
                cited.entry(source.clone()).or_insert(edge.at);
            }
            let kind = text(fields.kind)
                .or_else(|| edge.label.as_ref().map(|(l, _)| l.clone()))
                .unwrap_or_else(|| DEFAULT_EDGE_KIND.to_owned());
            let ends = [&*endpoint(&edge.source), &*endpoint(&edge.target), &*kind];
            let relation =
                fields.relation(id.map(String::into_boxed_str), ends, confidence, credibility, &sources, values.rest());
            self.file.doc.relations.push(relation);
            self.spots[Section::Relations as usize].push(spot);
        }

        // Weights are confidences only when every one of them lies in 0..1.
        if weights
            .iter()
            .any(|(i, _)| self.file.doc.relations[*i].confidence.is_some_and(|c| !(0.0..=1.0).contains(&c)))
        {
            let first = weights.first().map_or(0, |(i, _)| self.spots[Section::Relations as usize][*i].at);
            for (i, weight) in &weights {
                let relation = &mut self.file.doc.relations[*i];
                relation.confidence = None;
                relation.attrs.get_or_insert_with(Box::default).insert("weight".to_owned(), weight.clone());
            }
            let message =
                "edge weights go beyond 0..1, so they are kept as the attribute `weight`, not read as confidence";
            self.file
                .note(Severity::Warning, first, message.to_owned(), None)
                .advise(crate::diagnostic::Remedy::MapGraphmlConfidence);
        }

        self.add_blob(blob, &cited);
        self.report(undeclared, dropped_ids, undirected);
        self.file.spots = Some(std::mem::take(&mut self.spots));
    }

    /// The `actorgraph` graph attribute, read; `None` when the file has none.
    fn blob(&mut self) -> Option<(Blob, usize)> {
        let document = self.document;
        let data = document.graph_data.iter().find(|d| {
            document
                .keys
                .get(&d.key)
                .is_some_and(|k| k.name == BLOB_ATTRIBUTE && matches!(k.domain, Domain::Graph | Domain::All))
        })?;
        match serde_json::from_str::<Blob>(&data.value) {
            Ok(blob) => Some((blob, data.at)),
            Err(error) => {
                self.error(
                    data.at,
                    format!("the graph attribute `{BLOB_ATTRIBUTE}` is not the JSON actorgraph writes: {error}"),
                );
                None
            }
        }
    }

    fn add_blob(&mut self, blob: Option<(Blob, usize)>, cited: &IndexMap<String, usize>) {
        let mut described: HashSet<String> = HashSet::new();
        if let Some((blob, at)) = blob {
            self.file.doc.title = blob.title;
            self.file.doc.description = blob.description;
            for source in blob.sources {
                described.insert(source.id.clone());
                self.file.doc.sources.push(RawSource {
                    id: Sym::new(&source.id),
                    publisher: source.publisher,
                    title: source.title,
                    date: RawDate::from_opt(source.date.as_deref()),
                    url: source.url,
                    reliability: source.reliability,
                    derived_from: source.derived_from,
                    imported: true,
                });
                self.spots[Section::Sources as usize].push(Spot::at(at));
            }
            for kind in blob.relation_kinds {
                self.file.doc.relation_kinds.push(RawKind {
                    kind: kind.kind,
                    sign: Some(kind.sign),
                    symmetric: kind.symmetric,
                    hierarchical: kind.hierarchical,
                    statement: kind.statement,
                    upward: kind.upward,
                    duration: kind.duration,
                    description: kind.description,
                });
                self.spots[Section::RelationKinds as usize].push(Spot::at(at));
            }
            for statement in blob.statements {
                self.file.doc.relations.push(RawRelation {
                    id: Some(statement.id.into_boxed_str()),
                    from: Sym::new(&statement.from),
                    to: Sym::new(&statement.to),
                    kind: Sym::new(&statement.kind),
                    date: RawDate::from_opt(statement.date.as_deref()),
                    until: RawDate::from_opt(statement.until.as_deref()),
                    confidence: statement.confidence,
                    credibility: statement.credibility,
                    sources: source_syms(&statement.sources),
                    note: statement.note.map(String::into_boxed_str),
                    attrs: boxed_attrs(statement.attrs),
                });
                self.spots[Section::Relations as usize].push(Spot::at(at));
                for source in statement.sources {
                    if !described.contains(&source) && !cited.contains_key(&source) {
                        described.insert(source.clone());
                        self.file.doc.sources.push(RawSource {
                            id: Sym::new(&source),
                            imported: true,
                            ..RawSource::default()
                        });
                        self.spots[Section::Sources as usize].push(Spot::at(at));
                    }
                }
            }
        }
        // Sources only named by edges: known by id alone, described by another file or nowhere.
        for (source, &at) in cited {
            if !described.contains(source) {
                self.file.doc.sources.push(RawSource { id: Sym::new(source), imported: true, ..RawSource::default() });
                let mut spot = Spot::at(at);
                spot.field("id", "sources", at);
                self.spots[Section::Sources as usize].push(spot);
            }
        }
    }

    fn report(
        &mut self,
        undeclared: IndexMap<String, usize>,
        dropped_ids: Option<(usize, usize)>,
        undirected: Option<(usize, usize)>,
    ) {
        for (key, at) in undeclared {
            self.warn(
                at,
                format!("<data key=\"{key}\"> has no <key> declaration; its values are kept under the name `{key}`"),
                None,
            );
        }
        if let Some((n, at)) = dropped_ids {
            self.warn(
                at,
                format!(
                    "edge ids repeat or equal node ids, so the {n} edge id{} not used; relation ids are generated",
                    if n == 1 { " is" } else { "s are" }
                ),
                Some(
                    "NetworkX writes its multigraph keys (0, 1, …) as edge ids; Gephi numbers nodes and edges alike"
                        .to_owned(),
                ),
            );
        }
        if let Some((n, at)) = undirected {
            self.warn(
                at,
                format!(
                    "{n} undirected edge{}: each is read as a relation from its `source` to its `target`",
                    if n == 1 { "" } else { "s" }
                ),
                Some("kinds declared symmetric (allied_with, meets) read both ways; others read one way".to_owned()),
            );
        }
        if let Some((n, at)) = self.document.hyperedges {
            self.warn(at, format!("{n} hyperedge{} not imported", if n == 1 { "" } else { "s" }), None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_parses_scoped_and_unscoped_fields() {
        let map =
            GraphmlMap::parse(&["node.kind=category".to_owned(), "edge.kind=rel, note=comment".to_owned()]).unwrap();
        assert_eq!(map.candidates(GraphmlField::ActorKind), ["category"]);
        assert_eq!(map.candidates(GraphmlField::RelationKind), ["rel"]);
        assert_eq!(map.candidates(GraphmlField::Note), ["comment"]);
        assert_eq!(map.candidates(GraphmlField::Name), ["label", "name"]);
        let both = GraphmlMap::parse(&["id=uid".to_owned()]).unwrap();
        assert_eq!(both.candidates(GraphmlField::NodeId), ["uid"]);
        assert_eq!(both.candidates(GraphmlField::EdgeId), ["uid"]);
        let error = GraphmlMap::parse(&["label".to_owned()]).unwrap_err().to_string();
        assert!(error.contains("not FIELD=ATTRIBUTE") && error.contains("confidence"), "{error}");
    }

    #[test]
    fn xml_errors_carry_their_offset() {
        let text = "<graphml>\n  <graph>\n    <node id=\"a\">\n  </graph>\n</graphml>";
        let (offset, message) = read(text).err().unwrap();
        assert!(message.contains("not well-formed"), "{message}");
        assert_eq!(&text[offset..offset + 2], "</", "{message} at {offset}");
        let marked = format!("\u{feff}{text}");
        let (offset, _) = read(&marked).err().unwrap();
        assert_eq!(&marked[offset..offset + 8], "</graph>", "offsets count the byte-order mark");
    }

    #[test]
    fn text_and_entities_are_joined() {
        let text = r#"<graphml><key id="d" for="node" attr.name="note"/><graph><node id="a"><data key="d">x &amp; y &#233; <![CDATA[<z>]]></data></node></graph></graphml>"#;
        let doc = read(text).unwrap();
        assert_eq!(doc.nodes[0].data[0].value, "x & y é <z>");
    }
}
