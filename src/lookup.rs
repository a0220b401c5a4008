//! Finding actors by what an analyst types: an id, a name or an alias, whatever the spelling.
//!
//! Names of the same group are written many ways (`Asa'ib Ahl al-Haq`, `asaib ahl al haq`, `AAH`;
//! `Falah al-Fayyadh`, `Falah Fayad`). Matching goes in three tiers, and the first tier with any match
//! decides:
//! 1. the exact id;
//! 2. the *normalised* form: case, diacritics (transliterated to ASCII), apostrophes, hyphens and other
//!    punctuation ignored;
//! 3. the *skeleton*: the normalised form without Arabic articles (`al`, `el`, …), with doubled letters
//!    (not digits) collapsed, and with vowels dropped after the first letter of each word, which absorbs the usual
//!    transliteration noise (`Hezbollah`/`Hizballah`, `Fayyadh`/`Fayad`, `Kataib`/`Kata'ib`).
//!
//! A tier with several distinct actors is ambiguous and lists them. No match gives the nearest names.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::model::{ActorGraph, ActorIx};

/// Lower case ASCII words: diacritics transliterated, apostrophes dropped, other punctuation a space.
///
/// ```
/// use actorgraph::lookup::normalize;
/// assert_eq!(normalize("Asa'ib Ahl al-Haq"), "asaib ahl al haq");
/// assert_eq!(normalize("  ʿAṣāʾib  "), "asaib");
/// ```
#[must_use]
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        // Apostrophe-like marks (hamza, ayn, quotes) sit inside words: drop them rather than split the word.
        if matches!(
            c,
            '\'' | '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{02be}' | '\u{02bf}' | '`' | '\u{00b4}' | '\u{02b9}'
        ) {
            continue;
        }
        // ASCII needs no transliteration (and no allocation: this runs for every character of every name).
        let mut push = |a: char| {
            if a.is_ascii_alphanumeric() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(a.to_ascii_lowercase());
            } else if a != '\'' {
                space = true;
            }
        };
        if c.is_ascii() {
            push(c);
        } else {
            deunicode::deunicode_char(c).unwrap_or("").chars().for_each(&mut push);
        }
    }
    out
}

const ARTICLES: &[&str] = &["al", "el", "ul", "il", "ad", "ar", "as", "ash", "at", "az", "an", "bin", "ibn", "the"];

/// The transliteration-insensitive key of a name (tier 3 above).
///
/// ```
/// use actorgraph::lookup::skeleton;
/// assert_eq!(skeleton("Kataib Hezbollah"), skeleton("Kata'ib Hizballah"));
/// assert_eq!(skeleton("Falah al-Fayyadh"), skeleton("Falah Fayad"));
/// ```
#[must_use]
pub fn skeleton(text: &str) -> String {
    skeleton_of_normal(&normalize(text))
}

/// [`skeleton`] of a text already [`normalize`]d.
fn skeleton_of_normal(normal: &str) -> String {
    let mut out = String::new();
    for word in normal.split(' ').filter(|w| !ARTICLES.contains(w)) {
        // Prefixed articles: "alhashd" reads as "hashd".
        let word = word.strip_prefix("al").filter(|rest| rest.len() > 3).unwrap_or(word);
        // In this order; most words hold none of these, and then nothing is copied.
        let mut word = std::borrow::Cow::Borrowed(word);
        for (from, to) in [("dh", "d"), ("th", "t"), ("kh", "k"), ("q", "k"), ("ou", "u")] {
            if word.contains(from) {
                word = std::borrow::Cow::Owned(word.replace(from, to));
            }
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let mut previous = None;
        for (i, c) in word.chars().enumerate() {
            let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | 'h');
            // Doubled letters are spelling noise (Fayyadh/Fayadh); doubled digits are not (Brigade 11 ≠ 1).
            if (i > 0 && vowel) || (previous == Some(c) && c.is_ascii_alphabetic()) {
                previous = Some(c);
                continue;
            }
            previous = Some(c);
            out.push(c);
        }
    }
    out
}

/// Which tier of matching found an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchTier {
    /// The exact id.
    Id,
    /// The normalised id, name or an alias.
    Normalized,
    /// The transliteration skeleton: a looser match worth telling the user about.
    Skeleton,
}

/// An index of every actor's id, name and aliases in the three tiers.
#[derive(Debug, Clone)]
pub struct ActorLookup {
    normalized: HashMap<String, Vec<ActorIx>>,
    skeletons: HashMap<String, Vec<ActorIx>>,
}

fn push_unique(map: &mut HashMap<String, Vec<ActorIx>>, key: String, actor: ActorIx) {
    if key.is_empty() {
        return;
    }
    let entry = map.entry(key).or_default();
    if !entry.contains(&actor) {
        entry.push(actor);
    }
}

impl ActorLookup {
    /// Indexes every actor of `graph`.
    ///
    /// # Complexity
    /// O(total length of ids, names and aliases).
    #[must_use]
    pub fn new(graph: &ActorGraph) -> Self {
        let mut normalized = HashMap::new();
        let mut skeletons = HashMap::new();
        for (i, actor) in graph.actors().iter().enumerate() {
            let ix = ActorIx::try_from(i).unwrap_or(ActorIx::MAX);
            for name in std::iter::once(&actor.id).chain(std::iter::once(&actor.name)).chain(&actor.aliases) {
                let normal = normalize(name);
                push_unique(&mut skeletons, skeleton_of_normal(&normal), ix);
                push_unique(&mut normalized, normal, ix);
            }
        }
        Self { normalized, skeletons }
    }

    /// Finds the one actor `query` names.
    ///
    /// # Errors
    /// [`Error::AmbiguousActor`] when several actors match equally well; [`Error::UnknownActor`] with the
    /// nearest names when none does.
    ///
    /// ```
    /// let graph = actorgraph::load::embedded();
    /// let lookup = actorgraph::lookup::ActorLookup::new(&graph);
    /// let aah = lookup.find(&graph, "AAH").unwrap();
    /// assert_eq!(lookup.find(&graph, "asaib ahl al haq").unwrap(), aah);
    /// assert!(lookup.find(&graph, "Hezbolah Kataeb").is_err());
    /// ```
    pub fn find(&self, graph: &ActorGraph, query: &str) -> Result<ActorIx> {
        self.find_match(graph, query).map(|(actor, _)| actor)
    }

    /// Like [`ActorLookup::find`], and says which tier matched, so a caller can tell the user when a loose
    /// (skeleton) match was taken.
    ///
    /// # Errors
    /// As [`ActorLookup::find`].
    pub fn find_match(&self, graph: &ActorGraph, query: &str) -> Result<(ActorIx, MatchTier)> {
        if let Some(ix) = graph.actor_ix(query) {
            return Ok((ix, MatchTier::Id));
        }
        for (map, key, tier) in [
            (&self.normalized, normalize(query), MatchTier::Normalized),
            (&self.skeletons, skeleton(query), MatchTier::Skeleton),
        ] {
            match map.get(&key).map(Vec::as_slice) {
                Some([one]) => return Ok((*one, tier)),
                Some(many) if !many.is_empty() => {
                    let mut candidates: Vec<String> =
                        many.iter().map(|&a| format!("{} ({})", graph.actor(a).id, graph.actor(a).name)).collect();
                    candidates.sort();
                    return Err(Error::AmbiguousActor { query: query.to_owned(), candidates });
                }
                _ => {}
            }
        }
        let names = graph
            .actors()
            .iter()
            .flat_map(|a| std::iter::once(a.name.as_str()).chain(a.aliases.iter().map(String::as_str)));
        let mut suggestions = Vec::new();
        for name in suggest(query, names, 3) {
            if let Ok(ix) = self.find_exactish(graph, &name) {
                let label = format!("'{}' ({})", graph.actor(ix).name, graph.actor(ix).id);
                if !suggestions.contains(&label) {
                    suggestions.push(label);
                }
            }
        }
        Err(Error::UnknownActor { query: query.to_owned(), suggestions })
    }

    fn find_exactish(&self, graph: &ActorGraph, name: &str) -> Result<ActorIx> {
        match self.normalized.get(&normalize(name)).map(Vec::as_slice) {
            Some([one, ..]) => Ok(*one),
            _ => Err(Error::UnknownActor { query: name.to_owned(), suggestions: Vec::new() })
                .or_else(|e| graph.actor_ix(name).ok_or(e)),
        }
    }
}

/// Up to `limit` candidates nearest to `query`, best first; none when nothing is reasonably close.
///
/// Nearness is Jaro–Winkler similarity of the normalised forms (good at typos and dropped letters in short
/// names), with a candidate that contains the query as a word ranked first.
///
/// ```
/// let found = actorgraph::lookup::suggest("kataib-hezbolah", ["kataib-hezbollah", "iran"].into_iter(), 3);
/// assert_eq!(found, ["kataib-hezbollah"]);
/// ```
pub fn suggest<'a>(query: &str, candidates: impl Iterator<Item = &'a str>, limit: usize) -> Vec<String> {
    let q = normalize(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &str)> = candidates
        .filter_map(|c| {
            let n = normalize(c);
            let mut score = strsim::jaro_winkler(&q, &n);
            if n.split(' ').any(|w| w == q) || (q.len() >= 4 && n.contains(&q)) {
                score = score.max(0.95);
            }
            (score >= 0.8).then_some((score, c))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored {
        // Checked before pushing, so a limit of 0 gives nothing (found by fuzzing, issue 7).
        if out.len() >= limit {
            break;
        }
        if !out.iter().any(|o| o == c) {
            out.push(c.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_ignores_case_diacritics_and_punctuation() {
        assert_eq!(normalize("Asa'ib Ahl al-Haq"), "asaib ahl al haq");
        assert_eq!(normalize("ASAIB AHL AL HAQ"), "asaib ahl al haq");
        assert_eq!(normalize("Mohammed Shiaʿ al-Sudani"), "mohammed shia al sudani");
        assert_eq!(normalize("Kataib Sayyid al‑Shuhada"), "kataib sayyid al shuhada");
        assert_eq!(normalize("\"\u{0000}\""), "");
    }

    #[test]
    fn skeleton_absorbs_transliteration_noise() {
        assert_eq!(skeleton("Hezbollah"), skeleton("Hizballah"));
        assert_eq!(skeleton("Qais al-Khazali"), skeleton("Qais Khazali"));
        assert_eq!(skeleton("al-Hashd al-Shaabi"), skeleton("Hashd Shaabi"));
        assert_ne!(skeleton("Iran"), skeleton("Iraq"));
        assert_ne!(skeleton("Brigade 10"), skeleton("Brigade 100"));
        assert_eq!(skeleton("Brigade 10"), skeleton("Brigad 10"));
    }

    #[test]
    fn suggestions_are_close_and_ordered() {
        let names = ["Kataib Hezbollah", "Kataib Sayyid al-Shuhada", "Iran", "Iraqi government"];
        assert_eq!(suggest("Kataib Hezbolah", names.iter().copied(), 3)[0], "Kataib Hezbollah");
        assert!(suggest("zzzz", names.iter().copied(), 3).is_empty());
    }

    /// Issue 7, found by `fuzz::lookup_of_random_unicode_never_panics`: a limit of 0 returned every match.
    #[test]
    fn a_limit_of_zero_suggests_nothing() {
        assert!(suggest("k", ["Kataib Hezbollah", "KH"].into_iter(), 0).is_empty());
        assert_eq!(suggest("k", ["Kataib Hezbollah", "KH"].into_iter(), 1).len(), 1);
    }
}
