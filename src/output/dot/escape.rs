//! The one quoting function for DOT. graphviz-rust prints every id verbatim, so every id and every string
//! attribute of a diagram goes through [`quote`] (via [`text`]) and nothing else.
//!
//! What Graphviz needs, measured with Graphviz 2.43 on hostile names (see `../shared/CRATES.md`):
//! - a quoted string is the only id form that holds any text: plain ids break on spaces, quotes, braces,
//!   `<`, leading digits, non-ASCII letters and empty strings;
//! - inside quotes, `"` must be `\"`, and `\` must be `\\` (otherwise `\N`, `\n`, `\l` are read as label
//!   escapes, and a trailing backslash swallows the closing quote);
//! - a line break is written `\n` (a raw newline would be kept, but only through a continuation rule that
//!   differs between versions);
//! - `&` is written `&amp;`, because Graphviz decodes entities in labels (`&lt;` would otherwise show `<`);
//! - other control characters are dropped: NUL is a syntax error and `\x01` makes SVG that XML parsers reject.
//!   A tab becomes a space (dropping it would glue two words together); `\r\n` and a lone `\r` are line breaks.

use graphviz_rust::dot_structures::Id;

/// Quotes `raw` for DOT: wraps it in double quotes and escapes it as described in the module docs.
///
/// ```
/// use actorgraph::output::dot::quote;
/// assert_eq!(quote(r#"say "hi"\now"#), r#""say \"hi\"\\now""#);
/// assert_eq!(quote("a\nb & c"), r#""a\nb &amp; c""#);
/// assert_eq!(quote(""), r#""""#);
/// ```
#[must_use]
pub fn quote(raw: &str) -> String {
    let mut quoted = String::with_capacity(raw.len() + 2);
    quoted.push('"');
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '&' => quoted.push_str("&amp;"),
            '\n' => quoted.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                quoted.push_str("\\n");
            }
            '\t' => quoted.push(' '),
            c if c.is_control() => {}
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A DOT id holding `raw` as text, quoted by [`quote`].
#[must_use]
pub fn text(raw: &str) -> Id {
    Id::Escaped(quote(raw))
}

/// Reverses [`quote`] for text that went through it (for tests and for reading our own DOT back): strips the
/// quotes and decodes `\"`, `\\`, `\n` and `&amp;`. Returns `None` when `quoted` is not a quoted string.
#[must_use]
pub fn unquote(quoted: &str) -> Option<String> {
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => text.push('\n'),
                other => text.push(other),
            },
            c => text.push(c),
        }
    }
    Some(text.replace("&amp;", "&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_texts_are_quoted_so_graphviz_reads_them_back_exactly() {
        let cases: &[(&str, &str)] = &[
            ("plain", r#""plain""#),
            ("", r#""""#),
            (r#"say "hi""#, r#""say \"hi\"""#),
            (r"back\slash", r#""back\\slash""#),
            ("trailing\\", r#""trailing\\""#),
            (r"\N \n \l \G", r#""\\N \\n \\l \\G""#),
            ("two\nlines", r#""two\nlines""#),
            ("crlf\r\nand\rcr", r#""crlf\nand\ncr""#),
            ("{braces} [brackets]", r#""{braces} [brackets]""#),
            ("<b>html</b>", r#""<b>html</b>""#),
            ("a -- b -> c", r#""a -- b -> c""#),
            ("x; y: z", r#""x; y: z""#),
            ("9th Brigade", r#""9th Brigade""#),
            ("AT&T &amp; co", r#""AT&amp;T &amp;amp; co""#),
            ("x\", color=\"red", r#""x\", color=\"red""#),
            ("كتائب حزب الله", "\"كتائب حزب الله\""),
            ("nul\0bell\x07del\x7f", r#""nulbelldel""#),
            ("tab\there", r#""tab here""#),
            ("#ff0000", r##""#ff0000""##),
        ];
        for (raw, expected) in cases {
            assert_eq!(&quote(raw), expected, "quoting {raw:?}");
        }
    }

    #[test]
    fn unquote_reverses_quote_except_for_dropped_control_characters() {
        for raw in ["", "a\"b", "a\\", "x\ny", "&amp; & <>", "{[;:--]}", "ق", "\\n literally"] {
            assert_eq!(unquote(&quote(raw)).as_deref(), Some(raw), "{raw:?}");
        }
        assert_eq!(unquote(&quote("a\x01b")).as_deref(), Some("ab"));
        assert_eq!(unquote("not quoted"), None);
    }

    #[test]
    fn quoted_text_always_ends_with_an_unescaped_quote() {
        // A trailing backslash must not escape the closing quote.
        for raw in ["\\", "\\\\", "a\\\"", "\"\\"] {
            let q = quote(raw);
            let body = &q[1..q.len() - 1];
            let trailing_backslashes = body.chars().rev().take_while(|&c| c == '\\').count();
            assert_eq!(trailing_backslashes % 2, 0, "{raw:?} → {q}");
        }
    }
}
