//! Evidence: independent sources, contested claims, the validity rule and its documented table.

use serde_json::Value;

use crate::harness::{fixture, root, run};

fn on(name: &str, args: &[&str]) -> crate::harness::Run {
    let data = fixture(name);
    let mut all: Vec<&std::ffi::OsStr> = vec!["--data".as_ref(), data.as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    run(all)
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn independent_sources_count_relays_shared_origins_and_repeats_once() {
    let json = on("evidence/relays.json", &["relations", "--format", "json"]).ok().json();
    let relations = json.as_array().unwrap();
    assert_eq!(relations.len(), 6);
    for relation in relations {
        // Each relation of the fixture says how many of its sources are independent.
        let expected: usize = relation["attrs"]["expected_independent"].as_str().unwrap().parse().unwrap();
        assert_eq!(relation["independent_sources"], expected, "{relation}");
    }
    // --min-sources counts independent sources: only the relation resting on two origins has two.
    let two = on("evidence/relays.json", &["relations", "--min-sources", "2", "--format", "json"]).ok().json();
    assert_eq!(ids(&two), ["two-origins"]);
    // A repeated id once passed --min-sources 3 (issue 14, finding 11).
    on("evidence/relays.json", &["relations", "--min-sources", "3"]).code(1);
}

#[test]
fn validate_names_a_derived_from_loop_and_warns_about_repeats_and_overgrading() {
    on("evidence/loop.json", &["validate"]).code(2).stdout_has("derived_from forms a loop: first → second → first");
    let report = on("evidence/relays.json", &["validate"]);
    report.ok();
    report.stdout_has(
        "relation 'repeated', field `sources`: cites 'monitor' more than once; a repeated source counts once",
    );
    report.stdout_has(
        "relation 'graded-too-high', field `credibility`: credibility 1 means confirmed by other sources, but it \
         has 1 independent source",
    );
}

#[test]
fn uncorroborated_claims_name_what_their_sources_rest_on() {
    let json = on("evidence/relays.json", &["contradictions", "--uncorroborated", "--format", "json"]).code(0).json();
    let single = json["uncorroborated"].as_array().unwrap();
    let relayed = single.iter().find(|r| r["id"] == "relayed").expect("two sources, one relaying the other");
    assert_eq!(
        relayed["rests_on"],
        serde_json::json!([
            "Wire → Two unnamed officials (via the wires)",
            "Brief → Wire → Two unnamed officials (via the wires)",
            "Brief → Monitor"
        ])
    );
    assert_eq!(ids(&json["unsourced"]), ["unsourced"]);
}

#[test]
fn contested_relations_carry_their_deniers_everywhere() {
    let data = "evidence/contested.json";
    let relations = on(data, &["relations", "--format", "json"]).ok().json();
    let record = |id: &str| relations.as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    // The denied claim, and the denial that is itself denied (and reported): the reporter denies nothing.
    assert_eq!(record("c-proxy-supports-ally")["denied_by"], serde_json::json!(["official"]));
    assert_eq!(record("c-official-denies-support")["denied_by"], serde_json::json!(["rival"]));
    assert_eq!(record("c-patron-supports-proxy")["contested"], false);
    assert_eq!(record("c-patron-supports-proxy")["denied_by"], serde_json::json!([]));
    // Every command's relation records carry the two fields.
    let commands: [&[&str]; 7] = [
        &["show", "proxy", "--format", "json"],
        &["neighbors", "proxy", "--format", "json"],
        &["path", "patron", "ally", "--format", "json"],
        &["allies", "patron", "--format", "json"],
        &["timeline", "--format", "json"],
        &["contradictions", "--format", "json"],
        &["enemies", "proxy", "--format", "json"],
    ];
    for args in commands {
        let out = on(data, args);
        out.ok();
        assert!(out.stdout.contains("\"contested\": true"), "{args:?}: {}", out.stdout);
        assert!(out.stdout.contains("\"denied_by\": [\n"), "{args:?}: {}", out.stdout);
    }
    // Tables name the deniers beside the relation.
    on(data, &["path", "patron", "ally"]).ok().stdout_has("proxy supports ally (denied by official)");
    on(data, &["show", "ally"]).ok().stdout_has("(denied by official)");
}

#[test]
fn if_denials_hold_leaves_contested_relations_out_and_says_how_many() {
    let data = "evidence/contested.json";
    on(data, &["path", "patron", "ally", "--if-denials-hold"])
        .code(1)
        .stderr_has("note: if the denials hold: 1 contested relation left out");
    let all = on(data, &["relations", "--format", "json"]).ok().json();
    let held = on(data, &["-q", "relations", "--if-denials-hold", "--format", "json"]).ok().json();
    let contested: Vec<String> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["contested"] == true && r["target"] == "actor")
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(contested, ["c-proxy-supports-ally"]);
    for id in &contested {
        assert!(!ids(&held).contains(id), "{id} is denied, and the denials hold");
    }
    // The statements about the left-out claim follow it out; everything else stays.
    assert_eq!(ids(&held), ["c-patron-supports-proxy", "c-rival-opposes-ally"]);
    // The bundled dataset: the reports of Hashd groups (Kataib Hezbollah included) entering Syria are left out.
    let bundled = run(["-q", "relations", "--if-denials-hold", "--format", "json"]).ok().json();
    let left = ids(&bundled);
    assert!(!left.contains(&"r-pmf-deploys-syria".to_owned()) && !left.contains(&"r-kh-deploys-syria".to_owned()));
    assert!(left.contains(&"r-kh-supports-syrian-government".to_owned()));
}

/// The validity table of `docs/evidence.md`, row by row, against `tests/fixtures/evidence/validity.json`.
#[test]
fn the_documented_validity_table_holds() {
    let doc = std::fs::read_to_string(root().join("docs/evidence.md")).unwrap();
    let lines: Vec<&str> = doc.lines().filter(|l| l.starts_with('|')).collect();
    let cells = |line: &str| line.trim_matches('|').split('|').map(str::trim).map(str::to_owned).collect::<Vec<_>>();
    let header = cells(lines[0]);
    let filters: Vec<(usize, Vec<String>)> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.starts_with("--"))
        .map(|(i, h)| (i, h.split_whitespace().map(str::to_owned).collect()))
        .collect();
    assert_eq!(filters.len(), 4, "{header:?}");
    let fixture_json: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("evidence/validity.json")).unwrap()).unwrap();
    let rows: Vec<Vec<String>> = lines[2..].iter().map(|l| cells(l)).collect();
    assert_eq!(rows.len(), fixture_json["relations"].as_array().unwrap().len(), "one row per fixture relation");
    for (column, flags) in &filters {
        let mut args: Vec<&str> = vec!["relations", "--format", "json"];
        args.extend(flags.iter().map(String::as_str));
        let out = on("evidence/validity.json", &args);
        let kept = if out.code == 1 { Vec::new() } else { ids(&out.json()) };
        for row in &rows {
            let relation = fixture_json["relations"].as_array().unwrap().iter().find(|r| r["id"] == row[0]).unwrap();
            // The table's date, until and kind are the fixture's.
            assert_eq!(row[1], relation["kind"].as_str().unwrap());
            assert_eq!(row[3], relation["date"].as_str().unwrap_or(""));
            assert_eq!(row[4], relation["until"].as_str().unwrap_or(""));
            let expected = row[*column] == "kept";
            assert_eq!(kept.contains(&row[0]), expected, "{} with {flags:?}: the table says {}", row[0], row[*column]);
        }
    }
}
