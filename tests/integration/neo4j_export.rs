//! The Neo4j export's sources: `(:Source)` nodes in `sources.csv` and `(:Source)-[:DERIVED_FROM]->(:Source)`
//! relationships in `derived_from.csv`, with the headers `neo4j-admin database import` reads, in the import
//! command, `load.cypher` and the folder's README.

use std::path::Path;

use crate::harness::{fixture, run};

/// Exports `data` (the bundled dataset when `None`) to a Neo4j folder `name` under `dir` with `filters`.
#[track_caller]
fn export(dir: &Path, data: Option<&Path>, name: &str, filters: &[&str]) -> std::path::PathBuf {
    let folder = dir.join(name);
    let mut args: Vec<&std::ffi::OsStr> = vec!["-q".as_ref()];
    if let Some(data) = data {
        args.extend(["--data".as_ref(), data.as_os_str()]);
    }
    args.extend(["export".as_ref(), "--to".as_ref(), "neo4j".as_ref(), "-o".as_ref(), folder.as_os_str()]);
    args.extend(filters.iter().map(std::ffi::OsStr::new));
    run(args).ok();
    folder
}

/// The rows of a CSV file of the folder, header first.
#[track_caller]
fn rows(folder: &Path, name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(folder.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.expect("a CSV row").iter().map(str::to_owned).collect()).collect()
}

/// `(from, to)` of every `DERIVED_FROM` row.
fn derived(folder: &Path) -> Vec<(String, String)> {
    rows(folder, "derived_from.csv")[1..]
        .iter()
        .map(|r| {
            assert_eq!(r[2], "DERIVED_FROM", "{r:?}");
            (r[0].clone(), r[1].clone())
        })
        .collect()
}

fn ids(folder: &Path) -> Vec<String> {
    rows(folder, "sources.csv")[1..].iter().map(|r| r[0].clone()).collect()
}

#[test]
fn the_bundled_sources_become_nodes_linked_by_what_they_relay() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let folder = export(dir.path(), None, "neo", &[]);
    let sources = rows(&folder, "sources.csv");
    assert_eq!(sources[0], ["id:ID(Source)", ":LABEL", "publisher", "title", "date", "url", "reliability"]);
    // Every source of the dataset: the 8 cited, the unnamed origin behind Reuters, and Al Aalem (cited by none).
    assert_eq!(sources.len(), 1 + 10);
    let reuters = sources.iter().find(|r| r[0] == "reuters-2024-12-02").expect("Reuters");
    assert_eq!((reuters[1].as_str(), reuters[2].as_str(), reuters[6].as_str()), ("Source", "Reuters", "B"));
    // The brief keeps only what the seed gives: no title.
    let brief = sources.iter().find(|r| r[0] == "article-hashd-syria-2024-12-02").expect("the brief");
    assert_eq!(brief[3], "");
    let derived_from = rows(&folder, "derived_from.csv");
    assert_eq!(derived_from[0], [":START_ID(Source)", ":END_ID(Source)", ":TYPE", "position:int"]);
    // The brief relays its seven outlets, in its own order; Reuters rests on two Syrian military sources.
    let edges = derived(&folder);
    assert_eq!(edges.len(), 8, "{edges:?}");
    let brief_relays: Vec<&str> =
        edges.iter().filter(|(s, _)| s == "article-hashd-syria-2024-12-02").map(|(_, o)| o.as_str()).collect();
    assert_eq!(
        brief_relays,
        [
            "reuters-2024-12-02",
            "sohr-2024-12-02",
            "al-sumaria-2024-12-02",
            "shafaq-news-2024-12-02",
            "al-rafidain-2024-12-02",
            "al-mada-2024-12-02",
            "asharq-al-awsat-2024-12-02"
        ]
    );
    assert_eq!(derived_from[1][3], "1");
    assert!(edges.contains(&("reuters-2024-12-02".to_owned(), "syrian-military-sources-2024-12-02".to_owned())));
    // Every end of a DERIVED_FROM is a node of the files (neo4j-admin refuses a relationship to a missing node).
    let nodes = ids(&folder);
    assert!(edges.iter().all(|(s, o)| nodes.contains(s) && nodes.contains(o)), "{edges:?}");
    // The import command, the LOAD CSV script and the README know the two files.
    let readme = std::fs::read_to_string(folder.join("README.md")).unwrap();
    assert!(readme.contains("--nodes=sources.csv") && readme.contains("--relationships=derived_from.csv"));
    assert!(readme.contains("(10 of them)") && readme.contains("(8 relationships)"), "{readme}");
    let cypher = std::fs::read_to_string(folder.join("load.cypher")).unwrap();
    assert!(cypher.contains("CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;"));
    assert!(cypher.contains(
        "MATCH (s:Source {id: row.`:START_ID(Source)`}), (o:Source {id: row.`:END_ID(Source)`})\nCREATE \
         (s)-[:DERIVED_FROM {position: toInteger(row.`position:int`)}]->(o);"
    ));
}

#[test]
fn a_filtered_export_brings_the_sources_its_sources_rest_on() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let relays = fixture("evidence/relays.json");
    // `graded-too-high` cites the brief and the wire: the brief relays the wire and the monitor, the wire relays
    // the officials. The agency (cited only by a relation filtered out) stays out; the officials, whom no
    // relation cites, are carried as every export carries uncited sources.
    let folder = export(dir.path(), Some(&relays), "attacks", &["--kind", "attacks"]);
    assert_eq!(ids(&folder), ["officials", "wire", "monitor", "brief"]);
    let pairs =
        |list: &[(&str, &str)]| list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect::<Vec<_>>();
    assert_eq!(derived(&folder), pairs(&[("wire", "officials"), ("brief", "wire"), ("brief", "monitor")]));
    // Regression: an uncited source resting on a source cited only outside the view pointed at a node the
    // files did not have. The memo relays the wire, which only the filtered-out relation cites.
    let data = dir.path().join("memo.json");
    std::fs::write(
        &data,
        r#"{"format": "actorgraph/1", "actors": [{"id": "a"}, {"id": "b"}],
            "sources": [{"id": "wire"}, {"id": "memo", "derived_from": ["wire"]}, {"id": "monitor"}],
            "relations": [{"id": "r1", "from": "a", "to": "b", "kind": "supports", "sources": ["wire"]},
                          {"id": "r2", "from": "b", "to": "a", "kind": "opposes", "sources": ["monitor"]}]}"#,
    )
    .unwrap();
    let folder = export(dir.path(), Some(&data), "memo", &["--kind", "opposes"]);
    assert_eq!(ids(&folder), ["wire", "memo", "monitor"]);
    assert_eq!(derived(&folder), pairs(&[("memo", "wire")]));
}

#[test]
fn every_relationship_says_how_many_of_its_sources_are_independent() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let folder = export(dir.path(), None, "neo", &[]);
    let relations = rows(&folder, "relations.csv");
    let column = relations[0].iter().position(|c| c == "independent_sources:int").expect("the column");
    let answer = run(["relations", "--format", "json"]).ok().json();
    let records = answer.as_array().expect("a JSON list of relations");
    let mut checked = 0;
    for row in &relations[1..] {
        let Some(record) = records.iter().find(|r| r["id"] == row[0].as_str()) else { continue };
        assert_eq!(row[column], record["independent_sources"].to_string(), "relation {}", row[0]);
        checked += 1;
    }
    assert_eq!(checked, relations.len() - 1, "every relationship is a relation `relations` lists");
    // Three sources, two independent: the brief relays Reuters and SOHR, which are independent of each other.
    let deploys = relations.iter().find(|r| r[0] == "r-pmf-deploys-syria").expect("the PMF's deployment");
    assert_eq!(deploys[column], "2", "{deploys:?}");
}
