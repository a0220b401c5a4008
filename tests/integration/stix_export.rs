//! STIX export of imported STIX: original ids, types and timestamps kept, no invented confidence, and the
//! bundle checked by the OASIS `stix2` library (without `allow_custom`) and `stix2-validator`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::interop::reference_reader;
use crate::stix_import::{attack_mobile, on};

/// `(STIX id, kind)` of every actor and `(id, from, to, kind)` of every relation, sorted.
type Shape = (Vec<(String, String)>, Vec<(String, String, String, String)>);

fn shape(path: &Path) -> Shape {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let actors = on(path, &["--quiet", "actors", "--format", "json"]).ok().json();
    let mut actors: Vec<(String, String)> =
        actors.as_array().into_iter().flatten().map(|a| (text(&a["attrs"]["stix_id"]), text(&a["kind"]))).collect();
    actors.sort();
    let relations = on(path, &["--quiet", "relations", "--format", "json"]).ok().json();
    let mut relations: Vec<_> = relations
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| (text(&r["id"]), text(&r["from"]), text(&r["to"]), text(&r["kind"])))
        .collect();
    relations.sort();
    (actors, relations)
}

#[test]
fn attack_mobile_round_trips_through_stix_keeping_ids_types_and_counts() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let exported = dir.path().join("mobile.stix.json");
    on(&attack_mobile(), &["--quiet", "export", "--to", "stix", "-o", exported.to_str().expect("utf-8")]).ok();
    assert_eq!(shape(&exported), shape(&attack_mobile()));
    // The objects' own references (ATT&CK's URLs and citations) come back as the same sources, in full.
    let sources = |path: &Path| {
        let export = on(path, &["--quiet", "export", "--to", "json"]).ok().json();
        let mut list: Vec<String> = export["sources"].as_array().into_iter().flatten().map(|s| s.to_string()).collect();
        list.sort();
        list
    };
    let (before, after) = (sources(&attack_mobile()), sources(&exported));
    assert_eq!(before.len(), 894, "the bundle's distinct external references");
    assert_eq!(after, before, "every source, field by field");

    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&exported).expect("written")).expect("JSON");
    let original: Value =
        serde_json::from_str(&std::fs::read_to_string(attack_mobile()).expect("readable")).expect("JSON");
    let by_id: BTreeMap<&str, &Value> =
        original["objects"].as_array().into_iter().flatten().filter_map(|o| Some((o["id"].as_str()?, o))).collect();
    for object in bundle["objects"].as_array().into_iter().flatten() {
        let id = object["id"].as_str().unwrap_or_default();
        let source = by_id.get(id).unwrap_or_else(|| panic!("{id} is not an id of the original bundle"));
        assert_eq!(object["type"], source["type"], "{id}");
        assert_eq!(object["created"], source["created"], "{id}: the original timestamp");
        assert_eq!(object["modified"], source["modified"], "{id}");
        assert_eq!(object.get("confidence"), source.get("confidence"), "{id}: no invented confidence");
    }
    // Custom types (x-mitre-…) are valid STIX 2.1 to the validator; `stix2` refuses them by design without
    // allow_custom, so it checks the export of the standard types below.
    let checked = reference_reader_args(&["--validator-only"], &exported);
    assert_eq!(checked["objects"].as_u64(), bundle["objects"].as_array().map(|o| o.len() as u64));
}

#[test]
fn attack_mobile_export_of_standard_types_passes_stix2_and_the_validator() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let exported = dir.path().join("standard.stix.json");
    let mut args = vec!["--quiet", "export", "--to", "stix", "-o", exported.to_str().expect("utf-8")];
    for kind in ["attack-pattern", "campaign", "course-of-action", "identity", "intrusion-set", "malware", "tool"] {
        args.extend(["--actor-kind", kind]);
    }
    on(&attack_mobile(), &args).ok();
    let checked = reference_reader("check_stix.py", &exported);
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&exported).expect("written")).expect("JSON");
    assert_eq!(checked["objects"].as_u64(), bundle["objects"].as_array().map(|o| o.len() as u64));
    assert!(checked["types"]["intrusion-set"].as_u64().is_some_and(|n| n > 0), "{}", checked["types"]);
}

/// `check_stix.py ARGS… FILE`.
fn reference_reader_args(args: &[&str], file: &Path) -> Value {
    let output = std::process::Command::new(crate::interop::python())
        .arg(crate::harness::root().join("tests/python/check_stix.py"))
        .args(args)
        .arg(file)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "check_stix.py rejected {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}
