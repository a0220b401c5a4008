//! `report`: one folder an analyst can attach — a self-contained HTML page and the same content as Markdown
//! with the diagrams as SVG files beside it.
//!
//! A report is a list of sections. Each section asks an ordinary actorgraph question (the same words as on
//! the command line, e.g. `["path", "KH", "Iran", "--kind", "supports"]`, resolved by the caller into a
//! [`crate::query::request::Request`]) of the loaded dataset, takes its answer's record, and lays it out as text and tables in which every relation, source and actor is a link to an
//! appendix: the relations cited (with dates, grades, confidence and sources) and the bibliography (every
//! cited source with its reliability grade). A section may also hold a diagram (the words of `dot`).
//!
//! Because sections are commands, a report is repeatable and reviewable: `--queries FILE` takes a JSON
//! [`ReportSpec`], and the default report is one too ([`default_spec`]).

mod changes;
mod document;
mod html;
mod markdown;
mod text;
mod trends;

use serde::Deserialize;

use crate::error::{Error, Result};
pub use changes::changes_section;

pub use document::{build, Block, DiagramMaker, Document, Figure, Inline, Resolver, Section};
pub use html::write_html;
pub use markdown::write_markdown;
pub use text::plain_text;
pub use trends::{change_years, trends_section, CHART_FILE};

/// A report: a title and its sections, as written in a `--queries` file.
///
/// ```json
/// {"title": "Hashd factions in Syria",
///  "sections": [
///    {"title": "How Kataib Hezbollah links to Iran", "command": ["path", "KH", "Iran"], "select": "/paths"},
///    {"title": "The Hashd", "diagram": ["--focus", "pmf", "--depth", "1"]}
///  ]}
/// ```
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    /// The report's title (default: the dataset's title).
    #[serde(default)]
    pub title: Option<String>,
    /// The sections, in order.
    pub sections: Vec<SectionSpec>,
}

/// One section of a report.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    /// The section heading.
    pub title: String,
    /// A paragraph under the heading (what the section shows, the definition used).
    #[serde(default)]
    pub intro: Option<String>,
    /// The command whose answer the section shows, as its words (without `actorgraph` and without
    /// `--data`/`--format`, which the report sets).
    #[serde(default)]
    pub command: Vec<String>,
    /// A JSON pointer into the command's answer (`/uncorroborated`), to show one part of it.
    #[serde(default)]
    pub select: Option<String>,
    /// A diagram for the section, as the words of `actorgraph dot` (e.g. `["--focus", "pmf"]`).
    #[serde(default)]
    pub diagram: Option<Vec<String>>,
}

/// The commands a report section may run: the read-only queries. Everything else (`export`, `dot`,
/// `report`, `validate`, `shell`, …) writes files or reads other ones, and is refused before anything runs.
pub const SECTION_COMMANDS: &[&str] = &[
    "stats",
    "actors",
    "show",
    "relations",
    "neighbors",
    "path",
    "chain",
    "timeline",
    "contradictions",
    "central",
    "allies",
    "enemies",
    "blocs",
];

/// Words of a section's `diagram` that would send the drawing elsewhere than the report folder.
const DIAGRAM_OUTPUT_FLAGS: &[&str] = &["-o", "--output", "--render"];

/// Every table or list in a report shows at most this many rows; a note says how many more there are and
/// which command lists them all.
pub const MAX_ROWS: usize = 50;

/// The default report shows the command chains under at most this many hierarchy tops (those with the most
/// direct subordinates); a closing section names how many more there are.
pub const MAX_CHAINS: usize = 5;

/// A report figure: the diagram `request` asks for ([`crate::output::dot::diagram`]), rendered as SVG (by
/// Graphviz when installed, else by the built-in layout), with its file name and caption; `None` when there
/// is nothing to draw.
///
/// # Errors
/// As [`crate::output::dot::diagram`]; Graphviz failing.
pub fn figure(graph: &crate::ActorGraph, request: &crate::output::dot::DiagramRequest) -> Result<Option<Figure>> {
    use crate::output::dot::{diagram, render, to_dot, RenderFormat};
    let Ok(diagram) = diagram(graph, request)? else { return Ok(None) };
    let rendered = render(&diagram, &to_dot(&diagram), RenderFormat::Svg)?;
    Ok(Some(Figure {
        file: format!("{}.svg", diagram.name),
        svg: String::from_utf8_lossy(&rendered.bytes).into_owned(),
        caption: diagram.caption.join(" · "),
    }))
}

/// Checks every section of `spec` before any of them runs: each command must be one of
/// [`SECTION_COMMANDS`], named first, and no diagram may name an output of its own.
///
/// # Errors
/// [`Error::InvalidArgument`] naming the first section that breaks a rule, and why.
///
/// ```
/// use actorgraph::report::{check_spec, ReportSpec};
/// let spec: ReportSpec = serde_json::from_str(
///     r#"{"sections": [{"title": "Out", "command": ["export", "--to", "json", "-o", "victim.txt"]}]}"#).unwrap();
/// assert!(check_spec(&spec).unwrap_err().to_string().contains("report section 'Out'"));
/// ```
pub fn check_spec(spec: &ReportSpec) -> Result<()> {
    for section in &spec.sections {
        let fail = |message: String| Error::InvalidArgument {
            argument: format!("report section '{}'", section.title),
            message,
        };
        if let Some(first) = section.command.first() {
            if !SECTION_COMMANDS.contains(&first.as_str()) {
                let what = if first.starts_with('-') {
                    format!("starts with '{first}'; a section's command starts with the command's name")
                } else {
                    format!("runs `{first}`, which a report cannot run (it writes or reads files of its own)")
                };
                return Err(fail(format!(
                    "{what}; a section may run one of: {} (nothing was written)",
                    SECTION_COMMANDS.join(", ")
                )));
            }
        }
        for word in section.diagram.iter().flatten() {
            let flag = word.split('=').next().unwrap_or_default();
            let short_output = word.starts_with("-o") && !word.starts_with("--");
            if DIAGRAM_OUTPUT_FLAGS.contains(&flag) || short_output {
                return Err(fail(format!(
                    "its diagram names an output ('{word}'); a report writes its diagrams into the report folder \
                     (nothing was written)"
                )));
            }
        }
    }
    Ok(())
}

impl SectionSpec {
    fn new(title: &str, intro: &str, command: &[&str]) -> Self {
        Self {
            title: title.to_owned(),
            intro: Some(intro.to_owned()),
            command: command.iter().map(|s| (*s).to_owned()).collect(),
            select: None,
            diagram: None,
        }
    }
}

/// The sections of the default report for a dataset.
#[must_use]
pub fn default_spec(graph: &crate::ActorGraph) -> ReportSpec {
    let mut sections = vec![SectionSpec::new(
        "Summary",
        "What the dataset holds: actors and relations by kind, the sources behind them, the period covered, and \
         how connected the network is.",
        &["stats"],
    )];
    sections.push(SectionSpec {
        diagram: Some(vec!["--max-nodes".to_owned(), "60".to_owned()]),
        ..SectionSpec::new(
            "The network",
            "Every actor and relation (at most the 60 best-connected actors). Colour and shape show the actor kind; \
             green lines support, red hostility, blue command, grey membership; dashed lines are denied claims, and \
             a small box on a line is a claim that someone denies, reports or asserts. Line width follows confidence.",
            &[],
        )
    });
    let key_actors = "The actors most often on the shortest paths between others: betweenness centrality, normalised \
                      as in NetworkX (Brandes 2001), over the actor-to-actor relations.";
    match crate::query::central::key_actors_sample(graph.actors().len()) {
        None => sections.push(SectionSpec::new(
            "Key actors",
            key_actors,
            &["central", "--measure", "betweenness", "--top", "10"],
        )),
        Some(sample) => sections.push(SectionSpec::new(
            "Key actors",
            &format!(
                "{key_actors} With {} actors, it is estimated from {sample} sampled source actors (Brandes & Pich \
                 2007; the error bound is shown); `actorgraph central --measure betweenness` computes it exactly, \
                 which takes minutes at this size.",
                graph.actors().len()
            ),
            &["central", "--measure", "betweenness", "--top", "10", "--sample", &sample.to_string()],
        )),
    }
    sections.push(SectionSpec::new(
        "Alliance blocs",
        "A partition of the actors into blocs that minimises frustrated relations (support across blocs, \
         hostility within one), weighted by confidence. The frustrated relations are the ones that do not fit.",
        &["blocs"],
    ));
    if (0..graph.relations().len()).any(|r| crate::model::RelationIx::try_from(r).is_ok_and(|r| graph.is_contested(r)))
    {
        sections.push(SectionSpec {
            select: Some("/compare_denials".to_owned()),
            ..SectionSpec::new(
                "Alliance blocs if the denials hold",
                "The same partition with every relation that some actor denies left out: the picture in which \
                 the officials are right. Who moves bloc, which relations stop or start breaking the blocs, and \
                 how the key actors (betweenness, top 10) rank on both sides.",
                &["blocs", "--compare-denials"],
            )
        });
    }
    sections.push(SectionSpec {
        select: Some("/claims".to_owned()),
        diagram: Some(vec!["--contradictions".to_owned()]),
        ..SectionSpec::new(
            "Contested claims",
            "Every claim that an actor denies, with who reports or asserts it and who denies it, each on its own \
             sources and grades. Read both sides before relying on either.",
            &["contradictions"],
        )
    });
    // Denied claims that say one thing of several actors ("Hashd groups entered Syria", Kataib Hezbollah
    // included) are read together: the section comes when some family holds two claims or more.
    let all = crate::query::View::new(graph, &crate::query::Filter::default());
    if crate::query::contradictions::contradictions(&all).families.iter().any(|f| f.claims.len() > 1) {
        sections.push(SectionSpec {
            select: Some("/families".to_owned()),
            ..SectionSpec::new(
                "Denied claim families",
                "The contested claims above that say one thing of several actors (the same kind, the same target, \
                 a denier in common), read together: every denier, every reporter, and how many of the sources \
                 the claims cite together are independent (a brief relaying an outlet counts once with it). A \
                 claim that shares its family with no other is a family of one.",
                &["contradictions"],
            )
        });
    }
    sections.push(SectionSpec {
        select: Some("/uncorroborated".to_owned()),
        ..SectionSpec::new(
            "Single-source claims",
            "Relations that rest on one independent source: one source, or several that relay one another (a \
             brief and the outlet it relays). They need corroboration before they carry weight.",
            &["contradictions", "--uncorroborated"],
        )
    });
    let mut tops = chain_tops(graph);
    let by_id = |&(a, _): &(crate::model::ActorIx, usize), &(b, _): &(crate::model::ActorIx, usize)| {
        graph.actor(a).id.cmp(&graph.actor(b).id)
    };
    // The largest hierarchies are shown, in id order; the rest are named, in id order.
    let shown = MAX_CHAINS.min(tops.len());
    tops[..shown].sort_by(by_id);
    tops[shown..].sort_by(by_id);
    for &(top, _) in &tops[..shown] {
        sections.push(SectionSpec::new(
            &format!("Command chain under {}", graph.actor(top).name),
            "Who answers to whom, over the hierarchical relations (commands, leads, member of).",
            &["chain", &graph.actor(top).id, "--down"],
        ));
    }
    if tops.len() > MAX_CHAINS {
        let rest = &tops[MAX_CHAINS..];
        let named: Vec<&str> = rest.iter().take(MAX_ROWS).map(|&(a, _)| graph.actor(a).id.as_str()).collect();
        let more =
            if rest.len() > named.len() { format!(" and {} more", rest.len() - named.len()) } else { String::new() };
        sections.push(SectionSpec {
            title: "Other command chains".to_owned(),
            intro: Some(format!(
                "This report shows the chains under the {MAX_CHAINS} hierarchy tops with the most direct \
                 subordinates; {} more tops are not shown: {}{more}. `actorgraph chain ID --down` shows the \
                 chain under any of them.",
                rest.len(),
                named.join(", ")
            )),
            ..SectionSpec::default()
        });
    }
    sections.push(SectionSpec {
        select: Some("/events".to_owned()),
        ..SectionSpec::new("Timeline", "Every relation and statement in date order; undated ones last.", &["timeline"])
    });
    ReportSpec { title: None, sections }
}

/// Actors at the top of a command hierarchy (they lead, command or have members, and answer to no one),
/// with their number of direct subordinates; most subordinates first, ties by id.
fn chain_tops(graph: &crate::ActorGraph) -> Vec<(crate::model::ActorIx, usize)> {
    let mut has_superior = vec![false; graph.actors().len()];
    let mut subordinates = vec![0_usize; graph.actors().len()];
    for relation in graph.relations() {
        let kind = graph.kind_of(relation);
        let crate::Target::Actor(to) = relation.to else { continue };
        if !kind.hierarchical {
            continue;
        }
        let (superior, subordinate) = if kind.upward { (to, relation.from) } else { (relation.from, to) };
        has_superior[subordinate.index()] = true;
        subordinates[superior.index()] += 1;
    }
    let mut tops: Vec<_> = (0..graph.actors().len())
        .filter(|&i| subordinates[i] > 0 && !has_superior[i])
        .filter_map(|i| crate::model::ActorIx::try_from(i).ok().map(|a| (a, subordinates[i])))
        .collect();
    tops.sort_by(|&(a, n), &(b, m)| m.cmp(&n).then_with(|| graph.actor(a).id.cmp(&graph.actor(b).id)));
    tops
}
