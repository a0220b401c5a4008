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
/// Flat on purpose: the strings lie one after another in one buffer, and the hash table holds only their
/// symbols (4 bytes a slot). A load looks ids up millions of times while the parser streams the file through
/// the cache, so what costs is the number of cache lines a lookup touches: a small table, the string's end
/// and the string itself, rather than a wide slot, a `Box<str>` pointer and its allocation (one per string).
#[derive(Default)]
pub(crate) struct Interner {
    table: HashTable<u32>,
    /// Every distinct string, in symbol order.
    text: String,
    /// Where each symbol's string ends in `text` (it starts where the one before it ends).
    ends: Vec<usize>,
    hasher: foldhash::quality::RandomState,
}

/// The string of symbol `sym` in the buffer `text` cut at `ends`.
fn string<'a>(text: &'a str, ends: &[usize], sym: u32) -> &'a str {
    let sym = sym as usize;
    let start = if sym == 0 { 0 } else { ends[sym - 1] };
    &text[start..ends[sym]]
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

    /// The symbol of `text`, adding it when new.
    pub fn intern(&mut self, text: &str) -> Sym {
        let hash = self.hasher.hash_one(text);
        let (all, ends) = (&self.text, &self.ends);
        if let Some(&found) = self.table.find(hash, |&sym| string(all, ends, sym) == text) {
            return Sym(found);
        }
        let id = u32::try_from(self.ends.len()).unwrap_or(u32::MAX);
        self.text.push_str(text);
        self.ends.push(self.text.len());
        let (all, ends, hasher) = (&self.text, &self.ends, &self.hasher);
        self.table.insert_unique(hash, id, |&sym| hasher.hash_one(string(all, ends, sym)));
        Sym(id)
    }

    /// The symbol of `text` if it was interned.
    pub fn lookup(&self, text: &str) -> Option<Sym> {
        let hash = self.hasher.hash_one(text);
        self.table.find(hash, |&sym| string(&self.text, &self.ends, sym) == text).map(|&sym| Sym(sym))
    }

    /// The text of a symbol.
    pub fn get(&self, sym: Sym) -> &str {
        string(&self.text, &self.ends, sym.0)
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
