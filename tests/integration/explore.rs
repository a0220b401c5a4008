//! `explore`: the self-contained explorer page — same bytes for the same input, nothing fetched, the limits
//! noted, `output/explore.html` kept current — and, in real browsers: Debian's chromium driven by Python
//! Playwright (`tests/python/check_browser.py`: search, panels, the time control, the views, a 5,000-actor
//! page, and the printed report) and Debian's firefox-esr driven over WebDriver BiDi
//! (`tests/python/check_firefox.py`: the bundled page by keyboard and mouse).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::harness::{generated, root, run};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

fn page_data(html: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"data\">";
    let start = html.find(open).expect("the page has its data") + open.len();
    let end = start + html[start..].find("</script>").expect("the data element ends");
    serde_json::from_str(&html[start..end]).expect("the page's data is JSON")
}

#[track_caller]
fn explore(dir: &Path, name: &str, args: &[&str]) -> String {
    let path = dir.join(name);
    let mut all = vec!["explore", "-o", path.to_str().unwrap()];
    all.extend_from_slice(args);
    run(all).ok().stdout_has("wrote");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_page_is_one_file_that_fetches_nothing_and_repeats_byte_for_byte() {
    let dir = temp();
    let a = explore(dir.path(), "a.html", &[]);
    let b = explore(dir.path(), "b.html", &[]);
    assert!(a == b, "two runs of `explore` gave different pages");
    for remote in ["src=\"http", "href=\"http", "@import", "url(http", "<link ", "fetch(", "XMLHttpRequest"] {
        assert!(!a.contains(remote), "the page refers to something outside it: {remote}");
    }
    assert!(a.contains("default-src 'none'"), "the page does not forbid requests in its security policy");
    let data = page_data(&a);
    let graph = actorgraph::load::embedded();
    assert_eq!(data["actors"].as_array().unwrap().len(), graph.actors().len());
    assert_eq!(data["relations"].as_array().unwrap().len(), graph.relations().len());
}

#[test]
fn filters_apply_before_writing_and_limits_say_what_was_left_out() {
    let dir = temp();
    let data = page_data(&explore(dir.path(), "hashd.html", &["--tag", "hashd", "--layout", "builtin"]));
    let graph = actorgraph::load::embedded();
    let tagged = graph.actors().iter().filter(|a| a.tags.iter().any(|t| t == "hashd")).count();
    assert_eq!(data["actors"].as_array().unwrap().len(), tagged);
    assert_eq!(data["filters"][0], "tag hashd");

    let out = dir.path().join("small.html");
    run(["explore", "--max-actors", "5", "--layout", "builtin", "-o", out.to_str().unwrap()])
        .ok()
        .stdout_has("not everything is drawn");
    let data = page_data(&std::fs::read_to_string(out).unwrap());
    assert_eq!(data["actors"].as_array().unwrap().len(), 5);
    let cut = data["cut"].as_str().unwrap();
    assert!(cut.contains(&format!("5 of {} actors", graph.actors().len())) && cut.contains("--tag"), "{cut}");
}

#[test]
fn an_explicit_graphviz_layout_without_graphviz_is_an_error_and_auto_falls_back() {
    let dir = temp();
    let bin = env!("CARGO_BIN_EXE_actorgraph");
    let run_bare = |args: &[&str]| {
        Command::new(bin)
            .args(args)
            .current_dir(dir.path())
            .env("PATH", dir.path().join("no-such-bin"))
            .output()
            .unwrap()
    };
    let failed = run_bare(&["explore", "--layout", "sfdp", "-o", "x.html"]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("Graphviz is not installed"));
    let fell_back = run_bare(&["explore", "-o", "y.html"]);
    assert_eq!(fell_back.status.code(), Some(0), "{}", String::from_utf8_lossy(&fell_back.stderr));
    assert!(String::from_utf8_lossy(&fell_back.stdout).contains("built-in (Graphviz is not installed)"));
}

/// `output/explore.html` is what `actorgraph explore` makes now. Positions depend on the layout program
/// and its version: with the same one the page must match byte for byte, otherwise everything but the
/// positions.
#[test]
fn output_explore_page_is_current() {
    let dir = temp();
    let fresh = explore(dir.path(), "explore.html", &[]);
    let committed = std::fs::read_to_string(root().join("output/explore.html")).unwrap_or_default();
    let stale = "output/explore.html is stale: run `cargo run -- explore` and commit it";
    let (mut old, mut new) = (page_data(&committed), page_data(&fresh));
    if old["layout"] == new["layout"] {
        assert!(committed == fresh, "{stale}");
        return;
    }
    eprintln!(
        "note: output/explore.html was laid out by {} (here: {}); positions not compared",
        old["layout"], new["layout"]
    );
    for data in [&mut old, &mut new] {
        data["layout"] = Value::Null;
        for actor in data["actors"].as_array_mut().unwrap() {
            actor["x"] = Value::Null;
            actor["y"] = Value::Null;
        }
    }
    assert!(old == new, "{stale}");
    let without_data = |html: &str| html[..html.find("<script type=\"application/json\"").unwrap()].to_owned();
    assert!(without_data(&committed) == without_data(&fresh), "{stale}");
}

fn python() -> PathBuf {
    std::env::var_os("ACTORGRAPH_PYTHON").map_or_else(|| root().join("tests/python/.venv/bin/python"), PathBuf::from)
}

/// Hard names for the page's port of the lookup normalisation, with the Rust answers.
fn lookup_cases() -> Value {
    let texts = [
        "KH",
        "asaib ahl al haq",
        "Asa'ib Ahl al-Haq",
        "  ʿAṣāʾib  ",
        "كتائب حزب الله",
        "ایران",
        "Falah al-Fayyadh",
        "Mohammed Shiaʿ al-Sudani",
        "Kataib Sayyid al‑Shuhada",
        "alHashd al-Shaabi",
        "Brigade 100",
        "Hizballah’s \"Brigade\" (KH)",
        "Çağrı Şahin Ærøskøbing Đorđe",
        "",
        "---",
    ];
    Value::Array(
        texts
            .iter()
            .map(|t| {
                serde_json::json!({"text": t, "normalize": actorgraph::lookup::normalize(t), "skeleton": actorgraph::lookup::skeleton(t)})
            })
            .collect(),
    )
}

/// Runs a browser check script (`tests/python/<script>`) on the built binary with the lookup cases, in a
/// work folder inside `dir`, after making sure what it needs is installed: the Python module `module` and the
/// browser at `browser` (or the one the variable `browser_env` names). Fails loudly, never skips: without them
/// the failure says to run `bash tests/python/setup.sh`. Returns the script's measurements (its last line).
#[track_caller]
fn run_browser_check(
    script: &str,
    module: &str,
    browser: &str,
    browser_env: &str,
    dir: &Path,
    extra: &[&std::ffi::OsStr],
) -> String {
    let python = python();
    let setup = format!("run `bash tests/python/setup.sh` (it installs Debian's chromium, firefox-esr and poppler-utils, and Python {module})");
    assert!(python.exists(), "no Python for the browser tests at {}: {setup}", python.display());
    let probe = Command::new(&python).args(["-c", &format!("import {module}")]).output().expect("python runs");
    assert!(probe.status.success(), "Python {module} is not installed in {}: {setup}", python.display());
    assert!(Path::new(browser).exists() || std::env::var_os(browser_env).is_some(), "no {browser}: {setup}");

    let cases = dir.join("cases.json");
    std::fs::write(&cases, lookup_cases().to_string()).unwrap();
    let output = Command::new(&python)
        .arg(root().join("tests/python").join(script))
        .args(["--binary", env!("CARGO_BIN_EXE_actorgraph")])
        .arg("--work")
        .arg(dir.join("work"))
        .arg("--cases")
        .arg(&cases)
        .args(extra)
        .env("XDG_CACHE_HOME", root().join("target/tmp/test-cache"))
        .output()
        .expect("the browser checks run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{script} failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}");
    stdout.lines().last().unwrap_or("").to_owned()
}

/// The browser checks in chromium (Debian's, driven by Python Playwright): search, panels, the time control,
/// the views, a 5,000-actor page and the printed report.
///
/// Set `ACTORGRAPH_SCREENSHOTS=output` to refresh `output/explore.png` and `output/report/print-a4.png`.
#[test]
fn browser_checks_of_the_explorer_and_the_printed_report() {
    let dir = temp();
    let shots = std::env::var_os("ACTORGRAPH_SCREENSHOTS").map_or_else(|| dir.path().join("shots"), |d| root().join(d));
    let large = dir.path().join("generated-5000.json");
    generated(&large, 5000, 25_000, 1);
    let extra = [
        std::ffi::OsStr::new("--screenshots"),
        shots.as_os_str(),
        "--large-dataset".as_ref(),
        large.as_os_str(),
        "--actors".as_ref(),
        "5000".as_ref(),
    ];
    let measured = run_browser_check(
        "check_browser.py",
        "playwright",
        "/usr/bin/chromium",
        "ACTORGRAPH_CHROMIUM",
        dir.path(),
        &extra,
    );
    eprintln!("browser measurements: {measured}");
    for shot in ["explore.png", "report/print-a4.png"] {
        assert!(shots.join(shot).exists(), "the browser checks made no {shot}");
    }
}

/// The explorer in Firefox (Debian's firefox-esr, driven over WebDriver BiDi with Python `websockets`): the
/// bundled page by keyboard and mouse — Tab and `/` to the search box, `KH` and Enter, Tab through the panel to
/// a denied relation, a click on a contested line, the time control by the arrow keys, Escape — with no request
/// and no script error.
#[test]
fn firefox_checks_of_the_explorer_by_keyboard_and_mouse() {
    let dir = temp();
    let measured = run_browser_check(
        "check_firefox.py",
        "websockets",
        "/usr/bin/firefox-esr",
        "ACTORGRAPH_FIREFOX",
        dir.path(),
        &[],
    );
    eprintln!("Firefox measurements: {measured}");
}
