//! A hostile dataset against the writers: URLs that run in Markdown, formulas in CSV cells, escape sequences
//! and huge cells in tables, control characters in ids, file names from odd ids, a dataset written over
//! itself, GraphML cut short or nested deep, and a shell fed bytes that are not text.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::json;

use crate::harness::{dataset, run, run_in};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Writes an actorgraph dataset of these actors (`(id, name)`), relations (`(id, from, to, kind)`) and
/// sources, returning its path.
fn write_dataset(
    dir: &Path,
    actors: &[(&str, &str)],
    relations: &[(&str, &str, &str, &str)],
    sources: serde_json::Value,
) -> PathBuf {
    let path = dir.join("data.json");
    let actors: Vec<_> =
        actors.iter().map(|(id, name)| json!({"id": id, "name": name, "kind": "armed_group"})).collect();
    let ids: Vec<String> = sources
        .as_array()
        .map_or_else(Vec::new, |s| s.iter().map(|x| x["id"].as_str().unwrap_or_default().to_owned()).collect());
    let relations: Vec<_> = relations
        .iter()
        .map(|(id, from, to, kind)| json!({"id": id, "from": from, "to": to, "kind": kind, "sources": ids}))
        .collect();
    let doc = json!({"format": "actorgraph/1", "actors": actors, "relations": relations, "sources": sources});
    std::fs::write(&path, doc.to_string()).expect("writable");
    path
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

// Regression: report.md wrote a source's url as is, so `javascript:` and `"><script>` ran when rendered.
#[test]
fn only_web_urls_become_links_in_markdown() {
    let dir = temp();
    let sources = json!([
        {"id": "s1", "publisher": "A", "url": "javascript:alert(1)"},
        {"id": "s2", "publisher": "B", "url": "https://example.org/x\"><script>alert(2)</script>"},
        {"id": "s3", "publisher": "C", "url": "data:text/html,<script>alert(3)</script>"},
        {"id": "s4", "publisher": "D", "url": "https://example.org/report"}
    ]);
    let data = write_dataset(dir.path(), &[("a", "A"), ("b", "B")], &[("r1", "a", "b", "supports")], sources);
    run(["report", "--quiet", "--data", arg(&data), "-o", arg(&dir.path().join("out"))]).ok();
    let markdown = std::fs::read_to_string(dir.path().join("out/report.md")).expect("written");
    // `\<script>` is Markdown for the text "<script>": only an unescaped one would run.
    assert!(!markdown.replace("\\<", "").contains("<script"), "raw script in report.md");
    assert!(!markdown.contains("<javascript:") && !markdown.contains("<data:"), "a script URL became a link");
    assert!(markdown.contains("<https://example.org/report>"), "a plain web URL is no longer a link");
}

// Regression: `export --to csv`, `--to neo4j` and `--format csv` wrote `=HYPERLINK(…)` as is.
#[test]
fn csv_cells_that_look_like_formulas_are_neutralised_and_read_back_exactly() {
    let dir = temp();
    let names = [
        ("f1", "=HYPERLINK(\"http://x\",\"y\")"),
        ("f2", "+1+1"),
        ("f3", "@SUM(A1)"),
        ("f4", "-2+3"),
        ("f5", "'=kept"),
        ("n", "-3.5"),
    ];
    let data = write_dataset(dir.path(), &names, &[("r1", "f1", "f2", "supports")], json!([]));
    let out = dir.path().join("csv");
    run(["export", "--quiet", "--data", arg(&data), "--to", "csv", "-o", arg(&out)]).ok();
    let actors = std::fs::read_to_string(out.join("actors.csv")).expect("written");
    for line in actors.lines().skip(1) {
        let name = line.split(',').nth(1).unwrap_or_default().trim_start_matches('"');
        assert!(!name.starts_with(['=', '+', '@']), "a formula in {line}");
    }
    assert!(actors.contains("-3.5"), "a plain negative number was changed");
    let again = run(["actors", "--format", "json", "--data", arg(&out)]);
    let back: Vec<String> = again
        .json()
        .as_array()
        .expect("a list")
        .iter()
        .map(|a| a["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    let mut expected: Vec<String> = names.iter().map(|(_, n)| (*n).to_owned()).collect();
    let mut back_sorted = back.clone();
    expected.sort();
    back_sorted.sort();
    assert_eq!(back_sorted, expected, "the CSV round trip changed names");
    let listed = run(["actors", "--format", "csv", "--data", arg(&data)]);
    assert!(
        !listed.stdout.lines().any(|l| l.split(',').nth(1).is_some_and(|c| c.starts_with('='))),
        "{}",
        listed.stdout
    );
    let neo = dir.path().join("neo");
    run(["export", "--quiet", "--data", arg(&data), "--to", "neo4j", "-o", arg(&neo)]).ok();
    let neo_actors = std::fs::read_to_string(neo.join("actors.csv")).expect("written");
    assert!(!neo_actors.contains(",=HYPERLINK") && !neo_actors.contains(",\"=HYPERLINK"), "{neo_actors}");
}

// Regression: escape sequences in names reached the terminal in tables; a 10 MB name took 22 s in `actors`.
#[test]
fn tables_show_control_characters_and_cut_long_cells() {
    let dir = temp();
    let long = "x".repeat(2_000_000);
    let data = write_dataset(
        dir.path(),
        &[("esc", "red\u{1b}[31m\u{1b}[2Jcleared\u{7}"), ("long", &long), ("c1", "a\u{9b}b")],
        &[],
        json!([]),
    );
    let table = run(["actors", "--data", arg(&data)]);
    table.ok();
    assert!(
        !table.stdout.contains('\u{1b}') && !table.stdout.contains('\u{7}') && !table.stdout.contains('\u{9b}'),
        "raw control characters in the table"
    );
    table.stdout_has("␛[31m");
    let widest = table.stdout.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest < 1000, "a table line of {widest} characters");
    let full = run(["actors", "--format", "json", "--data", arg(&data)]);
    assert!(full.stdout.contains(&long), "JSON lost the full value");
}

// Regression: GraphML export dropped control characters from ids, so two ids became one.
#[test]
fn ids_xml_cannot_hold_are_refused_by_graphml_and_gexf() {
    let dir = temp();
    let data =
        write_dataset(dir.path(), &[("a\u{1}", "A1"), ("a", "A")], &[("r1", "a", "a\u{1}", "supports")], json!([]));
    for format in ["graphml", "gexf"] {
        let result = run(["export", "--quiet", "--data", arg(&data), "--to", format]);
        result.code(2).stderr_has("actor id 'a␁'");
    }
}

// Regression: ids `a/b` and `a-b` both wrote focus-a-b.dot; `.`, `..` and `-` all wrote focus-actor.dot;
// a 300-byte id gave "File name too long".
#[test]
fn odd_ids_get_distinct_default_file_names() {
    let dir = temp();
    let long = "y".repeat(300);
    let ids = ["a/b", "a-b", ".", "..", "-", long.as_str()];
    let actors: Vec<(&str, &str)> = ids.iter().map(|id| (*id, "Name")).collect();
    let data = write_dataset(dir.path(), &actors, &[("r1", "a/b", "a-b", "supports")], json!([]));
    for id in ids {
        run_in(dir.path(), ["dot", "--quiet", "--data", arg(&data), "--focus", id]).ok();
    }
    let written = std::fs::read_dir(dir.path().join("output")).expect("written").count();
    assert_eq!(written, ids.len(), "two focus diagrams went to the same file");
}

// Regression: `dot -o mine.json` overwrote the input dataset (export had a guard, dot and report did not).
#[test]
fn dot_and_report_refuse_to_overwrite_the_input() {
    let dir = temp();
    let data = dir.path().join("report.md");
    std::fs::copy(dataset(), &data).expect("copied");
    let before = std::fs::read(&data).expect("readable");
    run(["dot", "--data", arg(&data), "-o", arg(&data)]).code(2).stderr_has("one of the input files");
    run(["report", "--data", arg(&data), "-o", arg(dir.path())]).code(2).stderr_has("one of the input files");
    assert_eq!(std::fs::read(&data).expect("readable"), before);
}

// Regression: a GraphML file cut short loaded as valid.
#[test]
fn graphml_cut_short_is_an_error() {
    let dir = temp();
    let whole = "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n<graph edgedefault=\"directed\">\n<node id=\"a\"/>\n<node id=\"b\"/>\n<edge source=\"a\" target=\"b\"/>\n</graph>\n</graphml>\n";
    let path = dir.path().join("whole.graphml");
    std::fs::write(&path, whole).expect("writable");
    run(["validate", "--data", arg(&path)]).ok();
    for cut in ["</graph>", "<edge", "</graphml>"] {
        let short = &whole[..whole.find(cut).expect("in the file")];
        let path = dir.path().join("short.graphml");
        std::fs::write(&path, short).expect("writable");
        run(["validate", "--data", arg(&path)]).code(2).stdout_has("the file ends inside");
    }
}

// Regression: nested unknown elements made reading quadratic (2 MB in 17.7 s): each node rescanned the stack.
#[test]
fn deeply_nested_graphml_reads_in_linear_time() {
    let dir = temp();
    let depth = 100_000;
    let mut text = String::from("<graphml><graph>");
    text.push_str(&"<x>".repeat(depth));
    for i in 0..2000 {
        text.push_str(&format!("<node id=\"n{i}\"/>"));
    }
    text.push_str(&"</x>".repeat(depth));
    text.push_str("</graph></graphml>");
    let path = dir.path().join("deep.graphml");
    std::fs::write(&path, text).expect("writable");
    run(["stats", "--quiet", "--format", "json", "--data", arg(&path)]).ok();
}

// Regression: one line that was not UTF-8 ended the shell (exit 2).
#[test]
fn the_shell_goes_on_after_a_line_that_is_not_text() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_actorgraph"))
        .args(["shell", "--quiet"])
        .env("XDG_CACHE_HOME", crate::harness::root().join("target/tmp/test-cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    child.stdin.take().expect("stdin").write_all(b"stats \xff\xfe\nshow KH --format json\n").expect("writable");
    let output = child.wait_with_output().expect("ends");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 1 is not UTF-8"), "{stderr}");
    assert!(stdout.contains("kataib-hezbollah"), "the next line was not answered: {stdout}");
}
