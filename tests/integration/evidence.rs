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
    // The bundled dataset's timeline and neighbourhood tables mark Kataib Hezbollah's reported crossing.
    let marked = "Kataib Hezbollah deploys_to Syria (denied by Falah al-Fayyadh, Iraqi Interior Ministry)";
    let tables: [&[&str]; 3] =
        [&["-q", "timeline", "KH"], &["-q", "neighbors", "KH"], &["-q", "relations", "--actor", "KH"]];
    for args in tables {
        run(args)
            .ok()
            .stdout_has(marked)
            .stdout_has("reuters-2024-12-02; article-hashd-syria-2024-12-02 (1 independent)");
    }
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

/// Every relation record (an object with a `kind` and a `from` or `relation`) anywhere in `value` carries
/// `contested` and `denied_by`, and `independent_sources` beside its `sources`; returns how many records it
/// checked.
#[track_caller]
fn assert_relation_records_carry_denials(args: &[&str], value: &Value) -> usize {
    match value {
        Value::Object(map) => {
            let mut seen = 0;
            if map.contains_key("kind") && (map.contains_key("from") || map.contains_key("relation")) {
                assert!(map.get("contested").is_some_and(Value::is_boolean), "{args:?}: no `contested` in {value}");
                assert!(map.get("denied_by").is_some_and(Value::is_array), "{args:?}: no `denied_by` in {value}");
                // Regression: the statements under `contradictions` (reported_by, denied_by) had sources only.
                if map.contains_key("sources") {
                    assert!(
                        map.get("independent_sources").is_some_and(Value::is_u64),
                        "{args:?}: `sources` without `independent_sources` in {value}"
                    );
                }
                seen += 1;
            }
            seen + map.values().map(|v| assert_relation_records_carry_denials(args, v)).sum::<usize>()
        }
        Value::Array(items) => items.iter().map(|v| assert_relation_records_carry_denials(args, v)).sum(),
        _ => 0,
    }
}

#[test]
fn every_relation_record_of_every_answer_says_who_denies_it() {
    let commands: [&[&str]; 12] = [
        &["path", "KH", "Syria"],
        &["neighbors", "KH"],
        &["allies", "Fayad"],
        &["enemies", "KH"],
        &["blocs"],
        &["blocs", "--compare-denials"],
        &["chain", "pmf", "--down"],
        &["timeline"],
        &["show", "KH"],
        &["show", "Fayad"],
        &["contradictions", "--uncorroborated"],
        &["relations"],
    ];
    for args in commands {
        let mut all = vec!["-q"];
        all.extend_from_slice(args);
        all.extend(["--format", "json"]);
        let json = run(&all).ok().json();
        let seen = assert_relation_records_carry_denials(args, &json);
        // blocs has no frustrated relation in the bundled dataset: its records are only checked when present.
        if args[0] != "blocs" {
            assert!(seen > 0, "{args:?}: no relation record at all in {json}");
        }
    }
    // The contested ones name their deniers, in JSON and in the allies table.
    let json = run(["-q", "neighbors", "KH", "--format", "json"]).ok().json();
    let deploys = json["relations"].as_array().unwrap().iter().find(|r| r["id"] == "r-kh-deploys-syria").unwrap();
    assert_eq!(deploys["denied_by"], serde_json::json!(["falah-fayyadh", "iraqi-interior-ministry"]));
    on("evidence/contested.json", &["allies", "patron"])
        .ok()
        .stdout_has("proxy supports ally (denied by official) (c-proxy-supports-ally)");
}

#[test]
fn the_denied_claims_of_the_bundled_dataset_form_one_family() {
    let json = run(["-q", "contradictions", "--format", "json"]).ok().json();
    let families = json["families"].as_array().unwrap();
    assert_eq!(families.len(), 1, "{json}");
    let family = &families[0];
    assert_eq!(family["claims"], serde_json::json!(["r-kh-deploys-syria", "r-pmf-deploys-syria"]));
    assert_eq!(family["kind"], "deploys_to");
    assert_eq!(family["to"], "syria");
    assert_eq!(family["deniers"], serde_json::json!(["falah-fayyadh", "iraqi-interior-ministry"]));
    assert_eq!(family["reporters"], serde_json::json!(["reuters", "sohr"]));
    // Reuters and SOHR; the brief relays both and adds nothing independent.
    assert_eq!(family["independent_sources"], 2);
    let claims = json["claims"].as_array().unwrap();
    let counts: Vec<&Value> = claims.iter().map(|c| &c["claim"]["independent_sources"]).collect();
    assert_eq!(counts, [1, 2]);
    // A denial record says whether it is itself denied.
    assert_eq!(claims[0]["denied_by"][0]["contested"], false);
    run(["contradictions"]).ok().stdout_has("2 denied claims in 1 family").stdout_has(
        "Claim family: Kataib Hezbollah, Popular Mobilization Forces deploys_to Syria\n  2 claims: \
         r-kh-deploys-syria, r-pmf-deploys-syria\n  denied by: Falah al-Fayyadh, Iraqi Interior Ministry\n  \
         reported by: Reuters, Syrian Observatory for Human Rights\n",
    );
}

#[test]
fn lookup_never_guesses_in_report_specs_or_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.json");
    std::fs::write(&spec, r#"{"sections": [{"title": "The premier", "command": ["show", "Sudan"]}]}"#).unwrap();
    crate::harness::run_in(dir.path(), ["report", "--queries", spec.to_str().unwrap(), "-o", "out"])
        .code(2)
        .stderr_has("no actor 'Sudan'; did you mean 'Mohammed Shia al-Sudani' (mohammed-shia-al-sudani)?");
    assert!(!dir.path().join("out").exists(), "a failing spec wrote its report");
    // The shell prints the error and goes on to the next line; the shell itself ends with 0 (docs/performance.md).
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_actorgraph"))
        .args(["shell", "--quiet"])
        .env("XDG_CACHE_HOME", root().join("target/tmp/test-cache"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"show Sudan --format json\nshow sudani --format json\n").unwrap();
    let output = child.wait_with_output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no actor 'Sudan'; did you mean 'Mohammed Shia al-Sudani'"), "{stderr}");
    // Only the second line answered: one actor record, al-Sudani's.
    assert_eq!(stdout.matches("\"actor\": {").count(), 1, "{stdout}");
    assert!(stdout.contains("\"id\": \"mohammed-shia-al-sudani\""), "{stdout}");
}

#[test]
fn an_ambiguous_name_lists_twenty_candidates_and_counts_the_rest() {
    let out = on("evidence/same-name.json", &["show", "Unit"]);
    out.code(2)
        .stderr_has("'Unit' matches several actors: unit-00 (Unit), ")
        .stderr_has("unit-19 (Unit), and 5 more; use the id to pick one");
    assert!(!out.stderr.contains("unit-20"), "{}", out.stderr);
    assert_eq!(out.stderr.matches("(Unit)").count(), 20);
}

#[test]
fn if_denials_hold_reaches_report_dot_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    // export: the two denied deployments and the statements about them are left out; the rest stays.
    run(["export", "--to", "json", "-o", &path("held.json"), "--if-denials-hold"])
        .ok()
        .stderr_has("note: if the denials hold: 2 contested relations left out");
    let held: Value = serde_json::from_str(&std::fs::read_to_string(path("held.json")).unwrap()).unwrap();
    let held_ids = ids(&held["relations"]);
    for gone in ["r-kh-deploys-syria", "r-pmf-deploys-syria", "r-reuters-reports-kh-deploys"] {
        assert!(!held_ids.contains(&gone.to_owned()), "{gone} exported although the denials hold");
    }
    assert!(held_ids.contains(&"r-kh-supports-syrian-government".to_owned()));
    // dot: the caption says it, and the left-out deployments are not drawn.
    run(["dot", "-o", &path("held.dot"), "--if-denials-hold"]).ok();
    run(["-q", "dot", "-o", &path("all.dot")]).ok();
    let (held_dot, all_dot) =
        (std::fs::read_to_string(path("held.dot")).unwrap(), std::fs::read_to_string(path("all.dot")).unwrap());
    assert!(held_dot.contains("if the denials hold (2 contested relations left out)"), "{held_dot}");
    assert!(all_dot.contains("r-kh-deploys-syria") && !held_dot.contains("r-kh-deploys-syria"));
    // report: every section runs with the denials holding, and the report says so under its title.
    crate::harness::run_in(dir.path(), ["report", "-o", "held", "--if-denials-hold"])
        .ok()
        .stderr_has("note: if the denials hold: 2 contested relations left out");
    let markdown = std::fs::read_to_string(dir.path().join("held/report.md")).unwrap();
    assert!(
        markdown.contains("If the denials hold: the 2 relations that some actor denies are left out of every section.")
    );
    // Only the comparison of the two pictures (and the appendix of what it cites) names the left-out claims.
    for section in markdown.split("\n## ").skip(1) {
        let title = section.lines().next().unwrap_or_default();
        if title == "Alliance blocs if the denials hold" || title == "Relations cited" {
            continue;
        }
        assert!(!section.contains("r-kh-deploys-syria") && !section.contains("r-pmf-deploys-syria"), "{section}");
    }
    assert!(markdown.contains("r-kh-supports-syrian-government"));
}

#[test]
fn compare_denials_shows_who_moves_what_stops_breaking_the_blocs_and_the_key_actors() {
    // c sides with a only through a denied alliance: when the denial holds, c and e form a bloc of their own.
    let json = on("evidence/denied-blocs.json", &["-q", "blocs", "--compare-denials", "--format", "json"]).ok().json();
    let change = &json["compare_denials"];
    assert_eq!(ids(&change["left_out_relations"]), ["d-a-allied-c"]);
    assert_eq!(json["blocs"], serde_json::json!([{"bloc": 1, "members": ["a", "b", "c", "e"]}]));
    assert_eq!(
        change["partition_if_denials_hold"]["blocs"],
        serde_json::json!([{"bloc": 1, "members": ["a", "b"]}, {"bloc": 2, "members": ["c", "e"]}])
    );
    assert_eq!(
        change["moved"],
        serde_json::json!([
            {"id": "c", "name": "c", "from_bloc": 1, "to_bloc": 2},
            {"id": "e", "name": "e", "from_bloc": 1, "to_bloc": 2}
        ])
    );
    assert_eq!(ids(&change["no_longer_frustrated"]), ["d-b-opposes-c"]);
    assert_eq!(ids(&change["newly_frustrated"]), ["d-e-supports-a"]);
    assert_eq!(change["newly_frustrated"][0]["breaks"], "positive relation between blocs");
    // Betweenness on the triangle a–b, a–c, b–c with e on a and c (reports), and on the 4-cycle a–b–c–e
    // (denials): a carries every path between its neighbours first, then shares the load with b.
    let key = |id: &str| change["key_actors"].as_array().unwrap().iter().find(|k| k["id"] == id).unwrap().clone();
    assert_eq!(
        (key("a")["rank_if_reports_hold"].clone(), key("a")["rank_if_denials_hold"].clone()),
        (1.into(), 1.into())
    );
    assert!((key("a")["score_if_reports_hold"].as_f64().unwrap() - 1.0 / 6.0).abs() < 1e-9);
    assert!((key("b")["score_if_denials_hold"].as_f64().unwrap() - 1.0 / 12.0).abs() < 1e-9);
    assert_eq!(
        change["summary"],
        "1 contested relation left out; 2 actors move bloc; 1 relation stops breaking the blocs, 1 starts to; 4 of \
         the key actors change rank"
    );
    // The bundled dataset: the denied deployments are neutral relations, so the blocs do not move; the key
    // actors keep their ranks, and the PMF's betweenness falls without its deployment to Syria.
    let bundled = run(["-q", "blocs", "--compare-denials", "--format", "json"]).ok().json();
    let change = &bundled["compare_denials"];
    assert_eq!(ids(&change["left_out_relations"]), ["r-kh-deploys-syria", "r-pmf-deploys-syria"]);
    assert_eq!(change["moved"], serde_json::json!([]));
    assert_eq!(bundled["blocs"], change["partition_if_denials_hold"]["blocs"]);
    let pmf = &change["key_actors"][0];
    assert_eq!(pmf["id"], "pmf");
    assert_eq!((pmf["rank_if_reports_hold"].clone(), pmf["rank_if_denials_hold"].clone()), (1.into(), 1.into()));
    assert_eq!(format!("{:.6}", pmf["score_if_reports_hold"].as_f64().unwrap()), "0.086667");
    assert_eq!(format!("{:.6}", pmf["score_if_denials_hold"].as_f64().unwrap()), "0.073333");
    run(["blocs", "--compare-denials"]).ok().stdout_has(
        "If the denials hold: 2 contested relations left out; nobody moves bloc; no relation stops or starts \
         breaking the blocs; the top 10 key actors keep their ranks.",
    );
    run(["blocs", "--compare-denials", "--if-denials-hold"]).code(2).stderr_has("leave out --if-denials-hold");
    // The default report has the section.
    let dir = tempfile::tempdir().unwrap();
    crate::harness::run_in(dir.path(), ["-q", "report", "-o", "out"]).ok();
    let markdown = std::fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    assert!(markdown.contains("## Alliance blocs if the denials hold"), "{markdown}");
    assert!(markdown.contains("From `actorgraph blocs --compare-denials`"));
}

#[test]
fn chains_that_join_different_periods_say_so() {
    let data = "evidence/periods.json";
    // a–b held in 2020–21, b–c from 2023: never at the same time. a–d (from 2019, open) and d–e (2023) do.
    let path = |to: &str| on(data, &["-q", "path", "a", to, "--format", "json"]).ok().json();
    assert_eq!(path("c")["paths"][0]["mixes_periods"], true);
    assert_eq!(path("e")["paths"][0]["mixes_periods"], false);
    on(data, &["path", "a", "c"]).ok().stdout_has("Mixes periods: its hops never hold at the same time");
    assert!(!on(data, &["path", "a", "e"]).stdout.contains("Mixes periods"));
    // --as-of keeps one moment: the ended alliance is gone, and with it the path.
    on(data, &["path", "a", "c", "--as-of", "2023"]).code(1);
    let allies = on(data, &["-q", "allies", "a", "--format", "json"]).ok().json();
    let mixed: Vec<(String, bool)> = allies["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r["mixes_periods"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        mixed,
        [("b".to_owned(), false), ("d".to_owned(), false), ("c".to_owned(), true), ("e".to_owned(), false)]
    );
    on(data, &["allies", "a"]).ok().stdout_has("(mixes periods: these relations never hold at the same time)");
    // A line of command that ended in 2021 above one that began in 2023.
    let chain = on(data, &["-q", "chain", "top", "--down", "--format", "json"]).ok().json();
    let members: Vec<(&str, bool)> = chain["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["id"].as_str().unwrap(), m["mixes_periods"].as_bool().unwrap()))
        .collect();
    assert_eq!(members, [("mid", false), ("low", true)]);
    on(data, &["chain", "top", "--down"]).ok().stdout_has("p-mid-commands-low)  [mixes periods]").stdout_has(
        "Mixes periods (1 member): the links above each never hold at the same time (give --as-of to see one moment).",
    );
}
