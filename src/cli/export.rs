//! `export`: the dataset (or the filtered part of it) written out again, as `actorgraph/1` JSON or as the CSV
//! files analysts keep in spreadsheets.

use std::io::Write;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::output::{dataset, write_atomic};
use crate::query::View;

use super::common::stdout_error;
use super::{Context, FilterArgs, Outcome};

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One `actorgraph/1` JSON document, every field kept (to a file with -o, else standard output).
    Json,
    /// actors.csv, relations.csv, sources.csv and relation_kinds.csv, written into the folder given with -o.
    Csv,
}

/// `actorgraph export --to json|csv [-o PATH] [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// What to write.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: ExportFormat,
    /// Where: a file for json (default: standard output), a folder for csv. Input files are never overwritten.
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    filters: FilterArgs,
}

/// Writes the filtered dataset in the chosen format. Exit code 1 when the filters leave no actor.
///
/// # Errors
/// Bad filters; an output path that is an input file; for CSV, values CSV cannot hold unchanged or a missing
/// `-o`; a failed write (the target is then left as it was).
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let filter = ctx.filter(&args.filters)?;
    let view = View::new(&ctx.graph, &filter);
    if view.actor_count() == 0 {
        return Ok(Outcome::NothingFound);
    }
    match (args.to, &args.output) {
        (ExportFormat::Json, None) => dataset::write_json(&view, out).map_err(stdout_error)?,
        (ExportFormat::Json, Some(path)) => {
            ctx.refuse_overwriting_input(path)?;
            write_atomic(path, |w| dataset::write_json(&view, w))?;
        }
        (ExportFormat::Csv, None) => {
            return Err(Error::InvalidArgument {
                argument: "--to csv".to_owned(),
                message: "writes several files; name the folder for them with -o FOLDER".to_owned(),
            })
        }
        (ExportFormat::Csv, Some(folder)) => {
            if folder.is_file() {
                return Err(Error::InvalidArgument {
                    argument: "-o".to_owned(),
                    message: format!(
                        "'{}' is a file; --to csv writes {} into a folder",
                        folder.display(),
                        dataset::CSV_FILES.join(", ")
                    ),
                });
            }
            for name in dataset::CSV_FILES {
                ctx.refuse_overwriting_input(&folder.join(name))?;
            }
            dataset::write_csv_pair(&view, folder)?;
        }
    }
    Ok(Outcome::Done)
}
