//! Neo4j: the CSV files and headers of `neo4j-admin database import full`, a `load.cypher` that loads the
//! same files with `LOAD CSV`, and a `README.md` with the exact command.
//!
//! - `actors.csv`: one `(:Actor)` node per actor, with a second label from its kind (`armed_group` →
//!   `:ArmedGroup`): `id:ID(Actor)`, `:LABEL`, `name`, `kind`, `aliases:string[]`, `tags:string[]` and one
//!   column per free attribute.
//! - `relations.csv`: one relationship per relation between actors, typed by its kind in capitals
//!   (`member_of` → `:MEMBER_OF`): `id`, `:START_ID(Actor)`, `:END_ID(Actor)`, `:TYPE`, `kind`, `sign`,
//!   `symmetric:boolean`, `date`, `until` (as written, `2024-12`), `start:date` and `end:date` (the first and
//!   last day covered, for date queries), `confidence:float`, `credibility:int`, `grade`, `sources:string[]`,
//!   `independent_sources:int` (how many of the cited sources are independent of each other, see
//!   [`crate::ActorGraph::independent_sources`]), `note`, and one column per free attribute. A symmetric kind is one relationship (Cypher matches it in
//!   both directions with `-[:ALLIED_WITH]-`).
//! - Statements about relations: a Neo4j relationship cannot point at another relationship, so every
//!   relation that statements target also becomes a `(:Claim {relation_id, kind, from, to, text})` node
//!   (`claims.csv`), and each statement is a relationship from its actor to that node (`statements.csv`,
//!   same columns as `relations.csv` but `:END_ID(Claim)`). A denial of a denial targets the first denial's
//!   own claim node. `MATCH (x)-[:DENIES]->(c:Claim)` finds every denial; `c.relation_id` is the `id` of the
//!   denied relationship.
//!
//! - Sources: one `(:Source)` node per source cited in the view, and per source those rest on (`sources.csv`:
//!   `id:ID(Source)`, `:LABEL`, `publisher`, `title`, `date`, `url`, `reliability`), and one `:DERIVED_FROM`
//!   relationship from a source to each source it relays or rests on (`derived_from.csv`:
//!   `:START_ID(Source)`, `:END_ID(Source)`, `:TYPE`, `position:int`, the place in the source's
//!   `derived_from` list). A source's origins are then `MATCH (s:Source {id: $id})-[:DERIVED_FROM*0..]->(o)
//!   WHERE NOT (o)-[:DERIVED_FROM]->() RETURN o`; a relationship's `sources` property holds the ids of the
//!   `(:Source)` nodes it cites.
//!
//! Lists are `;`-separated (neo4j-admin's default array delimiter) unless an item holds a `;`: then the
//! first of `|` and U+001F that no item holds separates them, and the command and `load.cypher` say so
//! (`--array-delimiter=U+007C`), so that an alias is never split in two. Labels and relationship types are
//! distinct for distinct kinds: two kinds that would give the same one (`a,b` and `a"b` both give `AB`)
//! are numbered in the order of their names (`AB`, `AB_2`), and an actor kind never takes the `Claim`
//! label; the exact kind is the `kind` property. Notes may hold line breaks, hence `--multiline-fields=true`
//! in the command.

use std::io::Write;
use std::path::{Path, PathBuf};

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexSet;

use super::{edges_and_statements, interval, number};
use crate::error::{Error, Result};
use crate::format::csv::guard_formula;
use crate::model::view::View;
use crate::model::{ActorGraph, RelationIx, SourceIx, Target};

/// The files written into the export folder, in the order they are written.
pub const FILES: [&str; 8] = [
    "actors.csv",
    "claims.csv",
    "sources.csv",
    "relations.csv",
    "statements.csv",
    "derived_from.csv",
    "load.cypher",
    "README.md",
];

/// The bulk-import command, run from the export folder with the database stopped, when lists are
/// `;`-separated (see [`import_command`]). The database name comes right after `full`: from Neo4j 5.19 a
/// name at the end is read as one more file of the last `--relationships` ("File 'neo4j' doesn't exist"),
/// and earlier 5.x versions accept it first too.
pub const IMPORT_COMMAND: &str = "neo4j-admin database import full neo4j --nodes=actors.csv --nodes=claims.csv \
     --nodes=sources.csv --relationships=relations.csv --relationships=statements.csv \
     --relationships=derived_from.csv --multiline-fields=true --overwrite-destination";

/// The header of `sources.csv`.
const SOURCE_COLUMNS: &[&str] = &["id:ID(Source)", ":LABEL", "publisher", "title", "date", "url", "reliability"];
/// The header of `derived_from.csv`.
const DERIVED_FROM_COLUMNS: &[&str] = &[":START_ID(Source)", ":END_ID(Source)", ":TYPE", "position:int"];
/// The relationship type from a source to a source it relays or rests on.
const DERIVED_FROM: &str = "DERIVED_FROM";

const ACTOR_COLUMNS: &[&str] = &["id:ID(Actor)", ":LABEL", "name", "kind", "aliases:string[]", "tags:string[]"];
const CLAIM_COLUMNS: &[&str] = &["relation_id:ID(Claim)", ":LABEL", "kind", "from", "to", "text"];
/// Relation columns after the end id and type.
const RELATION_PROPERTIES: &[(&str, &str)] = &[
    ("kind", "kind"),
    ("sign", "sign"),
    ("symmetric", "symmetric:boolean"),
    ("date", "date"),
    ("until", "until"),
    ("start", "start:date"),
    ("end", "end:date"),
    ("confidence", "confidence:float"),
    ("credibility", "credibility:int"),
    ("grade", "grade"),
    ("sources", "sources:string[]"),
    ("independent_sources", "independent_sources:int"),
    ("note", "note"),
];

/// A relationship type from a kind: ASCII capitals, digits and underscores (`member_of` → `MEMBER_OF`).
#[must_use]
pub fn relationship_type(kind: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(kind).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        "RELATED_TO".to_owned()
    } else {
        out
    }
}

/// The list separators tried in turn: the first that no list item holds is used.
const DELIMITERS: [char; 3] = [';', '|', '\u{1f}'];

/// The bulk-import command for lists separated by `delimiter`.
///
/// ```
/// use actorgraph::format::neo4j::{import_command, IMPORT_COMMAND};
/// assert_eq!(import_command(';'), IMPORT_COMMAND);
/// assert!(import_command('|').ends_with(" --array-delimiter=U+007C"));
/// ```
#[must_use]
pub fn import_command(delimiter: char) -> String {
    if delimiter == ';' {
        IMPORT_COMMAND.to_owned()
    } else {
        format!("{IMPORT_COMMAND} --array-delimiter=U+{:04X}", u32::from(delimiter))
    }
}

/// Names for `kinds` made by `make`, distinct for distinct kinds and never one of `reserved`: kinds are
/// taken in sorted order, and a kind whose name is taken gets `_2`, `_3`, …; `None` where `make` gives none.
fn distinct_names<'k>(
    kinds: impl Iterator<Item = &'k str>,
    make: impl Fn(&str) -> Option<String>,
    reserved: &[&str],
) -> BTreeMap<&'k str, Option<String>> {
    let kinds: BTreeSet<&str> = kinds.collect();
    let mut taken: BTreeSet<String> = reserved.iter().map(|r| (*r).to_owned()).collect();
    let mut out = BTreeMap::new();
    for kind in kinds {
        let name = make(kind).map(|base| {
            let mut name = base.clone();
            let mut n = 1;
            while taken.contains(&name) {
                n += 1;
                name = format!("{base}_{n}");
            }
            taken.insert(name.clone());
            name
        });
        out.insert(kind, name);
    }
    out
}

/// A node label from an actor kind (`armed_group` → `ArmedGroup`); `None` for an empty kind.
#[must_use]
pub fn label(kind: &str) -> Option<String> {
    let words = deunicode::deunicode(kind);
    let mut out = String::new();
    for word in words.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A property name for a free attribute: ASCII letters, digits and `_`, never a fixed column's name.
fn property_names<'a>(keys: impl Iterator<Item = &'a String>, fixed: &[&str]) -> Vec<(String, String)> {
    let keys: IndexSet<&String> = keys.collect();
    let mut taken: Vec<String> = fixed.iter().map(|f| (*f).to_owned()).collect();
    let mut out = Vec::new();
    for key in keys {
        let mut name: String =
            deunicode::deunicode(key).chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) || taken.contains(&name) {
            name = format!("attr_{name}");
        }
        let base = name.clone();
        let mut n = 1;
        while taken.contains(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        taken.push(name.clone());
        out.push((key.clone(), name));
    }
    out
}

/// What the files need: the view, the relations split by target, the claims and the attribute columns.
struct Plan<'v, 'g> {
    view: &'v View<'g>,
    /// The list separator.
    delimiter: char,
    /// Second label of each actor kind in view (`None`: the kind gives none, or `Actor`).
    labels: BTreeMap<&'g str, Option<String>>,
    /// Relationship type of each relation kind in view.
    types: BTreeMap<&'g str, String>,
    edges: Vec<RelationIx>,
    statements: Vec<RelationIx>,
    claims: Vec<RelationIx>,
    /// The source nodes: every source a relation in view cites, and every source those rest on.
    sources: Vec<SourceIx>,
    actor_attrs: Vec<(String, String)>,
    relation_attrs: Vec<(String, String)>,
}

impl<'v, 'g> Plan<'v, 'g> {
    fn new(view: &'v View<'g>) -> Result<Self> {
        let graph = view.graph();
        let delimiter = list_delimiter(view)?;
        let labels = distinct_names(
            view.actors().map(|a| graph.actor(a).kind.as_str()),
            |kind| label(kind).filter(|l| l != "Actor"),
            &["Actor", "Claim"],
        );
        let types = distinct_names(
            view.relations().map(|r| graph.kind_of(graph.relation(r)).name.as_str()),
            |kind| Some(relationship_type(kind)),
            &[],
        )
        .into_iter()
        .map(|(kind, name)| (kind, name.unwrap_or_default()))
        .collect();
        let (edges, statements) = edges_and_statements(view);
        let mut targeted = vec![false; graph.relations().len()];
        for &s in &statements {
            if let Target::Relation(t) = graph.relation(s).to {
                targeted[t.index()] = true;
            }
        }
        let claims = view.relations().filter(|&r| targeted[r.index()]).collect();
        let fixed_actor = ["id", "name", "kind", "aliases", "tags"];
        let actor_attrs = property_names(view.actors().flat_map(|a| graph.actor(a).attrs.keys()), &fixed_actor);
        let mut fixed_relation = vec!["id"];
        fixed_relation.extend(RELATION_PROPERTIES.iter().map(|(p, _)| *p));
        let relation_attrs =
            property_names(view.relations().flat_map(|r| graph.relation(r).attrs.keys()), &fixed_relation);
        Ok(Self {
            view,
            delimiter,
            labels,
            types,
            edges,
            statements,
            claims,
            sources: sources_with_origins(view),
            actor_attrs,
            relation_attrs,
        })
    }

    fn graph(&self) -> &'g ActorGraph {
        self.view.graph()
    }

    fn actors(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let graph = self.graph();
        let mut csv = csv::Writer::from_writer(out);
        let mut header: Vec<String> = ACTOR_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
        header.extend(self.actor_attrs.iter().map(|(_, p)| p.clone()));
        csv.write_record(&header)?;
        for a in self.view.actors() {
            let actor = graph.actor(a);
            let labels = match self.labels.get(actor.kind.as_str()).cloned().flatten() {
                Some(kind) => format!("Actor{}{kind}", self.delimiter),
                _ => "Actor".to_owned(),
            };
            let mut row = vec![
                actor.id.clone(),
                labels,
                actor.name.clone(),
                actor.kind.clone(),
                actor.aliases.join(self.delimiter.encode_utf8(&mut [0; 4])),
                actor.tags.join(self.delimiter.encode_utf8(&mut [0; 4])),
            ];
            row.extend(self.actor_attrs.iter().map(|(k, _)| actor.attrs.get(k).cloned().unwrap_or_default()));
            csv.write_record(guarded(row, 2))?;
        }
        csv.flush()
    }

    fn claims(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let graph = self.graph();
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(CLAIM_COLUMNS)?;
        for &r in &self.claims {
            let relation = graph.relation(r);
            csv.write_record([
                relation.id.as_ref(),
                "Claim",
                &guard_formula(graph.kind_of(relation).name.as_str()),
                graph.actor(relation.from).id.as_str(),
                graph.target_id(relation),
                &guard_formula(graph.describe(relation).as_str()),
            ])?;
        }
        csv.flush()
    }

    fn sources(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let graph = self.graph();
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(SOURCE_COLUMNS)?;
        for &s in &self.sources {
            let source = graph.source(s);
            let row = vec![
                source.id.clone(),
                "Source".to_owned(),
                source.publisher.clone().unwrap_or_default(),
                source.title.clone().unwrap_or_default(),
                source.date.map(|d| d.to_string()).unwrap_or_default(),
                source.url.clone().unwrap_or_default(),
                source.reliability.map(String::from).unwrap_or_default(),
            ];
            csv.write_record(guarded(row, 2))?;
        }
        csv.flush()
    }

    fn derived_from(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let graph = self.graph();
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(DERIVED_FROM_COLUMNS)?;
        for &s in &self.sources {
            for (position, &p) in graph.source(s).derived_from.iter().enumerate() {
                let position = (position + 1).to_string();
                csv.write_record([&graph.source(s).id, &graph.source(p).id, DERIVED_FROM, &position])?;
            }
        }
        csv.flush()
    }

    /// `relations.csv` (`statements == false`) or `statements.csv`.
    fn relations(&self, out: &mut dyn Write, statements: bool) -> std::io::Result<()> {
        let graph = self.graph();
        let mut csv = csv::Writer::from_writer(out);
        let mut header = vec![
            "id".to_owned(),
            ":START_ID(Actor)".to_owned(),
            format!(":END_ID({})", if statements { "Claim" } else { "Actor" }),
        ];
        header.push(":TYPE".to_owned());
        header.extend(RELATION_PROPERTIES.iter().map(|(_, c)| (*c).to_owned()));
        header.extend(self.relation_attrs.iter().map(|(_, p)| p.clone()));
        csv.write_record(&header)?;
        for &r in if statements { &self.statements } else { &self.edges } {
            let relation = graph.relation(r);
            let kind = graph.kind_of(relation);
            let (start, end) = interval(graph, relation);
            let mut row = vec![
                relation.id.to_string(),
                graph.actor(relation.from).id.clone(),
                graph.target_id(relation).to_owned(),
                self.types.get(kind.name.as_str()).cloned().unwrap_or_default(),
                kind.name.clone(),
                kind.sign.as_str().to_owned(),
                kind.symmetric.to_string(),
                relation.date.map(|d| d.to_string()).unwrap_or_default(),
                relation.until.map(|d| d.to_string()).unwrap_or_default(),
                start.unwrap_or_default(),
                end.unwrap_or_default(),
                relation.confidence.map(number).unwrap_or_default(),
                relation.credibility.map(|c| c.to_string()).unwrap_or_default(),
                graph.grade(relation).to_string(),
                relation
                    .sources
                    .iter()
                    .map(|&s| graph.source(s).id.as_str())
                    .collect::<Vec<_>>()
                    .join(self.delimiter.encode_utf8(&mut [0; 4])),
                graph.independent_sources(relation).to_string(),
                relation.note.as_deref().unwrap_or_default().to_owned(),
            ];
            row.extend(self.relation_attrs.iter().map(|(k, _)| relation.attrs.get(k).cloned().unwrap_or_default()));
            csv.write_record(guarded(row, 4))?;
        }
        csv.flush()
    }

    fn cypher(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let graph = self.graph();
        writeln!(
            out,
            "// Loads this folder's CSV files into Neo4j with LOAD CSV, the alternative to neo4j-admin import."
        )?;
        writeln!(
            out,
            "// Copy the .csv files into the database's import folder, then run: cypher-shell -f load.cypher"
        )?;
        writeln!(out, "// Written by actorgraph; see README.md in this folder.")?;
        writeln!(out)?;
        writeln!(out, "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;")?;
        writeln!(
            out,
            "CREATE CONSTRAINT claim_relation_id IF NOT EXISTS FOR (c:Claim) REQUIRE c.relation_id IS UNIQUE;"
        )?;
        writeln!(out, "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;")?;
        writeln!(out)?;
        let mut sets = vec![
            "a.name = row.name".to_owned(),
            "a.kind = row.kind".to_owned(),
            format!("a.aliases = {}", list("aliases:string[]", self.delimiter)),
            format!("a.tags = {}", list("tags:string[]", self.delimiter)),
        ];
        sets.extend(self.actor_attrs.iter().map(|(_, p)| format!("a.{} = {}", quoted_name(p), text(p))));
        writeln!(out, "LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row")?;
        writeln!(out, "MERGE (a:Actor {{id: row.`id:ID(Actor)`}})")?;
        writeln!(out, "SET {};", sets.join(",\n    "))?;
        for (kind, label) in &self.labels {
            let Some(label) = label else { continue };
            writeln!(out)?;
            writeln!(out, "LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row")?;
            writeln!(out, "WITH row WHERE row.kind = {}", literal(kind))?;
            writeln!(out, "MATCH (a:Actor {{id: row.`id:ID(Actor)`}}) SET a:{};", quoted_name(label))?;
        }
        writeln!(out)?;
        writeln!(out, "LOAD CSV WITH HEADERS FROM 'file:///claims.csv' AS row")?;
        writeln!(out, "MERGE (c:Claim {{relation_id: row.`relation_id:ID(Claim)`}})")?;
        writeln!(out, "SET c.kind = row.kind, c.from = row.from, c.to = row.to, c.text = row.text;")?;
        writeln!(out)?;
        writeln!(out, "LOAD CSV WITH HEADERS FROM 'file:///sources.csv' AS row")?;
        writeln!(out, "MERGE (s:Source {{id: row.`id:ID(Source)`}})")?;
        let sets: Vec<String> = SOURCE_COLUMNS[2..].iter().map(|c| format!("s.{c} = {}", text(c))).collect();
        writeln!(out, "SET {};", sets.join(",\n    "))?;
        writeln!(out)?;
        writeln!(out, "LOAD CSV WITH HEADERS FROM 'file:///derived_from.csv' AS row")?;
        writeln!(out, "MATCH (s:Source {{id: row.`:START_ID(Source)`}}), (o:Source {{id: row.`:END_ID(Source)`}})")?;
        writeln!(out, "CREATE (s)-[:{DERIVED_FROM} {{position: toInteger(row.`position:int`)}}]->(o);")?;
        let mut sets: Vec<String> = vec!["r.id = row.id".to_owned()];
        for (property, column) in RELATION_PROPERTIES {
            let value = match column.split_once(':').map(|(_, t)| t) {
                Some("boolean") => format!("toBoolean(row.`{column}`)"),
                Some("date") => {
                    format!("CASE WHEN coalesce(row.`{column}`, '') = '' THEN null ELSE date(row.`{column}`) END")
                }
                Some("float") => format!("toFloat(row.`{column}`)"),
                Some("int") => format!("toInteger(row.`{column}`)"),
                Some("string[]") => list(column, self.delimiter),
                _ => text(column),
            };
            sets.push(format!("r.{property} = {value}"));
        }
        sets.extend(self.relation_attrs.iter().map(|(_, p)| format!("r.{} = {}", quoted_name(p), text(p))));
        for (file, end, relations) in
            [("relations.csv", "Actor", &self.edges), ("statements.csv", "Claim", &self.statements)]
        {
            let types: IndexSet<&String> = relations
                .iter()
                .filter_map(|&r| self.types.get(graph.kind_of(graph.relation(r)).name.as_str()))
                .collect();
            let end_match = if end == "Actor" {
                "(b:Actor {id: row.`:END_ID(Actor)`})"
            } else {
                "(b:Claim {relation_id: row.`:END_ID(Claim)`})"
            };
            for kind in types {
                writeln!(out)?;
                writeln!(out, "LOAD CSV WITH HEADERS FROM 'file:///{file}' AS row")?;
                writeln!(out, "WITH row WHERE row.`:TYPE` = {}", literal(kind))?;
                writeln!(out, "MATCH (a:Actor {{id: row.`:START_ID(Actor)`}}), {end_match}")?;
                writeln!(out, "CREATE (a)-[r:{}]->(b)", quoted_name(kind))?;
                writeln!(out, "SET {};", sets.join(",\n    "))?;
            }
        }
        Ok(())
    }

    fn readme(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let graph = self.graph();
        let title = graph.files().iter().find_map(|f| f.title.as_deref()).unwrap_or("actorgraph dataset");
        writeln!(out, "# {title}: Neo4j import files")?;
        writeln!(out)?;
        writeln!(
            out,
            "Written by `actorgraph export --to neo4j`: {} actors, {} relations between actors, {} statements about \
             {} claims.",
            self.view.actor_count(),
            self.edges.len(),
            self.statements.len(),
            self.claims.len()
        )?;
        writeln!(out)?;
        writeln!(out, "- `actors.csv`: `(:Actor)` nodes, with a second label from the actor kind.")?;
        writeln!(
            out,
            "- `relations.csv`: relationships between actors, typed by relation kind (`:SUPPORTS`, `:MEMBER_OF`)."
        )?;
        writeln!(
            out,
            "- `claims.csv`: a `(:Claim)` node for each relation that statements are about (`relation_id`)."
        )?;
        writeln!(out, "- `statements.csv`: statements (`:DENIES`, `:CLAIMS`, `:REPORTS`) from an actor to a claim.")?;
        writeln!(
            out,
            "- `sources.csv`: a `(:Source)` node for each source ({} of them); a relationship's `sources` \
             property lists their ids.",
            self.sources.len()
        )?;
        writeln!(
            out,
            "- `derived_from.csv`: `(:Source)-[:DERIVED_FROM]->(:Source)` from a source to each source it relays or \
             rests on ({} relationships).",
            self.sources.iter().map(|&s| graph.source(s).derived_from.len()).sum::<usize>()
        )?;
        writeln!(out, "- `load.cypher`: the same through `LOAD CSV`, for a running database.")?;
        writeln!(out)?;
        writeln!(out, "Bulk import into an empty database (Neo4j 5; stop the database, run from this folder):")?;
        writeln!(out)?;
        writeln!(out, "    {}", import_command(self.delimiter))?;
        if self.delimiter != ';' {
            writeln!(out)?;
            writeln!(
                out,
                "Lists (aliases, tags, sources) are separated by U+{:04X}, not `;`: some item holds a `;`.",
                u32::from(self.delimiter)
            )?;
        }
        writeln!(out)?;
        writeln!(out, "Into a running database: copy the `.csv` files into its import folder and run")?;
        writeln!(out)?;
        writeln!(out, "    cypher-shell -f load.cypher")
    }
}

/// The sources a relation in view cites, with every source they rest on (followed to the end, so that no
/// `:DERIVED_FROM` points at a node the files lack), and the sources no relation of the dataset cites (so that
/// an unfiltered export loses none); in dataset order.
fn sources_with_origins(view: &View) -> Vec<SourceIx> {
    let graph = view.graph();
    let mut keep = vec![false; graph.sources().len()];
    let mut stack = super::carried_sources(view);
    while let Some(s) = stack.pop() {
        if !std::mem::replace(&mut keep[s.index()], true) {
            stack.extend(graph.source(s).derived_from.iter().copied());
        }
    }
    keep.iter().enumerate().filter(|&(_, &k)| k).filter_map(|(s, _)| SourceIx::try_from(s).ok()).collect()
}

/// A Cypher expression for a list column separated by `delimiter` (null when empty).
fn list(column: &str, delimiter: char) -> String {
    let delimiter = literal(delimiter.encode_utf8(&mut [0; 4]));
    format!("CASE WHEN coalesce(row.`{column}`, '') = '' THEN null ELSE split(row.`{column}`, {delimiter}) END")
}

/// The first of [`DELIMITERS`] that no list item in view (alias, tag, source id) holds.
fn list_delimiter(view: &View) -> Result<char> {
    let graph = view.graph();
    let mut held = [false; DELIMITERS.len()];
    let mut note = |item: &str| {
        for (h, d) in held.iter_mut().zip(DELIMITERS) {
            *h |= item.contains(d);
        }
    };
    for a in view.actors() {
        let actor = graph.actor(a);
        actor.aliases.iter().chain(&actor.tags).for_each(|item| note(item));
    }
    for r in view.relations() {
        graph.relation(r).sources.iter().for_each(|&s| note(&graph.source(s).id));
    }
    match held.iter().position(|h| !h) {
        Some(i) => Ok(DELIMITERS[i]),
        None => Err(Error::Unrepresentable {
            format: "Neo4j",
            problems: vec![
                "list items (aliases, tags, source ids) hold each of `;`, `|` and U+001F, the list separators \
                 Neo4j can be told to use"
                    .to_owned(),
            ],
        }),
    }
}

/// A Cypher expression for a text column (null when empty).
fn text(column: &str) -> String {
    format!("CASE WHEN coalesce(row.`{column}`, '') = '' THEN null ELSE row.`{column}` END")
}

/// A label, type or property name in backticks.
fn quoted_name(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A Cypher string literal (control characters as `\uXXXX` escapes).
fn literal(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Writes the Neo4j files ([`FILES`]) of the view into `folder` (created when missing), all or none
/// ([`crate::fs::write_files`]).
/// Returns the paths written.
///
/// See the [module documentation](self) for the files and columns.
///
/// # Errors
/// [`crate::Error::Write`] naming the file that could not be written; [`crate::Error::Unrepresentable`]
/// when list items hold every separator Neo4j can use.
///
/// ```
/// use actorgraph::query::{Filter, View};
/// let graph = actorgraph::load::embedded();
/// let folder = tempfile::tempdir().unwrap();
/// let written = actorgraph::format::neo4j::write(&View::new(&graph, &Filter::default()), folder.path()).unwrap();
/// assert_eq!(written.len(), 8);
/// let derived = std::fs::read_to_string(folder.path().join("derived_from.csv")).unwrap();
/// assert!(derived.contains("reuters-2024-12-02,syrian-military-sources-2024-12-02,DERIVED_FROM,1"));
/// let actors = std::fs::read_to_string(folder.path().join("actors.csv")).unwrap();
/// assert!(actors.starts_with("id:ID(Actor),:LABEL,name,kind,aliases:string[],tags:string[]"));
/// ```
pub fn write(view: &View, folder: &Path) -> Result<Vec<PathBuf>> {
    let plan = Plan::new(view)?;
    crate::fs::write_files(folder, &FILES, |name, out| match name {
        "actors.csv" => plan.actors(out),
        "claims.csv" => plan.claims(out),
        "sources.csv" => plan.sources(out),
        "derived_from.csv" => plan.derived_from(out),
        "relations.csv" => plan.relations(out, false),
        "statements.csv" => plan.relations(out, true),
        "load.cypher" => plan.cypher(out),
        _ => plan.readme(out),
    })?;
    Ok(FILES.iter().map(|name| folder.join(name)).collect())
}

/// The row with every cell after the first `keep` (ids, labels, types: Neo4j's own columns) guarded against
/// being run as a spreadsheet formula ([`guard_formula`]).
fn guarded(row: Vec<String>, keep: usize) -> Vec<String> {
    row.into_iter()
        .enumerate()
        .map(|(i, cell)| if i < keep { cell } else { guard_formula(&cell).into_owned() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_for_neo4j() {
        assert_eq!(relationship_type("member_of"), "MEMBER_OF");
        assert_eq!(relationship_type("vows to defend!"), "VOWS_TO_DEFEND");
        assert_eq!(relationship_type("__"), "RELATED_TO");
        assert_eq!(label("armed_group").as_deref(), Some("ArmedGroup"));
        assert_eq!(label(""), None);
        assert_eq!(quoted_name("a`b"), "`a``b`");
        assert_eq!(literal("it's \\"), "'it\\'s \\\\'");
        let keys = ["country".to_owned(), "kind".to_owned(), "état civil".to_owned(), "2x".to_owned()];
        let names = property_names(keys.iter(), &["id", "kind"]);
        let names: Vec<&str> = names.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(names, ["country", "attr_kind", "etat_civil", "attr_2x"]);
        assert_eq!(literal("a\u{1f}b"), "'a\\u001Fb'");
    }

    /// Exports a graph of `actors` (`(id, kind, aliases)`) and reads back, per actor id, its labels and
    /// aliases as Neo4j would split them (with the delimiter the README's command names).
    fn exported(actors: &[(String, String, Vec<String>)]) -> BTreeMap<String, (Vec<String>, Vec<String>)> {
        let actors: Vec<serde_json::Value> = actors
            .iter()
            .map(|(id, kind, aliases)| serde_json::json!({"id": id, "kind": kind, "aliases": aliases}))
            .collect();
        let json = serde_json::json!({"format": "actorgraph/1", "actors": actors, "relations": []}).to_string();
        let graph = crate::load::from_json_str("t.json", &json).unwrap();
        let folder = tempfile::tempdir().unwrap();
        write(&View::new(&graph, &crate::query::Filter::default()), folder.path()).unwrap();
        let readme = std::fs::read_to_string(folder.path().join("README.md")).unwrap();
        let delimiter = readme
            .split("--array-delimiter=U+")
            .nth(1)
            .map_or(';', |hex| char::from_u32(u32::from_str_radix(&hex[..4], 16).unwrap()).unwrap());
        let mut reader = csv::Reader::from_path(folder.path().join("actors.csv")).unwrap();
        let split = |cell: &str| -> Vec<String> {
            if cell.is_empty() {
                Vec::new()
            } else {
                cell.split(delimiter).map(str::to_owned).collect()
            }
        };
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_owned(), (split(&r[1]), split(&r[4])))
            })
            .collect()
    }

    // Regression: an alias holding `;` came back as two aliases, and kinds `a,b` and `a"b` both got the
    // label `AB`.
    #[test]
    fn aliases_keep_their_separator_and_kinds_keep_distinct_labels() {
        let actor = |id: &str, kind: &str, aliases: &[&str]| {
            (id.to_owned(), kind.to_owned(), aliases.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>())
        };
        let back = exported(&[
            actor("x", "a,b", &["Abu; the elder", "AE"]),
            actor("y", "a\"b", &[]),
            actor("z", "claim", &[]),
            actor("w", "actor", &[]),
        ]);
        assert_eq!(back["x"].1, ["Abu; the elder", "AE"]);
        assert_eq!(back["x"].0, ["Actor", "AB_2"], "kinds in sorted order: `a\"b` sorts first");
        assert_eq!(back["y"].0, ["Actor", "AB"]);
        assert_eq!(back["z"].0, ["Actor", "Claim_2"], "an actor kind never takes the claims' label");
        assert_eq!(back["w"].0, ["Actor"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Whatever the aliases and kinds hold, Neo4j reads back every alias as written and one label per
        /// kind.
        #[test]
        fn aliases_and_labels_read_back_distinct(
            actors in proptest::collection::vec(("[a;|,\"x ]{1,4}", proptest::collection::vec("[a;|x]{1,3}", 0..3)), 1..6)
        ) {
            let actors: Vec<(String, String, Vec<String>)> = actors
                .into_iter()
                .enumerate()
                .map(|(i, (kind, mut aliases))| {
                    aliases.sort();
                    aliases.dedup();
                    (format!("id{i}"), kind, aliases)
                })
                .collect();
            let back = exported(&actors);
            let mut label_of_kind: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (id, kind, aliases) in &actors {
                let (labels, read) = &back[id];
                let mut read = read.clone();
                read.sort();
                proptest::prop_assert_eq!(&read, aliases);
                proptest::prop_assert_eq!(&labels[0], "Actor");
                if let Some(seen) = label_of_kind.insert(kind.clone(), labels.clone()) {
                    proptest::prop_assert_eq!(&seen, labels, "one kind, one label");
                }
            }
            let mut second: Vec<&String> = label_of_kind.values().filter_map(|l| l.get(1)).collect();
            let count = second.len();
            second.sort();
            second.dedup();
            proptest::prop_assert_eq!(second.len(), count, "two kinds share a label: {:?}", label_of_kind);
        }
    }
}
