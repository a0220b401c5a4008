//! `central`: the key actors by a centrality measure.

use std::io::Write;

use actorgraph::error::{Error, Result};
use actorgraph::output::{fmt_score, write_csv, write_json};
use actorgraph::query::central::{self, centrality, Centrality, Options};

use super::values::Measure;
use actorgraph::query::request::{CentralRecord, CentralRequest};
use actorgraph::query::View;

use super::common::stdout_error;
use super::table::Table;
use super::OutputFormat;
use super::{Context, FilterArgs, Outcome};

/// How many actors a table shows when `--top` is not given.
const TABLE_TOP: usize = 10;

/// `actorgraph central [--measure M] [--top N] [--weighted] [--sample K] [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The centrality measure; each equals the NetworkX function of the same name with its defaults.
    #[arg(long, value_enum, default_value_t = Measure::Degree)]
    measure: Measure,
    /// Show only the N highest-scoring actors [default: 10 in a table, every actor in JSON and CSV].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    top: Option<u32>,
    /// Weigh ties by their summed confidence: a stronger tie counts more (pagerank, eigenvector) or is
    /// shorter (betweenness, closeness: length 1/confidence). Not for the degree measures.
    #[arg(long)]
    weighted: bool,
    /// Betweenness only: estimate from K randomly chosen (but always the same) source actors instead of all
    /// of them. Much faster on large networks; the output states the possible error.
    #[arg(long, value_name = "K")]
    sample: Option<usize>,
    #[command(flatten)]
    filters: FilterArgs,
    #[command(flatten)]
    trend: super::trend::TrendArgs,
}

/// Ranks the actors in view by the chosen measure and prints the top ones. Exit code 1 when the view has
/// no actors.
///
/// # Errors
/// Bad flag combinations or filter values, a measure that does not converge, or stdout failing.
/// The library's request for these arguments.
///
/// # Errors
/// `--weighted` with a measure without weights, `--sample` with another measure than betweenness, bad
/// filter values or dates.
pub fn request(ctx: &Context, args: &Args) -> Result<CentralRequest> {
    let measure = central::Measure::from(args.measure);
    if args.weighted && !measure.uses_weights() {
        return Err(Error::InvalidArgument {
            argument: "--weighted".to_owned(),
            message: format!(
                "{} counts distinct ties and has no weighted form; weigh ties by confidence with \
                 --measure pagerank, eigenvector, betweenness or closeness",
                measure
            ),
        });
    }
    if args.sample.is_some() && measure != central::Measure::Betweenness {
        return Err(Error::InvalidArgument {
            argument: "--sample".to_owned(),
            message: format!(
                "only betweenness can be estimated from a sample ({} is fast enough exactly); \
                 add --measure betweenness",
                measure
            ),
        });
    }
    let filter = ctx.filter(&args.filters)?;
    let options = Options { weighted: args.weighted, sample: args.sample };
    let points = super::trend::points(ctx, &args.trend, &filter)?;
    let top = args.top.map(|t| usize::try_from(t).unwrap_or(usize::MAX));
    Ok(CentralRequest { measure, options, top, filter, points })
}

/// Ranks the actors in view by the chosen measure and prints the top ones. Exit code 1 when the view has
/// no actors.
///
/// # Errors
/// Bad flag combinations or filter values, a measure that does not converge, or stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let CentralRequest { measure, options, top, filter, points } = request(ctx, args)?;
    if let Some(points) = points {
        return super::trend::central_trend(ctx, &filter, &points, measure, &options, top, out);
    }
    let view = View::new(&ctx.graph, &filter);
    let result = centrality(&view, measure, &options)?;
    let shown = match (args.top, ctx.format) {
        (Some(top), _) => usize::try_from(top).unwrap_or(usize::MAX),
        (None, OutputFormat::Table) => TABLE_TOP,
        (None, _) => usize::MAX,
    };
    let graph = &ctx.graph;
    let error = result.approximation.map(|a| a.error);
    let scores = &result.scores[..shown.min(result.scores.len())];
    match ctx.format {
        OutputFormat::Json => write_json(out, &CentralRecord::list(graph, &result, shown)),
        OutputFormat::Csv => {
            let ranks = result.ranks();
            let mut header = vec!["rank", "id", "name", "score"];
            if error.is_some() {
                header.push("error");
            }
            let rows: Vec<Vec<String>> = scores
                .iter()
                .zip(&ranks)
                .map(|(s, rank)| {
                    let actor = graph.actor(s.actor);
                    let mut row = vec![rank.to_string(), actor.id.clone(), actor.name.clone(), fmt_score(s.score)];
                    row.extend(error.map(fmt_score));
                    row
                })
                .collect();
            write_csv(out, &header, &rows)
        }
        OutputFormat::Table => write_table(out, ctx, &filter.describe(graph), &result, scores.len()),
    }
    .map_err(stdout_error)?;
    Ok(if result.scores.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}

fn write_table(
    out: &mut dyn Write,
    ctx: &Context,
    filters: &[String],
    result: &Centrality,
    shown: usize,
) -> std::io::Result<()> {
    let graph = &ctx.graph;
    if result.scores.is_empty() {
        writeln!(out, "No actors in view{}.", filter_note(filters))?;
        return Ok(());
    }
    writeln!(out, "{}", caption(result))?;
    if !filters.is_empty() {
        writeln!(out, "Filters: {}.", filters.join("; "))?;
    }
    let ranks = result.ranks();
    let mut table = Table::new(&["rank", "actor", "id", "score"]);
    for (score, rank) in result.scores.iter().zip(ranks).take(shown) {
        let actor = graph.actor(score.actor);
        table.row([rank.to_string(), actor.name.clone(), actor.id.clone(), fmt_score(score.score)]);
    }
    write!(out, "{table}")?;
    if shown < result.scores.len() {
        writeln!(out, "Top {shown} of {} actors; --top N shows more.", result.scores.len())?;
    }
    if let Some(approximation) = result.approximation {
        writeln!(
            out,
            "Approximate: estimated from {} of {} actors as sources (Brandes & Pich 2007); each score is \
             within ±{} of the exact value with 95% confidence.",
            approximation.sources,
            result.actors,
            fmt_score(approximation.error)
        )?;
    }
    Ok(())
}

fn filter_note(filters: &[String]) -> String {
    if filters.is_empty() {
        String::new()
    } else {
        format!(" after the filters ({})", filters.join("; "))
    }
}

/// `Betweenness centrality of 26 actors over 41 directed ties, unweighted (nx.betweenness_centrality(G)).`
fn caption(result: &Centrality) -> String {
    format!(
        "{} of {} actor{} over {} {} tie{}{}, {} (as {}).",
        result.measure.title(),
        result.actors,
        if result.actors == 1 { "" } else { "s" },
        result.ties,
        if result.directed { "directed" } else { "undirected" },
        if result.ties == 1 { "" } else { "s" },
        if result.directed { " (symmetric kinds count both ways)" } else { "" },
        if result.weighted { "weighted by summed confidence" } else { "unweighted" },
        result.measure.networkx(result.weighted)
    )
}
