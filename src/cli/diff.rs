//! `diff`: what changed between two versions of a dataset.

use std::io::Write;
use std::path::PathBuf;

use actorgraph::error::{Error, Result};
use actorgraph::load;
use actorgraph::model::ActorGraph;
use actorgraph::output::{write_csv, write_json};
use actorgraph::query::diff::{diff, rows, Changes, Diff};

use super::common::stdout_error;
use super::table::Table;
use super::OutputFormat;
use super::{GlobalArgs, Outcome};

/// `actorgraph diff OLD NEW`, or `actorgraph [--data NEW…] diff --against OLD…`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The old version and the new one, each a file or a folder (a folder loads every dataset file in it).
    #[arg(value_name = "OLD NEW", num_args = 0..=2)]
    versions: Vec<PathBuf>,
    /// Compare the dataset given with --data (or the bundled one) against this older version; repeat for a
    /// version kept in several files.
    #[arg(long, value_name = "PATH", conflicts_with = "versions")]
    against: Vec<PathBuf>,
}

fn load_side(global: &GlobalArgs, paths: &[PathBuf], err: &mut dyn Write) -> Result<ActorGraph> {
    let loaded = load::load_cached(paths, &global.load_options()?, !global.no_cache)?;
    if !loaded.warnings.is_empty() && !global.quiet {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let _ = writeln!(
            err,
            "note: {} has {} warning{}; `actorgraph validate --data …` lists them",
            if names.is_empty() { load::EMBEDDED_NAME.to_owned() } else { names.join(", ") },
            loaded.warnings.len(),
            if loaded.warnings.len() == 1 { "" } else { "s" }
        );
    }
    Ok(loaded.graph)
}

/// Loads both versions, compares them and prints the changes. Exit code 0 when they are equal, 1 when they
/// differ (as `diff` does).
///
/// # Errors
/// A missing side, unreadable or invalid data, stdout failing.
pub fn run(global: &GlobalArgs, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let (old, new) = match (args.versions.as_slice(), args.against.is_empty()) {
        ([old, new], true) => {
            if !global.data.is_empty() {
                return Err(Error::InvalidArgument {
                    argument: "diff".to_owned(),
                    message: "takes either two versions (`diff OLD NEW`) or --data with --against OLD, not both"
                        .to_owned(),
                });
            }
            (load_side(global, std::slice::from_ref(old), err)?, load_side(global, std::slice::from_ref(new), err)?)
        }
        ([], false) => (load_side(global, &args.against, err)?, load_side(global, &global.data, err)?),
        _ => {
            return Err(Error::InvalidArgument {
                argument: "diff".to_owned(),
                message: "name the two versions (`actorgraph diff old.json new.json`), or compare the --data \
                          dataset with an older one (`actorgraph --data new.json diff --against old.json`)"
                    .to_owned(),
            })
        }
    };
    let d = diff(&old, &new);
    match global.format {
        OutputFormat::Json => write_json(out, &d),
        OutputFormat::Csv => write_csv(
            out,
            &["record", "change", "id", "old_id", "field", "old", "new"],
            rows(&d).into_iter().map(Vec::from),
        ),
        OutputFormat::Table => write_table(out, &d),
    }
    .map_err(stdout_error)?;
    Ok(if d.equal { Outcome::Done } else { Outcome::Differ })
}

/// `3 added, 1 removed, 2 changed`.
#[must_use]
pub fn counts(changes: &Changes) -> String {
    format!("{} added, {} removed, {} changed", changes.added.len(), changes.removed.len(), changes.changed.len())
}

fn write_table(out: &mut dyn Write, d: &Diff) -> std::io::Result<()> {
    let side = |s: &actorgraph::query::diff::Side| {
        format!("{} ({} actors, {} relations, {} sources)", s.files.join(", "), s.actors, s.relations, s.sources)
    };
    writeln!(out, "Old: {}", side(&d.old))?;
    writeln!(out, "New: {}", side(&d.new))?;
    if d.equal {
        writeln!(out, "The two versions hold the same actors, relations, sources and kinds.")?;
        return Ok(());
    }
    writeln!(
        out,
        "Actors: {}, {} renamed. Relations: {}. Sources: {}. Declared kinds: {}.",
        counts(&d.actors),
        d.renamed.len(),
        counts(&d.relations),
        counts(&d.sources),
        counts(&d.kinds)
    )?;
    let mut table = Table::new(&["record", "change", "id", "field", "old", "new"]);
    for [record, change, id, old_id, field, old, new] in rows(d) {
        let id = if old_id.is_empty() || change == "renamed" { id } else { format!("{id} (was {old_id})") };
        table.row([record, change, id, field, old, new]);
    }
    write!(out, "{table}")
}
