//! `report`: a report folder an analyst can attach (HTML + Markdown + SVG diagrams).

use std::io::Write;
use std::path::PathBuf;

use actorgraph::error::{Error, Result};
use actorgraph::fs::write_atomic;
use actorgraph::report::{self, default_spec, Answer, Figure, ReportSpec};
use clap::Parser;

use super::common::stdout_error;
use super::{run_command, Cli, Context, Outcome, OutputFormat};

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
            actorgraph::load::humanize_json_error(&e)
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
    let json_ctx = ctx.with_format(OutputFormat::Json, true);
    let mut run_section = |words: &[String]| run_section(&json_ctx, words);
    let document = report::build(&ctx.graph, &spec, &mut run_section, &mut make_figure)?;
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

/// Runs a report section's command (its words, without `actorgraph`) for its JSON answer; words that are
/// not such a command give `Ok(Err(why))`.
fn run_section(json_ctx: &Context, words: &[String]) -> Result<Result<Answer, String>> {
    let argv = std::iter::once("actorgraph".to_owned()).chain(words.iter().cloned());
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            return Ok(Err(e.to_string().lines().next().unwrap_or_default().trim_start_matches("error: ").to_owned()))
        }
    };
    if !cli.global.data.is_empty() {
        return Ok(Err(
            "sections run on the report's dataset; give --data before `report`, not in a section".to_owned()
        ));
    }
    let mut json = Vec::new();
    let outcome = run_command(json_ctx, &cli.command, &mut json, &mut std::io::sink())?;
    Ok(Ok(Answer { json, nothing_found: outcome == Outcome::NothingFound }))
}
