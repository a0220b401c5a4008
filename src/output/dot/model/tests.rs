//! Tests of the diagram model: what is drawn, cut and captioned for each selection.
use super::*;
use crate::query::Filter;

fn graph(actors: &str, relations: &str) -> ActorGraph {
    crate::load::from_json_str(
        "test.json",
        &format!(r#"{{"format": "actorgraph/1", "actors": [{actors}], "relations": [{relations}]}}"#),
    )
    .unwrap()
}

fn draw(graph: &ActorGraph, options: &Options) -> Diagram {
    let view = View::new(graph, &Filter::default());
    build(&view, &Selection::whole(&view), &Filter::default(), options)
}

const ABC: &str = r#"{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"}"#;

#[test]
fn parallel_relations_of_one_kind_collapse_and_other_kinds_do_not() {
    let g = graph(
        ABC,
        r#"{"from": "a", "to": "b", "kind": "supports", "date": "2011", "confidence": 0.4},
           {"from": "a", "to": "b", "kind": "supports", "date": "2024-12", "confidence": 0.9},
           {"from": "a", "to": "b", "kind": "supports", "confidence": 0.5},
           {"from": "a", "to": "b", "kind": "funds"},
           {"from": "b", "to": "a", "kind": "supports"},
           {"from": "a", "to": "c", "kind": "meets"}, {"from": "c", "to": "a", "kind": "meets"}"#,
    );
    let d = draw(&g, &Options::default());
    let labels: Vec<&str> = d.edges.iter().filter_map(|e| e.label.as_deref()).collect();
    assert_eq!(labels, ["funds\nF6", "supports ×3\n2011 – 2024-12 · F6", "meets ×2\nF6", "supports\nF6"]);
    let collapsed = &d.edges[1];
    assert_eq!(collapsed.relations.len(), 3);
    assert!((collapsed.width - width(Some(0.9), EdgeClass::Support)).abs() < 1e-9, "width follows the best confidence");
    let meets = &d.edges[2];
    assert!(!meets.arrow, "symmetric kinds have no arrowhead");
    assert_eq!((d.counts.relations, d.counts.edges), (7, 4));
}

#[test]
fn a_denied_relation_is_split_through_a_claim_node_the_denial_points_at() {
    let g = graph(
        ABC,
        r#"{"id": "r1", "from": "a", "to": "b", "kind": "supports"},
           {"id": "r2", "from": "a", "to": "b", "kind": "supports"},
           {"id": "d1", "from": "c", "to": "r1", "kind": "denies"},
           {"id": "p1", "from": "c", "to": "r1", "kind": "reports"}"#,
    );
    let d = draw(&g, &Options::default());
    let id = |n: usize| d.nodes[n].id.as_str();
    let claim = d.nodes.iter().position(|n| n.id == "claim:r1").expect("a claim node for r1");
    assert_eq!(d.nodes[claim].kind, NodeKind::Claim { relation: g.relation_ix("r1").unwrap(), disputed: true });
    let lines: Vec<(&str, &str, bool, bool)> =
        d.edges.iter().map(|e| (id(e.from), id(e.to), e.disputed, e.arrow)).collect();
    assert_eq!(
        lines,
        [
            ("a", "b", false, true),        // r2 alone: the claimed r1 is not collapsed with it
            ("c", "claim:r1", false, true), // d1
            ("c", "claim:r1", false, true), // p1
            ("a", "claim:r1", true, false), // r1, first half: dashed, no arrowhead
            ("claim:r1", "b", true, true),  // r1, second half
        ]
    );
    assert_eq!(d.edges[1].class, EdgeClass::Denial);
    assert_eq!(d.edges[2].class, EdgeClass::Report);
    let legend = d.legend.unwrap();
    assert!(legend.claim.is_some());
    assert_eq!(legend.relation_kinds.last().unwrap().label, "denied claim");
}

#[test]
fn max_nodes_keeps_the_focus_and_the_busiest_actors_and_says_so() {
    let g = graph(
        r#"{"id": "hub"}, {"id": "x"}, {"id": "y"}, {"id": "lonely"}, {"id": "z"}"#,
        r#"{"from": "hub", "to": "x", "kind": "supports"}, {"from": "hub", "to": "y", "kind": "supports"},
           {"from": "x", "to": "y", "kind": "supports"}, {"from": "z", "to": "hub", "kind": "supports"}"#,
    );
    let view = View::new(&g, &Filter::default());
    let mut selection = Selection::whole(&view);
    selection.focus.push(g.actor_ix("lonely").unwrap());
    let options = Options { max_nodes: Some(3), ..Options::default() };
    let d = build(&view, &selection, &Filter::default(), &options);
    let kept: Vec<&str> = d.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(kept, ["hub", "lonely", "x"], "focus, then degree 3 (hub), then degree 2 tie broken by id");
    let cut: Vec<&str> = d.cut.actors.iter().map(|&a| g.actor(a).id.as_str()).collect();
    assert_eq!(cut, ["y", "z"]);
    assert!(d.caption.iter().any(|l| l == "Left out (--max-nodes 3): 2 actors with the fewest relations: y, z"));
    assert_eq!(d.counts.relations, 1);
}

#[test]
fn max_edges_drops_the_least_confident_lines_and_keeps_claims_whole() {
    let g = graph(
        ABC,
        r#"{"id": "weak", "from": "a", "to": "b", "kind": "supports", "confidence": 0.2},
           {"id": "strong", "from": "b", "to": "c", "kind": "supports", "confidence": 0.9},
           {"id": "claim", "from": "a", "to": "c", "kind": "attacks", "confidence": 0.5},
           {"id": "denial", "from": "b", "to": "claim", "kind": "denies"}"#,
    );
    // The claim needs 3 lines (two halves and the denial), the others 1 each.
    let d = draw(&g, &Options { max_edges: 4, ..Options::default() });
    let cut: Vec<&str> = d.cut.relations.iter().map(|&r| &*g.relation(r).id).collect();
    assert_eq!(cut, ["weak"]);
    assert_eq!(d.counts.edges, 4);
    let d = draw(&g, &Options { max_edges: 2, ..Options::default() });
    let cut: Vec<&str> = d.cut.relations.iter().map(|&r| &*g.relation(r).id).collect();
    assert_eq!(cut, ["claim", "denial"], "a claim is never drawn without what is said about it");
    assert!(d.caption.iter().any(|l| l.starts_with("Left out (--max-edges 2): 2 relations with the lowest")));
    let d = draw(&g, &Options { max_edges: 1, ..Options::default() });
    let stranded: Vec<&str> = d.cut.stranded.iter().map(|&a| g.actor(a).id.as_str()).collect();
    assert_eq!(stranded, ["a"], "b and c keep the strong line; a lost both of its lines");
    assert_eq!(d.caption.last().unwrap(), "and with them 1 actor left without a line: A");
    assert_eq!(d.counts.actors, 2);
    assert_eq!(draw(&g, &Options::default()).cut, Cut { max_edges: DEFAULT_MAX_EDGES, ..Cut::default() });
}

#[test]
fn the_engine_switches_to_sfdp_for_big_diagrams_unless_chosen() {
    let actors: Vec<String> = (0..40).map(|i| format!(r#"{{"id": "n{i}"}}"#)).collect();
    let relations: Vec<String> = (0..40)
        .flat_map(|i| {
            (1..=4).map(move |k| format!(r#"{{"from": "n{i}", "to": "n{}", "kind": "supports"}}"#, (i + k) % 40))
        })
        .collect();
    let g = graph(&actors.join(","), &relations.join(","));
    let d = draw(&g, &Options::default());
    assert_eq!((d.counts.edges, d.engine, d.engine_auto), (160, Engine::Sfdp, true));
    let d = draw(&g, &Options { engine: Some(Engine::Dot), ..Options::default() });
    assert_eq!((d.engine, d.engine_auto), (Engine::Dot, false));
    let small = draw(&graph(ABC, r#"{"from": "a", "to": "b", "kind": "supports"}"#), &Options::default());
    assert_eq!(small.engine, Engine::Dot);
}

#[test]
fn node_ids_are_dataset_ids_kept_distinct_when_quoting_would_merge_them() {
    let g = graph(
        r#"{"id": "claim:r1"}, {"id": "x"}, {"id": "x\u0001"}, {"id": "legend:person", "kind": "person"}"#,
        r#"{"id": "r1", "from": "x", "to": "claim:r1", "kind": "supports"},
           {"from": "legend:person", "to": "r1", "kind": "denies"}"#,
    );
    let d = draw(&g, &Options::default());
    let ids: Vec<&str> = d.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["claim:r1", "legend:person", "x", "x\u{1}#2", "claim:r1#2"]);
    let legend = d.legend.unwrap();
    assert_eq!(
        legend.actor_kinds.iter().map(|(id, ..)| id.as_str()).collect::<Vec<_>>(),
        ["legend:person#2", "legend:other"]
    );
    let quoted: HashSet<String> = d.nodes.iter().map(|n| quote(&n.id)).collect();
    assert_eq!(quoted.len(), d.nodes.len());
}

#[test]
fn the_legend_lists_only_the_kinds_drawn() {
    let g = graph(
        r#"{"id": "a", "kind": "state"}, {"id": "b", "kind": "spaceship"}, {"id": "c", "kind": "state"}"#,
        r#"{"from": "a", "to": "b", "kind": "opposes"}, {"from": "a", "to": "c", "kind": "trades_with"}"#,
    );
    let legend = draw(&g, &Options::default()).legend.unwrap();
    let kinds: Vec<&str> = legend.actor_kinds.iter().map(|(_, label, _)| label.as_str()).collect();
    assert_eq!(kinds, ["state", "other (spaceship)"]);
    let lines: Vec<&str> = legend.relation_kinds.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(lines, ["opposes", "trades_with"]);
    assert!(legend.claim.is_none());
    assert!(draw(&g, &Options { legend: false, ..Options::default() }).legend.is_none());
}

#[test]
fn the_caption_names_dataset_selection_filters_and_counts() {
    let g = crate::load::embedded();
    let mut filter = Filter { as_of: Some("2024-12".parse().unwrap()), ..Filter::default() };
    filter.min_confidence = Some(0.5);
    let view = View::new(&g, &filter);
    let d = build(&view, &Selection::contradictions(&view), &filter, &Options::default());
    assert_eq!(
        d.caption,
        [
            "Iraqi Hashd factions and the Syrian offensive, December 2024 — hashd-syria-2024-12.json (built in)",
            "Denied claims, with who reports and who denies them",
            "Filters: as of 2024-12, confidence ≥ 0.5",
            "7 actors, 9 relations (11 lines) · 5 sources cited",
        ]
    );
}

#[test]
fn long_names_wrap_at_spaces_and_short_ones_do_not() {
    assert_eq!(wrap("Iran"), "Iran");
    assert_eq!(wrap("Popular Mobilization Forces"), "Popular Mobilization\nForces");
    assert_eq!(wrap("Syrian Observatory for Human Rights"), "Syrian Observatory\nfor Human Rights");
    assert_eq!(wrap("Averyveryverylongnamewithoutspaces"), "Averyveryverylongnamewithoutspaces");
    assert_eq!(wrap("kept\nas given by the dataset author"), "kept\nas given by the dataset author");
    for spaced in [" leading space and a long name", "double  spaces in a long long name ", "a                     b"] {
        assert_eq!(wrap(spaced).replace('\n', " "), spaced);
    }
}
