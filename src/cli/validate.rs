//! `validate`: every problem in the dataset at once, each with file, line, column and field.

use std::io::Write;

use serde::Serialize;

use actorgraph::error::Result;
use actorgraph::load::{self, Diagnostic};
use actorgraph::model::ImportSummary;
use actorgraph::output::{write_csv, write_json};

use super::common::stdout_error;
use super::OutputFormat;
use super::{GlobalArgs, Outcome};

/// `actorgraph validate` takes only the global options.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {}

#[derive(Serialize)]
struct Report<'a> {
    valid: bool,
    errors: usize,
    warnings: usize,
    actors: usize,
    relations: usize,
    sources: usize,
    /// What each file read from another format kept and left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    imports: Vec<Import<'a>>,
    diagnostics: &'a [Diagnostic],
}

#[derive(Serialize)]
struct Import<'a> {
    file: &'a str,
    #[serde(flatten)]
    summary: &'a ImportSummary,
}

/// Checks the data and prints every finding. Exit code 2 when there are errors, 0 otherwise.
///
/// # Errors
/// When a path cannot be read or stdout fails.
pub fn run(global: &GlobalArgs, _args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let mut checked = load::check_with(&global.data, &global.load_options()?)?;
    checked.diagnostics.iter_mut().for_each(super::in_cli_words);
    if let Some(graph) = &checked.graph {
        checked.diagnostics.extend(super::dedupe::warnings(graph));
    }
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = checked.diagnostics.len() - errors;
    let (actors, relations, sources) =
        checked.graph.as_ref().map_or((0, 0, 0), |g| (g.actors().len(), g.relations().len(), g.sources().len()));
    let imports: Vec<Import> = checked.imports.iter().map(|(file, summary)| Import { file, summary }).collect();
    let files = if global.data.is_empty() { 1 } else { checked.graph.as_ref().map_or(0, |g| g.files().len()) };
    match global.format {
        OutputFormat::Json => write_json(
            out,
            &Report {
                valid: errors == 0,
                errors,
                warnings,
                actors,
                relations,
                sources,
                imports,
                diagnostics: &checked.diagnostics,
            },
        )
        .map_err(stdout_error)?,
        OutputFormat::Csv => {
            let rows: Vec<Vec<String>> = checked
                .diagnostics
                .iter()
                .map(|d| {
                    vec![
                        if d.is_error() { "error" } else { "warning" }.to_owned(),
                        d.file.clone(),
                        d.line.map(|l| l.to_string()).unwrap_or_default(),
                        d.column.map(|c| c.to_string()).unwrap_or_default(),
                        d.subject.clone().unwrap_or_default(),
                        d.field.clone().unwrap_or_default(),
                        d.message.clone(),
                        d.help.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            write_csv(out, &["severity", "file", "line", "column", "subject", "field", "message", "help"], &rows)
                .map_err(stdout_error)?;
        }
        OutputFormat::Table => {
            for d in &checked.diagnostics {
                writeln!(out, "{}", actorgraph::output::visible_controls(&d.to_string())).map_err(stdout_error)?;
            }
            for import in &imports {
                writeln!(out, "{}: {}", import.file, import.summary).map_err(stdout_error)?;
            }
            let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            if errors == 0 {
                writeln!(
                    out,
                    "ok: {}, {}, {} in {}; {}",
                    plural(actors, "actor"),
                    plural(relations, "relation"),
                    plural(sources, "source"),
                    plural(files, "file"),
                    plural(warnings, "warning")
                )
                .map_err(stdout_error)?;
            } else {
                writeln!(out, "invalid: {}, {}", plural(errors, "error"), plural(warnings, "warning"))
                    .map_err(stdout_error)?;
            }
        }
    }
    Ok(if errors == 0 { Outcome::Done } else { Outcome::Invalid })
}
