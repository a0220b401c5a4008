//! Spreadsheets with their own header read through a column mapping (`--columns`), and the strictness of
//! actorgraph's own CSV headers (near misses, repeated columns, two roles in one file). Expected values are
//! read from the fixtures.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::harness::{fixture, run};

fn table(path: &Path, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_path(path).expect("readable fixture");
    let header = reader.headers().unwrap().iter().map(str::to_lowercase).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

/// The relations of the dataset as `export --to json` writes them (with their attributes).
fn mapped_relations(path: &Path, columns: &str) -> Vec<Value> {
    let run = run(["--data", path.to_str().unwrap(), "--columns", columns, "export", "--to", "json", "--quiet"]);
    run.ok();
    run.json()["relations"].as_array().cloned().unwrap()
}

#[track_caller]
fn check_mapped(path: &Path, delimiter: u8, columns: &str) {
    let (header, rows) = table(path, delimiter);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let relations = mapped_relations(path, columns);
    assert_eq!(relations.len(), rows.len());
    for (row, relation) in rows.iter().zip(&relations) {
        assert_eq!(relation["from"], row[col("actor1")].as_str());
        assert_eq!(relation["to"], row[col("actor2")].as_str());
        assert_eq!(relation["kind"], row[col("event_type")].as_str());
        assert_eq!(relation["date"], row[col("event_date")].as_str());
        let fatalities = &row[col("fatalities")];
        if fatalities.is_empty() {
            assert!(relation["attrs"].get("fatalities").is_none(), "an empty cell is no attribute");
        } else {
            assert_eq!(relation["attrs"]["fatalities"], fatalities.as_str(), "unmapped columns become attributes");
        }
    }
}

#[test]
fn a_spreadsheet_with_its_own_header_reads_through_a_column_mapping() {
    check_mapped(&fixture("columns/own-header.csv"), b',', "from=actor1,to=actor2,kind=event_type,date=event_date");
}

#[test]
fn a_tsv_file_and_a_mapping_file_work_alike() {
    let mapping = fixture("columns/mapping.txt");
    check_mapped(&fixture("columns/own-header.tsv"), b'\t', mapping.to_str().unwrap());
    check_mapped(&fixture("columns/own-header.csv"), b',', mapping.to_str().unwrap());
}

#[test]
fn actors_named_by_mapped_relations_are_made_unless_an_actors_file_describes_them() {
    let path = fixture("columns/own-header.csv");
    let (header, rows) = table(&path, b',');
    let names: BTreeSet<&str> = rows.iter().flat_map(|r| [r[0].as_str(), r[1].as_str()]).collect();
    assert_eq!(&header[..2], ["actor1", "actor2"]);
    let actors_file = fixture("columns/actors.csv");
    let (_, described) = table(&actors_file, b',');
    let run = run([
        "--data",
        path.to_str().unwrap(),
        "--data",
        actors_file.to_str().unwrap(),
        "--columns",
        "from=actor1,to=actor2,kind=event_type",
        "actors",
        "--format",
        "json",
        "--quiet",
    ]);
    run.ok();
    let actors = run.json();
    let actors = actors.as_array().unwrap();
    assert_eq!(actors.len(), names.len());
    for row in &described {
        let actor = actors.iter().find(|a| a["id"] == row[0].as_str()).unwrap();
        assert_eq!(actor["name"], row[1].as_str(), "the actors file's record wins");
    }
}

#[test]
fn a_mapped_column_missing_from_the_header_is_an_error_with_a_suggestion() {
    let path = fixture("columns/own-header.csv");
    run(["--data", path.to_str().unwrap(), "--columns", "from=actor1,to=actr2,kind=event_type", "validate"])
        .code(2)
        .stdout_has("'actr2'")
        .stdout_has("did you mean 'actor2'?");
    run(["--data", path.to_str().unwrap(), "--columns", "form=actor1", "validate"])
        .code(2)
        .stderr_has("did you mean 'from'?");
}

/// Each strict-header fixture fails with its column named, on line 1, and a did-you-mean where one exists.
#[test]
fn actorgraph_headers_are_strict() {
    for (name, column, hint) in [
        ("csv-header-near-miss-form.csv", "form", Some("did you mean 'from'?")),
        ("csv-header-near-miss-alias.csv", "alias", Some("did you mean 'aliases'?")),
        ("csv-header-near-miss-sorces.csv", "sorces", Some("did you mean 'sources'?")),
        ("csv-header-duplicate-id.csv", "id", Some("appears twice")),
        ("csv-header-duplicate-from.csv", "from", Some("appears twice")),
        ("csv-header-two-roles.csv", "confidence", Some("belongs in a relation file")),
    ] {
        let path = fixture("invalid").join(name);
        let first = std::fs::read_to_string(&path).unwrap();
        assert!(first.lines().next().unwrap().split(',').any(|c| c == column), "{name} has the column {column}");
        let checked = run(["--data", path.to_str().unwrap(), "validate"]);
        checked.code(2).stdout_has(&format!("{name}:1: field `{column}`"));
        if let Some(hint) = hint {
            checked.stdout_has(hint);
        }
    }
}

#[test]
fn a_column_that_is_no_near_miss_stays_an_attribute_listed_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actors.csv");
    std::fs::write(&path, "id,name,region,population\niran,Iran,west asia,90m\nkh,KH,iraq,\n").unwrap();
    let checked = run(["--data", path.to_str().unwrap(), "validate"]);
    checked.ok();
    assert_eq!(checked.stdout.lines().filter(|l| l.contains("region")).count(), 1, "{}", checked.stdout);
    let shown = run(["--data", path.to_str().unwrap(), "show", "iran", "--format", "json", "--quiet"]);
    shown.ok().stdout_has("west asia");
}

/// A mapped spreadsheet says what it became, as every importer does: its rows, the actors its relations
/// named, the columns kept as attributes, and that nothing was left out (counts from the fixture).
#[test]
fn a_mapped_spreadsheet_says_what_it_kept() {
    let path = fixture("columns/own-header.csv");
    let (header, rows) = table(&path, b',');
    let mapped = ["actor1", "actor2", "event_type", "event_date"];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let actors: BTreeSet<&str> =
        rows.iter().flat_map(|r| [r[col("actor1")].as_str(), r[col("actor2")].as_str()]).collect();
    let attributes = header.iter().filter(|h| !mapped.contains(&h.as_str())).count();
    let checked = run([
        "--data",
        path.to_str().unwrap(),
        "--columns",
        "from=actor1,to=actor2,kind=event_type,date=event_date",
        "validate",
    ]);
    checked.ok().stdout_has(&format!(
        "CSV (mapped columns): kept {} relation, {} actor named only in relations, {attributes} column kept as attributes; left out nothing",
        rows.len(),
        actors.len()
    ));
}
