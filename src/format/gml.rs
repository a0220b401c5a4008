//! GML, the Graph Modelling Language (as written by NetworkX `write_gml`, igraph and yEd).
//!
//! `graph [ directed 1 node [ id 0 label "iran" … ] edge [ source 0 target 1 … ] ]`. A node's actor id is
//! its `label` when every node has a distinct one (NetworkX writes the node itself there), else its `id`;
//! its other keys are values as in [`super::network`] (so `name` is the name). An edge's `source` and
//! `target` name node ids; its other keys are values. A graph without `directed 1` has undirected edges.
//! Nested lists (yEd's and igraph's `graphics [ … ]`, `LabelGraphics`) are not read and are counted in a
//! warning; so are the graph's own keys other than `directed`, `multigraph` and `label`. NetworkX's
//! multigraph `key` is not read. Strings may carry `&amp;`-style entities, as NetworkX writes them.

use std::collections::{HashMap, HashSet};

use super::network::{self, Edge, Network, Node, Value};
use crate::diagnostic::Severity;
use crate::format::parsed::ParsedFile;

#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    Key(&'a str),
    Text(String),
    Number(&'a str),
    Open,
    Close,
}

/// Splits GML into tokens with their byte offsets; an error carries its offset and message.
fn tokens(text: &str) -> Result<Vec<(Token<'_>, usize)>, (usize, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'#' {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if c == b'[' {
            out.push((Token::Open, i));
            i += 1;
        } else if c == b']' {
            out.push((Token::Close, i));
            i += 1;
        } else if c == b'"' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += 1;
            }
            if i >= bytes.len() {
                return Err((start, "a text in quotes is never closed (GML)".to_owned()));
            }
            out.push((Token::Text(unescape(&text[start + 1..i])), start));
            i += 1;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push((Token::Key(&text[start..i]), start));
        } else if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.') {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'+' | b'.')) {
                i += 1;
            }
            out.push((Token::Number(&text[start..i]), start));
        } else {
            let shown = text[i..].chars().next().unwrap_or('?');
            return Err((i, format!("'{shown}' is not GML: expected a key, a number, text in quotes, [ or ]")));
        }
    }
    Ok(out)
}

/// Resolves `&amp;`, `&quot;`, `&lt;`, `&gt;`, `&apos;` and `&#NNN;` / `&#xHH;`, as NetworkX writes them.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let resolved = after.find(';').and_then(|end| {
            let entity = &after[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end + 1))
        });
        match resolved {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether the start of a file (lower-case) is GML: optional `Creator "…"` / `Version …` pairs, then
/// `graph [`.
pub(crate) fn looks_like(head: &str) -> bool {
    let body = head.trim_start();
    let Ok(tokens) = tokens(body) else {
        // The head may end inside a string: look at what could be read.
        return false;
    };
    let mut iter = tokens.iter().map(|(t, _)| t);
    while let Some(token) = iter.next() {
        match token {
            Token::Key("graph") => return iter.next() == Some(&Token::Open),
            Token::Key(_) => match iter.next() {
                Some(Token::Text(_) | Token::Number(_)) => {}
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// A parsed value: a scalar with its offset, or a list of key–value pairs.
enum Item<'a> {
    Scalar(String, usize),
    List(Pairs<'a>),
}

/// The pairs of a list: key, value, where the key is.
type Pairs<'a> = Vec<(&'a str, Item<'a>, usize)>;

fn list<'a>(tokens: &[(Token<'a>, usize)], pos: &mut usize, top: bool) -> Result<Pairs<'a>, (usize, String)> {
    let mut items = Vec::new();
    loop {
        let Some((token, at)) = tokens.get(*pos) else {
            if top {
                return Ok(items);
            }
            let at = tokens.last().map_or(0, |t| t.1);
            return Err((at, "the GML file ends before a list is closed with ]: was it cut short?".to_owned()));
        };
        *pos += 1;
        match token {
            Token::Close if !top => return Ok(items),
            Token::Key(key) => {
                let Some((value, value_at)) = tokens.get(*pos) else {
                    return Err((*at, format!("the key `{key}` has no value (GML)")));
                };
                *pos += 1;
                let item = match value {
                    Token::Open => Item::List(list(tokens, pos, false)?),
                    Token::Text(t) => Item::Scalar(t.clone(), *value_at),
                    Token::Number(n) => Item::Scalar((*n).to_owned(), *value_at),
                    Token::Key(_) | Token::Close => {
                        return Err((*value_at, format!("the key `{key}` is followed by no value (GML)")));
                    }
                };
                items.push((*key, item, *at));
            }
            _ => return Err((*at, "expected a key here (GML)".to_owned())),
        }
    }
}

/// Parses one GML document into the file's records; problems go into its diagnostics.
pub(crate) fn parse(file: &mut ParsedFile, text: &str) {
    match read(text) {
        Ok(network) => network::build(file, network, text),
        Err((offset, message)) => {
            file.note(Severity::Error, offset, message, Some("the file was read as GML".to_owned()));
            file.place(text);
        }
    }
}

fn read(text: &str) -> Result<Network, (usize, String)> {
    let tokens = tokens(text)?;
    let mut pos = 0;
    let top = list(&tokens, &mut pos, true)?;
    let Some((_, Item::List(graph), _)) = top.iter().find(|(k, i, _)| *k == "graph" && matches!(i, Item::List(_)))
    else {
        return Err((0, "this is not GML: there is no `graph [ … ]`".to_owned()));
    };
    let mut network = Network { format: "GML", ..Network::default() };
    let directed = graph.iter().any(|(k, i, _)| *k == "directed" && matches!(i, Item::Scalar(v, _) if v == "1"));
    let mut gml_ids: Vec<String> = Vec::new();
    let mut edges: Vec<(String, String, usize, Vec<Value>)> = Vec::new();
    for (key, item, at) in graph {
        match (*key, item) {
            ("node", Item::List(fields)) => {
                let mut node = Node { at: *at, ..Node::default() };
                let mut id = None;
                for (k, v, k_at) in fields {
                    match (*k, v) {
                        ("id", Item::Scalar(v, _)) => id = Some(v.clone()),
                        ("label", Item::Scalar(v, _)) => node.label = Some(v.clone()),
                        (_, Item::Scalar(v, v_at)) => node.values.push(((*k).to_owned(), v.clone(), *v_at)),
                        (_, Item::List(..)) => network.leave_out("nested lists of nodes and edges (graphics)", *k_at),
                    }
                }
                let Some(id) = id else { return Err((*at, "a node without an id (GML)".to_owned())) };
                gml_ids.push(id);
                network.nodes.push(node);
            }
            ("edge", Item::List(fields)) => {
                let (mut source, mut target, mut values) = (None, None, Vec::new());
                for (k, v, k_at) in fields {
                    match (*k, v) {
                        ("source", Item::Scalar(v, _)) => source = Some(v.clone()),
                        ("target", Item::Scalar(v, _)) => target = Some(v.clone()),
                        ("key", Item::Scalar(..)) => {}
                        (_, Item::Scalar(v, v_at)) => values.push(((*k).to_owned(), v.clone(), *v_at)),
                        (_, Item::List(..)) => network.leave_out("nested lists of nodes and edges (graphics)", *k_at),
                    }
                }
                let (Some(source), Some(target)) = (source, target) else {
                    return Err((*at, "an edge without a source or a target (GML)".to_owned()));
                };
                edges.push((source, target, *at, values));
            }
            ("directed" | "multigraph" | "label" | "name", _) => {}
            _ => network.leave_out("keys of the graph itself", *at),
        }
    }
    // Node ids: the labels when each node has its own, else GML's ids.
    let labels: Vec<Option<&String>> = network.nodes.iter().map(|n| n.label.as_ref()).collect();
    let distinct: HashSet<&String> = labels.iter().flatten().copied().collect();
    let use_labels = labels.iter().all(Option::is_some) && distinct.len() == labels.len();
    let mut actor_of: HashMap<String, String> = HashMap::new();
    for (node, gml_id) in network.nodes.iter_mut().zip(&gml_ids) {
        node.id = if use_labels { node.label.clone().unwrap_or_default() } else { gml_id.clone() };
        actor_of.insert(gml_id.clone(), node.id.clone());
    }
    for (source, target, at, values) in edges {
        let end = |gml: &str| actor_of.get(gml).cloned().unwrap_or_else(|| gml.to_owned());
        network.edges.push(Edge {
            at,
            id: None,
            source: end(&source),
            target: end(&target),
            undirected: !directed,
            kind: None,
            values,
        });
    }
    Ok(network)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_after_creator_lines() {
        assert!(looks_like("creator \"networkx\"\ngraph [\n  directed 1"));
        assert!(looks_like("graph\n[\n"));
        assert!(!looks_like("{\"graph\": 1}"));
        assert!(!looks_like("id,name\n"));
    }

    #[test]
    fn entities_in_strings() {
        assert_eq!(unescape("a &amp; b &quot;c&quot; &#233; &bogus"), "a & b \"c\" é &bogus");
    }
}
