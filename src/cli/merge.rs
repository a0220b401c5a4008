//! `merge`: actors that are one, made one, and the dataset written with them merged.

use std::io::Write;
use std::path::PathBuf;

use actorgraph::error::{Error, Result};
use actorgraph::format::dataset;
use actorgraph::fs::write_atomic;
use actorgraph::output::write_json;
use actorgraph::query::merge::{merge, MergeOptions, MergeSummary};
use actorgraph::query::{Filter, View};

use super::common::stdout_error;
use super::table::Table;
use super::OutputFormat;
use super::{Context, Outcome};

/// `actorgraph merge KEEP OTHER… [-o FILE] [--force]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The actor to keep (id, name or alias).
    #[arg(value_name = "KEEP")]
    keep: String,
    /// The actors to merge into it.
    #[arg(value_name = "OTHER", required = true)]
    others: Vec<String>,
    /// Where to write the merged dataset: a `.json` file, or a folder for the CSV files. Default: the JSON
    /// to standard output, and what was done to standard error.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Merge even actors of different kinds.
    #[arg(long)]
    force: bool,
}

/// Merges the actors and writes the dataset.
///
/// # Errors
/// Unknown actors, actors of different kinds without --force, an output that is an input, a failed write.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let keep = ctx.actor(&args.keep)?;
    let others = args.others.iter().map(|o| ctx.actor(o)).collect::<Result<Vec<_>>>()?;
    if others.iter().all(|&o| o == keep) {
        return Err(Error::InvalidArgument {
            argument: "merge".to_owned(),
            message: format!(
                "'{}' names the actor to keep; name at least one other actor to merge into it",
                args.others.join(" ")
            ),
        });
    }
    let merged = merge(&ctx.graph, keep, &others, MergeOptions { force: args.force }).map_err(|e| match e {
        Error::DifferentKinds { .. } => Error::InvalidArgument {
            argument: "merge".to_owned(),
            message: format!("{e}; if they are one actor, add --force"),
        },
        other => other,
    })?;
    let view = View::new(&merged.graph, &Filter::default());
    match &args.output {
        Some(path) => {
            ctx.refuse_overwriting_input(path, actorgraph::error::Written::Export)?;
            if path.is_dir() {
                dataset::write_csv_pair(&view, path)?;
            } else {
                write_atomic(path, |w| dataset::write_json(&view, w))?;
            }
            write_summary(ctx.format, &merged.summary, Some(path), out).map_err(stdout_error)?;
        }
        None => {
            dataset::write_json(&view, out).map_err(stdout_error)?;
            if !ctx.quiet {
                let _ = write_summary(OutputFormat::Table, &merged.summary, None, err);
            }
        }
    }
    Ok(Outcome::Done)
}

fn write_summary(
    format: OutputFormat,
    s: &MergeSummary,
    path: Option<&PathBuf>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if format == OutputFormat::Json {
        return write_json(out, s);
    }
    let to = path.map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
    writeln!(
        out,
        "merged {} into {}: {} relation{} repointed, {} alias{} added; wrote {to}",
        s.merged.join(", "),
        s.keep,
        s.repointed.len(),
        if s.repointed.len() == 1 { "" } else { "s" },
        s.aliases_added.len(),
        if s.aliases_added.len() == 1 { "" } else { "es" },
    )?;
    if !s.identical.is_empty() {
        writeln!(
            out,
            "{} relation(s) are now identical to another (all kept; remove one if they are one claim):",
            s.identical.len()
        )?;
        let mut table = Table::new(&["relation", "same as", "relation in words"]);
        for i in &s.identical {
            table.row([i.duplicate.clone(), i.first.clone(), i.description.clone()]);
        }
        write!(out, "{table}")?;
    }
    if !s.left_out.is_empty() {
        writeln!(out, "{} relation(s) left out:", s.left_out.len())?;
        let mut table = Table::new(&["relation", "relation in words", "why"]);
        for l in &s.left_out {
            table.row([l.id.clone(), l.description.clone(), l.reason.clone()]);
        }
        write!(out, "{table}")?;
    }
    for c in &s.attr_conflicts {
        writeln!(out, "note: attribute '{}' kept as '{}' ({} has '{}')", c.key, c.kept, c.other, c.value)?;
    }
    Ok(())
}
