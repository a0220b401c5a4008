//! A missing confidence stays unknown in every format: `–` in tables, `null` in JSON, a dotted line in DOT,
//! and analyses that need a weight say which one they use.

use crate::harness::{fixture, run};

fn on(args: &[&str]) -> crate::harness::Run {
    let path = fixture("stix/shared-malware.stix.json");
    let mut all = vec!["--data".to_owned(), path.display().to_string(), "--no-cache".to_owned()];
    all.extend(args.iter().map(|a| (*a).to_owned()));
    run(all)
}

#[test]
fn a_missing_confidence_is_null_in_json_and_a_dash_in_tables() {
    let relations = on(&["--quiet", "relations", "--format", "json"]).ok().json();
    assert_eq!(relations[0]["confidence"], serde_json::Value::Null);
    let table = on(&["--quiet", "relations"]);
    table.ok().stdout_has("\u{2013}");
    assert!(!table.stdout.contains("1.00"), "never shown as certain:\n{}", table.stdout);
}

#[test]
fn a_missing_confidence_is_drawn_dotted() {
    let dot = on(&["--quiet", "dot", "-o", "-"]);
    dot.ok();
    let dotted = dot.stdout.lines().filter(|l| l.contains("->") && l.contains("dotted")).count();
    assert_eq!(dotted, 1, "the one relation without confidence:\n{}", dot.stdout);
}

#[test]
fn the_load_says_which_weight_analyses_give_an_unknown_confidence() {
    on(&["stats"]).ok().stderr_has("1 relation has no confidence");
    let json_dataset = fixture("path-parallel.json");
    let relations =
        run(["--data", json_dataset.to_str().unwrap_or_default(), "--quiet", "relations", "--format", "json"])
            .ok()
            .json();
    let text = std::fs::read_to_string(&json_dataset).unwrap_or_default();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let without = doc["relations"].as_array().into_iter().flatten().filter(|r| r.get("confidence").is_none()).count();
    let nulls = relations.as_array().into_iter().flatten().filter(|r| r["confidence"].is_null()).count();
    assert_eq!(nulls, without, "the actorgraph format too");
}

#[test]
fn an_export_writes_no_confidence_it_does_not_have() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for (to, name) in [("json", "out.json"), ("graphml", "out.graphml"), ("stix", "out.stix.json")] {
        let out = dir.path().join(name);
        on(&["--quiet", "export", "--to", to, "-o", out.to_str().unwrap_or_default()]).ok();
        let reloaded =
            run(["--data", out.to_str().unwrap_or_default(), "--quiet", "--no-cache", "relations", "--format", "json"])
                .ok()
                .json();
        let nulls = reloaded.as_array().into_iter().flatten().filter(|r| r["confidence"].is_null()).count();
        assert_eq!(nulls, 1, "{to}: {reloaded}");
    }
}
