//! STIX 2.1 and 2.0 bundles as published: the real ATT&CK Mobile bundle and one edge case per fixture. Expected
//! counts are computed from the bundles themselves.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{fixture, run, Run};

/// The ATT&CK Mobile 17.1 bundle as MITRE publishes it (licence: `LICENSE.txt` beside it).
pub(crate) fn attack_mobile() -> PathBuf {
    fixture("third-party/mitre-attack/mobile-attack-17.1.json")
}

fn stix(name: &str) -> PathBuf {
    fixture(&format!("stix/{name}"))
}

#[track_caller]
pub(crate) fn on(path: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--data".to_owned(), path.display().to_string(), "--no-cache".to_owned()];
    all.extend(args.iter().map(|a| (*a).to_owned()));
    run(all)
}

fn objects(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).expect("the bundle is readable");
    let bundle: Value = serde_json::from_str(&text).expect("the bundle is JSON");
    bundle["objects"].as_array().cloned().expect("a bundle has objects")
}

fn revoked(objects: &[Value]) -> HashSet<&str> {
    objects.iter().filter(|o| o["revoked"] == true).filter_map(|o| o["id"].as_str()).collect()
}

#[test]
fn attack_mobile_loads_as_published_with_every_relationship_between_non_revoked_objects() {
    let path = attack_mobile();
    let objects = objects(&path);
    let revoked = revoked(&objects);
    let expected: HashSet<&str> = objects
        .iter()
        .filter(|o| o["type"] == "relationship" && o["revoked"] != true)
        .filter(|o| {
            let ends = [o["source_ref"].as_str().unwrap_or_default(), o["target_ref"].as_str().unwrap_or_default()];
            ends.iter().all(|e| !revoked.contains(e))
        })
        .filter_map(|o| o["id"].as_str())
        .collect();
    let relations = on(&path, &["relations", "--format", "json"]).ok().json();
    let found: HashSet<&str> = relations.as_array().into_iter().flatten().filter_map(|r| r["id"].as_str()).collect();
    let missing: Vec<&&str> = expected.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "{} of {} relationships missing, e.g. {:?}",
        missing.len(),
        expected.len(),
        &missing[..missing.len().min(3)]
    );
    assert_eq!(found.len(), expected.len(), "nothing but the relationships");

    // Every domain object but the revoked and the bundle metadata is an actor, its STIX type its kind.
    let metadata = ["marking-definition", "x-mitre-collection", "x-mitre-matrix"];
    let mut expected_kinds: HashMap<&str, usize> = HashMap::new();
    for o in &objects {
        let kind = o["type"].as_str().unwrap_or_default();
        if kind != "relationship" && !metadata.contains(&kind) && o["revoked"] != true {
            *expected_kinds.entry(kind).or_default() += 1;
        }
    }
    let actors = on(&path, &["actors", "--format", "json"]).ok().json();
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    for a in actors.as_array().into_iter().flatten() {
        *kinds.entry(a["kind"].as_str().unwrap_or_default()).or_default() += 1;
    }
    assert_eq!(kinds, expected_kinds);
    let deprecated = objects
        .iter()
        .filter(|o| o["x_mitre_deprecated"] == true && o["revoked"] != true)
        .filter(|o| !metadata.contains(&o["type"].as_str().unwrap_or_default()))
        .count();
    let tagged = actors
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["tags"].as_array().is_some_and(|t| t.iter().any(|t| t == "deprecated")))
        .count();
    assert_eq!(tagged, deprecated, "x_mitre_deprecated objects are kept and tagged");
}

#[test]
fn attack_mobile_says_what_it_left_out_in_one_line_and_one_warning() {
    let path = attack_mobile();
    let objects = objects(&path);
    let revoked = revoked(&objects);
    let touching = objects
        .iter()
        .filter(|o| o["type"] == "relationship")
        .filter(|o| {
            revoked.contains(o["source_ref"].as_str().unwrap_or_default())
                || revoked.contains(o["target_ref"].as_str().unwrap_or_default())
        })
        .count();
    let load = on(&path, &["stats"]);
    load.ok()
        .stderr_has(&format!("{} attack-pattern (revoked)", revoked.len()))
        .stderr_has(&format!("{touching} relationship (touches a revoked object)"))
        .stderr_has("1 marking-definition (bundle metadata)");
    let report = on(&path, &["validate", "--format", "json"]).ok().json();
    let warnings: Vec<&str> =
        report["diagnostics"].as_array().into_iter().flatten().filter_map(|d| d["message"].as_str()).collect();
    let revoked_warning = warnings.iter().filter(|w| w.contains("revoked object")).collect::<Vec<_>>();
    assert_eq!(revoked_warning.len(), 1, "{warnings:?}");
    assert!(
        revoked_warning[0]
            .starts_with(&format!("{} revoked objects left out, with the {touching} relationships", revoked.len())),
        "{}",
        revoked_warning[0]
    );
    assert!(revoked_warning[0].contains("(`revoked-by`)"), "names what replaces them");
    let import = &report["imports"][0];
    assert_eq!(import["format"], "STIX 2.1");
    let quiet = on(&path, &["--quiet", "stats"]);
    quiet.ok();
    assert!(!quiet.stderr.contains("STIX 2.1: kept"), "--quiet keeps the summary out: {}", quiet.stderr);
}

#[test]
fn show_finds_a_group_by_its_attack_id() {
    let path = attack_mobile();
    let objects = objects(&path);
    let group = objects.iter().find(|o| o["type"] == "intrusion-set" && o["revoked"] != true).expect("a group");
    let attack_id = group["external_references"][0]["external_id"].as_str().expect("an ATT&CK id");
    let shown = on(&path, &["show", attack_id, "--format", "json"]).ok().json();
    assert_eq!(shown["actor"]["name"], group["name"]);
    assert_eq!(shown["actor"]["kind"], "intrusion-set");
    assert_eq!(shown["actor"]["attrs"]["stix_id"], group["id"]);
}

#[test]
fn path_between_two_intrusion_sets_sharing_a_malware_is_two_hops() {
    let path = stix("shared-malware.stix.json");
    let found = on(&path, &["path", "Group One", "Group Two", "--format", "json"]).ok().json();
    let first = &found["paths"][0];
    assert_eq!(first["actors"], serde_json::json!(["group-one", "shared-implant", "group-two"]), "{found}");
}

#[test]
fn path_between_two_attack_groups_sharing_a_target_is_two_hops() {
    let path = attack_mobile();
    let objects = objects(&path);
    let name: HashMap<&str, &str> =
        objects.iter().filter_map(|o| Some((o["id"].as_str()?, o["name"].as_str()?))).collect();
    let mut users: HashMap<&str, Vec<&str>> = HashMap::new();
    for o in objects.iter().filter(|o| o["type"] == "relationship" && o["relationship_type"] == "uses") {
        let (from, to) = (o["source_ref"].as_str().unwrap_or_default(), o["target_ref"].as_str().unwrap_or_default());
        if from.starts_with("intrusion-set--") {
            users.entry(to).or_default().push(from);
        }
    }
    let mut shared: Vec<(&str, &str)> =
        users.values().filter(|u| u.len() > 1 && u[0] != u[1]).map(|u| (u[0], u[1])).collect();
    shared.sort_unstable();
    let (a, b) = shared.first().copied().expect("two ATT&CK Mobile groups use one technique");
    let found = on(&path, &["path", name[a], name[b], "--format", "json"]).ok().json();
    assert_eq!(found["paths"][0]["actors"].as_array().map(Vec::len), Some(3), "{found}");
}

#[test]
fn ids_aliases_tags_attrs_and_dates_follow_the_mapping() {
    let path = stix("shared-malware.stix.json");
    let actors = on(&path, &["actors", "--format", "json"]).ok().json();
    let actor = |id: &str| actors.as_array().into_iter().flatten().find(|a| a["id"] == id).cloned().unwrap_or_default();
    assert_eq!(actor("group-one")["aliases"], serde_json::json!(["G9001"]));
    assert_eq!(actor("group-two")["tags"], serde_json::json!(["deprecated"]));
    assert_eq!(actor("shared-implant")["attrs"]["x_mitre_platforms"], "Android, iOS");
    assert_eq!(actor("shared-implant")["attrs"]["is_family"], "true");
    on(&path, &["show", "G9001"]).ok().stdout_has("Group One");
    let relations = on(&path, &["relations", "--format", "json"]).ok().json();
    let by_created = &relations[0];
    assert_eq!(by_created["date"], "2020-02-03", "no start_time: the relationship's created day");
    assert_eq!(by_created["confidence"], Value::Null, "no confidence: unknown");
    assert_eq!(relations[1]["date"], "2019-05-06", "start_time first");
    assert_eq!(relations[1]["confidence"], 0.8);
    let dataset = on(&path, &["--quiet", "export", "--to", "json"]).ok().json();
    let uses = dataset["relation_kinds"].as_array().into_iter().flatten().find(|k| k["kind"] == "uses").cloned();
    assert_eq!(uses.unwrap_or_default()["sign"], "positive", "`uses` is a declared kind");
}

/// Regression: wrong-typed fields were dropped silently, and a reference that was not an object made a
/// phantom source.
#[test]
fn wrong_typed_fields_are_each_a_warning_at_their_place() {
    let path = stix("wrong-types.stix.json");
    let report = on(&path, &["validate", "--format", "json"]).ok().json();
    let warnings: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (d["field"].as_str().unwrap_or_default().to_owned(), d["message"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    let fields: Vec<&str> = warnings.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        ["name", "start_time", "external_references[0]", "external_references[1]", "external_references[2]"],
        "{warnings:?}"
    );
    assert!(warnings[0].1.starts_with("must be text (got 12345)"), "{warnings:?}");
    assert!(
        report["diagnostics"].as_array().into_iter().flatten().all(|d| d["line"].as_u64().is_some()),
        "each with its place"
    );
    let sources = on(&path, &["--quiet", "export", "--to", "json"]).ok().json()["sources"].clone();
    assert_eq!(sources.as_array().map(Vec::len), Some(1), "only the one well-formed reference: {sources}");
}

#[test]
fn a_stix_2_0_bundle_with_a_sighting_and_a_report_is_recognised_by_content() {
    let path = stix("stix20-sighting-report.json");
    let objects = objects(&path);
    let report = on(&path, &["validate", "--format", "json"]).ok().json();
    assert_eq!(report["imports"][0]["format"], "STIX 2.0");
    let actors = objects
        .iter()
        .filter(|o| {
            !["relationship", "sighting", "report", "marking-definition"]
                .contains(&o["type"].as_str().unwrap_or_default())
        })
        .count();
    assert_eq!(report["actors"].as_u64(), Some(actors as u64));
    let relations = on(&path, &["relations", "--format", "json"]).ok().json();
    let sighted =
        relations.as_array().into_iter().flatten().find(|r| r["kind"] == "sighted").cloned().expect("a sighting");
    assert_eq!(
        (sighted["from"].as_str(), sighted["date"].as_str(), sighted["until"].as_str()),
        (Some("acme-cert"), Some("2017-01-30"), Some("2017-01-31"))
    );
    let indicates =
        relations.as_array().into_iter().flatten().find(|r| r["kind"] == "indicates").cloned().expect("indicates");
    assert_eq!(
        indicates["sources"],
        serde_json::json!(["evil-person-s-campaign"]),
        "the report is a source of what it references"
    );
    let sources = on(&path, &["--quiet", "export", "--to", "json"]).ok().json()["sources"].clone();
    assert_eq!(sources[0]["publisher"], "ACME CERT");
    assert_eq!(sources[0]["date"], "2017-03-01");
    on(&path, &["stats"]).ok().stderr_has("1 marking-definition (bundle metadata)");
}

#[test]
fn actors_sharing_one_name_get_numbered_ids() {
    let mut objects = Vec::new();
    for i in 0..300 {
        objects.push(serde_json::json!({"type": "intrusion-set", "spec_version": "2.1", "id": format!("intrusion-set--{:08x}-0000-4000-8000-000000000000", i), "created": "2020-01-01T00:00:00Z", "modified": "2020-01-01T00:00:00Z", "name": "Same"}));
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("same.stix.json");
    std::fs::write(
        &path,
        serde_json::json!({"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000000", "objects": objects})
            .to_string(),
    )
    .expect("write");
    let actors = on(&path, &["actors", "--format", "json"]).ok().json();
    let ids: HashSet<&str> = actors.as_array().into_iter().flatten().filter_map(|a| a["id"].as_str()).collect();
    assert_eq!(ids.len(), 300);
    assert!(ids.contains("same") && ids.contains("same-2") && ids.contains("same-300"));
}
