//! Basics: the model, loading, lookup, validation and the basic commands.

use crate::harness::{dataset, fixture, run};

#[test]
fn bundled_dataset_loads_with_exact_counts() {
    let stats = run(["stats", "--format", "json"]);
    stats.ok();
    let json = stats.json();
    assert_eq!(json["actors"], 26);
    assert_eq!(json["relations"], 46);
    assert_eq!(json["sources"], 8);
    assert_eq!(json["by_relation_kind"]["denies"], 3);
}

#[test]
fn embedded_and_file_dataset_are_the_same() {
    let embedded = run(["stats", "--format", "json"]);
    let file = run(["--data".as_ref(), dataset().as_os_str(), "stats".as_ref(), "--format".as_ref(), "json".as_ref()]);
    assert_eq!(embedded.json(), file.json());
}

#[test]
fn show_finds_actors_by_any_spelling() {
    for spelling in ["Kataib Hezbollah", "KH", "kata'ib hizballah", "KATAIB-HEZBOLLAH", "Hezbollah Brigades"] {
        run(["show", spelling]).ok().stdout_has("Kataib Hezbollah (kataib-hezbollah)");
    }
    for spelling in ["asaib ahl al haq", "AAH", "Asa'ib Ahl al-Haq"] {
        run(["show", spelling]).ok().stdout_has("(asaib-ahl-al-haq)");
    }
    run(["show", "Falah Fayad"]).ok().stdout_has("(falah-fayyadh)");
}

#[test]
fn unknown_actor_suggests_the_nearest() {
    run(["show", "Kataib Hezbolahh"]).ok();
    run(["show", "Katib Hezb"]).code(2).stderr_has("no actor 'Katib Hezb'");
}

#[test]
fn bundled_dataset_counts_per_kind() {
    let json = run(["stats", "--format", "json"]).json();
    assert_eq!(
        json["by_actor_kind"],
        serde_json::json!({
            "armed_group": 4, "coalition": 1, "government": 3, "media": 1, "military": 3,
            "organization": 1, "person": 6, "place": 5, "state": 2
        })
    );
    assert_eq!(
        json["by_relation_kind"],
        serde_json::json!({
            "attacks": 2, "claims": 3, "commands": 3, "denies": 3, "deploys_to": 3, "leads": 5, "meets": 1,
            "member_of": 9, "opposes": 1, "reports": 3, "supports": 9, "threatens": 2, "tolerates": 1,
            "vows_to_defend": 1
        })
    );
    assert_eq!(json["statements_about_relations"], 9);

    // The same through the library.
    let graph = actorgraph::load::embedded();
    assert_eq!((graph.actors().len(), graph.relations().len(), graph.sources().len()), (26, 46, 8));
    assert_eq!(graph.graph().edge_count(), 46 - 9, "statements about relations are not edges");
    let declared: Vec<&str> = graph
        .kinds()
        .iter()
        .filter(|(_, k)| k.origin == actorgraph::model::KindOrigin::Declared)
        .map(|(_, k)| k.name.as_str())
        .collect();
    assert_eq!(declared, ["deploys_to", "vows_to_defend", "threatens", "tolerates"]);
    let (_, warnings) = actorgraph::load::load(&[]).expect("the bundled dataset loads");
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// Issue 2: every command that takes an actor accepts its id, name or any alias, whatever the spelling.
#[test]
fn alias_lookup_cases() {
    use actorgraph::lookup::ActorLookup;
    let graph = actorgraph::load::embedded();
    let lookup = ActorLookup::new(&graph);
    let cases = [
        // ids
        ("kataib-hezbollah", "kataib-hezbollah"),
        ("pmf", "pmf"),
        // names, whatever the case and punctuation
        ("Kataib Hezbollah", "kataib-hezbollah"),
        ("KATAIB HEZBOLLAH", "kataib-hezbollah"),
        ("Asa'ib Ahl al-Haq", "asaib-ahl-al-haq"),
        ("asaib ahl al haq", "asaib-ahl-al-haq"),
        ("Popular Mobilization Forces", "pmf"),
        // aliases, including the usual abbreviations and Arabic script
        ("KH", "kataib-hezbollah"),
        ("AAH", "asaib-ahl-al-haq"),
        ("KSS", "kataib-sayyid-al-shuhada"),
        ("PMF", "pmf"),
        ("PMU", "pmf"),
        ("al-Hashd al-Shaabi", "pmf"),
        ("كتائب حزب الله", "kataib-hezbollah"),
        ("PM Sudani", "mohammed-shia-al-sudani"),
        // transliteration variants that are in no list: the skeleton tier
        ("Kataib Hizballah", "kataib-hezbollah"),
        ("Hizballah Brigades", "kataib-hezbollah"),
        ("Faleh Fayyad", "falah-fayyadh"),
        ("Qays al-Khazali", "qais-khazali"),
        ("Muhammad Shia al Sudani", "mohammed-shia-al-sudani"),
        ("hashd al shaabi", "pmf"),
        ("Popular Mobilisation Units", "pmf"),
    ];
    for (query, id) in cases {
        let found = lookup.find(&graph, query).unwrap_or_else(|e| panic!("{query:?}: {e}"));
        assert_eq!(graph.actor(found).id, id, "{query:?}");
    }
    // Unknown: the nearest names, with their ids.
    let error = lookup.find(&graph, "Katib Hezb").unwrap_err().to_string();
    assert_eq!(error, "no actor 'Katib Hezb'; did you mean 'Kataib Hezbollah' (kataib-hezbollah)?");
    let error = lookup.find(&graph, "Kataib").unwrap_err().to_string();
    assert_eq!(
        error,
        "no actor 'Kataib'; did you mean one of: 'Kataib Hezbollah' (kataib-hezbollah), \
         'Kataib Sayyid al-Shuhada' (kataib-sayyid-al-shuhada)?"
    );
    let error = lookup.find(&graph, "xyzzy").unwrap_err().to_string();
    assert_eq!(error, "no actor 'xyzzy'; `actorgraph actors` lists every actor");
}

#[test]
fn ambiguous_names_list_the_candidates() {
    let data = fixture("lookup/ambiguous.json");
    let run_show = |query: &str| run(["--data".as_ref(), data.as_os_str(), "show".as_ref(), query.as_ref()]);
    // A shared alias (tier 2) and a transliteration shared by two people (tier 3).
    run_show("Hashd").code(2).stderr_has(
        "error: 'Hashd' matches several actors: pm-commission (Popular Mobilization Commission), \
         pmf (Popular Mobilization Forces); use the id to pick one\n",
    );
    run_show("Falah Fayad").code(2).stderr_has(
        "error: 'Falah Fayad' matches several actors: falah-fayyadh (Falah al-Fayyadh), faleh-fayad (Faleh Fayad); \
         use the id to pick one\n",
    );
    // An exact name or id still picks one.
    run_show("Faleh Fayad").ok().stdout_has("Faleh Fayad (faleh-fayad)");
    run_show("pmf").ok().stdout_has("Popular Mobilization Forces (pmf)");
    run_show("PMC").ok().stdout_has("(pm-commission)");
}

/// Issue 2: the CSV files and the JSON document of `tests/fixtures/csv-pair/` hold the same data and load to
/// the same graph.
#[test]
fn csv_and_json_load_the_same_graph() {
    let folder = fixture("csv-pair");
    let csv: Vec<std::path::PathBuf> =
        ["actors.csv", "relations.csv", "sources.csv"].iter().map(|f| folder.join(f)).collect();
    let (from_csv, csv_warnings) = actorgraph::load::load(&csv).expect("the CSV files load");
    let (from_json, json_warnings) = actorgraph::load::load(&[folder.join("same.json")]).expect("the JSON loads");
    assert!(csv_warnings.is_empty() && json_warnings.is_empty());
    assert_eq!(from_csv.actors(), from_json.actors());
    assert_eq!(from_csv.relations(), from_json.relations());
    assert_eq!(from_csv.sources(), from_json.sources());
    assert_eq!(from_csv.actors().len(), 9);
    assert_eq!(from_csv.relations().len(), 11);

    // And through the binary: the exported documents are the same but for the title, which CSV cannot hold.
    let export = |paths: &[std::path::PathBuf]| {
        let mut args: Vec<std::ffi::OsString> = Vec::new();
        for p in paths {
            args.push("--data".into());
            args.push(p.into());
        }
        args.extend(["export".into(), "--to".into(), "json".into()]);
        let mut json = run(args).json();
        let object = json.as_object_mut().expect("an object");
        object.remove("title");
        object.remove("description");
        json
    };
    assert_eq!(export(&csv), export(&[folder.join("same.json")]));
}
