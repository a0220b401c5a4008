//! Issue 2: the model, loading, lookup, validation and the basic commands.

use crate::harness::{dataset, run};

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
