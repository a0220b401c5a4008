//! The report as a document: sections of blocks whose inline pieces cite relations, sources and actors.
//! Both writers (HTML and Markdown) render this one structure, so the two always say the same thing.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::{ActorGraph, ActorIx, RelationIx, SourceIx};
use crate::query::request::{answer, Answer, Request};

use super::ReportSpec;

/// A piece of running text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// A relation, linked to its entry among the relations cited.
    Relation(RelationIx),
    /// A source, linked to the bibliography.
    Source(SourceIx),
    /// An actor, linked to the list of actors.
    Actor(ActorIx),
}

/// A rendered diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The SVG file name beside the Markdown report (`network.svg`).
    pub file: String,
    /// The SVG document.
    pub svg: String,
    /// What the figure shows.
    pub caption: String,
}

/// A block of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Para(Vec<Inline>),
    /// A small heading inside a section.
    Heading(String),
    /// Label–value pairs.
    Facts(Vec<(String, Vec<Inline>)>),
    /// A table: header and rows of cells.
    Table {
        /// Column names.
        header: Vec<String>,
        /// Rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A bulleted list.
    List(Vec<Vec<Inline>>),
    /// A diagram.
    Figure(Figure),
}

/// One section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The heading.
    pub title: String,
    /// The paragraph under the heading.
    pub intro: Option<String>,
    /// The command the section ran, as typed (shown so a reader can rerun it).
    pub command: Option<String>,
    /// The content.
    pub blocks: Vec<Block>,
}

/// A whole report, with everything it cites.
#[derive(Debug, Clone)]
pub struct Document<'g> {
    /// The dataset.
    pub graph: &'g ActorGraph,
    /// The title.
    pub title: String,
    /// Lines under the title: dataset files, counts.
    pub subtitle: Vec<String>,
    /// The sections.
    pub sections: Vec<Section>,
    /// Relations cited anywhere, sorted by id.
    pub relations: Vec<RelationIx>,
    /// Sources cited (by the relations cited), sorted by id.
    pub sources: Vec<SourceIx>,
    /// Actors cited, sorted by id.
    pub actors: Vec<ActorIx>,
}

/// Makes a figure from the words of `actorgraph dot`; `None` when there is nothing to draw.
pub type DiagramMaker<'a> = dyn FnMut(&[String]) -> Result<Option<Figure>> + 'a;

/// Resolves a section's command from its words (without `actorgraph`) into the library's request: `Err` for
/// a failing resolution (an unknown actor, a bad date), `Ok(Err(message))` for words that are not a command
/// the report can run (the report names the section in the error it makes of the message). The command line
/// supplies it, as it is the one that knows the commands' words.
pub type Resolver<'a> = dyn FnMut(&[String]) -> Result<std::result::Result<Request, String>> + 'a;

/// Runs every section of `spec` on `graph`: each command resolved by `resolve` into a [`Request`] and
/// answered by [`answer`], each diagram made by `diagram`, and gathers what they cite. The sections are laid
/// out from the answers' records, made in memory. The spec is checked whole first ([`super::check_spec`]): a section that would write is refused
/// before any runs. A section with nothing to show says so in one line; every table and list is cut at
/// [`super::MAX_ROWS`] rows with a note naming the command that lists them all.
///
/// # Errors
/// A section that is not a read-only query; a section whose command does not parse or fails (unknown
/// actor, bad flag), or whose `select` pointer is not in the answer; a diagram that cannot be made.
pub fn build<'g>(
    graph: &'g ActorGraph,
    spec: &ReportSpec,
    resolve: &mut Resolver,
    diagram: &mut DiagramMaker,
) -> Result<Document<'g>> {
    super::check_spec(spec)?;
    let mut cite = Cite { graph, relations: BTreeSet::new(), actors: BTreeSet::new(), command: String::new() };
    let mut sections = Vec::new();
    for section in &spec.sections {
        let fail = |message: String| Error::InvalidArgument {
            argument: format!("report section '{}'", section.title),
            message,
        };
        let mut blocks = Vec::new();
        if let Some(words) = &section.diagram {
            match diagram(words)? {
                Some(figure) => blocks.push(Block::Figure(figure)),
                None => blocks.push(Block::Para(vec![Inline::Text("Nothing to draw.".to_owned())])),
            }
        }
        let mut command = None;
        if !section.command.is_empty() {
            let typed =
                format!("actorgraph {}", section.command.iter().map(|w| quote_word(w)).collect::<Vec<_>>().join(" "));
            cite.command.clone_from(&typed);
            let request = resolve(&section.command)?.map_err(fail)?;
            let Answer { mut value, nothing_found } = answer(graph, &request, None)?;
            // The part is taken out of the answer, not copied (a timeline's events are most of it).
            let value = match &section.select {
                Some(pointer) => value
                    .pointer_mut(pointer)
                    .map(Value::take)
                    .ok_or_else(|| fail(format!("its answer has no part '{pointer}'")))?,
                None => value,
            };
            if nothing_found && is_empty(&value) {
                blocks.push(Block::Para(vec![Inline::Text("Nothing found.".to_owned())]));
            } else if let Some(series) = cite.series(&value, sections.len() + 1) {
                // `central`/`blocs` with --every or --series: one column per date, as the default report's trends.
                blocks.extend(series);
            } else {
                blocks.extend(cite.blocks("", &value));
            }
            command = Some(typed);
        }
        sections.push(Section { title: section.title.clone(), intro: section.intro.clone(), command, blocks });
    }
    let relations: Vec<RelationIx> = sorted_by_id(cite.relations.into_iter(), |r| graph.relation(r).id.to_string());
    let mut source_set = BTreeSet::new();
    for &r in &relations {
        source_set.extend(graph.relation(r).sources.iter().copied());
    }
    let sources = sorted_by_id(source_set.into_iter(), |s| graph.source(s).id.clone());
    let mut actor_set = cite.actors;
    for &r in &relations {
        actor_set.insert(graph.relation(r).from);
        if let crate::Target::Actor(a) = graph.relation(r).to {
            actor_set.insert(a);
        }
    }
    let actors = sorted_by_id(actor_set.into_iter(), |a| graph.actor(a).id.clone());
    let title = spec
        .title
        .clone()
        .or_else(|| graph.files().iter().find_map(|f| f.title.clone()))
        .unwrap_or_else(|| "actorgraph report".to_owned());
    let subtitle = vec![
        format!("Dataset: {}", graph.files().iter().map(|f| f.path.as_str()).collect::<Vec<_>>().join(", ")),
        format!(
            "{} actors, {} relations, {} sources; this report cites {} relations from {} sources",
            graph.actors().len(),
            graph.relations().len(),
            graph.sources().len(),
            relations.len(),
            sources.len()
        ),
    ];
    Ok(Document { graph, title, subtitle, sections, relations, sources, actors })
}

fn sorted_by_id<T: Copy>(items: impl Iterator<Item = T>, id: impl Fn(T) -> String) -> Vec<T> {
    let mut items: Vec<T> = items.collect();
    items.sort_by_key(|&item| id(item));
    items
}

fn quote_word(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_.,:/".contains(c)) {
        word.to_owned()
    } else {
        format!("\"{}\"", word.replace('"', "\\\""))
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_empty),
        _ => false,
    }
}

/// Turns `under_score` keys into labels (`Under score`).
fn label(key: &str) -> String {
    let text = key.replace('_', " ");
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Keys whose text is prose, never an id to link.
const PROSE_KEYS: &[&str] = &["note", "text", "name", "kind", "grade", "date", "until", "sign", "direction", "method"];

fn is_relation(map: &Map<String, Value>) -> bool {
    ["id", "kind", "text", "from", "to"].iter().all(|k| map.contains_key(*k))
}

fn number(n: &serde_json::Number) -> String {
    match (n.as_i64(), n.as_f64()) {
        (Some(i), _) => i.to_string(),
        (None, Some(f)) => {
            let text = format!("{f:.6}");
            let text = text.trim_end_matches('0').trim_end_matches('.');
            text.to_owned()
        }
        _ => n.to_string(),
    }
}

struct Cite<'g> {
    graph: &'g ActorGraph,
    relations: BTreeSet<RelationIx>,
    actors: BTreeSet<ActorIx>,
    /// The command of the section being laid out, as typed (named in notes on what was cut).
    command: String,
}

/// The first [`super::MAX_ROWS`] list items, and a note on the rest when there are more.
fn bounded_list(mut items: Vec<Vec<Inline>>, command: &str) -> (Vec<Vec<Inline>>, Option<Block>) {
    let total = items.len();
    if total <= super::MAX_ROWS {
        return (items, None);
    }
    items.truncate(super::MAX_ROWS);
    let note = format!("Showing the first {} of {total}; `{command} --format json` lists every one.", super::MAX_ROWS);
    (items, Some(Block::Para(vec![Inline::Text(note)])))
}

/// The first [`super::MAX_ROWS`] items, and a note on the rest when there are more.
fn bounded<'v>(items: &'v [Value], command: &str) -> (&'v [Value], Option<Block>) {
    if items.len() <= super::MAX_ROWS {
        return (items, None);
    }
    let note = format!(
        "Showing the first {} of {}; `{} --format json` lists every one.",
        super::MAX_ROWS,
        items.len(),
        if command.is_empty() { "the section's command" } else { command }
    );
    (&items[..super::MAX_ROWS], Some(Block::Para(vec![Inline::Text(note)])))
}

impl Cite<'_> {
    /// The answer of `central` or `blocs` at a series of dates (`--every`, `--series`: a list of entries with
    /// a `date` and `scores` or `blocs`) laid out over time: for `central`, a line chart (`trends-N.svg`, N
    /// the section's number) of the actors in the top 3 at any date and a table of their rank and score at
    /// each date; for `blocs`, each actor's bloc at each date, who switched, and the frustration by date.
    /// `None` for any other answer (laid out as usual).
    fn series(&mut self, value: &Value, section: usize) -> Option<Vec<Block>> {
        let entries: Vec<&Map<String, Value>> = value.as_array()?.iter().filter_map(Value::as_object).collect();
        if entries.is_empty()
            || entries.len() != value.as_array()?.len()
            || !entries.iter().all(|e| e.contains_key("date"))
        {
            return None;
        }
        let dates: Vec<String> = entries.iter().map(|e| e["date"].as_str().unwrap_or_default().to_owned()).collect();
        let list = |e: &Map<String, Value>, key: &str| -> Vec<Map<String, Value>> {
            e.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object).cloned().collect()
        };
        let id_of = |m: &Map<String, Value>| m.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
        let mut blocks = Vec::new();
        let mut header = vec!["Actor".to_owned()];
        header.extend(dates.iter().cloned());
        let dash = || vec![Inline::Text("—".to_owned())];
        if entries.iter().all(|e| e.get("scores").is_some_and(Value::is_array)) {
            // Actors in the top 3 at any date, in order of first appearance (best rank first within a date).
            let mut leaders: Vec<String> = Vec::new();
            for e in &entries {
                let mut top: Vec<Map<String, Value>> = list(e, "scores")
                    .into_iter()
                    .filter(|m| m.get("rank").and_then(Value::as_u64).is_some_and(|r| r <= 3))
                    .collect();
                top.sort_by_key(|m| m.get("rank").and_then(Value::as_u64).unwrap_or(u64::MAX));
                for m in top {
                    let id = id_of(&m);
                    if !leaders.contains(&id) {
                        leaders.push(id);
                    }
                }
            }
            let at = |e: &Map<String, Value>, id: &str| -> Option<(u64, f64)> {
                list(e, "scores")
                    .into_iter()
                    .find(|m| id_of(m) == id)
                    .and_then(|m| Some((m.get("rank")?.as_u64()?, m.get("score")?.as_f64()?)))
            };
            let name = |id: &str| -> String {
                entries
                    .iter()
                    .flat_map(|e| list(e, "scores"))
                    .find(|m| id_of(m) == id)
                    .and_then(|m| m.get("name").and_then(Value::as_str).map(str::to_owned))
                    .unwrap_or_else(|| id.to_owned())
            };
            let lines: Vec<crate::output::chart::Line> = leaders
                .iter()
                .take(super::trends::CHART_ACTORS)
                .map(|id| crate::output::chart::Line {
                    label: name(id),
                    values: entries.iter().map(|e| at(e, id).map(|(_, s)| s)).collect(),
                })
                .collect();
            blocks.push(Block::Figure(Figure {
                file: format!("trends-{section}.svg"),
                svg: crate::output::chart::line_chart("Scores of the key actors, by date", &dates, &lines),
                caption: format!(
                    "The scores of the actors in the top 3 at any of {} dates ({} of them drawn).",
                    dates.len(),
                    lines.len()
                ),
            }));
            let rows = leaders
                .iter()
                .take(super::MAX_ROWS)
                .map(|id| {
                    let mut row = vec![self.string("id", id)];
                    row.extend(entries.iter().map(|e| {
                        at(e, id).map_or_else(dash, |(r, s)| {
                            vec![Inline::Text(format!("{r}: {}", crate::output::fmt_score(s)))]
                        })
                    }));
                    row
                })
                .collect();
            blocks.push(Block::Heading("Rank and score at each date".to_owned()));
            blocks.push(Block::Table { header, rows });
            if leaders.len() > super::MAX_ROWS {
                blocks.push(Block::Para(vec![Inline::Text(format!(
                    "Showing the first {} of {} actors; `{} --format json` lists every score.",
                    super::MAX_ROWS,
                    leaders.len(),
                    self.command
                ))]));
            }
            return Some(blocks);
        }
        if !entries.iter().all(|e| e.get("blocs").is_some_and(Value::is_array) && e.contains_key("switched")) {
            return None;
        }
        // Each actor's bloc at each date, actors in order of first appearance.
        let bloc_at = |e: &Map<String, Value>, id: &str| -> Option<u64> {
            list(e, "blocs").into_iter().find_map(|b| {
                let members = b.get("members")?.as_array()?;
                members.iter().any(|m| m.as_str() == Some(id)).then(|| b.get("bloc")?.as_u64()).flatten()
            })
        };
        let mut members: Vec<String> = Vec::new();
        for e in &entries {
            for b in list(e, "blocs") {
                for m in b.get("members").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                    if !members.iter().any(|x| x == m) {
                        members.push(m.to_owned());
                    }
                }
            }
        }
        let rows = members
            .iter()
            .take(super::MAX_ROWS)
            .map(|id| {
                let mut row = vec![self.string("id", id)];
                row.extend(
                    entries.iter().map(|e| bloc_at(e, id).map_or_else(dash, |n| vec![Inline::Text(n.to_string())])),
                );
                row
            })
            .collect();
        blocks.push(Block::Heading("Bloc of each actor".to_owned()));
        blocks.push(Block::Table { header, rows });
        if members.len() > super::MAX_ROWS {
            blocks.push(Block::Para(vec![Inline::Text(format!(
                "Showing the first {} of {} actors; `{} --format json` lists every one.",
                super::MAX_ROWS,
                members.len(),
                self.command
            ))]));
        }
        let mut moves = Vec::new();
        for (e, date) in entries.iter().zip(&dates) {
            for m in list(e, "switched") {
                let mut item = vec![Inline::Text(format!("{date}: "))];
                item.extend(self.string("id", &id_of(&m)));
                let bloc = |k: &str| m.get(k).and_then(Value::as_u64).map_or_else(|| "—".to_owned(), |n| n.to_string());
                item.push(Inline::Text(format!(" moved from bloc {} to bloc {}", bloc("from_bloc"), bloc("to_bloc"))));
                moves.push(item);
            }
        }
        blocks.push(Block::Heading("Who switched bloc".to_owned()));
        if moves.is_empty() {
            blocks.push(Block::Para(vec![Inline::Text(
                "Nobody present at two successive dates changed bloc; actors only joined or left the signed network."
                    .to_owned(),
            )]));
        } else {
            let (shown, note) = bounded_list(moves, &self.command);
            blocks.push(Block::List(shown));
            blocks.extend(note);
        }
        let frustration: Vec<String> = entries
            .iter()
            .zip(&dates)
            .map(|(e, d)| {
                format!(
                    "{d} {}",
                    e.get("frustration")
                        .and_then(Value::as_f64)
                        .map_or_else(|| "—".to_owned(), crate::output::fmt_score)
                )
            })
            .collect();
        blocks.push(Block::Para(vec![Inline::Text(format!(
            "Frustration of the partition by date: {}.",
            frustration.join("; ")
        ))]));
        Some(blocks)
    }

    fn blocks(&mut self, key: &str, value: &Value) -> Vec<Block> {
        match value {
            Value::Array(items) if items.is_empty() => vec![Block::Para(vec![Inline::Text("None.".to_owned())])],
            Value::Array(items) => {
                let (shown, note) = bounded(items, &self.command);
                let block = if shown.iter().all(Value::is_object) {
                    self.table(shown)
                } else {
                    Block::List(shown.iter().map(|i| self.inline(key, i)).collect())
                };
                std::iter::once(block).chain(note).collect()
            }
            Value::Object(map) if is_relation(map) => vec![Block::Para(self.relation(map))],
            Value::Object(map) => {
                let mut facts = Vec::new();
                let mut nested = Vec::new();
                for (k, v) in map {
                    // An empty list says nothing under its label (`cycles: []` printed an empty "Cycles"); nor
                    // does a search's bookkeeping when nothing was cut.
                    if matches!(v, Value::Array(a) if a.is_empty()) || says_nothing(map, k, v) {
                        continue;
                    }
                    let complex = match v {
                        Value::Array(a) => a.iter().any(|x| x.is_object() || x.is_array()),
                        Value::Object(m) => !is_relation(m),
                        _ => false,
                    };
                    if complex {
                        nested.push((k, v));
                    } else {
                        facts.push((label(k), self.inline(k, v)));
                    }
                }
                let mut blocks = Vec::new();
                if !facts.is_empty() {
                    blocks.push(Block::Facts(facts));
                }
                for (k, v) in nested {
                    blocks.push(Block::Heading(label(k)));
                    blocks.extend(self.blocks(k, v));
                }
                blocks
            }
            scalar => vec![Block::Para(self.inline(key, scalar))],
        }
    }

    fn table(&mut self, items: &[Value]) -> Block {
        let maps: Vec<&Map<String, Value>> = items.iter().filter_map(Value::as_object).collect();
        if maps.iter().all(|m| is_relation(m)) {
            let rows = maps
                .iter()
                .map(|m| {
                    let id = m.get("id").and_then(Value::as_str).unwrap_or_default();
                    let mut reading = self.string("relation", id);
                    reading
                        .push(Inline::Text(format!(" {}", m.get("text").and_then(Value::as_str).unwrap_or_default())));
                    reading.extend(self.deniers(m));
                    vec![
                        reading,
                        self.inline("date", m.get("date").unwrap_or(&Value::Null)),
                        self.inline("grade", m.get("grade").unwrap_or(&Value::Null)),
                        self.inline("confidence", m.get("confidence").unwrap_or(&Value::Null)),
                        self.inline("sources", m.get("sources").unwrap_or(&Value::Null)),
                    ]
                })
                .collect();
            let header = ["Relation", "Date", "Grade", "Confidence", "Sources"].map(str::to_owned).to_vec();
            return Block::Table { header, rows };
        }
        let mut columns: Vec<&str> = Vec::new();
        for m in &maps {
            for k in m.keys() {
                if !columns.contains(&k.as_str()) {
                    columns.push(k);
                }
            }
        }
        // An `id` column of actors already shows each actor's name (as a link): a `name` column beside it
        // would only repeat it (the key-actors table did), so the ids become the "Actor" column.
        let graph = self.graph;
        let actor_names = columns.contains(&"id")
            && columns.contains(&"name")
            && maps.iter().all(|m| {
                let id = m.get("id").and_then(Value::as_str).and_then(|id| graph.actor_ix(id));
                id.is_some_and(|a| m.get("name").and_then(Value::as_str) == Some(graph.actor(a).name.as_str()))
            });
        if actor_names {
            columns.retain(|&c| c != "name");
        }
        let rows = maps
            .iter()
            .map(|m| columns.iter().map(|&c| self.inline(c, m.get(c).unwrap_or(&Value::Null))).collect())
            .collect();
        let header =
            columns.iter().map(|&c| if actor_names && c == "id" { "Actor".to_owned() } else { label(c) }).collect();
        Block::Table { header, rows }
    }

    fn inline(&mut self, key: &str, value: &Value) -> Vec<Inline> {
        match value {
            Value::Null => vec![Inline::Text("—".to_owned())],
            Value::Bool(b) => vec![Inline::Text(if *b { "yes" } else { "no" }.to_owned())],
            Value::Number(n) => vec![Inline::Text(number(n))],
            Value::String(s) => self.string(key, s),
            Value::Array(items) => {
                let mut out = Vec::new();
                let separator = if items.iter().any(Value::is_object) { "; " } else { ", " };
                for (i, item) in items.iter().take(super::MAX_ROWS).enumerate() {
                    if i > 0 {
                        out.push(Inline::Text(separator.to_owned()));
                    }
                    out.extend(self.inline(key, item));
                }
                if items.len() > super::MAX_ROWS {
                    out.push(Inline::Text(format!(
                        "{separator}… and {} more (the section's command with --format json lists every one)",
                        items.len() - super::MAX_ROWS
                    )));
                }
                out
            }
            Value::Object(map) if is_relation(map) => self.relation(map),
            Value::Object(map) if map.contains_key("relation") && map.contains_key("actor") => {
                let mut out = self.inline("actor", &map["actor"]);
                if let Some(kind) = map.get("kind").and_then(Value::as_str) {
                    out.push(Inline::Text(format!(" {kind}")));
                }
                out.push(Inline::Text(" (".to_owned()));
                out.extend(self.inline("relation", &map["relation"]));
                for k in ["date", "grade"] {
                    if let Some(v) = map.get(k).filter(|v| !v.is_null()) {
                        out.push(Inline::Text(", ".to_owned()));
                        out.extend(self.inline(k, v));
                    }
                }
                out.push(Inline::Text(")".to_owned()));
                if let Some(sources) = map.get("sources") {
                    out.push(Inline::Text(" — ".to_owned()));
                    out.extend(self.inline("sources", sources));
                }
                out
            }
            Value::Object(map) => {
                let mut out = Vec::new();
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(Inline::Text("; ".to_owned()));
                    }
                    out.push(Inline::Text(format!("{}: ", label(k))));
                    out.extend(self.inline(k, v));
                }
                out
            }
        }
    }

    fn relation(&mut self, map: &Map<String, Value>) -> Vec<Inline> {
        let id = map.get("id").and_then(Value::as_str).unwrap_or_default();
        let mut out = self.string("relation", id);
        out.push(Inline::Text(format!(" {}", map.get("text").and_then(Value::as_str).unwrap_or_default())));
        out.extend(self.deniers(map));
        let details: Vec<String> = ["date", "grade"]
            .iter()
            .filter_map(|k| map.get(*k).and_then(Value::as_str).map(str::to_owned))
            .chain(map.get("confidence").and_then(Value::as_f64).map(|c| format!("confidence {c}")))
            .collect();
        if !details.is_empty() {
            out.push(Inline::Text(format!(" ({})", details.join(", "))));
        }
        if let Some(sources) = map.get("sources").filter(|s| !is_empty(s)) {
            out.push(Inline::Text(" — ".to_owned()));
            out.extend(self.inline("sources", sources));
        }
        out
    }

    /// ` (denied by A, B)` with each denier linked, for a relation record whose `denied_by` names anyone: the
    /// mark every table puts beside a contested relation.
    fn deniers(&mut self, map: &Map<String, Value>) -> Vec<Inline> {
        let deniers: Vec<&Value> = map.get("denied_by").and_then(Value::as_array).into_iter().flatten().collect();
        if deniers.is_empty() {
            return Vec::new();
        }
        let mut out = vec![Inline::Text(" (denied by ".to_owned())];
        for (i, denier) in deniers.into_iter().enumerate() {
            if i > 0 {
                out.push(Inline::Text(", ".to_owned()));
            }
            out.extend(self.inline("actor", denier));
        }
        out.push(Inline::Text(")".to_owned()));
        out
    }

    fn string(&mut self, key: &str, text: &str) -> Vec<Inline> {
        let graph = self.graph;
        if key == "note" || key == "description" {
            // Notes and descriptions may be Markdown (STIX descriptions are): the report shows their text.
            return vec![Inline::Text(super::plain_text(text))];
        }
        if PROSE_KEYS.contains(&key) {
            return vec![Inline::Text(text.to_owned())];
        }
        if key == "sources" || key == "source" {
            if let Some(s) = graph.source_ix(text) {
                return vec![Inline::Source(s)];
            }
        }
        if let Some(r) = graph.relation_ix(text) {
            self.relations.insert(r);
            return vec![Inline::Relation(r)];
        }
        if let Some(a) = graph.actor_ix(text) {
            self.actors.insert(a);
            return vec![Inline::Actor(a)];
        }
        if let Some(s) = graph.source_ix(text) {
            return vec![Inline::Source(s)];
        }
        vec![Inline::Text(text.to_owned())]
    }
}

/// What an Admiralty reliability letter means.
#[must_use]
pub fn reliability_meaning(letter: char) -> &'static str {
    match letter {
        'A' => "completely reliable",
        'B' => "usually reliable",
        'C' => "fairly reliable",
        'D' => "not usually reliable",
        'E' => "unreliable",
        _ => "reliability cannot be judged",
    }
}

/// An HTML/Markdown anchor for an id: letters, digits, `-` and `_` kept, anything else hex-escaped, so
/// every id gets a distinct, valid anchor.
#[must_use]
pub fn anchor(prefix: &str, id: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + id.len() + 1);
    out.push_str(prefix);
    out.push('-');
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}", u32::from(c)));
            out.push('_');
        }
    }
    out
}

/// Fields of an answer that tell a reader nothing when the search was not cut: how many links the blocs
/// search visited, `stopped_early: false`, and a loop count equal to the loops listed.
fn says_nothing(map: &serde_json::Map<String, Value>, key: &str, value: &Value) -> bool {
    match key {
        "link_visits" => true,
        "stopped_early" => value == &Value::Bool(false),
        "cycles_total" => {
            value.as_u64().map(|n| n as usize) == map.get("cycles").and_then(Value::as_array).map(Vec::len)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_distinct_and_safe() {
        assert_eq!(anchor("rel", "r-1"), "rel-r-1");
        assert_ne!(anchor("rel", "a b"), anchor("rel", "a_b"));
        assert!(anchor("rel", "<\"x\">").chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn numbers_read_like_numbers() {
        assert_eq!(number(&serde_json::Number::from_f64(0.521_978_021_978).unwrap()), "0.521978");
        assert_eq!(number(&serde_json::Number::from(3)), "3");
        assert_eq!(number(&serde_json::Number::from_f64(0.5).unwrap()), "0.5");
    }
}
