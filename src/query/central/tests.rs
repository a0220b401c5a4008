//! Unit tests: small graphs whose values can be worked out by hand, the NetworkX reference fixtures for
//! what only the library offers (NetworkX's weight-as-length, given sample sources), and rustworkx-core as
//! an independent oracle on random graphs.

use std::collections::BTreeSet;
use std::path::PathBuf;

use petgraph::graph::{DiGraph, UnGraph};
use proptest::prelude::*;

use super::*;
use crate::query::{Filter, View};

const TOL: f64 = 1e-9;

#[track_caller]
fn assert_close(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "lengths differ: {actual:?} vs {expected:?}");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!((a - e).abs() < TOL, "node {i}: got {a}, expected {e}\n  actual   {actual:?}\n  expected {expected:?}");
    }
}

fn nodes(n: u32) -> Vec<ActorIx> {
    (0..n).map(ActorIx::from_u32).collect()
}

/// A star: node 0 tied to each of 1..=leaves.
fn star(leaves: u32) -> Ties {
    let arcs: Vec<_> = (1..=leaves).map(|l| (0, l, 1.0)).collect();
    Ties::from_arcs(nodes(leaves + 1), false, &arcs, false)
}

/// The path 0 – 1 – … – (n − 1).
fn path(n: u32) -> Ties {
    let arcs: Vec<_> = (1..n).map(|i| (i - 1, i, 1.0)).collect();
    Ties::from_arcs(nodes(n), false, &arcs, false)
}

#[test]
fn star_values() {
    let ties = star(3);
    assert_close(&degree(&ties), &[1.0, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]);
    assert_close(&betweenness(&ties, Distance::Hops, &Sources::All), &[1.0, 0.0, 0.0, 0.0]);
    // A leaf is 1 hop from the hub and 2 from each other leaf: 3 / 5.
    assert_close(&closeness(&ties, Distance::Hops), &[1.0, 0.6, 0.6, 0.6]);
    // hub h and leaves l: l = 0.15/4 + 0.85 h/3, h = 0.15/4 + 0.85·3·l.
    let hub = (0.0375 + 2.55 * 0.0375) / (1.0 - 2.55 * 0.85 / 3.0);
    let leaf = (1.0 - hub) / 3.0;
    assert_close(&pagerank(&ties, &PageRankOptions::default()).unwrap().0, &[hub, leaf, leaf, leaf]);
    // Eigenvalue √3: hub 1/√2, each leaf 1/√6.
    let e = eigenvector(&ties, &EigenvectorOptions::default()).unwrap().0;
    assert_close(&e, &[0.5f64.sqrt(), 6f64.sqrt().recip(), 6f64.sqrt().recip(), 6f64.sqrt().recip()]);
}

#[test]
fn path_values() {
    let ties = path(4);
    // 1 lies on 2 of the 3 pairs among {0, 2, 3}; so does 2 among {0, 1, 3}.
    assert_close(&betweenness(&ties, Distance::Hops, &Sources::All), &[0.0, 2.0 / 3.0, 2.0 / 3.0, 0.0]);
    assert_close(&closeness(&ties, Distance::Hops), &[0.5, 0.75, 0.75, 0.5]);
    assert_close(&in_degree(&ties), &[1.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0, 1.0 / 3.0]);
}

#[test]
fn directed_degree_counts_both_ways_and_can_exceed_one() {
    // 0 ⇄ 1, 0 ⇄ 2: node 0 has in 2 + out 2 over n − 1 = 2 (rustworkx would divide by 2(n − 1)).
    let ties = Ties::from_arcs(nodes(3), true, &[(0, 1, 1.0), (1, 0, 1.0), (0, 2, 1.0), (2, 0, 1.0)], false);
    assert_close(&degree(&ties), &[2.0, 1.0, 1.0]);
    assert_close(&out_degree(&ties), &[1.0, 0.5, 0.5]);
}

#[test]
fn directed_cycle_shares_pagerank_equally_and_dangling_nodes_spread_theirs() {
    let cycle = Ties::from_arcs(nodes(4), true, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0)], false);
    assert_close(&pagerank(&cycle, &PageRankOptions::default()).unwrap().0, &[0.25; 4]);
    // 0 → 1 and 1 dangling: x1 = 0.15/2 + 0.85 (x0 + x1/2), x0 = 0.15/2 + 0.85 x1/2.
    let pair = Ties::from_arcs(nodes(2), true, &[(0, 1, 1.0)], false);
    let x0 = (0.075 + 0.425 * 0.075 / 0.575) / (1.0 - 0.425 * 0.85 / 0.575);
    assert_close(&pagerank(&pair, &PageRankOptions::default()).unwrap().0, &[x0, 1.0 - x0]);
}

#[test]
fn tiny_graphs_follow_networkx() {
    let empty = Ties::from_arcs(Vec::new(), true, &[], false);
    assert!(degree(&empty).is_empty() && pagerank(&empty, &PageRankOptions::default()).unwrap().0.is_empty());
    let one = Ties::from_arcs(nodes(1), true, &[], false);
    assert_close(&degree(&one), &[1.0]);
    assert_close(&betweenness(&one, Distance::Hops, &Sources::All), &[0.0]);
    assert_close(&closeness(&one, Distance::Hops), &[0.0]);
    assert_close(&pagerank(&one, &PageRankOptions::default()).unwrap().0, &[1.0]);
    assert_close(&eigenvector(&one, &EigenvectorOptions::default()).unwrap().0, &[1.0]);
    let two = Ties::from_arcs(nodes(2), false, &[(0, 1, 1.0)], false);
    assert_close(&betweenness(&two, Distance::Hops, &Sources::All), &[0.0, 0.0]);
    assert_close(&closeness(&two, Distance::Hops), &[1.0, 1.0]);
}

#[test]
fn weighted_paths_prefer_strong_ties_under_inverse_weight_and_weak_under_weight() {
    // Summed confidences 0–1: 2.0, 1–2: 1.0, 0–2: 0.25. Lengths 1/w: 0.5, 1, 4, so 0 reaches 2 through 1
    // (1.5 < 4). Lengths w: 2, 1, 0.25, so 0 reaches 1 through 2 (1.25 < 2). In hops nobody is between.
    let ties = Ties::from_arcs(nodes(3), false, &[(0, 1, 2.0), (1, 2, 1.0), (0, 2, 0.25)], true);
    assert_close(&betweenness(&ties, Distance::InverseWeight, &Sources::All), &[0.0, 1.0, 0.0]);
    assert_close(&betweenness(&ties, Distance::Weight, &Sources::All), &[0.0, 0.0, 1.0]);
    assert_close(&betweenness(&ties, Distance::Hops, &Sources::All), &[0.0, 0.0, 0.0]);
    // Under 1/w, 0 is at 0.5 and 1.5 from the others (2 / 2), 1 at 0.5 and 1 (2 / 1.5), 2 at 1 and 1.5.
    assert_close(&closeness(&ties, Distance::InverseWeight), &[1.0, 4.0 / 3.0, 0.8]);
}

#[test]
fn zero_weight_ties_are_no_paths_under_inverse_weight() {
    // 0 → 1 (1.0), 1 → 2 (0.0): closeness counts incoming distances.
    let ties = Ties::from_arcs(nodes(3), true, &[(0, 1, 1.0), (1, 2, 0.0)], true);
    assert_close(&closeness(&ties, Distance::InverseWeight), &[0.0, 0.5, 0.0]);
    assert_close(&closeness(&ties, Distance::Hops), &[0.0, 0.5, 2.0 / 3.0]);
}

#[test]
fn eigenvector_fails_clearly_on_a_pure_hierarchy() {
    let chain = Ties::from_arcs(nodes(3), true, &[(0, 1, 1.0), (1, 2, 1.0)], false);
    let options = EigenvectorOptions { max_iter: 500, ..EigenvectorOptions::default() };
    let error = eigenvector(&chain, &options).unwrap_err();
    assert!(error.to_string().contains("did not settle after 500 iterations"), "{error}");
    assert!(error.to_string().contains("pagerank"), "{error}");
    assert!(!error.to_string().contains("--"), "the library names no flag: {error}");
}

#[test]
fn sampling_every_node_is_exact_and_rescaling_matches_networkx_by_hand() {
    let ties = path(5);
    let exact = betweenness(&ties, Distance::Hops, &Sources::All);
    assert_eq!(betweenness(&ties, Distance::Hops, &Sources::Sample { count: 5, seed: 1 }), exact);
    assert_eq!(betweenness(&ties, Distance::Hops, &Sources::Sample { count: 99, seed: 1 }), exact);
    // Sources {0, 2} on 0–1–2–3–4: node 1 gets δ = 3 from 0 and 1 from 2 → 4 / (k (n − 2)) = 4/6;
    // node 2 (a source) gets 2 from 0 → 2 / ((k − 1)(n − 2)) = 2/3; node 3 gets 1 from 0 and 1 from 2.
    let sampled = betweenness(&ties, Distance::Hops, &Sources::Nodes(vec![0, 2]));
    assert_close(&sampled, &[0.0, 4.0 / 6.0, 2.0 / 3.0, 2.0 / 6.0, 0.0]);
}

#[test]
fn ranking_breaks_ties_by_id_and_shares_ranks() {
    let graph = crate::load::from_json_str(
        "t.json",
        r#"{"format": "actorgraph/1",
          "actors": [{"id": "zeta"}, {"id": "hub"}, {"id": "alpha"}, {"id": "mid"}],
          "relations": [{"from": "hub", "to": "zeta", "kind": "allied_with"},
                        {"from": "hub", "to": "alpha", "kind": "allied_with"},
                        {"from": "hub", "to": "mid", "kind": "allied_with"}]}"#,
    )
    .unwrap();
    let result = centrality(&View::new(&graph, &Filter::default()), Measure::Degree, &Options::default()).unwrap();
    let ids: Vec<&str> = result.scores.iter().map(|s| graph.actor(s.actor).id.as_str()).collect();
    assert_eq!(ids, ["hub", "alpha", "mid", "zeta"]);
    assert_eq!(result.ranks(), [1, 2, 2, 2]);
    assert!(!result.directed);
    assert_eq!((result.actors, result.ties), (4, 3));
}

#[test]
fn sample_below_two_is_refused_and_a_sample_is_reported() {
    let graph = crate::load::embedded();
    let view = View::new(&graph, &Filter::default());
    let one = Options { weighted: false, sample: Some(1) };
    assert!(matches!(centrality(&view, Measure::Betweenness, &one), Err(Error::InvalidSetting { .. })));
    let five = Options { weighted: false, sample: Some(5) };
    let result = centrality(&view, Measure::Betweenness, &five).unwrap();
    let approximation = result.approximation.unwrap();
    assert_eq!(approximation.sources, 5);
    assert!((approximation.error - hoeffding_error(5, 0.95)).abs() < 1e-15);
    assert_eq!(result, centrality(&view, Measure::Betweenness, &five).unwrap(), "same seed, same answer");
}

// --- NetworkX fixtures, for what the command line does not expose ---------------------------------------

struct Fixture {
    ties: Ties,
    graph: ActorGraph,
    expected: serde_json::Value,
}

use crate::model::ActorGraph;

fn fixture(name: &str, weighted: bool) -> Fixture {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/centrality");
    let (graph, _) = crate::load::load(&[dir.join(format!("{name}.json"))]).unwrap();
    let text = std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap();
    let expected = serde_json::from_str(&text).unwrap();
    let ties = Ties::new(&View::new(&graph, &Filter::default()), weighted);
    Fixture { ties, graph, expected }
}

impl Fixture {
    #[track_caller]
    fn check(&self, key: &str, values: &[f64]) {
        let want = &self.expected["measures"][key];
        for (i, value) in values.iter().enumerate() {
            let id = &self.graph.actor(self.ties.actor(i)).id;
            let expected = want[id.as_str()].as_f64().unwrap_or_else(|| panic!("{key}: no value for {id}"));
            assert!(
                (value - expected).abs() < 1e-6,
                "{key} of {id}: actorgraph {value}, NetworkX {expected} (diff {:.2e})",
                (value - expected).abs()
            );
        }
    }

    fn node(&self, id: &str) -> u32 {
        let actor = self.graph.actor_ix(id).unwrap();
        u32::try_from(self.ties.actors().iter().position(|&a| a == actor).unwrap()).unwrap()
    }
}

const FIXTURES: [&str; 4] = ["florentine", "directed", "mixed", "split"];

#[test]
fn weight_as_length_matches_networkx_weight_attribute() {
    for name in FIXTURES {
        let f = fixture(name, true);
        f.check("betweenness_weighted", &betweenness(&f.ties, Distance::Weight, &Sources::All));
        f.check("closeness_weighted", &closeness(&f.ties, Distance::Weight));
        f.check("betweenness_weighted_inverse", &betweenness(&f.ties, Distance::InverseWeight, &Sources::All));
    }
}

#[test]
fn given_sample_sources_match_networkx_with_k() {
    for name in FIXTURES {
        let f = fixture(name, false);
        let sources: Vec<u32> =
            f.expected["sampled_sources"].as_array().unwrap().iter().map(|id| f.node(id.as_str().unwrap())).collect();
        f.check("betweenness_sampled", &betweenness(&f.ties, Distance::Hops, &Sources::Nodes(sources)));
    }
}

// --- rustworkx-core as an independent oracle ------------------------------------------------------------

/// Distinct arcs without self-loops, as both our `Ties` and a petgraph graph will hold them.
fn simple_arcs(n: u32, raw: &[(u32, u32)], directed: bool) -> Vec<(u32, u32)> {
    let mut set = BTreeSet::new();
    for &(u, v) in raw {
        let (u, v) = (u % n, v % n);
        if u != v {
            set.insert(if directed || u < v { (u, v) } else { (v, u) });
        }
    }
    set.into_iter().collect()
}

fn unwrap_all(values: Vec<Option<f64>>) -> Vec<f64> {
    values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn betweenness_and_closeness_agree_with_rustworkx_core(
        n in 1u32..24,
        raw in proptest::collection::vec((0u32..24, 0u32..24), 0..60),
        directed in any::<bool>(),
    ) {
        let arcs = simple_arcs(n, &raw, directed);
        let weighted: Vec<(u32, u32, f64)> = arcs.iter().map(|&(u, v)| (u, v, 1.0)).collect();
        let ties = Ties::from_arcs(nodes(n), directed, &weighted, false);
        let ours_b = betweenness(&ties, Distance::Hops, &Sources::All);
        let ours_c = closeness(&ties, Distance::Hops);
        let (theirs_b, theirs_c) = if directed {
            let g = DiGraph::<(), ()>::from_edges(&arcs);
            let mut g = g;
            while g.node_count() < n as usize { g.add_node(()); }
            (rustworkx_core::centrality::betweenness_centrality(&g, false, true, 1000),
             rustworkx_core::centrality::closeness_centrality(&g, true, 1000))
        } else {
            let mut g = UnGraph::<(), ()>::from_edges(&arcs);
            while g.node_count() < n as usize { g.add_node(()); }
            (rustworkx_core::centrality::betweenness_centrality(&g, false, true, 1000),
             rustworkx_core::centrality::closeness_centrality(&g, true, 1000))
        };
        let (theirs_b, theirs_c) = (unwrap_all(theirs_b), unwrap_all(theirs_c));
        for i in 0..n as usize {
            prop_assert!((ours_b[i] - theirs_b[i]).abs() < 1e-9, "betweenness {i}: {ours_b:?} vs {theirs_b:?}");
            prop_assert!((ours_c[i] - theirs_c[i]).abs() < 1e-9, "closeness {i}: {ours_c:?} vs {theirs_c:?}");
        }
    }

    #[test]
    fn pagerank_is_the_fixed_point_of_networkx_iteration(
        n in 1u32..20,
        raw in proptest::collection::vec((0u32..20, 0u32..20, 1u32..5), 0..50),
    ) {
        let arcs: Vec<(u32, u32, f64)> =
            raw.iter().map(|&(u, v, w)| (u % n, v % n, f64::from(w) / 4.0)).collect();
        let ties = Ties::from_arcs(nodes(n), true, &arcs, true);
        let (x, _) = pagerank(&ties, &PageRankOptions::default()).unwrap();
        // One more step of NetworkX's iteration, written densely, must not move x.
        let n_f = f64::from(n);
        let strength: Vec<f64> = (0..n).map(|u| ties.out_arcs(u).map(|(_, w)| w).sum()).collect();
        let dangling: f64 = (0..n as usize).filter(|&u| strength[u] == 0.0).map(|u| x[u]).sum();
        for v in 0..n {
            let gathered: f64 = ties.in_arcs(v).map(|(u, w)| x[u as usize] * w / strength[u as usize]).sum();
            let step = 0.85 * (gathered + dangling / n_f) + 0.15 / n_f;
            prop_assert!((step - x[v as usize]).abs() < 1e-9, "node {v}: {} vs {step}", x[v as usize]);
        }
        prop_assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
}

#[test]
fn parallel_results_are_bitwise_reproducible() {
    // Large enough that every part gets sources and rayon really splits the work.
    let n = 600u32;
    let arcs: Vec<(u32, u32, f64)> =
        (0..n * 4).map(|i| ((i * 7919) % n, (i * 104_729 + 13) % n, f64::from(i % 4 + 1) / 4.0)).collect();
    let ties = Ties::from_arcs(nodes(n), true, &arcs, true);
    let first = betweenness(&ties, Distance::InverseWeight, &Sources::All);
    for _ in 0..3 {
        assert_eq!(betweenness(&ties, Distance::InverseWeight, &Sources::All), first);
    }
    let first = pagerank(&ties, &PageRankOptions::default()).unwrap();
    assert_eq!(pagerank(&ties, &PageRankOptions::default()).unwrap(), first);
}
