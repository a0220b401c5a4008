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
    // Each refusal names what would have replaced the dataset (the dot one once spoke of an export).
    run(["dot", "--data", arg(&data), "-o", arg(&data)])
        .code(2)
        .stderr_has("one of the input files, and a diagram would replace the dataset");
    run(["report", "--data", arg(&data), "-o", arg(dir.path())])
        .code(2)
        .stderr_has("one of the input files, and a report would replace the dataset");
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

/// Names that would rewrite a terminal if printed as they are: an escape sequence, a carriage return that
/// overwrites the line, a right-to-left override that reverses what follows, a bell, a C1 control.
const HOSTILE: [&str; 5] = ["\u{1b}[2J", "\r", "\u{202e}", "\u{7}", "\u{9b}"];

/// Whether any hostile character reached the output as itself.
fn raw_control(text: &str) -> Option<char> {
    text.chars().find(|&c| matches!(c, '\u{1b}' | '\r' | '\u{202e}' | '\u{7}' | '\u{9b}'))
}

// Regression: `chain` drew its tree and `show` its header with names as they are, so an escape sequence, a
// carriage return or a right-to-left override in a name reached the terminal.
#[test]
fn no_text_output_prints_a_control_character_raw() {
    let dir = temp();
    // A chain of command a0 → a1 → … with alliances and rivalries beside it; every name, alias, note and
    // source title carries each hostile character at its start, middle and end.
    let n = 6;
    let name = |i: usize| {
        let h = HOSTILE[i % HOSTILE.len()];
        format!("{h}Group{h}{i}{h}")
    };
    let actors: Vec<_> = (0..n)
        .map(|i| {
            json!({"id": format!("a{i}"), "name": name(i), "kind": "armed_group",
                   "aliases": [format!("alias{}{i}", HOSTILE[(i + 1) % HOSTILE.len()])],
                   "attrs": {"note": format!("note{}", HOSTILE[(i + 2) % HOSTILE.len()])}})
        })
        .collect();
    let mut relations = Vec::new();
    for i in 1..n {
        relations.push(json!({"id": format!("m{i}"), "from": format!("a{i}"), "to": format!("a{}", i - 1),
                              "kind": "member_of", "date": "2024-01-01", "sources": ["s\u{1b}1"]}));
    }
    relations.push(json!({"id": "m-loop", "from": "a0", "to": format!("a{}", n - 1), "kind": "member_of",
                          "sources": ["s\u{1b}1"]}));
    for i in 0..n - 2 {
        let kind = if i % 2 == 0 { "supports" } else { "attacks" };
        relations.push(json!({"id": format!("x{i}"), "from": format!("a{i}"), "to": format!("a{}", i + 2),
                              "kind": kind, "date": "2024-02-01", "sources": ["s\u{1b}1"]}));
    }
    let doc = json!({"format": "actorgraph/1", "actors": actors, "relations": relations,
                     "sources": [{"id": "s\u{1b}1", "title": "T\u{202e}itle\r", "url": "https://example.org/\u{1b}"}]});
    let data = dir.path().join("data.json");
    std::fs::write(&data, doc.to_string()).expect("writable");
    let data = arg(&data);
    let first = name(0);
    let last = name(n - 1);
    let commands: Vec<Vec<&str>> = vec![
        vec!["stats"],
        vec!["actors"],
        vec!["show", "a0"],
        vec!["show", "a3"],
        vec!["relations"],
        vec!["neighbors", "a2"],
        vec!["path", "a0", "a4"],
        vec!["chain", "a5"],
        vec!["chain", "--down", "a0"],
        vec!["timeline"],
        vec!["allies", "a0"],
        vec!["enemies", "a1"],
        vec!["blocs"],
        vec!["central"],
        vec!["contradictions"],
        vec!["dedupe"],
        vec!["show", &first],
        vec!["chain", &last],
    ];
    for words in &commands {
        let mut args: Vec<&str> = words.clone();
        args.extend(["--data", data]);
        let out = run(&args);
        assert_ne!(out.code, 2, "`{}` failed:\n{}", words.join(" "), out.stderr);
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            if let Some(c) = raw_control(text) {
                panic!("`{}` printed U+{:04X} raw on {stream}:\n{text}", words.join(" "), u32::from(c));
            }
        }
    }
    // The visible forms are there, and the data formats keep the exact value.
    run(["chain", "a5", "--data", data]).ok().stdout_has("␛[2JGroup␛[2J0");
    run(["show", "a2", "--data", data]).ok().stdout_has("<U+202E>Group<U+202E>2");
    let json = run(["show", "a1", "--format", "json", "--data", data]).ok().json();
    assert!(json.to_string().contains("\\rGroup\\r1"), "JSON lost the exact name: {json}");
}

// Regression: the Neo4j export split an alias holding `;` into two aliases, and kinds `a,b` and `a"b` both
// became the label `AB` (and relation kinds `x,y` and `x y` the type `X_Y`).
#[test]
fn neo4j_keeps_aliases_whole_and_kinds_apart() {
    let dir = temp();
    let data = dir.path().join("data.json");
    let doc = json!({"format": "actorgraph/1",
        "actors": [{"id": "p", "kind": "a,b", "aliases": ["Abu; the elder"]}, {"id": "q", "kind": "a\"b"}],
        "relations": [{"id": "r1", "from": "p", "to": "q", "kind": "x,y"}, {"id": "r2", "from": "q", "to": "p", "kind": "x y"}]});
    std::fs::write(&data, doc.to_string()).unwrap();
    let neo = dir.path().join("neo");
    run(["export", "--quiet", "--data", arg(&data), "--to", "neo4j", "-o", arg(&neo)]).ok();
    let readme = std::fs::read_to_string(neo.join("README.md")).unwrap();
    assert!(readme.contains("--array-delimiter=U+007C"), "{readme}");
    let actors = std::fs::read_to_string(neo.join("actors.csv")).unwrap();
    assert!(actors.contains("p,Actor|AB_2,") && actors.contains("q,Actor|AB,"), "{actors}");
    assert!(actors.contains(",Abu; the elder,"), "the alias stays whole: {actors}");
    let relations = std::fs::read_to_string(neo.join("relations.csv")).unwrap();
    assert!(
        relations.contains(",X_Y,x y,") && relations.contains(",X_Y_2,x,y,") || relations.contains(",X_Y_2,\"x,y\","),
        "{relations}"
    );
    let cypher = std::fs::read_to_string(neo.join("load.cypher")).unwrap();
    assert!(cypher.contains("split(row.`aliases:string[]`, '|')"), "{cypher}");
}
