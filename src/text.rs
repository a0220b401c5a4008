//! Wording shared by messages, captions and notes.

/// `1 actor`, `2 actors`: a count with the word for one or for many.
///
/// ```
/// assert_eq!(actorgraph::text::plural(1, "bloc", "blocs"), "1 bloc");
/// assert_eq!(actorgraph::text::plural(3, "is", "are"), "3 are");
/// ```
#[must_use]
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An id made from a name: ASCII letters and digits (transliterated with `deunicode`), lower case, every run
/// of anything else one hyphen, none at either end. Importers use it for actors their files name but do not
/// number.
///
/// ```
/// assert_eq!(actorgraph::text::slug("  Kata'ib Ḥizballah!! "), "kata-ib-hizballah");
/// assert_eq!(actorgraph::text::slug("!!!"), "");
/// ```
#[must_use]
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in deunicode::deunicode(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Text with its control characters made visible as tables show them (no cut): for messages that quote
/// the data, such as errors naming a value (a NUL byte or an escape sequence must not reach the terminal).
#[must_use]
pub fn visible_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_showing) {
        return text.into();
    }
    text.chars().map(visible_char).collect::<String>().into()
}

/// Whether a character must not reach a terminal as itself: control characters other than newline and
/// tab (an escape starts a sequence that can clear or recolour the screen; a carriage return overwrites the
/// line), and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
/// reorder what follows them on the line ("Trojan Source", CVE-2021-42574). The marks U+200E/U+200F and
/// U+061C stay: they occur in real Arabic and Persian names and only affect neutral characters next to them.
#[must_use]
pub fn needs_showing(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t')) || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One character as [`visible_controls`] shows it.
#[must_use]
pub fn visible_char(c: char) -> String {
    match c {
        '\n' | '\t' => c.to_string(),
        // U+2400..U+241F picture U+0000..U+001F.
        c if u32::from(c) < 0x20 => char::from_u32(0x2400 + u32::from(c)).unwrap_or('?').to_string(),
        c if needs_showing(c) => format!("<U+{:04X}>", u32::from(c)),
        c => c.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_ascii_words_joined_by_hyphens() {
        assert_eq!(slug("Kataib Hezbollah"), "kataib-hezbollah");
        assert_eq!(slug("Military Forces of Iraq (2022-)"), "military-forces-of-iraq-2022");
        assert_eq!(slug("  Kata'ib Ḥizballah!! "), "kata-ib-hizballah");
        assert_eq!(slug("كتائب حزب الله"), "kty-b-hzb-llh");
        assert_eq!(slug("!!!"), "");
        assert_eq!(slug("—"), "");
    }
}
