//! `dot`: a network diagram as DOT, optionally rendered to SVG, PNG or PDF.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Parser;

use actorgraph::error::{Error, Result};
use actorgraph::output::dot::{
    diagram, examples::EXAMPLES, graphviz_version, missing_graphviz_notice, render, to_dot, ClusterBy, Diagram,
    DiagramRequest, Engine, NothingToDraw, Options, RenderFormat, Renderer, Shows, DEFAULT_MAX_EDGES, DOT_EDGE_LIMIT,
    DOT_NODE_LIMIT,
};
use actorgraph::report::Figure;
use actorgraph::text::plural;

use super::common::stdout_error;
use super::values;
use super::{Cli, Command, Context, FilterArgs, Outcome};

/// `actorgraph dot [--focus ACTOR [--depth N] | --contradictions] [filters] [drawing options] [-o FILE]
/// [--render svg|png|pdf]`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:\n  \
    actorgraph dot                                   # output/network.dot\n  \
    actorgraph dot --focus PMF --render svg          # output/focus-pmf.dot and .svg\n  \
    actorgraph dot --contradictions -o - | dot -Tpng > c.png\n  \
    actorgraph dot --cluster-by attr:country --as-of 2024-12 --render svg,png")]
pub struct Args {
    /// Draw the ego network of this actor (id, name or alias): everyone within --depth hops, the relations
    /// among them, and the statements made about those relations.
    #[arg(long, value_name = "ACTOR", conflicts_with = "contradictions")]
    focus: Option<String>,
    /// With --focus: how many hops around the actor.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    depth: usize,
    /// Draw the claims someone denies, with who reports, claims and denies them.
    #[arg(long, conflicts_with_all = ["path", "chain"])]
    contradictions: bool,
    /// Draw the shortest paths between two actors (as `actorgraph path FROM TO` finds them).
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"], conflicts_with_all = ["focus", "chain"])]
    path: Option<Vec<String>>,
    /// Draw the command hierarchy around an actor: whom it answers to and everyone under it.
    #[arg(long, value_name = "ACTOR", conflicts_with = "focus")]
    chain: Option<String>,
    /// Draw the alliance blocs (as `actorgraph blocs` finds them) as boxes around their members.
    #[arg(long, conflicts_with_all = ["focus", "contradictions", "path", "chain", "cluster_by"])]
    bloc: bool,
    #[command(flatten)]
    filters: FilterArgs,
    /// Draw boxes around groups of actors: tag:NAME[,NAME…], attr:NAME (e.g. attr:country) or kind.
    #[arg(long, value_name = "SPEC")]
    cluster_by: Option<ClusterBy>,
    /// Layout direction for the dot engine.
    #[arg(long, value_enum, default_value_t = values::RankDir::LeftRight)]
    rankdir: values::RankDir,
    /// Layout engine, recorded in the DOT. Default: dot, or sfdp above 120 lines or 150 nodes.
    #[arg(long, value_enum)]
    engine: Option<values::Engine>,
    /// Keep at most N actors: the focus and the best ranked (see --rank-by); the caption names the others.
    #[arg(long, value_name = "N")]
    max_nodes: Option<usize>,
    /// How --max-nodes ranks actors.
    #[arg(long, value_enum, default_value_t = values::RankBy::Degree)]
    rank_by: values::RankBy,
    /// Keep at most N lines (highest confidence first); a warning names what was cut.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_EDGES)]
    max_edges: usize,
    /// Leave the legend out.
    #[arg(long)]
    no_legend: bool,
    /// Where to write the DOT file; `-` for standard output. Default: output/<name>.dot.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also render the diagram next to the DOT file (comma-separated or repeated). SVG works without
    /// Graphviz; PNG and PDF need it.
    #[arg(long, value_enum, value_name = "FORMAT", value_delimiter = ',')]
    render: Vec<values::RenderFormat>,
    /// Remake every example diagram of the bundled dataset (DOT and SVG) in DIR (default: output).
    #[arg(long, hide = true, value_name = "DIR", num_args = 0..=1, default_missing_value = "output")]
    all_examples: Option<PathBuf>,
}

/// Writes the diagram (and its renderings). Exit code 1 when the selection is empty.
///
/// # Errors
/// Unknown actors, bad filter or option values, an unwritable file, Graphviz failing or missing for PNG/PDF.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    if let Some(dir) = &args.all_examples {
        return all_examples(ctx, dir, out, err);
    }
    let stdout = args.output.as_deref().is_some_and(actorgraph::fs::is_stdout);
    let special = args.output.as_deref().is_some_and(|p| p.exists() && !p.is_file());
    if (stdout || special) && !args.render.is_empty() {
        return Err(Error::InvalidArgument {
            argument: "--render".to_owned(),
            message: "renders next to the DOT file, so it needs one: leave out `-o -` or give `-o FILE`".to_owned(),
        });
    }
    if let Some(ext) = args.output.as_deref().and_then(Path::extension).and_then(|e| e.to_str()) {
        if ["svg", "png", "pdf"].contains(&ext.to_ascii_lowercase().as_str()) {
            return Err(Error::InvalidArgument {
                argument: "--output".to_owned(),
                message: format!(
                    "names the DOT file; for a .{ext} use `--render {}`, which writes it next to the DOT file",
                    ext.to_ascii_lowercase()
                ),
            });
        }
    }

    let Some(diagram) = make_diagram(ctx, args, err)? else {
        return Ok(Outcome::NothingFound);
    };
    if !ctx.quiet {
        warn_about_cuts(ctx, &diagram, err);
    }
    let dot = to_dot(&diagram);
    if stdout {
        out.write_all(dot.as_bytes()).map_err(stdout_error)?;
        return Ok(Outcome::Done);
    }
    let path = args.output.clone().unwrap_or_else(|| Path::new("output").join(format!("{}.dot", diagram.name)));
    ctx.refuse_overwriting_input(&path, actorgraph::error::Written::Diagram)?;
    actorgraph::fs::write_output(&path, Some(out), |w| w.write_all(dot.as_bytes()))?;
    writeln!(
        out,
        "wrote {} ({}, {}; layout {}{})",
        path.display(),
        plural(diagram.counts.actors, "actor", "actors"),
        plural(diagram.counts.edges, "line", "lines"),
        diagram.engine.as_str(),
        if diagram.engine_auto && diagram.engine == Engine::Sfdp {
            format!(", as the diagram has more than {DOT_EDGE_LIMIT} lines or {DOT_NODE_LIMIT} nodes")
        } else {
            String::new()
        }
    )
    .map_err(stdout_error)?;
    let mut formats: Vec<RenderFormat> = args.render.iter().map(|&f| f.into()).collect();
    formats.sort_unstable();
    formats.dedup();
    for format in formats {
        let rendered = render(&diagram, &dot, format)?;
        let target = path.with_extension(format.extension());
        ctx.refuse_overwriting_input(&target, actorgraph::error::Written::Diagram)?;
        actorgraph::fs::write_file(&target, |w| w.write_all(&rendered.bytes))?;
        if rendered.renderer == Renderer::Builtin && !ctx.quiet {
            let _ = writeln!(err, "{}", missing_graphviz_notice(&target));
        }
        writeln!(out, "wrote {}", target.display()).map_err(stdout_error)?;
    }
    Ok(Outcome::Done)
}

/// The library's request for these arguments: what the diagram shows, its filter and drawing options.
///
/// # Errors
/// An unknown actor, bad filter values.
pub fn request(ctx: &Context, args: &Args) -> Result<DiagramRequest> {
    let filter = ctx.filter(&args.filters)?;
    let shows = if let Some(focus) = &args.focus {
        Shows::Focus { actor: ctx.actor(focus)?, depth: args.depth }
    } else if args.contradictions {
        Shows::Contradictions
    } else if let Some(ends) = &args.path {
        let [from, to] = ends.as_slice() else { unreachable!("clap takes exactly two values") };
        Shows::Path { from: ctx.actor(from)?, to: ctx.actor(to)? }
    } else if let Some(actor) = &args.chain {
        Shows::Chain(ctx.actor(actor)?)
    } else if args.bloc {
        Shows::Blocs
    } else {
        Shows::Whole
    };
    let options = Options {
        rankdir: args.rankdir.into(),
        engine: args.engine.map(Into::into),
        max_nodes: args.max_nodes,
        rank_by: args.rank_by.into(),
        max_edges: args.max_edges,
        legend: !args.no_legend,
    };
    Ok(DiagramRequest { filter, shows, options, cluster_by: args.cluster_by.clone() })
}

/// Builds the diagram the arguments describe, or `None` (having said why on `err`) when there is nothing
/// to draw.
fn make_diagram(ctx: &Context, args: &Args, err: &mut dyn Write) -> Result<Option<Diagram>> {
    let why = match diagram(&ctx.graph, &request(ctx, args)?)? {
        Ok(diagram) => return Ok(Some(diagram)),
        Err(NothingToDraw::FocusLeftOut(actor)) => {
            format!("{} is left out by the filters (--tag, --actor-kind)", ctx.graph.actor(actor).name)
        }
        Err(NothingToDraw::NoDenial) => "no claim in view is denied".to_owned(),
        Err(NothingToDraw::NotLinked) => "the two actors are not linked by relations in view".to_owned(),
        Err(NothingToDraw::NoActor) => "no actor is left after the filters".to_owned(),
    };
    let _ = writeln!(err, "nothing to draw: {why}");
    Ok(None)
}

/// Makes a report figure from the words of `actorgraph dot` (e.g. `["--focus", "pmf"]`): the words resolved
/// into the library's request, which [`actorgraph::report::figure`] selects, builds and renders as SVG.
///
/// `None` when there is nothing to draw (no denials for `--contradictions`, filters that leave nothing).
///
/// # Errors
/// Words that do not parse, an unknown actor, or Graphviz failing.
pub fn figure(ctx: &Context, words: &[String]) -> Result<Option<Figure>> {
    let fail =
        |message: String| Error::InvalidArgument { argument: format!("diagram `dot {}`", words.join(" ")), message };
    let argv = ["actorgraph", "dot"].into_iter().map(str::to_owned).chain(words.iter().cloned());
    let cli = Cli::try_parse_from(argv)
        .map_err(|e| fail(e.to_string().lines().next().unwrap_or_default().trim_start_matches("error: ").to_owned()))?;
    let Command::Dot(args) = &cli.command else { unreachable!("the words start with `dot`") };
    let quiet = ctx.with_format(ctx.format, true);
    actorgraph::report::figure(&ctx.graph, &request(&quiet, args)?)
}

fn warn_about_cuts(ctx: &Context, diagram: &Diagram, err: &mut dyn Write) {
    let cut = &diagram.cut;
    // The first ten names only: a cut ego network can leave out tens of thousands of actors.
    let names = |total: usize, list: &mut dyn Iterator<Item = String>| {
        let shown: Vec<String> = list.take(10).collect();
        format!("{}{}", shown.join(", "), if total > 10 { format!(" and {} more", total - 10) } else { String::new() })
    };
    if let Some(max) = cut.max_nodes.filter(|_| !cut.actors.is_empty()) {
        let _ = writeln!(
            err,
            "note: --max-nodes {max} left out {}: {}",
            plural(cut.actors.len(), "actor", "actors"),
            names(cut.actors.len(), &mut cut.actors.iter().map(|&a| ctx.graph.actor(a).id.clone()))
        );
    }
    if !cut.relations.is_empty() {
        let _ = writeln!(
            err,
            "warning: the diagram would need more than {} lines; left out {} with the lowest confidence: {} \
             (raise --max-edges, or narrow the diagram with filters, --focus or --max-nodes)",
            cut.max_edges,
            plural(cut.relations.len(), "relation", "relations"),
            names(cut.relations.len(), &mut cut.relations.iter().map(|&r| ctx.graph.relation(r).id.to_string()))
        );
    }
    if !cut.stranded.is_empty() {
        let _ = writeln!(
            err,
            "warning: so {} lost every line and {} left out: {}",
            plural(cut.stranded.len(), "actor", "actors"),
            if cut.stranded.len() == 1 { "was" } else { "were" },
            names(cut.stranded.len(), &mut cut.stranded.iter().map(|&a| ctx.graph.actor(a).id.clone()))
        );
    }
}

/// `dot --all-examples [DIR]`: every diagram of [`EXAMPLES`], as DOT and Graphviz SVG.
fn all_examples(ctx: &Context, dir: &Path, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let bundled = ctx.graph.files().iter().map(|f| f.path.as_str()).eq([actorgraph::load::EMBEDDED_NAME]);
    if !bundled {
        return Err(Error::InvalidArgument {
            argument: "--all-examples".to_owned(),
            message: "draws the bundled dataset's example diagrams; leave out --data".to_owned(),
        });
    }
    if graphviz_version().is_none() {
        return Err(Error::Render {
            message: "the example diagrams in output/ are rendered with Graphviz, which is not installed; install \
                      it (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz) and run again"
                .to_owned(),
        });
    }
    for example in EXAMPLES {
        let target = dir.join(format!("{}.dot", example.file));
        let mut argv: Vec<std::ffi::OsString> = vec!["actorgraph".into(), "dot".into()];
        argv.extend(example.args.iter().map(Into::into));
        argv.extend(["-o".into(), target.into_os_string(), "--render".into(), "svg".into()]);
        let cli = Cli::try_parse_from(argv).map_err(|e| Error::InvalidArgument {
            argument: "--all-examples".to_owned(),
            message: format!("example '{}' does not parse: {e}", example.file),
        })?;
        if let Command::Dot(args) = &cli.command {
            run(ctx, args, out, err)?;
        }
    }
    // The report of the bundled dataset lives beside its diagrams and is remade with them.
    let report = Cli::try_parse_from([
        OsStr::new("actorgraph"),
        OsStr::new("report"),
        OsStr::new("-o"),
        dir.join("report").as_os_str(),
    ])
    .map_err(|e| Error::InvalidArgument { argument: "--all-examples".to_owned(), message: e.to_string() })?;
    super::run_command(ctx, &report.command, out, err)?;
    Ok(Outcome::Done)
}
