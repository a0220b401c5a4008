//! Scale: the synthetic generator, the snapshot cache, the interactive shell and the benchmark's tiny run.

use crate::harness::{generated, run};

/// A synthetic dataset of 200 actors and 1,500 relations written by the benchmark's generator, and its summary.
fn generate(dir: &std::path::Path, name: &str, seed: u64) -> (std::path::PathBuf, serde_json::Value) {
    let path = dir.join(name);
    let summary = generated(&path, 200, 1500, seed);
    (path, summary)
}

#[test]
fn generator_is_deterministic_and_its_output_validates() {
    let dir = tempfile::tempdir().unwrap();
    let (a, summary) = generate(dir.path(), "a.json", 9);
    let (b, _) = generate(dir.path(), "b.json", 9);
    let (c, _) = generate(dir.path(), "c.json", 10);
    let bytes = |p: &std::path::Path| std::fs::read(p).unwrap();
    assert_eq!(bytes(&a), bytes(&b), "same seed, same bytes");
    assert_ne!(bytes(&a), bytes(&c), "another seed, other bytes");
    assert_eq!(summary["actors"], 200);
    assert_eq!(summary["relations"], 1500);
    run(["--data".as_ref(), a.as_os_str(), "validate".as_ref()]).ok().stdout_has("ok: 200 actors, 1500 relations");
    let hub = summary["hub"].as_str().unwrap();
    run(["--data".as_ref(), a.as_os_str(), "show".as_ref(), hub.as_ref()]).ok().stdout_has(&format!("({hub})"));
}

/// Runs the binary with its own cache folder and optional standard input.
fn run_with_cache(cache: &std::path::Path, args: &[&std::ffi::OsStr], stdin: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_actorgraph"))
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn snapshots(cache: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(cache.join("actorgraph")).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default()
}

#[test]
fn the_snapshot_is_written_used_and_rebuilt_when_the_data_or_the_snapshot_changes() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let (data, _) = generate(dir.path(), "d.json", 5);
    let stats = ["--data".as_ref(), data.as_os_str(), "stats".as_ref(), "--format".as_ref(), "json".as_ref()];
    let (code, first, _) = run_with_cache(&cache, &stats, "");
    assert_eq!(code, 0);
    let snaps = snapshots(&cache);
    assert_eq!(snaps.len(), 1, "one snapshot written");
    let written = std::fs::metadata(&snaps[0]).unwrap().modified().unwrap();
    let (_, second, _) = run_with_cache(&cache, &stats, "");
    assert_eq!(first, second, "the snapshot answers as the JSON did");
    assert_eq!(std::fs::metadata(&snaps[0]).unwrap().modified().unwrap(), written, "not rewritten when current");

    // Touched but unchanged (a copy, a checkout): the content hash recognises it; the header is refreshed.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options().write(true).open(&data).unwrap().set_modified(later).unwrap();
    let (_, touched, _) = run_with_cache(&cache, &stats, "");
    assert_eq!(touched, first);
    let refreshed = std::fs::metadata(&snaps[0]).unwrap().modified().unwrap();
    assert_ne!(refreshed, written, "header refreshed with the new time");
    run_with_cache(&cache, &stats, "");
    assert_eq!(std::fs::metadata(&snaps[0]).unwrap().modified().unwrap(), refreshed, "and then left alone");

    // --no-cache parses and leaves the snapshot alone.
    let mut no_cache = stats.to_vec();
    no_cache.insert(0, "--no-cache".as_ref());
    assert_eq!(run_with_cache(&cache, &no_cache, "").1, first);

    // The data changes: the answer follows it.
    let text = std::fs::read_to_string(&data).unwrap();
    let cut = text.find("\"relations\": [").unwrap();
    let fewer = text[..cut].to_owned() + "\"relations\": []\n}\n";
    std::fs::write(&data, fewer).unwrap();
    let (_, changed, _) = run_with_cache(&cache, &stats, "");
    let json: serde_json::Value = serde_json::from_str(&changed).unwrap();
    assert_eq!(json["relations"], 0);

    // A damaged snapshot is ignored and rewritten.
    std::fs::write(&snaps[0], b"actorgraph-snapshot\ngarbage").unwrap();
    let (code, again, _) = run_with_cache(&cache, &stats, "");
    assert_eq!((code, again), (0, changed));
    assert!(std::fs::metadata(&snaps[0]).unwrap().len() > 100, "rewritten");
}

/// A snapshot is read a page of records at a time (4,096 actors, relations or warnings per page): on a
/// dataset of several pages of each, every answer read through the pages is the one parsing gives.
#[test]
fn answers_from_the_pages_of_a_snapshot_are_those_of_the_parsed_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let data = dir.path().join("paged.json");
    let summary = generated(&data, 9_000, 30_000, 3);
    let hub = summary["hub"].as_str().unwrap();
    let pair = &summary["path_pair"];
    let (a, b) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    let data = data.as_os_str();
    // The first run parses and writes the snapshot; the pages hold 3 pages of actors and 8 of relations.
    let (code, _, err) = run_with_cache(&cache, &["--data".as_ref(), data, "stats".as_ref()], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(snapshots(&cache).len(), 1);
    let questions: [&[&str]; 7] = [
        &["stats", "--format", "json"],
        &["show", hub, "--format", "json"],
        &["relations", "--actor", hub, "--format", "csv"],
        &["neighbors", hub, "--depth", "2", "--format", "json"],
        &["path", a, b, "--all", "--format", "json"],
        &["central", "--measure", "pagerank", "--format", "json"],
        &["relations", "--format", "json"],
    ];
    for words in questions {
        let mut args: Vec<&std::ffi::OsStr> = vec!["--data".as_ref(), data];
        args.extend(words.iter().map(std::ffi::OsStr::new));
        let from_snapshot = run_with_cache(&cache, &args, "");
        args.insert(0, "--no-cache".as_ref());
        let parsed = run_with_cache(&cache, &args, "");
        assert_eq!(from_snapshot.0, 0, "{words:?}: {}", from_snapshot.2);
        assert!(from_snapshot.1.len() > 100, "{words:?} answers something");
        assert_eq!(from_snapshot, parsed, "{words:?}");
    }
    // The warnings are counted from the snapshot as the parse counted them (their pages are not read).
    let count = |args: &[&std::ffi::OsStr]| {
        let (_, _, err) = run_with_cache(&cache, args, "");
        err.lines().find(|l| l.contains("warning")).map(str::to_owned)
    };
    let from_snapshot = count(&["--data".as_ref(), data, "stats".as_ref()]);
    assert!(from_snapshot.as_deref().is_some_and(|l| l.contains("the dataset has")), "{from_snapshot:?}");
    assert_eq!(from_snapshot, count(&["--no-cache".as_ref(), "--data".as_ref(), data, "stats".as_ref()]));
}

#[test]
fn the_shell_answers_query_after_query_with_the_command_line_parser() {
    let dir = tempfile::tempdir().unwrap();
    let input = "stats --format json\n\
                 show \"Kataib Hezbollah\"\n\
                 # a comment\n\
                 show 'Falah Fayad' --format json\n\
                 show Nobody\n\
                 stast\n\
                 help\n\
                 quit\n\
                 stats\n";
    let (code, out, err) = run_with_cache(dir.path(), &["shell".as_ref()], input);
    assert_eq!(code, 0, "{err}");
    // The first answer is the JSON of `stats`, complete, then the profile, then the second profile's JSON.
    let stats_end = out.find("\n}\n").unwrap() + 3;
    let stats: serde_json::Value = serde_json::from_str(&out[..stats_end]).unwrap();
    assert_eq!(stats["actors"], 26);
    assert!(out[stats_end..].starts_with("Kataib Hezbollah (kataib-hezbollah)"), "{out}");
    assert!(out.contains("\"id\": \"falah-fayyadh\""));
    assert!(out.contains("Commands (each takes the same options as on the command line)"));
    // Errors are reported and the shell goes on; nothing runs after quit.
    assert!(err.contains("no actor 'Nobody'"), "{err}");
    assert!(err.contains("unrecognized subcommand 'stast'"), "{err}");
    assert_eq!(out.matches("\"actors\": 26").count(), 1, "stats after quit did not run");
}

/// Issue 6 rewrote the loader for speed (interned ids, values moved instead of copied, lazy messages): every
/// message, its place and its order must stay as they were. Two undeclared kinds are reported in the order
/// they first appear.
#[test]
fn the_fast_loader_reports_every_problem_with_its_place() {
    let fixture = crate::harness::fixture("load/every-problem-at-once.json");
    let run = run(["--data".as_ref(), fixture.as_os_str(), "validate".as_ref()]);
    run.code(2);
    let stdout = run.stdout.replace(&fixture.display().to_string(), "every-problem-at-once.json");
    insta::assert_snapshot!(stdout);
}

#[test]
fn big_answers_list_everything_in_json_and_csv_and_tables_give_counts_first_then_say_how_to_get_all() {
    let dir = tempfile::tempdir().unwrap();
    let (data, summary) = generate(dir.path(), "big.json", 3);
    let with = |args: &[&str]| {
        let mut all: Vec<&std::ffi::OsStr> = vec!["--data".as_ref(), data.as_os_str()];
        all.extend(args.iter().map(std::ffi::OsStr::new));
        run(all)
    };
    let json = with(&["relations", "--format", "json"]).ok().json();
    let total = json.as_array().unwrap().len();
    assert!(total > 500, "{total} relations: not enough to cut a table");
    let csv = with(&["relations", "--format", "csv"]).ok().stdout.clone();
    assert_eq!(csv.lines().count(), total + 1, "a header and every relation");
    let table = with(&["relations"]).ok().stdout.clone();
    assert!(table.starts_with(&format!("{total} relations\n")), "{}", &table[..200]);
    // How many rows the table shows is the tool's choice; that it says so, and how to get the rest, is not.
    let shown: usize = table.split("(the first ").nth(1).and_then(|t| t.split(' ').next()).unwrap().parse().unwrap();
    assert!(shown > 0 && shown < total);
    let note = format!(
        "… and {} more relations (the first {shown} are shown; --format csv or --format json lists all {total})",
        total - shown
    );
    assert!(table.contains(&note), "{note}");
    assert_eq!(
        table.lines().filter(|l| l.starts_with("│ ")).count(),
        shown + 1,
        "a header and one line per relation shown"
    );
    // The same for a neighbourhood: counts first, every relation in JSON and CSV.
    let hub = summary["hub"].as_str().unwrap();
    let ego = with(&["neighbors", hub, "--depth", "2", "--format", "json"]).ok().json();
    let (actors, relations) = (ego["actors"].as_array().unwrap().len(), ego["relations"].as_array().unwrap().len());
    assert_eq!(with(&["neighbors", hub, "--depth", "2", "--format", "csv"]).ok().stdout.lines().count(), relations + 1);
    let table = with(&["neighbors", hub, "--depth", "2"]).ok().stdout.clone();
    let first = table.lines().next().unwrap();
    assert!(first.contains(&format!(": {actors} actors within 2 hops, {relations} relations among them")), "{first}");
    assert_eq!(table.contains("more relations (the first"), relations > shown);
}
