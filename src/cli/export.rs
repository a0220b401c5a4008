//! `export`: the filtered graph in another tool's format.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::load;
use crate::output::export::{gexf, graphml, neo4j, stix};
use crate::output::write_atomic;
use crate::query::View;

use super::common::stdout_error;
use super::{Context, FilterArgs, Outcome};

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// GraphML with typed attributes: Gephi, yEd, Cytoscape, NetworkX.
    Graphml,
    /// GEXF 1.3 with dated edges for Gephi's timeline.
    Gexf,
    /// A STIX 2.1 bundle: OpenCTI and other threat-intelligence platforms.
    Stix,
    /// A folder of neo4j-admin import CSV files, a load.cypher and a README (needs -o FOLDER).
    Neo4j,
}

/// A writer of a one-file format.
type FileWriter = fn(&View, &mut dyn Write) -> std::io::Result<()>;

/// `actorgraph export --to FORMAT [-o PATH] [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The format to write.
    #[arg(long, value_enum, value_name = "FORMAT")]
    to: ExportFormat,
    /// The file to write (a folder for neo4j). Default: standard output.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    #[command(flatten)]
    filters: FilterArgs,
}

/// Writes the filtered graph. Exit code 1 when the filters leave no actor (the file is written all the same).
///
/// # Errors
/// Bad filters; `neo4j` without `-o`; a target that is one of the input files; a failed write.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let filter = ctx.filter(&args.filters)?;
    let view = View::new(&ctx.graph, &filter);
    let inputs = load::input_files(&ctx.data)?;
    let writer: Option<FileWriter> = match args.to {
        ExportFormat::Graphml => Some(graphml::write),
        ExportFormat::Gexf => Some(gexf::write),
        ExportFormat::Stix => Some(stix::write),
        ExportFormat::Neo4j => None,
    };
    let written = match (writer, &args.output) {
        (Some(writer), None) => {
            writer(&view, out).map_err(stdout_error)?;
            return Ok(outcome(&view));
        }
        (Some(writer), Some(path)) => {
            refuse_input(path, &inputs)?;
            write_atomic(path, |w| writer(&view, w))?;
            path
        }
        (None, Some(folder)) => {
            for name in neo4j::FILES {
                refuse_input(&folder.join(name), &inputs)?;
            }
            neo4j::write(&view, folder)?;
            folder
        }
        (None, None) => {
            return Err(Error::InvalidArgument {
                argument: "--to neo4j".to_owned(),
                message: "writes a folder of files; give it with -o FOLDER".to_owned(),
            })
        }
    };
    if !ctx.quiet {
        let statements = view.relations().filter(|&r| ctx.graph.edge_of(r).is_none()).count();
        writeln!(
            out,
            "wrote {}: {} actors, {} relations, {} statements about relations",
            written.display(),
            view.actor_count(),
            view.relation_count() - statements,
            statements
        )
        .map_err(stdout_error)?;
    }
    Ok(outcome(&view))
}

fn outcome(view: &View) -> Outcome {
    if view.actor_count() == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Done
    }
}

/// Refuses a target that is one of the loaded files (compared as canonical paths, so `./a.json`,
/// `data/../a.json` and links to it are all caught).
fn refuse_input(target: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Ok(target_canonical) = target.canonicalize() else { return Ok(()) };
    if inputs.iter().any(|input| input.canonicalize().is_ok_and(|i| i == target_canonical)) {
        return Err(Error::InvalidArgument {
            argument: "--output".to_owned(),
            message: format!(
                "'{}' is one of the input files; exporting over it would replace your data. Choose another path",
                target.display()
            ),
        });
    }
    Ok(())
}
