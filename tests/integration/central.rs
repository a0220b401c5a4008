//! Issue 3, `central`: every measure on every reference fixture, against the numbers NetworkX computed
//! (`tests/fixtures/centrality/*.expected.json`, written by `make_reference.py`), within 1e-6; flags,
//! output shapes, and the bundled dataset's key actors.

use std::fmt::Write as _;

use serde_json::Value;

use crate::harness::{fixture, run, Run};

const FIXTURES: [&str; 4] = ["florentine", "directed", "mixed", "split"];
const TOLERANCE: f64 = 1e-6;

/// `(command-line measure, --weighted, key in the expected file)`. Weighted betweenness and closeness use
/// length 1/confidence, NetworkX's `*_weighted_inverse` keys.
const CASES: [(&str, bool, &str); 11] = [
    ("degree", false, "degree"),
    ("in-degree", false, "in_degree"),
    ("out-degree", false, "out_degree"),
    ("betweenness", false, "betweenness"),
    ("closeness", false, "closeness"),
    ("pagerank", false, "pagerank"),
    ("eigenvector", false, "eigenvector"),
    ("betweenness", true, "betweenness_weighted_inverse"),
    ("closeness", true, "closeness_weighted_inverse"),
    ("pagerank", true, "pagerank_weighted"),
    ("eigenvector", true, "eigenvector_weighted"),
];

fn expected(name: &str) -> Value {
    let path = fixture(&format!("centrality/{name}.expected.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn central(name: &str, extra: &[&str]) -> Run {
    let data = fixture(&format!("centrality/{name}.json"));
    let mut args = vec!["--data".to_owned(), data.display().to_string(), "central".to_owned()];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    run(args)
}

/// Compares `central --format json` output with NetworkX's values; on failure prints every actor with
/// both values side by side.
#[track_caller]
fn assert_matches_networkx(name: &str, key: &str, out: &Run) {
    let actual = out.json();
    let rows = actual.as_array().unwrap_or_else(|| panic!("{name}/{key}: not a JSON array:\n{}", out.stdout));
    let want = expected(name)["measures"][key].clone();
    let want = want.as_object().unwrap_or_else(|| panic!("{name}: no measure {key} in the expected file"));
    // An empty expectation would let an empty answer pass.
    assert!(!want.is_empty(), "{name}: the expected file has no scores for {key}");
    let mut report = String::new();
    let mut bad = rows.len() != want.len();
    let _ = writeln!(report, "{:<14} {:>22} {:>22} {:>10}", "actor", "NetworkX", "actorgraph", "diff");
    for (id, expected) in want {
        let expected = expected.as_f64().unwrap_or(f64::NAN);
        let got = rows.iter().find(|r| r["id"] == id.as_str()).and_then(|r| r["score"].as_f64());
        let diff = got.map_or(f64::INFINITY, |g| (g - expected).abs());
        let flag = if diff < TOLERANCE { "" } else { "  <--" };
        bad |= diff >= TOLERANCE;
        let _ = writeln!(
            report,
            "{id:<14} {expected:>22.15} {:>22} {diff:>10.1e}{flag}",
            got.map_or("missing".to_owned(), |g| format!("{g:.15}"))
        );
    }
    assert!(!bad, "{name}: `{}` differs from NetworkX's {key} beyond {TOLERANCE}:\n{report}", out.args.join(" "));
}

/// Highest score first, equal scores (at `resolution`: 1e-12, or 1e-9 for the iterative measures) by id.
#[track_caller]
fn assert_sorted(out: &Run, resolution: f64) {
    let rows = out.json();
    let rows = rows.as_array().expect("an array");
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let key = |row: &Value| (row["score"].as_f64().unwrap() / resolution).round();
        let ordered = key(a) > key(b) || (key(a) == key(b) && a["id"].as_str() < b["id"].as_str());
        assert!(ordered, "`{}`: {a} before {b}", out.args.join(" "));
    }
}

#[test]
fn every_measure_matches_networkx_on_every_fixture() {
    for name in FIXTURES {
        for (measure, weighted, key) in CASES {
            let mut args = vec!["--measure", measure, "--format", "json"];
            if weighted {
                args.push("--weighted");
            }
            let out = central(name, &args);
            out.ok();
            assert_matches_networkx(name, key, &out);
            assert_sorted(&out, if matches!(measure, "pagerank" | "eigenvector") { 1e-9 } else { 1e-12 });
        }
    }
}

#[test]
fn a_sample_of_every_actor_is_the_exact_betweenness() {
    let n = expected("florentine")["nodes"].as_u64().unwrap().to_string();
    let out = central("florentine", &["--measure", "betweenness", "--sample", &n, "--format", "json"]);
    out.ok();
    assert_matches_networkx("florentine", "betweenness", &out);
    assert!(out.json()[0].get("error").is_none(), "an exact answer carries no error bound:\n{}", out.stdout);
}

#[test]
fn florentine_medici_are_the_brokers() {
    let out = central("florentine", &["--measure", "betweenness", "--format", "json", "--top", "1"]);
    out.ok();
    let json = out.json();
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    assert_eq!(json[0]["id"], "medici");
    assert_eq!(json[0]["name"], "Medici");
    assert!((json[0]["score"].as_f64().unwrap() - 0.521_978_021_978_022).abs() < 1e-12);
    let keys: Vec<&str> = json[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "name", "score"], "the documented JSON shape");
}

#[test]
fn sampled_betweenness_says_it_is_approximate_and_is_reproducible() {
    let args = ["--measure", "betweenness", "--sample", "5", "--format", "json"];
    let first = central("florentine", &args);
    first.ok();
    assert_eq!(first.stdout, central("florentine", &args).stdout, "same seed, same bytes");
    let rows = first.json();
    assert_eq!(rows.as_array().map(Vec::len), Some(15));
    // Hoeffding's 95% half-width for k = 5: √(ln 40 / 8).
    let error = rows[0]["error"].as_f64().expect("an error bound on every row");
    assert!((error - (40f64.ln() / 8.0).sqrt()).abs() < 1e-12, "{error}");

    central("florentine", &["--measure", "betweenness", "--sample", "5"])
        .ok()
        .stdout_has("Approximate: estimated from 5 of 15 actors as sources (Brandes & Pich 2007)")
        .stdout_has("±0.679");
    central("florentine", &["--measure", "betweenness", "--sample", "5", "--format", "csv"])
        .ok()
        .stdout_has("rank,id,name,score,error\n");
}

#[test]
fn tables_show_ten_by_default_and_json_everything() {
    let table = central("florentine", &["--measure", "degree"]);
    table.ok().stdout_has("Degree centrality of 15 actors over 20 undirected ties, unweighted");
    table.stdout_has("Top 10 of 15 actors; --top N shows more.");
    // 10 data rows, each starting with the table's left border and a rank.
    let rows = |out: &Run| out.stdout.lines().filter(|l| l.starts_with("│ ") && !l.contains("rank")).count();
    assert_eq!(rows(&table), 10, "{}", table.stdout);

    let top3 = central("florentine", &["--measure", "degree", "--top", "3"]);
    assert_eq!(rows(top3.ok()), 3, "{}", top3.stdout);

    let json = central("florentine", &["--measure", "degree", "--format", "json"]);
    assert_eq!(json.ok().json().as_array().map(Vec::len), Some(15));

    let csv = central("florentine", &["--measure", "degree", "--format", "csv", "--top", "2"]);
    csv.ok();
    assert_eq!(csv.stdout, "rank,id,name,score\n1,medici,Medici,0.428571\n2,guadagni,Guadagni,0.285714\n");
}

#[test]
fn equal_scores_share_a_rank_and_are_listed_by_id() {
    // Guadagni and Strozzi both have degree 4/14.
    let out = central("florentine", &["--measure", "degree", "--format", "csv", "--top", "3"]);
    out.ok().stdout_has("2,guadagni,Guadagni,0.285714\n2,strozzi,Strozzi,0.285714\n");
}

#[test]
fn filters_decide_which_ties_count_and_whether_the_graph_is_directed() {
    // Only the alliances of `mixed`: every tie is symmetric, so the graph is undirected and bravo's degree
    // is 2/9 (as a directed graph it would be 4/9).
    let out = central("mixed", &["--measure", "degree", "--kind", "allied_with", "--format", "json"]);
    let json = out.ok().json();
    let bravo = json.as_array().unwrap().iter().find(|r| r["id"] == "bravo").unwrap();
    assert!((bravo["score"].as_f64().unwrap() - 2.0 / 9.0).abs() < 1e-12, "{bravo}");
    central("mixed", &["--measure", "degree", "--kind", "allied_with"])
        .ok()
        .stdout_has("over 5 undirected ties")
        .stdout_has("Filters: kind allied_with.");
    // A statement about a relation is no tie: the spokesman of `split` is isolated.
    let out = central("split", &["--measure", "degree", "--format", "json"]);
    let json = out.ok().json();
    let spokesman = json.as_array().unwrap().iter().find(|r| r["id"] == "spokesman").unwrap();
    assert_eq!(spokesman["score"], 0.0);
}

#[test]
fn bad_flag_combinations_are_explained() {
    central("florentine", &["--measure", "degree", "--weighted"])
        .code(2)
        .stderr_has("--weighted: degree counts distinct ties and has no weighted form");
    central("florentine", &["--measure", "pagerank", "--sample", "3"])
        .code(2)
        .stderr_has("--sample: only betweenness can be estimated from a sample");
    central("florentine", &["--measure", "betweenness", "--sample", "1"])
        .code(2)
        .stderr_has("error: --sample: a sample needs at least 2 source actors");
    central("florentine", &["--top", "0"]).code(2);
    central("florentine", &["--measure", "katz"]).code(2).stderr_has("pagerank");
}

#[test]
fn an_empty_view_finds_nothing() {
    let out = central("florentine", &["--tag", "no-such-tag"]);
    out.code(1).stdout_has("No actors in view after the filters (tag no-such-tag).");
    assert_eq!(
        central("florentine", &["--tag", "no-such-tag", "--format", "json"]).code(1).json(),
        Value::Array(vec![])
    );
}

#[test]
fn eigenvector_on_a_pure_hierarchy_is_refused_with_advice() {
    // The bundled dataset's command ties alone form a hierarchy: no cycle, no eigenvector.
    run(["central", "--measure", "eigenvector", "--kind", "commands,leads,member_of"])
        .code(2)
        .stderr_has("eigenvector centrality did not settle")
        .stderr_has("use --measure pagerank");
}

#[test]
fn bundled_dataset_brokers_by_betweenness() {
    let out = run(["central", "--measure", "betweenness"]);
    out.ok();
    insta::assert_snapshot!("central_betweenness_bundled", out.stdout);
    let json = run(["central", "--measure", "betweenness", "--format", "json", "--top", "3"]).ok().json();
    let ids: Vec<&str> = json.as_array().unwrap().iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["pmf", "syrian-government", "iran"]);
}
