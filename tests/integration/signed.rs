//! Signed reasoning: `blocs`, `allies`, `enemies` and the signed view of `stats`.
//!
//! The `blocs-*.json` fixtures each carry, in their `description`, the proof of their optimal partition.

use serde_json::Value;

use crate::harness::{fixture, run};

/// Runs `actorgraph --data tests/fixtures/<file> <args…> --format json`, expecting success.
#[track_caller]
fn json_on(file: &str, args: &[&str]) -> Value {
    let path = fixture(file);
    let mut all: Vec<&std::ffi::OsStr> = vec!["--data".as_ref(), path.as_os_str()];
    all.extend(args.iter().map(|a| std::ffi::OsStr::new(*a)));
    all.extend([std::ffi::OsStr::new("--format"), std::ffi::OsStr::new("json")]);
    let result = run(all);
    result.ok();
    result.json()
}

#[track_caller]
fn json(args: &[&str]) -> Value {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--format", "json"]);
    let result = run(all);
    result.ok();
    result.json()
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().map_or_else(Vec::new, |a| a.iter().map(|v| v.as_str().unwrap_or("?").to_owned()).collect())
}

fn members(result: &Value) -> Vec<Vec<String>> {
    result["blocs"].as_array().map_or_else(Vec::new, |blocs| blocs.iter().map(|b| strings(&b["members"])).collect())
}

fn frustrated(result: &Value) -> Vec<String> {
    result["frustrated"]
        .as_array()
        .map_or_else(Vec::new, |list| list.iter().map(|r| r["id"].as_str().unwrap_or("?").to_owned()).collect())
}

#[track_caller]
fn assert_close(actual: &Value, expected: f64) {
    let x = actual.as_f64().unwrap_or(f64::NAN);
    assert!((x - expected).abs() < 1e-9, "expected {expected}, got {actual}");
}

#[test]
fn balanced_two_bloc_graph_has_zero_frustration_and_its_two_camps() {
    let result = json_on("blocs-balanced-two.json", &["blocs"]);
    assert_eq!(result["method"], "exact");
    assert_close(&result["frustration"], 0.0);
    assert_eq!(members(&result), [vec!["a1", "a2", "a3"], vec!["b1", "b2", "b3"]]);
    assert!(frustrated(&result).is_empty());
    assert_eq!(result["left_out"], 1);
    assert_eq!(strings(&result["left_out_actors"]), ["observer"]);
    assert_close(&result["balanced_triangle_share"], 1.0);
    // Harary's two-camp balance gives the same answer.
    let two = json_on("blocs-balanced-two.json", &["blocs", "--blocs", "2"]);
    assert_eq!(members(&two), members(&result));
}

#[test]
fn weakly_balanced_graph_needs_three_blocs() {
    let result = json_on("blocs-three-weak.json", &["blocs"]);
    assert_eq!(result["method"], "exact");
    assert_close(&result["frustration"], 0.0);
    assert_eq!(members(&result), [vec!["a1", "a2"], vec!["b1", "b2"], vec!["c1", "c2"]]);
    let two = json_on("blocs-three-weak.json", &["blocs", "--blocs", "2"]);
    assert_eq!(two["method"], "exact");
    assert_close(&two["frustration"], 1.0);
    assert_eq!(members(&two), [vec!["b1", "b2", "c1", "c2"], vec!["a1", "a2"]]);
    assert_eq!(frustrated(&two), ["bc"]);
    assert_eq!(two["frustrated"][0]["breaks"], "negative relation inside a bloc");
    assert_eq!(two["frustrated"][0]["kind"], "opposes");
    assert_eq!(two["max_blocs"], 2);
}

#[test]
fn three_mutual_enemies_fit_three_blocs_but_not_two() {
    let result = json_on("blocs-negative-triangle.json", &["blocs"]);
    assert_close(&result["frustration"], 0.0);
    assert_eq!(members(&result), [vec!["x"], vec!["y"], vec!["z"]]);
    assert_close(&result["balanced_triangle_share"], 0.0);
    let two = json_on("blocs-negative-triangle.json", &["blocs", "--blocs", "2"]);
    assert_eq!(two["method"], "exact");
    assert_close(&two["frustration"], 1.0);
    assert_eq!(two["blocs"].as_array().map(Vec::len), Some(2));
    assert_eq!(frustrated(&two).len(), 1);
}

#[test]
fn unbalanced_triangle_breaks_its_least_confident_relation_whatever_the_cap() {
    for cap in [None, Some("1"), Some("2"), Some("3")] {
        let mut args = vec!["blocs"];
        if let Some(k) = cap {
            args.extend(["--blocs", k]);
        }
        let result = json_on("blocs-odd-triangle.json", &args);
        assert_eq!(result["method"], "exact", "cap {cap:?}");
        assert_close(&result["frustration"], 0.6);
        assert_eq!(members(&result), [vec!["p", "q", "r"]], "cap {cap:?}");
        assert_eq!(frustrated(&result), ["rp"]);
    }
}

#[test]
fn not_balanced_graph_has_its_unique_optimum() {
    let result = json_on("blocs-unbalanced.json", &["blocs"]);
    assert_eq!(result["method"], "exact");
    assert_close(&result["frustration"], 0.7);
    assert_eq!(members(&result), [vec!["a1", "a2", "a3"], vec!["b1", "b2", "b3"]]);
    // Most confident first: the defector (0.4), then the hedge (0.3, parallel to an opposition).
    assert_eq!(frustrated(&result), ["d", "h"]);
    assert_eq!(result["frustrated"][0]["breaks"], "positive relation between blocs");
    assert_eq!(
        (result["frustrated"][0]["from_bloc"].clone(), result["frustrated"][0]["to_bloc"].clone()),
        (1.into(), 2.into())
    );
    assert_eq!(result["signed_relations"], 11); // the denial and the meeting take no part
    assert_eq!((result["signed_triangles"].clone(), result["balanced_triangles"].clone()), (4.into(), 2.into()));
    insta::assert_json_snapshot!("blocs_unbalanced", result);
}

#[test]
fn compare_reports_who_changed_bloc() {
    let result = json_on("blocs-shift.json", &["blocs", "--as-of", "2020", "--compare-as-of", "2024"]);
    assert_eq!(result["as_of"], "2020");
    assert_eq!(members(&result), [vec!["a1", "a2", "swing"], vec!["b1", "b2"]]);
    assert_eq!(result["compare"]["as_of"], "2024");
    assert_eq!(members(&result["compare"]), [vec!["b1", "b2", "swing"], vec!["a1", "a2"]]);
    // Blocs are matched by overlap: {b1, b2, swing} is bloc 2 of 2020, whatever its position.
    assert_eq!(result["compare"]["blocs"][0]["bloc"], 2);
    assert_eq!(result["changes"], serde_json::json!([{"id": "swing", "name": "swing", "from_bloc": 1, "to_bloc": 2}]));
    let table = run([
        "--data".as_ref(),
        fixture("blocs-shift.json").as_os_str(),
        "blocs".as_ref(),
        "--as-of".as_ref(),
        "2020".as_ref(),
        "--compare-as-of".as_ref(),
        "2024".as_ref(),
    ]);
    table.ok().stdout_has("As of 2024").stdout_has("Changed bloc").stdout_has("│ swing ┆ swing ┆ 1");
}

#[test]
fn compare_without_a_first_date_is_refused() {
    run(["blocs", "--compare-as-of", "2024"]).code(2).stderr_has("--compare-as-of: needs --as-of");
    run(["blocs", "--restarts", "0"]).code(2);
    run(["blocs", "--blocs", "0"]).code(2);
}

#[test]
fn same_seed_same_answer() {
    let first = run(["blocs", "--format", "json", "--seed", "7", "--restarts", "3"]);
    let second = run(["blocs", "--format", "json", "--seed", "7", "--restarts", "3"]);
    assert_eq!(first.stdout, second.stdout);
}

/// What an analyst reading the 2 December 2024 reporting expects: the insurgents on one side; Assad, Iran,
/// the Hashd factions and the Iraqi state on the other.
#[test]
fn bundled_dataset_puts_the_insurgents_against_assad_iran_and_the_hashd() {
    let result = json(&["blocs"]);
    assert_eq!(result["method"], "exact");
    assert_close(&result["frustration"], 0.0);
    let blocs = members(&result);
    let bloc_of = |id: &str| blocs.iter().position(|b| b.iter().any(|m| m == id));
    let insurgents = bloc_of("syrian-insurgents");
    assert!(insurgents.is_some());
    for id in [
        "bashar-al-assad",
        "syrian-government",
        "syrian-army",
        "iran",
        "kataib-hezbollah",
        "asaib-ahl-al-haq",
        "kataib-sayyid-al-shuhada",
        "pmf",
        "axis-of-resistance",
    ] {
        assert!(bloc_of(id).is_some(), "{id} is partitioned");
        assert_ne!(bloc_of(id), insurgents, "{id} is not in the insurgents' bloc");
        assert_eq!(bloc_of(id), bloc_of("bashar-al-assad"), "{id} is with Assad");
    }
    // Places and reporters with only neutral relations (deployments, reports) take no part.
    assert_eq!(strings(&result["left_out_actors"]), ["damascus", "iraq-syria-border", "reuters", "sohr", "syria"]);
    insta::assert_json_snapshot!("blocs_bundled", result);
}

#[test]
fn bundled_dataset_blocs_before_and_during_the_offensive() {
    let result = json(&["blocs", "--as-of", "2011", "--compare-as-of", "2024-12-02"]);
    // In 2011 the dataset holds only Iran's backing of Damascus.
    assert_eq!(members(&result), [vec!["iran", "syrian-government"]]);
    let changes = result["changes"].as_array().cloned().unwrap_or_default();
    let insurgents = changes.iter().find(|c| c["id"] == "syrian-insurgents").cloned().unwrap_or_default();
    assert_eq!(insurgents["from_bloc"], Value::Null);
    assert_ne!(insurgents["to_bloc"], 1, "the insurgents do not join Iran's bloc");
    assert!(changes.iter().all(|c| c["id"] != "iran" && c["id"] != "syrian-government"));
}

#[test]
fn blocs_csv_lists_every_actor_with_its_bloc() {
    let result = run([
        "--data".as_ref(),
        fixture("blocs-unbalanced.json").as_os_str(),
        "blocs".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
    ]);
    result.ok();
    assert_eq!(
        result.stdout,
        "bloc,id,name,frustrated_relations\n1,a1,a1,\n1,a2,a2,h\n1,a3,a3,d\n2,b1,b1,d\n2,b2,b2,h\n2,b3,b3,\n"
    );
}

#[test]
fn blocs_table_cites_the_frustrated_relations() {
    run(["--data".as_ref(), fixture("blocs-unbalanced.json").as_os_str(), "blocs".as_ref()])
        .ok()
        .stdout_has("2 blocs of 6 actors (exact")
        .stdout_has("frustration 0.700000 (2 of 11 signed relations")
        .stdout_has("a3 supports b1")
        .stdout_has("positive between blocs 1 and 2");
}

#[test]
fn allies_of_kataib_hezbollah_follow_the_article() {
    let result = json(&["allies", "KH"]);
    assert_eq!(result["actor"], "kataib-hezbollah");
    let results = result["results"].as_array().cloned().unwrap_or_default();
    let find = |id: &str| results.iter().find(|r| r["id"] == id).cloned();
    // Direct: Iran backs it, it backs the Syrian government and army, it is part of the PMF.
    for id in ["iran", "syrian-government", "syrian-army", "pmf"] {
        assert_eq!(find(id).map(|r| r["hops"].clone()), Some(1.into()), "{id}");
    }
    // Friend of a friend: Assad, through the Syrian government it backs.
    let assad = find("bashar-al-assad").unwrap_or_default();
    assert_eq!(assad["hops"], 2);
    assert_eq!(strings(&assad["chain"]), ["r-kh-supports-syrian-government", "r-assad-leads-syrian-government"]);
    assert_close(&assad["confidence"], 0.75);
    assert_eq!(assad["conflicting"], false);
    assert_eq!(strings(&assad["path"]), ["kataib-hezbollah", "syrian-government", "bashar-al-assad"]);
    assert_eq!(assad["relations"][0]["sources"].as_array().map(Vec::len), Some(2));
    // Sorted by hops, then confidence (highest first), then id.
    let keys: Vec<(u64, f64)> =
        results.iter().map(|r| (r["hops"].as_u64().unwrap_or(0), r["confidence"].as_f64().unwrap_or(0.0))).collect();
    assert!(keys.windows(2).all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 >= w[1].1)), "{keys:?}");
    insta::assert_json_snapshot!("allies_kataib_hezbollah", result);
}

#[test]
fn enemies_of_kataib_hezbollah_are_the_insurgents_through_damascus() {
    let result = json(&["enemies", "Kataib Hezbollah"]);
    let results = result["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["id"], "syrian-insurgents");
    assert_eq!(results[0]["hops"], 2);
    // The enemy of a friend: the highest-confidence two-step chain (0.75 × 0.95).
    assert_eq!(
        strings(&results[0]["chain"]),
        ["r-kh-supports-syrian-government", "r-insurgents-oppose-syrian-government"]
    );
    assert_close(&results[0]["confidence"], 0.7125);
    insta::assert_json_snapshot!("enemies_kataib_hezbollah", result);
}

#[test]
fn enemies_of_the_insurgents_at_depth_one_are_whom_they_attack_and_threaten() {
    let result = json(&["enemies", "insurgents", "--depth", "1"]);
    let ids: Vec<String> = result["results"]
        .as_array()
        .map(|list| list.iter().map(|r| r["id"].as_str().unwrap_or("?").to_owned()).collect())
        .unwrap_or_default();
    assert_eq!(ids, ["aleppo", "syrian-government", "syrian-army", "axis-of-resistance", "karbala"]);
}

#[test]
fn unbalanced_triangle_makes_a_conflicting_ally_and_enemy() {
    let allies = json_on("blocs-odd-triangle.json", &["allies", "p"]);
    assert_eq!(
        allies["results"],
        serde_json::json!([
            {"id": "q", "name": "q", "hops": 1, "chain": ["pq"], "confidence": 1.0, "conflicting": true,
             "path": ["p", "q"], "relations": allies["results"][0]["relations"].clone(), "mixes_periods": false},
            {"id": "r", "name": "r", "hops": 2, "chain": ["pq", "qr"], "confidence": 0.9, "conflicting": true,
             "path": ["p", "q", "r"], "relations": allies["results"][1]["relations"].clone(),
             "mixes_periods": false}
        ])
    );
    let enemies = json_on("blocs-odd-triangle.json", &["enemies", "p"]);
    assert_eq!(enemies["results"][0]["id"], "r");
    assert_eq!(enemies["results"][0]["hops"], 1);
    assert_eq!(enemies["results"][0]["conflicting"], true);
    assert_eq!(enemies["results"][0]["relations"][0]["kind"], "opposes");
    // q is also the friend of p's enemy r.
    assert_eq!(enemies["results"][1]["id"], "q");
    assert_eq!(strings(&enemies["results"][1]["chain"]), ["rp", "qr"]);
    assert_close(&enemies["results"][1]["confidence"], 0.54);
}

#[test]
fn allies_of_an_actor_without_signed_relations_is_nothing_found() {
    run(["allies", "Reuters"]).code(1).stdout_has("No allies of Reuters within 2 hops");
    run(["enemies", "sohr", "--format", "json"]).code(1).stdout_has("\"results\": []");
    run(["allies", "Nobody Known"]).code(2).stderr_has("no actor 'Nobody Known'");
    run(["allies", "KH", "--depth", "0"]).code(2);
}

#[test]
fn allies_csv_and_table_cite_chains_and_sources() {
    let csv = run(["enemies", "KH", "--format", "csv"]);
    csv.ok();
    assert_eq!(
        csv.stdout,
        "id,name,hops,confidence,conflicting,chain,sources,fewest_independent_sources,contested,denied_by,\
         mixes_periods\n\
         syrian-insurgents,Syrian insurgents,2,0.712500,false,\
         r-kh-supports-syrian-government;r-insurgents-oppose-syrian-government,\
         article-hashd-syria-2024-12-02;reuters-2024-12-02,1,false,,false\n"
    );
    run(["enemies", "KH"])
        .ok()
        .stdout_has("1 enemy of Kataib Hezbollah within 2 hops")
        .stdout_has("Syrian insurgents opposes Syrian government (r-insurgents-oppose-syrian-government)");
}

#[test]
fn filters_apply_before_signed_reasoning() {
    // Without supports, KH's only signed tie is its PMF membership: no path to the insurgents.
    run(["enemies", "KH", "--exclude-kind", "supports"]).code(1);
    let blocs = json(&["blocs", "--min-confidence", "0.9"]);
    assert!(blocs["signed_relations"].as_u64().unwrap_or(0) < 32);
}

#[test]
fn stats_shows_the_signed_view() {
    let s = json(&["stats"]);
    assert_eq!(s["by_sign"], serde_json::json!({"positive": 28, "negative": 5, "neutral": 15}));
    assert_eq!(s["signed_triangles"], 10);
    assert_close(&s["balanced_triangle_share"], 1.0);
    run(["stats"])
        .ok()
        .stdout_has("28 positive, 5 negative (15 neutral)")
        .stdout_has("1.000000 of 10 signed triangles");
    let unbalanced = json_on("blocs-unbalanced.json", &["stats"]);
    assert_close(&unbalanced["balanced_triangle_share"], 0.5);
    // swing backs a1 (2020) and attacks a2 (2024), allies of each other: unbalanced over all dates …
    assert_close(&json_on("blocs-shift.json", &["stats"])["balanced_triangle_share"], 0.0);
    // … and no triangle at all as of 2020.
    let none = json_on("blocs-shift.json", &["stats", "--as-of", "2020"]);
    assert_eq!(none["balanced_triangle_share"], Value::Null);
    assert_eq!(none["signed_triangles"], 0);
}

#[test]
fn settings_the_library_refuses_are_named_by_their_flags() {
    // The library names a setting (`the number of restarts`); the command line says which flag sets it.
    let data = fixture("blocs-balanced-two.json");
    let data = data.to_str().unwrap();
    run(["--data", data, "blocs", "--restarts", "500000000"])
        .code(2)
        .stderr_has("lower --restarts, or narrow the graph with --kind");
}

// Regression: on a dense graph (2,000 actors, every pair related at probability 0.5) `blocs` ran for minutes
// with no progress shown; its search now stops at a work limit with the best blocs found by then, and says so.
#[test]
fn a_search_cut_by_its_work_limit_says_it_stopped_early() {
    let dir = tempfile::tempdir().unwrap();
    let n = 120;
    let actors: Vec<Value> = (0..n).map(|i| serde_json::json!({"id": format!("a{i}")})).collect();
    let mut relations = Vec::new();
    let mut state: u64 = 7;
    for u in 0..n {
        for v in u + 1..n {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let kind = match state >> 62 {
                0 => "supports",
                1 => "opposes",
                _ => continue,
            };
            relations.push(serde_json::json!({"from": format!("a{u}"), "to": format!("a{v}"), "kind": kind}));
        }
    }
    let data = dir.path().join("dense.json");
    let document = serde_json::json!({"format": "actorgraph/1", "actors": actors, "relations": relations});
    std::fs::write(&data, document.to_string()).unwrap();
    let data = data.to_str().unwrap();
    let cut = run(["blocs", "--data", data, "--work-limit", "20000", "--format", "json"]);
    cut.ok().stderr_has("note: Stopped early: the search reached its work limit");
    let cut = cut.json();
    assert_eq!(cut["stopped_early"], true);
    assert_eq!(cut["method"], "heuristic");
    let placed: usize = cut["blocs"].as_array().unwrap().iter().map(|b| b["members"].as_array().unwrap().len()).sum();
    assert_eq!(placed, n, "every actor is in one of the blocs found so far");
    let table = run(["blocs", "--data", data, "--work-limit", "20000"]);
    table.ok().stdout_has("Stopped early: the search reached its work limit").stdout_has("raise --work-limit");
    // The frustrated relations are many: the table shows the first ones and says how to get all.
    table.stdout_has("more relations that break the blocs (the first 200 are shown;");
    let whole = json(&["blocs", "--data", data]);
    assert_eq!(whole["stopped_early"], false);
    assert!(whole["frustration"].as_f64() <= cut["frustration"].as_f64(), "a longer search does no worse here");
}
