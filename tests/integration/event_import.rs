//! Event datasets (ACLED, UCDP GED, GDELT 2.0) loaded with plain `--data FILE`: one relation per event,
//! places for one-sided events, associated actors, sources and kinds. Every expected count is computed from
//! the fixture itself.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

use crate::harness::{fixture, run};

/// The rows of a CSV or TSV fixture as maps from the (lower-case) header to the cell.
fn rows(path: &Path, delimiter: u8, header: Option<&[&str]>) -> Vec<HashMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(header.is_none())
        .quoting(header.is_none())
        .from_path(path)
        .expect("the fixture is readable");
    let names: Vec<String> = match header {
        Some(h) => h.iter().map(|s| s.to_lowercase()).collect(),
        None => reader.headers().expect("a header").iter().map(str::to_lowercase).collect(),
    };
    reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed row");
            names.iter().cloned().zip(r.iter().map(|c| c.trim().to_owned())).collect()
        })
        .collect()
}

fn list(cell: &str) -> Vec<String> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn json(args: &[&str]) -> Value {
    let run = run(args);
    run.ok();
    run.json()
}

/// The relations as `relations --format json` shows them (with their sign), each with the `attrs` and `note`
/// of the dataset that `export --to json` writes.
fn relations(path: &Path) -> Vec<Value> {
    let shown = json(&["--data", path.to_str().unwrap(), "relations", "--format", "json", "--quiet"]);
    let exported = json(&["--data", path.to_str().unwrap(), "export", "--to", "json", "--quiet"]);
    let mut relations = shown.as_array().cloned().unwrap();
    for relation in &mut relations {
        let same = exported["relations"].as_array().unwrap().iter().find(|r| r["id"] == relation["id"]).unwrap();
        relation["attrs"] = same.get("attrs").cloned().unwrap_or(Value::Null);
        relation["note"] = same.get("note").cloned().unwrap_or(Value::Null);
    }
    relations
}

fn actors(path: &Path) -> Vec<Value> {
    json(&["--data", path.to_str().unwrap(), "actors", "--format", "json", "--quiet"]).as_array().cloned().unwrap()
}

fn by_id<'a>(list: &'a [Value], id: &str) -> &'a Value {
    list.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no record '{id}' in {list:#?}"))
}

#[test]
fn acled_every_event_type_is_one_relation_with_its_documented_kind() {
    let path = fixture("events/acled-every-event-type.csv");
    let events = rows(&path, b',', None);
    let relations = relations(&path);
    let associated: usize =
        events.iter().map(|e| list(&e["assoc_actor_1"]).len() + list(&e["assoc_actor_2"]).len()).sum();
    assert_eq!(relations.len(), events.len() + associated, "one relation per event, one per associated actor");
    // The sign table of docs/formats/events.md.
    let sign = |event_type: &str| match event_type {
        "Battles" | "Explosions/Remote violence" | "Violence against civilians" => "negative",
        _ => "neutral",
    };
    let types: BTreeSet<&str> = events.iter().map(|e| e["event_type"].as_str()).collect();
    assert_eq!(types.len(), 6, "the fixture has one row per ACLED event type");
    for event in &events {
        let relation = by_id(&relations, &event["event_id_cnty"]);
        assert_eq!(relation["sign"], sign(&event["event_type"]), "{}", event["event_id_cnty"]);
        assert_eq!(relation["attrs"]["fatalities"], event["fatalities"].as_str());
        assert_eq!(relation["attrs"]["sub_event_type"], event["sub_event_type"].as_str());
        assert_eq!(relation["note"], event["notes"].as_str());
        let sources: Vec<String> =
            relation["sources"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect();
        assert_eq!(sources, list(&event["source"]));
        let precise = event["time_precision"] != "3";
        let date = relation["date"].as_str().unwrap();
        assert_eq!(date.len(), if precise { 10 } else { 7 }, "time_precision {} gives {date}", event["time_precision"]);
    }
    // Actors: every name once, plus one place per event with one actor.
    let names: BTreeSet<&str> = events
        .iter()
        .flat_map(|e| [&e["actor1"], &e["actor2"]].into_iter().map(String::as_str).filter(|s| !s.is_empty()))
        .collect();
    let mut names: BTreeSet<String> = names.into_iter().map(str::to_owned).collect();
    names.extend(events.iter().flat_map(|e| list(&e["assoc_actor_1"]).into_iter().chain(list(&e["assoc_actor_2"]))));
    let places: BTreeSet<(&str, &str, &str)> = events
        .iter()
        .filter(|e| e["actor2"].is_empty())
        .map(|e| (e["location"].as_str(), e["admin1"].as_str(), e["country"].as_str()))
        .collect();
    let actors = actors(&path);
    assert_eq!(actors.len(), names.len() + places.len());
    let place_actors: Vec<&Value> = actors.iter().filter(|a| a["kind"] == "place").collect();
    assert_eq!(place_actors.len(), places.len());
    for place in place_actors {
        assert!(places.iter().any(|p| place["name"] == p.0), "{place}");
    }
    // Inter codes give actor kinds.
    let hts = actors.iter().find(|a| a["name"] == "Hayat Tahrir al-Sham").unwrap();
    assert_eq!(hts["kind"], "rebel_group");
    let civilians = actors.iter().find(|a| a["name"] == "Civilians (Syria)").unwrap();
    assert_eq!(civilians["kind"], "civilians", "inter code 7 written as a number");
}

#[test]
fn acled_associated_actors_are_linked_positively_both_ways_on_the_event_date() {
    let path = fixture("events/acled-every-event-type.csv");
    let events = rows(&path, b',', None);
    let relations = relations(&path);
    for event in events.iter().filter(|e| !e["assoc_actor_1"].is_empty()) {
        let main = by_id(&relations, &event["event_id_cnty"]);
        for (n, _) in list(&event["assoc_actor_1"]).iter().enumerate() {
            let link = by_id(&relations, &format!("{}-assoc-1-{}", event["event_id_cnty"], n + 1));
            assert_eq!(link["kind"], "associated_with");
            assert_eq!(link["sign"], "positive");
            assert_eq!(link["to"], main["from"]);
            assert_eq!(link["date"], main["date"]);
        }
    }
    let kinds = run(["--data", path.to_str().unwrap(), "stats", "--format", "json", "--quiet"]);
    kinds.ok();
    assert!(kinds.stdout.contains("associated_with"), "{}", kinds.stdout);
}

#[test]
fn acled_older_upper_case_exports_and_word_dates_load() {
    let path = fixture("events/acled-older-upper-case.csv");
    let events = rows(&path, b',', None);
    let relations = relations(&path);
    assert_eq!(relations.len(), events.len());
    for event in &events {
        let relation = by_id(&relations, &event["event_id_cnty"]);
        assert!(relation["date"].as_str().unwrap().starts_with(&event["year"]), "{relation}");
    }
    let battle = by_id(&relations, "IRQ1");
    assert_eq!(battle["kind"], "battle", "Battle-No change of territory is a battle");
}

#[test]
fn ucdp_ged_events_keep_sides_dates_deaths_and_sources() {
    let path = fixture("events/ucdp-ged-every-type-of-violence.csv");
    let events = rows(&path, b',', None);
    assert_eq!(events[0].len(), 49, "the GED codebook's 49 columns");
    let relations = relations(&path);
    assert_eq!(relations.len(), events.len());
    for event in &events {
        let relation = by_id(&relations, &event["id"]);
        assert_eq!(relation["sign"], "negative");
        assert_eq!(relation["attrs"]["best"], event["best"].as_str());
        assert_eq!(relation["attrs"]["deaths_civilians"], event["deaths_civilians"].as_str());
        let start = &event["date_start"][..10];
        let end = &event["date_end"][..10];
        let date = relation["date"].as_str().unwrap();
        match event["date_prec"].as_str() {
            "4" => assert_eq!(date, &start[..7]),
            _ => assert_eq!(date, start),
        }
        if start != end && event["date_prec"] != "4" {
            assert_eq!(relation["until"], end, "date_end is the until");
        }
        assert_eq!(relation["sources"].as_array().unwrap().len(), list(&event["source_office"]).len());
    }
    let actors = actors(&path);
    let sides: BTreeSet<&str> = events.iter().flat_map(|e| [e["side_a"].as_str(), e["side_b"].as_str()]).collect();
    assert_eq!(actors.len(), sides.len());
    let government = actors.iter().find(|a| a["name"] == "Government of Iraq").unwrap();
    assert_eq!(government["kind"], "government");
    let civilians = actors.iter().find(|a| a["name"] == "Civilians").unwrap();
    assert_eq!(civilians["kind"], "civilians");
}

#[test]
fn gdelt_exports_are_recognised_by_shape_and_signed_by_quad_class() {
    let path = fixture("events/gdelt-20241202.export.CSV");
    let header: Vec<&str> = GDELT_HEADER.split(' ').collect();
    assert_eq!(header.len(), 61);
    let events = rows(&path, b'\t', Some(&header));
    let relations = relations(&path);
    assert_eq!(relations.len(), events.len());
    for event in &events {
        let relation = by_id(&relations, &event["globaleventid"]);
        let sign = if matches!(event["quadclass"].as_str(), "1" | "2") { "positive" } else { "negative" };
        assert_eq!(relation["sign"], sign, "QuadClass {}", event["quadclass"]);
        for kept in ["GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"] {
            assert_eq!(relation["attrs"][kept], event[&kept.to_lowercase()].as_str(), "{kept}");
        }
        assert_eq!(relation["sources"][0], event["sourceurl"].as_str());
        if event["actor2name"].is_empty() {
            let place = actors(&path).into_iter().find(|a| a["id"] == relation["to"]).unwrap();
            assert_eq!(place["kind"], "place");
        }
    }
}

#[test]
fn a_file_read_as_gdelt_that_is_not_gdelt_gets_one_error_saying_so() {
    let path = fixture("events/acled-every-event-type.csv");
    let out = run(["--data".as_ref(), path.as_os_str(), "--input-format".as_ref(), "gdelt".as_ref(), "stats".as_ref()]);
    out.code(2);
    let errors: Vec<&str> = out.stderr.lines().filter(|l| l.starts_with("error: ") && l.contains(".csv:")).collect();
    assert_eq!(errors.len(), 1, "one error, not one per row:\n{}", out.stderr);
    assert!(errors[0].contains(":1: this is not a GDELT 2.0 event export"), "{}", errors[0]);
    assert!(errors[0].contains("where GDELT's rows have 61"), "{}", errors[0]);
}

const GDELT_HEADER: &str = "GLOBALEVENTID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name Actor1CountryCode \
Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code \
Actor1Type3Code Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code \
Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code IsRootEvent EventCode EventBaseCode EventRootCode \
QuadClass GoldsteinScale NumMentions NumSources NumArticles AvgTone Actor1Geo_Type Actor1Geo_FullName \
Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID \
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat \
Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code \
ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL";

#[test]
fn the_same_name_is_one_actor_with_the_same_id_across_exports() {
    let a = fixture("events/acled-every-event-type.csv");
    let b = fixture("events/acled-older-upper-case.csv");
    let names = |p: &Path| -> BTreeSet<String> {
        rows(p, b',', None)
            .iter()
            .flat_map(|e| [e["actor1"].clone(), e["actor2"].clone()])
            .filter(|n| !n.is_empty())
            .collect()
    };
    let shared: Vec<String> = names(&a).intersection(&names(&b)).cloned().collect();
    assert!(!shared.is_empty(), "the fixtures share actors");
    let both =
        json(&["--data", a.to_str().unwrap(), "--data", b.to_str().unwrap(), "actors", "--format", "json", "--quiet"]);
    let one = actors(&a);
    for name in &shared {
        let matches: Vec<&Value> = both.as_array().unwrap().iter().filter(|x| x["name"] == name.as_str()).collect();
        assert_eq!(matches.len(), 1, "{name} is one actor");
        let alone = one.iter().find(|x| x["name"] == name.as_str()).unwrap();
        assert_eq!(matches[0]["id"], alone["id"], "{name}'s id does not depend on the other file");
    }
}

#[test]
fn a_forced_format_reads_a_file_of_any_name_and_names_the_format_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("export.txt");
    std::fs::copy(fixture("events/acled-every-event-type.csv"), &copy).unwrap();
    let events = rows(&copy, b',', None);
    let associated: usize =
        events.iter().map(|e| list(&e["assoc_actor_1"]).len() + list(&e["assoc_actor_2"]).len()).sum();
    let forced = run(["--data", copy.to_str().unwrap(), "--input-format", "acled", "validate"]);
    forced.ok().stdout_has(&format!("{} relations", events.len() + associated));
    let wrong = run([
        "--data",
        fixture("events/ucdp-ged-every-type-of-violence.csv").to_str().unwrap(),
        "--input-format",
        "acled",
        "validate",
    ]);
    wrong.code(2).stdout_has("read as an ACLED export, but the header lacks");
}

#[test]
fn an_event_with_one_actor_and_no_place_is_left_out_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acled.csv");
    std::fs::write(
        &path,
        "event_id_cnty,event_date,event_type,actor1,actor2,location\nX1,2024-12-02,Protests,Protesters (Iraq),,\nX2,2024-12-02,Battles,A,B,Mosul\n",
    )
    .unwrap();
    let checked = run(["--data", path.to_str().unwrap(), "validate"]);
    checked.ok().stdout_has("left out, event: 1 (one actor and no place;").stdout_has("1 relation,");
}

/// ACLED codes infighting with the same actor on both sides (and sometimes a main actor among its own
/// associated actors). No relation links an actor to itself: such an event is read as that actor's, at its
/// place, and such an associated link is left out, each said in the summary, and the file still loads.
#[test]
fn an_event_between_an_actor_and_itself_is_read_at_its_place_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acled.csv");
    std::fs::write(
        &path,
        "event_id_cnty,event_date,event_type,actor1,assoc_actor_1,actor2,location\n\
         X1,2024-12-02,Battles,Unidentified Armed Group (Libya),,Unidentified Armed Group (Libya),Tripoli\n\
         X2,2024-12-02,Battles,A,A; C,B,Mosul\n\
         X3,2024-12-03,Battles,D,,D,\n",
    )
    .unwrap();
    let checked = run(["--data", path.to_str().unwrap(), "validate"]);
    checked
        .ok()
        .stdout_has("1 event whose two sides are one actor (linked to its place)")
        .stdout_has("left out, link to an associated actor: 1 (the associated actor is the main actor itself")
        .stdout_has("left out, event: 1 (both sides the same actor, and no place");
    let relations = relations(&path);
    assert_eq!(relations.len(), 3, "X1 at its place, X2, and C associated with A: {relations:#?}");
    let x1 = by_id(&relations, "X1");
    assert_eq!(x1["from"], "unidentified-armed-group-libya");
    assert_eq!(x1["to"].as_str().map(|t| t.starts_with("place-tripoli")), Some(true), "{x1}");
}
