//! The explorer: one self-contained HTML page (`actorgraph explore`) that draws the network on a canvas and
//! lets an analyst search actors, open the evidence behind any actor or relation, move through time, filter
//! by kind and sign, and switch to the contested-claims and alliance-blocs views.
//!
//! The library builds the page's data ([`ExploreData`]) from a filtered [`View`] — positions computed ahead of
//! time ([`layout`]), the lookup keys of every name (the same [`crate::lookup`] normalisation the command line
//! uses), the dataset's dates for the time control with each relation's validity interval, the denied claims
//! ([`crate::query::contradictions`]) and the blocs ([`crate::query::blocs`]) — and inlines it with the
//! script and styles in `assets/` ([`to_html`]). Nothing is fetched when the page opens: no fonts, scripts or
//! images from elsewhere. The same input gives the same bytes.
//!
//! ```
//! use actorgraph::output::explore::{build, to_html, ExploreOptions, LayoutChoice};
//! use actorgraph::query::{Filter, View};
//!
//! let graph = actorgraph::load::embedded();
//! let view = View::new(&graph, &Filter::default());
//! let options = ExploreOptions { layout: LayoutChoice::Builtin, ..ExploreOptions::default() };
//! let data = build(&view, &Filter::default(), &options).unwrap();
//! assert_eq!(data.actors.len(), graph.actors().len());
//! let html = to_html(&data);
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(!html.contains("src=\"http"));
//! ```

pub mod layout;

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Serialize;

use crate::error::Result;
use crate::lookup::{normalize, skeleton};
use crate::model::{ActorIx, PartialDate, RelationIx, SourceIx, Target};
use crate::output::dot::style::{actor_look, EdgeClass, ACTOR_LOOKS, OTHER_ACTOR};
use crate::output::SourceRecord;
use crate::query::blocs::{alliance_blocs, BlocsOptions};
use crate::query::contradictions::contradictions;
use crate::query::{Filter, View};

pub use layout::LayoutEngine;

/// The most actors the page draws by default; above it the best connected are drawn and a note says so.
pub const DEFAULT_MAX_ACTORS: usize = 5_000;
/// The most relations the page draws by default (the most confident first).
pub const DEFAULT_MAX_RELATIONS: usize = 25_000;
/// Above this many actors the automatic layout uses the built-in layout rather than Graphviz's `sfdp`,
/// which takes about a minute at 5,000 actors on a small machine.
pub const SFDP_ACTOR_LIMIT: usize = 2_000;

/// Which layout the page is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LayoutChoice {
    /// Graphviz's `sfdp` when installed and the network has at most [`SFDP_ACTOR_LIMIT`] actors; the
    /// built-in layout otherwise.
    #[default]
    Auto,
    /// Graphviz's `sfdp`; an error when Graphviz is missing.
    Sfdp,
    /// Graphviz's `dot`; an error when Graphviz is missing.
    Dot,
    /// The built-in layout.
    Builtin,
}

/// How the page is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExploreOptions {
    /// The layout.
    pub layout: LayoutChoice,
    /// Draw at most this many actors (the best connected; ties by id).
    pub max_actors: usize,
    /// Draw at most this many relations between drawn actors (highest confidence first; ties in load order).
    pub max_relations: usize,
}

impl Default for ExploreOptions {
    fn default() -> Self {
        Self { layout: LayoutChoice::Auto, max_actors: DEFAULT_MAX_ACTORS, max_relations: DEFAULT_MAX_RELATIONS }
    }
}

/// One actor as the page knows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageActor {
    /// The dataset id.
    pub id: String,
    /// The display name.
    pub name: String,
    /// The actor kind.
    pub kind: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Attributes, in the dataset's order.
    pub attrs: IndexMap<String, String>,
    /// Position on the page (points, y down).
    pub x: f64,
    /// Position on the page.
    pub y: f64,
    /// Index into [`ExploreData::looks`].
    pub look: usize,
    /// [`normalize`]d id, name and aliases (tier 2 of the command line's lookup), without repeats.
    pub keys: Vec<String>,
    /// [`skeleton`]s of the same (tier 3), without repeats.
    pub skeletons: Vec<String>,
    /// The actor's alliance bloc (0-based, largest first), if it has one.
    pub bloc: Option<usize>,
}

/// One relation as the page knows it. Statements about relations have `about` instead of `to`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageRelation {
    /// The dataset id (or the generated one).
    pub id: String,
    /// Position of the acting actor in [`ExploreData::actors`].
    pub from: usize,
    /// Position of the target actor, for relations between actors.
    pub to: Option<usize>,
    /// Position of the target relation in [`ExploreData::relations`], for statements about relations.
    pub about: Option<usize>,
    /// Index into [`ExploreData::kinds`].
    pub kind: usize,
    /// When it started or was reported, as written (`2024-12`).
    pub date: Option<String>,
    /// When it ended, as written.
    pub until: Option<String>,
    /// The first day `date` covers (`2024-12-01`): the start of its validity.
    pub valid_from: Option<String>,
    /// The last day `until` covers: the end of its validity.
    pub valid_to: Option<String>,
    /// The analyst's confidence in 0..=1; `null` when the data gives none (unknown stays unknown: the page
    /// draws such a relation as a thin dotted line, never as a certain one).
    pub confidence: Option<f64>,
    /// Admiralty grade (`B2`).
    pub grade: String,
    /// Positions in [`ExploreData::sources`].
    pub sources: Vec<usize>,
    /// How many of the sources are independent of each other, as every command counts them
    /// ([`crate::model::ActorGraph::independent_sources`]: relays and shared origins count once).
    pub independent_sources: usize,
    /// The actors who deny it ([`crate::model::ActorGraph::denied_by`]), by id, whether drawn or not; left
    /// out of the page's JSON when none does (most relations), to keep large pages small.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub denied_by: Vec<PageDenier>,
    /// The analyst's note.
    pub note: Option<String>,
    /// Free attributes.
    pub attrs: IndexMap<String, String>,
    /// The relation in words (`Iran supports Bashar al-Assad`).
    pub text: String,
    /// Whether it breaks the bloc partition (a positive tie across blocs or a negative one inside a bloc).
    pub frustrated: bool,
}

/// An actor who denies a relation.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PageDenier {
    /// The actor's name.
    pub name: String,
    /// Its position in [`ExploreData::actors`], when it is drawn (filters or limits may leave it out).
    pub actor: Option<usize>,
}

/// A relation kind with its look.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageKind {
    /// The kind's name (`supports`).
    pub name: String,
    /// `positive`, `negative` or `neutral`.
    pub sign: &'static str,
    /// Whether it is a statement about a claim.
    pub statement: bool,
    /// What it means.
    pub description: String,
    /// Line colour.
    pub color: &'static str,
    /// `solid`, `dashed` or `dotted`.
    pub line: &'static str,
    /// What the line's family means, for the legend.
    pub meaning: &'static str,
}

/// How actors of one kind are drawn (the same colours as the diagrams).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageLook {
    /// The actor kind (`armed_group`; empty for "other").
    pub kind: &'static str,
    /// The legend's word for it.
    pub legend: &'static str,
    /// Fill colour.
    pub fill: &'static str,
    /// Outline colour.
    pub border: &'static str,
    /// The Graphviz shape the diagrams use, which the page imitates (`box`, `component`, `note`, …).
    pub shape: &'static str,
    /// Rounded corners.
    pub rounded: bool,
    /// Double outline.
    pub double: bool,
}

/// One position of the time control: a date as written and the days it covers.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PageDate {
    /// As shown (`2011`, `2024-12`, `2024-12-02`).
    pub label: String,
    /// First day covered (`2024-12-01`).
    pub start: String,
    /// Last day covered (`2024-12-31`).
    pub end: String,
}

/// A denied claim.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PageClaim {
    /// Position of the claim in [`ExploreData::relations`].
    pub claim: usize,
    /// Statements reporting or claiming it.
    pub reported_by: Vec<usize>,
    /// Statements denying it.
    pub denied_by: Vec<usize>,
}

/// The alliance blocs of the drawn network.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageBlocs {
    /// How they were found (`exact` or `local search`).
    pub method: &'static str,
    /// Weighted share of signed ties the partition breaks.
    pub frustration: f64,
    /// Members of each bloc (positions in [`ExploreData::actors`]), largest first.
    pub blocs: Vec<Vec<usize>>,
    /// Why there are none, when the search could not run.
    pub note: Option<String>,
}

/// Everything the page shows, built by [`build`] and written by [`to_html`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExploreData {
    /// The page title (the dataset's title).
    pub title: String,
    /// The input files.
    pub files: Vec<String>,
    /// The filters applied before the page was written, in words.
    pub filters: Vec<String>,
    /// Which layout placed the actors (`sfdp (dot - graphviz version 2.43.0 (0))`, `built-in`).
    pub layout: String,
    /// Actors in the filtered network (drawn or not).
    pub actors_total: usize,
    /// Relations in the filtered network (drawn or not).
    pub relations_total: usize,
    /// What was left out to stay within the limits, and how to narrow the network; `None` when nothing was.
    pub cut: Option<String>,
    /// Actor looks, in the diagrams' legend order, then "other".
    pub looks: Vec<PageLook>,
    /// Relation kinds used by the drawn relations, in the registry's order.
    pub kinds: Vec<PageKind>,
    /// The drawn actors, in load order.
    pub actors: Vec<PageActor>,
    /// The drawn relations, in load order.
    pub relations: Vec<PageRelation>,
    /// Sources cited by the drawn relations, in load order.
    pub sources: Vec<SourceRecord>,
    /// The time control's positions, in date order.
    pub dates: Vec<PageDate>,
    /// Denied claims among the drawn relations, by claim id.
    pub contested: Vec<PageClaim>,
    /// Alliance blocs.
    pub blocs: PageBlocs,
    /// The ASCII transliteration of every non-ASCII character in the drawn names and of the common Latin and
    /// Arabic blocks, so the page's search normalises a query exactly as [`normalize`] does.
    pub transliteration: IndexMap<String, String>,
}

fn day((y, m, d): (i32, u8, u8)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// Builds the page's data for `view` (already filtered by `filter`, which is only described).
///
/// # Errors
/// [`crate::Error::Render`] when an explicitly chosen Graphviz engine is missing or fails.
///
/// # Complexity
/// O(A log A + R log R) plus the layout and the bloc search (bounded by its own work limit).
pub fn build(view: &View, filter: &Filter, options: &ExploreOptions) -> Result<ExploreData> {
    let graph = view.graph();
    let actors_total = view.actor_count();
    let relations_total = view.relation_count();

    // Which actors: all, or the best connected (degree in the view, ties by id).
    let mut degree = vec![0_usize; graph.actors().len()];
    for r in view.relations() {
        let rel = graph.relation(r);
        degree[rel.from.index()] += 1;
        if let Target::Actor(a) = rel.to {
            degree[a.index()] += 1;
        }
    }
    let mut kept: Vec<ActorIx> = view.actors().collect();
    let mut cut = Vec::new();
    if kept.len() > options.max_actors {
        kept.sort_by(|&a, &b| {
            degree[b.index()].cmp(&degree[a.index()]).then_with(|| graph.actor(a).id.cmp(&graph.actor(b).id))
        });
        kept.truncate(options.max_actors);
        kept.sort_unstable();
        cut.push(format!("{} of {actors_total} actors (the best connected)", kept.len()));
    }
    let mut position = vec![usize::MAX; graph.actors().len()];
    for (p, &a) in kept.iter().enumerate() {
        position[a.index()] = p;
    }
    // Which relations: between drawn actors, then statements about drawn relations (recursively, as a
    // statement may be about a statement), at most `max_relations`, the most confident first.
    let drawn_actor = |a: ActorIx| position[a.index()] != usize::MAX;
    let mut candidates: Vec<RelationIx> = view
        .relations()
        .filter(|&r| {
            let rel = graph.relation(r);
            drawn_actor(rel.from) && matches!(rel.to, Target::Actor(a) if drawn_actor(a))
        })
        .collect();
    let mut chosen: BTreeSet<RelationIx> = BTreeSet::new();
    if candidates.len() > options.max_relations {
        // The most confident first; an unknown confidence ranks below every known one, never as certain.
        let confidence = |r: RelationIx| graph.relation(r).confidence.unwrap_or(f64::NEG_INFINITY);
        candidates.sort_by(|&a, &b| confidence(b).total_cmp(&confidence(a)).then(a.cmp(&b)));
        candidates.truncate(options.max_relations);
    }
    chosen.extend(candidates);
    loop {
        let before = chosen.len();
        let statements: Vec<RelationIx> = chosen
            .iter()
            .flat_map(|&r| view.statements_about(r))
            .filter(|&s| drawn_actor(graph.relation(s).from) && !chosen.contains(&s))
            .collect();
        for s in statements {
            if chosen.len() >= options.max_relations {
                break;
            }
            chosen.insert(s);
        }
        if chosen.len() == before || chosen.len() >= options.max_relations {
            break;
        }
    }
    if chosen.len() < relations_total {
        cut.push(format!(
            "{} of {relations_total} relations (between drawn actors, the most confident first)",
            chosen.len()
        ));
    }
    let relations: Vec<RelationIx> = chosen.into_iter().collect();
    let mut rel_position = vec![usize::MAX; graph.relations().len()];
    for (p, &r) in relations.iter().enumerate() {
        rel_position[r.index()] = p;
    }

    // Layout.
    let links: Vec<(usize, usize)> = relations
        .iter()
        .filter_map(|&r| {
            let rel = graph.relation(r);
            match rel.to {
                Target::Actor(a) => Some((position[rel.from.index()], position[a.index()])),
                Target::Relation(_) => None,
            }
        })
        .collect();
    // Up to LABELLED_ACTORS the page always shows names, so the layout makes room for them (about 7 points a
    // character at the page's 12 px font); above it actors are small squares until one zooms in.
    let sizes: Vec<(f64, f64)> = kept
        .iter()
        .map(|&a| {
            if kept.len() <= LABELLED_ACTORS {
                #[allow(clippy::cast_precision_loss)] // names are short
                let chars = graph.actor(a).name.chars().count() as f64;
                (chars * 7.0 + 14.0, 22.0)
            } else {
                (12.0, 12.0)
            }
        })
        .collect();
    let (positions, layout_name) = place(&sizes, &links, options.layout)?;

    // Blocs.
    let blocs_found = alliance_blocs(view, &BlocsOptions::default());
    let (page_blocs, bloc_of_actor, frustrated) = match &blocs_found {
        Ok(b) => {
            let members: Vec<Vec<usize>> = b
                .blocs
                .iter()
                .map(|bloc| bloc.iter().filter(|&&a| drawn_actor(a)).map(|&a| position[a.index()]).collect())
                .collect();
            let frustrated: BTreeSet<RelationIx> = b.frustrated.iter().copied().collect();
            let bloc_of: Vec<Option<usize>> = kept.iter().map(|&a| b.bloc_of(a)).collect();
            (
                PageBlocs { method: b.method.as_str(), frustration: b.frustration, blocs: members, note: None },
                bloc_of,
                frustrated,
            )
        }
        Err(e) => (
            PageBlocs { method: "none", frustration: 0.0, blocs: Vec::new(), note: Some(e.to_string()) },
            vec![None; kept.len()],
            BTreeSet::new(),
        ),
    };

    // Kinds used, in registry order.
    let mut kind_used = vec![false; graph.kinds().iter().count()];
    for &r in &relations {
        kind_used[usize::from(graph.relation(r).kind.0)] = true;
    }
    let mut kind_position = vec![usize::MAX; kind_used.len()];
    let mut kinds = Vec::new();
    for (id, info) in graph.kinds().iter() {
        if kind_used[usize::from(id.0)] {
            kind_position[usize::from(id.0)] = kinds.len();
            let class = EdgeClass::of(info);
            kinds.push(PageKind {
                name: info.name.clone(),
                sign: info.sign.as_str(),
                statement: info.statement,
                description: info.description.clone(),
                color: class.look().color,
                line: class.look().line,
                meaning: class.meaning(),
            });
        }
    }

    // Sources cited, in load order.
    let mut cited: BTreeSet<SourceIx> = BTreeSet::new();
    for &r in &relations {
        cited.extend(graph.relation(r).sources.iter().copied());
    }
    let mut source_position = vec![usize::MAX; graph.sources().len()];
    let sources: Vec<SourceRecord> = cited
        .iter()
        .enumerate()
        .map(|(p, &s)| {
            source_position[s.index()] = p;
            SourceRecord::new(graph, s)
        })
        .collect();

    let looks: Vec<&'static crate::output::dot::style::ActorLook> =
        ACTOR_LOOKS.iter().chain(std::iter::once(&OTHER_ACTOR)).collect();
    let page_looks = looks
        .iter()
        .map(|l| PageLook {
            kind: l.kind,
            legend: l.legend,
            fill: l.fill,
            border: l.border,
            shape: l.shape,
            rounded: l.rounded,
            double: l.double,
        })
        .collect();

    let mut transliteration: IndexMap<String, String> = IndexMap::new();
    let mut add_chars = |text: &str| {
        for c in text.chars().filter(|c| !c.is_ascii()) {
            transliteration
                .entry(c.to_string())
                .or_insert_with(|| deunicode::deunicode_char(c).unwrap_or("").to_owned());
        }
    };
    for range in [0x00c0_u32..0x0250, 0x02b0..0x0300, 0x0600..0x0700, 0x1e00..0x1f00, 0x2010..0x2020] {
        for code in range {
            if let Some(c) = char::from_u32(code) {
                add_chars(&c.to_string());
            }
        }
    }

    let mut page_actors = Vec::with_capacity(kept.len());
    for (p, &a) in kept.iter().enumerate() {
        let actor = graph.actor(a);
        let mut keys: Vec<String> = Vec::new();
        let mut skeletons: Vec<String> = Vec::new();
        for name in std::iter::once(&actor.id).chain(std::iter::once(&actor.name)).chain(&actor.aliases) {
            add_chars(name);
            let key = normalize(name);
            let skel = skeleton(name);
            if !key.is_empty() && !keys.contains(&key) {
                keys.push(key);
            }
            if !skel.is_empty() && !skeletons.contains(&skel) {
                skeletons.push(skel);
            }
        }
        let kind = actor_look(&actor.kind).kind;
        let look = looks.iter().position(|l| !kind.is_empty() && l.kind == kind).unwrap_or(looks.len() - 1);
        page_actors.push(PageActor {
            id: actor.id.clone(),
            name: actor.name.clone(),
            kind: actor.kind.clone(),
            aliases: actor.aliases.clone(),
            tags: actor.tags.clone(),
            attrs: actor.attrs.clone(),
            x: positions[p].0,
            y: positions[p].1,
            look,
            keys,
            skeletons,
            bloc: bloc_of_actor[p],
        });
    }

    let mut dates: BTreeSet<PartialDate> = BTreeSet::new();
    let page_relations: Vec<PageRelation> = relations
        .iter()
        .map(|&r| {
            let rel = graph.relation(r);
            dates.extend(rel.date);
            dates.extend(rel.until);
            let (to, about) = match rel.to {
                Target::Actor(a) => (Some(position[a.index()]), None),
                Target::Relation(t) => (None, Some(rel_position[t.index()]).filter(|&p| p != usize::MAX)),
            };
            PageRelation {
                id: rel.id.to_string(),
                from: position[rel.from.index()],
                to,
                about,
                kind: kind_position[usize::from(rel.kind.0)],
                date: rel.date.map(|d| d.to_string()),
                until: rel.until.map(|d| d.to_string()),
                // The validity rule of `--as-of` (see `Filter::keeps_relation`): valid from the first day of
                // `date` to the last day of `until`; an end or start that is not given is open.
                valid_from: rel.date.map(|d| day(d.start())),
                valid_to: rel.until.map(|d| day(d.end())),
                confidence: rel.confidence,
                grade: graph.grade(rel).to_string(),
                sources: rel.sources.iter().map(|&s| source_position[s.index()]).collect(),
                independent_sources: graph.independent_sources(rel),
                denied_by: graph
                    .denied_by(r)
                    .into_iter()
                    .map(|a| PageDenier {
                        name: graph.actor(a).name.clone(),
                        actor: Some(position[a.index()]).filter(|&p| p != usize::MAX),
                    })
                    .collect(),
                note: rel.note.as_deref().map(str::to_owned),
                attrs: (*rel.attrs).clone(),
                text: graph.describe(rel),
                frustrated: frustrated.contains(&r),
            }
        })
        .collect();
    // Every year between the first and last date, and every date the dataset gives, so the control moves
    // through quiet years too.
    if let (Some(first), Some(last)) = (dates.first().copied(), dates.last().copied()) {
        for year in first.year()..=last.year() {
            dates.extend(PartialDate::from_parts(year, None, None));
        }
    }
    let page_dates =
        dates.iter().map(|d| PageDate { label: d.to_string(), start: day(d.start()), end: day(d.end()) }).collect();

    let found = contradictions(view);
    let contested = found
        .claims
        .iter()
        .filter(|c| rel_position[c.claim.index()] != usize::MAX)
        .map(|c| {
            let keep = |list: &[RelationIx]| {
                list.iter().map(|&s| rel_position[s.index()]).filter(|&p| p != usize::MAX).collect::<Vec<_>>()
            };
            PageClaim {
                claim: rel_position[c.claim.index()],
                reported_by: keep(&c.reported_by),
                denied_by: keep(&c.denied_by),
            }
        })
        .collect();

    let title = graph
        .files()
        .iter()
        .find_map(|f| f.title.clone())
        .unwrap_or_else(|| graph.files().first().map_or_else(|| "actorgraph".to_owned(), |f| f.path.clone()));
    let cut = (!cut.is_empty()).then(|| {
        format!(
            "Drawn: {}. Narrow the network to see the rest: --tag, --actor-kind, --kind, --as-of, --min-confidence, \
             or raise --max-actors / --max-relations.",
            cut.join("; ")
        )
    });
    Ok(ExploreData {
        title,
        files: graph.files().iter().map(|f| f.path.clone()).collect(),
        filters: filter.describe(graph),
        layout: layout_name,
        actors_total,
        relations_total,
        cut,
        looks: page_looks,
        kinds,
        actors: page_actors,
        relations: page_relations,
        sources,
        dates: page_dates,
        contested,
        blocs: page_blocs,
        transliteration,
    })
}

/// Up to this many actors the page shows every name (the script's `labelsAlways` uses the same number).
const LABELLED_ACTORS: usize = 300;

fn place(sizes: &[(f64, f64)], links: &[(usize, usize)], choice: LayoutChoice) -> Result<(Vec<(f64, f64)>, String)> {
    let n = sizes.len();
    let engine = match choice {
        LayoutChoice::Auto if n > SFDP_ACTOR_LIMIT => LayoutEngine::Builtin,
        LayoutChoice::Auto | LayoutChoice::Sfdp => LayoutEngine::Sfdp,
        LayoutChoice::Dot => LayoutEngine::Dot,
        LayoutChoice::Builtin => LayoutEngine::Builtin,
    };
    if engine == LayoutEngine::Builtin {
        return Ok((layout::builtin(sizes, links), LayoutEngine::Builtin.as_str().to_owned()));
    }
    match layout::graphviz(engine, sizes, links) {
        Ok(positions) => {
            // `dot - graphviz version 2.43.0 (0)` → `2.43.0`.
            let version = crate::output::dot::graphviz_version().unwrap_or_default();
            let number = version.split("version ").nth(1).and_then(|v| v.split(' ').next()).unwrap_or("");
            Ok((positions, format!("{}, Graphviz {number}", engine.as_str())))
        }
        Err(e) if choice == LayoutChoice::Auto && layout::graphviz_missing(&e) => {
            Ok((layout::builtin(sizes, links), "built-in (Graphviz is not installed)".to_owned()))
        }
        Err(e) => Err(e),
    }
}

const TEMPLATE: &str = include_str!("assets/page.html");
const STYLE: &str = include_str!("assets/explore.css");
const SCRIPT: &str = include_str!("assets/explore.js");

/// The page: [`ExploreData`] as JSON inside a `<script type="application/json">` element, with the
/// explorer's styles and script inline.
#[must_use]
pub fn to_html(data: &ExploreData) -> String {
    // `<` never appears raw inside the JSON, so no text in the data can close the script element.
    let json = serde_json::to_string(data).unwrap_or_else(|_| "{}".to_owned()).replace('<', "\\u003c");
    let title = crate::output::escape_markup(&data.title);
    // One pass over the template, so a placeholder-like text inside the data or the title stays as it is.
    let mut out = String::with_capacity(TEMPLATE.len() + STYLE.len() + SCRIPT.len() + json.len() + 2 * title.len());
    let mut rest = TEMPLATE;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        out.push_str(match &after[..close] {
            "title" => &title,
            "style" => STYLE,
            "script" => SCRIPT,
            "data" => &json,
            _ => "",
        });
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(options: &ExploreOptions) -> ExploreData {
        let graph = crate::load::embedded();
        let view = View::new(&graph, &Filter::default());
        build(&view, &Filter::default(), options).unwrap()
    }

    #[test]
    fn every_actor_and_relation_of_the_bundled_dataset_is_drawn_and_statements_point_at_claims() {
        let graph = crate::load::embedded();
        let d = data(&ExploreOptions { layout: LayoutChoice::Builtin, ..ExploreOptions::default() });
        assert_eq!(d.actors.len(), graph.actors().len());
        assert_eq!(d.relations.len(), graph.relations().len());
        assert!(d.cut.is_none());
        let statements = graph.relations().iter().filter(|r| matches!(r.to, Target::Relation(_))).count();
        assert_eq!(d.relations.iter().filter(|r| r.about.is_some()).count(), statements);
        assert!(!d.contested.is_empty());
    }

    #[test]
    fn limits_draw_the_best_connected_and_say_what_was_left_out() {
        let d = data(&ExploreOptions { layout: LayoutChoice::Builtin, max_actors: 5, max_relations: 4 });
        assert_eq!(d.actors.len(), 5);
        assert!(d.relations.len() <= 4);
        let cut = d.cut.unwrap();
        assert!(cut.contains("5 of 26 actors") && cut.contains("--max-actors"), "{cut}");
    }

    #[test]
    fn the_json_cannot_close_its_script_element() {
        let mut d = data(&ExploreOptions { layout: LayoutChoice::Builtin, ..ExploreOptions::default() });
        d.actors[0].name = "</script><script>alert(1)</script>".to_owned();
        let html = to_html(&d);
        assert_eq!(
            html.matches("</script>").count(),
            TEMPLATE.matches("</script>").count() + SCRIPT.matches("</script>").count()
        );
    }
}
