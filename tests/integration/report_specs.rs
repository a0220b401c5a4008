//! What a report may run and how big it may grow: `--queries` sections run read-only queries only (anything
//! that writes is refused before anything is written, naming the section), every default section is bounded,
//! and the default report works on any dataset the tests have.

use std::path::{Path, PathBuf};

use crate::harness::{fixture, generated, root, run, run_in};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

fn write_spec(dir: &Path, sections: &serde_json::Value) -> PathBuf {
    let path = dir.join("spec.json");
    std::fs::write(&path, serde_json::json!({ "sections": sections }).to_string()).expect("writable");
    path
}

// Regression: a section `export -o victim.txt` overwrote the file (exit 0); `report --queries` on itself
// overflowed the stack; `dot -o F` wrote F and then failed.
#[test]
fn sections_that_would_write_are_refused_before_anything_is_written() {
    let dir = temp();
    std::fs::write(dir.path().join("victim.txt"), "precious").expect("writable");
    let hostile = [
        serde_json::json!(["export", "--to", "json", "-o", "victim.txt"]),
        serde_json::json!(["export", "--to", "neo4j", "-o", "neo"]),
        serde_json::json!(["report", "--queries", "spec.json", "-o", "inner"]),
        serde_json::json!(["dot", "-o", "victim.txt"]),
        serde_json::json!(["validate"]),
        serde_json::json!(["shell"]),
        serde_json::json!(["--quiet", "export", "--to", "json", "-o", "victim.txt"]),
    ];
    for command in hostile {
        let sections = serde_json::json!([
            {"title": "Harmless", "command": ["stats"]},
            {"title": "Hostile", "command": command},
        ]);
        let spec = write_spec(dir.path(), &sections);
        let result = run_in(dir.path(), ["report", "--queries", spec.to_str().expect("utf-8"), "-o", "out"]);
        result.code(2).stderr_has("report section 'Hostile'");
        assert_eq!(std::fs::read_to_string(dir.path().join("victim.txt")).expect("there"), "precious");
        for written in ["out", "neo", "inner"] {
            assert!(!dir.path().join(written).exists(), "{command} wrote {written}");
        }
    }
}

#[test]
fn a_diagram_cannot_name_its_own_output() {
    let dir = temp();
    for words in [vec!["-o", "x.dot"], vec!["--output=x.dot"], vec!["--render", "svg"], vec!["-ox.dot"]] {
        let spec = write_spec(dir.path(), &serde_json::json!([{"title": "Drawn", "diagram": words}]));
        run_in(dir.path(), ["report", "--queries", spec.to_str().expect("utf-8"), "-o", "out"])
            .code(2)
            .stderr_has("report section 'Drawn'");
        assert!(!dir.path().join("x.dot").exists() && !dir.path().join("out").exists());
    }
}

// Regression: two sections drawing diagrams of the same default name announced four diagrams and wrote two,
// the last one winning.
#[test]
fn diagrams_of_the_same_name_each_keep_their_file() {
    let dir = temp();
    let sections = serde_json::json!([
        {"title": "All", "diagram": ["--max-nodes", "10"]},
        {"title": "Supports", "diagram": ["--kind", "supports", "--max-nodes", "10"]},
    ]);
    let spec = write_spec(dir.path(), &sections);
    run_in(dir.path(), ["report", "--queries", spec.to_str().expect("utf-8"), "-o", "out"]).ok();
    let markdown = std::fs::read_to_string(dir.path().join("out/report.md")).expect("written");
    let files: Vec<&str> = markdown
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|f| f.ends_with(".svg"))
        .collect();
    assert_eq!(files.len(), 2, "figures in report.md: {files:?}");
    assert_ne!(files[0], files[1], "both diagrams point at one file");
    let svgs: Vec<String> =
        files.iter().map(|f| std::fs::read_to_string(dir.path().join("out").join(f)).expect("the file")).collect();
    assert_ne!(svgs[0], svgs[1], "the two files hold the same diagram");
}

/// Every dataset the tests have that loads: the fixtures (not the invalid ones), the bundled dataset and
/// the third-party files.
fn loadable_datasets() -> Vec<PathBuf> {
    // csv-pair holds the same dataset twice (CSV files and same.json): its CSV files are one dataset.
    let mut found = vec![root().join("data/hashd-syria-2024-12.json"), fixture("csv-pair/same.json")];
    let mut add = |folder: PathBuf| {
        for entry in std::fs::read_dir(&folder).expect("a fixture folder").flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            let dataset =
                [".json", ".graphml", ".gexf", ".gml", ".net", ".csv", ".CSV"].iter().any(|e| name.ends_with(e));
            if path.is_file() && dataset && !name.contains("expected") {
                found.push(path);
            }
        }
    };
    // Every format an analyst brings: the actorgraph fixtures, STIX bundles, event files, networks.
    for folder in ["", "centrality", "interop", "stix", "events", "networks", "third-party/mitre-attack"] {
        add(fixture(folder));
    }
    let third_party = root().join("../shared/third-party");
    if third_party.is_dir() {
        for entry in walk(&third_party) {
            if entry.extension().is_some_and(|e| e == "json") {
                found.push(entry);
            }
        }
    }
    found.sort();
    found
}

fn walk(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

// Regression: the default report failed on every dataset without denials ("there is nothing to draw").
#[test]
fn the_default_report_works_on_every_dataset_that_loads() {
    let dir = temp();
    let mut reported = 0;
    let mut refused = Vec::new();
    let mut formats = std::collections::BTreeSet::new();
    let csv_pair: Vec<String> = ["actors.csv", "relations.csv", "sources.csv"]
        .iter()
        .map(|f| fixture("csv-pair").join(f).to_str().expect("utf-8").to_owned())
        .collect();
    let csv_files =
        run(["validate", "--quiet", "--data", &csv_pair[0], "--data", &csv_pair[1], "--data", &csv_pair[2]]);
    csv_files.ok();
    let out = dir.path().join("csv-pair");
    run([
        "report",
        "--quiet",
        "--data",
        &csv_pair[0],
        "--data",
        &csv_pair[1],
        "--data",
        &csv_pair[2],
        "-o",
        out.to_str().expect("utf-8"),
    ])
    .ok();
    assert!(std::fs::read_to_string(out.join("report.md")).expect("report.md").contains("## Summary"));
    for data in loadable_datasets() {
        let data_arg = data.to_str().expect("utf-8").to_owned();
        if run(["validate", "--quiet", "--data", &data_arg]).code != 0 {
            refused.push(data_arg); // a fixture made to fail to load: checked below, never skipped silently
            continue;
        }
        formats.insert(data.extension().and_then(|e| e.to_str()).unwrap_or_default().to_lowercase());
        let out = dir.path().join(format!("r{reported}"));
        let result = run(["report", "--quiet", "--data", &data_arg, "-o", out.to_str().expect("utf-8")]);
        result.ok();
        let markdown = std::fs::read_to_string(out.join("report.md")).expect("report.md");
        assert!(markdown.contains("## Summary"), "{data_arg}: no summary");
        reported += 1;
    }
    assert!(reported >= 20, "only {reported} datasets reported; refused: {refused:?}");
    for format in ["json", "graphml", "gexf", "gml", "net", "csv"] {
        assert!(formats.contains(format), "no .{format} dataset was reported ({formats:?}); refused: {refused:?}");
    }
    // Only the fixtures made to fail may fail.
    let made_to_fail = ["bad-confidence.stix.json", "broken.graphml"];
    assert!(refused.iter().all(|r| made_to_fail.iter().any(|f| r.ends_with(f))), "refused: {refused:?}");
}

/// Rows of each Markdown table in `markdown`, in order.
fn table_rows(markdown: &str) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut rows = 0;
    for line in markdown.lines() {
        if line.starts_with('|') {
            rows += 1;
        } else if rows > 0 {
            sizes.push(rows - 2); // header and rule
            rows = 0;
        }
    }
    sizes
}

// Regression: the default report ran out of memory on a 20,000-actor dataset: one section per hierarchy top
// (3,865), every member and cycle listed. Now every section is bounded and says what it left out.
#[test]
fn every_default_section_is_bounded_and_says_what_it_cut() {
    let dir = temp();
    for (actors, relations, seed) in [(400, 3000, 1), (1500, 9000, 7)] {
        let data = dir.path().join(format!("g{seed}.json"));
        generated(&data, actors, relations, seed);
        let out = dir.path().join(format!("r{seed}"));
        run(["report", "--quiet", "--data", data.to_str().expect("utf-8"), "-o", out.to_str().expect("utf-8")]).ok();
        let markdown = std::fs::read_to_string(out.join("report.md")).expect("report.md");
        let chains = markdown.matches("## Command chain under").count();
        assert!(chains <= 5, "{chains} chain sections");
        // The appendices (relations cited, actors) list only what the bounded sections cite.
        let sections: Vec<&str> = markdown.split("\n## ").collect();
        for section in sections.iter().filter(|s| !s.starts_with("Relations cited") && !s.starts_with("Actors")) {
            for rows in table_rows(section) {
                assert!(rows <= 50, "a table of {rows} rows in section {:?}", section.lines().next());
            }
        }
        assert!(markdown.contains("Showing the first 50 of"), "no section says what it cut");
        let timeline = sections.iter().find(|s| s.starts_with("Timeline")).expect("a timeline section");
        assert!(
            timeline.contains("actorgraph timeline") && timeline.contains("lists every one"),
            "the timeline does not say how to get all"
        );
    }
}

/// Trends in a report of one's own: a section running `central --every year` gets the line chart (a file
/// beside the Markdown) and a table with one column per date, `blocs --series …` each actor's bloc at each
/// date — the values the commands give, not a dump of their JSON.
#[test]
fn a_spec_section_with_every_or_series_lays_out_trends() {
    let dir = temp();
    let events = fixture("changes/events-iraq.json");
    let spec = write_spec(
        dir.path(),
        &serde_json::json!([
            {"title": "Key actors over time", "command": ["central", "--every", "year"]},
            {"title": "Blocs over time", "command": ["blocs", "--series", "2019,2020"]}
        ]),
    );
    let out = dir.path().join("report");
    run([
        "--data".as_ref(),
        events.as_os_str(),
        "report".as_ref(),
        "--queries".as_ref(),
        spec.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .ok();
    let markdown = std::fs::read_to_string(out.join("report.md")).unwrap();
    let svg = std::fs::read_to_string(out.join("trends-1.svg")).expect("the chart of section 1 is written");
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{}", &svg[..svg.len().min(80)]);
    assert!(markdown.contains("(trends-1.svg)"), "the chart is not in the report");
    let central = run([
        "--data".as_ref(),
        events.as_os_str(),
        "central".as_ref(),
        "--every".as_ref(),
        "year".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ])
    .json();
    let dates: Vec<&str> = central.as_array().unwrap().iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(dates.len() > 2);
    assert!(markdown.contains(&format!("| Actor | {} |", dates.join(" | "))), "no column per date:\n{markdown}");
    // The leader at the first date, with its rank and score there.
    let first = &central[0]["scores"][0];
    let cell = format!("{}: {:.6}", first["rank"], first["score"].as_f64().unwrap());
    let row = markdown.lines().find(|l| l.starts_with(&format!("| [{}]", first["name"].as_str().unwrap()))).unwrap();
    assert_eq!(row.split(" | ").nth(1), Some(cell.as_str()), "{row}");
    // Blocs: each actor's bloc at each date, as `blocs --series` numbers them.
    let blocs = run([
        "--data".as_ref(),
        events.as_os_str(),
        "blocs".as_ref(),
        "--series".as_ref(),
        "2019,2020".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ])
    .json();
    let moved = &blocs[1]["switched"][0];
    assert!(
        markdown.contains(&format!(
            "2020: [{}](#actor-{}) moved from bloc {} to bloc {}",
            moved["name"].as_str().unwrap(),
            moved["id"].as_str().unwrap(),
            moved["from_bloc"],
            moved["to_bloc"]
        )),
        "{markdown}"
    );
    assert!(!markdown.contains("Rank: 1; Score"), "the series is shown as raw JSON");
}

// Regression: the default report of 20,000 actors and 150,000 relations took 78 s CPU and 1.27 GB, most of
// it twelve full blocs searches for the trends. Above 2,000 actors betweenness is sampled and each date's
// blocs search restarts 3 times; the report says both and names the flags in the commands it shows, and
// every section stays bounded.
#[test]
fn a_large_default_report_samples_and_says_so() {
    let dir = temp();
    let path = dir.path().join("large.json");
    generated(&path, 2100, 9000, 3);
    let data = path.to_str().expect("utf-8");
    let out = dir.path().join("report");
    run(["report", "--quiet", "--data", data, "-o", out.to_str().expect("utf-8")]).ok();
    let markdown = std::fs::read_to_string(out.join("report.md")).expect("report.md");
    let sections: Vec<&str> = markdown.split("\n## ").collect();
    let section =
        |title: &str| *sections.iter().find(|s| s.starts_with(title)).unwrap_or_else(|| panic!("no section {title:?}"));
    let key = section("Key actors");
    assert!(key.contains("estimated from 500 sampled source actors"), "key actors: {key}");
    assert!(key.contains("--sample 500"), "key actors' command: {key}");
    let trends = section("Trends");
    assert!(
        trends.contains("estimated from 500 sampled source actors")
            && trends.contains("searched with 3 restarts of the local search"),
        "trends intro: {trends}"
    );
    assert!(trends.contains("--sample 500") && trends.contains("--restarts 3"), "trends command: {trends}");
    assert!(markdown.matches("\n## Command chain under").count() <= 5);
    let others = section("Other command chains");
    assert!(others.contains("more tops are not shown"), "{others}");
    for section in sections.iter().filter(|s| !s.starts_with("Relations cited") && !s.starts_with("Actors")) {
        for rows in table_rows(section) {
            assert!(rows <= 50, "a table of {rows} rows in section {:?}", section.lines().next());
        }
    }
    assert!(markdown.contains("Showing the first 50 of"), "no section says what it cut");
}
