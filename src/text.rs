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
