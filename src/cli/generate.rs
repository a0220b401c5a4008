//! `generate` (hidden): write a synthetic dataset for benchmarks and scale tests.

use std::io::Write;
use std::path::PathBuf;

use actorgraph::error::{Error, Result};
use actorgraph::fs::write_atomic;
use actorgraph::generate::{generate, Spec};
use actorgraph::output::write_json;

use super::common::stdout_error;
use super::Outcome;

/// `actorgraph generate --actors N --relations M [--seed S] -o FILE`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Number of actors (at least 2).
    #[arg(long, value_name = "N")]
    actors: usize,
    /// Number of relations, statements about relations included.
    #[arg(long, value_name = "M")]
    relations: usize,
    /// Same seed, same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Where to write the JSON document.
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
}

/// Writes the dataset atomically and prints its summary (counts, hub, a pair of actors for path queries) as
/// JSON.
///
/// # Errors
/// Fewer than 2 actors; the file cannot be written; stdout failing.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    if args.actors < 2 {
        return Err(Error::InvalidArgument {
            argument: "--actors".to_owned(),
            message: format!("a dataset needs at least 2 actors (got {})", args.actors),
        });
    }
    let spec = Spec { actors: args.actors, relations: args.relations, seed: args.seed };
    let mut summary = None;
    write_atomic(&args.output, |w| {
        summary = Some(generate(&spec, w)?);
        Ok(())
    })?;
    if let Some(summary) = summary {
        write_json(out, &summary).map_err(stdout_error)?;
    }
    Ok(Outcome::Done)
}
