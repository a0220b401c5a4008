//! What a diagram shows: a set of actors, a set of relations, optional clusters. Every way of choosing them
//! (the whole graph, an ego network, the contradictions, a path, a chain or the blocs: [`Shows`]) produces a
//! [`Selection`]; the writer does not care which.

use std::collections::{BTreeMap, BTreeSet};

use fixedbitset::FixedBitSet;
use petgraph::Direction;

use crate::error::{Error, Result};
use crate::lookup::suggest;
use crate::model::{ActorGraph, ActorIx, RelationIx, Target};
use crate::query::blocs::{alliance_blocs, BlocsOptions};
use crate::query::chain::{chain, ChainDirection};
use crate::query::path::{PathFinder, PathOptions};
use crate::query::View;

use super::RankBy;

/// Shortest paths drawn at most: beyond this the diagram stops being readable.
pub const PATH_LIMIT: usize = 20;

/// What a diagram is of: the one choice `actorgraph dot` and the report's figures make, resolved to actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    /// Every actor and relation in view.
    Whole,
    /// The ego network of an actor: everyone within `depth` hops.
    Focus {
        /// The actor in the middle.
        actor: ActorIx,
        /// How many hops around it.
        depth: usize,
    },
    /// The claims someone denies, with who reports, claims and denies them.
    Contradictions,
    /// The shortest paths between two actors.
    Path {
        /// Where the paths start.
        from: ActorIx,
        /// Where they end.
        to: ActorIx,
    },
    /// The command hierarchy around an actor.
    Chain(ActorIx),
    /// Every actor, with the alliance blocs as boxes.
    Blocs,
}

/// A group of actors drawn inside one box (a Graphviz cluster).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// The box's caption (`country = IQ`, `bloc 1`).
    pub label: String,
    /// Its members. An actor belongs to at most one cluster; later clusters lose it to earlier ones.
    pub members: Vec<ActorIx>,
}

/// What to draw: actors, the relations among them (and statements about those relations), and clusters.
///
/// Relations whose ends are not selected, and statements whose claim is not selected, are left out by the
/// writer, so a selection may be generous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The file name the diagram gets by default, without extension (`network`, `focus-pmf`).
    pub name: String,
    /// What the diagram shows, for its caption (`Whole network`).
    pub title: String,
    /// The actors drawn.
    pub actors: BTreeSet<ActorIx>,
    /// The relations drawn.
    pub relations: BTreeSet<RelationIx>,
    /// Actors the diagram is about: highlighted, and never cut by `--max-nodes`.
    pub focus: Vec<ActorIx>,
    /// Boxes around groups of actors.
    pub clusters: Vec<Cluster>,
    /// Actors the selection had but left out already, sorted by id: cut to `cut_at` actors while selecting
    /// (see [`Selection::focus_at_most`]), they are reported as `--max-nodes` cuts are.
    pub left_out: Vec<ActorIx>,
    /// The `--max-nodes` the selection was cut to, when it cut something.
    pub cut_at: Option<usize>,
}

impl Selection {
    /// A selection of the given actors and relations (how `--path`, `--chain` and `--bloc` plug in: they pass
    /// the actors and relations of their answer, and for blocs one [`Cluster`] per bloc).
    #[must_use]
    pub fn new(
        name: impl Into<String>,
        title: impl Into<String>,
        actors: impl IntoIterator<Item = ActorIx>,
        relations: impl IntoIterator<Item = RelationIx>,
    ) -> Self {
        Self {
            name: name.into(),
            title: title.into(),
            actors: actors.into_iter().collect(),
            relations: relations.into_iter().collect(),
            focus: Vec::new(),
            clusters: Vec::new(),
            left_out: Vec::new(),
            cut_at: None,
        }
    }

    /// Everything in the view.
    ///
    /// ```
    /// use actorgraph::{output::dot::Selection, query::{Filter, View}};
    /// let graph = actorgraph::load::embedded();
    /// let all = Selection::whole(&View::new(&graph, &Filter::default()));
    /// assert_eq!((all.actors.len(), all.relations.len()), (graph.actors().len(), graph.relations().len()));
    /// ```
    #[must_use]
    pub fn whole(view: &View) -> Self {
        Self::new("network", "Whole network", view.actors(), view.relations())
    }

    /// The ego network of `center`: every actor within `depth` hops over relations between actors (either
    /// direction), every relation among them (the induced subgraph, as NetworkX's `ego_graph` with
    /// `undirected=True`), and the statements about those relations with the actors who make them.
    ///
    /// # Complexity
    /// O(actors + relations) for the search.
    ///
    /// ```
    /// use actorgraph::{output::dot::Selection, query::{Filter, View}};
    /// let graph = actorgraph::load::embedded();
    /// let pmf = graph.actor_ix("pmf").unwrap();
    /// let ego = Selection::focus(&View::new(&graph, &Filter::default()), pmf, 1);
    /// assert!(ego.actors.contains(&graph.actor_ix("kataib-hezbollah").unwrap()));
    /// // not a neighbour, but denies that the PMF deployed to Syria:
    /// assert!(ego.actors.contains(&graph.actor_ix("iraqi-interior-ministry").unwrap()));
    /// assert!(!ego.actors.contains(&graph.actor_ix("aleppo").unwrap()));
    /// ```
    #[must_use]
    pub fn focus(view: &View, center: ActorIx, depth: usize) -> Self {
        Self::focus_at_most(view, center, depth, None, RankBy::Degree)
    }

    /// The ego network of `center` as [`Selection::focus`], cut while selecting to at most `max_nodes`
    /// actors ranked as [`build`](super::build) ranks them for `--max-nodes`: the center, then the highest
    /// [`RankBy`] score in the whole ego network, ties by id. The same diagram as cutting the whole ego
    /// network in `build`, but the relations and statements are gathered for the actors kept only, and the
    /// actors left out are recorded in [`Selection::left_out`] for the caption.
    ///
    /// # Complexity
    /// O(a + r) to reach the a actors of the ego network and count the r relations among them (arrays, no
    /// sets), O(a log a) to rank them, then O(relations of the kept actors) to select.
    ///
    /// ```
    /// use actorgraph::{output::dot::{RankBy, Selection}, query::{Filter, View}};
    /// let graph = actorgraph::load::embedded();
    /// let view = View::new(&graph, &Filter::default());
    /// let pmf = graph.actor_ix("pmf").unwrap();
    /// let cut = Selection::focus_at_most(&view, pmf, 2, Some(5), RankBy::Degree);
    /// assert_eq!(cut.actors.len(), 5);
    /// assert!(cut.actors.contains(&pmf));
    /// assert_eq!(cut.actors.len() + cut.left_out.len(), Selection::focus(&view, pmf, 2).actors.len());
    /// ```
    #[must_use]
    pub fn focus_at_most(
        view: &View,
        center: ActorIx,
        depth: usize,
        max_nodes: Option<usize>,
        rank_by: RankBy,
    ) -> Self {
        let graph = view.graph();
        let n = graph.actors().len();
        // Breadth-first, one layer at a time, over relations between actors either way.
        let mut in_ego = FixedBitSet::with_capacity(n);
        let mut ego = Vec::new();
        if view.has_actor(center) {
            in_ego.insert(center.index());
            ego.push(center);
        }
        let mut layer = ego.clone();
        for _ in 0..depth {
            let mut next = Vec::new();
            for &actor in &layer {
                for direction in [Direction::Outgoing, Direction::Incoming] {
                    for (_, other) in view.edges(actor, direction) {
                        if !in_ego.put(other.index()) {
                            next.push(other);
                        }
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            ego.extend_from_slice(&next);
            layer = next;
        }
        // Each relation among them is an out-edge of exactly one of them: visit it, and the statements about
        // it (and about those), once. `visit(relation, ends)`: the two actors of a relation between actors
        // (known from the adjacency, so its record is not read), `None` for a statement.
        type Visit<'a> = dyn FnMut(RelationIx, Option<(ActorIx, ActorIx)>) + 'a;
        let each_relation = |kept: &FixedBitSet, actors: &[ActorIx], visit: &mut Visit| {
            let mut pending = Vec::new();
            for &actor in actors {
                for (r, other) in view.edges(actor, Direction::Outgoing) {
                    if kept.contains(other.index()) {
                        visit(r, Some((actor, other)));
                        pending.push(r);
                        while let Some(about) = pending.pop() {
                            for s in view.statements_about(about) {
                                visit(s, None);
                                pending.push(s);
                            }
                        }
                    }
                }
            }
        };
        let mut score = vec![0u32; n];
        let mut authors = Vec::new();
        let mut is_author = FixedBitSet::with_capacity(n);
        each_relation(&in_ego, &ego, &mut |r, ends| {
            let (from, to) = match ends {
                Some((from, to)) => (from, Some(to)),
                None => {
                    let relation = graph.relation(r);
                    let to = match relation.to {
                        Target::Actor(to) => Some(to),
                        Target::Relation(_) => None,
                    };
                    (relation.from, to)
                }
            };
            match rank_by {
                RankBy::Degree => {
                    score[from.index()] += 1;
                    if let Some(to) = to {
                        score[to.index()] += 1;
                    }
                }
            }
            if ends.is_none() && !in_ego.contains(from.index()) && !is_author.put(from.index()) {
                authors.push(from);
            }
        });
        let ego_len = ego.len();
        let mut candidates = ego;
        candidates.extend(authors);
        let center_actor = graph.actor(center);
        let name = format!("focus-{}", file_safe(&center_actor.id));
        let title =
            format!("Ego network of {} ({} hop{})", center_actor.name, depth, if depth == 1 { "" } else { "s" });
        let Some(max) = max_nodes.filter(|&max| candidates.len() > max) else {
            let mut relations = BTreeSet::new();
            each_relation(&in_ego, &candidates[..ego_len], &mut |r, _| {
                relations.insert(r);
            });
            let mut selection = Self::new(name, title, candidates, relations);
            selection.focus.push(center);
            return selection;
        };
        // The center first, then by score, ties by id: only the best `keep` are sorted. Ids compare as their
        // ranks when there are many candidates (the same order, without comparing strings).
        let ids = graph.actor_ranks_for(candidates.len());
        let by_id = |a: &ActorIx, b: &ActorIx| match ids {
            Some(ranks) => ranks[a.index()].cmp(&ranks[b.index()]),
            None => graph.actor(*a).id.cmp(&graph.actor(*b).id),
        };
        let rank = |a: &ActorIx, b: &ActorIx| {
            (*a != center)
                .cmp(&(*b != center))
                .then_with(|| score[(*b).index()].cmp(&score[(*a).index()]))
                .then_with(|| by_id(a, b))
        };
        let keep = max.max(1);
        candidates.select_nth_unstable_by(keep - 1, rank);
        let mut left_out = candidates.split_off(keep);
        left_out.sort_unstable_by(by_id);
        // Relations among the kept actors of the ego network (an author's other relations were never in
        // the selection); statements whose author is cut are gathered too, and `build` leaves them out.
        let kept_ego: Vec<ActorIx> = candidates.iter().copied().filter(|&a| in_ego.contains(a.index())).collect();
        let mut kept = FixedBitSet::with_capacity(n);
        for &a in &kept_ego {
            kept.insert(a.index());
        }
        let mut relations = BTreeSet::new();
        each_relation(&kept, &kept_ego, &mut |r, _| {
            relations.insert(r);
        });
        let mut selection = Self::new(name, title, candidates, relations);
        selection.focus.push(center);
        selection.left_out = left_out;
        selection.cut_at = Some(max);
        selection
    }

    /// The claims that someone denies: each denied relation, its two ends, and every statement about it
    /// (denials, reports, claims) with the actors who make them.
    ///
    /// ```
    /// use actorgraph::{output::dot::Selection, query::{Filter, View}};
    /// let graph = actorgraph::load::embedded();
    /// let c = Selection::contradictions(&View::new(&graph, &Filter::default()));
    /// assert!(c.relations.contains(&graph.relation_ix("r-pmf-deploys-syria").unwrap()));
    /// assert!(c.actors.contains(&graph.actor_ix("falah-fayyadh").unwrap()));
    /// assert!(!c.actors.contains(&graph.actor_ix("aleppo").unwrap()));
    /// ```
    #[must_use]
    pub fn contradictions(view: &View) -> Self {
        let graph = view.graph();
        let denied = view
            .relations()
            .filter(|&r| view.statements_about(r).any(|s| graph.kind_of(graph.relation(s)).name == "denies"));
        let mut selection = Self::new(
            "contradictions",
            "Denied claims, with who reports and who denies them",
            std::iter::empty(),
            denied,
        );
        selection.add_ends(graph);
        selection.add_statements(view);
        selection
    }

    /// Adds, repeatedly, the statements in `view` about selected relations, and the actors who make them.
    pub fn add_statements(&mut self, view: &View) {
        let graph = view.graph();
        let mut pending: Vec<RelationIx> = self.relations.iter().copied().collect();
        while let Some(r) = pending.pop() {
            for s in view.statements_about(r) {
                if self.relations.insert(s) {
                    self.actors.insert(graph.relation(s).from);
                    pending.push(s);
                }
            }
        }
    }

    /// Adds the actors at both ends of every selected relation (for a statement: its author).
    pub fn add_ends(&mut self, graph: &ActorGraph) {
        for &r in &self.relations {
            let relation = graph.relation(r);
            self.actors.insert(relation.from);
            if let Target::Actor(to) = relation.to {
                self.actors.insert(to);
            }
        }
    }

    /// The shortest paths between two actors, as `actorgraph path` finds them (undirected, every equally
    /// short one, at most [`PATH_LIMIT`]).
    #[must_use]
    pub fn path(view: &View, from: ActorIx, to: ActorIx) -> Self {
        let finder = PathFinder::new(view, PathOptions::default());
        let mut actors = Vec::new();
        let mut relations = Vec::new();
        for path in finder.shortest(from, to, None).take(PATH_LIMIT) {
            for hop in &path.hops {
                actors.extend([hop.from, hop.to]);
                relations.extend(hop.relations.iter().copied());
            }
        }
        let graph = view.graph();
        let mut selection = Self::new(
            format!("path-{}-{}", file_safe(&graph.actor(from).id), file_safe(&graph.actor(to).id)),
            format!("Shortest paths from {} to {}", graph.actor(from).name, graph.actor(to).name),
            actors,
            relations,
        );
        selection.focus = vec![from, to];
        selection
    }

    /// The command hierarchy around an actor: its chain up and its chain down, with every hierarchical
    /// relation among them.
    #[must_use]
    pub fn chain(view: &View, actor: ActorIx) -> Self {
        let mut actors = vec![actor];
        let mut relations = Vec::new();
        for direction in [ChainDirection::Up, ChainDirection::Down] {
            let found = chain(view, actor, direction);
            actors.extend(found.members.iter().map(|m| m.actor));
            relations.extend(found.relations);
        }
        let graph = view.graph();
        let mut selection = Self::new(
            format!("chain-{}", file_safe(&graph.actor(actor).id)),
            format!("Command hierarchy around {}", graph.actor(actor).name),
            actors,
            relations,
        );
        selection.focus = vec![actor];
        selection
    }

    /// Every actor and relation in view, with the alliance blocs (as `actorgraph blocs` finds them) drawn as
    /// boxes; actors outside the signed part stay outside any box.
    ///
    /// # Errors
    /// As [`alliance_blocs`] (a graph too large for its search).
    pub fn blocs(view: &View) -> Result<Self> {
        let found = alliance_blocs(view, &BlocsOptions::default())?;
        let mut selection = Self::whole(view);
        selection.name = "blocs".to_owned();
        selection.clusters = found
            .blocs
            .iter()
            .enumerate()
            .map(|(i, members)| Cluster { label: format!("bloc {}", i + 1), members: members.clone() })
            .collect();
        Ok(selection)
    }

    /// The selection a [`Shows`] asks for, for a diagram drawn with `options`: an ego network is cut to
    /// `options.max_nodes` while it is selected ([`Selection::focus_at_most`]; the same diagram, less work).
    ///
    /// # Errors
    /// As [`Selection::blocs`].
    pub fn of(view: &View, shows: &Shows, options: &super::Options) -> Result<Self> {
        Ok(match *shows {
            Shows::Whole => Self::whole(view),
            Shows::Focus { actor, depth } => {
                Self::focus_at_most(view, actor, depth, options.max_nodes, options.rank_by)
            }
            Shows::Contradictions => Self::contradictions(view),
            Shows::Path { from, to } => Self::path(view, from, to),
            Shows::Chain(actor) => Self::chain(view, actor),
            Shows::Blocs => Self::blocs(view)?,
        })
    }
}

/// The longest id part of a default file name, in bytes (file names stop at 255 bytes).
const FILE_SAFE_MAX: usize = 100;

/// Turns an id into a safe file-name part, distinct for distinct ids: an id of letters, digits, `.`, `_`
/// and `-` (not starting or ending with `.` or `-`, at most 100 bytes) is kept as it is; any other gets its
/// unsafe characters replaced by `-`, is cut to 100 bytes, and ends in `~` and a hash of the whole id
/// (`a/b` → `a-b~…`, never the same as the id `a-b`; `.`, `..` and `-` get different names).
#[must_use]
pub fn file_safe(id: &str) -> String {
    let safe: String =
        id.chars().map(|c| if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' }).collect();
    let trimmed = safe.trim_matches(|c| c == '.' || c == '-');
    if trimmed == id && !id.is_empty() && id.len() <= FILE_SAFE_MAX {
        return id.to_owned();
    }
    let mut cut = trimmed.len().min(FILE_SAFE_MAX);
    while !trimmed.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = if cut == 0 { "actor" } else { &trimmed[..cut] };
    format!("{stem}~{:016x}", twox_hash::XxHash3_64::oneshot(id.as_bytes()))
}

/// How `--cluster-by` groups actors into boxes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClusterBy {
    /// `tag:T[,T…]`: one box per listed tag; an actor goes into the first listed tag it carries.
    Tags(Vec<String>),
    /// `attr:NAME`: one box per value of the attribute (`attr:country`).
    Attr(String),
    /// `kind`: one box per actor kind.
    Kind,
}

impl std::str::FromStr for ClusterBy {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let usage = "write tag:NAME[,NAME…], attr:NAME or kind (e.g. attr:country)";
        match text.split_once(':') {
            None if text == "kind" => Ok(Self::Kind),
            Some(("tag", tags)) => {
                let tags: Vec<String> =
                    tags.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
                if tags.is_empty() {
                    Err(format!("no tag given; {usage}"))
                } else {
                    Ok(Self::Tags(tags))
                }
            }
            Some(("attr", name)) if !name.trim().is_empty() => Ok(Self::Attr(name.trim().to_owned())),
            Some(("attr", _)) => Err(format!("no attribute given; {usage}")),
            _ => Err(format!("'{text}' is not a way to cluster; {usage}")),
        }
    }
}

impl ClusterBy {
    /// Groups `actors` into clusters, sorted by label; actors that fit no cluster are left out of all.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for `--cluster-by` when no actor of the graph has the tag or attribute, with
    /// suggestions.
    pub fn clusters(&self, graph: &ActorGraph, actors: &BTreeSet<ActorIx>) -> Result<Vec<Cluster>> {
        let mut groups: BTreeMap<String, Vec<ActorIx>> = BTreeMap::new();
        match self {
            Self::Tags(tags) => {
                for tag in tags {
                    if !graph.actors().iter().any(|a| a.tags.contains(tag)) {
                        let known: BTreeSet<&str> =
                            graph.actors().iter().flat_map(|a| a.tags.iter().map(String::as_str)).collect();
                        return Err(unknown("tag", tag, known));
                    }
                }
                for &a in actors {
                    let actor = graph.actor(a);
                    if let Some(tag) = tags.iter().find(|t| actor.tags.contains(t)) {
                        groups.entry(format!("tag: {tag}")).or_default().push(a);
                    }
                }
            }
            Self::Attr(name) => {
                if !graph.actors().iter().any(|a| a.attrs.contains_key(name)) {
                    let known: BTreeSet<&str> =
                        graph.actors().iter().flat_map(|a| a.attrs.keys().map(String::as_str)).collect();
                    return Err(unknown("attribute", name, known));
                }
                for &a in actors {
                    if let Some(value) = graph.actor(a).attrs.get(name) {
                        groups.entry(format!("{name} = {value}")).or_default().push(a);
                    }
                }
            }
            Self::Kind => {
                for &a in actors {
                    let kind = &graph.actor(a).kind;
                    let label = if kind.is_empty() { "kind: (none)".to_owned() } else { format!("kind: {kind}") };
                    groups.entry(label).or_default().push(a);
                }
            }
        }
        Ok(groups.into_iter().map(|(label, members)| Cluster { label, members }).collect())
    }
}

fn unknown(what: &str, name: &str, known: BTreeSet<&str>) -> Error {
    let near = suggest(name, known.iter().copied(), 2);
    let message = if near.is_empty() {
        let list: Vec<&str> = known.into_iter().collect();
        format!("no actor has the {what} '{name}'; the {what}s are: {}", list.join(", "))
    } else {
        format!("no actor has the {what} '{name}'; did you mean '{}'?", near.join("' or '"))
    };
    Error::InvalidSetting { setting: crate::error::Setting::ClusterBy, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    #[test]
    fn cluster_specs_parse_or_explain() {
        assert_eq!("kind".parse(), Ok(ClusterBy::Kind));
        assert_eq!("attr:country".parse(), Ok(ClusterBy::Attr("country".into())));
        assert_eq!("tag:hashd, iran".parse(), Ok(ClusterBy::Tags(vec!["hashd".into(), "iran".into()])));
        for bad in ["country", "tag:", "attr:", "bloc:1", ""] {
            let error = bad.parse::<ClusterBy>().unwrap_err();
            assert!(error.contains("attr:NAME"), "{bad}: {error}");
        }
    }

    #[test]
    fn clusters_by_country_split_iraq_and_syria() {
        let graph = crate::load::embedded();
        let all: BTreeSet<ActorIx> = (0..26).map(ActorIx::new).collect();
        let clusters = ClusterBy::Attr("country".into()).clusters(&graph, &all).unwrap();
        let labels: Vec<&str> = clusters.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["country = IQ", "country = IR", "country = SY"]);
        assert!(clusters[0].members.contains(&graph.actor_ix("pmf").unwrap()));
        let error = ClusterBy::Attr("contry".into()).clusters(&graph, &all).unwrap_err().to_string();
        assert!(error.contains("did you mean 'country'"), "{error}");
        let first_tag_wins = ClusterBy::Tags(vec!["iran".into(), "hashd".into()]).clusters(&graph, &all).unwrap();
        let kh = graph.actor_ix("kataib-hezbollah").unwrap();
        assert!(first_tag_wins.iter().any(|c| c.label == "tag: hashd" && c.members.contains(&kh)));
    }

    #[test]
    fn ego_network_depth_zero_is_the_center_alone() {
        let graph = crate::load::embedded();
        let view = View::new(&graph, &Filter::default());
        let pmf = graph.actor_ix("pmf").unwrap();
        let alone = Selection::focus(&view, pmf, 0);
        assert_eq!(alone.actors.iter().copied().collect::<Vec<_>>(), [pmf]);
        assert!(alone.relations.is_empty());
        let wider = Selection::focus(&view, pmf, 2);
        assert!(wider.actors.len() > Selection::focus(&view, pmf, 1).actors.len());
        assert_eq!(wider.name, "focus-pmf");
    }

    #[test]
    fn cutting_while_selecting_draws_what_cutting_the_whole_ego_network_draws() {
        // The bundled dataset has denials and reports, so authors outside the ego network are ranked too.
        let graph = crate::load::embedded();
        let view = View::new(&graph, &Filter::default());
        let mut cuts = 0;
        for center in view.actors() {
            for depth in 1..=3 {
                for max in [1, 2, 5, 9, 20] {
                    let options = super::super::Options { max_nodes: Some(max), ..super::super::Options::default() };
                    let whole = super::super::build(
                        &view,
                        &Selection::focus(&view, center, depth),
                        &Filter::default(),
                        &options,
                    );
                    let cut = Selection::focus_at_most(&view, center, depth, Some(max), RankBy::Degree);
                    cuts += usize::from(cut.cut_at.is_some());
                    let drawn = super::super::build(&view, &cut, &Filter::default(), &options);
                    assert_eq!(drawn, whole, "center {}, depth {depth}, max {max}", graph.actor(center).id);
                }
            }
        }
        assert!(cuts > 100, "only {cuts} selections were cut");
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_safe("kataib-hezbollah"), "kataib-hezbollah");
        assert!(file_safe("../etc/passwd").starts_with("etc-passwd~"));
        assert_eq!(file_safe("حزب"), "حزب");
        assert!(file_safe("///").starts_with("actor~"));
        assert_ne!(file_safe("a/b"), file_safe("a-b"));
        let odd = [".", "..", "-", "a/b", "a-b", "a b", &"x".repeat(300), &"x".repeat(301)];
        let names: std::collections::BTreeSet<String> = odd.iter().map(|id| file_safe(id)).collect();
        assert_eq!(names.len(), odd.len());
        assert!(names.iter().all(|n| n.len() < 200 && !n.contains('/') && n != "." && n != ".."));
    }
}
