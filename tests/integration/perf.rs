//! Issue 6: the synthetic generator, the snapshot cache, the interactive shell and the benchmark's tiny run.

use crate::harness::run;

fn generate(dir: &std::path::Path, name: &str, seed: &str) -> (std::path::PathBuf, serde_json::Value) {
    let path = dir.join(name);
    let run = run([
        "generate".as_ref(),
        "--actors".as_ref(),
        "200".as_ref(),
        "--relations".as_ref(),
        "1500".as_ref(),
        "--seed".as_ref(),
        seed.as_ref(),
        "-o".as_ref(),
        path.as_os_str(),
    ]);
    run.ok();
    (path, run.json())
}

#[test]
fn generator_is_deterministic_and_its_output_validates() {
    let dir = tempfile::tempdir().unwrap();
    let (a, summary) = generate(dir.path(), "a.json", "9");
    let (b, _) = generate(dir.path(), "b.json", "9");
    let (c, _) = generate(dir.path(), "c.json", "10");
    let bytes = |p: &std::path::Path| std::fs::read(p).unwrap();
    assert_eq!(bytes(&a), bytes(&b), "same seed, same bytes");
    assert_ne!(bytes(&a), bytes(&c), "another seed, other bytes");
    assert_eq!(summary["actors"], 200);
    assert_eq!(summary["relations"], 1500);
    run(["--data".as_ref(), a.as_os_str(), "validate".as_ref()]).ok().stdout_has("ok: 200 actors, 1500 relations");
    let hub = summary["hub"].as_str().unwrap();
    run(["--data".as_ref(), a.as_os_str(), "show".as_ref(), hub.as_ref()]).ok().stdout_has(&format!("({hub})"));
}

#[test]
fn generator_refuses_a_dataset_of_one_actor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.json");
    run([
        "generate".as_ref(),
        "--actors".as_ref(),
        "1".as_ref(),
        "--relations".as_ref(),
        "3".as_ref(),
        "-o".as_ref(),
        path.as_os_str(),
    ])
    .code(2)
    .stderr_has("at least 2 actors");
    assert!(!path.exists());
}
