//! `contradictions`: the claims some actor denies, who reports them and who denies them, and the claims
//! that rest on a single source.

use serde::Serialize;

use crate::model::records::RelationRecord;
use crate::model::{ActorGraph, ActorIx, RelationIx, SourceIx};

use super::View;

/// The kind of statement that contradicts a claim.
pub const DENIAL: &str = crate::model::DENIAL;
/// The kinds of statement that put a claim forward.
pub const ASSERTIONS: &[&str] = &["reports", "claims"];

/// One denied claim and the statements for and against it.
#[derive(Debug, Clone, PartialEq)]
pub struct Contradiction {
    /// The relation that is denied.
    pub claim: RelationIx,
    /// Statements of kind `reports` or `claims` about it, by actor id then id.
    pub reported_by: Vec<RelationIx>,
    /// Statements of kind `denies` about it, by actor id then id.
    pub denied_by: Vec<RelationIx>,
}

/// Denied claims that say one thing of several actors ("Hashd groups entered Syria", Kataib Hezbollah
/// included): claims of the same kind about the same target that share at least one denier.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// The claims, as positions in [`Contradictions::claims`], in claim id order.
    pub claims: Vec<usize>,
    /// Every actor who denies one of the claims, by id.
    pub deniers: Vec<ActorIx>,
    /// Every actor who reports or claims one of them, by id.
    pub reporters: Vec<ActorIx>,
    /// The distinct sources the claims cite, in the order first cited.
    pub sources: Vec<SourceIx>,
    /// How many of those sources are independent of each other: what the family rests on together (a source
    /// cited by two of the claims counts once).
    pub independent_sources: usize,
}

/// Every denied claim in a view, and the claims resting on one source or none.
#[derive(Debug, Clone, PartialEq)]
pub struct Contradictions {
    /// Denied claims, by claim id.
    pub claims: Vec<Contradiction>,
    /// The claims grouped into families ([`Family`]), every claim in exactly one; by the id of each family's
    /// first claim.
    pub families: Vec<Family>,
    /// Relations in view (statements left out) backed by exactly one independent source, by id.
    pub uncorroborated: Vec<RelationIx>,
    /// Relations in view (statements left out) backed by no source at all, by id.
    pub unsourced: Vec<RelationIx>,
}

/// The contradictions of a view: every relation that some actor *denies* (a statement of kind `denies`
/// whose target is that relation), with the statements that report or claim it (`reports`, `claims`) and
/// those that deny it, each citing its own date, sources and grade.
///
/// Also lists the claims that rest on a single independent source (*uncorroborated*: one source, or several
/// that relay one another, see [`ActorGraph::independent_sources`]) and those that cite none (*unsourced*). Statements (`denies`, `claims`, `reports` and other statement kinds) are left out of
/// these two lists: a statement's source attests that it was *said*, not that what it says is true, and
/// what it says is itself a relation that is checked. Only statements in view count (see [`View`]).
///
/// # Complexity
/// O(R log R) for the R relations in view.
///
/// ```
/// use actorgraph::query::{contradictions::contradictions, Filter, View};
/// let graph = actorgraph::load::embedded();
/// let c = contradictions(&View::new(&graph, &Filter::default()));
/// assert_eq!(&*graph.relation(c.claims[0].claim).id, "r-kh-deploys-syria");
/// assert_eq!(c.claims[0].denied_by.len(), 2);
/// ```
#[must_use]
pub fn contradictions(view: &View<'_>) -> Contradictions {
    let graph = view.graph();
    let by_actor_then_id = |list: &mut Vec<RelationIx>| {
        list.sort_by(|&a, &b| {
            let (ra, rb) = (graph.relation(a), graph.relation(b));
            graph.actor(ra.from).id.cmp(&graph.actor(rb.from).id).then_with(|| ra.id.cmp(&rb.id))
        });
    };
    let mut claims = Vec::new();
    let mut uncorroborated = Vec::new();
    let mut unsourced = Vec::new();
    for r in view.relations() {
        let relation = graph.relation(r);
        let mut denied_by = Vec::new();
        let mut reported_by = Vec::new();
        for s in view.statements_about(r) {
            let kind = &graph.kind_of(graph.relation(s)).name;
            if kind == DENIAL {
                denied_by.push(s);
            } else if ASSERTIONS.contains(&kind.as_str()) {
                reported_by.push(s);
            }
        }
        if !denied_by.is_empty() {
            by_actor_then_id(&mut denied_by);
            by_actor_then_id(&mut reported_by);
            claims.push(Contradiction { claim: r, reported_by, denied_by });
        }
        if !graph.kind_of(relation).statement {
            match graph.independent_sources(relation) {
                0 => unsourced.push(r),
                1 => uncorroborated.push(r),
                _ => {}
            }
        }
    }
    let by_id = |a: &RelationIx, b: &RelationIx| graph.relation(*a).id.cmp(&graph.relation(*b).id);
    claims.sort_by(|a, b| by_id(&a.claim, &b.claim));
    uncorroborated.sort_by(by_id);
    unsourced.sort_by(by_id);
    let families = families(graph, &claims);
    Contradictions { claims, families, uncorroborated, unsourced }
}

/// Groups claims (sorted by id) into families: same kind, same target, a denier in common, joined
/// transitively. Each family lists its members in claim order, and families come in the order of their first
/// claim.
fn families(graph: &ActorGraph, claims: &[Contradiction]) -> Vec<Family> {
    let deniers: Vec<Vec<ActorIx>> =
        claims.iter().map(|c| c.denied_by.iter().map(|&s| graph.relation(s).from).collect()).collect();
    // Union-find over the claims; n is the number of denied claims, small next to the relations.
    let mut parent: Vec<usize> = (0..claims.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..claims.len() {
        for j in i + 1..claims.len() {
            let (a, b) = (graph.relation(claims[i].claim), graph.relation(claims[j].claim));
            if a.kind == b.kind && a.to == b.to && deniers[i].iter().any(|d| deniers[j].contains(d)) {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let by_id = |list: &mut Vec<ActorIx>| {
        list.sort_by(|&a, &b| graph.actor(a).id.cmp(&graph.actor(b).id));
        list.dedup();
    };
    let mut families: Vec<Family> = Vec::new();
    let mut family_of: Vec<Option<usize>> = vec![None; claims.len()];
    for i in 0..claims.len() {
        let r = root(&mut parent, i);
        let f = match family_of[r] {
            Some(f) => f,
            None => {
                families.push(Family {
                    claims: Vec::new(),
                    deniers: Vec::new(),
                    reporters: Vec::new(),
                    sources: Vec::new(),
                    independent_sources: 0,
                });
                family_of[r] = Some(families.len() - 1);
                families.len() - 1
            }
        };
        let family = &mut families[f];
        family.claims.push(i);
        family.deniers.extend(&deniers[i]);
        family.reporters.extend(claims[i].reported_by.iter().map(|&s| graph.relation(s).from));
        for s in crate::model::distinct_sources(graph.relation(claims[i].claim)) {
            if !family.sources.contains(&s) {
                family.sources.push(s);
            }
        }
    }
    for family in &mut families {
        by_id(&mut family.deniers);
        by_id(&mut family.reporters);
        family.independent_sources = graph.independent_of_sources(&family.sources);
    }
    families
}

/// What a family of claims says, in one line: `Popular Mobilization Forces, Kataib Hezbollah deploys_to
/// Syria`: the claimants by name in claim order, the kind, the target.
#[must_use]
pub fn family_text(graph: &ActorGraph, claims: &[Contradiction], family: &Family) -> String {
    let mut subjects: Vec<&str> = Vec::new();
    for &i in &family.claims {
        let name = graph.actor(graph.relation(claims[i].claim).from).name.as_str();
        if !subjects.contains(&name) {
            subjects.push(name);
        }
    }
    let first = graph.relation(claims[family.claims[0]].claim);
    let target = match first.to {
        crate::model::Target::Actor(a) => graph.actor(a).name.clone(),
        crate::model::Target::Relation(r) => format!("relation {}", graph.relation(r).id),
    };
    format!("{} {} {target}", subjects.join(", "), graph.kind_of(first).name)
}

/// A statement about a claim in JSON output: who said it, when, on whose word.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatementRecord {
    /// The statement's relation id.
    pub relation: String,
    /// Who made it.
    pub actor: String,
    /// `denies`, `reports` or `claims`.
    pub kind: String,
    /// When, `null` if undated.
    pub date: Option<String>,
    /// Source ids.
    pub sources: Vec<String>,
    /// How many of the sources are independent of each other (a brief relaying the outlet it cites counts
    /// once with it).
    pub independent_sources: usize,
    /// The Admiralty grade.
    pub grade: String,
    /// The confidence, `null` when unknown.
    pub confidence: Option<f64>,
    /// Whether some actor denies the statement itself (a denied denial).
    pub contested: bool,
    /// Ids of the actors who deny the statement, by id.
    pub denied_by: Vec<String>,
    /// The analyst's note (often where it was said: an interview, a statement).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Free attributes of the statement (`place`, …), when it has any.
    #[serde(skip_serializing_if = "indexmap::IndexMap::is_empty")]
    pub attrs: indexmap::IndexMap<String, String>,
}

impl StatementRecord {
    /// The record of one statement.
    #[must_use]
    pub fn new(graph: &ActorGraph, statement: RelationIx) -> Self {
        let r = graph.relation(statement);
        let deniers = graph.denied_by(statement);
        Self {
            relation: r.id.to_string(),
            actor: graph.actor(r.from).id.clone(),
            kind: graph.kind_of(r).name.clone(),
            date: r.date.map(|d| d.to_string()),
            sources: r.sources.iter().map(|&s| graph.source(s).id.clone()).collect(),
            independent_sources: graph.independent_sources(r),
            grade: graph.grade(r).to_string(),
            confidence: r.confidence,
            contested: !deniers.is_empty(),
            denied_by: deniers.iter().map(|&a| graph.actor(a).id.clone()).collect(),
            note: r.note.as_deref().map(str::to_owned),
            attrs: (*r.attrs).clone(),
        }
    }
}

/// A claim resting on one independent source, in JSON output: the relation, and what each of its sources rests
/// on (`Analyst brief → Reuters → Two Syrian military sources`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UncorroboratedRecord {
    /// The relation.
    #[serde(flatten)]
    pub relation: RelationRecord,
    /// Each cited source's chain to its origins, one line per chain.
    pub rests_on: Vec<String>,
}

impl UncorroboratedRecord {
    /// The record of one relation.
    #[must_use]
    pub fn new(graph: &ActorGraph, relation: RelationIx) -> Self {
        Self { relation: RelationRecord::new(graph, relation), rests_on: rests_on(graph, relation) }
    }
}

/// What a relation's sources rest on, one chain per line, each once.
#[must_use]
pub fn rests_on(graph: &ActorGraph, relation: RelationIx) -> Vec<String> {
    let mut chains: Vec<String> = Vec::new();
    for s in crate::model::distinct_sources(graph.relation(relation)) {
        for chain in graph.derivation(s) {
            if !chains.contains(&chain) {
                chains.push(chain);
            }
        }
    }
    chains
}

/// One denied claim in JSON output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClaimRecord {
    /// The claim.
    pub claim: RelationRecord,
    /// Who reports or claims it.
    pub reported_by: Vec<StatementRecord>,
    /// Who denies it.
    pub denied_by: Vec<StatementRecord>,
}

/// A family of denied claims in JSON output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FamilyRecord {
    /// What the claims say together: `Popular Mobilization Forces, Kataib Hezbollah deploys_to Syria`.
    pub text: String,
    /// The relation kind the claims share.
    pub kind: String,
    /// The target they share (an actor id, or a relation id).
    pub to: String,
    /// The claims' relation ids, by id.
    pub claims: Vec<String>,
    /// Ids of every actor who denies one of them.
    pub deniers: Vec<String>,
    /// Ids of every actor who reports or claims one of them.
    pub reporters: Vec<String>,
    /// The distinct sources the claims cite.
    pub sources: Vec<String>,
    /// How many of those sources are independent of each other.
    pub independent_sources: usize,
}

/// The JSON shape of `contradictions`: `{"claims": [{"claim", "reported_by", "denied_by"}…], "families": […]}`, plus
/// `"uncorroborated"` and `"unsourced"` when asked for.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ContradictionsRecord {
    /// Denied claims, by claim id.
    pub claims: Vec<ClaimRecord>,
    /// The claims grouped into families: same kind, same target, a denier in common.
    pub families: Vec<FamilyRecord>,
    /// Relations backed by exactly one independent source (with `--uncorroborated`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncorroborated: Option<Vec<UncorroboratedRecord>>,
    /// Relations backed by no source (with `--uncorroborated`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsourced: Option<Vec<RelationRecord>>,
}

impl Contradictions {
    /// The JSON record; the single-source lists only when `uncorroborated` is set.
    #[must_use]
    pub fn record(&self, graph: &ActorGraph, uncorroborated: bool) -> ContradictionsRecord {
        let relations = |list: &[RelationIx]| list.iter().map(|&r| RelationRecord::new(graph, r)).collect();
        let statements = |list: &[RelationIx]| list.iter().map(|&r| StatementRecord::new(graph, r)).collect();
        ContradictionsRecord {
            claims: self
                .claims
                .iter()
                .map(|c| ClaimRecord {
                    claim: RelationRecord::new(graph, c.claim),
                    reported_by: statements(&c.reported_by),
                    denied_by: statements(&c.denied_by),
                })
                .collect(),
            families: self
                .families
                .iter()
                .map(|f| {
                    let first = graph.relation(self.claims[f.claims[0]].claim);
                    let actors = |list: &[ActorIx]| list.iter().map(|&a| graph.actor(a).id.clone()).collect();
                    FamilyRecord {
                        text: family_text(graph, &self.claims, f),
                        kind: graph.kind_of(first).name.clone(),
                        to: graph.target_id(first).to_owned(),
                        claims: f.claims.iter().map(|&i| graph.relation(self.claims[i].claim).id.to_string()).collect(),
                        deniers: actors(&f.deniers),
                        reporters: actors(&f.reporters),
                        sources: f.sources.iter().map(|&s| graph.source(s).id.clone()).collect(),
                        independent_sources: f.independent_sources,
                    }
                })
                .collect(),
            uncorroborated: uncorroborated
                .then(|| self.uncorroborated.iter().map(|&r| UncorroboratedRecord::new(graph, r)).collect()),
            unsourced: uncorroborated.then(|| relations(&self.unsourced)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    #[test]
    fn denials_reports_and_single_sources_are_sorted_out() {
        let graph = crate::load::from_json_str(
            "t.json",
            r#"{"format": "actorgraph/1",
                "actors": [{"id": "a"}, {"id": "b"}, {"id": "x"}, {"id": "y"}],
                "sources": [{"id": "s1"}, {"id": "s2"}],
                "relations": [
                  {"id": "r2", "from": "a", "to": "b", "kind": "supports", "sources": ["s1", "s2"]},
                  {"id": "r1", "from": "b", "to": "a", "kind": "attacks", "sources": ["s1"]},
                  {"id": "r3", "from": "a", "to": "b", "kind": "funds"},
                  {"id": "d2", "from": "y", "to": "r2", "kind": "denies", "sources": ["s1"]},
                  {"id": "d1", "from": "x", "to": "r2", "kind": "denies"},
                  {"id": "p1", "from": "x", "to": "r2", "kind": "reports", "sources": ["s2"]},
                  {"id": "c1", "from": "b", "to": "r1", "kind": "claims"}]}"#,
        )
        .unwrap();
        let c = contradictions(&View::new(&graph, &Filter::default()));
        let ids = |list: &[RelationIx]| list.iter().map(|&r| graph.relation(r).id.to_string()).collect::<Vec<_>>();
        assert_eq!(c.claims.len(), 1);
        assert_eq!(&*graph.relation(c.claims[0].claim).id, "r2");
        assert_eq!(ids(&c.claims[0].denied_by), ["d1", "d2"]);
        assert_eq!(ids(&c.claims[0].reported_by), ["p1"]);
        assert_eq!(ids(&c.uncorroborated), ["r1"]);
        assert_eq!(ids(&c.unsourced), ["r3"]);
    }
}
