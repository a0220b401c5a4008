//! Network files in (GEXF 1.2/1.3, GML, Pajek `.net`): recognised by content, read as actors and relations,
//! and round trips through NetworkX's own writers. Expected values come from the fixtures or from what
//! NetworkX says it wrote.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::harness::{dataset, fixture, root, run};

fn python() -> std::path::PathBuf {
    let path = std::env::var_os("ACTORGRAPH_PYTHON")
        .map_or_else(|| root().join("tests/python/.venv/bin/python"), std::path::PathBuf::from);
    assert!(path.exists(), "NetworkX is not installed at {}: run `bash tests/python/setup.sh`", path.display());
    path
}

fn records(args: &[&str]) -> Vec<Value> {
    let run = run(args);
    run.ok();
    run.json().as_array().cloned().unwrap()
}

fn load(path: &Path, what: &str) -> Vec<Value> {
    records(&["--data", path.to_str().unwrap(), what, "--format", "json", "--quiet"])
}

#[test]
fn networkx_round_trips_through_gexf_gml_and_pajek() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(python())
        .arg(root().join("tests/python/networkx_write.py"))
        .arg(dir.path())
        .output()
        .expect("python runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let wrote: Value = serde_json::from_slice(&output.stdout).unwrap();
    let nodes = wrote["nodes"].as_array().unwrap();
    let edges = wrote["edges"].as_array().unwrap();
    for file in ["networkx.gexf", "networkx.gml", "networkx.net"] {
        let path = dir.path().join(file);
        // Recognised by content, whatever the name says.
        let renamed = dir.path().join(format!("{file}.data"));
        std::fs::copy(&path, &renamed).unwrap();
        for path in [&path, &renamed] {
            let actors = load(path, "actors");
            assert_eq!(actors.len(), nodes.len(), "{file}");
            for node in nodes {
                let actor = actors.iter().find(|a| a["id"] == node["id"]).unwrap_or_else(|| panic!("{file}: {node}"));
                assert_eq!(actor["name"], node["name"], "{file}");
                assert_eq!(actor["kind"], node["kind"], "{file}");
            }
            let relations = load(path, "relations");
            assert_eq!(relations.len(), edges.len(), "{file}");
            for edge in edges {
                let found = relations.iter().any(|r| {
                    r["from"] == edge["source"]
                        && r["to"] == edge["target"]
                        && r["kind"] == edge["kind"]
                        && edge.get("date").is_none_or(|d| r["date"] == *d)
                        && edge.get("note").is_none_or(|n| r["note"] == *n)
                });
                assert!(found, "{file}: no relation for {edge} in {relations:#?}");
            }
        }
    }
}

#[test]
fn actorgraph_gexf_export_loads_back_with_every_relation_between_actors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hashd.gexf");
    run(["export", "--to", "gexf", "-o", out.to_str().unwrap(), "--quiet"]).ok();
    let original = records(&["--data", dataset().to_str().unwrap(), "relations", "--format", "json", "--quiet"]);
    let between_actors: Vec<&Value> = original.iter().filter(|r| r["target"] == "actor").collect();
    let back = load(&out, "relations");
    assert_eq!(back.len(), between_actors.len());
    for relation in between_actors {
        let same = back.iter().find(|r| r["id"] == relation["id"]).unwrap_or_else(|| panic!("{relation}"));
        // Not the sign: GEXF carries no declarations of kinds, so a kind the dataset declares reads back neutral.
        for field in ["from", "to", "kind", "date", "until", "sources", "note"] {
            assert_eq!(same[field], relation[field], "{}: {field}", relation["id"]);
        }
    }
    let checked = run(["--data", out.to_str().unwrap(), "validate"]);
    checked.ok();
    assert!(!checked.stdout.contains("not read"), "actorgraph's own GEXF is read whole:\n{}", checked.stdout);
}

#[test]
fn gephi_gexf_values_defaults_and_what_is_not_read() {
    let path = fixture("networks/gephi-1.2.gexf");
    let text = std::fs::read_to_string(&path).unwrap();
    let actors = load(&path, "actors");
    assert_eq!(actors.len(), text.matches("<node ").count());
    let kh = actors.iter().find(|a| a["name"] == "Kataib Hezbollah").unwrap();
    assert_eq!(kh["kind"], "armed_group", "a declared <default> fills a missing value");
    let relations = load(&path, "relations");
    assert_eq!(relations.len(), text.matches("<edge ").count());
    assert!(relations.iter().any(|r| r["kind"] == "supports"), "`relationship` names the kind");
    let exported = run(["--data", path.to_str().unwrap(), "export", "--to", "json", "--quiet"]);
    exported.ok();
    let relations = exported.json()["relations"].as_array().cloned().unwrap();
    assert!(
        relations.iter().any(|r| r["kind"] == "attacks" && r["attrs"]["weight"] == "3.0"),
        "a weight stays an attribute"
    );
    let viz = text.matches("<viz:").count();
    run(["--data", path.to_str().unwrap(), "validate"])
        .ok()
        .stdout_has(&format!("drawing attributes (viz: colour, position, size, shape): {viz}"))
        .stdout_has("1 undirected edge");
}

#[test]
fn pajek_signed_values_give_positive_and_negative_kinds() {
    let path = fixture("networks/highland-style-signed.net");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut section = "";
    let mut expected = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('%')) {
        if line.starts_with('*') {
            section = line;
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        if section.starts_with("*Edges") || section.starts_with("*Arcs") {
            let value: f64 = words[2].parse().unwrap();
            let sign = if value > 0.0 { "positive" } else { "negative" };
            let kind = format!("{sign}_{}", if section.starts_with("*Edges") { "edge" } else { "arc" });
            expected.push((sign, kind));
        }
    }
    let relations = load(&path, "relations");
    assert_eq!(relations.len(), expected.len());
    for (relation, (sign, kind)) in relations.iter().zip(&expected) {
        assert_eq!(relation["sign"], *sign);
        assert_eq!(relation["kind"], kind.as_str());
    }
    let blocs = run(["--data", path.to_str().unwrap(), "blocs", "--quiet"]);
    blocs.ok();
}

#[test]
fn gml_graphics_are_counted_as_not_read() {
    let path = fixture("networks/yed-graphics.gml");
    let text = std::fs::read_to_string(&path).unwrap();
    let graphics = text.matches("graphics [").count();
    run(["--data", path.to_str().unwrap(), "validate"]).ok().stdout_has(&format!("(graphics): {graphics}"));
    let relations = load(&path, "relations");
    assert_eq!(relations[0]["kind"], "supports", "an edge's label is its kind");
}

#[test]
fn errors_name_the_format_that_was_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.gexf");
    let text = std::fs::read_to_string(fixture("networks/gephi-1.2.gexf")).unwrap();
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap();
    run(["--data", cut.to_str().unwrap(), "validate"]).code(2).stdout_has("GEXF");
    let gml = dir.path().join("open.gml");
    std::fs::write(&gml, "graph [ node [ id 0 label \"a\" ]").unwrap();
    run(["--data", gml.to_str().unwrap(), "validate"]).code(2).stdout_has("GML");
    // A network file given as JSON is not a JSON syntax error.
    let misnamed = dir.path().join("network.json");
    std::fs::copy(fixture("networks/highland-style-signed.net"), &misnamed).unwrap();
    run(["--data", misnamed.to_str().unwrap(), "--input-format", "actorgraph", "validate"])
        .code(2)
        .stdout_has("this is not a JSON document")
        .stdout_has("it looks like Pajek");
}

#[test]
fn a_pajek_tie_to_a_vertex_never_listed_is_an_error_in_pajek_terms() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("ties.net");
    std::fs::write(&path, "*Vertices 2\n1 \"a\"\n2 \"b\"\n*Arcs\n1 2\n1 3\n").expect("the file");
    run(["--data", path.to_str().expect("a UTF-8 path"), "stats"])
        .code(2)
        .stderr_has("ties.net:6:1: this tie names vertex 3, but *Vertices lists no vertex numbered so (2 listed)")
        .stderr_has("the file was read as Pajek .net");
}
