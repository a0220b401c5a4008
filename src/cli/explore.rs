//! `explore`: one self-contained HTML page to move around the network in a browser.

use std::io::Write;
use std::path::PathBuf;

use actorgraph::error::Result;
use actorgraph::fs::write_atomic;
use actorgraph::output::explore::{
    build, to_html, ExploreOptions, LayoutChoice, DEFAULT_MAX_ACTORS, DEFAULT_MAX_RELATIONS,
};
use actorgraph::query::View;

use super::common::stdout_error;
use super::{Context, FilterArgs, Outcome};

/// Which layout places the actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// Graphviz's sfdp when installed (up to 2,000 actors), the built-in layout otherwise.
    Auto,
    /// Graphviz's sfdp (force-directed).
    Sfdp,
    /// Graphviz's dot (layered).
    Dot,
    /// actorgraph's own force-directed layout.
    Builtin,
}

/// `actorgraph explore [filters] [--layout L] [--max-actors N] [--max-relations N] [-o FILE]`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Examples:\n  \
    actorgraph explore                          # output/explore.html, open it in a browser\n  \
    actorgraph explore --tag hashd -o hashd.html\n  \
    actorgraph explore --data big.json --max-actors 2000\n\n\
    The page works offline and fetches nothing: send the one file to share it.")]
pub struct Args {
    #[command(flatten)]
    filters: FilterArgs,
    /// Which layout places the actors.
    #[arg(long, value_enum, default_value_t = Layout::Auto)]
    layout: Layout,
    /// Draw at most N actors (the best connected); a note on the page names what was left out.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_ACTORS)]
    max_actors: usize,
    /// Draw at most N relations (the most confident first).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_RELATIONS)]
    max_relations: usize,
    /// Where to write the page.
    #[arg(long, short, value_name = "FILE", default_value = "output/explore.html")]
    output: PathBuf,
}

/// Writes the page. Exit code 1 when the filters leave no actor.
///
/// # Errors
/// Bad filters, an unwritable file, an explicitly chosen Graphviz engine missing.
pub fn run(ctx: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome> {
    let filter = ctx.filter(&args.filters)?;
    let view = View::new(&ctx.graph, &filter);
    if view.actor_count() == 0 {
        if !ctx.quiet {
            eprintln!("note: no actor is left after the filters; nothing written");
        }
        return Ok(Outcome::NothingFound);
    }
    ctx.refuse_overwriting_input(&args.output, actorgraph::error::Written::Page)?;
    let layout = match args.layout {
        Layout::Auto => LayoutChoice::Auto,
        Layout::Sfdp => LayoutChoice::Sfdp,
        Layout::Dot => LayoutChoice::Dot,
        Layout::Builtin => LayoutChoice::Builtin,
    };
    let options = ExploreOptions { layout, max_actors: args.max_actors.max(1), max_relations: args.max_relations };
    let data = build(&view, &filter, &options)?;
    let html = to_html(&data);
    write_atomic(&args.output, |w| w.write_all(html.as_bytes()))?;
    writeln!(
        out,
        "wrote {} ({} actors, {} relations, {} KB; layout {}){}",
        args.output.display(),
        data.actors.len(),
        data.relations.len(),
        html.len().div_ceil(1024),
        data.layout,
        if data.cut.is_some() { "; not everything is drawn, see the note at the top of the page" } else { "" }
    )
    .map_err(stdout_error)?;
    Ok(Outcome::Done)
}
