//! Traversal queries: `neighbors`, `path`, `chain`, `timeline` and `contradictions`, pinned on the bundled
//! dataset (the answers an analyst reading the 2 December 2024 reporting expects) and on one-edge-case
//! fixtures.

use std::ffi::OsString;
use std::path::Path;

use serde_json::Value;

use crate::harness::{fixture, run, Run};

/// Runs `actorgraph --data <path> args…`.
#[track_caller]
fn with_data(data: &Path, args: &[&str]) -> Run {
    let mut all: Vec<OsString> = vec!["--data".into(), data.into()];
    all.extend(args.iter().map(OsString::from));
    run(all)
}

/// Runs `actorgraph --data tests/fixtures/<name> args…`.
#[track_caller]
fn on(name: &str, args: &[&str]) -> Run {
    with_data(&fixture(name), args)
}

/// The `id` fields of a JSON array.
#[track_caller]
fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("expected a JSON array, got {list}"))
        .iter()
        .map(|v| v["id"].as_str().unwrap_or_else(|| panic!("no string id in {v}")).to_owned())
        .collect()
}

/// The values of `field` of a JSON array, as strings.
#[track_caller]
fn field(list: &Value, name: &str) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("expected a JSON array, got {list}"))
        .iter()
        .map(|v| match &v[name] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// Every relation record carries what an analyst needs to cite it.
#[track_caller]
fn assert_cites(relation: &Value) {
    for key in ["id", "from", "to", "kind", "confidence", "grade", "sources", "text"] {
        assert!(relation.get(key).is_some(), "relation record lacks {key:?}: {relation}");
    }
    assert!(relation["sources"].is_array(), "sources is not a list: {relation}");
}

// ---------------------------------------------------------------- path

#[test]
fn kataib_hezbollahs_shortest_path_to_iran_is_irans_support() {
    let json = run(["path", "KH", "Iran", "--format", "json"]).ok().json();
    assert_eq!(json["from"], "kataib-hezbollah");
    assert_eq!(json["to"], "iran");
    assert_eq!(json["search"], "shortest");
    assert_eq!(json["truncated"], false);
    let paths = json["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 1, "{json}");
    assert_eq!(paths[0]["actors"], serde_json::json!(["kataib-hezbollah", "iran"]));
    assert_eq!(ids(&paths[0]["relations"]), ["r-iran-supports-kh"]);
    assert_eq!(paths[0]["weakest_confidence"], 0.6);
    let relation = &paths[0]["relations"][0];
    assert_cites(relation);
    assert_eq!(relation["date"], "2024-12-02");
    // An analyst inference: the brief's reliability, and no reported-fact credibility (6: cannot be judged).
    assert_eq!(relation["grade"], "C6");
    assert_eq!(relation["attrs"]["basis"], "inference");
    assert_eq!(relation["sources"], serde_json::json!(["article-hashd-syria-2024-12-02"]));
    assert_eq!(paths[0]["hops"][0]["relations"], serde_json::json!(["r-iran-supports-kh"]));
}

#[test]
fn kataib_hezbollah_reaches_iran_only_against_the_direction_of_support() {
    // Iran supports KH; nothing leads from KH to Iran along the relations' direction.
    run(["path", "KH", "Iran", "--directed"]).code(1).stdout_has("No path from Kataib Hezbollah to Iran (directed)");
    let json = run(["path", "Iran", "KH", "--directed", "--format", "json"]).ok().json();
    assert_eq!(json["paths"][0]["actors"], serde_json::json!(["iran", "kataib-hezbollah"]));
}

#[test]
fn through_membership_and_leadership_kataib_hezbollah_reaches_iran_via_the_pmf_and_the_axis() {
    let json = run(["path", "KH", "Iran", "--kind", "member_of,leads", "--format", "json"]).ok().json();
    let paths = json["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 1, "{json}");
    assert_eq!(
        paths[0]["actors"],
        serde_json::json!(["kataib-hezbollah", "pmf", "kataib-sayyid-al-shuhada", "axis-of-resistance", "iran"])
    );
    assert_eq!(
        ids(&paths[0]["relations"]),
        ["r-kh-member-pmf", "r-kss-member-pmf", "r-kss-member-axis", "r-iran-leads-axis"]
    );
    assert_eq!(paths[0]["weakest_confidence"], 0.75);
    // Only the kinds asked for are walked.
    for r in paths[0]["relations"].as_array().unwrap() {
        assert!(r["kind"] == "member_of" || r["kind"] == "leads", "{r}");
    }
}

#[test]
fn all_paths_come_shortest_first_and_the_limit_says_when_it_cuts() {
    let json = run(["path", "KH", "Iran", "--all", "--max-len", "3", "--format", "json"]).ok().json();
    assert_eq!(json["search"], "all");
    let paths = json["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 8, "{json}");
    let lengths: Vec<usize> = paths.iter().map(|p| p["hops"].as_array().unwrap().len()).collect();
    assert_eq!(lengths, [1, 2, 3, 3, 3, 3, 3, 3]);
    assert_eq!(paths[1]["actors"], serde_json::json!(["kataib-hezbollah", "syrian-government", "iran"]));
    for p in paths {
        let actors = p["actors"].as_array().unwrap();
        let mut unique = actors.clone();
        unique.sort_by_key(ToString::to_string);
        unique.dedup();
        assert_eq!(unique.len(), actors.len(), "not a simple path: {p}");
        let weakest =
            p["hops"].as_array().unwrap().iter().map(|h| h["confidence"].as_f64().unwrap()).fold(1.0, f64::min);
        assert_eq!(p["weakest_confidence"].as_f64().unwrap(), weakest);
    }
    assert_eq!(json["truncated"], false);
    let cut = run(["path", "KH", "Iran", "--all", "--max-len", "3", "--limit", "3", "--format", "json"]).ok().json();
    assert_eq!(cut["paths"].as_array().unwrap().len(), 3);
    assert_eq!(cut["truncated"], true);
    run(["path", "KH", "Iran", "--all", "--max-len", "3", "--limit", "3"])
        .ok()
        .stdout_has("Note: only the first 3 paths are shown; more exist (raise --limit to see them).");
}

#[test]
fn a_time_respecting_path_that_exists_only_undirected() {
    let actors = |args: &[&str], code: i32| -> Vec<Value> {
        let mut all = vec!["path", "a", "c", "--format", "json"];
        all.extend(args);
        let r = on("path-time.json", &all);
        r.code(code);
        r.json()["paths"].as_array().unwrap().iter().map(|p| p["actors"].clone()).collect()
    };
    let abc = serde_json::json!(["a", "b", "c"]);
    let adc = serde_json::json!(["a", "d", "c"]);
    assert_eq!(actors(&["--all-shortest"], 0), [abc.clone(), adc.clone()]);
    // By default one path, the first in order of the actor ids, and word that others are as short.
    assert_eq!(actors(&[], 0), std::slice::from_ref(&abc));
    let one = on("path-time.json", &["path", "a", "c", "--format", "json"]).ok().json();
    assert_eq!((&one["search"], &one["truncated"]), (&serde_json::json!("shortest"), &serde_json::json!(true)));
    on("path-time.json", &["path", "a", "c"])
        .ok()
        .stdout_has("Note: other paths are as short as this one (--all-shortest lists them).");
    let every = on("path-time.json", &["path", "a", "c", "--all-shortest", "--format", "json"]).ok().json();
    assert_eq!(
        (&every["search"], &every["truncated"]),
        (&serde_json::json!("all_shortest"), &serde_json::json!(false))
    );
    // June 2021, then "2021" (which can be later in that year): in order. 2022 then 2019: not.
    assert_eq!(actors(&["--time-respecting"], 0), [abc]);
    assert_eq!(actors(&["--directed"], 0), [adc]);
    assert!(actors(&["--directed", "--time-respecting"], 1).is_empty());
    assert!(actors(&["--directed", "--time-respecting", "--all"], 1).is_empty());
    on("path-time.json", &["path", "a", "c", "--directed", "--time-respecting"])
        .code(1)
        .stdout_has("No path from Actor A to Actor C (directed, time-respecting).");
}

#[test]
fn parallel_relations_make_one_hop_whose_confidence_is_the_best() {
    let json = on("path-parallel.json", &["path", "militia", "party", "--format", "json"]).ok().json();
    let path = &json["paths"][0];
    assert_eq!(path["actors"], serde_json::json!(["militia", "patron", "party"]));
    assert_eq!(path["hops"][0]["relations"], serde_json::json!(["p1", "p2", "p3"]));
    assert_eq!(path["hops"][0]["confidence"], 0.9);
    assert_eq!(path["hops"][1]["confidence"], 0.8);
    assert_eq!(path["weakest_confidence"], 0.8);
    assert_eq!(ids(&path["relations"]), ["p1", "p2", "p3", "p4"]);
    // In date order the 2024 support cannot come before the January 2020 meeting: it drops out of the hop,
    // and the weakest link falls to the undated alliance (0.7).
    let timed =
        on("path-parallel.json", &["path", "militia", "party", "--time-respecting", "--format", "json"]).ok().json();
    assert_eq!(timed["paths"][0]["hops"][0]["relations"], serde_json::json!(["p1", "p3"]));
    assert_eq!(timed["paths"][0]["weakest_confidence"], 0.7);
    // Directed: patron → militia relations do not lead from the militia; the alliance is symmetric and does.
    let directed =
        on("path-parallel.json", &["path", "militia", "patron", "--directed", "--format", "json"]).ok().json();
    assert_eq!(directed["paths"][0]["hops"][0]["relations"], serde_json::json!(["p3"]));
}

/// A 13-actor clique dated 2024 with the target hanging off one member by a relation dated 2000: no path is
/// in date order, and the number of simple paths up to 12 hops is astronomical.
fn dense_dataset(dir: &Path) -> std::path::PathBuf {
    let n = 13;
    let actors: Vec<Value> =
        (0..n).map(|i| serde_json::json!({"id": format!("c{i}")})).chain([serde_json::json!({"id": "t"})]).collect();
    let mut relations = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            relations.push(serde_json::json!({"id": format!("r{i}-{j}"), "from": format!("c{i}"),
                "to": format!("c{j}"), "kind": "supports", "date": "2024"}));
        }
    }
    relations.push(serde_json::json!({"id": "rt", "from": "c0", "to": "t", "kind": "supports", "date": "2000"}));
    let path = dir.join("dense.json");
    let text = serde_json::json!({"format": "actorgraph/1", "actors": actors, "relations": relations});
    std::fs::write(&path, text.to_string()).unwrap();
    path
}

#[test]
fn all_paths_on_a_dense_graph_are_bounded_by_the_limit_and_the_step_budget() {
    let dir = tempfile::tempdir().unwrap();
    let data = dense_dataset(dir.path());
    let started = std::time::Instant::now();
    let json = with_data(&data, &["path", "c1", "t", "--all", "--max-len", "12", "--format", "json"]).ok().json();
    assert_eq!(json["paths"].as_array().unwrap().len(), 100);
    assert_eq!(json["truncated"], true);
    with_data(&data, &["path", "c1", "t", "--all", "--max-len", "12", "--time-respecting"])
        .code(1)
        .stdout_has("the search stopped after 5000000 steps");
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
}

#[test]
fn path_arguments_are_checked() {
    run(["path", "KH", "Kataib Hezbollah"]).code(2).stderr_has("are the same actor (kataib-hezbollah)");
    run(["path", "KH", "Iran", "--all", "--max-len", "13"]).code(2);
    run(["path", "KH", "Iran", "--limit", "0"]).code(2);
    run(["path", "KH", "Iran", "--all", "--all-shortest"]).code(2).stderr_has("cannot be used with");
    run(["path", "KH", "Qatar"]).code(2).stderr_has("no actor 'Qatar'");
}

// ---------------------------------------------------------------- chain

#[test]
fn khazalis_chain_down_is_asaib_ahl_al_haq_and_he_answers_to_no_one() {
    let json = run(["chain", "Khazali", "--down", "--format", "json"]).ok().json();
    assert_eq!(json["actor"], "qais-khazali");
    assert_eq!(json["direction"], "down");
    assert_eq!(
        json["members"],
        serde_json::json!([
            {"id": "asaib-ahl-al-haq", "depth": 1, "via": "r-khazali-leads-aah", "parent": "qais-khazali",
             "mixes_periods": false}
        ])
    );
    assert_eq!(json["cycles"], serde_json::json!([]));
    assert_cites(&json["relations"][0]);
    run(["chain", "Khazali"]).code(1).stdout_has("Qais Khazali (qais-khazali) answers to no one in the data.");
}

#[test]
fn asaib_ahl_al_haq_answers_to_its_leader_and_through_the_pmf_to_the_state() {
    let json = run(["chain", "AAH", "--up", "--format", "json"]).ok().json();
    let members = &json["members"];
    assert_eq!(
        ids(members),
        ["pmf", "falah-fayyadh", "iraqi-security-forces", "mohammed-shia-al-sudani", "qais-khazali"]
    );
    assert_eq!(field(members, "depth"), ["1", "2", "2", "2", "1"]);
    assert_eq!(
        field(members, "via"),
        ["r-aah-member-pmf", "r-fayyadh-leads-pmf", "r-pmf-member-isf", "r-sudani-commands-pmf", "r-khazali-leads-aah"]
    );
    // Sudani also commands the ISF: not a tree link, but listed with the others.
    assert!(ids(&json["relations"]).contains(&"r-sudani-commands-isf".to_owned()));
    assert_eq!(json["relations"].as_array().unwrap().len(), 6);
    // Up is the default.
    assert_eq!(run(["chain", "AAH", "--format", "json"]).ok().json(), json);
}

#[test]
fn the_prime_minister_has_the_factions_under_him_through_the_pmf() {
    let json = run(["chain", "Sudani", "--down", "--format", "json"]).ok().json();
    let members = &json["members"];
    assert_eq!(
        ids(members),
        [
            "iraqi-government",
            "iraqi-interior-ministry",
            "iraqi-security-forces",
            "pmf",
            "asaib-ahl-al-haq",
            "kataib-hezbollah",
            "kataib-sayyid-al-shuhada",
            "kss-spokesman"
        ]
    );
    assert_eq!(field(members, "parent")[4..7], ["pmf", "pmf", "pmf"]);
    // Filters apply before the query: on confidence ≥ 0.6 the weak "Sudani commands PMF" (0.5) is gone, and
    // the PMF comes under him only through the security forces.
    let json = run(["chain", "Sudani", "--down", "--min-confidence", "0.6", "--format", "json"]).ok().json();
    let pmf = json["members"].as_array().unwrap().iter().find(|m| m["id"] == "pmf").unwrap().clone();
    assert_eq!(pmf["parent"], "iraqi-security-forces");
    assert_eq!(pmf["depth"], 2);
}

#[test]
fn loops_of_command_are_reported_not_followed() {
    let json = on("chain-cycle.json", &["chain", "council", "--down", "--format", "json"]).ok().json();
    assert_eq!(ids(&json["members"]), ["brigade-1", "brigade-2", "cell"]);
    assert_eq!(field(&json["members"], "depth"), ["1", "2", "3"]);
    assert_eq!(json["cycles"], serde_json::json!([["brigade-1", "brigade-2", "council", "brigade-1"]]));
    // Going up from the cell, the same loop is walked the other way.
    let json = on("chain-cycle.json", &["chain", "cell", "--format", "json"]).ok().json();
    assert_eq!(ids(&json["members"]), ["brigade-2", "brigade-1", "council"]);
    assert_eq!(json["cycles"], serde_json::json!([["brigade-1", "council", "brigade-2", "brigade-1"]]));
    on("chain-cycle.json", &["chain", "council", "--down"])
        .ok()
        .stdout_has("Loops of command (reported, not followed): 1\n  brigade-1 → brigade-2 → council → brigade-1");
    on("chain-cycle.json", &["chain", "sponsor", "--down"]).code(1).stdout_has("No one is under Sponsor State");
    run(["chain", "AAH", "--up", "--down"]).code(2);
}

// ---------------------------------------------------------------- neighbors

#[test]
fn asaib_ahl_al_haqs_neighbours_are_its_leader_its_sponsor_and_the_pmf() {
    let json = run(["neighbors", "AAH", "--format", "json"]).ok().json();
    assert_eq!(json["center"], "asaib-ahl-al-haq");
    assert_eq!(
        json["actors"],
        serde_json::json!([
            {"id": "iran", "hops": 1}, {"id": "pmf", "hops": 1}, {"id": "qais-khazali", "hops": 1}
        ])
    );
    assert_eq!(ids(&json["relations"]), ["r-aah-member-pmf", "r-iran-supports-aah", "r-khazali-leads-aah"]);
    json["relations"].as_array().unwrap().iter().for_each(assert_cites);
    let out = run(["neighbors", "AAH", "--direction", "out", "--format", "json"]).ok().json();
    assert_eq!(ids(&out["actors"]), ["pmf"]);
    let inward = run(["neighbors", "AAH", "--direction", "in", "--format", "json"]).ok().json();
    assert_eq!(ids(&inward["actors"]), ["iran", "qais-khazali"]);
}

#[test]
fn two_hops_out_from_asaib_ahl_al_haq_reach_the_other_factions() {
    let json = run(["neighbors", "AAH", "--depth", "2", "--format", "json"]).ok().json();
    let actors = json["actors"].as_array().unwrap();
    let hops: Vec<u64> = actors.iter().map(|a| a["hops"].as_u64().unwrap()).collect();
    assert!(hops.windows(2).all(|w| w[0] <= w[1]), "not sorted by hops: {json}");
    let two: Vec<&str> = actors.iter().filter(|a| a["hops"] == 2).map(|a| a["id"].as_str().unwrap()).collect();
    for expected in ["kataib-hezbollah", "kataib-sayyid-al-shuhada", "falah-fayyadh", "syrian-government"] {
        assert!(two.contains(&expected), "{expected} not at 2 hops: {two:?}");
    }
    // Relations between two actors at 1 hop count too (Iran and its factions are linked to the PMF's world).
    let relations = ids(&json["relations"]);
    assert!(relations.contains(&"r-kh-member-pmf".to_owned()));
    assert!(relations.contains(&"r-iran-supports-kh".to_owned()));
}

#[test]
fn symmetric_relations_count_both_ways_and_isolated_actors_exit_1() {
    // "Araghchi meets Assad" is stored from Araghchi; it still leads out from Assad.
    let json = run(["neighbors", "Assad", "--direction", "out", "--format", "json"]).ok().json();
    assert!(ids(&json["actors"]).contains(&"abbas-araghchi".to_owned()), "{json}");
    run(["neighbors", "Karbala", "--kind", "supports"]).code(1).stdout_has("Karbala (karbala) has no neighbours");
    run(["neighbors", "AAH", "--depth", "0"]).code(2);
}

// ---------------------------------------------------------------- timeline

#[test]
fn the_whole_timeline_opens_in_2011_and_is_in_date_order() {
    let json = run(["timeline", "--format", "json"]).ok().json();
    assert_eq!(json["actor"], Value::Null);
    let events = json["events"].as_array().unwrap();
    let file: Value = serde_json::from_str(&std::fs::read_to_string(crate::harness::dataset()).unwrap()).unwrap();
    assert_eq!(events.len(), file["relations"].as_array().unwrap().len());
    assert_eq!(events[0]["date"], "2011");
    assert_eq!(events[0]["relation"]["id"], "r-iran-supports-syrian-government-2011");
    // Month-precise reporting before the day-precise (a month sorts before its days), ids breaking ties.
    let dates: Vec<&str> = events.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(dates[1..].iter().take_while(|d| **d == "2024-12").count() >= 5);
    assert_eq!(*dates.last().unwrap(), "2024-12-02");
    for e in events {
        assert_eq!(e["date"], e["relation"]["date"]);
        assert_cites(&e["relation"]);
    }
}

#[test]
fn the_pmfs_timeline_has_the_reports_and_the_denials_about_it() {
    let json = run(["timeline", "Hashd", "--format", "json"]).ok().json();
    assert_eq!(json["actor"], "pmf");
    let events: Vec<String> =
        json["events"].as_array().unwrap().iter().map(|e| e["relation"]["id"].as_str().unwrap().to_owned()).collect();
    for expected in [
        "r-pmf-deploys-syria",
        "r-reuters-reports-pmf-deploys",
        "r-sohr-reports-pmf-deploys",
        "r-fayyadh-denies-pmf-deploys",
        "r-interior-ministry-denies-pmf-deploys",
        "r-iraqgov-funds-pmf",
        "r-fayyadh-claims-sudani-commands-pmf",
    ] {
        assert!(events.contains(&expected.to_owned()), "{expected} missing from {events:?}");
    }
    assert_eq!(events[0], "r-iraqgov-tolerates-pmf", "the month-dated events come first");
    assert!(!events.contains(&"r-iran-supports-kh".to_owned()));
}

#[test]
fn undated_events_come_last_and_are_marked() {
    let json = on("timeline-undated.json", &["timeline", "--format", "json"]).ok().json();
    let events = json["events"].as_array().unwrap();
    let order: Vec<&str> = events.iter().map(|e| e["relation"]["id"].as_str().unwrap()).collect();
    assert_eq!(order, ["e7", "e4", "e3", "e2", "e5", "e1", "e6"]);
    assert_eq!(events[5]["date"], Value::Null);
    assert_eq!(events[6]["date"], Value::Null);
    on("timeline-undated.json", &["timeline", "ministry"]).ok().stdout_has("6 events (2 undated, listed last)");
    on("timeline-undated.json", &["timeline", "reporter", "--as-of", "2020"]).code(1).stdout_has("0 events");
    let csv = on("timeline-undated.json", &["timeline", "--format", "csv"]).ok().stdout.clone();
    assert!(
        csv.starts_with(
            "date,until,id,relation,grade,confidence,sources,independent_sources,contested,denied_by\n2023-01,2023-03,e7,"
        ),
        "{csv}"
    );
    assert!(csv.contains("\n,,e1,Faction member_of Ministry"), "{csv}");
}

// ---------------------------------------------------------------- contradictions

#[test]
fn hashd_entering_syria_is_reported_by_reuters_and_sohr_and_denied_by_fayyadh_and_the_interior_ministry() {
    let json = run(["contradictions", "--format", "json"]).ok().json();
    let claims = json["claims"].as_array().unwrap();
    assert_eq!(
        claims.iter().map(|c| c["claim"]["id"].as_str().unwrap()).collect::<Vec<_>>(),
        ["r-kh-deploys-syria", "r-pmf-deploys-syria"]
    );
    // Fayyadh denied that *any* Hashd group entered Syria: Kataib Hezbollah's reported deployment included.
    let kh = &claims[0];
    assert_eq!(field(&kh["reported_by"], "actor"), ["reuters"]);
    assert_eq!(field(&kh["denied_by"], "actor"), ["falah-fayyadh", "iraqi-interior-ministry"]);
    assert_eq!(kh["claim"]["contested"], true);
    assert_eq!(kh["claim"]["denied_by"], serde_json::json!(["falah-fayyadh", "iraqi-interior-ministry"]));
    assert_eq!(kh["claim"]["independent_sources"], 1, "the brief relays Reuters");
    let deploys = &claims[1];
    assert_eq!(deploys["claim"]["independent_sources"], 2, "Reuters and SOHR");
    assert_eq!(deploys["claim"]["attrs"]["fighters"], "about 200 (SOHR estimate)");
    assert_cites(&deploys["claim"]);
    assert_eq!(deploys["claim"]["text"], "Popular Mobilization Forces deploys_to Syria");
    assert_eq!(field(&deploys["reported_by"], "actor"), ["reuters", "sohr"]);
    assert_eq!(field(&deploys["reported_by"], "kind"), ["reports", "reports"]);
    assert_eq!(field(&deploys["denied_by"], "actor"), ["falah-fayyadh", "iraqi-interior-ministry"]);
    let fayyadh = &deploys["denied_by"][0];
    assert_eq!(fayyadh["relation"], "r-fayyadh-denies-pmf-deploys");
    assert_eq!(fayyadh["date"], "2024-12-02");
    assert_eq!(fayyadh["grade"], "C2");
    assert_eq!(fayyadh["sources"], serde_json::json!(["al-sumaria-2024-12-02", "article-hashd-syria-2024-12-02"]));
    assert!(json.get("uncorroborated").is_none(), "single-source lists only on request: {json}");
    run(["contradictions", "--exclude-kind", "denies"]).code(1).stdout_has("0 denied claims");
}

#[test]
fn uncorroborated_claims_rest_on_one_source_and_statements_are_not_counted() {
    let json = run(["contradictions", "--uncorroborated", "--format", "json"]).ok().json();
    let single = json["uncorroborated"].as_array().unwrap();
    assert!(single.iter().all(|r| r["independent_sources"] == 1), "{json}");
    assert!(single.iter().all(|r| !["denies", "claims", "reports"].contains(&r["kind"].as_str().unwrap())));
    let single = ids(&json["uncorroborated"]);
    assert!(single.contains(&"r-sudani-commands-pmf".to_owned()));
    assert!(!single.contains(&"r-pmf-deploys-syria".to_owned()), "backed by Reuters and SOHR");
    // Two sources, one of which relays the other: one independent source, and the chain says why.
    assert!(single.contains(&"r-kh-deploys-syria".to_owned()), "the brief relays Reuters");
    let kh = json["uncorroborated"].as_array().unwrap().iter().find(|r| r["id"] == "r-kh-deploys-syria").unwrap();
    assert!(
        kh["rests_on"].as_array().unwrap().iter().any(|c| c
            == "Analyst brief (seed reporting) \u{2192} Reuters \u{2192} Two Syrian military sources (via Reuters)"),
        "{kh}"
    );
    let mut sorted = single.clone();
    sorted.sort();
    assert_eq!(single, sorted);
    assert_eq!(json["unsourced"], serde_json::json!([]));

    let json =
        on("contradictions-sources.json", &["contradictions", "--uncorroborated", "--format", "json"]).ok().json();
    assert_eq!(ids(&json["uncorroborated"]), ["c1"]);
    assert_eq!(ids(&json["unsourced"]), ["c2"]);
    let denial = &json["claims"][0]["denied_by"][0];
    assert_eq!(denial["actor"], "spokesman");
    assert_eq!(denial["attrs"]["place"], "press conference, Baghdad");
    assert_eq!(json["claims"][0]["reported_by"], serde_json::json!([]));
}

// ---------------------------------------------------------------- formats and snapshots

#[test]
fn every_query_writes_csv_with_a_header() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["neighbors", "AAH"],
            "id,relation,date,grade,confidence,sources,independent_sources,contested,denied_by,from,from_hops,to,\
             to_hops\n",
        ),
        (
            &["path", "KH", "Iran"],
            "path,hop,from,to,id,relation,date,grade,confidence,sources,independent_sources,contested,denied_by,\
             weakest_confidence,mixes_periods\n",
        ),
        (
            &["chain", "AAH"],
            "depth,id,name,parent,via,relation,date,grade,confidence,sources,independent_sources,contested,\
             denied_by,mixes_periods\n",
        ),
        (
            &["timeline", "Iran"],
            "date,until,id,relation,grade,confidence,sources,independent_sources,contested,denied_by\n",
        ),
        (
            &["contradictions"],
            "claim,stance,actor,id,relation,date,grade,confidence,sources,independent_sources,contested,denied_by\n",
        ),
    ];
    for (args, header) in cases {
        let mut all = args.to_vec();
        all.extend(["--format", "csv"]);
        let r = run(&all);
        r.ok();
        assert!(r.stdout.starts_with(header), "`{}`:\n{}", all.join(" "), r.stdout);
        assert!(r.stdout.lines().count() > 1, "no rows: {}", r.stdout);
    }
    let path = run(["path", "KH", "Iran", "--format", "csv"]);
    assert!(path.stdout.contains("\n1,1,kataib-hezbollah,iran,r-iran-supports-kh,"), "{}", path.stdout);
}

/// Snapshots of the bundled dataset's answers, JSON and tables (review changes with `INSTA_UPDATE=always`).
#[test]
fn bundled_answers_snapshots() {
    let cases: [(&str, &[&str]); 12] = [
        ("neighbors_aah_json", &["neighbors", "AAH", "--format", "json"]),
        ("neighbors_aah_table", &["neighbors", "AAH"]),
        ("path_kh_iran_json", &["path", "KH", "Iran", "--format", "json"]),
        ("path_kh_iran_membership_table", &["path", "KH", "Iran", "--kind", "member_of,leads"]),
        ("chain_aah_up_json", &["chain", "AAH", "--format", "json"]),
        ("chain_aah_up_table", &["chain", "AAH"]),
        ("chain_sudani_down_table", &["chain", "Sudani", "--down"]),
        ("chain_khazali_down_json", &["chain", "Khazali", "--down", "--format", "json"]),
        ("timeline_iran_json", &["timeline", "Iran", "--format", "json"]),
        ("timeline_iran_table", &["timeline", "Iran"]),
        ("contradictions_json", &["contradictions", "--format", "json"]),
        ("contradictions_table", &["contradictions"]),
    ];
    for (name, args) in cases {
        let r = run(args);
        r.ok();
        insta::assert_snapshot!(name, r.stdout);
    }
}
