//! `report`: one folder an analyst can attach — a self-contained HTML page and the same content as Markdown
//! with the diagrams as SVG files beside it.
//!
//! A report is a list of sections. Each section runs an ordinary actorgraph command (the same words as on
//! the command line, e.g. `["path", "KH", "Iran", "--kind", "supports"]`) on the loaded dataset, takes its
//! JSON answer, and lays it out as text and tables in which every relation, source and actor is a link to an
//! appendix: the relations cited (with dates, grades, confidence and sources) and the bibliography (every
//! cited source with its reliability grade). A section may also hold a diagram (the words of `dot`).
//!
//! Because sections are commands, a report is repeatable and reviewable: `--queries FILE` takes a JSON
//! [`ReportSpec`], and the default report is one too ([`default_spec`]).

mod document;
mod html;
mod markdown;

use serde::Deserialize;

pub use document::{build, Answer, Block, CommandRunner, DiagramMaker, Document, Figure, Inline, Section};
pub use html::write_html;
pub use markdown::write_markdown;

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
            "Every actor and relation (at most the 60 best-connected actors). Colour and shape show the actor kind;              green lines support, red hostility, blue command, grey membership; dashed lines are denied claims, and              a small box on a line is a claim that someone denies, reports or asserts. Line width follows confidence.",
            &[],
        )
    });
    sections.push(SectionSpec::new(
        "Key actors",
        "The actors most often on the shortest paths between others: betweenness centrality, normalised as in          NetworkX (Brandes 2001), over the actor-to-actor relations.",
        &["central", "--measure", "betweenness", "--top", "10"],
    ));
    sections.push(SectionSpec::new(
        "Alliance blocs",
        "A partition of the actors into blocs that minimises frustrated relations (support across blocs,          hostility within one), weighted by confidence. The frustrated relations are the ones that do not fit.",
        &["blocs"],
    ));
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
    sections.push(SectionSpec {
        select: Some("/uncorroborated".to_owned()),
        ..SectionSpec::new(
            "Single-source claims",
            "Relations that rest on one source only. They need corroboration before they carry weight.",
            &["contradictions", "--uncorroborated"],
        )
    });
    for top in chain_tops(graph) {
        sections.push(SectionSpec::new(
            &format!("Command chain under {}", graph.actor(top).name),
            "Who answers to whom, over the hierarchical relations (commands, leads, member of).",
            &["chain", &graph.actor(top).id, "--down"],
        ));
    }
    sections.push(SectionSpec {
        select: Some("/events".to_owned()),
        ..SectionSpec::new("Timeline", "Every relation and statement in date order; undated ones last.", &["timeline"])
    });
    ReportSpec { title: None, sections }
}

/// Actors at the top of a command hierarchy: they lead, command or have members, and answer to no one.
fn chain_tops(graph: &crate::ActorGraph) -> Vec<crate::model::ActorIx> {
    let mut has_superior = vec![false; graph.actors().len()];
    let mut has_subordinate = vec![false; graph.actors().len()];
    for relation in graph.relations() {
        let kind = graph.kind_of(relation);
        let crate::Target::Actor(to) = relation.to else { continue };
        if !kind.hierarchical {
            continue;
        }
        let (superior, subordinate) = if kind.upward { (to, relation.from) } else { (relation.from, to) };
        has_superior[subordinate as usize] = true;
        has_subordinate[superior as usize] = true;
    }
    let mut tops: Vec<_> = (0..graph.actors().len())
        .filter(|&i| has_subordinate[i] && !has_superior[i])
        .filter_map(|i| crate::model::ActorIx::try_from(i).ok())
        .collect();
    tops.sort_by(|&a, &b| graph.actor(a).id.cmp(&graph.actor(b).id));
    tops
}
