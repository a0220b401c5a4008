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

/// A number, written bare with one decimal (stable across platforms).
fn number(value: f64) -> Id {
    Id::Plain(format!("{value:.1}"))
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
        attributes.push(attr("peripheries", Id::Plain("2".to_owned())));
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

fn line_look(class: EdgeClass, disputed: bool, arrow: bool, width: f64) -> Vec<Attribute> {
    let look = class.look();
    let mut attributes = vec![
        attr("color", text(look.color)),
        attr("fontcolor", text(look.color)),
        attr("style", text(if disputed { "dashed" } else { look.line })),
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
    let mut attributes = line_look(edge.class, edge.disputed, edge.arrow, edge.width);
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
        stmts.push(edge_stmt(&line.from_id, &line.to_id, line_look(line.class, line.disputed, line.arrow, width)));
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
    stmts.extend(diagram.nodes.iter().zip(&clustered).filter(|(_, &c)| !c).map(|(n, _)| node_stmt(n)));
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
