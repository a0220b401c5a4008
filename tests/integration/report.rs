//! Issue 5: the `report` command — a self-contained, valid HTML page and Markdown, every relation and source
//! linked, the bundled dataset's report in `output/report/` kept current.

use std::collections::BTreeSet;
use std::path::Path;

use html5gum::{Token, Tokenizer};

use crate::diagrams::{fingerprint, graphviz_version_of};
use crate::harness::{fixture, root, run};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// HTML elements that never have an end tag.
const VOID: &[&str] = &["meta", "link", "br", "hr", "img", "input", "col", "area", "base", "source", "wbr"];

/// Checks that `html` tokenizes without a single parse error and that every element is closed in order
/// (stricter than a browser, which would repair mis-nesting silently). Returns the ids and local link
/// targets it found.
#[track_caller]
fn check_html(html: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut open: Vec<String> = Vec::new();
    let mut ids = BTreeSet::new();
    let mut targets = BTreeSet::new();
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::Error(error) => panic!("HTML parse error: {error:?}"),
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                for (key, value) in &tag.attributes {
                    let value = String::from_utf8_lossy(value).into_owned();
                    match key.as_slice() {
                        b"id" => assert!(ids.insert(value.clone()), "the id {value:?} is used twice"),
                        b"href" => {
                            if let Some(target) = value.strip_prefix('#') {
                                targets.insert(target.to_owned());
                            }
                        }
                        _ => {}
                    }
                }
                if !tag.self_closing && !VOID.contains(&name.as_str()) {
                    open.push(name);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                assert_eq!(open.pop().as_deref(), Some(name.as_str()), "</{name}> closes the wrong element");
            }
            _ => {}
        }
    }
    assert!(open.is_empty(), "elements left open: {open:?}");
    (ids, targets)
}

#[test]
fn default_report_is_valid_self_contained_html_with_every_link_resolving() {
    let dir = temp();
    run(["report", "-o"]).code(2);
    run(["report".as_ref(), "-o".as_ref(), dir.path().as_os_str()]).ok().stdout_has("report.html");
    let html = read(&dir.path().join("report.html"));
    let (ids, targets) = check_html(&html);
    assert!(!html.contains("http:") && !html.contains("https:"), "the page names an outside address");
    assert!(!html.contains("<script") && !html.contains("<link"), "the page loads something");
    let missing: Vec<&String> = targets.difference(&ids).collect();
    assert!(missing.is_empty(), "links without a target: {missing:?}");
    for needle in [
        "id=\"rel-r-pmf-deploys-syria\"",
        "href=\"#rel-r-fayyadh-denies-pmf-deploys\"",
        "id=\"src-reuters-2024-12-02\"",
        "<h2 id=\"bibliography\">",
        "<svg",
        "Contested claims",
        "Alliance blocs",
        "Key actors",
        "Timeline",
    ] {
        assert!(html.contains(needle), "the report lacks {needle}");
    }
    // Every cited relation's sources are in the bibliography with their grade.
    assert!(html.contains("reliability <strong>B</strong> (usually reliable)"));
}

#[test]
fn markdown_says_what_the_html_says_and_its_figures_sit_beside_it() {
    let dir = temp();
    run(["report".as_ref(), "-o".as_ref(), dir.path().as_os_str()]).ok();
    let markdown = read(&dir.path().join("report.md"));
    let html = read(&dir.path().join("report.html"));
    for heading in ["Summary", "The network", "Key actors", "Alliance blocs", "Contested claims", "Timeline"] {
        assert!(markdown.contains(&format!("## {heading}")), "report.md lacks {heading}");
        assert!(html.contains(&format!(">{heading}</h2>")), "report.html lacks {heading}");
    }
    for figure in ["network.svg", "contradictions.svg"] {
        assert!(markdown.contains(&format!("]({figure})")), "report.md does not show {figure}");
        assert!(read(&dir.path().join(figure)).contains("<svg"), "{figure} is not an SVG");
    }
    // Each relation anchor the Markdown links to exists in it.
    for link in markdown.split("](#rel-").skip(1) {
        let target = &link[..link.find(')').unwrap_or(0)];
        assert!(markdown.contains(&format!("<a id=\"rel-{target}\"></a>")), "rel-{target} has no anchor");
    }
}

/// The HTML without its inline SVG, whose coordinates depend on the installed fonts and Graphviz.
fn without_svg(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("</svg>").map_or("", |end| &rest[start + end + 6..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn output_report_is_current() {
    let committed = root().join("output/report");
    let dir = temp();
    // The committed report shows what changed since an earlier draft of the bundled dataset (issue 16).
    // (Relative to the repository root, where the binary runs, as the path is quoted in the report.)
    let draft = "tests/fixtures/changes/hashd-syria-draft.json";
    run(["report".as_ref(), "--since-version".as_ref(), draft.as_ref(), "-o".as_ref(), dir.path().as_os_str()]).ok();
    let stale = "is stale: run `cargo run -- dot --all-examples` (or `cargo run -- report --since-version \
                 tests/fixtures/changes/hashd-syria-draft.json`) and commit output/";
    assert_eq!(
        read(&committed.join("report.md")),
        read(&dir.path().join("report.md")),
        "output/report/report.md {stale}"
    );
    assert_eq!(
        without_svg(&read(&committed.join("report.html"))),
        without_svg(&read(&dir.path().join("report.html"))),
        "output/report/report.html {stale}"
    );
    assert_eq!(
        read(&committed.join("trends.svg")),
        read(&dir.path().join("trends.svg")),
        "output/report/trends.svg {stale}"
    );
    for figure in ["network.svg", "contradictions.svg"] {
        let (old, new) = (read(&committed.join(figure)), read(&dir.path().join(figure)));
        if graphviz_version_of(&old) == graphviz_version_of(&new) {
            assert_eq!(fingerprint(&old), fingerprint(&new), "output/report/{figure} {stale}");
        }
    }
}

#[test]
fn a_queries_file_makes_named_sections_with_diagrams() {
    let dir = temp();
    let queries = fixture("report/queries.json");
    run(["report".as_ref(), "--queries".as_ref(), queries.as_os_str(), "-o".as_ref(), dir.path().as_os_str()])
        .ok()
        .stdout_has("2 sections, 1 diagrams");
    let html = read(&dir.path().join("report.html"));
    check_html(&html);
    assert!(html.contains("<title>Kataib Hezbollah and Iran</title>"));
    assert!(html.contains("href=\"#rel-r-iran-supports-kh\""), "the path's relation is not cited");
    assert!(read(&dir.path().join("focus-kataib-hezbollah.svg")).contains("Kataib Hezbollah"));
}

#[test]
fn bad_queries_files_and_sections_get_clear_errors() {
    let dir = temp();
    let out = dir.path().as_os_str();
    let bad_json = fixture("report/not-json.json");
    run(["report".as_ref(), "--queries".as_ref(), bad_json.as_os_str(), "-o".as_ref(), out])
        .code(2)
        .stderr_has("line 3, column");
    let unknown = fixture("report/unknown-actor.json");
    run(["report".as_ref(), "--queries".as_ref(), unknown.as_os_str(), "-o".as_ref(), out])
        .code(2)
        .stderr_has("no actor 'Katyusha Brigades'");
    assert!(!dir.path().join("report.html").exists(), "a failed report left a file behind");
}

#[test]
fn the_report_reads_the_denied_claims_as_one_family() {
    let dir = temp();
    crate::harness::run_in(dir.path(), ["-q", "report", "-o", "out"]).ok();
    let markdown = read(&dir.path().join("out/report.md"));
    let section = markdown.split("\n## Denied claim families\n").nth(1).expect("the claim families section");
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    assert!(section.contains("From `actorgraph contradictions`"), "{section}");
    // One family: Hashd groups (Kataib Hezbollah included) entering Syria, its two claims, both deniers and
    // both reporters, resting on 2 independent sources (Reuters and SOHR; the brief relays both).
    let rows: Vec<&str> = section.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| ---")).collect();
    assert_eq!(rows.len(), 2, "a header and one family: {section}");
    assert_eq!(rows[0], "| Text | Kind | To | Claims | Deniers | Reporters | Sources | Independent sources |");
    let family = rows[1];
    for part in [
        "Kataib Hezbollah, Popular Mobilization Forces deploys\\_to Syria",
        "[r-kh-deploys-syria](#rel-r-kh-deploys-syria), [r-pmf-deploys-syria](#rel-r-pmf-deploys-syria)",
        "[Falah al-Fayyadh](#actor-falah-fayyadh), [Iraqi Interior Ministry](#actor-iraqi-interior-ministry)",
        "[Reuters](#actor-reuters), [Syrian Observatory for Human Rights](#actor-sohr)",
    ] {
        assert!(family.contains(part), "{part} missing from {family}");
    }
    assert!(family.ends_with("| 2 |"), "{family}");
    // The section follows the contested claims it groups.
    let at = |title: &str| markdown.find(title).unwrap_or_else(|| panic!("no {title}"));
    assert!(at("## Contested claims") < at("## Denied claim families"));
    assert!(at("## Denied claim families") < at("## Single-source claims"));
    // Without a family of two claims there is no such section: one denied claim alone.
    let contested = fixture("evidence/contested.json");
    crate::harness::run_in(dir.path(), ["-q", "--data", contested.to_str().unwrap(), "report", "-o", "one"]).ok();
    let markdown = read(&dir.path().join("one/report.md"));
    assert!(markdown.contains("## Contested claims") && !markdown.contains("## Denied claim families"));
}
