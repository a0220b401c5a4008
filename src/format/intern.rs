//! String interning for loading: every id, reference and kind name in the input becomes a [`Sym`], a 4-byte
//! number, and each distinct text is stored once.
//!
//! A relation names its actors, kind and sources by id; a million relations repeat a few hundred thousand
//! ids millions of times. Reading them as owned `String`s costs an allocation each and most of the memory of
//! a naive load; interning costs a hash lookup, and resolving a reference becomes an array index.
//!
//! The raw records are read by serde's derived `Deserialize`, which cannot carry a context, so the interner
//! in use sits in a thread-local slot for the duration of [`with`]; [`Sym`]'s `Deserialize` interns there.

use std::cell::RefCell;
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;
use serde::de::{self, Deserialize, Deserializer, Visitor};

use crate::progress::Progress;

/// An interned string: an index into the [`Interner`] that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub(crate) struct Sym(pub u32);

impl Sym {
    /// The index, for tables indexed by symbol.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// Interns `text` in the interner of the current [`with`] scope.
    ///
    /// # Panics
    /// Outside a [`with`] scope (a bug in the loader, not an input problem).
    pub fn new(text: &str) -> Self {
        CURRENT.with(|slot| match slot.borrow_mut().as_mut() {
            Some(interner) => interner.intern(text),
            None => panic!("Sym::new outside an interner scope"),
        })
    }
}

/// Distinct strings, each stored once, numbered in order of first appearance.
///
/// The strings lie one after another in one buffer (no allocation per string). A load looks ids up millions
/// of times while the parser streams the file through the cache, so what costs is the cache lines a lookup
/// touches: each table slot keeps the string's first bytes, and a lookup of an id that fits there reads the
/// slot alone.
#[derive(Default)]
pub(crate) struct Interner {
    table: HashTable<Slot>,
    /// Every distinct string, in symbol order.
    text: String,
    /// Where each symbol's string ends in `text` (it starts where the one before it ends).
    ends: Vec<usize>,
    hasher: foldhash::quality::RandomState,
}

/// Bytes of a string kept in its table slot: most ids fit, so a lookup compares within the slot it has
/// already loaded instead of reading the string from the buffer (a cache miss per lookup on large inputs).
const INLINE: usize = 26;

/// One table slot: the symbol, the string's length and its first [`INLINE`] bytes (32 bytes in all).
#[derive(Clone, Copy)]
struct Slot {
    sym: u32,
    len: u16,
    head: [u8; INLINE],
}

impl Slot {
    fn new(sym: u32, text: &str) -> Self {
        let mut head = [0; INLINE];
        let n = text.len().min(INLINE);
        head[..n].copy_from_slice(&text.as_bytes()[..n]);
        Self { sym, len: u16::try_from(text.len()).unwrap_or(u16::MAX), head }
    }

    /// Whether the slot holds `text`; reads the stored string only for long ones.
    fn holds(&self, text: &str, strings: Strings<'_>) -> bool {
        let n = text.len().min(INLINE);
        usize::from(self.len) == text.len().min(usize::from(u16::MAX))
            && self.head[..n] == text.as_bytes()[..n]
            && (text.len() <= INLINE || strings.get(self.sym) == text)
    }
}

/// The interner's buffer and ends, borrowed together.
#[derive(Clone, Copy)]
struct Strings<'a> {
    text: &'a str,
    ends: &'a [usize],
}

impl<'a> Strings<'a> {
    /// The string of symbol `sym`.
    fn get(self, sym: u32) -> &'a str {
        let sym = sym as usize;
        let start = if sym == 0 { 0 } else { self.ends[sym - 1] };
        &self.text[start..self.ends[sym]]
    }
}

impl Interner {
    /// An interner with room for about `strings` distinct strings before it grows.
    pub fn with_capacity(strings: usize) -> Self {
        Self {
            table: HashTable::with_capacity(strings),
            // Ids average about 20 bytes.
            text: String::with_capacity(strings.saturating_mul(20)),
            ends: Vec::with_capacity(strings),
            ..Self::default()
        }
    }

    fn strings(&self) -> Strings<'_> {
        Strings { text: &self.text, ends: &self.ends }
    }

    /// The symbol of `text`, adding it when new.
    pub fn intern(&mut self, text: &str) -> Sym {
        let hash = self.hasher.hash_one(text);
        let strings = Strings { text: &self.text, ends: &self.ends };
        if let Some(found) = self.table.find(hash, |slot| slot.holds(text, strings)) {
            return Sym(found.sym);
        }
        let id = u32::try_from(self.ends.len()).unwrap_or(u32::MAX);
        self.text.push_str(text);
        self.ends.push(self.text.len());
        let (strings, hasher) = (Strings { text: &self.text, ends: &self.ends }, &self.hasher);
        self.table.insert_unique(hash, Slot::new(id, text), |slot| hasher.hash_one(strings.get(slot.sym)));
        Sym(id)
    }

    /// The symbol of `text` if it was interned.
    pub fn lookup(&self, text: &str) -> Option<Sym> {
        let hash = self.hasher.hash_one(text);
        self.table.find(hash, |slot| slot.holds(text, self.strings())).map(|slot| Sym(slot.sym))
    }

    /// The text of a symbol.
    pub fn get(&self, sym: Sym) -> &str {
        self.strings().get(sym.0)
    }

    /// How many distinct strings there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Interner>> = const { RefCell::new(None) };
    static PROGRESS: RefCell<Option<Ticker>> = const { RefCell::new(None) };
}

/// A progress callback fed with how far into the text the parser is, learnt from where the strings it
/// hands over lie in the text (serde_json passes strings without escapes as slices of the input).
struct Ticker {
    start: usize,
    len: usize,
    calls: u32,
    progress: Arc<dyn Progress>,
}

/// Tells `progress` how far parsing `text` has got while `f` runs.
pub(crate) fn with_progress<T>(text: &str, progress: Arc<dyn Progress>, f: impl FnOnce() -> T) -> T {
    let start = text.as_ptr() as usize;
    PROGRESS.with(|slot| *slot.borrow_mut() = Some(Ticker { start, len: text.len(), calls: 0, progress }));
    let value = f();
    if let Some(ticker) = PROGRESS.with(|slot| slot.borrow_mut().take()) {
        ticker.progress.parsed();
    }
    value
}

fn tick(text: &str) {
    PROGRESS.with(|slot| {
        if let Some(ticker) = slot.borrow_mut().as_mut() {
            ticker.calls = ticker.calls.wrapping_add(1);
            // Every 16,384 strings (a few times a second): cheap enough to leave on.
            if ticker.calls % 16_384 == 0 {
                let at = (text.as_ptr() as usize).wrapping_sub(ticker.start);
                if at <= ticker.len {
                    ticker.progress.parsed_up_to(at);
                }
            }
        }
    });
}

/// Runs `f` with `interner` as the one [`Sym`]s are made in, and gives it back.
pub(crate) fn with<T>(interner: Interner, f: impl FnOnce() -> T) -> (Interner, T) {
    /// Takes the interner back out of the slot even if `f` panics, so the slot is never left in use.
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = CURRENT.with(|slot| slot.borrow_mut().take());
        }
    }
    let previous = CURRENT.with(|slot| slot.borrow_mut().replace(interner));
    debug_assert!(previous.is_none(), "interner scopes do not nest");
    let guard = Restore;
    let value = f();
    let interner = CURRENT.with(|slot| slot.borrow_mut().take()).unwrap_or_default();
    std::mem::forget(guard);
    (interner, value)
}

impl<'de> Deserialize<'de> for Sym {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SymVisitor;
        impl Visitor<'_> for SymVisitor {
            type Value = Sym;
            // The same words as serde's own for `String`, so messages about a wrong type do not change.
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Sym, E> {
                tick(text);
                CURRENT.with(|slot| match slot.borrow_mut().as_mut() {
                    Some(interner) => Ok(interner.intern(text)),
                    None => Err(E::custom("internal error: no interner")),
                })
            }
        }
        deserializer.deserialize_str(SymVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_the_same_symbol() {
        let mut interner = Interner::default();
        let a = interner.intern("kataib-hezbollah");
        let b = interner.intern("iran");
        assert_ne!(a, b);
        assert_eq!(interner.intern("kataib-hezbollah"), a);
        assert_eq!(interner.lookup("iran"), Some(b));
        assert_eq!(interner.lookup("assad"), None);
        assert_eq!(interner.get(b), "iran");
        assert_eq!(interner.len(), 2);
        // Long strings share their first bytes: told apart by the rest.
        let long_a = "a-very-long-actor-identifier-that-goes-on-1";
        let long_b = "a-very-long-actor-identifier-that-goes-on-2";
        let (a, b) = (interner.intern(long_a), interner.intern(long_b));
        assert_ne!(a, b);
        assert_eq!(interner.lookup(long_b), Some(b));
        assert_eq!(interner.lookup(&long_a[..30]), None);
        assert_eq!(interner.intern(""), interner.intern(""));
    }

    #[test]
    fn deserializing_interns_in_the_current_scope() {
        let (interner, syms) =
            with(Interner::default(), || serde_json::from_str::<Vec<Sym>>(r#"["a", "b", "a"]"#).unwrap());
        assert_eq!(syms[0], syms[2]);
        assert_eq!(interner.get(syms[1]), "b");
        let error = with(Interner::default(), || serde_json::from_str::<Sym>("3").unwrap_err()).1;
        assert_eq!(error.to_string(), "invalid type: integer `3`, expected a string at line 1 column 1");
    }
}
