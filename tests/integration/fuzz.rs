//! Issue 7: no input makes the STIX or GraphML loader, the actor lookup or the DOT writer panic or hang.
//!
//! Property tests (proptest) over random bytes, mutated fixtures (`tests/fixtures/interop/`) and structured
//! generators. The number of cases per target is `ACTORGRAPH_FUZZ_CASES` (default: a small number, so the
//! suite stays quick); a long campaign is
//! `ACTORGRAPH_FUZZ_CASES=20000 cargo test --release --test integration fuzz -- --nocapture`
//! (figures in `tests/fixtures/fuzz/README.md`). Every crash found is kept under `tests/fixtures/fuzz/` and
//! pinned by a regression test at the end of this file.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use actorgraph::load;
use actorgraph::lookup::{normalize, skeleton, suggest, ActorLookup};
use actorgraph::model::ActorIx;
use actorgraph::output::dot::{build, to_dot, to_svg, unquote, ClusterBy, Options, Selection};
use actorgraph::query::{Filter, View};
use actorgraph::Error;
use graphviz_rust::dot_structures::{Edge as DotEdge, EdgeTy, Graph, Id, Stmt, Vertex};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::{json, Map, Value};

use crate::harness::fixture;
use crate::roundtrip::{any_text, check_findings, config, dataset, embedded, mutate, Texts};

/// Cases per fuzz target: `ACTORGRAPH_FUZZ_CASES` when set (a long campaign), else `default`.
pub(crate) fn fuzz_cases(default: u32) -> u32 {
    std::env::var("ACTORGRAPH_FUZZ_CASES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

/// The longest one case may take before it counts as a hang (debug builds on a busy 2-core machine included).
const HANG: Duration = Duration::from_secs(20);

/// Runs `test` on `cases` values of `strategy` (shrinking any failure, a panic included), then fails if any
/// case took longer than [`HANG`]. Prints the figures the campaign README records (`--nocapture` shows them).
fn fuzz<S: Strategy>(
    target: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let cases = fuzz_cases(default_cases);
    let slowest = Cell::new(Duration::ZERO);
    let started = Instant::now();
    let mut runner = TestRunner::new(ProptestConfig { failure_persistence: None, ..config(cases) });
    let result = runner.run(&strategy, |value| {
        let start = Instant::now();
        let outcome = test(value);
        slowest.set(slowest.get().max(start.elapsed()));
        outcome
    });
    if let Err(failure) = result {
        panic!("fuzz target {target}: {failure}");
    }
    eprintln!(
        "fuzz target {target}: {cases} cases in {:.1} s, slowest case {} ms",
        started.elapsed().as_secs_f64(),
        slowest.get().as_millis()
    );
    assert!(slowest.get() < HANG, "fuzz target {target}: a case took {:?}", slowest.get());
}

fn interop(name: &str) -> Vec<u8> {
    std::fs::read(fixture("interop").join(name)).unwrap_or_else(|e| panic!("the fixture {name}: {e}"))
}

const STIX_FIXTURES: &[&str] = &["foreign.stix.json", "unknown-types.stix.json", "bad-confidence.stix.json"];
const GRAPHML_FIXTURES: &[&str] = &[
    "florentine.graphml",
    "networkx-multigraph.graphml",
    "yed.graphml",
    "gephi.graphml",
    "broken.graphml",
    "cites-sources.graphml",
];

// ---- mutations of valid files ----

/// One edit: flip/replace, insert or delete a byte (`mutate`'s `(at, op, byte)`), with bytes the format cares
/// about weighted up.
fn edit(special: &'static [u8]) -> impl Strategy<Value = (prop::sample::Index, u8, u8)> {
    let byte = prop_oneof![3 => prop::sample::select(special.to_vec()), 1 => any::<u8>()];
    (any::<prop::sample::Index>(), 0..3u8, byte)
}

/// A harsher change after the byte edits: a cut, deep nesting or a long run of one byte at some point.
#[derive(Debug, Clone)]
enum Splice {
    None,
    Truncate(prop::sample::Index),
    Nest(prop::sample::Index, &'static str, usize),
    Repeat(prop::sample::Index, u8, usize),
}

fn splice(openers: &'static [&'static str]) -> impl Strategy<Value = Splice> {
    prop_oneof![
        2 => Just(Splice::None),
        2 => any::<prop::sample::Index>().prop_map(Splice::Truncate),
        1 => (any::<prop::sample::Index>(), prop::sample::select(openers), 1..3000usize)
            .prop_map(|(at, s, n)| Splice::Nest(at, s, n)),
        1 => (any::<prop::sample::Index>(), prop::sample::select(b"<\"{[&'".to_vec()), 1..2000usize)
            .prop_map(|(at, b, n)| Splice::Repeat(at, b, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, splice: &Splice) -> Vec<u8> {
    match splice {
        Splice::None => {}
        Splice::Truncate(at) => bytes.truncate(at.index(bytes.len() + 1)),
        Splice::Nest(at, opener, n) => {
            let i = at.index(bytes.len() + 1);
            bytes.splice(i..i, opener.repeat(*n).into_bytes());
        }
        Splice::Repeat(at, byte, n) => {
            let i = at.index(bytes.len() + 1);
            bytes.splice(i..i, std::iter::repeat_n(*byte, *n));
        }
    }
    bytes
}

const JSON_BYTES: &[u8] = b"{}[]\",:\\\n\r 0123456789.-eE+tfnul<";
const JSON_NESTING: &[&str] = &["[", "{\"a\":", "{\"objects\":[", "[{\"type\":\"bundle\",\"objects\":"];
const XML_BYTES: &[u8] = b"<>/=\"'&;#x!?-[]: \n\r\tCDAT0";
const XML_NESTING: &[&str] = &[
    "<graph>",
    "<node id=\"n\">",
    "<data key=\"d0\">",
    "<!--",
    "<![CDATA[",
    "&amp;",
    "<graph edgedefault=\"directed\">",
];

#[test]
fn mutated_stix_bundles_never_panic() {
    let fixtures: Vec<Vec<u8>> = STIX_FIXTURES.iter().map(|f| interop(f)).collect();
    let strategy = (0..fixtures.len(), prop::collection::vec(edit(JSON_BYTES), 0..8), splice(JSON_NESTING));
    fuzz("stix-mutated", 300, strategy, |(which, edits, how)| {
        let bytes = apply(mutate(&fixtures[which], &edits), &how);
        check_findings(&[("x.stix.json", &bytes)]);
        Ok(())
    });
}

#[test]
fn mutated_graphml_files_never_panic() {
    let fixtures: Vec<Vec<u8>> = GRAPHML_FIXTURES.iter().map(|f| interop(f)).collect();
    let strategy = (0..fixtures.len(), prop::collection::vec(edit(XML_BYTES), 0..8), splice(XML_NESTING));
    fuzz("graphml-mutated", 300, strategy, |(which, edits, how)| {
        let bytes = apply(mutate(&fixtures[which], &edits), &how);
        check_findings(&[("x.graphml", &bytes)]);
        Ok(())
    });
}

#[test]
fn random_bytes_never_panic_as_stix_or_graphml() {
    // Random bytes, and random bytes behind a plausible start so the parsers get past their first check.
    let prefix = prop::sample::select(vec![
        "",
        "{\"type\": \"bundle\", \"objects\": [",
        "{\"type\": \"bundle\", \"objects\": [{\"type\": \"identity\", \"id\": ",
        "<?xml version=\"1.0\"?><graphml><graph edgedefault=\"directed\">",
        "<graphml><key id=\"d0\" for=\"node\" attr.name=\"label\"/><graph><node id=\"a\"><data key=\"d0\">",
    ]);
    fuzz("stix-graphml-bytes", 500, (prefix, prop::collection::vec(any::<u8>(), 0..400)), |(prefix, tail)| {
        let bytes = [prefix.as_bytes(), &tail].concat();
        check_findings(&[("x.stix.json", &bytes)]);
        check_findings(&[("x.graphml", &bytes)]);
        Ok(())
    });
}

// ---- structured STIX ----

/// Any JSON value, nested a little: what a field of the wrong type may hold.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec![0.0, -0.0, 1e308, -1e308, 5e-324, 100.5, 0.5]).prop_map(Value::from),
        any_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((any_text(), inner), 0..4).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

const STIX_TYPES: &[&str] = &[
    "identity",
    "threat-actor",
    "intrusion-set",
    "campaign",
    "relationship",
    "opinion",
    "report",
    "malware",
    "bundle",
    "",
];

/// An id from a small pool, so references sometimes hit and sometimes dangle.
fn stix_id() -> impl Strategy<Value = String> {
    (prop::sample::select(STIX_TYPES), 0..4u8).prop_map(|(t, k)| format!("{t}--00000000-0000-4000-8000-{k:012}"))
}

fn timestamp() -> impl Strategy<Value = String> {
    prop_oneof![
        (1900..2100u32, 0..15u32, 0..40u32).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}T00:00:00Z")),
        (0..10000u32, 1..13u32, 1..29u32).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}T12:30:45.123456789Z")),
        prop::sample::select(vec!["", "2024", "2024-12", "2024-02-30", "T", "2024-12-03T08:00:00+99:00", "-1-01-01"])
            .prop_map(str::to_owned),
        any_text(),
    ]
}

/// A plausible value for a STIX field, or (one time in four) anything at all.
fn field(name: &'static str) -> BoxedStrategy<Value> {
    let plausible: BoxedStrategy<Value> = match name {
        "id" | "source_ref" | "target_ref" | "created_by_ref" => stix_id().prop_map(Value::from).boxed(),
        "object_refs" => prop::collection::vec(stix_id(), 0..5).prop_map(|v| json!(v)).boxed(),
        "aliases" | "labels" | "threat_actor_types" => {
            prop::collection::vec(any_text(), 0..4).prop_map(|v| json!(v)).boxed()
        }
        "relationship_type" => prop::sample::select(vec![
            "supports",
            "attributed-to",
            "targets",
            "uses",
            "member_of",
            "denies",
            "claims",
            "reports",
            "located-at",
            "",
            "x\"y",
        ])
        .prop_map(Value::from)
        .boxed(),
        "opinion" => {
            prop::sample::select(vec!["agree", "disagree", "strongly-agree", "strongly-disagree", "neutral", ""])
                .prop_map(Value::from)
                .boxed()
        }
        "confidence" => (-20..220i64).prop_map(Value::from).boxed(),
        "start_time" | "stop_time" | "created" | "modified" | "published" => timestamp().prop_map(Value::from).boxed(),
        "revoked" => any::<bool>().prop_map(Value::from).boxed(),
        "identity_class" => prop::sample::select(vec!["individual", "organization", "group", "class", "unknown"])
            .prop_map(Value::from)
            .boxed(),
        "external_references" => prop::collection::vec(
            (
                prop::option::of(any_text()),
                prop::option::of(any_text()),
                prop::option::of(any_text()),
                prop::option::of(any_text()),
            )
                .prop_map(|(source_name, url, external_id, description)| {
                    json!({"source_name": source_name, "url": url, "external_id": external_id,
                           "description": description})
                }),
            0..4,
        )
        .prop_map(Value::Array)
        .boxed(),
        _ => any_text().prop_map(Value::from).boxed(),
    };
    prop_oneof![3 => plausible, 1 => any_json()].boxed()
}

const STIX_FIELDS: &[&str] = &[
    "id",
    "spec_version",
    "created",
    "modified",
    "name",
    "description",
    "aliases",
    "labels",
    "identity_class",
    "threat_actor_types",
    "relationship_type",
    "source_ref",
    "target_ref",
    "start_time",
    "stop_time",
    "confidence",
    "external_references",
    "object_refs",
    "opinion",
    "explanation",
    "created_by_ref",
    "revoked",
    "published",
];

/// A STIX object of a known (or unknown) type with a random subset of fields, each plausible or not.
fn stix_object() -> impl Strategy<Value = Value> {
    let fields: Vec<BoxedStrategy<Option<Value>>> =
        STIX_FIELDS.iter().map(|&name| prop::option::weighted(0.5, field(name)).boxed()).collect();
    (prop::sample::select(STIX_TYPES), fields, prop::option::weighted(0.1, any_json())).prop_map(
        |(kind, values, type_override)| {
            let mut object = Map::new();
            object.insert("type".into(), type_override.unwrap_or_else(|| Value::from(kind)));
            for (name, value) in STIX_FIELDS.iter().zip(values) {
                if let Some(value) = value {
                    object.insert((*name).into(), value);
                }
            }
            Value::Object(object)
        },
    )
}

fn stix_bundle() -> impl Strategy<Value = Value> {
    let objects = prop_oneof![
        8 => prop::collection::vec(stix_object(), 0..12).prop_map(Value::Array),
        1 => any_json(),
    ];
    (objects, prop::option::weighted(0.9, stix_id()), any::<bool>()).prop_map(|(objects, id, spec)| {
        let mut bundle = json!({"type": "bundle", "objects": objects});
        if let Some(id) = id {
            bundle["id"] = json!(id);
        }
        if spec {
            bundle["spec_version"] = json!("2.1");
        }
        bundle
    })
}

#[test]
fn structured_stix_bundles_never_panic() {
    fuzz("stix-structured", 300, stix_bundle(), |bundle| {
        let text = bundle.to_string();
        check_findings(&[("x.stix.json", text.as_bytes())]);
        // Sniffed by content as well as by name, and merged with an actorgraph file.
        check_findings(&[("bundle.json", text.as_bytes()), ("sources.json", &interop("sources.json"))]);
        Ok(())
    });
}

// ---- structured GraphML ----

/// Text for XML: escaped (most of the time), or raw, or with odd character references.
fn xml_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => any_text().prop_map(|t| escape_xml(&t)),
        1 => any_text(),
        1 => prop::sample::select(vec!["&#0;", "&#xD800;", "&#x110000;", "&#99999999999;", "&bogus;", "&amp", "&#;",
                                       "&lt;b&gt;", "]]>", "<![CDATA[x]]>", "&#x41;&#66;"])
            .prop_map(str::to_owned),
        2 => prop::sample::select(vec!["0", "1", "0.5", "-1", "1e309", "NaN", "inf", "true", "false", "2024-12-03",
                                       "2024-13-45", "supports", "denies", "A1", "B2", "z9", "a; b;; c", ""])
            .prop_map(str::to_owned),
    ]
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

const GRAPHML_KEY_NAMES: &[&str] = &[
    "label",
    "name",
    "kind",
    "type",
    "aliases",
    "tags",
    "confidence",
    "credibility",
    "grade",
    "weight",
    "date",
    "until",
    "sources",
    "source",
    "note",
    "description",
    "sign",
    "symmetric",
    "Edge Label",
    "title",
    "id",
    "",
];

/// `(id, for, attr.name, attr.type, default)` of one `<key>`.
type KeySeed = (String, &'static str, String, &'static str, Option<String>);

fn graphml_key() -> impl Strategy<Value = KeySeed> {
    (
        prop::sample::select(vec!["d0", "d1", "d2", "d3", "d4", "d0"]).prop_map(str::to_owned),
        prop::sample::select(vec!["node", "edge", "graph", "all", "graphml", "port", "nonsense"]),
        prop_oneof![4 => prop::sample::select(GRAPHML_KEY_NAMES).prop_map(str::to_owned), 1 => xml_text()],
        prop::sample::select(vec!["string", "int", "long", "float", "double", "boolean", "nonsense"]),
        prop::option::weighted(0.2, xml_text()),
    )
}

/// One `<data>` element: its key and its content.
fn graphml_data() -> impl Strategy<Value = (String, String)> {
    (
        prop_oneof![5 => prop::sample::select(vec!["d0", "d1", "d2", "d3", "d4", "d9"]).prop_map(str::to_owned),
                 1 => xml_text()],
        xml_text(),
    )
}

fn node_id() -> impl Strategy<Value = String> {
    prop_oneof![8 => (0..6u8).prop_map(|k| format!("n{k}")), 1 => xml_text()]
}

/// A GraphML document with random keys, node and edge ids (duplicates and dangling ends included),
/// attributes, data and nesting.
fn graphml_doc() -> impl Strategy<Value = String> {
    let node = (node_id(), prop::collection::vec(graphml_data(), 0..4), any::<bool>());
    let edge = (
        prop::option::of(node_id()),
        node_id(),
        node_id(),
        prop::option::of(prop::sample::select(vec!["true", "false", "maybe"])),
        prop::collection::vec(graphml_data(), 0..4),
    );
    (
        prop::collection::vec(graphml_key(), 0..6),
        prop::sample::select(vec![Some("directed"), Some("undirected"), Some("sideways"), None]),
        prop::collection::vec(node, 0..7),
        prop::collection::vec(edge, 0..9),
        prop::collection::vec(graphml_data(), 0..2),
        (any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(|(keys, edgedefault, nodes, edges, graph_data, (xml_decl, namespace, hyperedge))| {
            let mut doc = String::new();
            if xml_decl {
                doc.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            }
            doc.push_str(if namespace {
                "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
            } else {
                "<graphml>\n"
            });
            for (id, domain, name, ty, default) in &keys {
                doc.push_str(&format!("<key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\""));
                match default {
                    Some(d) => doc.push_str(&format!("><default>{d}</default></key>\n")),
                    None => doc.push_str("/>\n"),
                }
            }
            match edgedefault {
                Some(e) => doc.push_str(&format!("<graph id=\"G\" edgedefault=\"{e}\">\n")),
                None => doc.push_str("<graph>\n"),
            }
            let data = |items: &[(String, String)]| -> String {
                items.iter().map(|(k, v)| format!("<data key=\"{k}\">{v}</data>")).collect()
            };
            doc.push_str(&data(&graph_data));
            for (id, items, nested) in &nodes {
                doc.push_str(&format!("<node id=\"{id}\">{}", data(items)));
                if *nested {
                    doc.push_str(&format!("<graph id=\"{id}:\"><node id=\"{id}::n0\"/></graph>"));
                }
                doc.push_str("</node>\n");
            }
            for (id, source, target, directed, items) in &edges {
                doc.push_str("<edge");
                if let Some(id) = id {
                    doc.push_str(&format!(" id=\"{id}\""));
                }
                doc.push_str(&format!(" source=\"{source}\" target=\"{target}\""));
                if let Some(d) = directed {
                    doc.push_str(&format!(" directed=\"{d}\""));
                }
                doc.push_str(&format!(">{}</edge>\n", data(items)));
            }
            if hyperedge {
                doc.push_str("<hyperedge><endpoint node=\"n0\"/><endpoint node=\"n1\"/></hyperedge>\n");
            }
            doc.push_str("</graph>\n</graphml>\n");
            doc
        })
}

#[test]
fn structured_graphml_never_panics() {
    fuzz("graphml-structured", 300, graphml_doc(), |doc| {
        check_findings(&[("x.graphml", doc.as_bytes())]);
        check_findings(&[("x.graphml", doc.as_bytes()), ("sources.json", &interop("sources.json"))]);
        Ok(())
    });
}

// ---- lookup ----

/// Queries in every script, with the marks lookup treats specially and transliteration noise.
fn query_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any_text(),
        2 => prop::collection::vec(any::<char>(), 0..40).prop_map(String::from_iter),
        2 => "[ a-zA-Z'`ʿʾʼ‘’´ʹ\u{0300}-\u{036f}\u{0621}-\u{064a}\u{4e00}-\u{4e20}\u{1f600}-\u{1f64f}-]{0,30}",
        1 => "(al|el|ul|the|ibn|bin|dh|th|kh|q|ou| |-|a|e|y|w|h|k|1|11){0,40}",
        1 => prop::collection::vec(any::<char>(), 500..3000).prop_map(String::from_iter),
    ]
}

/// What [`normalize`] promises: lower case ASCII letters and digits in words separated by single spaces.
fn is_normal(text: &str) -> bool {
    text.is_empty()
        || text.split(' ').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

#[test]
fn lookup_of_random_unicode_never_panics() {
    let graph = embedded();
    let lookup = ActorLookup::new(graph);
    let names: Vec<&str> = graph
        .actors()
        .iter()
        .flat_map(|a| std::iter::once(a.name.as_str()).chain(a.aliases.iter().map(String::as_str)))
        .collect();
    fuzz("lookup-bundled", 500, (query_text(), 0..6usize), |(query, limit)| {
        let normal = normalize(&query);
        prop_assert!(is_normal(&normal), "normalize({query:?}) = {normal:?}");
        prop_assert_eq!(normalize(&normal), normal.clone(), "normalize is not idempotent on {:?}", query);
        prop_assert!(is_normal(&skeleton(&query)), "skeleton({query:?}) = {:?}", skeleton(&query));
        let found = suggest(&query, names.iter().copied(), limit);
        prop_assert!(found.len() <= limit);
        prop_assert!(found.iter().all(|f| names.contains(&f.as_str())));
        match lookup.find(graph, &query) {
            Ok(actor) => prop_assert!(actor.index() < graph.actors().len()),
            Err(Error::AmbiguousActor { candidates, .. }) => prop_assert!(candidates.len() >= 2),
            Err(Error::UnknownActor { suggestions, .. }) => prop_assert!(suggestions.len() <= 3),
            Err(other) => prop_assert!(false, "unexpected error: {other}"),
        }
        Ok(())
    });
}

#[test]
fn lookup_among_random_names_finds_every_actor_by_its_names() {
    let actor = (query_text(), prop::collection::vec(query_text(), 0..3));
    let strategy = (prop::collection::vec(actor, 1..6), query_text());
    fuzz("lookup-random-names", 300, strategy, |(actors, query)| {
        let records: Vec<Value> = actors
            .iter()
            .enumerate()
            .map(|(i, (name, aliases))| json!({"id": format!("a{i}"), "name": name, "aliases": aliases}))
            .collect();
        let doc = json!({"format": "actorgraph/1", "actors": records});
        let graph = load::from_json_str("names.json", &doc.to_string())
            .map_err(|e| TestCaseError::fail(format!("the generator made an invalid dataset: {e:?}")))?;
        let lookup = ActorLookup::new(&graph);
        for (i, a) in graph.actors().iter().enumerate() {
            prop_assert_eq!(lookup.find(&graph, &a.id).ok(), Some(ActorIx::new(i)), "id {}", a.id);
            for name in std::iter::once(&a.name).chain(&a.aliases) {
                if normalize(name).is_empty() {
                    continue;
                }
                // A name finds its actor, another actor that has the same text as its id or an equal name,
                // or says which actors it could be: never "unknown".
                match lookup.find(&graph, name) {
                    Ok(ix) => {
                        let other = graph.actor(ix);
                        let keys = std::iter::once(&other.id).chain(std::iter::once(&other.name)).chain(&other.aliases);
                        prop_assert!(
                            other.id == *name || keys.map(|k| normalize(k)).any(|k| k == normalize(name)),
                            "{name:?} found {:?}",
                            other.id
                        );
                    }
                    Err(Error::AmbiguousActor { candidates, .. }) => prop_assert!(candidates.len() >= 2),
                    Err(other) => prop_assert!(false, "{name:?}: {other}"),
                }
            }
        }
        match lookup.find(&graph, &query) {
            Ok(_) | Err(Error::AmbiguousActor { .. } | Error::UnknownActor { .. }) => {}
            Err(other) => prop_assert!(false, "unexpected error: {other}"),
        }
        Ok(())
    });
}

// ---- the DOT writer ----

/// `(id, label)` of every node of a parsed DOT graph and the ends of every edge, unquoted.
type Parsed = (Vec<(String, Option<String>)>, Vec<(String, String)>);

fn parse_dot(dot: &str) -> Result<Parsed, TestCaseError> {
    fn unquoted(id: &Id) -> Result<String, TestCaseError> {
        match id {
            Id::Escaped(q) => unquote(q).ok_or_else(|| TestCaseError::fail(format!("bad quoting {q}"))),
            other => Err(TestCaseError::fail(format!("unquoted id {other:?}"))),
        }
    }
    fn walk(stmts: &[Stmt], parsed: &mut Parsed) -> Result<(), TestCaseError> {
        for stmt in stmts {
            match stmt {
                Stmt::Node(node) => {
                    let label = node.attributes.iter().find(|a| a.0 == Id::Plain("label".into()));
                    let label = label.map(|a| unquoted(&a.1)).transpose()?;
                    parsed.0.push((unquoted(&node.id.0)?, label));
                }
                Stmt::Edge(DotEdge { ty: EdgeTy::Pair(Vertex::N(a), Vertex::N(b)), .. }) => {
                    parsed.1.push((unquoted(&a.0)?, unquoted(&b.0)?));
                }
                Stmt::Edge(other) => return Err(TestCaseError::fail(format!("unexpected edge {other:?}"))),
                Stmt::Subgraph(sub) => walk(&sub.stmts, parsed)?,
                _ => {}
            }
        }
        Ok(())
    }
    let graph = graphviz_rust::parse(dot).map_err(|e| TestCaseError::fail(format!("DOT does not parse: {e}")))?;
    let Graph::DiGraph { stmts, .. } = graph else { return Err(TestCaseError::fail("not a digraph")) };
    let mut parsed = (Vec::new(), Vec::new());
    walk(&stmts, &mut parsed)?;
    Ok(parsed)
}

/// What quoting keeps of a text (control characters other than line breaks are dropped; see `dot::quote`).
fn sanitized(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', " ")
        .chars()
        .filter(|&c| c == '\n' || !c.is_control())
        .collect()
}

/// How to pick what a random diagram shows.
#[derive(Debug, Clone)]
enum Pick {
    Whole,
    Focus(prop::sample::Index, usize),
    Contradictions,
}

#[test]
fn dot_of_random_graphs_parses_back_with_the_same_ids() {
    // Extends `random_unicode_names_round_trip_through_dot` (src/output/dot/print.rs): statements (claim
    // nodes), parallel relations, every selection, clusters, size limits, hostile titles and attributes.
    let pick = prop_oneof![
        Just(Pick::Whole),
        (any::<prop::sample::Index>(), 0..4usize).prop_map(|(c, d)| Pick::Focus(c, d)),
        Just(Pick::Contradictions),
    ];
    let options = (prop::option::of(1..12usize), 1..60usize, any::<bool>());
    let cluster = prop::option::of(prop_oneof![Just(ClusterBy::Kind), any_text().prop_map(ClusterBy::Attr)]);
    let strategy = (dataset(Texts::Any, true), pick, options, cluster);
    fuzz("dot-writer", 200, strategy, |(doc, pick, (max_nodes, max_edges, legend), cluster)| {
        let graph = load::from_json_str("random.json", &doc.to_string())
            .map_err(|e| TestCaseError::fail(format!("the generator made an invalid dataset: {e:?}")))?;
        let view = View::new(&graph, &Filter::default());
        let mut selection = match pick {
            Pick::Whole => Selection::whole(&view),
            Pick::Focus(center, depth) => {
                Selection::focus(&view, ActorIx::new(center.index(graph.actors().len())), depth)
            }
            Pick::Contradictions => Selection::contradictions(&view),
        };
        if let Some(cluster) = cluster {
            if let Ok(clusters) = cluster.clusters(&graph, &selection.actors) {
                selection.clusters = clusters;
            }
        }
        let options = Options { max_nodes, max_edges, legend, ..Options::default() };
        let diagram = build(&view, &selection, &Filter::default(), &options);
        let dot = to_dot(&diagram);
        let (nodes, edges) = parse_dot(&dot).map_err(|e| TestCaseError::fail(format!("{e}\n{dot}")))?;
        let drawn: Vec<(String, Option<String>)> =
            nodes.into_iter().filter(|(id, _)| !id.starts_with("legend:")).collect();
        let expected: BTreeSet<String> = diagram.nodes.iter().map(|n| sanitized(&n.id)).collect();
        prop_assert_eq!(expected.len(), diagram.nodes.len(), "two node ids quote to the same text");
        let parsed: BTreeSet<String> = drawn.iter().map(|(id, _)| id.clone()).collect();
        prop_assert_eq!(parsed.len(), drawn.len(), "a node is declared twice\n{}", dot);
        prop_assert_eq!(&parsed, &expected, "{}", dot);
        for node in &diagram.nodes {
            let label = drawn.iter().find(|(id, _)| *id == sanitized(&node.id)).and_then(|(_, l)| l.clone());
            prop_assert_eq!(label, Some(sanitized(&node.label)));
        }
        for (a, b) in edges.iter().filter(|(a, _)| !a.starts_with("legend:")) {
            prop_assert!(parsed.contains(a) && parsed.contains(b), "edge {a:?} -> {b:?} to an undeclared node");
        }
        prop_assert_eq!(edges.iter().filter(|(a, _)| !a.starts_with("legend:")).count(), diagram.edges.len());
        let svg = to_svg(&diagram);
        prop_assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{}", &svg[..svg.len().min(80)]);
        Ok(())
    });
}
