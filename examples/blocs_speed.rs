//! A quick measurement (not a test) of `blocs` on a generated signed graph: by default 100,000 actors and
//! 1,000,000 relations in 20 planted blocs — supports inside a bloc, opposes between blocs, one relation in
//! ten with the other sign — timed end to end (signed view, local search, triangles).
//!
//! `cargo run --release --example blocs_speed [ACTORS] [RELATIONS] [RESTARTS]`
//!
//! Measured (release build, a 2-core machine shared with other jobs, load average 5–7): 100,000 actors /
//! 1,000,000 relations, default 3 restarts: 11–18 s wall (about 10 s of CPU for the whole program),
//! 20 blocs found for the 20 planted, frustration 74,574.5 — below the ~75,000 the planted blocs themselves
//! have; with 10 restarts about 46 s wall.

use std::time::Instant;

use actorgraph::model::{ActorGraph, ActorIx, RelationKinds};
use actorgraph::query::blocs::{alliance_blocs, BlocsOptions};
use actorgraph::query::{Filter, View};
use actorgraph::{Actor, Relation, Target};

/// A tiny linear congruential generator: the example needs no statistical quality, only repeatability.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

fn main() {
    let arg = |i: usize, default: u64| std::env::args().nth(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (n, m) = (arg(1, 100_000), arg(2, 1_000_000));
    // Without a third argument, the command's own default (3 restarts above 100,000 signed links).
    let restarts = std::env::args().nth(3).and_then(|a| a.parse::<usize>().ok());
    let planted = 20;
    let kinds = RelationKinds::builtin();
    let (supports, opposes) = (kinds.id("supports").unwrap(), kinds.id("opposes").unwrap());
    let actors: Vec<Actor> = (0..n)
        .map(|i| Actor {
            id: format!("a{i}"),
            name: format!("Actor {i}"),
            kind: "armed_group".into(),
            aliases: Vec::new(),
            tags: Vec::new(),
            attrs: Default::default(),
        })
        .collect();
    let mut rng = Lcg(42);
    let mut relations = Vec::with_capacity(m as usize);
    while (relations.len() as u64) < m {
        let from = rng.below(n);
        // Half the relations stay inside the bloc (actor i is in bloc i mod 20), half go anywhere.
        let to = if rng.below(2) == 0 { (rng.below(n / planted) * planted + from % planted) % n } else { rng.below(n) };
        if from == to {
            continue;
        }
        let same = from % planted == to % planted;
        let noise = rng.below(10) == 0;
        relations.push(Relation {
            id: format!("r{}", relations.len()).into(),
            generated_id: false,
            from: ActorIx::new(usize::try_from(from).unwrap_or(0)),
            to: Target::Actor(ActorIx::new(usize::try_from(to).unwrap_or(0))),
            kind: if same != noise { supports } else { opposes },
            date: None,
            until: None,
            confidence: Some(0.5 + rng.below(6) as f64 / 10.0),
            credibility: None,
            sources: Default::default(),
            note: None,
            attrs: Default::default(),
        });
    }
    let graph = ActorGraph::from_parts(Vec::new(), actors, relations, Vec::new(), kinds);
    let started = Instant::now();
    let view = View::new(&graph, &Filter::default());
    let options = BlocsOptions { restarts, ..BlocsOptions::default() };
    let blocs = alliance_blocs(&view, &options).expect("within the limits");
    let elapsed = started.elapsed();
    let wrong = graph.relations().len() / 10;
    println!(
        "{n} actors, {m} relations, {} restarts: {} in {:.2} s; {} blocs (largest {}), frustration {:.1} \
         over {} frustrated relations (about {wrong} planted with the other sign); balanced triangles {:?}",
        blocs.restarts,
        blocs.method.as_str(),
        elapsed.as_secs_f64(),
        blocs.blocs.len(),
        blocs.blocs.first().map_or(0, Vec::len),
        blocs.frustration,
        blocs.frustrated.len(),
        blocs.triangles.share(),
    );
}
