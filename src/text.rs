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

/// Text with its control characters made visible as tables show them (no cut): for messages that quote
/// the data, such as errors naming a value (a NUL byte or an escape sequence must not reach the terminal).
#[must_use]
pub fn visible_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        return text.into();
    }
    text.chars().map(visible_char).collect::<String>().into()
}

/// One character as [`visible_controls`] shows it.
#[must_use]
pub fn visible_char(c: char) -> String {
    match c {
        '\n' | '\t' => c.to_string(),
        // U+2400..U+241F picture U+0000..U+001F.
        c if u32::from(c) < 0x20 => char::from_u32(0x2400 + u32::from(c)).unwrap_or('?').to_string(),
        c if c.is_control() => format!("<U+{:04X}>", u32::from(c)),
        c => c.to_string(),
    }
}
