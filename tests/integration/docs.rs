//! The documentation's examples: every `$ actorgraph …` line of a ```` ```console ```` block in `README.md`
//! and `docs/**/*.md` is run, and where the block shows output under the command, the output must be what
//! the program prints (as casey/just's README test does). New documents and examples are picked up as they
//! are written: the test runs whatever examples exist.
//!
//! Conventions for writers of docs: a command line starts with `$ actorgraph`; the lines under it, up to the
//! next `$` line or the end of the block, are its output (standard output, or standard error for an error
//! message); a last output line `…` means "and more" (only the lines above it are compared). Commands with
//! shell syntax (pipes, redirections, `&&`) are shown but not run. Commands run in a scratch folder that
//! holds `data/` and `tests/` of the repository, so files they write land there.

use std::path::{Path, PathBuf};

use crate::harness::{root, run_in};

/// One command of a `console` block.
struct Example {
    /// `file:line` of the command.
    place: String,
    /// The words after `actorgraph`.
    args: Vec<String>,
    /// The output shown under it, if any.
    shown: Option<Vec<String>>,
}

/// `README.md` and every Markdown file under `docs/`, sorted.
fn documents() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    let mut found = vec![root().join("README.md")];
    walk(&root().join("docs"), &mut found);
    found.sort();
    found
}

/// Splits a command line into words as a POSIX shell would for simple commands (quotes and backslashes);
/// `None` for a line with shell syntax this test does not run.
fn words(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    w.push(c);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        c => w.push(c),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).extend(chars.next()),
            '#' if word.is_none() => break,
            '|' | '>' | '<' | '&' | ';' | '`' | '$' | '*' | '(' | ')' => return None,
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Some(words)
}

/// The commands of every `console` block of a document.
fn examples(path: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let name = path.strip_prefix(root()).unwrap_or(path).display().to_string();
    let mut found: Vec<Example> = Vec::new();
    let mut in_console = false;
    let mut current: Option<Example> = None;
    let finish = |current: &mut Option<Example>, found: &mut Vec<Example>| {
        if let Some(mut example) = current.take() {
            if let Some(shown) = &mut example.shown {
                while shown.last().is_some_and(|l| l.trim().is_empty()) {
                    shown.pop();
                }
                if shown.is_empty() {
                    example.shown = None;
                }
            }
            found.push(example);
        }
    };
    for (n, line) in text.lines().enumerate() {
        if !in_console {
            in_console = line.trim_start() == "```console";
            continue;
        }
        if line.trim_start().starts_with("```") {
            finish(&mut current, &mut found);
            in_console = false;
        } else if let Some(command) = line.strip_prefix("$ ") {
            finish(&mut current, &mut found);
            let runnable = words(command).filter(|w| w.first().is_some_and(|w| w == "actorgraph"));
            current = runnable.map(|w| Example {
                place: format!("{name}:{}", n + 1),
                args: w[1..].to_vec(),
                shown: Some(Vec::new()),
            });
        } else if let Some(example) = &mut current {
            example.shown.get_or_insert_with(Vec::new).push(line.trim_end().to_owned());
        }
    }
    finish(&mut current, &mut found);
    found
}

/// Whether `actual` is what `shown` shows (a last line `…` shows only a beginning).
fn matches(shown: &[String], actual: &str) -> bool {
    let actual: Vec<&str> = actual.lines().map(str::trim_end).collect();
    let mut actual = actual.as_slice();
    while actual.last().is_some_and(|l| l.is_empty()) {
        actual = &actual[..actual.len() - 1];
    }
    match shown.split_last() {
        Some((last, head)) if last.trim() == "…" => {
            actual.len() >= head.len() && head.iter().zip(actual).all(|(s, a)| s == a)
        }
        _ => shown.len() == actual.len() && shown.iter().zip(actual).all(|(s, a)| s == a),
    }
}

/// A scratch folder with the repository's `data/` and `tests/`, for commands that read them or write files.
#[cfg(unix)]
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("docs-examples-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("a scratch folder for the examples");
    for sub in ["data", "tests"] {
        std::os::unix::fs::symlink(root().join(sub), dir.path().join(sub)).expect("a link in the scratch folder");
    }
    dir
}

#[cfg(unix)]
#[test]
fn every_console_example_in_the_docs_runs_and_prints_what_it_shows() {
    let dir = scratch();
    let examples: Vec<Example> = documents().iter().flat_map(|d| examples(d)).collect();
    // The README's tour alone has several; an empty list would mean the blocks are no longer found.
    assert!(examples.len() >= 5, "only {} console examples found in README.md and docs/", examples.len());
    let mut failures = Vec::new();
    for example in &examples {
        let run = run_in(dir.path(), &example.args);
        let command = format!("actorgraph {}", example.args.join(" "));
        match &example.shown {
            None if run.code == 0 || run.code == 1 => {}
            None => failures
                .push(format!("{}: `{command}` failed (exit code {}):\n{}", example.place, run.code, run.stderr)),
            Some(shown) if matches(shown, &run.stdout) || matches(shown, &run.stderr) => {}
            Some(shown) => failures.push(format!(
                "{}: `{command}` prints other output than shown.\n--- shown\n{}\n--- printed (exit code {})\n{}{}",
                example.place,
                shown.join("\n"),
                run.code,
                run.stdout,
                run.stderr
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples differ:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n\n")
    );
}

#[test]
fn words_split_like_a_shell() {
    assert_eq!(
        words(r#"actorgraph show "Kataib Hezbollah" --as-of 2024 # a comment"#),
        Some(vec!["actorgraph".into(), "show".into(), "Kataib Hezbollah".into(), "--as-of".into(), "2024".into()])
    );
    assert_eq!(
        words("actorgraph show 'Kata'\\''ib'"),
        Some(vec!["actorgraph".into(), "show".into(), "Kata'ib".into()])
    );
    assert_eq!(words("actorgraph dot -o - | dot -Tpng > c.png"), None);
}
