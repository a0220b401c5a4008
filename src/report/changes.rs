//! The report's "what changed since the last brief" section, built from [`crate::query::diff`].

use crate::query::diff::{rows, Changes, Diff};

use super::{Block, Inline, Section};

/// Rows shown per table; the rest are counted (a rewritten dataset can change thousands of records).
const MOST_ROWS: usize = 200;

fn text(t: impl Into<String>) -> Vec<Inline> {
    vec![Inline::Text(t.into())]
}

fn counts(name: &str, c: &Changes) -> String {
    format!("{name}: {} added, {} removed, {} changed", c.added.len(), c.removed.len(), c.changed.len())
}

/// The section for `diff` (old: the last brief, `old_name`; new: the report's dataset).
#[must_use]
pub fn changes_section(diff: &Diff, old_name: &str) -> Section {
    let mut blocks = Vec::new();
    if diff.equal {
        blocks.push(Block::Para(text("Nothing changed: the same actors, relations, sources and kinds.")));
    } else {
        blocks.push(Block::List(vec![
            text(format!("{}; {} renamed", counts("Actors", &diff.actors), diff.renamed.len())),
            text(counts("Relations", &diff.relations)),
            text(counts("Sources", &diff.sources)),
            text(counts("Declared relation kinds", &diff.kinds)),
        ]));
        let all = rows(diff);
        let (listed, changed): (Vec<_>, Vec<_>) = all.iter().partition(|r| r[1] != "changed");
        if !listed.is_empty() {
            blocks.push(Block::Heading("Added, removed and renamed".to_owned()));
            blocks.push(table(
                &["record", "change", "id", "what"],
                listed.iter().map(|[record, change, id, old_id, _, old, new]| {
                    let what = match change.as_str() {
                        "removed" => old.clone(),
                        "renamed" => format!("was {old_id}; {new}"),
                        _ => new.clone(),
                    };
                    vec![record.clone(), change.clone(), id.clone(), what]
                }),
                listed.len(),
            ));
        }
        if !changed.is_empty() {
            blocks.push(Block::Heading("Changed, field by field".to_owned()));
            blocks.push(table(
                &["record", "id", "field", "before", "now"],
                changed.iter().map(|[record, _, id, _, field, old, new]| {
                    vec![record.clone(), id.clone(), field.clone(), old.clone(), new.clone()]
                }),
                changed.len(),
            ));
        }
        if all.len() > 2 * MOST_ROWS {
            blocks.push(Block::Para(text(format!(
                "Tables show at most {MOST_ROWS} rows each; `actorgraph diff` lists all {} changes.",
                all.len()
            ))));
        }
    }
    Section {
        title: "What changed since the last brief".to_owned(),
        intro: Some(format!(
            "Compared with {old_name} ({} actors, {} relations, {} sources): records matched by id, relations \
             compared field by field, and actors whose id changed recognised by their names and links.",
            diff.old.actors, diff.old.relations, diff.old.sources
        )),
        command: Some(format!("actorgraph diff --against {old_name}")),
        blocks,
    }
}

fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>, total: usize) -> Block {
    let mut out: Vec<Vec<Vec<Inline>>> = rows.take(MOST_ROWS).map(|r| r.into_iter().map(text).collect()).collect();
    if total > MOST_ROWS {
        let mut last = vec![text(format!("… {} more", total - MOST_ROWS))];
        last.extend((1..header.len()).map(|_| text("")));
        out.push(last);
    }
    Block::Table { header: header.iter().map(|h| (*h).to_owned()).collect(), rows: out }
}
