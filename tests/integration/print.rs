//! The report as it prints: Markdown in STIX descriptions shown as text, web addresses as links, dates kept
//! on one line, no empty "Cycles", no repeated Id column. The printed PDF itself (Letter and A4) is checked
//! in the browser (`explore::browser_checks_of_the_explorer_and_the_printed_report`).

use crate::harness::{fixture, root, run};

fn report(data: &std::path::Path) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    run(["--quiet".as_ref(), "--data".as_ref(), data.as_os_str(), "report".as_ref(), "-o".as_ref(), out.as_os_str()])
        .ok();
    (std::fs::read_to_string(out.join("report.html")).unwrap(), std::fs::read_to_string(out.join("report.md")).unwrap())
}

#[test]
fn stix_markdown_descriptions_print_as_text_with_their_citations() {
    let (html, md) = report(&fixture("report/stix-markdown.stix.json"));
    for text in [&html, &md] {
        assert!(!text.contains("(Citation:"), "a citation marker is printed as written");
        assert!(!text.contains("**on the public payroll**"), "Markdown emphasis is printed as written");
        assert!(text.contains("Reuters 2024") && text.contains("Shafaq News"), "the citations are lost");
    }
    assert!(
        html.contains("Kataib Hezbollah is on the public payroll. [Reuters 2024; Shafaq News]"),
        "the text is not plain"
    );
}

#[test]
fn bibliography_web_addresses_are_links() {
    let (html, _) = report(&fixture("report/stix-markdown.stix.json"));
    assert!(html.contains("<a class=\"url\" href=\"https://www.reuters.com/example/2024-12-02\">"));
    assert!(!html.contains("<code>https://"), "a web address is printed as code");
}

#[test]
fn dates_do_not_wrap_and_no_empty_list_or_repeated_column_is_printed() {
    let (html, md) = report(&root().join("data/hashd-syria-2024-12.json"));
    assert!(html.contains("<td class=\"date\">2024-12-02</td>"), "dates are not kept on one line");
    assert!(!html.contains("<dt>Cycles</dt><dd></dd>"), "an empty Cycles is printed");
    assert!(!md.contains("Cycles"), "an empty Cycles is in the Markdown");
    assert!(!html.contains("<th>Id</th><th>Name</th><th>Score</th>"), "the key-actors table repeats the names");
    assert!(html.contains("<th>Actor</th><th>Score</th>"));
    assert!(html.contains("@page wide{size:landscape"), "the print styles are missing");
}
