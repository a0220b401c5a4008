//! Issues 2 and 7: bad input gets a clear error, pinned fixture by fixture; documented exit codes; results on
//! stdout, messages on stderr; a closed pipe ends quietly.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::harness::{fixture, run, run_in, Run};

/// The folder of malformed (and tricky but valid) inputs: one edge case per file, or per folder for cases that
/// need several files.
fn corpus() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture("invalid"))
        .expect("tests/fixtures/invalid exists")
        .map(|e| e.expect("a readable entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A run as a snapshot shows it: the command, its exit code, and the stream that matters.
fn transcript(run: &Run, stream: &str) -> String {
    let text = if stream == "stdout" { &run.stdout } else { &run.stderr };
    format!("$ actorgraph {}\nexit code: {}\n--- {stream}\n{text}", run.args.join(" "), run.code)
}

/// Every entry of `tests/fixtures/invalid` goes through `validate` (findings on stdout; exit 2 with errors, 0
/// with warnings only) and `stats` (which must refuse with the same findings on stderr). Both are pinned in one
/// snapshot per fixture, `tests/integration/snapshots/invalid/<fixture>.snap`: message, file, line, column and
/// exit code. To add a case, add a file, run `INSTA_UPDATE=always cargo test bad_input_corpus`, and read the
/// new snapshot before committing it.
#[test]
fn bad_input_corpus() {
    let dir = fixture("invalid");
    let names = corpus();
    let mut rejected = 0;
    for name in &names {
        let validate = run_in(&dir, ["validate", "--data", name]);
        let stats = run_in(&dir, ["stats", "--data", name]);
        // What holds for every fixture, whatever its snapshot says.
        assert!(matches!(validate.code, 0 | 2), "{name}: validate exited {}", validate.code);
        assert_eq!(stats.code, validate.code, "{name}: stats and validate disagree\n{}", stats.stderr);
        assert_eq!(validate.stderr, "", "{name}: validate writes its report to stdout");
        let findings: Vec<&str> =
            validate.stdout.lines().filter(|l| !l.starts_with("ok: ") && !l.starts_with("invalid: ")).collect();
        if validate.code == 2 {
            rejected += 1;
            assert!(findings.iter().any(|l| l.starts_with("error: ")), "{name}: exit 2 without an error");
            assert_eq!(stats.stdout, "", "{name}: a refused dataset prints no result");
            for line in &findings {
                assert!(stats.stderr.contains(line), "{name}: stats lacks the finding {line:?}\n{}", stats.stderr);
            }
            assert!(stats.stderr.contains("error: the dataset has "), "{name}: {}", stats.stderr);
        } else {
            assert!(findings.iter().all(|l| !l.starts_with("error: ")), "{name}: an error with exit 0");
            assert!(validate.stdout.contains("ok: "), "{name}: {}", validate.stdout);
        }
        let snapshot = format!("{}\n{}", transcript(&validate, "stdout"), transcript(&stats, "stderr"));
        insta::with_settings!({
            snapshot_path => "snapshots/invalid",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.as_str(), snapshot);
        });
    }
    assert!(rejected >= 30, "issue 7 asks for at least 30 malformed inputs; the corpus rejects {rejected}");
}

/// The findings carry their place as data too: `validate --format json`.
#[test]
fn findings_in_json_name_file_line_column_and_field() {
    let run = run_in(&fixture("invalid"), ["validate", "--format", "json", "--data", "relation-unknown-actor.json"]);
    run.code(2);
    let json = run.json();
    assert_eq!(json["valid"], false);
    assert_eq!(json["errors"], 2);
    assert_eq!(
        json["diagnostics"][0],
        serde_json::json!({
            "severity": "error",
            "file": "relation-unknown-actor.json",
            "line": 8,
            "column": 26,
            "subject": "relation 'r1'",
            "field": "from",
            "message": "no actor 'kataib-hezbolah'",
            "help": "did you mean 'kataib-hezbollah'?"
        })
    );
    assert_eq!(json["diagnostics"][1]["field"], "to");
    assert_eq!(json["diagnostics"][1]["line"], 9);
}

/// Issue 2: "every other command refuses a dataset with errors, with the same messages".
#[test]
fn every_command_refuses_invalid_data_with_the_same_messages() {
    let dir = fixture("invalid");
    let expected =
        "error: many-errors.json:11:52: relation 'r2', field `to`: no actor or relation 'bashar-al-asad'\n  \
                    help: did you mean 'bashar-al-assad'?\n";
    let summary =
        "error: the dataset has 7 errors; fix them and run again (`actorgraph validate` lists every problem)\n";
    for command in [
        &["stats"][..],
        &["actors"],
        &["relations"],
        &["show", "iran"],
        &["export", "--to", "json"],
        &["--format", "json", "relations", "--kind", "supports"],
    ] {
        let mut args = vec!["--data", "many-errors.json"];
        args.extend_from_slice(command);
        let run = run_in(&dir, &args);
        run.code(2).stderr_has(expected).stderr_has(summary);
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(run.stderr.lines().filter(|l| l.starts_with("error: many-errors.json:")).count(), 7);
    }
}

/// A dataset with a problem on every line: a command other than `validate` shows the first 20 and says how
/// many more there are (a million-event file once printed 289 lines before its summary); `validate` lists all.
#[test]
fn a_refused_dataset_shows_at_most_twenty_problems_and_counts_the_rest() {
    let relations: Vec<String> =
        (0..30).map(|i| format!(r#"{{"id": "r{i}", "from": "a", "to": "missing-{i}", "kind": "supports"}}"#)).collect();
    let text =
        format!(r#"{{"format": "actorgraph/1", "actors": [{{"id": "a"}}], "relations": [{}]}}"#, relations.join(",\n"));
    let (dir, _) = temp_file("broken.json", text.as_bytes());
    let run = run_in(dir.path(), ["--data", "broken.json", "stats"]);
    run.code(2)
        .stderr_has("… and 10 more problems not shown (`actorgraph validate` lists every one)")
        .stderr_has("error: the dataset has 30 errors;");
    assert_eq!(run.stderr.lines().filter(|l| l.starts_with("error: broken.json:")).count(), 20);
    let all = validate_in(dir.path(), "broken.json");
    assert_eq!(
        all.stdout.lines().chain(all.stderr.lines()).filter(|l| l.starts_with("error: broken.json:")).count(),
        30
    );
}

/// Writes `text` to `name` in a fresh temporary folder.
fn temp_file(name: &str, text: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("the temporary file is written");
    (dir, path)
}

fn validate_in(dir: &Path, name: &str) -> Run {
    run_in(dir, ["validate", "--data", name])
}

/// Issue 7: a 10 MB string loads; a 10 MB bad value gets a message of normal size.
#[test]
fn ten_megabyte_strings() {
    let big = "x".repeat(10 * 1024 * 1024);
    let doc = serde_json::json!({
        "format": "actorgraph/1",
        "actors": [{"id": "a", "name": big}, {"id": "b", "aliases": [big]}],
        "relations": [{"from": "a", "to": "b", "kind": "supports", "note": big}]
    });
    let (dir, _) = temp_file("big.json", doc.to_string().as_bytes());
    let run = validate_in(dir.path(), "big.json");
    run.ok();
    // a's name is b's alias, so `validate` says they may be one actor (issue 16) — in a shortened line: one
    // absurd name does not flood the terminal.
    assert!(
        run.stdout.ends_with("ok: 2 actors, 1 relation, 0 sources in 1 file; 1 warning\n"),
        "{}",
        &run.stdout[..300]
    );
    assert!(run.stdout.contains("may be the same actor as 'b'"));
    assert!(run.stdout.lines().all(|l| l.chars().count() < 1000));

    let doc = serde_json::json!({
        "format": "actorgraph/1",
        "actors": [{"id": "a"}, {"id": "b"}],
        "relations": [{"id": "r1", "from": "a", "to": "b", "kind": "supports", "date": big}]
    });
    let (dir, _) = temp_file("big-date.json", doc.to_string().as_bytes());
    let run = validate_in(dir.path(), "big-date.json");
    run.code(2);
    let expected = format!(
        "error: big-date.json:1:128: relation 'r1', field `date`: '{} … [10485494 characters left out] … {}' is not a \
         date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024, 2024-12, 2024-12-02)\ninvalid: 1 error, 0 warnings\n",
        "x".repeat(199),
        "x".repeat(67)
    );
    assert_eq!(run.stdout, expected);
}

/// Issue 7: an actor with a million aliases loads and shows; lookups through a hundred thousand work.
#[test]
fn a_million_aliases() {
    let aliases: Vec<String> = (0..1_000_000).map(|i| format!("alias {i}")).collect();
    let doc = serde_json::json!({
        "format": "actorgraph/1",
        "actors": [{"id": "many", "name": "Many Names", "aliases": aliases}, {"id": "other"}],
        "relations": [{"from": "many", "to": "other", "kind": "supports"}]
    });
    let (dir, _) = temp_file("aliases.json", doc.to_string().as_bytes());
    validate_in(dir.path(), "aliases.json").ok().stdout_has("ok: 2 actors, 1 relation, 0 sources in 1 file");
    run_in(dir.path(), ["--data", "aliases.json", "show", "many"]).ok().stdout_has("Many Names (many)");
    // Indexing every spelling of a million names takes about 10 s in a debug build: the lookup is tested on
    // a tenth of them.
    let aliases: Vec<String> = (0..100_000).map(|i| format!("alias {i}")).collect();
    let doc = serde_json::json!({"actors": [{"id": "many", "name": "Many Names", "aliases": aliases}, {"id": "o"}]});
    let graph = actorgraph::load::from_json_str("aliases.json", &doc.to_string()).expect("it loads");
    let lookup = actorgraph::lookup::ActorLookup::new(&graph);
    assert_eq!(lookup.find(&graph, "ALIAS-99999").map(|a| graph.actor(a).id.as_str()).ok(), Some("many"));
    assert!(lookup.find(&graph, "alias 100000").is_err());

    // The same in a spreadsheet cell.
    let mut csv = b"id,name,aliases\nmany,Many Names,".to_vec();
    csv.extend_from_slice(aliases.join(";").as_bytes());
    csv.extend_from_slice(b"\nother,Other,\n");
    let (dir, _) = temp_file("actors.csv", &csv);
    validate_in(dir.path(), "actors.csv").ok().stdout_has("ok: 2 actors, 0 relations, 0 sources in 1 file");
}

/// Issue 7: deeply nested JSON gets a clear message and no stack overflow (the process exits normally).
#[test]
fn deeply_nested_json() {
    let depth = 1_000_000;
    let cases = [
        (
            format!(
                "{{\"actors\": [{{\"id\": \"a\", \"attrs\": {{\"x\": {}{}}}}}]}}",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
            "error: deep.json:1:39: actor 'a', field `attrs`: wrong type: a list [...], expected text in quotes\n  \
             help: attrs is a map of text values: {\"founded\": \"2003\"} (numbers in quotes)\n",
        ),
        (
            format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
            "error: deep.json:1:1: the file holds a list [...], but an actorgraph file is one JSON object {...}\n  \
             help: put the list under a key: an actorgraph file looks like {\"format\": \"actorgraph/1\", \"actors\": \
             [...], \"relations\": [...]}\n",
        ),
        (
            format!("{{\"title\": {}1{}}}", "{\"a\": ".repeat(depth), "}".repeat(depth)),
            "error: deep.json:1:11: field `title`: wrong type: an object {...}, expected text in quotes\n  \
             help: \"title\" holds text in quotes\n",
        ),
        (
            format!("{{\"actors\": [{}1{}]}}", "{\"a\": ".repeat(depth), "}".repeat(depth)),
            "error: deep.json:1:16: actor #1, field `a`: unknown field `a`, expected one of `id`, `name`, `kind`, \
             `aliases`, `tags`, `attrs`\n  help: keep extra information under \"attrs\" (a map of text values)\n",
        ),
        (
            // The innermost value is missing: a syntax error a million levels down.
            format!("{{\"actors\": [{}{}]}}", "{\"a\": ".repeat(depth), "}".repeat(depth)),
            "error: deep.json:1:6000013: field `actors`: a value was expected here: text in quotes, a number, true, \
             false, null, a list or an object (the file is not valid JSON here)\n  help: \"actors\" holds a list of \
             records: \"actors\": [{...}, {...}]\n",
        ),
    ];
    for (text, expected) in cases {
        let (dir, _) = temp_file("deep.json", text.as_bytes());
        let run = validate_in(dir.path(), "deep.json");
        run.code(2);
        assert_eq!(run.stdout, format!("{expected}invalid: 1 error, 0 warnings\n"));
        // In process too: a stack overflow would abort the whole test binary.
        let checked = actorgraph::load::check_bytes(&[("deep.json", text.as_bytes())]);
        assert!(checked.graph.is_none());
    }
}

/// The tricky-but-valid fixtures load, and what the analyses need from them is there.
#[test]
fn tricky_valid_inputs_load() {
    let dir = fixture("invalid");
    let (graph, warnings) = actorgraph::load::load(&[dir.join("commands-cycle.json")]).expect("a command cycle loads");
    assert!(warnings.is_empty());
    let commands = graph.kinds().id("commands").unwrap();
    assert_eq!(graph.relations().iter().filter(|r| r.kind == commands).count(), 3);

    let (graph, _) = actorgraph::load::load(&[dir.join("denial-chain.json")]).expect("a denial chain loads");
    let r1 = graph.relation_ix("r1").unwrap();
    let r2 = graph.relation_ix("r2").unwrap();
    assert_eq!(graph.statements_about(r1).collect::<Vec<_>>(), [r2]);
    assert_eq!(
        graph.describe(&graph.relations()[4]),
        "Falah al-Fayyadh denies [Syrian Observatory for Human Rights \
        denies [Falah al-Fayyadh denies [Reuters reports [r1]]]]"
    );

    let (graph, _) = actorgraph::load::load(&[dir.join("bom.json")]).expect("a BOM is skipped");
    assert_eq!(graph.actors()[0].id, "iran");
    let (graph, _) = actorgraph::load::load(&[dir.join("csv-crlf")]).expect("CRLF CSV loads");
    assert_eq!(graph.actors()[1].aliases, ["Assad", "President Assad"]);
    assert_eq!(graph.relations()[0].note.as_deref(), Some("Tehran signalled\r\nfull backing"));

    // Excel writes booleans as TRUE/FALSE (and CRLF line ends).
    let (graph, _) = actorgraph::load::load(&[dir.join("csv-excel-booleans")]).expect("Excel booleans load");
    let kind = graph.kind_of(&graph.relations()[0]);
    assert_eq!(kind.name, "answers_to");
    assert!(kind.hierarchical && kind.upward && !kind.symmetric && !kind.statement);
}

// ---- exit codes and streams (issue 7) ----

#[test]
fn exit_code_0_with_results_on_stdout_only() {
    let run = run(["stats"]);
    run.ok().stdout_has("actors");
    assert_eq!(run.stderr, "");
    run_with_help();
}

fn run_with_help() {
    let help = run(["--help"]);
    help.ok().stdout_has("Exit codes: 0 done, 1 the query found nothing, 2 bad input or usage.");
    assert_eq!(help.stderr, "");
    run(["--version"]).ok().stdout_has("actorgraph ");
}

#[test]
fn exit_code_1_when_nothing_is_found() {
    let run1 = run(["actors", "--kind", "nosuchkind"]);
    run1.code(1);
    assert_eq!(run1.stderr, "");
    assert!(!run1.stdout.contains("kataib"), "{}", run1.stdout);
    run(["relations", "--until", "2010"]).code(1);
    run(["--format", "json", "actors", "--tag", "nosuchtag"]).code(1);
    assert_eq!(run(["--format", "json", "actors", "--tag", "nosuchtag"]).json(), serde_json::json!([]));
}

#[test]
fn exit_code_2_for_usage_errors_with_the_message_on_stderr() {
    let cases: &[(&[&str], &str)] = &[
        (&["nosuchcommand"], "error: unrecognized subcommand 'nosuchcommand'"),
        (&["show"], "error: the following required arguments were not provided:"),
        (&["--format", "xml", "stats"], "error: invalid value 'xml' for '--format <FORMAT>'"),
        (&["relations", "--since", "2024-13"], "error: --since: '2024-13' has month 13; months run from 01 to 12\n"),
        (
            &["relations", "--kind", "suports"],
            "error: --kind: no relation kind 'suports'; did you mean 'supports' or 'reports'?\n",
        ),
        (&["relations", "--min-confidence", "1.5"], "error: --min-confidence: must be between 0 and 1 (got 1.5)\n"),
        (
            &["show", "Katib Hezb"],
            "error: no actor 'Katib Hezb'; did you mean 'Kataib Hezbollah' (kataib-hezbollah)?\n",
        ),
        (
            &["export", "--to", "csv"],
            "error: --to csv: writes several files; name the folder for them with -o FOLDER\n",
        ),
        (&["--data", "no/such/file.json", "stats"], "error: cannot read 'no/such/file.json': no such file or folder\n"),
    ];
    for (args, message) in cases {
        let run = run(*args);
        run.code(2).stderr_has(message);
        assert_eq!(run.stdout, "", "{args:?}");
    }
}

/// A large enough dataset that `actors` fills more than a pipe's buffer.
fn many_actors() -> (tempfile::TempDir, std::path::PathBuf) {
    let actors: Vec<serde_json::Value> =
        (0..20_000).map(|i| serde_json::json!({"id": format!("actor-{i:05}"), "name": format!("Actor {i}")})).collect();
    temp_file("many.json", serde_json::json!({"format": "actorgraph/1", "actors": actors}).to_string().as_bytes())
}

/// `actorgraph actors | head -1`: the reader goes away early; the tool ends quietly with 0.
#[test]
fn a_closed_pipe_exits_quietly() {
    let (_dir, data) = many_actors();
    for read_lines in [0, 1] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_actorgraph"))
            .args(["--format", "csv", "--data"])
            .arg(&data)
            .arg("actors")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut reader = BufReader::new(stdout);
        for _ in 0..read_lines {
            let mut line = String::new();
            reader.read_line(&mut line).expect("a first line");
            assert_eq!(line, "id,name,kind,aliases,tags\n");
        }
        drop(reader); // like `head` exiting
        let output = child.wait_with_output().expect("the binary ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "after reading {read_lines} lines: {stderr}");
        assert!(!stderr.contains("error"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// The library says what to change in words and names no flag; the command line names its flag (checked by the
/// snapshot of `csv-relations-without-actors.csv` and by `interop`).
#[test]
fn library_findings_advise_in_words_without_flags() {
    use actorgraph::diagnostic::Remedy;
    let relations = b"from,to,kind\niran,bashar-al-assad,supports\n";
    let checked = actorgraph::load::check_bytes(&[("relations.csv", relations.as_slice())]);
    let advised: Vec<_> = checked.diagnostics.iter().filter(|d| d.remedy == Some(Remedy::LoadActorsToo)).collect();
    assert_eq!(advised.len(), 2, "{:?}", checked.diagnostics);
    for d in advised {
        let help = d.help.as_deref().unwrap_or_default();
        assert_eq!(help, Remedy::LoadActorsToo.describe());
        assert!(help.contains("load the actors file too") && !help.contains("--"), "{help}");
    }
}
