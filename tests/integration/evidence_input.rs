//! Evidence as a dataset declares it, in both of actorgraph's formats: `derived_from` (a JSON list, or a
//! `;`-separated `derived_from` column in `sources.csv`) and a declared kind's `duration` (JSON, or a
//! `duration` column in `relation_kinds.csv`), read back through the answers they change.

use std::path::Path;

use serde_json::Value;

use crate::harness::run;

fn on(data: &Path, args: &[&str]) -> crate::harness::Run {
    let mut all: Vec<&std::ffi::OsStr> = vec!["-q".as_ref(), "--data".as_ref(), data.as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    run(all)
}

/// `(id, independent_sources)` of every relation.
fn counts(data: &Path) -> Vec<(String, u64)> {
    let json = on(data, &["relations", "--format", "json"]).ok().json();
    json.as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r["independent_sources"].as_u64().unwrap()))
        .collect()
}

fn ids(out: &crate::harness::Run) -> Vec<String> {
    if out.code == 1 {
        return Vec::new();
    }
    out.json().as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
}

/// A CSV folder: actors, sources (with `derived_from`), relations, and declared kinds (with `duration`).
fn csv_folder(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("csv");
    std::fs::create_dir(&folder).unwrap();
    let write = |name: &str, text: &str| std::fs::write(folder.join(name), text).unwrap();
    write("actors.csv", "id,name,kind\na,A,armed_group\nb,B,state\n");
    write(
        "sources.csv",
        "id,publisher,derived_from\nofficials,Two unnamed officials,\nwire,Wire,officials\nagency,Agency,officials\n\
         brief,Brief,wire;monitor\nmonitor,Monitor,\n",
    );
    write(
        "relations.csv",
        "id,from,to,kind,date,sources\nrelayed,a,b,supports,2020,wire;brief\nshared,a,b,funds,2020,wire;agency\n\
         two,a,b,trains,2020,wire;monitor;brief\nvisit,a,b,visits,2020,monitor\n",
    );
    write("relation_kinds.csv", "kind,sign,duration\ntrains,positive,standing\nvisits,neutral,event\n");
    folder
}

#[test]
fn a_derived_from_column_in_sources_csv_counts_relays_once() {
    let dir = tempfile::tempdir().unwrap();
    let folder = csv_folder(dir.path());
    on(&folder, &["validate"]).ok();
    // The brief relays the wire (and the monitor); the wire and the agency both quote the same officials.
    assert_eq!(
        counts(&folder),
        [("relayed".to_owned(), 1), ("shared".to_owned(), 1), ("two".to_owned(), 2), ("visit".to_owned(), 1)]
    );
    assert_eq!(ids(&on(&folder, &["relations", "--min-sources", "2", "--format", "json"])), ["two"]);
    // The JSON export writes the column back as a list, and the same counts come out of it.
    let json = dir.path().join("back.json");
    on(&folder, &["export", "--to", "json", "-o", json.to_str().unwrap()]).ok();
    let back: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let brief = back["sources"].as_array().unwrap().iter().find(|s| s["id"] == "brief").unwrap().clone();
    assert_eq!(brief["derived_from"], serde_json::json!(["wire", "monitor"]));
    assert_eq!(counts(&json), counts(&folder));
}

#[test]
fn a_declared_duration_decides_what_as_of_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let folder = csv_folder(dir.path());
    // All four are dated 2020. `trains` is declared standing: it still holds in 2023. `visits` is declared an
    // event, `supports` and `funds` are built-in standing kinds.
    let as_of = |data: &Path| ids(&on(data, &["relations", "--as-of", "2023", "--format", "json"]));
    assert_eq!(as_of(&folder), ["relayed", "shared", "two"]);
    // The same declarations in JSON; a kind used but never declared is an event (the documented default).
    let json = dir.path().join("kinds.json");
    std::fs::write(
        &json,
        r#"{"format": "actorgraph/1", "actors": [{"id": "a"}, {"id": "b"}],
            "relation_kinds": [{"kind": "trains", "sign": "positive", "duration": "standing"},
                               {"kind": "visits", "sign": "neutral"}],
            "relations": [{"id": "train", "from": "a", "to": "b", "kind": "trains", "date": "2020"},
                          {"id": "visit", "from": "a", "to": "b", "kind": "visits", "date": "2020"},
                          {"id": "hosted", "from": "b", "to": "a", "kind": "hosts", "date": "2020"}]}"#,
    )
    .unwrap();
    assert_eq!(as_of(&json), ["train"]);
    assert_eq!(ids(&on(&json, &["relations", "--as-of", "2020", "--format", "json"])), ["train", "visit", "hosted"]);
    // A duration that is neither is an error naming the field.
    std::fs::write(folder.join("relation_kinds.csv"), "kind,sign,duration\ntrains,positive,forever\n").unwrap();
    on(&folder, &["validate"]).code(2).stdout_has("'forever' is not a duration");
}
