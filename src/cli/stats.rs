//! `stats`: counts of actors and relations by kind, sources, dates, components, density.

use std::io::Write;

use actorgraph::error::Result;
use actorgraph::output::{fmt_score, write_csv, write_json};
use actorgraph::query::request::Request;
use actorgraph::query::{stats::stats, View};

use super::common::stdout_error;
use super::table::Table;
use super::OutputFormat;
use super::{Context, FilterArgs, Outcome};

/// `actorgraph stats [filters]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    filters: FilterArgs,
    #[command(flatten)]
    trend: super::trend::TrendArgs,
}

/// The library's request for these arguments (names, kinds and dates resolved against the graph).
///
/// # Errors
/// An unknown actor, bad filter values.
pub fn request(ctx: &Context, args: &Args) -> Result<Request> {
    let filter = ctx.filter(&args.filters)?;
    let points = super::trend::points(ctx, &args.trend, &filter)?;
    Ok(Request::Stats { filter, points })
}

/// Prints the statistics of the filtered graph.
///
/// # Errors
/// Bad filter values, or stdout failing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let Request::Stats { filter, points } = request(ctx, args)? else { unreachable!("a stats request") };
    if let Some(points) = points {
        return super::trend::stats_trend(ctx, &filter, &points, out);
    }
    let s = stats(&View::new(&ctx.graph, &filter));
    let mut rows: Vec<(String, String)> = vec![
        ("actors".into(), s.actors.to_string()),
        ("relations".into(), s.relations.to_string()),
        ("sources".into(), format!("{} ({} cited)", s.sources, s.sources_cited)),
        ("statements about relations".into(), s.statements_about_relations.to_string()),
        (
            "dates".into(),
            match (s.first_date, s.last_date) {
                (Some(f), Some(l)) => format!("{f} to {l} ({} undated)", s.undated),
                _ => format!("none ({} undated)", s.undated),
            },
        ),
        (
            "components".into(),
            format!("{} (largest {} actors, {} isolated)", s.components, s.largest_component, s.isolated),
        ),
        ("density".into(), fmt_score(s.density)),
        (
            "signed relations".into(),
            format!("{} positive, {} negative ({} neutral)", s.by_sign.positive, s.by_sign.negative, s.by_sign.neutral),
        ),
        (
            "balanced triangles".into(),
            match s.balanced_triangle_share {
                Some(share) => format!("{} of {} signed triangles", fmt_score(share), s.signed_triangles),
                None => "no signed triangles".to_owned(),
            },
        ),
    ];
    rows.extend(
        s.by_actor_kind
            .iter()
            .map(|(k, n)| (format!("actors: {}", if k.is_empty() { "(no kind)" } else { k }), n.to_string())),
    );
    rows.extend(s.by_relation_kind.iter().map(|(k, n)| (format!("relations: {k}"), n.to_string())));
    match ctx.format {
        OutputFormat::Json => write_json(out, &s),
        OutputFormat::Csv => write_csv(out, &["measure", "value"], rows.into_iter().map(|(a, b)| vec![a, b])),
        OutputFormat::Table => {
            let mut table = Table::new(&["measure", "value"]);
            for (name, value) in rows {
                table.row([name, value]);
            }
            write!(out, "{table}")
        }
    }
    .map_err(stdout_error)?;
    Ok(Outcome::Done)
}
