//! The DOT backend: a [`Diagram`] as graphviz-rust structures, printed with graphviz-rust's printer.
//!
//! Every id and string attribute goes through [`text`] (the one quoting function); only fixed keywords
//! (shapes, arrowheads, directions) and numbers are written bare.

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::escape::text;
use super::model::{Diagram, Edge, Engine, Legend, Node, NodeKind};
use super::style::{ActorLook, EdgeClass, CLAIM_BORDER, CLAIM_FILL};

const FONT: &str = "Helvetica";

/// A fixed Graphviz keyword, written bare. Only ever called with literals from this crate.
fn keyword(word: &'static str) -> Id {
    debug_assert!(
        word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "{word} is not a DOT keyword"
    );
    Id::Plain(word.to_owned())
}

/// A number, written bare with at most two decimals (stable across platforms): `11`, `0.15`, `2.8`.
fn number(value: f64) -> Id {
    let text = format!("{value:.2}");
    Id::Plain(text.trim_end_matches('0').trim_end_matches('.').to_owned())
}

fn attr(key: &'static str, value: Id) -> Attribute {
    Attribute(keyword(key), value)
}

fn node_id(id: &str) -> NodeId {
    NodeId(text(id), None)
}

fn edge_stmt(from: &str, to: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Edge(DotEdge { ty: EdgeTy::Pair(Vertex::N(node_id(from)), Vertex::N(node_id(to))), attributes })
}

fn node_stmt(node: &Node) -> Stmt {
    let mut attributes = vec![attr("label", text(&node.label))];
    match node.kind {
        NodeKind::Actor { look, focus, .. } => {
            actor_look(&mut attributes, look);
            if focus {
                attributes.push(attr("penwidth", number(3.0)));
                attributes.push(attr("fontsize", number(13.0)));
            }
        }
        NodeKind::Claim { disputed, .. } => claim_look(&mut attributes, disputed),
    }
    attributes.push(attr("tooltip", text(&node.tooltip)));
    Stmt::Node(DotNode::new(node_id(&node.id), attributes))
}

fn actor_look(attributes: &mut Vec<Attribute>, look: &ActorLook) {
    attributes.push(attr("shape", keyword(look.shape)));
    attributes.push(attr("style", text(look.style())));
    attributes.push(attr("fillcolor", text(look.fill)));
    attributes.push(attr("color", text(look.border)));
    if look.double {
        attributes.push(attr("peripheries", number(2.0)));
    }
}

fn claim_look(attributes: &mut Vec<Attribute>, disputed: bool) {
    attributes.push(attr("shape", keyword("box")));
    attributes.push(attr("style", text(if disputed { "filled,rounded,dashed" } else { "filled,rounded" })));
    attributes.push(attr("fillcolor", text(CLAIM_FILL)));
    attributes.push(attr("color", text(CLAIM_BORDER)));
    attributes.push(attr("fontsize", number(8.0)));
    attributes.push(attr("margin", text("0.05,0.02")));
    attributes.push(attr("height", number(0.2)));
    attributes.push(attr("width", number(0.3)));
}

fn line_look(class: EdgeClass, disputed: bool, arrow: bool, width: f64, unknown: bool) -> Vec<Attribute> {
    let look = class.look();
    let style = if disputed {
        "dashed"
    } else if unknown {
        "dotted"
    } else {
        look.line
    };
    let mut attributes = vec![
        attr("color", text(look.color)),
        attr("fontcolor", text(look.color)),
        attr("style", text(style)),
        attr("penwidth", number(width)),
    ];
    if arrow {
        attributes.push(attr("arrowhead", keyword(look.arrowhead)));
    } else {
        attributes.push(attr("dir", keyword("none")));
    }
    attributes
}

fn edge(diagram: &Diagram, edge: &Edge) -> Stmt {
    let mut attributes = line_look(edge.class, edge.disputed, edge.arrow, edge.width, edge.unknown_confidence);
    if let Some(label) = &edge.label {
        attributes.push(attr("label", text(label)));
    }
    attributes.push(attr("tooltip", text(&edge.tooltip)));
    edge_stmt(&diagram.nodes[edge.from].id, &diagram.nodes[edge.to].id, attributes)
}

/// Legend samples per row: rows are chained with invisible edges so the legend is a compact grid rather than
/// one tall column (in a `dot` layout, unconnected nodes all share the first rank).
const LEGEND_ROW: usize = 5;
/// Relation samples per row (each takes two ranks).
const LEGEND_LINES_ROW: usize = 4;

fn invisible(from: &str, to: &str) -> Stmt {
    edge_stmt(from, to, vec![attr("style", keyword("invis"))])
}

fn legend(legend: &Legend) -> Stmt {
    let mut stmts = vec![
        Stmt::Attribute(attr("label", text("Legend (line width: confidence)"))),
        Stmt::Attribute(attr("labelloc", keyword("t"))),
        Stmt::Attribute(attr("style", text("rounded"))),
        Stmt::Attribute(attr("color", text("#bbbbbb"))),
        Stmt::Attribute(attr("fontsize", number(10.0))),
    ];
    let mut samples: Vec<&str> = Vec::new();
    for (id, label, look) in &legend.actor_kinds {
        samples.push(id);
        let mut attributes = vec![attr("label", text(label))];
        actor_look(&mut attributes, look);
        attributes.push(attr("fontsize", number(9.0)));
        stmts.push(Stmt::Node(DotNode::new(node_id(id), attributes)));
    }
    if let Some(id) = &legend.claim {
        samples.push(id);
        let mut attributes = vec![attr("label", text("claim (what others\ndeny or report)"))];
        claim_look(&mut attributes, false);
        stmts.push(Stmt::Node(DotNode::new(node_id(id), attributes)));
    }
    for row in samples.chunks(LEGEND_ROW) {
        stmts.extend(row.windows(2).map(|pair| invisible(pair[0], pair[1])));
    }
    for line in &legend.relation_kinds {
        stmts.push(Stmt::Node(DotNode::new(
            node_id(&line.from_id),
            vec![attr("label", text(&line.label)), attr("shape", keyword("plaintext")), attr("fontsize", number(9.0))],
        )));
        stmts.push(Stmt::Node(DotNode::new(
            node_id(&line.to_id),
            vec![
                attr("label", text("")),
                attr("shape", keyword("point")),
                attr("width", number(0.1)),
                attr("style", keyword("invis")),
            ],
        )));
        let width = if line.class == EdgeClass::Command { 2.5 } else { 1.5 };
        stmts.push(edge_stmt(
            &line.from_id,
            &line.to_id,
            line_look(line.class, line.disputed, line.arrow, width, false),
        ));
    }
    for row in legend.relation_kinds.chunks(LEGEND_LINES_ROW) {
        stmts.extend(row.windows(2).map(|pair| invisible(&pair[0].to_id, &pair[1].from_id)));
    }
    Stmt::Subgraph(Subgraph { id: text("cluster_legend"), stmts })
}

/// The diagram as graphviz-rust structures.
#[must_use]
pub fn to_graph(diagram: &Diagram) -> Graph {
    let mut graph_attrs = vec![
        attr("layout", keyword(diagram.engine.as_str())),
        attr("rankdir", keyword(diagram.rankdir.as_str())),
        attr("label", text(&diagram.caption.join("\n"))),
        attr("labelloc", keyword("b")),
        attr("fontname", text(FONT)),
        attr("fontsize", number(11.0)),
        attr("nodesep", number(0.15)),
        attr("ranksep", number(0.3)),
        attr("outputorder", keyword("edgesfirst")),
        attr("pad", number(0.2)),
    ];
    if diagram.engine != Engine::Dot {
        graph_attrs.push(attr("overlap", keyword("false")));
    }
    if !diagram.clusters.is_empty() {
        graph_attrs.push(attr("newrank", keyword("true")));
    }
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(graph_attrs)),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", text(FONT)),
            attr("fontsize", number(11.0)),
            attr("margin", text("0.06,0.03")),
            attr("height", number(0.3)),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", text(FONT)),
            attr("fontsize", number(8.0)),
            attr("arrowsize", number(0.7)),
        ])),
    ];
    let mut clustered = vec![false; diagram.nodes.len()];
    for (i, cluster) in diagram.clusters.iter().enumerate() {
        let mut body = vec![
            Stmt::Attribute(attr("label", text(&cluster.label))),
            // Clusters inherit the caption's `labelloc=b`; their names go on top.
            Stmt::Attribute(attr("labelloc", keyword("t"))),
            Stmt::Attribute(attr("style", text("rounded,dashed"))),
            Stmt::Attribute(attr("color", text("#999999"))),
            Stmt::Attribute(attr("fontcolor", text("#666666"))),
        ];
        for &n in &cluster.nodes {
            clustered[n] = true;
            body.push(node_stmt(&diagram.nodes[n]));
        }
        stmts.push(Stmt::Subgraph(Subgraph { id: text(&format!("cluster_{}", i + 1)), stmts: body }));
    }
    stmts.extend(diagram.nodes.iter().zip(&clustered).filter(|&(_, &c)| !c).map(|(n, _)| node_stmt(n)));
    stmts.extend(diagram.edges.iter().map(|e| edge(diagram, e)));
    if let Some(l) = &diagram.legend {
        stmts.push(legend(l));
    }
    Graph::DiGraph { id: text(&diagram.name), strict: false, stmts }
}

/// The diagram as DOT text, ending with a newline.
#[must_use]
pub fn to_dot(diagram: &Diagram) -> String {
    let mut dot = to_graph(diagram).print(&mut PrinterContext::default());
    dot.push('\n');
    dot
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use graphviz_rust::dot_structures::{Graph, Stmt};
    use proptest::prelude::*;

    use super::*;
    use crate::output::dot::{build, unquote, Options, Selection};
    use crate::query::{Filter, View};

    /// `(id, label)` of a parsed node, unquoted.
    type ParsedNode = (String, Option<String>);

    /// Every node id and every edge end in a parsed graph, with the label of each node, unquoted.
    fn parsed(dot: &str) -> (Vec<ParsedNode>, Vec<(String, String)>) {
        fn walk(stmts: &[Stmt], nodes: &mut Vec<ParsedNode>, edges: &mut Vec<(String, String)>) {
            let unquoted = |id: &Id| match id {
                Id::Escaped(q) => unquote(q).expect("quoted"),
                other => panic!("unquoted id {other:?}"),
            };
            for stmt in stmts {
                match stmt {
                    Stmt::Node(node) => {
                        let label = node
                            .attributes
                            .iter()
                            .find(|Attribute(k, _)| *k == Id::Plain("label".into()))
                            .map(|Attribute(_, v)| unquoted(v));
                        nodes.push((unquoted(&node.id.0), label));
                    }
                    Stmt::Edge(DotEdge { ty: EdgeTy::Pair(Vertex::N(a), Vertex::N(b)), .. }) => {
                        edges.push((unquoted(&a.0), unquoted(&b.0)));
                    }
                    Stmt::Subgraph(sub) => walk(&sub.stmts, nodes, edges),
                    _ => {}
                }
            }
        }
        let graph = graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{dot}"));
        let Graph::DiGraph { stmts, .. } = graph else { panic!("not a digraph") };
        let (mut nodes, mut edges) = (Vec::new(), Vec::new());
        walk(&stmts, &mut nodes, &mut edges);
        (nodes, edges)
    }

    #[test]
    fn the_bundled_network_parses_back_with_dataset_ids_as_node_ids() {
        let graph = crate::load::embedded();
        let view = View::new(&graph, &Filter::default());
        let dot = to_dot(&build(&view, &Selection::whole(&view), &Filter::default(), &Options::default()));
        let (nodes, edges) = parsed(&dot);
        let ids: BTreeSet<&str> = nodes.iter().map(|(id, _)| id.as_str()).collect();
        for actor in graph.actors() {
            assert!(ids.contains(actor.id.as_str()), "no node {}", actor.id);
        }
        assert!(nodes
            .iter()
            .any(|(id, label)| id == "pmf" && label.as_deref() == Some("Popular Mobilization\nForces")));
        for (a, b) in &edges {
            assert!(ids.contains(a.as_str()) && ids.contains(b.as_str()), "edge {a} -> {b} to an undeclared node");
        }
        assert!(dot.contains("layout=dot rankdir=LR"));
        assert!(dot.contains("\"falah-fayyadh\" -> \"claim:r-pmf-deploys-syria\""));
        assert!(dot.contains("subgraph \"cluster_legend\""));
    }

    #[test]
    fn hostile_names_and_a_hostile_title_cannot_inject_attributes() {
        let graph = crate::load::from_json_str(
            "t.json",
            r#"{"format": "actorgraph/1", "title": "T\" label=\"pwned",
                "actors": [{"id": "a\"]; b [color=red", "name": "x\", color=\"red"}, {"id": "b", "name": "\\"}],
                "relations": [{"from": "a\"]; b [color=red", "to": "b", "kind": "x\"y"}]}"#,
        )
        .unwrap();
        let view = View::new(&graph, &Filter::default());
        let dot = to_dot(&build(&view, &Selection::whole(&view), &Filter::default(), &Options::default()));
        let (nodes, edges) = parsed(&dot);
        assert!(nodes.contains(&("a\"]; b [color=red".to_owned(), Some("x\", color=\"red".to_owned()))));
        assert!(nodes.contains(&("b".to_owned(), Some("\\".to_owned()))));
        assert!(edges.contains(&("a\"]; b [color=red".to_owned(), "b".to_owned())));
        let actor_nodes = nodes.iter().filter(|(id, _)| !id.starts_with("legend:")).count();
        assert_eq!(actor_nodes, 2, "no node was injected");
        assert!(dot.contains(r#"label="T\" label=\"pwned — t.json\nWhole network"#), "{dot}");
    }

    /// What a name or id becomes after quoting: the characters DOT cannot hold are dropped or normalised.
    fn sanitized(text: &str) -> String {
        text.replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\t', " ")
            .chars()
            .filter(|&c| c == '\n' || !c.is_control())
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Random Unicode ids and names (any character, controls included) give DOT that graphviz-rust parses
        /// back with exactly the actors' ids as node ids and their names as labels.
        #[test]
        fn random_unicode_names_round_trip_through_dot(
            people in proptest::collection::vec((any::<String>(), any::<String>()), 1..8)
        ) {
            let mut seen = BTreeSet::new();
            let people: Vec<(String, String)> = people
                .into_iter()
                .filter(|(id, _)| !id.trim().is_empty() && seen.insert(sanitized(id)))
                .collect();
            prop_assume!(!people.is_empty());
            let actors: Vec<serde_json::Value> =
                people.iter().map(|(id, name)| serde_json::json!({"id": id, "name": name})).collect();
            let relations: Vec<serde_json::Value> = people
                .windows(2)
                .map(|pair| serde_json::json!({"from": pair[0].0, "to": pair[1].0, "kind": "supports"}))
                .collect();
            let json = serde_json::json!({"format": "actorgraph/1", "actors": actors, "relations": relations});
            let graph = crate::load::from_json_str("random.json", &json.to_string()).unwrap();
            let view = View::new(&graph, &Filter::default());
            let diagram = build(&view, &Selection::whole(&view), &Filter::default(), &Options::default());
            let (nodes, edges) = parsed(&to_dot(&diagram));
            let legend_nodes = nodes.iter().filter(|(id, _)| id.starts_with("legend:")).count();
            prop_assert_eq!(nodes.len() - legend_nodes, graph.actors().len());
            for actor in graph.actors() {
                let expected_id = sanitized(&actor.id);
                let node = nodes.iter().find(|(id, _)| *id == expected_id);
                prop_assert!(node.is_some(), "no node {:?}", expected_id);
                let label = node.and_then(|(_, label)| label.clone()).unwrap_or_default();
                // Long names are wrapped at spaces: compare with line breaks read as spaces.
                prop_assert_eq!(label.replace('\n', " "), sanitized(&actor.name).replace('\n', " "));
            }
            prop_assert_eq!(edges.len() - legend_edges(&edges), graph.relations().len());
        }
    }

    fn legend_edges(edges: &[(String, String)]) -> usize {
        edges.iter().filter(|(a, _)| a.starts_with("legend:")).count()
    }
}
