//! How much a relation's evidence is worth: how many of its sources are independent of each other, who
//! denies it, and when it holds.
//!
//! * **Origins.** A source may rest on others (`derived_from`): a brief relays Reuters, Reuters relays "two
//!   Syrian military sources". The origins of a source are the sources reached by following `derived_from` to
//!   its end; a source that rests on nothing is its own origin.
//! * **Independent sources** of a relation: the largest number of its cited sources whose origin sets are
//!   pairwise disjoint. A repeated id counts once; no sources count 0.
//! * **Contested**: some actor denies the relation (a `denies` statement targets it). The deniers are the
//!   actors making those statements. A denial that is itself denied still makes its target contested (the
//!   counter-denial makes the *denial* contested too); a denial that someone *reports* is the denier's, not
//!   the reporter's.
//! * **Validity**: the interval in which a relation holds, by its kind's [`Duration`].

use super::{Duration, PartialDate, Relation, SourceIx};

/// A day as `(year, month, day)`, as [`PartialDate::start`] and [`PartialDate::end`] give it.
pub type Day = (i32, u8, u8);

/// The interval in which a relation holds; `None` ends are open (the relation holds before or after any date).
///
/// The one rule every time filter uses:
/// * a **standing** relation holds from the start of its date on, until the end of `until` (or forever);
/// * an **event** holds only within its date's interval (`2024-12` is the whole of December), or up to the
///   end of `until` when one is given;
/// * an **undated** relation is timeless (up to the end of `until`, if it has one).
///
/// ```
/// use actorgraph::model::{Duration, Validity};
/// let d = |t: &str| t.parse::<actorgraph::PartialDate>().unwrap();
/// let meeting = Validity::new(Some(d("2024-12")), None, Duration::Event);
/// assert!(meeting.holds_in(Some(d("2024-12-02")), Some(d("2024-12-02"))));
/// assert!(!meeting.holds_in(Some(d("2030")), Some(d("2030"))));
/// let membership = Validity::new(Some(d("2020")), None, Duration::Standing);
/// assert!(membership.holds_in(Some(d("2022")), Some(d("2022"))));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    /// The first day it holds, `None` when it holds from any time.
    pub start: Option<Day>,
    /// The last day it holds, `None` when it holds without end.
    pub end: Option<Day>,
}

impl Validity {
    /// Holds at every moment.
    pub const ALWAYS: Self = Self { start: None, end: None };

    /// The validity of a relation dated `date`, ending `until`, of a kind with `duration`.
    #[must_use]
    pub fn new(date: Option<PartialDate>, until: Option<PartialDate>, duration: Duration) -> Self {
        let end = match (until, duration) {
            (Some(until), _) => Some(until.end()),
            (None, Duration::Standing) => None,
            (None, Duration::Event) => date.map(|d| d.end()),
        };
        Self { start: date.map(|d| d.start()), end }
    }

    /// Whether it holds at some moment between the start of `from` and the end of `to` (open ends when
    /// `None`): `--as-of D` is `holds_in(D, D)`, `--since A --until B` is `holds_in(A, B)`.
    #[must_use]
    pub fn holds_in(&self, from: Option<PartialDate>, to: Option<PartialDate>) -> bool {
        let starts_in_time = match (self.start, to) {
            (Some(start), Some(to)) => start <= to.end(),
            _ => true,
        };
        let lasts_long_enough = match (self.end, from) {
            (Some(end), Some(from)) => end >= from.start(),
            _ => true,
        };
        starts_in_time && lasts_long_enough
    }

    /// The moments both hold, `None` when they never hold at once.
    #[must_use]
    pub fn intersect(&self, other: &Self) -> Option<Self> {
        let start = match (self.start, other.start) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let end = match (self.end, other.end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (start, end) {
            (Some(s), Some(e)) if s > e => None,
            _ => Some(Self { start, end }),
        }
    }
}

/// Whether some moment falls within every step of a chain, where each step holds whenever one of its
/// alternatives does (a hop of several parallel relations). `false` means the chain mixes periods: its
/// steps never hold at the same time.
///
/// # Complexity
/// O(A²) for A alternatives in all: the earliest common moment, if any, is one of their starts.
pub(crate) fn hold_together(steps: &[Vec<Validity>]) -> bool {
    let contains = |v: &Validity, at: Option<Day>| match at {
        // `None`: the moment before every date; only intervals open at the start contain it.
        None => v.start.is_none(),
        Some(day) => v.start.is_none_or(|s| s <= day) && v.end.is_none_or(|e| e >= day),
    };
    let candidates = std::iter::once(None).chain(steps.iter().flatten().filter_map(|v| v.start).map(Some));
    for at in candidates {
        if steps.iter().all(|step| step.iter().any(|v| contains(v, at))) {
            return true;
        }
    }
    steps.is_empty()
}

/// Computes every source's origins: follows `derived_from` to its ends. `derived_from[s]` lists what source
/// `s` rests on. A loop (refused by the loader, but possible in a hand-built graph) is cut where it closes.
///
/// # Complexity
/// O(S + D) searches, each O(origins), for S sources and D `derived_from` links.
pub(crate) fn origins(derived_from: &[&[SourceIx]]) -> Vec<Box<[SourceIx]>> {
    let n = derived_from.len();
    let mut done: Vec<Option<Box<[SourceIx]>>> = vec![None; n];
    let mut on_stack = vec![false; n];
    for root in 0..n {
        if done[root].is_some() {
            continue;
        }
        // Iterative depth-first search: a derivation chain of a million sources must not overflow the stack.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        on_stack[root] = true;
        while let Some(&mut (s, ref mut next)) = stack.last_mut() {
            let parents = derived_from[s];
            if let Some(&p) = parents.get(*next) {
                *next += 1;
                let p = p.index();
                if p < n && done[p].is_none() && !on_stack[p] {
                    on_stack[p] = true;
                    stack.push((p, 0));
                }
                continue;
            }
            let mut found: Vec<SourceIx> = Vec::new();
            for &p in parents {
                if let Some(Some(o)) = done.get(p.index()) {
                    found.extend_from_slice(o);
                }
            }
            if found.is_empty() {
                found.push(SourceIx::new(s));
            }
            found.sort_unstable();
            found.dedup();
            done[s] = Some(found.into_boxed_slice());
            on_stack[s] = false;
            stack.pop();
        }
    }
    done.into_iter().map(Option::unwrap_or_default).collect()
}

/// Above this many distinct cited sources with shared origins, the count is found greedily (a lower bound)
/// rather than exactly: the exact count is a maximum set packing, exponential in the worst case.
pub const EXACT_LIMIT: usize = 16;

/// The largest number of `sets` (sorted origin lists) that are pairwise disjoint.
pub(crate) fn max_disjoint(sets: &[&[SourceIx]]) -> usize {
    fn disjoint(a: &[SourceIx], b: &[SourceIx]) -> bool {
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return false,
            }
        }
        true
    }
    fn best(sets: &[&[SourceIx]], chosen: &mut Vec<usize>, from: usize, found: &mut usize) {
        *found = (*found).max(chosen.len());
        if chosen.len() + (sets.len() - from) <= *found {
            return;
        }
        for i in from..sets.len() {
            if chosen.iter().all(|&c| disjoint(sets[c], sets[i])) {
                chosen.push(i);
                best(sets, chosen, i + 1, found);
                chosen.pop();
            }
        }
    }
    if sets.len() <= EXACT_LIMIT {
        let mut found = 0;
        best(sets, &mut Vec::new(), 0, &mut found);
        return found;
    }
    // Greedy, smallest origin sets first: each pick rules out the fewest others.
    let mut order: Vec<usize> = (0..sets.len()).collect();
    order.sort_by_key(|&i| (sets[i].len(), i));
    let mut chosen: Vec<usize> = Vec::new();
    for i in order {
        if chosen.iter().all(|&c| disjoint(sets[c], sets[i])) {
            chosen.push(i);
        }
    }
    chosen.len()
}

/// How many of `cited` (distinct sources) are independent, given each source's origins.
pub(crate) fn independent_of<'a>(cited: &[SourceIx], origins: impl Fn(SourceIx) -> &'a [SourceIx]) -> usize {
    if cited.len() < 2 {
        return cited.len();
    }
    let sets: Vec<&[SourceIx]> = cited.iter().map(|&s| origins(s)).collect();
    if sets.iter().all(|o| o.len() == 1) {
        // The usual case: each cited source has one origin; count the distinct ones.
        let mut firsts: Vec<SourceIx> = sets.iter().map(|o| o[0]).collect();
        firsts.sort_unstable();
        firsts.dedup();
        return firsts.len();
    }
    max_disjoint(&sets)
}

/// The distinct sources a relation cites, in citation order (a repeated id counts once).
#[must_use]
pub fn distinct_sources(relation: &Relation) -> Vec<SourceIx> {
    let mut seen: Vec<SourceIx> = Vec::with_capacity(relation.sources.len());
    for &s in &relation.sources {
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn chains_hold_together_only_when_a_moment_falls_in_every_step() {
        let d = |t: &str| t.parse::<PartialDate>().unwrap();
        let standing = |from: &str, until: Option<&str>| Validity::new(Some(d(from)), until.map(d), Duration::Standing);
        let (ended, later, open) = (standing("2020", Some("2021")), standing("2023", None), standing("2019", None));
        assert!(!hold_together(&[vec![ended], vec![later]]));
        assert!(hold_together(&[vec![ended], vec![open]]));
        // A hop holds when one of its parallel relations does.
        assert!(hold_together(&[vec![ended], vec![later, open]]));
        assert!(hold_together(&[vec![Validity::ALWAYS], vec![Validity::ALWAYS]]));
        assert!(hold_together(&[]));
    }

    fn ixs(list: &[usize]) -> Vec<SourceIx> {
        list.iter().map(|&s| SourceIx::new(s)).collect()
    }

    #[test]
    fn origins_follow_relays_to_their_ends_and_survive_a_loop() {
        // 0 relays 1, 1 relays 2; 3 relays 1 and 4; 5 and 6 form a loop.
        let links = [ixs(&[1]), ixs(&[2]), ixs(&[]), ixs(&[1, 4]), ixs(&[]), ixs(&[6]), ixs(&[5])];
        let links: Vec<&[SourceIx]> = links.iter().map(Vec::as_slice).collect();
        let o = origins(&links);
        assert_eq!(&*o[0], &ixs(&[2])[..]);
        assert_eq!(&*o[2], &ixs(&[2])[..]);
        assert_eq!(&*o[3], &ixs(&[2, 4])[..]);
        assert!(!o[5].is_empty() && !o[6].is_empty());
    }

    #[test]
    fn the_largest_disjoint_family_is_found() {
        let (a, b, c, ab) = (ixs(&[1]), ixs(&[2]), ixs(&[3]), ixs(&[1, 2]));
        let (a, b, c, ab) = (&a[..], &b[..], &c[..], &ab[..]);
        assert_eq!(max_disjoint(&[ab, a, b]), 2);
        assert_eq!(max_disjoint(&[a, a]), 1);
        assert_eq!(max_disjoint(&[a, b, c]), 3);
        assert_eq!(max_disjoint(&[]), 0);
    }

    #[test]
    fn events_end_with_their_date_and_standing_relations_last() {
        let event = Validity::new(Some(d("2024-12")), None, Duration::Event);
        assert!(event.holds_in(Some(d("2024")), Some(d("2024"))));
        assert!(!event.holds_in(Some(d("2025")), None));
        let standing = Validity::new(Some(d("2020")), None, Duration::Standing);
        assert!(standing.holds_in(Some(d("2022")), Some(d("2022"))));
        assert!(!standing.holds_in(None, Some(d("2019"))));
        let ended = Validity::new(Some(d("2020")), Some(d("2021")), Duration::Standing);
        assert!(!ended.holds_in(Some(d("2022")), None));
        assert!(Validity::new(None, None, Duration::Event).holds_in(Some(d("1900")), Some(d("1900"))));
        assert_eq!(ended.intersect(&Validity::new(Some(d("2023")), None, Duration::Standing)), None);
    }
}
