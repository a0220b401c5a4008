//! The loaded graph: actors as nodes, relations between actors as edges, and an index for statements that
//! target relations rather than actors.

use std::hash::BuildHasher;
use std::sync::OnceLock;

use fixedbitset::FixedBitSet;
use hashbrown::HashTable;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::Direction;

use super::csr::Csr;
use super::evidence::{self, Validity};
use super::ix;
use super::table::Table;
use super::{Actor, ActorIx, Grade, KindInfo, Relation, RelationIx, RelationKinds, Source, SourceIx, Target};

/// One input file and the title it gives itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetFile {
    /// The path as given (or `hashd-syria-2024-12.json (built in)` for the embedded dataset).
    pub path: String,
    /// The dataset's `title`, if it has one.
    pub title: Option<String>,
    /// The dataset's `description`, if it has one.
    pub description: Option<String>,
    /// For a file read from another format: what its reader kept and left out.
    pub import: Option<super::ImportSummary>,
}

/// Actors, relations and sources, with the relations between actors indexed by actor both ways.
///
/// The adjacency is built once, as compressed sparse rows ([`ActorGraph::edges`]): every query walks it
/// without building a graph of its own. Relations whose target is another relation (a denial of a claim,
/// say) are not edges: they are found through [`ActorGraph::statements_about`] and
/// [`ActorGraph::statements_by`]. A petgraph graph of the same edges ([`ActorGraph::graph`]) is built only
/// when something asks for it.
///
/// ```
/// let graph = actorgraph::load::from_json_str("example.json", r#"{
///   "format": "actorgraph/1",
///   "actors": [{"id": "iran", "name": "Iran"}, {"id": "assad", "name": "Bashar al-Assad"},
///              {"id": "fayyadh"}],
///   "relations": [{"id": "r1", "from": "iran", "to": "assad", "kind": "supports"},
///                 {"id": "r2", "from": "fayyadh", "to": "r1", "kind": "denies"}]
/// }"#).unwrap();
/// assert_eq!(graph.actors().len(), 3);
/// assert_eq!(graph.graph().edge_count(), 1);
/// let r1 = graph.relation_ix("r1").unwrap();
/// assert_eq!(graph.statements_about(r1).count(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct ActorGraph {
    files: Vec<DatasetFile>,
    actors: Table<Actor>,
    relations: Table<Relation>,
    /// Every actor's id and name in one block each, when the actors are read in pages (from a snapshot):
    /// looking an actor up or naming one then reads no page.
    actor_texts: Option<ActorTexts>,
    sources: Vec<Source>,
    kinds: RelationKinds,
    /// Per actor, `(relation, other actor)` of the relations that leave it / reach it.
    outgoing: Csr<(RelationIx, ActorIx)>,
    incoming: Csr<(RelationIx, ActorIx)>,
    /// Per actor, the statements about relations it makes, in load order.
    stated: Csr<RelationIx>,
    /// Built on first use (nothing in the crate's queries needs it), with the edge of each relation.
    petgraph: OnceLock<Petgraph>,
    /// Built on first use: a loaded snapshot answering one query about one actor need not index a million
    /// relation ids.
    actor_by_id: OnceLock<IdIndex>,
    relation_by_id: OnceLock<IdIndex>,
    source_by_id: OnceLock<IdIndex>,
    /// `(target relation, statement relation)`, sorted, so statements about a relation are one binary search.
    statements: Vec<(RelationIx, RelationIx)>,
    /// Each source's origins (see [`ActorGraph::origins`]), built on first use.
    origins: OnceLock<Vec<Box<[SourceIx]>>>,
    /// Per relation, whether its kind holds both ways: walks test it for every edge without reading the
    /// relation's record.
    symmetric: FixedBitSet,
    /// The rank of each actor's id and each relation's id in byte order ([`ActorGraph::actor_ranks`]),
    /// built on first use.
    actor_ranks: OnceLock<Vec<u32>>,
    relation_ranks: OnceLock<Vec<u32>>,
    /// How many relations have no confidence, counted on first use (or known from the snapshot).
    unknown_confidence: OnceLock<usize>,
}

/// Per actor, `(relation, other actor)` of the relations leaving it or reaching it ([`ActorGraph::edges`]).
pub type Adjacency = Csr<(RelationIx, ActorIx)>;

/// Every actor's id and name, each list as one block of text and where each piece ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorTexts {
    /// The ids.
    pub ids: TextList,
    /// The display names.
    pub names: TextList,
}

/// A list of strings kept as one block of text and where each string ends: two allocations for any
/// number of strings.
///
/// ```
/// use actorgraph::model::TextList;
/// let list = TextList::new(["iran", "", "assad"]);
/// assert_eq!((list.len(), list.get(0), list.get(1), list.get(2)), (3, "iran", "", "assad"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextList {
    text: String,
    ends: Vec<u32>,
}

impl TextList {
    /// The list of `items`.
    ///
    /// # Panics
    /// If the text passes 4 GiB.
    pub fn new<'a>(items: impl IntoIterator<Item = &'a str>) -> Self {
        let mut list = Self::default();
        for item in items {
            list.text.push_str(item);
            list.ends.push(u32::try_from(list.text.len()).expect("a text list under 4 GiB"));
        }
        list
    }

    /// The list from its parts: `ends` never decrease, end at `text.len()` and fall on character
    /// boundaries; `None` otherwise.
    #[must_use]
    pub fn from_parts(text: String, ends: Vec<u32>) -> Option<Self> {
        let mut last = 0;
        for &end in &ends {
            if end < last || !text.is_char_boundary(end as usize) {
                return None;
            }
            last = end;
        }
        (last as usize == text.len()).then_some(Self { text, ends })
    }

    /// How many strings there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// String `i`.
    ///
    /// # Panics
    /// If `i` is out of range.
    #[must_use]
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The block of text and where each string ends (what a snapshot writes).
    #[must_use]
    pub fn parts(&self) -> (&str, &[u32]) {
        (&self.text, &self.ends)
    }
}

/// What a graph opened from a snapshot is made of: the tables (read in pages), the indices as they were
/// stored, and the counts known without reading the records.
pub struct StoredGraph {
    /// The input files.
    pub files: Vec<DatasetFile>,
    /// The actors.
    pub actors: Table<Actor>,
    /// Every actor's id and name (must agree with `actors`).
    pub actor_texts: ActorTexts,
    /// The relations.
    pub relations: Table<Relation>,
    /// The sources.
    pub sources: Vec<Source>,
    /// The kinds.
    pub kinds: RelationKinds,
    /// As [`ActorGraph::edges`] gives them.
    pub outgoing: Adjacency,
    /// As [`ActorGraph::edges`] gives them.
    pub incoming: Adjacency,
    /// As [`ActorGraph::statements_by`] gives them.
    pub stated: Csr<RelationIx>,
    /// `(target relation, statement)`, sorted.
    pub statements: Vec<(RelationIx, RelationIx)>,
    /// Per relation, whether its kind is symmetric.
    pub symmetric: FixedBitSet,
    /// How many relations have no confidence.
    pub unknown_confidence: usize,
}

#[derive(Debug, Clone)]
struct Petgraph {
    graph: DiGraph<ActorIx, RelationIx, u32>,
    edge_of: Vec<Option<EdgeIndex<u32>>>,
}

/// An index from ids to positions that stores only the positions (4 bytes each) and reads the ids from the
/// list they belong to, so a million ids are not copied into a map.
#[derive(Clone, Default)]
struct IdIndex {
    table: HashTable<u32>,
    hasher: foldhash::quality::RandomState,
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

impl IdIndex {
    /// Indexes `ids` (item `i` is found at position `i`). A repeated id keeps its first position.
    fn new<'a>(ids: impl ExactSizeIterator<Item = &'a str> + Clone, id_of: impl Fn(u32) -> &'a str) -> Self {
        let mut index = Self { table: HashTable::with_capacity(ids.len()), hasher: Default::default() };
        for (i, id) in ids.enumerate() {
            let hash = index.hasher.hash_one(id);
            if index.table.find(hash, |&j| id_of(j) == id).is_none() {
                let hasher = &index.hasher;
                index.table.insert_unique(hash, ix(i), |&j| hasher.hash_one(id_of(j)));
            }
        }
        index
    }

    fn get<'a>(&self, id: &str, id_of: impl Fn(u32) -> &'a str) -> Option<u32> {
        self.table.find(self.hasher.hash_one(id), |&j| id_of(j) == id).copied()
    }
}

impl ActorGraph {
    /// Builds the graph from resolved parts. The loader checks ids and references before calling this; the
    /// indices inside `relations` must be valid for `actors`, `relations` and `sources`.
    #[must_use]
    pub fn from_parts(
        files: Vec<DatasetFile>,
        actors: Vec<Actor>,
        relations: Vec<Relation>,
        sources: Vec<Source>,
        kinds: RelationKinds,
    ) -> Self {
        let n = actors.len();
        // One pass over the records (large, and read from memory once), into compact lists.
        let mut edges: Vec<(RelationIx, ActorIx, ActorIx)> = Vec::with_capacity(relations.len());
        let mut statements: Vec<(RelationIx, RelationIx)> = Vec::new();
        let mut symmetric = FixedBitSet::with_capacity(relations.len());
        for (i, r) in relations.iter().enumerate() {
            if kinds.get(r.kind).symmetric {
                symmetric.insert(i);
            }
            match r.to {
                Target::Actor(to) => edges.push((RelationIx::new(i), r.from, to)),
                Target::Relation(target) => statements.push((target, RelationIx::new(i))),
            }
        }
        // Latest relation first in each actor's lists: the order petgraph's adjacency lists (which queries
        // walked before this index, and whose results the tests pin) give.
        let outgoing = Csr::group(n, edges.iter().rev().map(|&(r, from, to)| (from, (r, to))));
        let incoming = Csr::group(n, edges.iter().rev().map(|&(r, from, to)| (to, (r, from))));
        drop(edges);
        let stated = Csr::group(n, statements.iter().map(|&(_, s)| (relations[s.index()].from, s)));
        statements.sort_unstable();
        Self {
            files,
            actors: Table::whole(actors),
            relations: Table::whole(relations),
            actor_texts: None,
            sources,
            kinds,
            outgoing,
            incoming,
            stated,
            petgraph: OnceLock::new(),
            actor_by_id: OnceLock::new(),
            relation_by_id: OnceLock::new(),
            source_by_id: OnceLock::new(),
            statements,
            origins: OnceLock::new(),
            symmetric,
            actor_ranks: OnceLock::new(),
            relation_ranks: OnceLock::new(),
            unknown_confidence: OnceLock::new(),
        }
    }

    /// A graph from what a snapshot stored (see [`StoredGraph`]). The parts must agree with each other, as
    /// the snapshot's reader checks.
    #[must_use]
    pub fn from_stored(stored: StoredGraph) -> Self {
        Self {
            files: stored.files,
            actors: stored.actors,
            relations: stored.relations,
            actor_texts: Some(stored.actor_texts),
            sources: stored.sources,
            kinds: stored.kinds,
            outgoing: stored.outgoing,
            incoming: stored.incoming,
            stated: stored.stated,
            petgraph: OnceLock::new(),
            actor_by_id: OnceLock::new(),
            relation_by_id: OnceLock::new(),
            source_by_id: OnceLock::new(),
            statements: stored.statements,
            origins: OnceLock::new(),
            symmetric: stored.symmetric,
            actor_ranks: OnceLock::new(),
            relation_ranks: OnceLock::new(),
            unknown_confidence: OnceLock::from(stored.unknown_confidence),
        }
    }

    /// The adjacency both ways and the statements by actor, as stored in a snapshot.
    #[must_use]
    pub fn indices(&self) -> (&Adjacency, &Adjacency, &Csr<RelationIx>) {
        (&self.outgoing, &self.incoming, &self.stated)
    }

    /// `(target relation, statement)` for every statement about a relation, sorted.
    #[must_use]
    pub fn statement_pairs(&self) -> &[(RelationIx, RelationIx)] {
        &self.statements
    }

    /// Per relation, whether its kind holds both ways.
    #[must_use]
    pub fn symmetric_relations(&self) -> &FixedBitSet {
        &self.symmetric
    }

    /// How many relations have no confidence (counted once, or known from the snapshot).
    #[must_use]
    pub fn unknown_confidence_count(&self) -> usize {
        *self.unknown_confidence.get_or_init(|| self.relations.iter().filter(|r| r.confidence.is_none()).count())
    }

    /// An actor's id, without reading its record when the graph came from a snapshot.
    ///
    /// # Panics
    /// If `actor` is out of range.
    #[must_use]
    pub fn actor_id(&self, actor: ActorIx) -> &str {
        match &self.actor_texts {
            Some(texts) => texts.ids.get(actor.index()),
            None => &self.actors[actor.index()].id,
        }
    }

    /// An actor's display name, without reading its record when the graph came from a snapshot.
    ///
    /// # Panics
    /// If `actor` is out of range.
    #[must_use]
    pub fn actor_name(&self, actor: ActorIx) -> &str {
        match &self.actor_texts {
            Some(texts) => texts.names.get(actor.index()),
            None => &self.actors[actor.index()].name,
        }
    }

    /// The files the graph was loaded from.
    #[must_use]
    pub fn files(&self) -> &[DatasetFile] {
        &self.files
    }

    /// Every actor, in load order.
    #[must_use]
    pub fn actors(&self) -> &Table<Actor> {
        &self.actors
    }

    /// Every relation, in load order.
    #[must_use]
    pub fn relations(&self) -> &Table<Relation> {
        &self.relations
    }

    /// Every source, in load order.
    #[must_use]
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The relation kinds in use, with their semantics.
    #[must_use]
    pub fn kinds(&self) -> &RelationKinds {
        &self.kinds
    }

    /// A petgraph graph of the relations between actors: node `i` is actor `i`, edge weights are relation
    /// indices, edges added in load order. Built on the first call (for petgraph's algorithms); queries walk
    /// [`ActorGraph::edges`] instead.
    #[must_use]
    pub fn graph(&self) -> &DiGraph<ActorIx, RelationIx, u32> {
        &self.petgraph().graph
    }

    fn petgraph(&self) -> &Petgraph {
        self.petgraph.get_or_init(|| {
            let mut graph = DiGraph::with_capacity(self.actors.len(), self.outgoing.items().len());
            for i in 0..self.actors.len() {
                graph.add_node(ActorIx::new(i));
            }
            let edge_of = self
                .relations
                .iter()
                .enumerate()
                .map(|(i, relation)| match relation.to {
                    Target::Actor(to) => Some(graph.add_edge(
                        NodeIndex::new(relation.from.index()),
                        NodeIndex::new(to.index()),
                        RelationIx::new(i),
                    )),
                    Target::Relation(_) => None,
                })
                .collect();
            Petgraph { graph, edge_of }
        })
    }

    /// The relations between actors that leave (`Outgoing`) or reach (`Incoming`) `actor`, each with the
    /// actor at its other end, latest relation first.
    ///
    /// # Complexity
    /// O(1): a slice of the adjacency built at load.
    ///
    /// # Panics
    /// If `actor` is out of range.
    #[must_use]
    pub fn edges(&self, actor: ActorIx, direction: Direction) -> &[(RelationIx, ActorIx)] {
        match direction {
            Direction::Outgoing => self.outgoing.row(actor),
            Direction::Incoming => self.incoming.row(actor),
        }
    }

    /// How many relations between actors leave or reach `actor` (parallel relations each count).
    ///
    /// # Panics
    /// If `actor` is out of range.
    #[must_use]
    pub fn degree(&self, actor: ActorIx) -> usize {
        self.outgoing.row(actor).len() + self.incoming.row(actor).len()
    }

    /// The statements about relations that `actor` makes (its denials, claims, reports), in load order.
    ///
    /// # Panics
    /// If `actor` is out of range.
    #[must_use]
    pub fn statements_by(&self, actor: ActorIx) -> &[RelationIx] {
        self.stated.row(actor)
    }

    /// Whether a relation links two actors (an edge), rather than being a statement about a relation.
    ///
    /// # Panics
    /// If `relation` is out of range.
    #[must_use]
    pub fn is_edge(&self, relation: RelationIx) -> bool {
        matches!(self.relation(relation).to, Target::Actor(_))
    }

    /// Whether a relation's kind holds both ways (`allied_with`, `meets`): [`KindInfo::symmetric`] of its
    /// kind, without reading the relation's record.
    ///
    /// # Panics
    /// If `relation` is out of range.
    #[must_use]
    pub fn is_symmetric(&self, relation: RelationIx) -> bool {
        self.symmetric.contains(relation.index())
    }

    /// For each actor, the rank of its id among all actor ids in byte order: sorting actors by this number
    /// sorts them by id, comparing integers instead of strings. Equal ids (which the loader refuses) would
    /// share a rank. Built on the first call, on every core.
    ///
    /// # Complexity
    /// O(n log n) string comparisons for n actors, once; O(1) afterwards.
    #[must_use]
    pub fn actor_ranks(&self) -> &[u32] {
        self.actor_ranks
            .get_or_init(|| id_ranks((0..self.actors.len()).map(|i| self.actor_id(ActorIx::new(i))).collect()))
    }

    /// For each relation, the rank of its id among all relation ids in byte order, as
    /// [`ActorGraph::actor_ranks`] for actors.
    ///
    /// # Complexity
    /// O(m log m) string comparisons for m relations, once; O(1) afterwards.
    #[must_use]
    pub fn relation_ranks(&self) -> &[u32] {
        self.relation_ranks.get_or_init(|| id_ranks(self.relations.iter().map(|r| &*r.id).collect()))
    }

    /// [`ActorGraph::actor_ranks`] if ordering `k` actors by id is better done with them: when they exist
    /// already, or `k` is at least a quarter of all actors (ranking all then costs a few sorts of `k`, and
    /// later sorts are nearly free); `None` when one sort of `k` strings is cheaper.
    #[must_use]
    pub fn actor_ranks_for(&self, k: usize) -> Option<&[u32]> {
        (self.actor_ranks.get().is_some() || k.saturating_mul(4) >= self.actors.len()).then(|| self.actor_ranks())
    }

    /// [`ActorGraph::relation_ranks`] if ordering `k` relations by id is better done with them, as
    /// [`ActorGraph::actor_ranks_for`].
    #[must_use]
    pub fn relation_ranks_for(&self, k: usize) -> Option<&[u32]> {
        (self.relation_ranks.get().is_some() || k.saturating_mul(4) >= self.relations.len())
            .then(|| self.relation_ranks())
    }

    /// Sorts `items` by `key`'s first part, then by the id of the actor its second part names; stable. The
    /// order is that of comparing the id strings; when `items` is a good share of all actors (or the ranks
    /// exist already) it compares [`ActorGraph::actor_ranks`] instead, which is several times faster.
    ///
    /// # Complexity
    /// O(k log k) for k items, plus building the ranks once when they are used.
    pub fn sort_by_actor_id<T, P: Ord>(&self, items: &mut [T], key: impl Fn(&T) -> (P, ActorIx)) {
        let ranks = self.actor_ranks_for(items.len());
        sort_by_id(items, key, ranks, |a| a.index(), |a| self.actor_id(a));
    }

    /// Sorts `items` by `key`'s first part, then by the id of the relation its second part names; stable,
    /// as [`ActorGraph::sort_by_actor_id`] (with [`ActorGraph::relation_ranks`]).
    ///
    /// # Complexity
    /// O(k log k) for k items, plus building the ranks once when they are used.
    pub fn sort_by_relation_id<T, P: Ord>(&self, items: &mut [T], key: impl Fn(&T) -> (P, RelationIx)) {
        let ranks = self.relation_ranks_for(items.len());
        sort_by_id(items, key, ranks, |r| r.index(), |r| &*self.relation(r).id);
    }

    /// One actor.
    ///
    /// # Panics
    /// If `ix` is out of range.
    #[must_use]
    pub fn actor(&self, ix: ActorIx) -> &Actor {
        &self.actors[ix.index()]
    }

    /// One relation.
    ///
    /// # Panics
    /// If `ix` is out of range.
    #[must_use]
    pub fn relation(&self, ix: RelationIx) -> &Relation {
        &self.relations[ix.index()]
    }

    /// Makes the records of `relations` ready to read, decoding the pages that hold them on every core
    /// when the graph came from a snapshot (nothing to do otherwise): for a query about many relations
    /// spread over the table, such as a hub's.
    pub fn prepare_relations(&self, relations: &[RelationIx]) {
        if relations.len() > 1 {
            self.relations.read_pages_of(relations.iter().map(|r| r.index()));
        }
    }

    /// One source.
    ///
    /// # Panics
    /// If `ix` is out of range.
    #[must_use]
    pub fn source(&self, ix: SourceIx) -> &Source {
        &self.sources[ix.index()]
    }

    /// The actor with this exact id. For names and aliases use [`crate::lookup::ActorLookup`].
    #[must_use]
    pub fn actor_ix(&self, id: &str) -> Option<ActorIx> {
        let id_of = |i: u32| self.actor_id(ActorIx::from_u32(i));
        self.actor_by_id
            .get_or_init(|| IdIndex::new((0..self.actors.len()).map(|i| self.actor_id(ActorIx::new(i))), id_of))
            .get(id, id_of)
            .map(ActorIx::from_u32)
    }

    /// The relation with this exact id.
    #[must_use]
    pub fn relation_ix(&self, id: &str) -> Option<RelationIx> {
        let id_of = |i: u32| &*self.relations[i as usize].id;
        self.relation_by_id
            .get_or_init(|| IdIndex::new(self.relations.iter().map(|r| &*r.id), id_of))
            .get(id, id_of)
            .map(RelationIx::from_u32)
    }

    /// The source with this exact id.
    #[must_use]
    pub fn source_ix(&self, id: &str) -> Option<SourceIx> {
        let id_of = |i: u32| self.sources[i as usize].id.as_str();
        self.source_by_id
            .get_or_init(|| IdIndex::new(self.sources.iter().map(|s| s.id.as_str()), id_of))
            .get(id, id_of)
            .map(SourceIx::from_u32)
    }

    /// The semantics of a relation's kind.
    #[must_use]
    pub fn kind_of(&self, relation: &Relation) -> &KindInfo {
        self.kinds.get(relation.kind)
    }

    /// The edge of a relation in [`ActorGraph::graph`] (`None` for statements about relations). Builds that
    /// graph on the first call.
    #[must_use]
    pub fn edge_of(&self, relation: RelationIx) -> Option<EdgeIndex<u32>> {
        self.petgraph().edge_of.get(relation.index()).copied().flatten()
    }

    /// The statements (denials, claims, reports) whose target is `relation`, in load order.
    pub fn statements_about(&self, relation: RelationIx) -> impl Iterator<Item = RelationIx> + '_ {
        let start = self.statements.partition_point(|&(t, _)| t < relation);
        self.statements[start..].iter().take_while(move |&&(t, _)| t == relation).map(|&(_, s)| s)
    }

    /// Whether any statement of a kind named `kind` targets `relation` (e.g. is it denied?).
    #[must_use]
    pub fn has_statement(&self, relation: RelationIx, kind: &str) -> bool {
        self.statements_about(relation).any(|s| self.kind_of(self.relation(s)).name == kind)
    }

    /// The Admiralty grade of a relation: the best reliability among its sources, and its credibility.
    #[must_use]
    pub fn grade(&self, relation: &Relation) -> Grade {
        let reliability = relation.sources.iter().filter_map(|&s| self.source(s).reliability).min().unwrap_or('F');
        Grade { reliability, credibility: relation.credibility.unwrap_or(6) }
    }

    /// The id of what a relation points at: an actor id, or a relation id for statements about claims.
    #[must_use]
    pub fn target_id(&self, relation: &Relation) -> &str {
        match relation.to {
            Target::Actor(a) => self.actor_id(a),
            Target::Relation(r) => &self.relation(r).id,
        }
    }

    /// A one-line description of a relation for people: `Iran supports Bashar al-Assad`, or for a statement
    /// about a claim, `Falah al-Fayyadh denies [PMF deploys_to Syria]`.
    #[must_use]
    pub fn describe(&self, relation: &Relation) -> String {
        self.description(relation).to_string()
    }

    /// [`ActorGraph::describe`] as something to write (`format!`, a JSON string) without building the
    /// `String` first.
    #[must_use]
    pub fn description<'a>(&'a self, relation: &'a Relation) -> Description<'a> {
        Description { graph: self, relation, depth: 0 }
    }

    /// The origins of a source: the sources reached by following `derived_from` to its end, sorted; a source
    /// that rests on nothing is its own origin.
    ///
    /// # Panics
    /// If `source` is out of range.
    #[must_use]
    pub fn origins(&self, source: SourceIx) -> &[SourceIx] {
        let all = self.origins.get_or_init(|| {
            let links: Vec<&[SourceIx]> = self.sources.iter().map(|s| s.derived_from.as_slice()).collect();
            evidence::origins(&links)
        });
        &all[source.index()]
    }

    /// How many of a relation's sources are independent: the largest number of its cited sources whose
    /// origins are pairwise disjoint. `[reuters, brief]` where the brief relays Reuters counts 1; a repeated
    /// id counts once; no sources count 0.
    ///
    /// # Complexity
    /// Linear in the citations when no cited source rests on another; otherwise exact up to
    /// [`super::EXACT_LIMIT`] distinct cited sources (a maximum set packing) and greedy (a lower bound) above.
    ///
    /// ```
    /// let graph = actorgraph::load::from_json_str("t.json", r#"{"format": "actorgraph/1",
    ///   "actors": [{"id": "a"}, {"id": "b"}],
    ///   "sources": [{"id": "wire"}, {"id": "brief", "derived_from": ["wire"]}, {"id": "monitor"}],
    ///   "relations": [{"id": "r", "from": "a", "to": "b", "kind": "supports",
    ///                  "sources": ["brief", "wire", "monitor", "monitor"]}]}"#).unwrap();
    /// let relation = graph.relation(actorgraph::model::RelationIx::new(0));
    /// assert_eq!(graph.independent_sources(relation), 2);
    /// ```
    #[must_use]
    pub fn independent_sources(&self, relation: &Relation) -> usize {
        if relation.sources.len() < 2 {
            return relation.sources.len(); // the usual case, without gathering anything
        }
        evidence::independent_of(&evidence::distinct_sources(relation), |s| self.origins(s))
    }

    /// How many of `sources` (distinct ids) are independent of each other, by the rule of
    /// [`Self::independent_sources`]: for evidence gathered from several relations, such as a family of claims.
    #[must_use]
    pub fn independent_of_sources(&self, sources: &[SourceIx]) -> usize {
        evidence::independent_of(sources, |s| self.origins(s))
    }

    /// The chains from a source to its origins, as people read them: `["Analyst brief → Reuters → Two Syrian
    /// military sources"]`; a source resting on nothing gives its own label alone. At most 20 chains.
    #[must_use]
    pub fn derivation(&self, source: SourceIx) -> Vec<String> {
        const MAX_CHAINS: usize = 20;
        let label = |s: SourceIx| {
            let s = self.source(s);
            s.publisher.clone().unwrap_or_else(|| s.id.clone())
        };
        let mut chains = Vec::new();
        let mut stack: Vec<Vec<SourceIx>> = vec![vec![source]];
        while let Some(path) = stack.pop() {
            if chains.len() >= MAX_CHAINS {
                break;
            }
            let last = path[path.len() - 1];
            let next: Vec<SourceIx> =
                self.source(last).derived_from.iter().copied().filter(|p| !path.contains(p)).collect();
            if next.is_empty() {
                chains.push(path.iter().map(|&s| label(s)).collect::<Vec<_>>().join(" \u{2192} "));
                continue;
            }
            for &p in next.iter().rev() {
                let mut longer = path.clone();
                longer.push(p);
                stack.push(longer);
            }
        }
        chains
    }

    /// The actors who deny a relation (the authors of `denies` statements about it), sorted by id, each once.
    /// A denial that is itself denied still counts; a reported denial counts for the denier, not the reporter.
    #[must_use]
    pub fn denied_by(&self, relation: RelationIx) -> Vec<ActorIx> {
        let mut deniers: Vec<ActorIx> = self
            .statements_about(relation)
            .map(|s| self.relation(s))
            .filter(|s| self.kind_of(s).name == super::DENIAL)
            .map(|s| s.from)
            .collect();
        deniers.sort_by(|&a, &b| self.actor_id(a).cmp(self.actor_id(b)));
        deniers.dedup();
        deniers
    }

    /// Whether some actor denies the relation.
    #[must_use]
    pub fn is_contested(&self, relation: RelationIx) -> bool {
        self.statements_about(relation).any(|s| self.kind_of(self.relation(s)).name == super::DENIAL)
    }

    /// Whether a chain of relations mixes periods: no moment at which every step holds. Each step is a set
    /// of alternatives (a path hop of parallel relations holds when one of them does). A chain under
    /// `--as-of` never mixes periods, as every relation in view holds at that date.
    ///
    /// # Complexity
    /// O(R²) for the R relations of the chain.
    #[must_use]
    pub fn mixes_periods<'a>(&self, steps: impl IntoIterator<Item = &'a [RelationIx]>) -> bool {
        let steps: Vec<Vec<Validity>> =
            steps.into_iter().map(|step| step.iter().map(|&r| self.validity(self.relation(r))).collect()).collect();
        !evidence::hold_together(&steps)
    }

    /// When a relation holds, by its kind's duration (see [`Validity`]).
    #[must_use]
    pub fn validity(&self, relation: &Relation) -> Validity {
        Validity::new(relation.date, relation.until, self.kind_of(relation).duration)
    }
}

/// Sorts `items` stably by `key`: its first part, then the id of the item its second part names, compared
/// as `ranks` (indexed by `position`) when given, else as the strings `id` gives.
fn sort_by_id<'a, T, P: Ord, I: Copy>(
    items: &mut [T],
    key: impl Fn(&T) -> (P, I),
    ranks: Option<&[u32]>,
    position: impl Fn(I) -> usize,
    id: impl Fn(I) -> &'a str,
) {
    if let Some(ranks) = ranks {
        items.sort_by_cached_key(|item| {
            let (first, i) = key(item);
            (first, ranks[position(i)])
        });
    } else {
        items.sort_by(|a, b| {
            let ((p, x), (q, y)) = (key(a), key(b));
            p.cmp(&q).then_with(|| id(x).cmp(id(y)))
        });
    }
}

/// The rank of each id in byte order: the position of its first equal in the sorted list. Sorted on every
/// core (`(id, position)` pairs, so the comparisons read the strings and nothing else).
fn id_ranks(ids: Vec<&str>) -> Vec<u32> {
    use rayon::slice::ParallelSliceMut;
    let mut sorted: Vec<(&str, u32)> = ids.into_iter().enumerate().map(|(i, id)| (id, ix(i))).collect();
    sorted.par_sort_unstable();
    let mut ranks = vec![0u32; sorted.len()];
    let mut rank = 0;
    for (position, &(id, i)) in sorted.iter().enumerate() {
        if position == 0 || sorted[position - 1].0 != id {
            rank = ix(position);
        }
        ranks[i as usize] = rank;
    }
    ranks
}

/// A relation's one-line description ([`ActorGraph::description`]).
#[derive(Clone, Copy)]
pub struct Description<'a> {
    graph: &'a ActorGraph,
    relation: &'a Relation,
    depth: usize,
}

impl std::fmt::Display for Description<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let graph = self.graph;
        let from = graph.actor_name(self.relation.from);
        let kind = &graph.kind_of(self.relation).name;
        match self.relation.to {
            Target::Actor(a) => write!(f, "{from} {kind} {}", graph.actor_name(a)),
            // Denial chains can be long (or, in broken input, circular); past a few levels the id is enough.
            Target::Relation(r) if self.depth < 3 => {
                let inner = Description { graph, relation: graph.relation(r), depth: self.depth + 1 };
                write!(f, "{from} {kind} [{inner}]")
            }
            Target::Relation(r) => write!(f, "{from} {kind} [{}]", graph.relation(r).id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph() -> ActorGraph {
        crate::load::from_json_str(
            "t.json",
            r#"{"format": "actorgraph/1",
                "actors": [{"id": "b"}, {"id": "a"}, {"id": "c"}, {"id": "ab"}],
                "relations": [{"id": "r2", "from": "a", "to": "b", "kind": "supports"},
                              {"id": "r10", "from": "b", "to": "c", "kind": "allied_with"},
                              {"id": "r1", "from": "c", "to": "r2", "kind": "denies"}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn ranks_order_ids_as_bytes_and_sorting_by_them_equals_sorting_by_id() {
        let g = graph();
        // a < ab < b < c; r1 < r10 < r2.
        assert_eq!(g.actor_ranks(), &[2, 0, 3, 1]);
        assert_eq!(g.relation_ranks(), &[2, 1, 0]);
        // One item of four actors takes the string comparison, four the ranks: the same order.
        let a = ActorIx::new;
        let mut one = vec![(1u8, a(2))];
        g.sort_by_actor_id(&mut one, |&(h, a)| (h, a));
        assert_eq!(one, [(1, a(2))]);
        let mut items: Vec<(u8, ActorIx)> = vec![(1, a(0)), (0, a(2)), (1, a(1)), (1, a(3))];
        let mut by_string = items.clone();
        by_string.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| g.actor(x.1).id.cmp(&g.actor(y.1).id)));
        g.sort_by_actor_id(&mut items, |&(h, a)| (h, a));
        assert_eq!(items, by_string);
        assert_eq!(items, [(0, a(2)), (1, a(1)), (1, a(3)), (1, a(0))]);
        let r = RelationIx::new;
        let mut relations: Vec<RelationIx> = vec![r(0), r(1), r(2)];
        g.sort_by_relation_id(&mut relations, |&r| ((), r));
        assert_eq!(relations, [r(2), r(1), r(0)]);
    }

    #[test]
    fn symmetric_kinds_are_known_without_the_records() {
        let g = graph();
        assert_eq!((0..3).map(|r| g.is_symmetric(RelationIx::new(r))).collect::<Vec<_>>(), [false, true, false]);
        let denial = g.relation(RelationIx::new(2));
        assert_eq!(g.description(denial).to_string(), "c denies [a supports b]");
        assert_eq!(g.describe(denial), "c denies [a supports b]");
    }
}
