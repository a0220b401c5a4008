//! Finding actors by what an analyst types: an id, a name or an alias, whatever the spelling.
//!
//! Names of the same group are written many ways (`Asa'ib Ahl al-Haq`, `asaib ahl al haq`, `AAH`;
//! `Falah al-Fayyadh`, `Falah Fayad`). Lookup never guesses: a wrong actor is worse than no answer. Matching
//! goes in tiers, and the first tier with any match decides:
//! 1. the exact id;
//! 2. the *normalised* form: case, diacritics (transliterated to ASCII), apostrophes, hyphens and other
//!    punctuation ignored;
//! 3. the *variant* form: the normalised form without Arabic articles (`al`, `el`, …), with doubled letters
//!    (not digits) collapsed and the transliteration variants `dh`→`d`, `th`→`t`, `kh`→`k`, `q`→`k`,
//!    `ou`→`u` (`Fayyadh`/`Fayad`, `Qais`/`Kais`, `al-Hashd`/`Hashd`);
//! 4. only when asked for (`--fuzzy`): the *skeleton*, the variant form with vowels dropped after the first
//!    letter of each word (`Hezbollah`/`Hizballah`, but also `Sudan`/`Sudani`).
//!
//! Anything looser is an error listing the nearest candidates. A tier with several distinct actors is
//! ambiguous and lists at most [`MAX_CANDIDATES`] of them with the count of the rest.

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

/// The most candidates an ambiguous or failed lookup lists; the rest are counted.
pub const MAX_CANDIDATES: usize = 20;

/// The transliteration-variant key of a name (tier 3 above): what is taken without asking.
///
/// ```
/// use actorgraph::lookup::variant;
/// assert_eq!(variant("Falah al-Fayyadh"), variant("Falah Fayad"));
/// assert_ne!(variant("Sudan"), variant("al-Sudani"));
/// ```
#[must_use]
pub fn variant(text: &str) -> String {
    key_of_normal(&normalize(text), false)
}

/// The loose key of a name (tier 4 above, `--fuzzy` only).
///
/// ```
/// use actorgraph::lookup::skeleton;
/// assert_eq!(skeleton("Kataib Hezbollah"), skeleton("Kata'ib Hizballah"));
/// assert_eq!(skeleton("Falah al-Fayyadh"), skeleton("Falah Fayad"));
/// ```
#[must_use]
pub fn skeleton(text: &str) -> String {
    key_of_normal(&normalize(text), true)
}

/// [`variant`] (or, with `drop_vowels`, [`skeleton`]) of a text already [`normalize`]d.
fn key_of_normal(normal: &str, drop_vowels: bool) -> String {
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
            let vowel = drop_vowels && matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | 'h');
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
    /// A documented transliteration variant of the id, name or an alias.
    Variant,
    /// The skeleton: a loose match, taken only with `fuzzy` and worth telling the user about.
    Skeleton,
}

/// An index of every actor's id, name and aliases in the four tiers.
#[derive(Debug, Clone)]
pub struct ActorLookup {
    normalized: HashMap<String, Vec<ActorIx>>,
    variants: HashMap<String, Vec<ActorIx>>,
    skeletons: HashMap<String, Vec<ActorIx>>,
}

fn push_unique(map: &mut HashMap<String, Vec<ActorIx>>, key: String, actor: ActorIx) {
    if key.is_empty() {
        return;
    }
    let entry = map.entry(key).or_default();
    // Actors are indexed one after another, so a repeat of this actor can only be the last entry: checking
    // the whole list made 160,000 same-named actors quadratic.
    if entry.last() != Some(&actor) {
        entry.push(actor);
    }
}

/// The first [`MAX_CANDIDATES`] actors by id, and how many more there are.
///
/// # Complexity
/// O(n) for n actors (a selection, not a sort of all of them).
fn candidates(graph: &ActorGraph, actors: &[ActorIx]) -> (Vec<ActorIx>, usize) {
    let mut sorted: Vec<ActorIx> = actors.to_vec();
    if sorted.len() > MAX_CANDIDATES {
        sorted.select_nth_unstable_by(MAX_CANDIDATES - 1, |&a, &b| graph.actor(a).id.cmp(&graph.actor(b).id));
        sorted.truncate(MAX_CANDIDATES);
    }
    sorted.sort_by(|&a, &b| graph.actor(a).id.cmp(&graph.actor(b).id));
    (sorted, actors.len().saturating_sub(MAX_CANDIDATES))
}

impl ActorLookup {
    /// Indexes every actor of `graph`.
    ///
    /// # Complexity
    /// O(total length of ids, names and aliases).
    #[must_use]
    pub fn new(graph: &ActorGraph) -> Self {
        let mut normalized = HashMap::new();
        let mut variants = HashMap::new();
        let mut skeletons = HashMap::new();
        for (i, actor) in graph.actors().iter().enumerate() {
            let ix = ActorIx::new(i);
            for name in std::iter::once(&actor.id).chain(std::iter::once(&actor.name)).chain(&actor.aliases) {
                let normal = normalize(name);
                push_unique(&mut skeletons, key_of_normal(&normal, true), ix);
                push_unique(&mut variants, key_of_normal(&normal, false), ix);
                push_unique(&mut normalized, normal, ix);
            }
        }
        Self { normalized, variants, skeletons }
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
    /// // "Sudan" is not "al-Sudani": a loose match is an error naming the candidates.
    /// assert!(lookup.find(&graph, "Sudan").is_err());
    /// assert!(lookup.find(&graph, "Falah Fayyadh").is_ok());
    /// ```
    pub fn find(&self, graph: &ActorGraph, query: &str) -> Result<ActorIx> {
        self.find_match(graph, query, false).map(|(actor, _)| actor)
    }

    /// Like [`ActorLookup::find`], and says which tier matched; with `fuzzy`, a loose (skeleton) match is
    /// taken too, so a caller can tell the user which actor was taken.
    ///
    /// # Errors
    /// As [`ActorLookup::find`].
    pub fn find_match(&self, graph: &ActorGraph, query: &str, fuzzy: bool) -> Result<(ActorIx, MatchTier)> {
        if let Some(ix) = graph.actor_ix(query) {
            return Ok((ix, MatchTier::Id));
        }
        let loose = skeleton(query);
        let mut tiers = vec![
            (&self.normalized, normalize(query), MatchTier::Normalized),
            (&self.variants, variant(query), MatchTier::Variant),
        ];
        if fuzzy {
            tiers.push((&self.skeletons, loose.clone(), MatchTier::Skeleton));
        }
        for (map, key, tier) in tiers {
            match map.get(&key).map(Vec::as_slice) {
                Some([one]) => return Ok((*one, tier)),
                Some(many) if !many.is_empty() => {
                    let (shown, more) = candidates(graph, many);
                    let candidates =
                        shown.iter().map(|&a| format!("{} ({})", graph.actor(a).id, graph.actor(a).name)).collect();
                    return Err(Error::AmbiguousActor { query: query.to_owned(), candidates, more });
                }
                _ => {}
            }
        }
        // Not taken, but named first among the candidates: what `--fuzzy` would have matched.
        let mut suggestions = Vec::new();
        let mut more = 0;
        if let Some(near) = self.skeletons.get(&loose) {
            let (shown, rest) = candidates(graph, near);
            more = rest;
            suggestions.extend(shown.iter().map(|&a| format!("'{}' ({})", graph.actor(a).name, graph.actor(a).id)));
        }
        let names = graph
            .actors()
            .iter()
            .flat_map(|a| std::iter::once(a.name.as_str()).chain(a.aliases.iter().map(String::as_str)));
        for name in suggest(query, names, 3) {
            if suggestions.len() >= MAX_CANDIDATES {
                break;
            }
            if let Some(ix) = self.find_exactish(graph, &name) {
                let label = format!("'{}' ({})", graph.actor(ix).name, graph.actor(ix).id);
                if !suggestions.contains(&label) {
                    suggestions.push(label);
                }
            }
        }
        Err(Error::UnknownActor { query: query.to_owned(), suggestions, more })
    }

    fn find_exactish(&self, graph: &ActorGraph, name: &str) -> Option<ActorIx> {
        match self.normalized.get(&normalize(name)).map(Vec::as_slice) {
            Some([one, ..]) => Some(*one),
            _ => graph.actor_ix(name),
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
