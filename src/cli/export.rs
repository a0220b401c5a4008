//! `export`: the dataset (or the filtered part of it) for other tools — `actorgraph/1` JSON, the CSV files
//! analysts keep in spreadsheets, GraphML, GEXF, STIX 2.1, or Neo4j import files.

use std::io::Write;
use std::path::{Path, PathBuf};

use actorgraph::error::{Error, Result};
use actorgraph::format::dataset;
use actorgraph::format::{gexf, graphml, neo4j, stix};
use actorgraph::fs::Written;
use actorgraph::query::View;

use super::common::stdout_error;
use super::{Context, FilterArgs, Outcome};

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One `actorgraph/1` JSON document, every field kept (to a file with -o, else standard output).
    Json,
    /// actors.csv, relations.csv, sources.csv and relation_kinds.csv, written into the folder given with -o.
    Csv,
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
    /// What to write.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: ExportFormat,
    /// Where: a file (default: standard output), or a folder for csv and neo4j. Input files are never
    /// overwritten.
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    filters: FilterArgs,
}

fn folder_needed(format: &str) -> Error {
    Error::InvalidArgument {
        argument: format!("--to {format}"),
        message: "writes several files; name the folder for them with -o FOLDER".to_owned(),
    }
}

fn refuse_file_as_folder(folder: &Path, files: &[&str]) -> Result<()> {
    if folder.is_file() {
        return Err(Error::InvalidArgument {
            argument: "-o".to_owned(),
            message: format!("'{}' is a file; this format writes {} into a folder", folder.display(), files.join(", ")),
        });
    }
    Ok(())
}

/// Writes the filtered dataset in the chosen format. Exit code 1 when the filters leave no actor.
///
/// # Errors
/// Bad filters; an output path that is an input file; for CSV, values CSV cannot hold unchanged; a folder
/// format without `-o`; a failed write (the target is then left as it was).
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let filter = ctx.filter(&args.filters)?;
    let view = View::new(&ctx.graph, &filter);
    if view.actor_count() == 0 {
        return Ok(Outcome::NothingFound);
    }
    let writer: Option<FileWriter> = match args.to {
        ExportFormat::Json => Some(dataset::write_json),
        ExportFormat::Graphml => Some(graphml::write),
        ExportFormat::Gexf => Some(gexf::write),
        ExportFormat::Stix => Some(stix::write),
        ExportFormat::Csv | ExportFormat::Neo4j => None,
    };
    if matches!(args.to, ExportFormat::Graphml | ExportFormat::Gexf) {
        let problems = actorgraph::format::ids_xml_cannot_hold(&view);
        if !problems.is_empty() {
            let format = if args.to == ExportFormat::Gexf { "GEXF" } else { "GraphML" };
            return Err(Error::Unrepresentable { format, problems });
        }
    }
    let written = match (args.to, writer, &args.output) {
        (_, Some(writer), None) => {
            writer(&view, out).map_err(stdout_error)?;
            return Ok(Outcome::Done);
        }
        (_, Some(writer), Some(path)) => {
            ctx.refuse_overwriting_input(path, actorgraph::error::Written::Export)?;
            if actorgraph::fs::write_output(path, Some(out), |w| writer(&view, w))? == Written::Stdout {
                return Ok(Outcome::Done);
            }
            path
        }
        (ExportFormat::Csv, None, Some(folder)) => {
            refuse_file_as_folder(folder, &dataset::CSV_FILES)?;
            for name in dataset::CSV_FILES {
                ctx.refuse_overwriting_input(&folder.join(name), actorgraph::error::Written::Export)?;
            }
            dataset::write_csv_pair(&view, folder)?;
            folder
        }
        (_, None, Some(folder)) => {
            refuse_file_as_folder(folder, &neo4j::FILES)?;
            for name in neo4j::FILES {
                ctx.refuse_overwriting_input(&folder.join(name), actorgraph::error::Written::Export)?;
            }
            neo4j::write(&view, folder)?;
            folder
        }
        (ExportFormat::Csv, None, None) => return Err(folder_needed("csv")),
        (_, None, None) => return Err(folder_needed("neo4j")),
    };
    if !ctx.quiet {
        let statements = view.relations().filter(|&r| !ctx.graph.is_edge(r)).count();
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
    Ok(Outcome::Done)
}
