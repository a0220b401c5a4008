//! `docs/json.md` shows what the commands print: under each heading `` ## `actorgraph … --format json` `` its
//! JSON block is that command's answer on the bundled dataset with every list cut to its first item.
//! `ACTORGRAPH_UPDATE_DOCS=1 cargo test --test integration json_shapes` rewrites the blocks.

use serde_json::Value;

use crate::harness::{root, run};

/// The answer with every list cut to its first item, at every depth.
fn first_items(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().take(1).map(first_items).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, first_items(v))).collect()),
        scalar => scalar,
    }
}

/// `text` with the JSON block under each command heading replaced by what the command prints now; and the
/// commands whose block changed.
fn regenerate(text: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut stale = Vec::new();
    let mut lines = text.lines();
    let mut command: Option<Vec<String>> = None;
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if let Some(words) = line.strip_prefix("## `actorgraph ").and_then(|l| l.strip_suffix('`')) {
            command = Some(words.split_whitespace().map(str::to_owned).collect());
        } else if line == "```json" {
            let words = command.take().unwrap_or_else(|| panic!("docs/json.md: a JSON block under no command"));
            let mut old = String::new();
            for line in lines.by_ref() {
                if line == "```" {
                    break;
                }
                old.push_str(line);
                old.push('\n');
            }
            let answer = run(&words);
            assert!(answer.code == 0 || answer.code == 1, "`actorgraph {}` failed: {}", words.join(" "), answer.stderr);
            let new = serde_json::to_string_pretty(&first_items(answer.json())).expect("JSON") + "\n";
            if new != old {
                stale.push(words.join(" "));
            }
            out.push_str(&new);
            out.push_str("```\n");
        }
    }
    (out, stale)
}

#[test]
fn docs_json_md_shows_what_the_commands_print() {
    let path = root().join("docs/json.md");
    let text = std::fs::read_to_string(&path).expect("docs/json.md");
    let (fresh, stale) = regenerate(&text);
    assert!(text.matches("\n```json\n").count() >= 14, "docs/json.md lost its examples");
    if std::env::var_os("ACTORGRAPH_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).expect("write docs/json.md");
        return;
    }
    assert!(
        stale.is_empty(),
        "docs/json.md is stale for {stale:?}: run `ACTORGRAPH_UPDATE_DOCS=1 cargo test --test integration \
         json_shapes`, read the diff and commit it"
    );
    // The evidence fields every relation record has are in the document.
    for field in ["\"independent_sources\"", "\"contested\"", "\"denied_by\"", "\"mixes_periods\"", "\"families\""] {
        assert!(text.contains(field), "docs/json.md shows no {field}");
    }
}
