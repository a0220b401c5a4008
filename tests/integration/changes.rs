//! `diff`, `dedupe`, `merge` and trends: what changed between versions, who is entered twice, and how the
//! network moves over time. Expected values are read from the fixtures themselves.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::harness::{fixture, run};

fn read(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The explicit ids of one section of a dataset file.
fn ids(doc: &Value, section: &str) -> BTreeSet<String> {
    doc[section]
        .as_array()
        .map(|list| list.iter().filter_map(|r| r["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn listed(value: &Value, key: &str) -> BTreeSet<String> {
    value[key].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn diff_lists_what_was_added_removed_changed_and_renamed() {
    let (v1, v2) = (fixture("changes/v1.json"), fixture("changes/v2.json"));
    let (old, new) = (read(&v1), read(&v2));
    let out = run(["diff".as_ref(), v1.as_os_str(), v2.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    out.code(1);
    let d = out.json();
    assert_eq!(d["equal"], false);
    // Relations with explicit ids present on one side only; generated ids follow the renamed actor.
    let (r_old, r_new) = (ids(&old, "relations"), ids(&new, "relations"));
    assert_eq!(listed(&d["relations"], "removed"), r_old.difference(&r_new).cloned().collect());
    assert_eq!(listed(&d["relations"], "added"), r_new.difference(&r_old).cloned().collect());
    let (s_old, s_new) = (ids(&old, "sources"), ids(&new, "sources"));
    assert_eq!(listed(&d["sources"], "added"), s_new.difference(&s_old).cloned().collect());
    // The one actor id gone and the one new are a rename, not a removal and an addition.
    let (a_old, a_new) = (ids(&old, "actors"), ids(&new, "actors"));
    let gone: Vec<_> = a_old.difference(&a_new).collect();
    let came: Vec<_> = a_new.difference(&a_old).collect();
    assert_eq!((gone.len(), came.len()), (1, 1));
    assert_eq!(d["renamed"][0]["old_id"], gone[0].as_str());
    assert_eq!(d["renamed"][0]["new_id"], came[0].as_str());
    assert!(d["actors"]["added"].as_array().unwrap().is_empty());
    assert!(d["actors"]["removed"].as_array().unwrap().is_empty());
    // The regraded relation: every field that differs, with old and new values from the files.
    let find =
        |doc: &Value, id: &str| doc["relations"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    let changed = d["relations"]["changed"].as_array().unwrap();
    let regraded = changed.iter().find(|c| c["id"] == "r-iran-kh").unwrap();
    let field = |name: &str| regraded["fields"].as_array().unwrap().iter().find(|f| f["field"] == name).cloned();
    for name in ["confidence", "credibility"] {
        let f = field(name).unwrap_or_else(|| panic!("{name} not reported: {regraded}"));
        assert_eq!(f["old"], find(&old, "r-iran-kh")[name]);
        assert_eq!(f["new"], find(&new, "r-iran-kh")[name]);
    }
    assert_eq!(field("sources").unwrap()["added"], serde_json::json!(["ap-1"]));
    assert!(field("from").is_none() && field("to").is_none(), "the rename is not a change of ends: {regraded}");
}

/// Independent sources are compared on their own: they change when a cited source turns out to relay another
/// (the list of sources unchanged) and when a second, independent source is cited; the values are those
/// `relations` gives on each side, and the change is in the JSON, the CSV, the table and the report.
#[test]
fn diff_compares_independent_sources_per_relation() {
    let (v1, v2) = (fixture("changes/relay-v1.json"), fixture("changes/relay-v2.json"));
    let independent = |path: &std::path::Path| -> std::collections::BTreeMap<String, Value> {
        let out =
            run(["--data".as_ref(), path.as_os_str(), "relations".as_ref(), "--format".as_ref(), "json".as_ref()]);
        out.json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].as_str().unwrap().to_owned(), r["independent_sources"].clone()))
            .collect()
    };
    let (before, after) = (independent(&v1), independent(&v2));
    let d = run(["diff".as_ref(), v1.as_os_str(), v2.as_os_str(), "--format".as_ref(), "json".as_ref()]).json();
    let changed = d["relations"]["changed"].as_array().unwrap();
    let fields = |id: &str| -> Vec<Value> {
        changed.iter().find(|c| c["id"] == id).map(|c| c["fields"].as_array().unwrap().clone()).unwrap_or_default()
    };
    for id in ["r-funds", "r-supports"] {
        assert_ne!(before[id], after[id], "the fixture's {id} keeps its independent sources: the test proves nothing");
        let f = fields(id);
        let f = f.iter().find(|f| f["field"] == "independent_sources").unwrap_or_else(|| panic!("{id}: {f:?}"));
        assert_eq!((&f["old"], &f["new"]), (&before[id], &after[id]), "{id}");
    }
    // The relay: the same sources cited, fewer of them independent.
    assert!(fields("r-funds").iter().all(|f| f["field"] != "sources"), "{:?}", fields("r-funds"));
    let sources = d["sources"]["changed"].as_array().unwrap();
    let brief = sources.iter().find(|s| s["id"] == "brief").expect("the brief's derived_from changed");
    assert_eq!(brief["fields"][0]["field"], "derived_from");
    assert_eq!(brief["fields"][0]["added"], serde_json::json!(["wire"]));

    let csv = run(["diff".as_ref(), v1.as_os_str(), v2.as_os_str(), "--format".as_ref(), "csv".as_ref()]).stdout;
    assert!(csv.lines().any(|l| l == "relation,changed,r-funds,,independent_sources,2,1"), "{csv}");
    run(["diff".as_ref(), v1.as_os_str(), v2.as_os_str()]).code(1).stdout_has("independent_sources");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    run([
        "--data".as_ref(),
        v2.as_os_str(),
        "report".as_ref(),
        "--since-version".as_ref(),
        v1.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .ok();
    let markdown = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(markdown.contains("| relation | r-funds | independent\\_sources | 2 | 1 |"), "{markdown}");
}

#[test]
fn diff_of_a_version_with_itself_is_equal_and_exits_0() {
    let v1 = fixture("changes/v1.json");
    run(["diff".as_ref(), v1.as_os_str(), v1.as_os_str()]).ok().stdout_has("same actors, relations");
    // --against compares the --data dataset (here the bundled one, by default) with an older version.
    run(["diff", "--against", "data/hashd-syria-2024-12.json"]).ok();
}

#[test]
fn diff_csv_has_one_row_per_change() {
    let (v1, v2) = (fixture("changes/v1.json"), fixture("changes/v2.json"));
    let json = run(["diff".as_ref(), v1.as_os_str(), v2.as_os_str(), "--format".as_ref(), "json".as_ref()]).json();
    let out = run(["diff".as_ref(), v1.as_os_str(), v2.as_os_str(), "--format".as_ref(), "csv".as_ref()]);
    out.code(1);
    let mut expected = json["renamed"].as_array().unwrap().len();
    for section in ["actors", "relations", "sources", "kinds"] {
        let s = &json[section];
        expected += s["added"].as_array().unwrap().len() + s["removed"].as_array().unwrap().len();
        expected +=
            s["changed"].as_array().unwrap().iter().map(|c| c["fields"].as_array().unwrap().len()).sum::<usize>();
    }
    assert_eq!(out.stdout.lines().count(), expected + 1, "{}", out.stdout);
}

#[test]
fn diff_needs_two_versions() {
    run(["diff", "only-one.json"]).code(2).stderr_has("name the two versions");
}

/// The pairs each actor's `same_as` attribute names: the truth of the two-spellings fixture.
fn same_as_pairs() -> BTreeSet<(String, String)> {
    let b = read(&fixture("changes/two-spellings/b.json"));
    b["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let (x, y) = (a["id"].as_str().unwrap().to_owned(), a["attrs"]["same_as"].as_str().unwrap().to_owned());
            (x.clone().min(y.clone()), x.max(y))
        })
        .collect()
}

#[test]
fn dedupe_finds_one_group_named_several_ways_across_files() {
    let folder = fixture("changes/two-spellings");
    let out = run(["--data".as_ref(), folder.as_os_str(), "dedupe".as_ref(), "--format".as_ref(), "json".as_ref()]);
    out.ok();
    let pairs: BTreeSet<(String, String)> = out
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["a"]["id"].as_str().unwrap().to_owned(), p["b"]["id"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(pairs, same_as_pairs(), "every same_as pair, and no other (Lebanese Hezbollah is not Kataib Hezbollah)");
    // The transliteration variants the issue names are among the evidence.
    run(["--data".as_ref(), folder.as_os_str(), "dedupe".as_ref()])
        .ok()
        .stdout_has("'Kataib Hezbollah' / 'Kata'ib Hizbullah'")
        .stdout_has("'Hezbollah' / 'Hizballah'")
        .stdout_has("'Falah al-Fayyadh' / 'Falah Fayad'");
}

#[test]
fn validate_warns_about_the_strongest_duplicates() {
    let folder = fixture("changes/two-spellings");
    let json =
        run(["--data".as_ref(), folder.as_os_str(), "dedupe".as_ref(), "--format".as_ref(), "json".as_ref()]).json();
    let strong = json.as_array().unwrap().iter().filter(|p| p["strong"] == true).count();
    assert!(strong > 0);
    let out = run(["--data".as_ref(), folder.as_os_str(), "validate".as_ref(), "--format".as_ref(), "json".as_ref()]);
    out.ok();
    let report = out.json();
    let warnings: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("may be the same actor"))
        .collect();
    assert_eq!(warnings.len(), strong);
    // The bundled dataset has no duplicates to warn about.
    run(["validate"]).ok().stdout_has("0 warnings");
}

#[test]
fn merge_repoints_keeps_names_and_does_not_depend_on_order() {
    let folder = fixture("changes/two-spellings");
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one.json"), dir.path().join("two.json"));
    let merge = |others: [&str; 2], to: &std::path::Path| {
        run([
            "--data".as_ref(),
            folder.as_os_str(),
            "merge".as_ref(),
            "kataib-hezbollah".as_ref(),
            others[0].as_ref(),
            others[1].as_ref(),
            "-o".as_ref(),
            to.as_os_str(),
        ])
    };
    merge(["kataib-hizbullah", "hezbollah-brigades"], &one).ok().stdout_has("identical");
    merge(["hezbollah-brigades", "kataib-hizbullah"], &two).ok();
    assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&two).unwrap(), "the order of OTHER changes nothing");
    let merged = read(&one);
    let actors = merged["actors"].as_array().unwrap();
    assert!(actors.iter().all(|a| a["id"] != "kataib-hizbullah" && a["id"] != "hezbollah-brigades"));
    let kept = actors.iter().find(|a| a["id"] == "kataib-hezbollah").unwrap();
    assert_eq!(kept["attrs"]["merged_from"], "hezbollah-brigades, kataib-hizbullah");
    // Every relation survives (none linked two merged actors), and the old names still find the actor.
    let before: usize =
        ["a.json", "b.json"].iter().map(|f| read(&folder.join(f))["relations"].as_array().unwrap().len()).sum();
    assert_eq!(merged["relations"].as_array().unwrap().len(), before);
    for name in ["Kata'ib Hizbullah", "kataib-hizbullah", "Hezbollah Brigades"] {
        run(["--data".as_ref(), one.as_os_str(), "show".as_ref(), name.as_ref()]).ok().stdout_has("(kataib-hezbollah)");
    }
}

#[test]
fn merge_refuses_different_kinds_unless_forced() {
    let folder = fixture("changes/two-spellings");
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("m.json");
    run([
        "--data".as_ref(),
        folder.as_os_str(),
        "merge".as_ref(),
        "kataib-hezbollah".as_ref(),
        "falah-fayad".as_ref(),
        "-o".as_ref(),
        to.as_os_str(),
    ])
    .code(2)
    .stderr_has("different kinds")
    .stderr_has("--force");
    assert!(!to.exists(), "nothing written");
    run([
        "--data".as_ref(),
        folder.as_os_str(),
        "merge".as_ref(),
        "kataib-hezbollah".as_ref(),
        "falah-fayad".as_ref(),
        "--force".as_ref(),
        "-o".as_ref(),
        to.as_os_str(),
    ])
    .ok();
    assert!(to.exists());
}

fn on_events(args: &[&str]) -> crate::harness::Run {
    let data = fixture("changes/events-iraq.json");
    let mut all: Vec<std::ffi::OsString> = vec!["--data".into(), data.into_os_string()];
    all.extend(args.iter().map(std::ffi::OsString::from));
    run(all)
}

/// The years from the first to the last date in the event fixture, read from the file.
fn event_years() -> Vec<String> {
    let doc = read(&fixture("changes/events-iraq.json"));
    let years: BTreeSet<i32> = doc["relations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| [r["date"].as_str(), r["until"].as_str()])
        .flatten()
        .map(|d| d[..4].parse().unwrap())
        .collect();
    let (first, last) = (*years.first().unwrap(), *years.last().unwrap());
    (first..=last).map(|y| y.to_string()).collect()
}

#[test]
fn stats_every_year_answers_as_of_each_year() {
    let series = on_events(&["stats", "--every", "year", "--format", "json"]);
    series.ok();
    let series = series.json();
    let entries = series.as_array().unwrap();
    let dates: Vec<String> = entries.iter().map(|e| e["date"].as_str().unwrap().to_owned()).collect();
    assert_eq!(dates, event_years());
    // Each entry is what `stats --as-of` says for that year.
    for entry in entries {
        let date = entry["date"].as_str().unwrap();
        let single = on_events(&["stats", "--as-of", date, "--format", "json"]).json();
        assert_eq!(entry["relations"], single["relations"], "{date}");
        assert_eq!(entry["by_sign"], single["by_sign"], "{date}");
    }
    let table = on_events(&["stats", "--every", "year"]);
    table.ok().stdout_has("active actors");
    for year in event_years() {
        table.stdout_has(&year);
    }
}

#[test]
fn central_series_matches_central_as_of_each_date() {
    let series =
        on_events(&["central", "--measure", "betweenness", "--series", "2016,2020-03,2024", "--format", "json"]);
    series.ok();
    let series = series.json();
    let entries = series.as_array().unwrap();
    assert_eq!(entries.len(), 3);
    for entry in entries {
        let date = entry["date"].as_str().unwrap();
        let single = on_events(&["central", "--measure", "betweenness", "--as-of", date, "--format", "json"]).json();
        let scores: Vec<(Value, Value)> =
            entry["scores"].as_array().unwrap().iter().map(|s| (s["id"].clone(), s["score"].clone())).collect();
        let expected: Vec<(Value, Value)> =
            single.as_array().unwrap().iter().map(|s| (s["id"].clone(), s["score"].clone())).collect();
        assert_eq!(scores, expected, "{date}");
    }
}

#[test]
fn blocs_series_separates_switches_from_appearances() {
    let series = on_events(&["blocs", "--every", "year", "--format", "json"]);
    series.ok();
    let series = series.json();
    let entries = series.as_array().unwrap();
    assert_eq!(entries.len(), event_years().len());
    let members = |e: &Value| -> BTreeSet<String> {
        e["blocs"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|b| b["members"].as_array().unwrap().clone())
            .map(|m| m.as_str().unwrap().to_owned())
            .collect()
    };
    for pair in entries.windows(2) {
        let (before, after) = (members(&pair[0]), members(&pair[1]));
        for s in pair[1]["switched"].as_array().unwrap() {
            let id = s["id"].as_str().unwrap();
            assert!(before.contains(id) && after.contains(id), "a switch is present at both dates: {id}");
            assert_ne!(s["from_bloc"], s["to_bloc"]);
        }
        for a in pair[1]["appeared"].as_array().unwrap() {
            assert!(!before.contains(a["id"].as_str().unwrap()));
        }
    }
    // Saraya al-Salam is allied with Kataib Hezbollah until 2021 and clashes with it in 2022: a real switch.
    let switched: Vec<&str> =
        entries.iter().flat_map(|e| e["switched"].as_array().unwrap()).map(|s| s["id"].as_str().unwrap()).collect();
    assert!(switched.contains(&"saraya-al-salam"), "{switched:?}");
    // Each date's partition is the one `blocs --as-of` finds (the numbering may differ).
    for entry in entries {
        let date = entry["date"].as_str().unwrap();
        let single = on_events(&["blocs", "--as-of", date, "--format", "json"]).json();
        assert_eq!(members(entry), members(&single), "{date}");
    }
}

#[test]
fn compare_as_of_lists_switches_apart_from_appearances() {
    let out = on_events(&["blocs", "--as-of", "2016", "--compare-as-of", "2023", "--format", "json"]);
    out.ok();
    let json = out.json();
    let count = |k: &str| json[k].as_array().unwrap().len();
    assert_eq!(count("changes"), count("switched") + count("appeared") + count("disappeared"));
    assert!(json["switched"].as_array().unwrap().iter().all(|c| !c["from_bloc"].is_null() && !c["to_bloc"].is_null()));
    assert!(json["appeared"].as_array().unwrap().iter().all(|c| c["from_bloc"].is_null()));
    // On the bundled dataset every change from 2011 to December 2024 is an actor appearing.
    let bundled = run(["blocs", "--as-of", "2011", "--compare-as-of", "2024-12", "--format", "json"]).json();
    assert!(bundled["switched"].as_array().unwrap().is_empty());
    assert_eq!(bundled["appeared"].as_array().unwrap().len(), bundled["changes"].as_array().unwrap().len());
}

#[test]
fn dedupe_on_event_data_finds_spellings_and_periods() {
    let out = on_events(&["dedupe", "--format", "json"]);
    out.ok();
    let json = out.json();
    let pair = |a: &str, b: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|p| p["a"]["id"] == a && p["b"]["id"] == b)
            .cloned()
            .unwrap_or_else(|| panic!("{a} / {b} not found: {json}"))
    };
    assert_eq!(pair("kataib-hezbollah", "kataib-hizballah")["evidence"][0]["evidence"], "transliteration");
    assert_eq!(pair("mfi-2014-2022", "mfi-2022")["evidence"][0]["evidence"], "period_variant");
    assert_eq!(pair("pmf", "pmf-acled")["evidence"][0]["evidence"], "shared_alias");
}

#[test]
fn trend_flags_are_checked() {
    on_events(&["stats", "--every", "year", "--as-of", "2020"]).code(2).stderr_has("leave out --as-of");
    on_events(&["stats", "--series", "2020,20x"]).code(2).stderr_has("--series");
    on_events(&["stats", "--every", "month", "--series", "2020"]).code(2);
    on_events(&["blocs", "--every", "year", "--as-of", "2016", "--compare-as-of", "2020"]).code(2);
}
