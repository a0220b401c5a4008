//! The graph's tables of actors and relations: held whole when the graph was built in memory, or read a
//! page at a time, on first use, when it was opened from a snapshot. A query about one actor of a million
//! relations then decodes the few pages it reads, not a million records.

use std::fmt;
use std::ops::Index;
use std::sync::{Arc, OnceLock};

/// How many records a page holds: large enough that a page is one read of a few hundred kilobytes, small
/// enough that a query touching a handful of relations decodes a handful of pages.
pub const PAGE: usize = 4096;

/// What reads the pages of a paged [`Table`] (the snapshot, for a graph opened from one).
pub trait PageReader<T: Send + Sync>: Send + Sync {
    /// The records of page `page` (records `page * PAGE ..`), all [`PAGE`] of them but on the last page.
    ///
    /// A reader is made only after every page was read and checked once, so this cannot fail on data that
    /// stayed as it was checked; it panics with an explanation if the bytes changed meanwhile.
    fn page(&self, page: usize) -> Vec<T>;
}

/// A list of records indexed by position, as a slice is: whole in memory, or read in pages of [`PAGE`]
/// records when one of them is first asked for.
///
/// ```
/// use actorgraph::model::Table;
/// let table = Table::whole(vec!["a", "b", "c"]);
/// assert_eq!(table.len(), 3);
/// assert_eq!(table[1], "b");
/// assert_eq!(table.iter().rev().copied().collect::<Vec<_>>(), ["c", "b", "a"]);
/// ```
pub struct Table<T: Send + Sync> {
    len: usize,
    store: Store<T>,
}

enum Store<T: Send + Sync> {
    Whole(Vec<T>),
    Paged { pages: Box<[OnceLock<Box<[T]>>]>, reader: Arc<dyn PageReader<T>> },
}

impl<T: Send + Sync> Table<T> {
    /// A table holding `records`.
    #[must_use]
    pub fn whole(records: Vec<T>) -> Self {
        Self { len: records.len(), store: Store::Whole(records) }
    }

    /// A table of `len` records that `reader` gives a page at a time, each read on first use and kept.
    #[must_use]
    pub fn paged(len: usize, reader: Arc<dyn PageReader<T>>) -> Self {
        let pages = (0..len.div_ceil(PAGE)).map(|_| OnceLock::new()).collect();
        Self { len, store: Store::Paged { pages, reader } }
    }

    /// How many records there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The record at `i`, if there is one (reading its page if it was not read yet).
    #[must_use]
    pub fn get(&self, i: usize) -> Option<&T> {
        match &self.store {
            Store::Whole(records) => records.get(i),
            Store::Paged { pages, reader } => {
                let page = pages.get(i / PAGE)?.get_or_init(|| reader.page(i / PAGE).into_boxed_slice());
                page.get(i % PAGE)
            }
        }
    }

    /// Every record, in order. A paged table first reads every page it has not read yet, on every core: a
    /// scan reads them all, and reading them together is faster than one after the other.
    #[must_use]
    pub fn iter(&self) -> Iter<'_, T> {
        self.read_all();
        Iter { table: self, front: 0, back: self.len }
    }

    /// Reads every page not read yet, on every core (nothing to do for a table held whole).
    pub fn read_all(&self) {
        if let Store::Paged { pages, .. } = &self.store {
            self.read_pages((0..pages.len()).filter(|&p| pages[p].get().is_none()).collect());
        }
    }

    /// Reads the pages holding `records` that were not read yet, on every core: what a query about many
    /// relations spread over the table calls before reading them one by one.
    pub fn read_pages_of(&self, records: impl IntoIterator<Item = usize>) {
        if let Store::Paged { pages, .. } = &self.store {
            let mut wanted = fixedbitset::FixedBitSet::with_capacity(pages.len());
            for i in records.into_iter().filter(|&i| i < self.len) {
                wanted.insert(i / PAGE);
            }
            self.read_pages(wanted.ones().filter(|&p| pages[p].get().is_none()).collect());
        }
    }

    fn read_pages(&self, missing: Vec<usize>) {
        use rayon::prelude::*;
        if let Store::Paged { pages, reader } = &self.store {
            // One page is read on this thread; more are shared among the cores.
            missing.par_iter().with_min_len(1).for_each(|&p| {
                pages[p].get_or_init(|| reader.page(p).into_boxed_slice());
            });
        }
    }

    /// The records copied into a `Vec`.
    #[must_use]
    pub fn to_vec(&self) -> Vec<T>
    where
        T: Clone,
    {
        self.iter().cloned().collect()
    }
}

impl<T: Send + Sync> Index<usize> for Table<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        match self.get(i) {
            Some(record) => record,
            None => panic!("record {i} of a table of {}", self.len),
        }
    }
}

impl<T: Clone + Send + Sync> Clone for Table<T> {
    fn clone(&self) -> Self {
        let store = match &self.store {
            Store::Whole(records) => Store::Whole(records.clone()),
            Store::Paged { pages, reader } => Store::Paged { pages: pages.clone(), reader: Arc::clone(reader) },
        };
        Self { len: self.len, store }
    }
}

impl<T: fmt::Debug + Send + Sync> fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq + Send + Sync> PartialEq for Table<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: PartialEq + Send + Sync> PartialEq<[T]> for Table<T> {
    fn eq(&self, other: &[T]) -> bool {
        self.len == other.len() && self.iter().eq(other.iter())
    }
}

impl<'a, T: Send + Sync> IntoIterator for &'a Table<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

/// The records of a [`Table`] in order ([`Table::iter`]).
pub struct Iter<'a, T: Send + Sync> {
    table: &'a Table<T>,
    front: usize,
    back: usize,
}

impl<T: Send + Sync> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Self { table: self.table, front: self.front, back: self.back }
    }
}

impl<'a, T: Send + Sync> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        self.table.get(self.front - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.back - self.front, Some(self.back - self.front))
    }
}

impl<T: Send + Sync> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        self.table.get(self.back)
    }
}

impl<T: Send + Sync> ExactSizeIterator for Iter<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Squares(AtomicUsize);

    impl PageReader<usize> for Squares {
        fn page(&self, page: usize) -> Vec<usize> {
            self.0.fetch_add(1, Ordering::Relaxed);
            (page * PAGE..((page + 1) * PAGE).min(2 * PAGE + 5)).map(|i| i * i).collect()
        }
    }

    #[test]
    fn a_paged_table_reads_only_the_pages_asked_for_and_each_once() {
        let reader = Arc::new(Squares(AtomicUsize::new(0)));
        let table = Table::paged(2 * PAGE + 5, reader.clone());
        assert_eq!(table[PAGE + 3], (PAGE + 3) * (PAGE + 3));
        assert_eq!(table[PAGE + 7], (PAGE + 7) * (PAGE + 7));
        assert_eq!(reader.0.load(Ordering::Relaxed), 1);
        assert_eq!(table.get(2 * PAGE + 5), None);
        assert_eq!(table.iter().len(), 2 * PAGE + 5);
        assert_eq!(table.iter().next_back(), Some(&((2 * PAGE + 4) * (2 * PAGE + 4))));
        assert!(table.iter().enumerate().all(|(i, &v)| v == i * i));
        assert_eq!(reader.0.load(Ordering::Relaxed), 3);
        let whole = Table::whole((0..2 * PAGE + 5).map(|i| i * i).collect());
        assert_eq!(table, whole);
    }
}
