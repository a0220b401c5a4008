//! Pajek `.net` files (as published for many social-network datasets, and written by NetworkX
//! `write_pajek`).
//!
//! `*Vertices n` lists vertices as `number "label" [x y [z]] [shape] [key value …]`; `*Arcs` lists directed
//! ties and `*Edges` ties without direction as `from to [value] [key value …]`, by vertex number; `*Arcslist`
//! and `*Edgeslist` give `from to to …`. A vertex's actor id is its label when every vertex has a distinct
//! one, else its number. The `key value` pairs are values as in [`super::network`] (NetworkX writes a node's
//! and an edge's data so: `kind supports`). With no `kind` pair, a tie's kind comes from its value: when the
//! file has a negative value anywhere, it is signed, and a value above 0 is `positive_arc` / `positive_edge`,
//! below 0 `negative_arc` / `negative_edge` (as the Highland tribes and many published signed networks
//! come); otherwise the tie is `arc` / `edge`. `*Edges` kinds are symmetric. Every value is kept as the
//! attribute `weight`. Coordinates and shapes of vertices, `*Matrix` sections and `*Network` names are not
//! read (counted in a warning).

use super::events::KindSpec;
use super::network::{self, Edge, Network, Node, Value};
use crate::diagnostic::Severity;
use crate::format::parsed::ParsedFile;

/// The kinds of Pajek ties: by section and sign.
const KINDS: &[KindSpec] = &[
    ("positive_arc", "positive", false, "a positive tie, one way (Pajek *Arcs, value above 0 in a signed network)"),
    ("negative_arc", "negative", false, "a negative tie, one way (Pajek *Arcs, value below 0)"),
    ("arc", "neutral", false, "a tie, one way (Pajek *Arcs)"),
    ("positive_edge", "positive", true, "a positive tie, both ways (Pajek *Edges, value above 0 in a signed network)"),
    ("negative_edge", "negative", true, "a negative tie, both ways (Pajek *Edges, value below 0)"),
    ("edge", "neutral", true, "a tie, both ways (Pajek *Edges)"),
];

const SHAPES: &[&str] = &["ellipse", "box", "diamond", "triangle", "cross", "empty", "man", "woman"];

/// Whether the start of a file (lower-case) is Pajek: its first line that is not a comment (`%`) starts with
/// `*vertices` or `*network`.
pub(crate) fn looks_like(head: &str) -> bool {
    head.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('%'))
        .is_some_and(|l| l.starts_with("*vertices") || l.starts_with("*network"))
}

/// Splits a line into words, a word in double quotes keeping its blanks; each with its byte offset.
fn words(line: &str, base: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
        } else if bytes[i] == b'"' {
            let start = i + 1;
            let end = line[start..].find('"').map_or(line.len(), |e| start + e);
            out.push((line[start..end].to_owned(), base + i));
            i = end + 1;
        } else {
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            out.push((line[start..i].to_owned(), base + start));
        }
    }
    out
}

/// A tie as read: from, to, where, whether without direction, its value, its `key value` pairs.
type Tie = (String, String, usize, bool, Option<f64>, Vec<Value>);

#[derive(Clone, Copy, PartialEq)]
enum Part {
    None,
    Vertices,
    Arcs,
    Edges,
    ArcsList,
    EdgesList,
    Other,
}

/// Parses one Pajek file into the file's records; problems go into its diagnostics.
pub(crate) fn parse(file: &mut ParsedFile, text: &str) {
    match read(text) {
        Ok(network) => network::build(file, network, text),
        Err((offset, message)) => {
            file.note(Severity::Error, offset, message, Some("the file was read as Pajek .net".to_owned()));
            file.place(text);
        }
    }
}

fn read(text: &str) -> Result<Network, (usize, String)> {
    let mut network = Network { format: "Pajek", kinds: KINDS.to_vec(), ..Network::default() };
    let mut part = Part::None;
    let mut numbers: Vec<String> = Vec::new();
    let mut ties: Vec<Tie> = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let base = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('%') {
            continue;
        }
        if trimmed.starts_with('*') {
            let head = trimmed.to_lowercase();
            part = if head.starts_with("*vertices") {
                Part::Vertices
            } else if head.starts_with("*arcslist") {
                Part::ArcsList
            } else if head.starts_with("*edgeslist") {
                Part::EdgesList
            } else if head.starts_with("*arcs") {
                Part::Arcs
            } else if head.starts_with("*edges") {
                Part::Edges
            } else {
                if !head.starts_with("*network") {
                    network.leave_out("sections other than *Vertices, *Arcs and *Edges (*Matrix, *Partition…)", base);
                } else {
                    network.leave_out("network names (*Network)", base);
                }
                Part::Other
            };
            continue;
        }
        let words = words(line, base);
        match part {
            Part::Vertices => {
                let Some((number, at)) = words.first() else { continue };
                let mut node = Node { at: *at, ..Node::default() };
                let mut rest = words.iter().skip(1).peekable();
                node.label = rest.next().map(|(l, _)| l.clone());
                let mut drawn = false;
                // NetworkX writes `0.0 0.0 ellipse` for every vertex: that draws nothing.
                while let Some(Ok(x)) = rest.peek().map(|(w, _)| w.parse::<f64>()) {
                    rest.next();
                    drawn |= x != 0.0;
                }
                if let Some((shape, _)) = rest.peek().filter(|(w, _)| SHAPES.contains(&w.to_lowercase().as_str())) {
                    drawn |= !shape.eq_ignore_ascii_case("ellipse");
                    rest.next();
                }
                if drawn {
                    network.leave_out("vertex coordinates and shapes", *at);
                }
                pairs(&mut rest, &mut node.values, &mut network, *at);
                numbers.push(number.clone());
                network.nodes.push(node);
            }
            Part::Arcs | Part::Edges => {
                let [(from, at), (to, _), rest @ ..] = &words[..] else {
                    return Err((base, "a tie needs two vertex numbers: `from to [value]` (Pajek)".to_owned()));
                };
                let (value, rest) = match rest.first().map(|(w, _)| w.parse::<f64>()) {
                    Some(Ok(v)) => (Some(v), &rest[1..]),
                    _ => (None, rest),
                };
                let mut values = Vec::new();
                if value.is_some() {
                    values.push(("weight".to_owned(), words[2].0.clone(), words[2].1));
                }
                let mut iter = rest.iter().peekable();
                pairs(&mut iter, &mut values, &mut network, *at);
                ties.push((from.clone(), to.clone(), *at, part == Part::Edges, value, values));
            }
            Part::ArcsList | Part::EdgesList => {
                let Some(((from, at), targets)) = words.split_first() else { continue };
                for (to, _) in targets {
                    ties.push((from.clone(), to.clone(), *at, part == Part::EdgesList, None, Vec::new()));
                }
            }
            Part::None => return Err((base, "a Pajek file starts with *Vertices".to_owned())),
            Part::Other => {}
        }
    }
    if network.nodes.is_empty() && ties.is_empty() {
        return Err((0, "the Pajek file lists no vertices".to_owned()));
    }
    let labels: Vec<Option<&String>> = network.nodes.iter().map(|n| n.label.as_ref()).collect();
    let distinct: std::collections::HashSet<&String> = labels.iter().flatten().copied().collect();
    let use_labels = labels.iter().all(Option::is_some) && distinct.len() == labels.len();
    let mut actor_of = std::collections::HashMap::new();
    for (node, number) in network.nodes.iter_mut().zip(&numbers) {
        node.id = if use_labels { node.label.clone().unwrap_or_default() } else { number.clone() };
        actor_of.insert(number.clone(), node.id.clone());
    }
    let signed = ties.iter().any(|t| t.4.is_some_and(|v| v < 0.0));
    for (from, to, at, undirected, value, values) in ties {
        if let Some(missing) = [&from, &to].into_iter().find(|n| !actor_of.contains_key(n.as_str())) {
            // Ties name vertices by number: an unknown number is the file's fault, said in Pajek's terms.
            return Err((
                at,
                format!(
                    "this tie names vertex {missing}, but *Vertices lists no vertex numbered so ({} listed)",
                    numbers.len()
                ),
            ));
        }
        let end = |n: &str| actor_of.get(n).cloned().unwrap_or_else(|| n.to_owned());
        let kind = match (undirected, signed, value) {
            (false, true, Some(v)) if v > 0.0 => "positive_arc",
            (false, true, Some(v)) if v < 0.0 => "negative_arc",
            (true, true, Some(v)) if v > 0.0 => "positive_edge",
            (true, true, Some(v)) if v < 0.0 => "negative_edge",
            (false, _, _) => "arc",
            (true, _, _) => "edge",
        };
        // Kinds of `*Edges` are declared symmetric, so their ties need not be reported as undirected.
        network.edges.push(Edge {
            at,
            id: None,
            source: end(&from),
            target: end(&to),
            undirected: false,
            kind: Some(kind),
            values,
        });
    }
    Ok(network)
}

/// Reads `key value` pairs into values; a key without a value is noted as left out.
fn pairs<'w>(
    words: &mut std::iter::Peekable<impl Iterator<Item = &'w (String, usize)>>,
    values: &mut Vec<Value>,
    network: &mut Network,
    at: usize,
) {
    while let Some((key, key_at)) = words.next() {
        match words.next() {
            Some((value, _)) => values.push((key.clone(), value.clone(), *key_at)),
            None => network.leave_out("words without a value after a vertex or a tie", at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_by_its_first_section() {
        assert!(looks_like("% a comment\n*vertices 3\n"));
        assert!(looks_like("*network highland\n*vertices 16"));
        assert!(!looks_like("graph [\n"));
    }

    #[test]
    fn quoted_words_keep_their_blanks() {
        let w: Vec<String> = words(r#"1 "Gaveve tribe" 0.1 0.2 ellipse"#, 0).into_iter().map(|(w, _)| w).collect();
        assert_eq!(w, ["1", "Gaveve tribe", "0.1", "0.2", "ellipse"]);
    }
}
