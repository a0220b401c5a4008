//! `--format csv` of the query answers carries the evidence the JSON has, as plain columns a spreadsheet can
//! filter on: `independent_sources`, `contested`, `denied_by` on every row about a relation, and
//! `mixes_periods` on the rows of a chain (path, allies/enemies, chain).

use std::collections::HashMap;

use crate::harness::{fixture, run};

/// The rows of a CSV answer as maps from column to cell, checking that the header has `columns`.
#[track_caller]
fn csv_rows(args: &[&str], columns: &[&str]) -> Vec<HashMap<String, String>> {
    let mut all = vec!["-q"];
    all.extend_from_slice(args);
    all.extend(["--format", "csv"]);
    let out = run(&all);
    out.ok();
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let header: Vec<String> = reader.headers().expect("a header").iter().map(str::to_owned).collect();
    for column in columns {
        assert!(header.iter().any(|h| h == column), "`{}`: no column {column} in {header:?}", all.join(" "));
    }
    reader
        .records()
        .map(|r| header.iter().cloned().zip(r.expect("a row").iter().map(str::to_owned)).collect())
        .collect()
}

/// The row whose `key` column is `value`.
#[track_caller]
fn row<'a>(rows: &'a [HashMap<String, String>], key: &str, value: &str) -> &'a HashMap<String, String> {
    rows.iter().find(|r| r[key] == value).unwrap_or_else(|| panic!("no row with {key} = {value} in {rows:?}"))
}

/// `(independent_sources, contested, denied_by)` of a row.
fn evidence(row: &HashMap<String, String>) -> (&str, &str, &str) {
    (&row["independent_sources"], &row["contested"], &row["denied_by"])
}

const EVIDENCE: [&str; 3] = ["independent_sources", "contested", "denied_by"];
const DENIERS: &str = "falah-fayyadh;iraqi-interior-ministry";

#[test]
fn every_csv_row_about_a_relation_says_how_independent_and_who_denies_it() {
    // Kataib Hezbollah's reported crossing: Reuters and the brief that relays it (1 independent), denied by
    // Fayyadh and the Interior Ministry. The PMF's: Reuters and SOHR (2).
    let kh = ("1", "true", DENIERS);
    let relations = csv_rows(&["relations"], &EVIDENCE);
    assert_eq!(relations.len(), 48);
    assert_eq!(evidence(row(&relations, "id", "r-kh-deploys-syria")), kh);
    assert_eq!(evidence(row(&relations, "id", "r-pmf-deploys-syria")), ("2", "true", DENIERS));
    assert_eq!(evidence(row(&relations, "id", "r-iran-supports-kh")), ("1", "false", ""));
    assert_eq!(relations.iter().filter(|r| r["contested"] == "true").count(), 2);
    let show = csv_rows(&["show", "KH"], &EVIDENCE);
    assert_eq!(evidence(row(&show, "id", "r-kh-deploys-syria")), kh);
    let neighbors = csv_rows(&["neighbors", "KH"], &EVIDENCE);
    assert_eq!(evidence(row(&neighbors, "id", "r-kh-deploys-syria")), kh);
    let timeline = csv_rows(&["timeline", "KH"], &EVIDENCE);
    assert_eq!(evidence(row(&timeline, "id", "r-kh-deploys-syria")), kh);
    // contradictions: the claims and the statements about them, each with its own count.
    let contradictions = csv_rows(&["contradictions"], &EVIDENCE);
    assert_eq!(contradictions.len(), 9, "2 claims, 3 reports and 4 denials");
    assert_eq!(evidence(row(&contradictions, "id", "r-pmf-deploys-syria")), ("2", "true", DENIERS));
    assert_eq!(evidence(row(&contradictions, "id", "r-sohr-reports-pmf-deploys")), ("1", "false", ""));
}

#[test]
fn path_csv_rows_carry_evidence_and_whether_the_path_mixes_periods() {
    let mut columns = EVIDENCE.to_vec();
    columns.push("mixes_periods");
    let path = csv_rows(&["path", "KH", "Syria"], &columns);
    assert_eq!(path.len(), 1);
    assert_eq!(evidence(&path[0]), ("1", "true", DENIERS));
    assert_eq!((path[0]["id"].as_str(), path[0]["mixes_periods"].as_str()), ("r-kh-deploys-syria", "false"));
    // a–b held in 2020–21, b–c from 2023: both rows of the path say that it mixes periods.
    let periods = fixture("evidence/periods.json");
    let mixed = csv_rows(&["--data", periods.to_str().unwrap(), "path", "a", "c"], &columns);
    let cells: Vec<(&str, &str)> = mixed.iter().map(|r| (r["id"].as_str(), r["mixes_periods"].as_str())).collect();
    assert_eq!(cells, [("p-a-allied-b", "true"), ("p-b-allied-c", "true")]);
    let held = csv_rows(&["--data", periods.to_str().unwrap(), "path", "a", "e"], &columns);
    assert!(held.iter().all(|r| r["mixes_periods"] == "false"), "{held:?}");
}

#[test]
fn allies_csv_rows_carry_the_chains_weakest_evidence_deniers_and_periods() {
    let columns = ["fewest_independent_sources", "contested", "denied_by", "mixes_periods"];
    let periods = fixture("evidence/periods.json");
    let allies = csv_rows(&["--data", periods.to_str().unwrap(), "allies", "a"], &columns);
    let mixed: Vec<(&str, &str)> = allies.iter().map(|r| (r["id"].as_str(), r["mixes_periods"].as_str())).collect();
    assert_eq!(mixed, [("b", "false"), ("d", "false"), ("c", "true"), ("e", "false")]);
    // The ally reached through a denied relation says so, and names the denier.
    let contested = fixture("evidence/contested.json");
    let allies = csv_rows(&["--data", contested.to_str().unwrap(), "allies", "patron"], &columns);
    let ally = row(&allies, "id", "ally");
    assert_eq!((ally["contested"].as_str(), ally["denied_by"].as_str()), ("true", "official"));
    assert_eq!(row(&allies, "id", "proxy")["contested"], "false");
    // The bundled dataset: the Syrian government reached from Fayyadh through the PMF's support, which rests
    // on one independent source (the brief relays Reuters), and no longer on a denied relation.
    let allies = csv_rows(&["allies", "Fayad"], &columns);
    let syria = row(&allies, "id", "syrian-government");
    assert_eq!(syria["chain"], "r-fayyadh-leads-pmf;r-pmf-supports-syrian-government");
    assert_eq!(
        (syria["fewest_independent_sources"].as_str(), syria["contested"].as_str(), syria["mixes_periods"].as_str()),
        ("1", "false", "false")
    );
    // Enemies share the columns.
    let enemies = csv_rows(&["enemies", "KH"], &columns);
    assert_eq!(enemies.len(), 1);
    assert_eq!(enemies[0]["id"], "syrian-insurgents");
}

#[test]
fn chain_csv_rows_say_whose_line_of_command_mixes_periods() {
    let mut columns = EVIDENCE.to_vec();
    columns.push("mixes_periods");
    let periods = fixture("evidence/periods.json");
    let chain = csv_rows(&["--data", periods.to_str().unwrap(), "chain", "top", "--down"], &columns);
    let mixed: Vec<(&str, &str)> = chain.iter().map(|r| (r["id"].as_str(), r["mixes_periods"].as_str())).collect();
    assert_eq!(mixed, [("mid", "false"), ("low", "true")]);
    let pmf = csv_rows(&["chain", "pmf", "--down"], &columns);
    assert!(pmf.iter().all(|r| r["mixes_periods"] == "false" && r["contested"] == "false"), "{pmf:?}");
    assert_eq!(evidence(row(&pmf, "id", "kataib-hezbollah")), ("1", "false", ""));
}
