//! Text written as Markdown inside a dataset (STIX `description`s are Markdown with `(Citation: …)` markers,
//! as MITRE ATT&CK publishes them) turned into plain text for the report, so that neither the page nor the
//! print shows raw `**`, `[…](…)` or citation markers.

/// Markdown links become their text, emphasis and code marks are dropped, and each run of
/// `(Citation: Name)` markers becomes one bracketed list of the names: `… Android.[Lookout 2021; ESET]`.
///
/// ```
/// use actorgraph::report::plain_text;
/// assert_eq!(
///     plain_text("[Pegasus](https://attack.mitre.org/software/S0316) uses **root**.(Citation: Lookout)(Citation: ESET 2019)"),
///     "Pegasus uses root. [Lookout; ESET 2019]"
/// );
/// assert_eq!(plain_text("no marks here"), "no marks here");
/// ```
#[must_use]
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut citations: Vec<&str> = Vec::new();
    let mut rest = markdown;
    let flush = |out: &mut String, citations: &mut Vec<&str>| {
        if !citations.is_empty() {
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
            out.push_str(&format!(" [{}]", citations.join("; ")));
            citations.clear();
        }
    };
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("(Citation:") {
            if let Some(end) = after.find(')') {
                citations.push(after[..end].trim());
                rest = &after[end + 1..];
                continue;
            }
        }
        // Only spaces may separate markers of one run.
        if !(citations.is_empty() || c == ' ' && rest.trim_start().starts_with("(Citation:")) {
            flush(&mut out, &mut citations);
        }
        if c == '[' {
            // `[text](target)`: keep the text.
            if let Some(close) = rest.find("](") {
                if let Some(end) = rest[close..].find(')') {
                    if !rest[1..close].contains('[') {
                        out.push_str(&rest[1..close]);
                        rest = &rest[close + end + 1..];
                        continue;
                    }
                }
            }
        }
        if rest.starts_with("**") || rest.starts_with("__") {
            rest = &rest[2..];
            continue;
        }
        if c == '`' {
            rest = &rest[1..];
            continue;
        }
        if c == ' ' && !citations.is_empty() {
            rest = &rest[1..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut out, &mut citations);
    out
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn citations_links_and_marks_become_text() {
        assert_eq!(plain_text("A (Citation: X) b"), "A [X] b");
        assert_eq!(plain_text("End.(Citation: X) (Citation: Y)"), "End. [X; Y]");
        assert_eq!(plain_text("`code` and __bold__"), "code and bold");
        // Nested brackets are not a link of the outer text; the inner one keeps its text.
        assert_eq!(plain_text("[a [b]](c)"), "[a b]");
        assert_eq!(plain_text("(Citation: unclosed"), "(Citation: unclosed");
        assert_eq!(plain_text("ايران [link](x)"), "ايران link");
    }
}
