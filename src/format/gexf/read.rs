//! GEXF 1.2 and 1.3 (Gephi's format, also written by NetworkX `write_gexf` and `actorgraph export --to gexf`).
//!
//! Nodes and edges become actors and relations as in [`super::network`]; their values are the `<attvalue>`s
//! (named by their `<attribute>`'s `title`, declared defaults filled in), an edge's `label`, `kind` and
//! `weight` attributes, and its `start` / `end` as `date` / `until` when no `date` / `until` value is given.
//! An edge's `type="undirected"` (or the graph's `defaultedgetype`) makes it undirected. Drawing (`viz:`
//! colour, position, size, shape), spells, extra values of dynamic attributes and hierarchy (`<parents>`) are
//! not read; each is counted in a warning. NetworkX's `networkx_key` (its multigraph keys) is not read.

use indexmap::IndexMap;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::diagnostic::Severity;
use crate::format::network::{self, Edge, Network, Node};
use crate::format::parsed::ParsedFile;
use crate::format::xml::{attribute, check_root, next_event, reference_text};

/// Whether the start of a file (lower-case) is a GEXF document: `<gexf` before any other element.
pub(crate) fn looks_like(head: &str) -> bool {
    let mut rest = head;
    loop {
        rest = rest.trim_start();
        if let Some(after) =
            rest.strip_prefix("<?").or_else(|| rest.strip_prefix("<!--")).or_else(|| rest.strip_prefix("<!"))
        {
            let end = if rest.starts_with("<!--") {
                after.find("-->").map(|i| i + 3)
            } else {
                after.find('>').map(|i| i + 1)
            };
            match end {
                Some(end) => rest = &after[end..],
                None => return false,
            }
        } else {
            return rest.starts_with("<gexf");
        }
    }
}

/// An `<attribute>` declaration: its title and default.
struct Declared {
    title: String,
    default: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Node,
    Edge,
}

#[derive(Default)]
struct State {
    network: Network,
    declared: [IndexMap<String, Declared>; 2],
    class: Option<Class>,
    /// The attribute whose `<default>` is open.
    default_of: Option<(Class, String)>,
    /// The element `<attvalue>`s belong to.
    owner: Option<Class>,
    undirected_graph: bool,
    in_default: bool,
    in_creator: bool,
    creator: String,
}

/// Parses one GEXF document into the file's records; problems go into its diagnostics.
pub(crate) fn parse(file: &mut ParsedFile, text: &str) {
    match read(text) {
        Ok(network) => network::build(file, network, text),
        Err((offset, message)) => {
            let help = if message.starts_with("this is not") {
                "it was read as GEXF"
            } else {
                "the file is GEXF, but not well-formed XML here: was it cut short or edited by hand?"
            };
            file.note(Severity::Error, offset, message, Some(help.to_owned()));
            file.place(text);
        }
    }
}

fn read(text: &str) -> Result<Network, (usize, String)> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let base = text.len() - body.len();
    if !body.trim_start().starts_with('<') {
        let first: String = body.trim_start().lines().next().unwrap_or_default().chars().take(40).collect();
        return Err((base, format!("this is not GEXF (nor any XML): it starts with `{first}`")));
    }
    let mut reader = Reader::from_str(body);
    let mut state = State::default();
    state.network.format = "GEXF";
    state.network.skip = &["networkx_key"];
    let mut depth = 0usize;
    let mut saw_root = false;
    loop {
        let (before, event) = next_event(&mut reader, base, " (GEXF)")?;
        let fail = |message: String| (before, message);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name().as_ref().to_owned();
                check_root(&mut saw_root, &name, b"gexf", "GEXF").map_err(fail)?;
                let prefix = e.name().prefix().map(|p| p.as_ref().to_owned());
                start(&mut state, e, &name, prefix.as_deref(), before).map_err(fail)?;
                if empty {
                    end(&mut state, &name);
                } else {
                    depth += 1;
                }
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                end(&mut state, e.local_name().as_ref());
            }
            Event::Text(t) => {
                if state.in_creator {
                    state.creator.push_str(&t.xml10_content().unwrap_or_default());
                }
                if state.in_default {
                    let content = t.xml10_content().map_err(|e| fail(format!("text that is not valid: {e}")))?;
                    if let Some((class, id)) = &state.default_of {
                        let index = *class as usize;
                        if let Some(d) = state.declared[index].get_mut(id) {
                            d.default.get_or_insert_with(String::new).push_str(&content);
                        }
                    }
                }
            }
            Event::GeneralRef(r) => {
                reference_text(&r).map_err(fail)?;
            }
            Event::Eof => break,
            Event::CData(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !saw_root {
        return Err((0, "the file holds no XML elements".to_owned()));
    }
    if depth > 0 {
        return Err((text.len(), "the GEXF file ends before </gexf>: was it cut short?".to_owned()));
    }
    if state.creator.trim() == "actorgraph" {
        // actorgraph's own export derives these from the kind and the statements, and colours edges by sign.
        state.network.skip =
            &["networkx_key", "sign", "symmetric", "grade", "independent_sources", "denied_by", "asserted_by"];
        state.network.left_out.shift_remove(VIZ);
    }
    Ok(state.network)
}

const VIZ: &str = "drawing attributes (viz: colour, position, size, shape)";

fn start(state: &mut State, e: &BytesStart, name: &[u8], prefix: Option<&[u8]>, at: usize) -> Result<(), String> {
    if prefix == Some(b"viz") || name.starts_with(b"viz") {
        state.network.leave_out(VIZ, at);
        return Ok(());
    }
    match name {
        b"graph" => {
            state.undirected_graph = attribute(e, b"defaultedgetype")?.as_deref() == Some("undirected");
        }
        b"attributes" => {
            state.class = match attribute(e, b"class")?.as_deref() {
                Some("edge") => Some(Class::Edge),
                _ => Some(Class::Node),
            };
        }
        b"attribute" => {
            let class = state.class.unwrap_or(Class::Node);
            let id = attribute(e, b"id")?.ok_or("an <attribute> without an id")?;
            let title = attribute(e, b"title")?.unwrap_or_else(|| id.clone());
            state.declared[class as usize].insert(id.clone(), Declared { title, default: None });
            state.default_of = Some((class, id));
        }
        b"default" => state.in_default = true,
        b"creator" => state.in_creator = true,
        b"node" => {
            let id = attribute(e, b"id")?.ok_or("a <node> without an id")?;
            let label = attribute(e, b"label")?;
            state.network.nodes.push(Node { at, id, label, values: Vec::new() });
            state.owner = Some(Class::Node);
        }
        b"edge" => {
            let source = attribute(e, b"source")?.ok_or("an <edge> without a source")?;
            let target = attribute(e, b"target")?.ok_or("an <edge> without a target")?;
            let undirected = match attribute(e, b"type")?.as_deref() {
                Some("undirected") => true,
                Some(_) => false,
                None => state.undirected_graph,
            };
            let mut values = Vec::new();
            for key in ["label", "kind", "weight"] {
                if let Some(value) = attribute(e, key.as_bytes())? {
                    values.push((format!("\u{0}{key}"), value, at));
                }
            }
            for (key, field) in [("start", "date"), ("end", "until")] {
                if let Some(value) = attribute(e, key.as_bytes())? {
                    values.push((format!("\u{0}{field}"), value, at));
                }
            }
            let id = attribute(e, b"id")?;
            state.network.edges.push(Edge { at, id, source, target, undirected, kind: None, values });
            state.owner = Some(Class::Edge);
        }
        b"attvalue" => {
            let Some(owner) = state.owner else { return Ok(()) };
            let key = attribute(e, b"for")?.or(attribute(e, b"id")?).ok_or("an <attvalue> without `for`")?;
            let value = attribute(e, b"value")?.unwrap_or_default();
            let title = state.declared[owner as usize].get(&key).map_or(key.clone(), |d| d.title.clone());
            let values = match owner {
                Class::Node => state.network.nodes.last_mut().map(|n| &mut n.values),
                Class::Edge => state.network.edges.last_mut().map(|n| &mut n.values),
            };
            if let Some(values) = values {
                if values.iter().any(|(n, _, _)| *n == title) {
                    state.network.leave_out("further values of dynamic attributes", at);
                } else {
                    values.push((title, value, at));
                }
            }
        }
        b"spells" => state.network.leave_out("spells (time intervals of nodes and edges)", at),
        b"parents" | b"parent" => state.network.leave_out("hierarchy links (<parents>)", at),
        _ => {}
    }
    Ok(())
}

fn end(state: &mut State, name: &[u8]) {
    match name {
        b"default" => state.in_default = false,
        b"creator" => state.in_creator = false,
        b"attribute" => state.default_of = None,
        b"attributes" => state.class = None,
        b"node" | b"edge" => {
            let class = if name == b"node" { Class::Node } else { Class::Edge };
            fill_defaults(state, class);
            state.owner = if name == b"edge" { None } else { state.owner };
        }
        _ => {}
    }
}

/// Declared defaults for values the element lacks, and `start` / `end` as `date` / `until` when no value
/// gives them.
fn fill_defaults(state: &mut State, class: Class) {
    let declared = &state.declared[class as usize];
    // actorgraph's own export writes `start` / `end` from the relation's validity (an event's whole
    // interval), beside the `date` / `until` it really has: reading them back would invent an `until`.
    let own_export = state.creator.trim() == "actorgraph";
    let values = match class {
        Class::Node => state.network.nodes.last_mut().map(|n| (&mut n.values, n.at)),
        Class::Edge => state.network.edges.last_mut().map(|n| (&mut n.values, n.at)),
    };
    let Some((values, at)) = values else { return };
    for d in declared.values() {
        if let Some(default) = &d.default {
            if !values.iter().any(|(n, _, _)| *n == d.title) {
                values.push((d.title.clone(), default.clone(), at));
            }
        }
    }
    // An edge's own `label`, `kind`, `weight` and `start` / `end` (as `date` / `until`) stand in for absent
    // values of those names; beside them, they are copies of the same data.
    if own_export {
        values.retain(|(n, _, _)| n != "\u{0}date" && n != "\u{0}until");
    }
    let mut i = 0;
    while i < values.len() {
        if let Some(field) = values[i].0.strip_prefix('\u{0}') {
            let field = field.to_owned();
            if values.iter().any(|(n, _, _)| n.eq_ignore_ascii_case(&field)) {
                values.remove(i);
                continue;
            }
            values[i].0 = field;
        }
        i += 1;
    }
    // actorgraph's export writes the confidence as `weight` too: one of them is enough.
    if values.iter().any(|(n, _, _)| n == "confidence") {
        values.retain(|(n, _, _)| n != "weight");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_after_a_declaration_and_comments() {
        assert!(looks_like("<?xml version=\"1.0\"?>\n<!-- gephi -->\n<gexf xmlns=\"http://gexf.net/1.3\">"));
        assert!(!looks_like("<?xml version=\"1.0\"?><graphml>"));
    }
}
