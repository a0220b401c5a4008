//! From a [`Selection`] to a [`Diagram`]: what is drawn and how it looks, decided once for every backend
//! (the DOT writer and the built-in SVG renderer).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use petgraph::unionfind::UnionFind;

use crate::model::{ActorGraph, ActorIx, Relation, RelationIx, SourceIx, Target};
use crate::query::{Filter, View};

use super::escape::quote;
use super::select::Selection;
use super::style::{actor_look, width, ActorLook, EdgeClass, ACTOR_LOOKS, OTHER_ACTOR};
use crate::text::plural;

/// Above this many drawn lines (or [`DOT_NODE_LIMIT`] nodes) the automatic engine is `sfdp`, not `dot`.
///
/// Measured with Graphviz 2.43 on random labelled graphs: `dot` takes 0.1–0.8 s up to 120 edges, but 2–40 s
/// from 150 to 250 edges, and minutes beyond; `sfdp` lays out 500 edges in 0.6 s.
pub const DOT_EDGE_LIMIT: usize = 120;
/// Above this many drawn nodes the automatic engine is `sfdp` (see [`DOT_EDGE_LIMIT`]).
pub const DOT_NODE_LIMIT: usize = 150;
/// The default `--max-edges`: enough for any diagram a reader can follow, small enough for `sfdp`.
pub const DEFAULT_MAX_EDGES: usize = 500;
/// Labels longer than this many characters are wrapped onto several lines at spaces.
const WRAP: usize = 20;

/// The direction of a `dot` layout (`rankdir`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RankDir {
    /// Left to right (the default: names read along the flow).
    #[default]
    LeftRight,
    /// Top to bottom.
    TopBottom,
    /// Right to left.
    RightLeft,
    /// Bottom to top.
    BottomTop,
}

impl RankDir {
    /// The Graphviz value.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LeftRight => "LR",
            Self::TopBottom => "TB",
            Self::RightLeft => "RL",
            Self::BottomTop => "BT",
        }
    }
}

/// A Graphviz layout engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Layered: hierarchies read top-down or left-right. Slow on dense graphs.
    Dot,
    /// Force-directed, scalable: thousands of nodes.
    Sfdp,
    /// Force-directed (spring model), for small graphs.
    Neato,
    /// Circular.
    Circo,
    /// Force-directed with clusters.
    Fdp,
}

impl Engine {
    /// The Graphviz name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dot => "dot",
            Self::Sfdp => "sfdp",
            Self::Neato => "neato",
            Self::Circo => "circo",
            Self::Fdp => "fdp",
        }
    }
}

/// How `--max-nodes` decides which actors matter most.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RankBy {
    /// Number of drawn relations an actor takes part in (as either end, or as the author of a statement).
    #[default]
    Degree,
}

/// How to draw: layout, size limits, legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Direction of `dot` layouts.
    pub rankdir: RankDir,
    /// The layout engine; `None` picks `dot`, or `sfdp` for big diagrams.
    pub engine: Option<Engine>,
    /// Keep at most this many actors (the focus always stays).
    pub max_nodes: Option<usize>,
    /// How to rank actors for `max_nodes`.
    pub rank_by: RankBy,
    /// Keep at most this many lines.
    pub max_edges: usize,
    /// Draw a legend of the actor and relation kinds present.
    pub legend: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            rankdir: RankDir::default(),
            engine: None,
            max_nodes: None,
            rank_by: RankBy::default(),
            max_edges: DEFAULT_MAX_EDGES,
            legend: true,
        }
    }
}

/// A diagram ready to print: nodes, edges, clusters, legend and caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    /// The default file name, without extension.
    pub name: String,
    /// The layout engine, recorded in the DOT as `layout=`.
    pub engine: Engine,
    /// Whether the engine was chosen automatically.
    pub engine_auto: bool,
    /// The layout direction.
    pub rankdir: RankDir,
    /// Caption lines: dataset, selection, filters, counts, what was left out.
    pub caption: Vec<String>,
    /// Actor nodes (sorted by actor id), then claim nodes (sorted by relation id).
    pub nodes: Vec<Node>,
    /// Lines between nodes (indices into `nodes`).
    pub edges: Vec<Edge>,
    /// Boxes around groups of nodes.
    pub clusters: Vec<DrawnCluster>,
    /// The legend, when asked for.
    pub legend: Option<Legend>,
    /// What was drawn.
    pub counts: Counts,
    /// What was left out to keep the diagram legible and layoutable.
    pub cut: Cut,
}

/// A node: an actor, or a claim (a relation that others deny, claim or report).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The DOT id: the actor's dataset id (made unique if two ids differ only in dropped control
    /// characters), or `claim:<relation id>`.
    pub id: String,
    /// The text shown (long names wrapped at spaces).
    pub label: String,
    /// Shown on hover in SVG.
    pub tooltip: String,
    /// Actor or claim.
    pub kind: NodeKind,
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NodeKind {
    /// An actor, drawn by its kind's look.
    Actor {
        /// The actor.
        actor: ActorIx,
        /// Its kind's look.
        look: &'static ActorLook,
        /// Whether the diagram is about it (drawn with a thick outline).
        focus: bool,
    },
    /// A relation others make statements about, drawn as a small box on its edge.
    Claim {
        /// The relation.
        relation: RelationIx,
        /// Whether someone denies it (drawn dashed).
        disputed: bool,
    },
}

/// A line between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Tail node (index into [`Diagram::nodes`]).
    pub from: usize,
    /// Head node.
    pub to: usize,
    /// Kind (with `×n` for collapsed parallel relations), date and grade; none on the halves of a claimed
    /// relation, whose claim node carries it.
    pub label: Option<String>,
    /// The relation ids behind the line.
    pub tooltip: String,
    /// The look.
    pub class: EdgeClass,
    /// A denied claim: drawn dashed.
    pub disputed: bool,
    /// Whether an arrowhead is drawn (not for symmetric kinds, nor on the first half of a claimed relation).
    pub arrow: bool,
    /// Line width from confidence (the highest among collapsed relations).
    pub width: f64,
    /// No relation behind the line has a known confidence: drawn dotted, at the width of confidence 0.5.
    pub unknown_confidence: bool,
    /// The relations drawn by this line.
    pub relations: Vec<RelationIx>,
}

/// A box around some nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnCluster {
    /// Its caption.
    pub label: String,
    /// The nodes in it (indices into [`Diagram::nodes`]), sorted.
    pub nodes: Vec<usize>,
}

/// The legend: only the kinds present in the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    /// One sample node per actor kind drawn: `(DOT id, label, look)`.
    pub actor_kinds: Vec<(String, String, &'static ActorLook)>,
    /// One sample line per relation kind drawn.
    pub relation_kinds: Vec<LegendLine>,
    /// The sample claim node's DOT id, when claims are drawn.
    pub claim: Option<String>,
}

/// One line of the legend: a label node and an invisible end node joined by a line in the kind's look.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendLine {
    /// DOT id of the label node.
    pub from_id: String,
    /// DOT id of the invisible end node.
    pub to_id: String,
    /// The label (`supports`, or `denied claim`).
    pub label: String,
    /// The look.
    pub class: EdgeClass,
    /// Dashed sample for a denied claim.
    pub disputed: bool,
    /// Whether the kind has a direction.
    pub arrow: bool,
}

/// What a diagram draws.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Actors drawn.
    pub actors: usize,
    /// Relations drawn (each of a collapsed group counts).
    pub relations: usize,
    /// Lines drawn.
    pub edges: usize,
    /// Distinct sources behind the drawn relations.
    pub sources_cited: usize,
}

/// What a diagram leaves out of its selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cut {
    /// Actors left out by `--max-nodes`, sorted by id.
    pub actors: Vec<ActorIx>,
    /// Relations left out by `--max-edges`, sorted by id.
    pub relations: Vec<RelationIx>,
    /// Actors left out because `--max-edges` cut every line they had, sorted by id (an actor that had no
    /// line in the selection to begin with stays).
    pub stranded: Vec<ActorIx>,
    /// The `--max-nodes` in force, when it cut something.
    pub max_nodes: Option<usize>,
    /// The `--max-edges` in force.
    pub max_edges: usize,
}

impl Cut {
    /// Whether anything was left out.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty() && self.relations.is_empty() && self.stranded.is_empty()
    }
}

/// Hands out DOT ids that stay distinct after quoting.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
}

impl Ids {
    fn claim(&mut self, wanted: &str) -> String {
        let mut id = wanted.to_owned();
        let mut n = 1;
        while !self.used.insert(quote(&id)) {
            n += 1;
            id = format!("{wanted}#{n}");
        }
        id
    }
}

/// Relations of `candidates` that can be drawn with `actors`: in the view, both ends drawn, and for statements
/// about relations, the target drawn too (repeated until stable, for statements about statements).
fn drawable(
    view: &View,
    actors: &BTreeSet<ActorIx>,
    candidates: impl Iterator<Item = RelationIx>,
) -> BTreeSet<RelationIx> {
    let graph = view.graph();
    let mut kept: BTreeSet<RelationIx> = candidates
        .filter(|&r| {
            let relation = graph.relation(r);
            view.has_relation(r)
                && actors.contains(&relation.from)
                && match relation.to {
                    Target::Actor(to) => actors.contains(&to),
                    Target::Relation(_) => true,
                }
        })
        .collect();
    loop {
        let orphans: Vec<RelationIx> = kept
            .iter()
            .copied()
            .filter(|&r| matches!(graph.relation(r).to, Target::Relation(t) if !kept.contains(&t)))
            .collect();
        if orphans.is_empty() {
            return kept;
        }
        for orphan in orphans {
            kept.remove(&orphan);
        }
    }
}

/// Wraps a long single-line name at spaces so nodes stay compact; names with their own line breaks are kept.
/// Each space becomes either a space or a line break, so reading the breaks as spaces gives the name back.
fn wrap(name: &str) -> String {
    if name.chars().count() <= WRAP || name.contains('\n') {
        return name.to_owned();
    }
    let words: Vec<&str> = name.split(' ').collect();
    let mut text = String::with_capacity(name.len());
    let mut line = 0;
    for (i, word) in words.iter().enumerate() {
        let length = word.chars().count();
        if i > 0 {
            if line > 0 && length > 0 && !words[i - 1].is_empty() && line + 1 + length > WRAP {
                text.push('\n');
                line = 0;
            } else {
                text.push(' ');
                line += 1;
            }
        }
        text.push_str(word);
        line += length;
    }
    text
}

/// `2024-12`, `2011 – 2014`, `until 2014`, or nothing.
fn span(relation: &Relation) -> Option<String> {
    match (relation.date, relation.until) {
        (Some(d), Some(u)) => Some(format!("{d} – {u}")),
        (Some(d), None) => Some(d.to_string()),
        (None, Some(u)) => Some(format!("until {u}")),
        (None, None) => None,
    }
}

/// The label of one relation, or of parallel relations of one kind: `kind[ ×n]` over `dates · grade`.
fn relation_label(graph: &ActorGraph, relations: &[RelationIx]) -> String {
    let first = graph.relation(relations[0]);
    let mut label = graph.kind_of(first).name.clone();
    if relations.len() > 1 {
        label.push_str(&format!(" ×{}", relations.len()));
    }
    let mut details = Vec::new();
    if let [only] = relations {
        details.extend(span(graph.relation(*only)));
    } else {
        let starts = relations.iter().filter_map(|&r| graph.relation(r).date);
        let ends = relations.iter().filter_map(|&r| {
            let r = graph.relation(r);
            r.until.or(r.date)
        });
        match (starts.min(), ends.max()) {
            (Some(a), Some(b)) if a == b => details.push(a.to_string()),
            (Some(a), Some(b)) => details.push(format!("{a} – {b}")),
            _ => {}
        }
    }
    let grades: BTreeSet<String> = relations.iter().map(|&r| graph.grade(graph.relation(r)).to_string()).collect();
    match (grades.first(), grades.last()) {
        (Some(best), Some(worst)) if best == worst => details.push(best.clone()),
        (Some(best), Some(worst)) => details.push(format!("{best}…{worst}")),
        _ => {}
    }
    if !details.is_empty() {
        label.push('\n');
        label.push_str(&details.join(" · "));
    }
    label
}

/// The highest known confidence among the relations, `None` when none is known.
fn confidence(graph: &ActorGraph, relations: &[RelationIx]) -> Option<f64> {
    relations.iter().filter_map(|&r| graph.relation(r).confidence).reduce(f64::max)
}

/// How much each actor matters for `--max-nodes` (higher is kept first).
///
/// `Degree`: the number of drawn relations the actor takes part in, as either end or as the author of a
/// statement (NetworkX's `degree` on the multigraph, counting statements about claims). New measures (say
/// betweenness from the `central` query) plug in as new [`RankBy`] variants here.
fn scores(graph: &ActorGraph, relations: &BTreeSet<RelationIx>, rank_by: RankBy) -> BTreeMap<ActorIx, f64> {
    let mut score: BTreeMap<ActorIx, f64> = BTreeMap::new();
    match rank_by {
        RankBy::Degree => {
            for &r in relations {
                let relation = graph.relation(r);
                *score.entry(relation.from).or_default() += 1.0;
                if let Target::Actor(to) = relation.to {
                    *score.entry(to).or_default() += 1.0;
                }
            }
        }
    }
    score
}

/// A unit kept or cut as a whole by `--max-edges`.
struct Unit {
    relations: Vec<RelationIx>,
    lines: usize,
    confidence: f64,
    first_id: String,
}

/// Builds the diagram of `selection` as seen through `view` (whose `filter` the caption describes).
///
/// Steps: keep what is drawable; apply `--max-nodes` (the focus, then the highest-ranked actors, ties by id);
/// collapse parallel relations of one kind between two actors into one line; draw each relation that others
/// make statements about through a small claim node, with the statements pointing at it; apply `--max-edges`
/// (the highest-confidence lines first; a claim goes with everything said about it); choose the engine.
///
/// # Complexity
/// O((actors + relations) · log) plus O(actors · log) to rank for `--max-nodes`.
///
/// ```
/// use actorgraph::output::dot::{build, Options, Selection};
/// use actorgraph::query::{Filter, View};
/// let graph = actorgraph::load::embedded();
/// let view = View::new(&graph, &Filter::default());
/// let diagram = build(&view, &Selection::whole(&view), &Filter::default(), &Options::default());
/// assert_eq!(diagram.counts.actors, 26);
/// assert_eq!(diagram.counts.relations, graph.relations().len());
/// // Iran supports the Syrian government twice (2011 and 2024-12): one line.
/// assert!(diagram.edges.iter().any(|e| e.label.as_deref() == Some("supports ×2\n2011 – 2024-12 · C2…C6")));
/// ```
#[must_use]
#[allow(clippy::too_many_lines)] // one pipeline, easier to follow in one place
pub fn build(view: &View, selection: &Selection, filter: &Filter, options: &Options) -> Diagram {
    let graph = view.graph();
    let by_id = |a: &ActorIx, b: &ActorIx| graph.actor(*a).id.cmp(&graph.actor(*b).id);

    // What can be drawn at all.
    let mut actors: BTreeSet<ActorIx> = selection.actors.iter().copied().filter(|&a| view.has_actor(a)).collect();
    let mut relations = drawable(view, &actors, selection.relations.iter().copied());

    // --max-nodes: the focus, then the best-ranked actors.
    let mut cut = Cut { max_edges: options.max_edges, ..Cut::default() };
    if let Some(max) = selection.cut_at {
        // Cut while selecting (an ego network ranked before it was gathered).
        cut.actors.clone_from(&selection.left_out);
        cut.max_nodes = Some(max);
    }
    if let Some(max) = options.max_nodes.filter(|&max| actors.len() > max) {
        let score = scores(graph, &relations, options.rank_by);
        let mut ranked: Vec<ActorIx> = actors.iter().copied().collect();
        ranked.sort_by(|a, b| {
            let focus = |x: &ActorIx| !selection.focus.contains(x);
            let score = |x: &ActorIx| score.get(x).copied().unwrap_or(0.0);
            focus(a).cmp(&focus(b)).then_with(|| score(b).total_cmp(&score(a))).then_with(|| by_id(a, b))
        });
        let keep = max.max(selection.focus.iter().filter(|f| actors.contains(f)).count());
        let mut left_out = ranked.split_off(keep.min(ranked.len()));
        left_out.append(&mut cut.actors);
        left_out.sort_by(by_id);
        cut.actors = left_out;
        cut.max_nodes = Some(max);
        actors = ranked.into_iter().collect();
        relations = drawable(view, &actors, relations.into_iter());
    }

    // Which relations are claims (something is said about them), and which claims are denied.
    let mut about: BTreeMap<RelationIx, Vec<RelationIx>> = BTreeMap::new();
    for &r in &relations {
        if let Target::Relation(t) = graph.relation(r).to {
            about.entry(t).or_default().push(r);
        }
    }
    let disputed = |r: RelationIx| {
        about.get(&r).is_some_and(|said| said.iter().any(|&s| graph.kind_of(graph.relation(s)).name == "denies"))
    };

    // Units for --max-edges: a claim with everything said about it, or a group of parallel relations.
    let list: Vec<RelationIx> = relations.iter().copied().collect();
    let position: BTreeMap<RelationIx, usize> = list.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let mut linked = UnionFind::<usize>::new(list.len());
    for (i, &r) in list.iter().enumerate() {
        if let Target::Relation(t) = graph.relation(r).to {
            linked.union(i, position[&t]);
        }
    }
    let mut bundles: BTreeMap<usize, Vec<RelationIx>> = BTreeMap::new();
    let mut groups: BTreeMap<(String, String, String), Vec<RelationIx>> = BTreeMap::new();
    for (i, &r) in list.iter().enumerate() {
        let relation = graph.relation(r);
        let in_bundle = about.contains_key(&r) || matches!(relation.to, Target::Relation(_));
        match relation.to {
            Target::Actor(to) if !in_bundle => {
                let kind = graph.kind_of(relation);
                let (mut a, mut b) = (graph.actor(relation.from).id.clone(), graph.actor(to).id.clone());
                if kind.symmetric && b < a {
                    std::mem::swap(&mut a, &mut b);
                }
                groups.entry((a, b, kind.name.clone())).or_default().push(r);
            }
            _ => bundles.entry(linked.find(i)).or_default().push(r),
        }
    }
    let mut units: Vec<Unit> = Vec::new();
    for members in groups.values() {
        units.push(Unit {
            relations: members.clone(),
            lines: 1,
            confidence: confidence(graph, members).unwrap_or(0.0),
            first_id: graph.relation(members[0]).id.to_string(),
        });
    }
    for members in bundles.values() {
        let roots: Vec<RelationIx> =
            members.iter().copied().filter(|&r| matches!(graph.relation(r).to, Target::Actor(_))).collect();
        units.push(Unit {
            relations: members.clone(),
            lines: members.iter().map(|r| if about.contains_key(r) { 2 } else { 1 }).sum(),
            confidence: confidence(graph, &roots).unwrap_or(0.0),
            first_id: members.iter().map(|&r| graph.relation(r).id.to_string()).min().unwrap_or_default(),
        });
    }
    units.sort_by(|a, b| b.confidence.total_cmp(&a.confidence).then_with(|| a.first_id.cmp(&b.first_id)));
    let mut budget = options.max_edges;
    let mut dropped: BTreeSet<RelationIx> = BTreeSet::new();
    for unit in &units {
        if unit.lines <= budget {
            budget -= unit.lines;
        } else {
            dropped.extend(unit.relations.iter().copied());
        }
    }
    if !dropped.is_empty() {
        let ends = |relations: &BTreeSet<RelationIx>| -> BTreeSet<ActorIx> {
            relations
                .iter()
                .flat_map(|&r| {
                    let relation = graph.relation(r);
                    [Some(relation.from), if let Target::Actor(to) = relation.to { Some(to) } else { None }]
                })
                .flatten()
                .collect()
        };
        let linked_before = ends(&relations);
        relations.retain(|r| !dropped.contains(r));
        groups.retain(|_, members| !dropped.contains(&members[0]));
        let linked_after = ends(&relations);
        // Thousands of unlinked boxes would make the diagram unreadable and slow to lay out.
        let mut stranded: Vec<ActorIx> =
            linked_before.difference(&linked_after).copied().filter(|a| !selection.focus.contains(a)).collect();
        stranded.sort_by(by_id);
        for a in &stranded {
            actors.remove(a);
        }
        cut.stranded = stranded;
        let mut ids: Vec<RelationIx> = dropped.into_iter().collect();
        ids.sort_by(|&a, &b| graph.relation(a).id.cmp(&graph.relation(b).id));
        cut.relations = ids;
    }

    // Nodes: actors by id, then claims by relation id.
    let mut ids = Ids::default();
    let mut ordered: Vec<ActorIx> = actors.iter().copied().collect();
    ordered.sort_by(by_id);
    let mut nodes: Vec<Node> = Vec::new();
    let mut node_of_actor: BTreeMap<ActorIx, usize> = BTreeMap::new();
    for &a in &ordered {
        let actor = graph.actor(a);
        node_of_actor.insert(a, nodes.len());
        let kind = if actor.kind.is_empty() { "no kind".to_owned() } else { actor.kind.clone() };
        nodes.push(Node {
            id: ids.claim(&actor.id),
            label: wrap(&actor.name),
            tooltip: format!("{} ({kind})", actor.id),
            kind: NodeKind::Actor { actor: a, look: actor_look(&actor.kind), focus: selection.focus.contains(&a) },
        });
    }
    let mut claims: Vec<RelationIx> = about.keys().copied().filter(|r| relations.contains(r)).collect();
    claims.sort_by(|&a, &b| graph.relation(a).id.cmp(&graph.relation(b).id));
    let mut node_of_claim: BTreeMap<RelationIx, usize> = BTreeMap::new();
    for &r in &claims {
        let relation = graph.relation(r);
        node_of_claim.insert(r, nodes.len());
        nodes.push(Node {
            id: ids.claim(&format!("claim:{}", relation.id)),
            label: relation_label(graph, &[r]),
            tooltip: format!("{}: {}", relation.id, graph.describe(relation)),
            kind: NodeKind::Claim { relation: r, disputed: disputed(r) },
        });
    }

    // Edges: collapsed groups, then claims and statements in relation order.
    let mut edges: Vec<Edge> = Vec::new();
    let tooltip = |members: &[RelationIx]| {
        members.iter().map(|&r| graph.relation(r).id.to_string()).collect::<Vec<_>>().join(", ")
    };
    for members in groups.values() {
        let relation = graph.relation(members[0]);
        let kind = graph.kind_of(relation);
        let class = EdgeClass::of(kind);
        let (mut from, mut to) = (
            relation.from,
            match relation.to {
                Target::Actor(to) => to,
                Target::Relation(_) => continue,
            },
        );
        if kind.symmetric && by_id(&to, &from).is_lt() {
            std::mem::swap(&mut from, &mut to);
        }
        edges.push(Edge {
            from: node_of_actor[&from],
            to: node_of_actor[&to],
            label: Some(relation_label(graph, members)),
            tooltip: tooltip(members),
            class,
            disputed: false,
            arrow: !kind.symmetric,
            width: width(confidence(graph, members), class),
            unknown_confidence: confidence(graph, members).is_none(),
            relations: members.clone(),
        });
    }
    let mut rest: Vec<RelationIx> =
        relations.iter().copied().filter(|r| node_of_claim.contains_key(r) || !graph.is_edge(*r)).collect();
    rest.sort_by(|&a, &b| graph.relation(a).id.cmp(&graph.relation(b).id));
    for r in rest {
        let relation = graph.relation(r);
        let kind = graph.kind_of(relation);
        let class = EdgeClass::of(kind);
        let head = match relation.to {
            Target::Actor(to) => node_of_actor[&to],
            Target::Relation(t) => node_of_claim[&t],
        };
        let from = node_of_actor[&relation.from];
        let line = |from, to, label, arrow| Edge {
            from,
            to,
            label,
            tooltip: relation.id.to_string(),
            class,
            disputed: disputed(r),
            arrow,
            width: width(relation.confidence, class),
            unknown_confidence: relation.confidence.is_none(),
            relations: vec![r],
        };
        if let Some(&claim) = node_of_claim.get(&r) {
            edges.push(line(from, claim, None, false));
            edges.push(line(claim, head, None, !kind.symmetric));
        } else {
            edges.push(line(from, head, Some(relation_label(graph, &[r])), !kind.symmetric));
        }
    }

    // Clusters: members that are drawn; empty ones dropped; an actor stays in its first cluster.
    let mut placed: BTreeSet<ActorIx> = BTreeSet::new();
    let clusters: Vec<DrawnCluster> = selection
        .clusters
        .iter()
        .filter_map(|c| {
            let mut members: Vec<usize> = c
                .members
                .iter()
                .filter(|a| node_of_actor.contains_key(a) && placed.insert(**a))
                .map(|a| node_of_actor[a])
                .collect();
            members.sort_unstable();
            (!members.is_empty()).then(|| DrawnCluster { label: c.label.clone(), nodes: members })
        })
        .collect();

    let legend = options.legend.then(|| legend(graph, &nodes, &edges, &mut ids));

    let sources: BTreeSet<SourceIx> =
        relations.iter().flat_map(|&r| graph.relation(r).sources.iter().copied()).collect();
    let counts =
        Counts { actors: actors.len(), relations: relations.len(), edges: edges.len(), sources_cited: sources.len() };
    let (engine, engine_auto) = match options.engine {
        Some(engine) => (engine, false),
        None if nodes.len() <= DOT_NODE_LIMIT && edges.len() <= DOT_EDGE_LIMIT => (Engine::Dot, true),
        None => (Engine::Sfdp, true),
    };
    let caption = caption(graph, selection, filter, &counts, &cut);
    Diagram {
        name: selection.name.clone(),
        engine,
        engine_auto,
        rankdir: options.rankdir,
        caption,
        nodes,
        edges,
        clusters,
        legend,
        counts,
        cut,
    }
}

fn legend(graph: &ActorGraph, nodes: &[Node], edges: &[Edge], ids: &mut Ids) -> Legend {
    let kinds: BTreeSet<&str> = nodes
        .iter()
        .filter_map(|n| match n.kind {
            NodeKind::Actor { actor, .. } => Some(graph.actor(actor).kind.as_str()),
            NodeKind::Claim { .. } => None,
        })
        .collect();
    let mut actor_kinds: Vec<(String, String, &'static ActorLook)> = ACTOR_LOOKS
        .iter()
        .filter(|l| kinds.contains(l.kind))
        .map(|l| (ids.claim(&format!("legend:{}", l.kind)), l.legend.to_owned(), l))
        .collect();
    let others: Vec<&str> = kinds
        .iter()
        .copied()
        .filter(|k| ACTOR_LOOKS.iter().all(|l| l.kind != *k))
        .map(|k| if k.is_empty() { "no kind" } else { k })
        .collect();
    if !others.is_empty() {
        let label = format!("other ({})", others.join(", "));
        actor_kinds.push((ids.claim("legend:other"), wrap(&label), &OTHER_ACTOR));
    }
    let drawn_kinds: BTreeSet<_> =
        edges.iter().flat_map(|e| e.relations.iter().map(|&r| graph.relation(r).kind)).collect();
    let mut relation_kinds: Vec<LegendLine> = graph
        .kinds()
        .iter()
        .filter(|(id, _)| drawn_kinds.contains(id))
        .map(|(_, kind)| LegendLine {
            from_id: ids.claim(&format!("legend:{}", kind.name)),
            to_id: ids.claim(&format!("legend:{}:end", kind.name)),
            label: kind.name.clone(),
            class: EdgeClass::of(kind),
            disputed: false,
            arrow: !kind.symmetric,
        })
        .collect();
    let claim = nodes.iter().any(|n| matches!(n.kind, NodeKind::Claim { .. })).then(|| ids.claim("legend:claim"));
    if edges.iter().any(|e| e.disputed) {
        relation_kinds.push(LegendLine {
            from_id: ids.claim("legend:denied"),
            to_id: ids.claim("legend:denied:end"),
            label: "denied claim".to_owned(),
            class: EdgeClass::Neutral,
            disputed: true,
            arrow: true,
        });
    }
    Legend { actor_kinds, relation_kinds, claim }
}

fn caption(graph: &ActorGraph, selection: &Selection, filter: &Filter, counts: &Counts, cut: &Cut) -> Vec<String> {
    let dataset: Vec<String> = graph
        .files()
        .iter()
        .map(|f| match &f.title {
            Some(title) => format!("{title} — {}", f.path),
            None => f.path.clone(),
        })
        .collect();
    let mut lines = vec![dataset.join("; "), selection.title.clone()];
    let filters = filter.describe(graph);
    let dated = filter.as_of.is_some() || filter.since.is_some() || filter.until.is_some();
    lines.push(match (filters.is_empty(), dated) {
        (true, _) => "No filters; all dates".to_owned(),
        (false, true) => format!("Filters: {}", filters.join(", ")),
        (false, false) => format!("Filters: {}; all dates", filters.join(", ")),
    });
    lines.push(format!(
        "{}, {} ({}) · {} cited",
        plural(counts.actors, "actor", "actors"),
        plural(counts.relations, "relation", "relations"),
        plural(counts.edges, "line", "lines"),
        plural(counts.sources_cited, "source", "sources"),
    ));
    // The first five names only: a cut can leave out tens of thousands.
    let names = |total: usize, list: &mut dyn Iterator<Item = String>| {
        let shown: Vec<String> = list.take(5).collect();
        format!("{}{}", shown.join(", "), if total > 5 { ", …" } else { "" })
    };
    if let Some(max) = cut.max_nodes.filter(|_| !cut.actors.is_empty()) {
        lines.push(format!(
            "Left out (--max-nodes {max}): {} with the fewest relations: {}",
            plural(cut.actors.len(), "actor", "actors"),
            names(cut.actors.len(), &mut cut.actors.iter().map(|&a| graph.actor(a).name.clone()))
        ));
    }
    if !cut.relations.is_empty() {
        lines.push(format!(
            "Left out (--max-edges {}): {} with the lowest confidence: {}",
            cut.max_edges,
            plural(cut.relations.len(), "relation", "relations"),
            names(cut.relations.len(), &mut cut.relations.iter().map(|&r| graph.relation(r).id.to_string()))
        ));
    }
    if !cut.stranded.is_empty() {
        lines.push(format!(
            "and with them {} left without a line: {}",
            plural(cut.stranded.len(), "actor", "actors"),
            names(cut.stranded.len(), &mut cut.stranded.iter().map(|&a| graph.actor(a).name.clone()))
        ));
    }
    lines
}

#[cfg(test)]
mod tests;
