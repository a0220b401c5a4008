//! `report`: a report folder an analyst can attach (HTML + Markdown + SVG diagrams).

use std::io::Write;
use std::path::PathBuf;

use actorgraph::error::{Error, Result};
use actorgraph::query::allies::Stance;
use actorgraph::query::request::Request;
use actorgraph::report::{self, default_spec, Figure, ReportSpec};
use actorgraph::text::plural;
use clap::Parser;

use super::common::stdout_error;
use super::{Cli, Command, Context, Outcome};

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
    /// Add a section "What changed since the last brief": this dataset compared with an older version (a
    /// file or folder).
    #[arg(long, value_name = "OLD")]
    since_version: Option<PathBuf>,
    /// Leave the relations some actor denies out of every section (each section's command and diagram runs
    /// with `--if-denials-hold`): the picture in which the officials are right. The report says how many.
    #[arg(long)]
    if_denials_hold: bool,
}

/// The spec with `--if-denials-hold` added to every section's command and diagram that lacks it, except
/// `blocs --compare-denials`, which already shows the picture in which the denials hold beside the other.
fn with_denials_holding(mut spec: ReportSpec) -> ReportSpec {
    const FLAG: &str = "--if-denials-hold";
    for section in &mut spec.sections {
        for words in std::iter::once(&mut section.command).chain(section.diagram.as_mut()) {
            let compares = words.iter().any(|w| w == "--compare-denials");
            if !words.is_empty() && !compares && !words.iter().any(|w| w == FLAG) {
                words.push(FLAG.to_owned());
            }
        }
    }
    spec
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

/// `name`, or `name-2.svg`, `name-3.svg`… — the first that `taken` does not hold.
fn distinct_file_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_owned();
    }
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| if extension.is_empty() { format!("{stem}-{n}") } else { format!("{stem}-{n}.{extension}") })
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| name.to_owned())
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
    let filter = actorgraph::query::Filter { if_denials_hold: args.if_denials_hold, ..Default::default() };
    let spec = if args.if_denials_hold { with_denials_holding(spec) } else { spec };
    let left_out = filter.denied_left_out(&ctx.graph);
    if args.if_denials_hold && !ctx.quiet {
        eprintln!(
            "note: if the denials hold: {} left out",
            plural(left_out, "contested relation", "contested relations")
        );
    }
    let mut figures: Vec<Figure> = Vec::new();
    let mut make_figure = |words: &[String]| -> Result<Option<Figure>> {
        let Some(mut figure) = super::dot::figure(ctx, words)? else { return Ok(None) };
        // Two sections may draw diagrams of the same default name: each keeps its own file.
        figure.file = distinct_file_name(&figure.file, |name| figures.iter().any(|f| f.file == name));
        figures.push(figure.clone());
        Ok(Some(figure))
    };
    // Sections resolve their words quietly, as the figures do: the report is the answer.
    let quiet = ctx.with_format(ctx.format, true);
    let mut resolve = |words: &[String]| resolve_section(&quiet, words);
    let mut document = report::build(&ctx.graph, &spec, &mut resolve, &mut make_figure)?;
    if args.if_denials_hold {
        document.subtitle.push(format!(
            "If the denials hold: the {} that some actor denies {} left out of every section.",
            plural(left_out, "relation", "relations"),
            if left_out == 1 { "is" } else { "are" }
        ));
    }
    if args.queries.is_none() {
        // The default report's own sections, built from library calls: after the summary, what changed; after
        // the blocs, how they and the key actors moved.
        let after = |doc: &report::Document, title: &str| {
            doc.sections.iter().position(|s| s.title == title).map_or(doc.sections.len(), |i| i + 1)
        };
        if let Some(trends) = report::trends_section(&ctx.graph, &filter)? {
            figures.extend(trends.blocks.iter().filter_map(|b| match b {
                report::Block::Figure(f) => Some(f.clone()),
                _ => None,
            }));
            let at = if document.sections.iter().any(|s| s.title == DENIALS_SECTION) {
                after(&document, DENIALS_SECTION)
            } else {
                after(&document, "Alliance blocs")
            };
            document.sections.insert(at, trends);
        }
    }
    if let Some(old) = &args.since_version {
        let loaded =
            actorgraph::load::load_cached(std::slice::from_ref(old), &actorgraph::load::LoadOptions::default(), false)?;
        let diff = actorgraph::query::diff::diff(&loaded.graph, &ctx.graph);
        let at = usize::from(!document.sections.is_empty());
        document.sections.insert(at, report::changes_section(&diff, &old.display().to_string()));
    }
    // Charts the report lays out itself (the line chart of a section running `central --every …` or
    // `--series …`) are written beside the Markdown, as the diagrams are.
    for section in &document.sections {
        for block in &section.blocks {
            if let report::Block::Figure(f) = block {
                if !figures.iter().any(|g| g.file == f.file) {
                    figures.push(f.clone());
                }
            }
        }
    }
    let html = args.output.join("report.html");
    let markdown = args.output.join("report.md");
    let mut names = vec!["report.html", "report.md"];
    names.extend(figures.iter().map(|f| f.file.as_str()));
    for name in &names {
        ctx.refuse_overwriting_input(&args.output.join(name), actorgraph::error::Written::Report)?;
    }
    actorgraph::fs::write_files(&args.output, &names, |name, w| match name {
        "report.html" => report::write_html(&document, w),
        "report.md" => report::write_markdown(&document, w),
        _ => {
            let svg = figures.iter().find(|f| f.file == name).map_or("", |f| f.svg.as_str());
            w.write_all(svg.as_bytes())
        }
    })?;
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

/// Resolves a report section's command (its words, without `actorgraph`) into the library's request; words
/// that are not such a command give `Ok(Err(why))`.
fn resolve_section(ctx: &Context, words: &[String]) -> Result<Result<Request, String>> {
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
    Ok(Ok(match &cli.command {
        Command::Stats(args) => super::stats::request(ctx, args)?,
        Command::Actors(args) => super::actors::request(args),
        Command::Show(args) => super::show::request(ctx, args)?,
        Command::Relations(args) => super::relations::request(ctx, args)?,
        Command::Neighbors(args) => super::neighbors::request(ctx, args)?,
        Command::Path(args) => Request::Path(super::path::request(ctx, args)?),
        Command::Chain(args) => super::chain::request(ctx, args)?,
        Command::Timeline(args) => super::timeline::request(ctx, args)?,
        Command::Contradictions(args) => super::contradictions::request(ctx, args)?,
        Command::Central(args) => Request::Central(super::central::request(ctx, args)?),
        Command::Allies(args) => super::allies::request(ctx, args, Stance::Ally)?,
        Command::Enemies(args) => super::allies::request(ctx, args, Stance::Enemy)?,
        Command::Blocs(args) => Request::Blocs(super::blocs::request(ctx, args)?),
        // `report::check_spec` refuses every other command before any section runs.
        _ => return Ok(Err("is not a read-only query a report can run".to_owned())),
    }))
}

/// The default report's section on the blocs when the denials hold; the trends follow it.
const DENIALS_SECTION: &str = "Alliance blocs if the denials hold";
