//! `report`: a report folder an analyst can attach (HTML + Markdown + SVG diagrams).

use std::io::Write;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::output::write_atomic;
use crate::report::{self, default_spec, Figure, ReportSpec};

use super::common::stdout_error;
use super::{Context, Outcome};

/// `actorgraph report [--queries FILE] [-o DIR]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// A JSON file naming the report's sections (each a command and/or a diagram); default: the standard
    /// sections for the dataset.
    #[arg(long, value_name = "FILE")]
    queries: Option<PathBuf>,
    /// The folder to write `report.html`, `report.md` and the diagrams into.
    #[arg(short = 'o', long, value_name = "DIR", default_value = "output/report")]
    output: PathBuf,
}

fn read_spec(path: &PathBuf) -> Result<ReportSpec> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.clone(), source })?;
    serde_json::from_str(&text).map_err(|e| Error::InvalidArgument {
        argument: format!("--queries {}", path.display()),
        message: format!(
            "line {}, column {}: {} (a report file looks like {{\"title\": \"…\", \"sections\": [{{\"title\": \"…\", \
             \"command\": [\"path\", \"KH\", \"Iran\"]}}]}})",
            e.line(),
            e.column(),
            crate::load::humanize_json_error(&e)
        ),
    })
}

/// Builds the report and writes its files.
///
/// # Errors
/// A bad `--queries` file, a failing section, or a file that cannot be written.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let spec = match &args.queries {
        Some(path) => read_spec(path)?,
        None => default_spec(&ctx.graph),
    };
    let mut figures: Vec<Figure> = Vec::new();
    let mut make_figure = |words: &[String]| -> Result<Figure> {
        let figure = super::dot::figure(ctx, words)?;
        figures.push(figure.clone());
        Ok(figure)
    };
    let document = report::build(ctx, &spec, &mut make_figure)?;
    let html = args.output.join("report.html");
    let markdown = args.output.join("report.md");
    write_atomic(&html, |w| report::write_html(&document, w))?;
    write_atomic(&markdown, |w| report::write_markdown(&document, w))?;
    for figure in &figures {
        write_atomic(&args.output.join(&figure.file), |w| w.write_all(figure.svg.as_bytes()))?;
    }
    writeln!(
        out,
        "wrote {} and {} ({} sections, {} diagrams, {} relations and {} sources cited)",
        html.display(),
        markdown.display(),
        document.sections.len(),
        figures.len(),
        document.relations.len(),
        document.sources.len()
    )
    .map_err(stdout_error)?;
    Ok(Outcome::Done)
}
