//! Issues 2 and 7: what the dataset writers write loads back to the same graph (property tests over random
//! datasets), and no input — random bytes, truncated or mutated files — makes the loader or the lookup panic.

use actorgraph::format::dataset::{csv_files, write_json};
use actorgraph::load::{self, check_bytes, EMBEDDED_DATASET};
use actorgraph::lookup::ActorLookup;
use actorgraph::model::{ActorGraph, KindInfo};
use actorgraph::query::{Filter, View};
use actorgraph::Error;
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::fuzz::fuzz_cases;
use crate::harness::{fixture, run, run_in};

// ---- the graph as the round trips compare it ----

/// Everything a dataset holds, in load order (the file list aside: its names differ by construction).
#[derive(Debug, PartialEq)]
struct Model {
    actors: Vec<actorgraph::Actor>,
    relations: Vec<actorgraph::Relation>,
    sources: Vec<actorgraph::Source>,
    kinds: Vec<KindInfo>,
}

fn model(graph: &ActorGraph) -> Model {
    Model {
        actors: graph.actors().to_vec(),
        relations: graph.relations().to_vec(),
        sources: graph.sources().to_vec(),
        kinds: graph.kinds().iter().map(|(_, k)| k.clone()).collect(),
    }
}

fn json_of(graph: &ActorGraph) -> String {
    let mut bytes = Vec::new();
    write_json(&View::new(graph, &Filter::default()), &mut bytes).expect("writing to memory");
    String::from_utf8(bytes).expect("the writer writes UTF-8")
}

// ---- random datasets ----

/// Any text: every Unicode scalar, control characters, quotes and backslashes included.
pub(crate) fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(any::<char>(), 0..10).prop_map(String::from_iter),
        "[ a-zA-Z'\"\\\\;,\\-]{0,10}",
        "[ \u{0621}-\u{064a}\u{0400}-\u{04ff}\u{00c0}-\u{017f}]{0,10}",
    ]
}

/// Text a CSV cell keeps as it is: no blank at either end; `;` only where `list_item` is false.
fn cell_text(list_item: bool) -> BoxedStrategy<String> {
    let pattern = if list_item { "[^\\s;]([^;]{0,8}[^\\s;])?" } else { "[^\\s]([^\\n]{0,8}\\n?[^\\s])?" };
    prop::string::string_regex(pattern).expect("a valid pattern").boxed()
}

/// How the generated texts look: anything (JSON keeps it all), what CSV keeps, or mostly what CSV keeps.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Texts {
    Any,
    Csv,
    Mixed,
}

impl Texts {
    fn pick(self, any: BoxedStrategy<String>, csv: BoxedStrategy<String>) -> BoxedStrategy<String> {
        match self {
            Self::Any => any,
            Self::Csv => csv,
            Self::Mixed => prop_oneof![49 => csv, 1 => any].boxed(),
        }
    }

    fn text(self) -> BoxedStrategy<String> {
        self.pick(any_text().boxed(), cell_text(false))
    }

    fn item(self) -> BoxedStrategy<String> {
        self.pick(any_text().boxed(), cell_text(true))
    }

    /// An id fragment: no `>` or `#`, so that no id can look like a generated one.
    fn id_part(self) -> BoxedStrategy<String> {
        self.pick(
            any_text().prop_map(|t| t.replace(['>', '#'], "")).boxed(),
            prop::string::string_regex("[^\\s;>#]([^;>#]{0,8}[^\\s;>#])?").expect("a valid pattern").boxed(),
        )
    }

    fn attrs(self) -> BoxedStrategy<Value> {
        // CSV: lower case, and never one of the CSV files' own column names.
        let key = self.pick(any_text().boxed(), "x_[a-z0-9_]{0,6}".boxed());
        prop::collection::vec((key, self.text()), 0..3)
            .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k, Value::String(v))).collect()))
            .boxed()
    }
}

/// A partial date of any precision, as text, and its year.
fn date() -> impl Strategy<Value = (i32, String)> {
    (1900..2100i32, 0..3u8, 1..=12u8, 1..=28u8).prop_map(|(y, precision, m, d)| {
        let text = match precision {
            0 => format!("{y:04}"),
            1 => format!("{y:04}-{m:02}"),
            _ => format!("{y:04}-{m:02}-{d:02}"),
        };
        (y, text)
    })
}

fn confidence() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        (0.0..=1.0f64).prop_map(Some),
        prop::sample::select(vec![0.0, 1.0, 0.1 + 0.2, 1e-300, 0.999_999_999_999_999_9, 5e-324]).prop_map(Some),
    ]
}

const KINDS: &[&str] = &[
    "supports",
    "allied_with",
    "funds",
    "member_of",
    "leads",
    "commands",
    "opposes",
    "attacks",
    "meets",
    "business_tie",
    "trades_with",
];
const STATEMENT_KINDS: &[&str] = &["denies", "claims", "reports"];

/// A random relation before its target is chosen: `(target choice, kind, id, date, until offset, confidence,
/// credibility, source choices, note, attrs)`.
type RelationSeed = (
    (prop::sample::Index, prop::sample::Index, bool, usize),
    Option<String>,
    Option<(i32, String)>,
    Option<(i32, u8, u8)>,
    Option<f64>,
    Option<u8>,
    Vec<prop::sample::Index>,
    Option<String>,
    Value,
);

/// A valid `actorgraph/1` document: unique ids, existing references, statements only about earlier
/// relations (so no loops), `until` never before `date`.
pub(crate) fn dataset(texts: Texts, with_title: bool) -> impl Strategy<Value = Value> {
    let actor = (
        texts.id_part(),
        prop::option::of(texts.text()),
        prop::option::of(texts.text()),
        prop::collection::vec(texts.item(), 0..4),
        prop::collection::vec(texts.item(), 0..3),
        texts.attrs(),
    );
    let source = (
        texts.id_part(),
        prop::option::of(texts.text()),
        prop::option::of(texts.text()),
        prop::option::of(date()),
        prop::option::of(texts.text()),
        prop::option::of(prop::sample::select(vec!["A", "B", "C", "D", "E", "F", "b"])),
    );
    let relation = (
        (any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>(), 0..KINDS.len() + 3),
        prop::option::of(texts.id_part()),
        prop::option::of(date()),
        prop::option::of((0..4i32, 0..3u8, 1..=12u8)),
        confidence(),
        prop::option::of(1..=6u8),
        prop::collection::vec(any::<prop::sample::Index>(), 0..3),
        prop::option::of(texts.text()),
        texts.attrs(),
    );
    let kind = (prop::sample::select(vec!["positive", "negative", "neutral"]), any::<[bool; 4]>(), texts.text());
    let title = if with_title { prop::option::of(texts.text()).boxed() } else { Just(None).boxed() };
    (
        prop::collection::vec(actor, 2..7),
        prop::collection::vec(source, 0..4),
        prop::collection::vec(relation, 0..14),
        prop::option::of(kind),
        title,
        prop::option::of(texts.text()),
    )
        .prop_map(move |(actors, sources, relations, kind, title, description)| {
            let actor_ids: Vec<String> = actors.iter().enumerate().map(|(i, a)| format!("a{i}{}", a.0)).collect();
            let source_ids: Vec<String> = sources.iter().enumerate().map(|(i, s)| format!("s{i}{}", s.0)).collect();
            let actors: Vec<Value> = actors
                .into_iter()
                .zip(&actor_ids)
                .map(|((_, name, kind, aliases, tags, attrs), id)| {
                    json!({"id": id, "name": name, "kind": kind, "aliases": aliases, "tags": tags, "attrs": attrs})
                })
                .collect();
            let sources: Vec<Value> = sources
                .into_iter()
                .zip(&source_ids)
                .map(|((_, publisher, title, date, url, reliability), id)| {
                    json!({"id": id, "publisher": publisher, "title": title, "date": date.map(|d| d.1),
                           "url": url, "reliability": reliability})
                })
                .collect();
            let records = relation_records(relations, &actor_ids, &source_ids);
            let mut doc = json!({"format": "actorgraph/1", "actors": actors, "relations": records, "sources": sources});
            if let Some((sign, [symmetric, hierarchical, statement, upward], description)) = kind {
                doc["relation_kinds"] = json!([{
                    "kind": "business_tie", "sign": sign, "symmetric": symmetric, "hierarchical": hierarchical,
                    "statement": statement, "upward": upward, "description": description
                }]);
            }
            if let Some(title) = title {
                doc["title"] = json!(title);
                doc["description"] = json!(description);
            }
            doc
        })
}

/// Relations from their seeds. A statement targets an earlier relation by id; for one without an id, by the
/// id the loader generates (`from>kind>to`, `#2` for the second of the same, …), so generated ids are
/// exercised by reference too.
fn relation_records(seeds: Vec<RelationSeed>, actor_ids: &[String], source_ids: &[String]) -> Vec<Value> {
    let mut records: Vec<Value> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut generated: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (j, ((from, to, statement, kind), id, date, until, confidence, credibility, sources, note, attrs)) in
        seeds.into_iter().enumerate()
    {
        let from_ix = from.index(actor_ids.len());
        let (to, kind) = if statement && !ids.is_empty() {
            (ids[to.index(ids.len())].clone(), STATEMENT_KINDS[kind % STATEMENT_KINDS.len()])
        } else {
            let mut to_ix = to.index(actor_ids.len() - 1);
            if to_ix >= from_ix {
                to_ix += 1; // never the actor itself
            }
            (
                actor_ids[to_ix].clone(),
                if kind < KINDS.len() { KINDS[kind] } else { STATEMENT_KINDS[kind - KINDS.len()] },
            )
        };
        let from = &actor_ids[from_ix];
        let id = id.map(|i| format!("r{j}{i}"));
        ids.push(id.clone().unwrap_or_else(|| {
            let base = format!("{from}>{kind}>{to}");
            let n = generated.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}#{n}")
            }
        }));
        let until = until.map(|(years, precision, month)| match &date {
            None => format!("{:04}", 2000 + years),
            // The same year as `date`: the whole year, which never ends before `date` starts.
            Some((year, _)) if years == 0 => format!("{year:04}"),
            Some((year, _)) if precision == 1 => format!("{:04}-{month:02}", year + years),
            Some((year, _)) if precision == 2 => format!("{:04}-{month:02}-01", year + years),
            Some((year, _)) => format!("{:04}", year + years),
        });
        let sources: Vec<&String> = if source_ids.is_empty() {
            Vec::new()
        } else {
            sources.iter().map(|s| &source_ids[s.index(source_ids.len())]).collect()
        };
        records.push(json!({
            "id": id, "from": from, "to": to, "kind": kind, "date": date.map(|d| d.1), "until": until,
            "confidence": confidence, "credibility": credibility, "sources": sources, "note": note, "attrs": attrs
        }));
    }
    records
}

/// Loads CSV files held in memory, as a folder load would (the same order).
fn load_csv(files: &[(&str, Vec<u8>)]) -> Option<ActorGraph> {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(name, bytes)| (*name, bytes.as_slice())).collect();
    load::check_bytes(&files).graph
}

pub(crate) fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, max_shrink_iters: 2_000, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(200))]

    /// Issue 2: random dataset → load → write_json → load gives the same graph, and writing it again gives
    /// the same bytes.
    #[test]
    fn json_round_trip(doc in dataset(Texts::Any, true)) {
        let text = doc.to_string();
        let first = load::from_json_str("generated.json", &text)
            .unwrap_or_else(|e| panic!("the generator made an invalid dataset: {e:?}\n{text}"));
        prop_assert_eq!(first.relations().len(), doc["relations"].as_array().map_or(0, Vec::len));
        let written = json_of(&first);
        let second = load::from_json_str("written.json", &written)
            .unwrap_or_else(|e| panic!("the writer wrote an invalid dataset: {e:?}\n{written}"));
        prop_assert_eq!(model(&first), model(&second));
        prop_assert_eq!(&first.files()[0].title, &second.files()[0].title);
        prop_assert_eq!(&first.files()[0].description, &second.files()[0].description);
        prop_assert_eq!(written, json_of(&second));
    }

    /// Issue 2: the same through the CSV files, for data CSV can hold.
    #[test]
    fn csv_round_trip(doc in dataset(Texts::Csv, false)) {
        let first = load::from_json_str("generated.json", &doc.to_string())
            .unwrap_or_else(|e| panic!("the generator made an invalid dataset: {e:?}\n{doc}"));
        let files = csv_files(&View::new(&first, &Filter::default()))
            .unwrap_or_else(|e| panic!("CSV-safe data was refused: {e}\n{doc}"));
        let second = load_csv(&files).unwrap_or_else(|| panic!("the CSV files do not load\n{doc}"));
        prop_assert_eq!(model(&first), model(&second));
        // CSV has one column order for every row, so two records that list the same attributes in different
        // orders come back in the column order: compare the JSON as values (object key order ignored).
        let as_value = |text: String| serde_json::from_str::<serde_json::Value>(&text).expect("the writer's JSON parses");
        prop_assert_eq!(as_value(json_of(&first)), as_value(json_of(&second)));
    }
}

/// Issue 7: whatever the data, the CSV writer either writes files that load to the same graph, or refuses
/// (`write_csv_pair` then writes nothing, see `csv_export_refuses_a_semicolon_in_an_alias`): never a silent change. Both outcomes must occur in the run for the test to mean anything.
#[test]
fn csv_never_changes_data_silently() {
    let (written, refused) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    let mut runner = proptest::test_runner::TestRunner::new(config(300));
    let result = runner.run(&dataset(Texts::Mixed, false), |doc| {
        let first = load::from_json_str("generated.json", &doc.to_string())
            .unwrap_or_else(|e| panic!("the generator made an invalid dataset: {e:?}\n{doc}"));
        match csv_files(&View::new(&first, &Filter::default())) {
            Ok(files) => {
                written.set(written.get() + 1);
                let second = load_csv(&files).unwrap_or_else(|| panic!("the CSV files do not load\n{doc}"));
                prop_assert_eq!(model(&first), model(&second));
            }
            Err(Error::Unrepresentable { problems, .. }) => {
                refused.set(refused.get() + 1);
                prop_assert!(!problems.is_empty());
            }
            Err(other) => prop_assert!(false, "unexpected error: {other}"),
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let (written, refused) = (written.get(), refused.get());
    assert!(written > 20 && refused > 20, "written {written}, refused {refused}: the generator needs both");
}

// ---- no panic on any input (issue 7) ----

/// What a failed load must still give: errors, each naming one of the given files and a line within it.
pub(crate) fn check_findings(files: &[(&str, &[u8])]) {
    let checked = check_bytes(files);
    match &checked.graph {
        Some(graph) => {
            // Whatever loads must also write and load back unchanged.
            let written = json_of(graph);
            let again = load::from_json_str("again.json", &written).expect("a loaded graph writes as valid JSON");
            assert_eq!(model(graph), model(&again));
        }
        None => {
            assert!(checked.diagnostics.iter().any(actorgraph::load::Diagnostic::is_error));
            for d in &checked.diagnostics {
                let file = files.iter().find(|(name, _)| *name == d.file).expect("a finding names a given file");
                let lines = file.1.iter().filter(|&&b| b == b'\n').count() + 1;
                assert!(d.line.is_none_or(|l| (1..=lines).contains(&l)), "{d} (the file has {lines} lines)");
                assert!(d.message.chars().count() <= 1000, "{d}");
            }
        }
    }
}

/// Bytes that JSON and CSV care about, so mutations hit the parsers' interesting paths.
fn mutation() -> impl Strategy<Value = (prop::sample::Index, u8, u8)> {
    let byte = prop_oneof![prop::sample::select(b"{}[]\",:;\\\n\r 0123456789.-eEtrufalsn".to_vec()), any::<u8>(),];
    (any::<prop::sample::Index>(), 0..3u8, byte)
}

pub(crate) fn mutate(original: &[u8], edits: &[(prop::sample::Index, u8, u8)]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for (at, op, byte) in edits {
        let i = at.index(bytes.len().max(1));
        match op {
            0 if i < bytes.len() => bytes[i] = *byte,
            1 => bytes.insert(i.min(bytes.len()), *byte),
            _ if i < bytes.len() => {
                bytes.remove(i);
            }
            _ => {}
        }
    }
    bytes
}

fn csv_pair() -> [(&'static str, Vec<u8>); 3] {
    ["actors.csv", "relations.csv", "sources.csv"]
        .map(|name| (name, std::fs::read(fixture("csv-pair").join(name)).expect("the csv-pair fixture")))
}

proptest! {
    #![proptest_config(config(fuzz_cases(3000)))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_findings(&[("random.json", &bytes)]);
        check_findings(&[("random.csv", &bytes)]);
        let _ = load::from_json_str("random.json", &String::from_utf8_lossy(&bytes));
    }

}

proptest! {
    #![proptest_config(config(fuzz_cases(1000)))]

    #[test]
    fn truncated_dataset_never_panics(cut in any::<prop::sample::Index>()) {
        let bytes = EMBEDDED_DATASET.as_bytes();
        let at = cut.index(bytes.len());
        check_findings(&[("truncated.json", &bytes[..at])]);
        let pair = csv_pair();
        let cut_csv = &pair[1].1[..cut.index(pair[1].1.len())];
        check_findings(&[("actors.csv", &pair[0].1), ("relations.csv", cut_csv), ("sources.csv", &pair[2].1)]);
    }

}

proptest! {
    #![proptest_config(config(fuzz_cases(1000)))]

    #[test]
    fn mutated_dataset_never_panics(edits in prop::collection::vec(mutation(), 1..6)) {
        let bytes = mutate(EMBEDDED_DATASET.as_bytes(), &edits);
        check_findings(&[("mutated.json", &bytes)]);
        let pair = csv_pair();
        let mutated: Vec<Vec<u8>> = pair.iter().map(|(_, b)| mutate(b, &edits)).collect();
        check_findings(&[("actors.csv", &mutated[0]), ("relations.csv", &mutated[1]), ("sources.csv", &mutated[2])]);
    }

}

proptest! {
    #![proptest_config(config(fuzz_cases(600)))]

    #[test]
    fn lookup_never_panics(query in any_text(), long in "[a-z' -]{0,300}") {
        let graph = embedded();
        let lookup = ActorLookup::new(graph);
        for q in [&query, &long] {
            match lookup.find(graph, q) {
                Ok(actor) => prop_assert!(actor.index() < graph.actors().len()),
                Err(Error::UnknownActor { .. } | Error::AmbiguousActor { .. }) => {}
                Err(other) => prop_assert!(false, "unexpected error: {other}"),
            }
        }
    }
}

pub(crate) fn embedded() -> &'static ActorGraph {
    static GRAPH: std::sync::OnceLock<ActorGraph> = std::sync::OnceLock::new();
    GRAPH.get_or_init(load::embedded)
}

// ---- export through the binary ----

/// The bundled dataset exported as JSON and as CSV loads back to the same thing, byte for byte.
#[test]
fn export_round_trips_the_bundled_dataset() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    run_in(dir.path(), ["export", "--to", "json", "-o", "all.json"]).ok();
    let exported = std::fs::read_to_string(dir.path().join("all.json")).expect("the export is written");
    assert_eq!(exported, json_of(embedded()));
    let again = run_in(dir.path(), ["--data", "all.json", "export", "--to", "json"]);
    assert_eq!(again.ok().stdout, exported);

    run_in(dir.path(), ["export", "--to", "csv", "-o", "csv"]).ok();
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("csv"))
        .expect("the folder is made")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["actors.csv", "relation_kinds.csv", "relations.csv", "sources.csv"]);
    run_in(dir.path(), ["validate", "--data", "csv"])
        .ok()
        .stdout_has("ok: 26 actors, 48 relations, 10 sources in 4 files");
    let from_csv = run_in(dir.path(), ["--data", "csv", "export", "--to", "json"]);
    let strip = |text: &str| -> serde_json::Value {
        let mut json: serde_json::Value = serde_json::from_str(text).expect("JSON");
        let object = json.as_object_mut().expect("an object");
        object.remove("title");
        object.remove("description");
        json
    };
    assert_eq!(strip(&from_csv.ok().stdout), strip(&exported));
    let (graph, _) = load::load(&[dir.path().join("csv")]).expect("the CSV export loads");
    assert_eq!(model(&graph), model(embedded()));
}

/// A filtered export is a valid dataset holding what the filter keeps.
#[test]
fn a_filtered_export_is_a_valid_dataset() {
    let run = run(["export", "--to", "json", "--tag", "hashd", "--kind", "supports,member_of,denies,reports,claims"]);
    let graph = load::from_json_str("export.json", &run.ok().stdout).expect("a filtered export is valid");
    assert!(graph.actors().iter().all(|a| a.tags.iter().any(|t| t == "hashd")));
    assert!(!graph.relations().is_empty());
    assert!(graph.relations().iter().all(|r| {
        ["supports", "member_of", "denies", "reports", "claims"].contains(&graph.kind_of(r).name.as_str())
    }));
}

/// Issue 7: `export` never overwrites a file it read, and a failed write leaves the target as it was.
#[test]
fn export_refuses_to_overwrite_its_input() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let data = dir.path().join("data.json");
    std::fs::write(&data, EMBEDDED_DATASET).expect("written");
    let run1 = run_in(dir.path(), ["--data", "data.json", "export", "--to", "json", "-o", "./data.json"]);
    run1.code(2).stderr_has(
        "error: refusing to write './data.json': it is one of the input files, and an export can leave data out; \
         write to another path\n",
    );
    // Through a folder given to --data, and through a symbolic link.
    run_in(dir.path(), ["--data", ".", "export", "--to", "json", "-o", "data.json"]).code(2).stderr_has("refusing");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&data, dir.path().join("link.json")).expect("a link");
        run_in(dir.path(), ["--data", "data.json", "export", "--to", "json", "-o", "link.json"])
            .code(2)
            .stderr_has("refusing to write 'link.json'");
    }
    // CSV into the folder it was read from.
    run_in(dir.path(), ["export", "--to", "csv", "-o", "csv"]).ok();
    run_in(dir.path(), ["--data", "csv", "export", "--tag", "iraq", "--to", "csv", "-o", "csv"])
        .code(2)
        .stderr_has("refusing to write 'csv/actors.csv'");
    assert_eq!(std::fs::read_to_string(&data).expect("still there"), EMBEDDED_DATASET);

    // A write that cannot happen (the folder is a file) fails with the path, and changes nothing.
    let blocked = run_in(dir.path(), ["export", "--to", "json", "-o", "data.json/out.json"]);
    blocked.code(2).stderr_has("error: cannot write 'data.json/out.json': ");
    assert_eq!(std::fs::read_to_string(&data).expect("still there"), EMBEDDED_DATASET);
}

/// Issue 7: an existing file is never truncated by a failed write, and no temporary file is left behind.
#[test]
fn a_failed_write_leaves_the_old_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let target = dir.path().join("out.json");
    std::fs::write(&target, "old content").expect("written");
    let result = actorgraph::fs::write_atomic(&target, |w| {
        w.write_all(b"half of the new")?;
        Err(std::io::Error::other("disk full"))
    });
    let error = result.expect_err("the write fails").to_string();
    assert!(error.starts_with("cannot write '") && error.ends_with("disk full (nothing was changed there)"), "{error}");
    assert_eq!(std::fs::read_to_string(&target).expect("still there"), "old content");
    assert_eq!(std::fs::read_dir(dir.path()).expect("listed").count(), 1, "no temporary file is left");
}

/// The CSV writer refuses, all at once, what CSV cannot hold: here an alias containing `;`.
#[test]
fn csv_export_refuses_a_semicolon_in_an_alias() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("data.json"),
        r#"{"actors": [{"id": "kh", "name": "Kataib Hezbollah", "aliases": ["KH; Hezbollah Brigades", "KH"]},
                      {"id": "pmf", "name": " PMF"}]}"#,
    )
    .expect("written");
    let run = run_in(dir.path(), ["--data", "data.json", "export", "--to", "csv", "-o", "out"]);
    run.code(2);
    assert_eq!(
        run.stderr,
        "error: the dataset cannot be written as CSV without changing it; nothing was written:\n  \
         - actor 'kh': alias \"KH; Hezbollah Brigades\" contains ';', which separates list items in a CSV cell\n  \
         - actor 'pmf': name \" PMF\" begins or ends with a blank or line break, which a CSV cell loses\n\
         change these values in the dataset, or export to JSON, which keeps every value\n"
    );
    assert!(!dir.path().join("out").exists());
}
