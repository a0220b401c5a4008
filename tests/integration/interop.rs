//! Issue 5 (interoperability): STIX and GraphML import, and the GraphML, GEXF, STIX and Neo4j exports, with
//! round trips through actorgraph itself and checks with the reference readers (NetworkX, `stix2`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::harness::{dataset, fixture, root, run, Run};

fn interop(name: &str) -> PathBuf {
    fixture(&format!("interop/{name}"))
}

fn data(path: &Path) -> [&std::ffi::OsStr; 2] {
    ["--data".as_ref(), path.as_os_str()]
}

/// `actorgraph [--data PATH] ARGS…`.
#[track_caller]
fn on(path: Option<&Path>, args: &[&str]) -> Run {
    let mut all: Vec<std::ffi::OsString> = Vec::new();
    if let Some(path) = path {
        all.extend(data(path).iter().map(|a| a.to_os_string()));
    }
    all.extend(args.iter().map(std::ffi::OsString::from));
    run(all)
}

/// A JSON list of records sorted by `id`, so files that order records differently compare equal.
fn by_id(value: Value) -> Vec<Value> {
    let mut list = value.as_array().cloned().unwrap_or_default();
    list.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    list
}

/// Writes an export of the bundled dataset into `dir` and returns its path.
#[track_caller]
fn export(dir: &Path, to: &str, name: &str, filters: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut args = vec!["export", "--to", to, "-o", path.to_str().expect("a UTF-8 temp path"), "--quiet"];
    args.extend(filters);
    on(None, &args).ok();
    path
}

fn bundled_json() -> Value {
    serde_json::from_str(&std::fs::read_to_string(dataset()).expect("the dataset is readable")).expect("valid JSON")
}

/// The interpreter of the Python reference readers. Missing → the test fails (it must not pass unchecked).
pub(crate) fn python() -> PathBuf {
    let path = std::env::var_os("ACTORGRAPH_PYTHON")
        .map_or_else(|| root().join("tests/python/.venv/bin/python"), PathBuf::from);
    assert!(
        path.exists(),
        "the Python reference readers (NetworkX, stix2) are not installed at {}: run `bash tests/python/setup.sh` \
         once (or point ACTORGRAPH_PYTHON at a Python that has networkx and stix2)",
        path.display()
    );
    path
}

/// Runs `tests/python/<script> FILE` and parses what it prints.
#[track_caller]
pub(crate) fn reference_reader(script: &str, file: &Path) -> Value {
    let output =
        Command::new(python()).arg(root().join("tests/python").join(script)).arg(file).output().expect("python runs");
    assert!(
        output.status.success(),
        "{script} rejected {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}

// ---------------------------------------------------------------------------------------------------------
// Import: STIX

#[test]
fn stix_objects_become_actors_relations_sources_and_statements() {
    let path = interop("foreign.stix.json");
    let actors = by_id(on(Some(&path), &["actors", "--format", "json"]).ok().json());
    let ids: Vec<&str> = actors.iter().filter_map(|a| a["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "aleppo-offensive",
            "falah-al-fayyadh",
            "iraqi-government",
            "kata-ib-hizballah",
            "popular-mobilization-forces"
        ]
    );
    let actor = |id: &str| actors.iter().find(|a| a["id"] == id).cloned().unwrap_or_default();
    assert_eq!(actor("falah-al-fayyadh")["kind"], "identity", "the STIX type decides the kind");
    assert_eq!(actor("falah-al-fayyadh")["attrs"]["identity_class"], "individual");
    assert_eq!(actor("iraqi-government")["kind"], "identity");
    assert_eq!(actor("iraqi-government")["attrs"]["description"], "Council of Ministers in Baghdad.");
    assert_eq!(actor("kata-ib-hizballah")["kind"], "threat-actor");
    assert_eq!(actor("kata-ib-hizballah")["aliases"], serde_json::json!(["KH", "Hezbollah Brigades"]));
    assert_eq!(actor("kata-ib-hizballah")["tags"], serde_json::json!(["hashd", "pro-iran"]));
    assert_eq!(actor("popular-mobilization-forces")["kind"], "intrusion-set");
    assert_eq!(actor("aleppo-offensive")["attrs"]["stix_id"], "campaign--1f6a0b4c-3a59-4c6a-9f6c-2b6f2e0a9d11");

    let relations = on(Some(&path), &["relations", "--format", "json"]).ok().json();
    assert_eq!(relations.as_array().map(Vec::len), Some(4), "in bundle order");
    let member = &relations[0];
    assert_eq!(member["id"], "relationship--3c2f8b4e-6c4a-4f1e-9a43-1b7d6b0f6a01");
    assert_eq!(member["kind"], "member_of", "member-of reads as member_of");
    assert_eq!(member["date"], "2014-06-13", "timestamps are cut to the day");
    assert_eq!(member["confidence"], 0.85, "confidence 85 of 100");
    assert_eq!(member["note"], "Hashd faction on the public payroll.");
    assert_eq!(member["sources"], serde_json::json!(["reuters", "shafaq-2024-12-02"]));
    let attributed = &relations[1];
    assert_eq!((attributed["date"].as_str(), attributed["until"].as_str()), (Some("2024-11-27"), Some("2024-12-08")));
    assert_eq!(attributed["sources"], serde_json::json!(["reuters"]), "the same reference is one source");
    let leads = &relations[2];
    let other_reuters = leads["sources"][0].as_str().unwrap_or_default();
    assert!(other_reuters.starts_with("reuters-") && other_reuters.len() == "reuters-".len() + 8, "{other_reuters}");
    let denial = &relations[3];
    assert_eq!(denial["kind"], "denies", "a disagreeing opinion is a denial");
    assert_eq!(denial["from"], "iraqi-government", "the author is created_by_ref");
    assert_eq!((denial["target"].as_str(), denial["to"].as_str()), (Some("relation"), attributed["id"].as_str()));

    let stats = on(Some(&path), &["stats", "--format", "json"]).ok().json();
    assert_eq!(stats["sources"], 3);
}

#[test]
fn stix_objects_of_every_domain_type_become_actors() {
    // Malware and indicators were once left out (with a warning); every domain object is now an actor.
    let report = on(Some(&interop("unknown-types.stix.json")), &["validate", "--format", "json"]).ok().json();
    assert_eq!(
        (report["valid"].as_bool(), report["actors"].as_u64(), report["relations"].as_u64()),
        (Some(true), Some(5), Some(3))
    );
    let kinds: Vec<(&str, u64)> = report["imports"][0]["kept"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|k| (k["what"].as_str().unwrap_or_default(), k["count"].as_u64().unwrap_or_default()))
        .collect();
    assert_eq!(kinds, [("threat-actor", 1), ("identity", 1), ("malware", 2), ("indicator", 1), ("relationship", 3)]);
}

#[test]
fn stix_errors_point_at_the_stix_field() {
    let run = on(Some(&interop("bad-confidence.stix.json")), &["validate"]);
    run.code(2)
        .stdout_has("bad-confidence.stix.json:18:21: relation 'relationship--0a6f0d6e-1e1b-4f59-8b0e-0c5e0d8a7b03', field `confidence`: must be a number from 0 to 100 (got 150)")
        .stdout_has("bad-confidence.stix.json:17:20: relation 'relationship--0a6f0d6e-1e1b-4f59-8b0e-0c5e0d8a7b03', field `stop_time`: ends (2024-01-01) before it starts (2024-12-31)");
}

#[test]
fn a_bundle_is_recognised_by_content_and_the_format_can_be_forced() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let plain = dir.path().join("export.json");
    std::fs::copy(interop("foreign.stix.json"), &plain).expect("copy");
    on(Some(&plain), &["stats", "--format", "json"]).ok();
    assert_eq!(on(Some(&plain), &["stats", "--format", "json"]).json()["actors"], 5);
    on(Some(&dataset()), &["--input-format", "stix", "stats"])
        .code(2)
        .stderr_has("this is not a STIX bundle: its top level has no \"type\"")
        .stderr_has("help: give the file its own format with --input-format, or export a bundle from your platform");
    on(Some(&plain), &["--input-format", "actorgraph", "validate"]).code(2).stdout_has("unknown field `type`");
}

// ---------------------------------------------------------------------------------------------------------
// Import: GraphML

#[test]
fn graphml_from_networkx_loads_with_default_kind_and_warnings() {
    let path = interop("florentine.graphml");
    let report = on(Some(&path), &["validate", "--format", "json"]).ok().json();
    assert_eq!((report["actors"].as_u64(), report["relations"].as_u64()), (Some(15), Some(20)));
    let messages: Vec<&str> =
        report["diagnostics"].as_array().into_iter().flatten().filter_map(|d| d["message"].as_str()).collect();
    assert_eq!(
        messages,
        [
            "20 undirected edges: each is read as a relation from its `source` to its `target`",
            "kind `linked_to` is neither built in nor declared; it is treated as neutral (20 relations)",
        ]
    );
    let medici = on(Some(&path), &["show", "Medici", "--format", "json"]).ok().json();
    assert_eq!(medici["actor"]["name"], "Medici");
}

#[test]
fn graphml_edge_ids_that_repeat_are_replaced_by_generated_ids() {
    let path = interop("networkx-multigraph.graphml");
    let relations = on(Some(&path), &["relations", "--format", "json"]).ok().json();
    let ids: Vec<&str> = relations.as_array().into_iter().flatten().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["iran>funds>hezbollah", "iran>supports>hezbollah", "iran>supports>assad", "hezbollah>supports>assad"]
    );
    let confidences: Vec<Option<f64>> =
        relations.as_array().into_iter().flatten().map(|r| r["confidence"].as_f64()).collect();
    assert_eq!(
        confidences,
        [Some(0.8), Some(0.9), Some(0.7), None],
        "weights within 0..1 are confidences; none is unknown"
    );
    on(Some(&path), &["validate"]).ok().stdout_has("the 4 edge ids are not used; relation ids are generated");
}

#[test]
fn graphml_from_yed_takes_names_and_kinds_from_its_labels() {
    let path = interop("yed.graphml");
    let actors = by_id(on(Some(&path), &["actors", "--format", "json"]).ok().json());
    let names: Vec<(&str, &str)> =
        actors.iter().map(|a| (a["id"].as_str().unwrap_or_default(), a["name"].as_str().unwrap_or_default())).collect();
    assert_eq!(names, [("n0", "Iran"), ("n1", "Hashd factions"), ("n1::n0", "Kataib Hezbollah")]);
    assert_eq!(actors[0]["attrs"]["url"], "https://en.wikipedia.org/wiki/Iran");
    let relations = on(Some(&path), &["relations", "--format", "json"]).ok().json();
    assert_eq!(relations[0]["text"], "Iran supports Kataib Hezbollah");
    assert_eq!(relations[0]["note"], "Funding and arms.");
    assert_eq!(relations[1]["text"], "Kataib Hezbollah member_of Hashd factions");
}

#[test]
fn graphml_weights_beyond_one_stay_attributes_and_the_mapping_is_settable() {
    let path = interop("gephi.graphml");
    let default = on(Some(&path), &["validate"]);
    default
        .ok()
        .stdout_has("edge weights go beyond 0..1, so they are kept as the attribute `weight`")
        .stdout_has("help: to read another attribute as confidence, use --graphml-map confidence=NAME");
    let relations = on(Some(&path), &["relations", "--format", "json"]).ok().json();
    assert_eq!(relations[0]["kind"], "funds", "Gephi's `Edge Label` gives the kind");
    assert_eq!(relations[0]["confidence"], Value::Null, "weights beyond 0..1 are no confidence: unknown");
    let actors = on(Some(&path), &["actors", "--format", "json"]).ok().json();
    assert_eq!(actors[0]["kind"], "", "no kind attribute by default");
    assert_eq!(actors[0]["attrs"]["faction"], "state");

    let mapped = on(Some(&path), &["--graphml-map", "node.kind=faction,confidence=", "actors", "--format", "json"]);
    let mapped = by_id(mapped.ok().json());
    let kinds: Vec<&str> = mapped.iter().filter_map(|a| a["kind"].as_str()).collect();
    assert_eq!(kinds, ["state", "armed_group", "person"]);
    assert!(mapped[0]["attrs"].get("faction").is_none(), "a mapped attribute is not also kept in attrs");
    let quiet = on(Some(&path), &["--graphml-map", "confidence=", "validate"]);
    assert!(!quiet.ok().stdout.contains("edge weights"), "with confidence unmapped, weights are plain attributes");
    on(Some(&path), &["--graphml-map", "colour=red", "stats"]).code(2).stderr_has("--graphml-map: no field 'colour'");
}

#[test]
fn graphml_xml_errors_have_line_and_column() {
    on(Some(&interop("broken.graphml")), &["validate"]).code(2).stdout_has(
        "broken.graphml:8:3: not well-formed XML: ill-formed document: expected `</node>`, but `</graph>` was found",
    );
}

#[test]
fn graphml_sources_named_by_id_merge_with_a_file_that_describes_them() {
    for order in [["cites-sources.graphml", "sources.json"], ["sources.json", "cites-sources.graphml"]] {
        let loaded = run(order
            .iter()
            .flat_map(|f| ["--data".into(), interop(f).into_os_string()])
            .chain(["relations", "--format", "json"].map(std::ffi::OsString::from)));
        let relations = loaded.ok().json();
        assert_eq!(relations[0]["grade"], "B2", "Reuters (B) describes the source, credibility 2 ({order:?})");
    }
    let alone = on(Some(&interop("cites-sources.graphml")), &["relations", "--format", "json"]).ok().json();
    assert_eq!(alone[0]["grade"], "F2", "alone, the sources are known by id only");
}

// ---------------------------------------------------------------------------------------------------------
// Export: round trips through actorgraph

/// Asserts that loading `path` gives the bundled dataset's actors, relations (with kinds, dates, confidence,
/// grades, sources, notes) and kind semantics.
#[track_caller]
fn same_graph_as_bundled(path: &Path, sources: u64) {
    for command in ["actors", "relations"] {
        let original = by_id(on(None, &[command, "--format", "json"]).ok().json());
        let loaded = by_id(on(Some(path), &[command, "--format", "json"]).ok().json());
        assert_eq!(original.len(), loaded.len(), "{command} count");
        for (a, b) in original.iter().zip(&loaded) {
            assert_eq!(a, b, "{command} differ after the round trip through {}", path.display());
        }
    }
    let original = on(None, &["stats", "--format", "json"]).ok().json();
    let loaded = on(Some(path), &["stats", "--format", "json"]).ok().json();
    assert_eq!(loaded["sources"], sources);
    for key in ["actors", "relations", "by_relation_kind", "by_actor_kind"] {
        assert_eq!(original[key], loaded[key], "stats {key}");
    }
    let report = on(Some(path), &["validate", "--format", "json"]).ok().json();
    assert_eq!(report["warnings"], 0, "declared kinds travel with the file: {report}");
}

#[test]
fn graphml_round_trip_gives_the_same_graph() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = export(dir.path(), "graphml", "hashd.graphml", &[]);
    same_graph_as_bundled(&path, 10);
}

#[test]
fn stix_round_trip_gives_the_same_graph() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = export(dir.path(), "stix", "hashd.stix.json", &[]);
    // The one source no relation cites has no place in STIX.
    same_graph_as_bundled(&path, 9);
}

#[test]
fn exports_apply_the_common_filters() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = export(dir.path(), "graphml", "hashd.graphml", &["--tag", "hashd"]);
    let expected = on(None, &["actors", "--tag", "hashd", "--format", "json"]).ok().json();
    let loaded = on(Some(&path), &["actors", "--format", "json"]).ok().json();
    assert_eq!(by_id(expected), by_id(loaded));
    let path = export(dir.path(), "stix", "supports.stix.json", &["--kind", "supports"]);
    let relations = on(Some(&path), &["relations", "--format", "json"]).ok().json();
    let kinds: Vec<&str> = relations.as_array().into_iter().flatten().filter_map(|r| r["kind"].as_str()).collect();
    assert_eq!(kinds, ["supports"; 9]);
}

#[test]
fn exports_are_byte_for_byte_repeatable() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for (to, name) in [("graphml", "a.graphml"), ("gexf", "a.gexf"), ("stix", "a.json")] {
        let first = std::fs::read(export(dir.path(), to, name, &[])).expect("written");
        let stdout = on(None, &["export", "--to", to]).ok().stdout.clone();
        assert_eq!(first, stdout.as_bytes(), "{to}: -o and standard output differ, or the export is not repeatable");
    }
    let a = export(dir.path(), "neo4j", "neo-a", &[]);
    let b = export(dir.path(), "neo4j", "neo-b", &[]);
    for file in actorgraph::format::neo4j::FILES {
        assert_eq!(std::fs::read(a.join(file)).ok(), std::fs::read(b.join(file)).ok(), "{file}");
    }
}

#[test]
fn export_refuses_to_overwrite_an_input_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("data.json");
    std::fs::copy(dataset(), &input).expect("copy");
    let before = std::fs::read(&input).expect("read");
    let spelled = dir.path().join(".").join("data.json");
    let refused = run([
        "--data".as_ref(),
        input.as_os_str(),
        "export".as_ref(),
        "--to".as_ref(),
        "stix".as_ref(),
        "-o".as_ref(),
        spelled.as_os_str(),
    ]);
    refused.code(2).stderr_has("it is one of the input files");
    assert_eq!(std::fs::read(&input).expect("read"), before, "the input is untouched");
    // A folder of CSV data whose actors.csv the Neo4j export would replace.
    let folder = dir.path().join("csv");
    std::fs::create_dir(&folder).expect("mkdir");
    for name in ["actors.csv", "relations.csv", "sources.csv"] {
        std::fs::copy(crate::harness::fixture("csv-pair").join(name), folder.join(name)).expect("copy");
    }
    let refused = run([
        "--data".as_ref(),
        folder.as_os_str(),
        "export".as_ref(),
        "--to".as_ref(),
        "neo4j".as_ref(),
        "-o".as_ref(),
        folder.as_os_str(),
    ]);
    refused.code(2).stderr_has("actors.csv': it is one of the input files");
    assert!(!folder.join("load.cypher").exists(), "nothing is written when one file would replace an input");
    on(None, &["export", "--to", "neo4j"])
        .code(2)
        .stderr_has("--to neo4j: writes several files; name the folder for them with -o FOLDER");
}

// ---------------------------------------------------------------------------------------------------------
// Export: GEXF and Neo4j contents

/// The elements of an XML document as `(name, attributes)` in document order (read with quick-xml, which
/// fails on anything not well-formed).
fn elements(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attributes = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("a well-formed attribute");
                        let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).expect("a value");
                        (String::from_utf8_lossy(a.key.as_ref()).into_owned(), value.into_owned())
                    })
                    .collect();
                out.push((String::from_utf8_lossy(e.name().as_ref()).into_owned(), attributes));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn attribute<'a>(element: &'a (String, Vec<(String, String)>), name: &str) -> Option<&'a str> {
    element.1.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[test]
fn gexf_has_the_nodes_edges_and_time_intervals() {
    let text = on(None, &["export", "--to", "gexf"]).ok().stdout.clone();
    let elements = elements(&text);
    let root = &elements[0];
    assert_eq!(
        (root.0.as_str(), attribute(root, "version"), attribute(root, "xmlns")),
        ("gexf", Some("1.3"), Some("http://gexf.net/1.3"))
    );
    let graph = elements.iter().find(|e| e.0 == "graph").expect("a graph element");
    assert_eq!((attribute(graph, "mode"), attribute(graph, "timeformat")), (Some("dynamic"), Some("date")));
    assert_eq!(elements.iter().filter(|e| e.0 == "node").count(), 26);
    let edges: Vec<_> = elements.iter().filter(|e| e.0 == "edge").collect();
    assert_eq!(edges.len(), 38, "48 relations less 10 statements about relations");
    let edge = |id: &str| *edges.iter().find(|e| attribute(e, "id") == Some(id)).expect(id);
    let month = edge("r-iran-supports-assad");
    assert_eq!(
        (attribute(month, "start"), attribute(month, "end")),
        (Some("2024-12-01"), None),
        "2024-12, still valid"
    );
    let year = edge("r-iran-supports-syrian-government-2011");
    assert_eq!(attribute(year, "start"), Some("2011-01-01"));
    assert_eq!(attribute(month, "weight"), Some("0.9"));
    assert_eq!(attribute(month, "kind"), Some("supports"));
}

#[test]
fn gexf_partial_until_ends_on_the_last_day_it_covers() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("dated.json");
    std::fs::write(
        &input,
        r#"{"actors": [{"id": "a"}, {"id": "b"}],
            "relations": [{"id": "r", "from": "a", "to": "b", "kind": "supports", "date": "2023-02", "until": "2024"}]}"#,
    )
    .expect("write");
    let text = on(Some(&input), &["export", "--to", "gexf"]).ok().stdout.clone();
    let elements = elements(&text);
    let edge = elements.iter().find(|e| e.0 == "edge").expect("an edge");
    assert_eq!((attribute(edge, "start"), attribute(edge, "end")), (Some("2023-02-01"), Some("2024-12-31")));
}

#[test]
fn neo4j_export_writes_import_files_cypher_and_readme() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let folder = export(dir.path(), "neo4j", "neo4j", &[]);
    let read = |name: &str| std::fs::read_to_string(folder.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let lines = |name: &str| read(name).lines().map(str::to_owned).collect::<Vec<_>>();
    let actors = lines("actors.csv");
    assert_eq!(actors[0], "id:ID(Actor),:LABEL,name,kind,aliases:string[],tags:string[],country,role");
    assert_eq!(actors.len(), 1 + 26);
    assert!(actors.iter().any(|l| l.starts_with("kataib-hezbollah,Actor;ArmedGroup,Kataib Hezbollah,armed_group,KH;")));
    let relations = read("relations.csv");
    assert!(relations.starts_with(
        "id,:START_ID(Actor),:END_ID(Actor),:TYPE,kind,sign,symmetric:boolean,date,until,start:date,end:date,\
         confidence:float,credibility:int,grade,sources:string[],independent_sources:int,note,"
    ));
    let mut reader = csv::Reader::from_reader(relations.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV row")).collect();
    assert_eq!(rows.len(), 38);
    let row = rows.iter().find(|r| &r[0] == "r-iran-supports-assad").expect("the relation");
    assert_eq!((&row[3], &row[7], &row[9], &row[10], &row[11]), ("SUPPORTS", "2024-12", "2024-12-01", "", "0.9"));
    let statements = lines("statements.csv");
    assert_eq!(statements.len(), 1 + 10);
    assert!(statements[0].starts_with("id,:START_ID(Actor),:END_ID(Claim),:TYPE,"));
    let claims = lines("claims.csv");
    assert_eq!(claims[0], "relation_id:ID(Claim),:LABEL,kind,from,to,text");
    assert_eq!(claims.len(), 1 + 5, "five relations are the subject of statements");
    assert!(statements
        .iter()
        .any(|l| l.starts_with("r-fayyadh-denies-pmf-deploys,falah-fayyadh,r-pmf-deploys-syria,DENIES,")));
    let cypher = read("load.cypher");
    assert!(cypher.contains("CREATE (a)-[r:`SUPPORTS`]->(b)") && cypher.contains("SET a:`ArmedGroup`"));
    assert!(
        cypher.contains("MATCH (a:Actor {id: row.`:START_ID(Actor)`}), (b:Claim {relation_id: row.`:END_ID(Claim)`})")
    );
    assert!(read("README.md").contains(
        "neo4j-admin database import full neo4j --nodes=actors.csv --nodes=claims.csv --nodes=sources.csv \
         --relationships=relations.csv --relationships=statements.csv --relationships=derived_from.csv \
         --multiline-fields=true --overwrite-destination"
    ));
}

// ---------------------------------------------------------------------------------------------------------
// The reference readers: NetworkX and stix2 (need `bash tests/python/setup.sh`)

#[test]
fn networkx_reads_the_graphml_export_with_the_same_nodes_edges_and_attributes() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = export(dir.path(), "graphml", "hashd.graphml", &[]);
    let read = reference_reader("check_graphml.py", &path);
    assert_eq!((read["directed"].as_bool(), read["multigraph"].as_bool()), (Some(true), Some(true)));
    let dataset = bundled_json();
    let actors = dataset["actors"].as_array().expect("actors");
    let nodes = read["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), actors.len());
    for (actor, node) in actors.iter().zip(nodes) {
        let d = &node["data"];
        assert_eq!(node["id"], actor["id"]);
        assert_eq!((&d["label"], &d["name"], &d["kind"]), (&actor["name"], &actor["name"], &actor["kind"]));
        let joined = |v: &Value| v.as_array().map(|l| l.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(";"));
        assert_eq!(d["aliases"].as_str().map(str::to_owned), joined(&actor["aliases"]).filter(|s| !s.is_empty()));
        assert_eq!(d["tags"].as_str().map(str::to_owned), joined(&actor["tags"]).filter(|s| !s.is_empty()));
        for (key, value) in actor["attrs"].as_object().into_iter().flatten() {
            assert_eq!(&d[key], value, "actor {} attribute {key}", actor["id"]);
        }
    }
    let records = on(None, &["relations", "--format", "json"]).ok().json();
    let edges = read["edges"].as_array().expect("edges");
    let between_actors: Vec<&Value> = dataset["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .filter(|r| actors.iter().any(|a| a["id"] == r["to"]))
        .collect();
    assert_eq!(edges.len(), between_actors.len());
    for relation in between_actors {
        let edge = edges.iter().find(|e| e["key"] == relation["id"]).expect("an edge keyed by the relation id");
        let record = records.as_array().into_iter().flatten().find(|r| r["id"] == relation["id"]).expect("record");
        let d = &edge["data"];
        assert_eq!((&edge["source"], &edge["target"]), (&relation["from"], &relation["to"]));
        assert_eq!((&d["kind"], &d["label"]), (&relation["kind"], &relation["kind"]));
        assert_eq!(d["confidence"].as_f64(), Some(relation["confidence"].as_f64().unwrap_or(1.0)), "typed double");
        assert_eq!(d["credibility"].as_i64(), relation["credibility"].as_i64(), "typed int");
        assert_eq!((&d["date"], &d["sign"], &d["grade"]), (&relation["date"], &record["sign"], &record["grade"]));
        assert_eq!(d.get("until"), relation.get("until"));
        assert_eq!(d.get("note"), relation.get("note"));
        let sources: Vec<&str> =
            relation["sources"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        assert_eq!(d["sources"].as_str(), Some(sources.join(";").as_str()));
        let symmetric = ["allied_with", "meets"].contains(&relation["kind"].as_str().unwrap_or_default());
        assert_eq!(d["symmetric"].as_bool(), Some(symmetric), "typed boolean");
        assert_eq!(d["independent_sources"].as_i64(), record["independent_sources"].as_i64(), "typed int");
    }
    // The deployment rests on Reuters and SOHR, which the brief relays: 3 cited, 2 independent.
    let deployed = edges.iter().find(|e| e["key"] == "r-pmf-deploys-syria").expect("the deployment");
    assert_eq!(deployed["data"]["independent_sources"].as_i64(), Some(2));
    let denied = edges.iter().find(|e| e["key"] == "r-pmf-deploys-syria").expect("the contested deployment");
    assert_eq!(denied["data"]["denied_by"], "falah-fayyadh;iraqi-interior-ministry");
    assert_eq!(denied["data"]["asserted_by"], "reuters;sohr");
}

#[test]
fn networkx_reads_the_networkx_fixture_and_actorgraph_agrees() {
    let path = interop("florentine.graphml");
    let read = reference_reader("check_graphml.py", &path);
    let stats = on(Some(&path), &["stats", "--format", "json"]).ok().json();
    assert_eq!(read["nodes"].as_array().map(Vec::len), stats["actors"].as_u64().map(|n| n as usize));
    assert_eq!(read["edges"].as_array().map(Vec::len), stats["relations"].as_u64().map(|n| n as usize));
}

#[test]
fn networkx_reads_the_gexf_export_with_intervals() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = export(dir.path(), "gexf", "hashd.gexf", &[]);
    let read = reference_reader("check_gexf.py", &path);
    assert_eq!((read["directed"].as_bool(), read["mode"].as_str()), (Some(true), Some("dynamic")));
    assert_eq!(read["nodes"].as_array().map(Vec::len), Some(26));
    let edges = read["edges"].as_array().expect("edges");
    assert_eq!(edges.len(), 38);
    let edge = |id: &str| edges.iter().find(|e| e["data"]["id"] == id).expect(id);
    let assad = &edge("r-iran-supports-assad")["data"];
    assert_eq!((&assad["start"], assad.get("end")), (&Value::from("2024-12-01"), None));
    assert_eq!((assad["weight"].as_f64(), assad["confidence"].as_f64()), (Some(0.9), Some(0.9)));
    assert_eq!(
        (&assad["kind"], &assad["sign"], &assad["grade"]),
        (&Value::from("supports"), &Value::from("positive"), &Value::from("C2"))
    );
    let records = on(None, &["relations", "--format", "json"]).ok().json();
    for record in records.as_array().into_iter().flatten().filter(|r| r["target"] == "actor") {
        let id = record["id"].as_str().unwrap_or_default();
        assert_eq!(edge(id)["data"]["independent_sources"].as_i64(), record["independent_sources"].as_i64(), "{id}");
    }
    let kh = on(None, &["show", "kataib-hezbollah", "--format", "json"]).ok().json();
    let node = read["nodes"].as_array().into_iter().flatten().find(|n| n["id"] == "kataib-hezbollah").expect("KH");
    assert_eq!(node["data"]["label"], kh["actor"]["name"]);
    assert_eq!(node["data"]["kind"], "armed_group");
}

#[test]
fn stix2_accepts_the_stix_export() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = export(dir.path(), "stix", "hashd.stix.json", &[]);
    let read = reference_reader("check_stix.py", &path);
    assert_eq!(read["objects"], 26 + 48);
    assert_eq!(
        read["types"],
        serde_json::json!({"identity": 19, "threat-actor": 7, "relationship": 38, "opinion": 4, "note": 6})
    );
    let objects = read["objects_by_id"].as_object().expect("objects by id");
    let denial =
        objects.values().find(|o| o["type"] == "opinion" && o["authors"][0] == "Falah al-Fayyadh").expect("a denial");
    assert_eq!(denial["opinion"], "strongly-disagree");
    let target = &objects[denial["object_refs"][0].as_str().unwrap_or_default()];
    assert_eq!(
        (target["type"].as_str(), target["relationship_type"].as_str()),
        (Some("relationship"), Some("deploys-to"))
    );
    let member = objects
        .values()
        .find(|o| o["relationship_type"] == "member-of" && o["start_time"] == "2024-12-02T00:00:00Z")
        .expect("a dated membership");
    assert!(member["confidence"].as_i64().is_some_and(|c| (0..=100).contains(&c)));
}

#[test]
fn stix2_accepts_the_stix_fixtures() {
    for name in ["foreign.stix.json", "unknown-types.stix.json"] {
        let read = reference_reader("check_stix.py", &interop(name));
        assert!(read["objects"].as_u64().is_some_and(|n| n > 0), "{name}");
    }
}
