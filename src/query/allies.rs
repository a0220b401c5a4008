//! `allies` / `enemies`: who is on an actor's side and who against it, directly or through others.
//!
//! # Definition
//!
//! Positive and negative relations (not neutral kinds, not statements) are read as undirected signed links,
//! as in structural balance theory (Heider 1946; Cartwright & Harary 1956): a direct positive link makes an
//! ally and a negative one an enemy; along a chain the signs multiply — the friend of a friend and the enemy
//! of an enemy are allies, the friend of an enemy and the enemy of a friend are enemies. Chains are simple
//! (no actor twice, never back through the actor asked about) and at most `depth` relations long.
//!
//! For each actor reached, and each stance, the answer is the *shortest* chain; among equally short ones the
//! one with the highest combined confidence (the product of its relations' confidences), then the one whose
//! relation ids come first. Between two actors linked by several relations of the same sign, a chain uses the
//! most confident one. An actor reachable both as an ally and as an enemy is reported in both lists, marked
//! `conflicting`: the data holds an unbalanced cycle around it, which analysts want to see.

use crate::error::{Error, Result};
use crate::model::{ActorIx, RelationIx};

use super::signed::SignedGraph;
use super::View;

/// Ally or enemy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// On the actor's side: the signs along the chain multiply to positive.
    Ally,
    /// Against the actor: the signs along the chain multiply to negative.
    Enemy,
}

/// One actor reached through signed relations.
#[derive(Debug, Clone, PartialEq)]
pub struct Reach {
    /// The actor reached.
    pub actor: ActorIx,
    /// Ally or enemy.
    pub stance: Stance,
    /// The number of relations in the chain.
    pub hops: usize,
    /// The relations of the chain, from the actor asked about outward.
    pub chain: Vec<RelationIx>,
    /// The actors along the chain, from the actor asked about to the one reached (`hops + 1` of them).
    pub path: Vec<ActorIx>,
    /// The product of the chain's confidences.
    pub confidence: f64,
    /// Whether the actor is reachable with the other stance too.
    pub conflicting: bool,
}

/// An actor's allies and enemies, each sorted by hops, then confidence (highest first), then actor id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignedReach {
    /// Actors on its side.
    pub allies: Vec<Reach>,
    /// Actors against it.
    pub enemies: Vec<Reach>,
}

/// Chain extensions the search may try before it stops and asks for a smaller depth.
const MAX_STEPS: u64 = 5_000_000;

/// The allies and enemies of `actor` within `depth` signed relations (see the
/// [module documentation](self) for the rules).
///
/// # Errors
/// [`Error::LimitExceeded`] when more than five million chains lie within `depth` (a dense graph, a large
/// depth): lower the depth or filter the graph.
///
/// # Complexity
/// O(simple chains of at most `depth` links from `actor`), plus O(relations · log relations) to build the
/// signed view.
///
/// ```
/// use actorgraph::query::{allies::signed_reach, Filter, View};
/// let graph = actorgraph::load::from_json_str("t.json", r#"{"format": "actorgraph/1",
///   "actors": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
///   "relations": [{"id": "r1", "from": "a", "to": "b", "kind": "opposes", "confidence": 0.8},
///                 {"id": "r2", "from": "c", "to": "b", "kind": "attacks", "confidence": 0.5}]}"#).unwrap();
/// let a = graph.actor_ix("a").unwrap();
/// let reach = signed_reach(&View::new(&graph, &Filter::default()), a, 2).unwrap();
/// // The enemy of my enemy: c is a's ally through b.
/// assert_eq!(reach.allies.len(), 1);
/// assert_eq!(reach.allies[0].actor, graph.actor_ix("c").unwrap());
/// assert_eq!(reach.allies[0].hops, 2);
/// assert!((reach.allies[0].confidence - 0.4).abs() < 1e-12);
/// assert_eq!(reach.enemies[0].actor, graph.actor_ix("b").unwrap());
/// ```
pub fn signed_reach(view: &View, actor: ActorIx, depth: usize) -> Result<SignedReach> {
    let signed = SignedGraph::new(view);
    let Some(start) = signed.local(actor) else { return Ok(SignedReach::default()) };
    let mut walk = Walk {
        view,
        signed: &signed,
        best: vec![None; signed.actor_count() * 2],
        on_path: vec![false; signed.actor_count()],
        chain: Vec::new(),
        path: vec![start],
        steps: 0,
        depth,
    };
    walk.on_path[start as usize] = true;
    if !walk.extend(start, true, 1.0) {
        let name = &view.graph().actor(actor).name;
        return Err(Error::LimitExceeded {
            what: format!("more than {MAX_STEPS} chains of signed relations lie within {depth} hops of {name}"),
            advice: crate::error::Advice::LowerOrNarrow(crate::error::Setting::Depth),
        });
    }
    let graph = view.graph();
    let mut reach = SignedReach::default();
    for v in 0..signed.actor_count() {
        let (ally, enemy) = (&walk.best[2 * v], &walk.best[2 * v + 1]);
        let conflicting = ally.is_some() && enemy.is_some();
        for (found, stance) in [(ally, Stance::Ally), (enemy, Stance::Enemy)] {
            if let Some(c) = found {
                let list = if stance == Stance::Ally { &mut reach.allies } else { &mut reach.enemies };
                list.push(Reach {
                    actor: signed.actors[v],
                    stance,
                    hops: c.chain.len(),
                    chain: c.chain.clone(),
                    path: c.path.iter().map(|&p| signed.actors[p as usize]).collect(),
                    confidence: c.confidence,
                    conflicting,
                });
            }
        }
    }
    for list in [&mut reach.allies, &mut reach.enemies] {
        list.sort_by(|x, y| {
            x.hops
                .cmp(&y.hops)
                .then(y.confidence.total_cmp(&x.confidence))
                .then_with(|| graph.actor(x.actor).id.cmp(&graph.actor(y.actor).id))
        });
    }
    Ok(reach)
}

#[derive(Debug, Clone)]
struct Candidate {
    chain: Vec<RelationIx>,
    path: Vec<u32>,
    confidence: f64,
}

struct Walk<'a, 'g> {
    view: &'a View<'g>,
    signed: &'a SignedGraph,
    /// Best chain found to each `(actor, stance)`: index `2 · actor` for ally, `2 · actor + 1` for enemy.
    best: Vec<Option<Candidate>>,
    on_path: Vec<bool>,
    chain: Vec<RelationIx>,
    path: Vec<u32>,
    steps: u64,
    depth: usize,
}

impl Walk<'_, '_> {
    /// Tries every signed link out of `v`; `false` when the step budget ran out.
    fn extend(&mut self, v: u32, positive: bool, confidence: f64) -> bool {
        let graph = self.view.graph();
        for &l in self.signed.links_of(v) {
            let link = self.signed.links[l as usize];
            let w = link.other(v);
            if self.on_path[w as usize] {
                continue;
            }
            for (relation, sign) in [(link.best_positive, true), (link.best_negative, false)] {
                let Some(relation) = relation else { continue };
                self.steps += 1;
                if self.steps > MAX_STEPS {
                    return false;
                }
                let stance = positive == sign;
                let confidence = confidence * graph.relation(relation).weight();
                self.chain.push(relation);
                self.path.push(w);
                self.consider(w, stance, confidence);
                if self.chain.len() < self.depth {
                    self.on_path[w as usize] = true;
                    let ok = self.extend(w, stance, confidence);
                    self.on_path[w as usize] = false;
                    if !ok {
                        return false;
                    }
                }
                self.chain.pop();
                self.path.pop();
            }
        }
        true
    }

    /// Keeps the current chain for `(w, stance)` if it beats the best so far.
    fn consider(&mut self, w: u32, ally: bool, confidence: f64) {
        let graph = self.view.graph();
        let slot = &mut self.best[2 * w as usize + usize::from(!ally)];
        let better = match slot {
            None => true,
            Some(c) => {
                let ids = |chain: &[RelationIx]| chain.iter().map(|&r| &*graph.relation(r).id).collect::<Vec<_>>();
                self.chain
                    .len()
                    .cmp(&c.chain.len())
                    .then(c.confidence.total_cmp(&confidence))
                    .then_with(|| ids(&self.chain).cmp(&ids(&c.chain)))
                    == std::cmp::Ordering::Less
            }
        };
        if better {
            *slot = Some(Candidate { chain: self.chain.clone(), path: self.path.clone(), confidence });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    fn graph(relations: &str) -> crate::model::ActorGraph {
        crate::load::five_actors(relations)
    }

    fn ids(g: &crate::model::ActorGraph, list: &[Reach]) -> Vec<(String, usize, bool)> {
        list.iter().map(|r| (g.actor(r.actor).id.clone(), r.hops, r.conflicting)).collect()
    }

    #[test]
    fn signs_multiply_along_chains() {
        let g = graph(
            r#"{"id": "r1", "from": "a", "to": "b", "kind": "supports"},
               {"id": "r2", "from": "b", "to": "c", "kind": "opposes"},
               {"id": "r3", "from": "d", "to": "c", "kind": "attacks"},
               {"id": "r4", "from": "d", "to": "e", "kind": "allied_with"}"#,
        );
        let a = g.actor_ix("a").unwrap();
        let view = View::new(&g, &Filter::default());
        let reach = signed_reach(&view, a, 4).unwrap();
        // b friend; c enemy of a friend; d enemy of an enemy; e friend of the enemy of an enemy.
        assert_eq!(ids(&g, &reach.allies), [("b".into(), 1, false), ("d".into(), 3, false), ("e".into(), 4, false)]);
        assert_eq!(ids(&g, &reach.enemies), [("c".into(), 2, false)]);
        let d = &reach.allies[1];
        assert_eq!(d.path.iter().map(|&p| g.actor(p).id.as_str()).collect::<Vec<_>>(), ["a", "b", "c", "d"]);
        let shallow = signed_reach(&view, a, 2).unwrap();
        assert_eq!(shallow.allies.len(), 1);
    }

    #[test]
    fn shortest_chain_wins_then_the_most_confident_and_conflicts_are_flagged() {
        let g = graph(
            r#"{"id": "r1", "from": "a", "to": "b", "kind": "supports", "confidence": 0.5},
               {"id": "r2", "from": "a", "to": "c", "kind": "supports", "confidence": 0.9},
               {"id": "r3", "from": "b", "to": "d", "kind": "supports", "confidence": 0.9},
               {"id": "r4", "from": "c", "to": "d", "kind": "supports", "confidence": 0.9},
               {"id": "r5", "from": "c", "to": "e", "kind": "opposes"},
               {"id": "r6", "from": "d", "to": "e", "kind": "supports", "confidence": 0.2}"#,
        );
        let a = g.actor_ix("a").unwrap();
        let reach = signed_reach(&View::new(&g, &Filter::default()), a, 3).unwrap();
        let d = reach.allies.iter().find(|r| g.actor(r.actor).id == "d").unwrap();
        assert_eq!(d.chain, [g.relation_ix("r2").unwrap(), g.relation_ix("r4").unwrap()]);
        assert!((d.confidence - 0.81).abs() < 1e-12);
        // e: enemy through c (2 hops), ally through d (3 hops): both listed, both conflicting.
        let e_enemy = reach.enemies.iter().find(|r| g.actor(r.actor).id == "e").unwrap();
        let e_ally = reach.allies.iter().find(|r| g.actor(r.actor).id == "e").unwrap();
        assert_eq!((e_enemy.hops, e_ally.hops), (2, 3));
        assert!(e_enemy.conflicting && e_ally.conflicting);
    }

    #[test]
    fn an_actor_without_signed_relations_has_nobody() {
        let g = graph(r#"{"from": "a", "to": "b", "kind": "meets"}"#);
        let reach = signed_reach(&View::new(&g, &Filter::default()), g.actor_ix("a").unwrap(), 2).unwrap();
        assert!(reach.allies.is_empty() && reach.enemies.is_empty());
    }
}
