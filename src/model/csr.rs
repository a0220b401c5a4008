//! Compressed sparse rows: the one way the crate stores lists grouped by a small integer key (the relations
//! of each actor, the arcs of each node), as two flat arrays instead of a list per key.

/// Items grouped by row `0..rows`: row `r` is `items[start[r]..start[r + 1]]`.
///
/// Built by a stable counting sort, so the items of a row keep the order they were given in; O(rows +
/// items) time, two allocations, whatever the number of rows.
///
/// ```
/// use actorgraph::model::Csr;
/// let rows = Csr::group(3, [(2usize, 'a'), (0, 'b'), (2, 'c')]);
/// assert_eq!(rows.row(0usize), &['b']);
/// assert!(rows.row(1usize).is_empty());
/// assert_eq!(rows.row(2usize), &['a', 'c']);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csr<T> {
    start: Vec<usize>,
    items: Vec<T>,
}

/// What a row can be named by: a plain position or a typed index (an actor's rows are named by its
/// [`ActorIx`](super::ActorIx)).
///
/// ```
/// use actorgraph::model::{ActorIx, RowKey};
/// assert_eq!(ActorIx::new(4).row(), 4);
/// assert_eq!(7u32.row(), 7);
/// ```
pub trait RowKey: Copy {
    /// The row's position.
    fn row(self) -> usize;
}

impl RowKey for u32 {
    #[inline]
    fn row(self) -> usize {
        self as usize
    }
}

impl RowKey for usize {
    #[inline]
    fn row(self) -> usize {
        self
    }
}

impl RowKey for super::ActorIx {
    #[inline]
    fn row(self) -> usize {
        self.index()
    }
}

impl<T> Default for Csr<T> {
    fn default() -> Self {
        Self { start: vec![0], items: Vec::new() }
    }
}

impl<T: Copy + Default> Csr<T> {
    /// Groups `entries` `(row, item)` by row, keeping their order within each row. `entries` is walked
    /// twice (once to count, once to place).
    ///
    /// # Panics
    /// If an entry's row is `>= rows`.
    #[must_use]
    pub fn group<K: RowKey, I>(rows: usize, entries: I) -> Self
    where
        I: IntoIterator<Item = (K, T)>,
        I::IntoIter: Clone,
    {
        let entries = entries.into_iter();
        let mut start = vec![0usize; rows + 1];
        for (row, _) in entries.clone() {
            start[row.row() + 1] += 1;
        }
        for i in 0..rows {
            start[i + 1] += start[i];
        }
        let mut next = start[..rows].to_vec();
        let mut items = vec![T::default(); start[rows]];
        for (row, item) in entries {
            let slot = &mut next[row.row()];
            items[*slot] = item;
            *slot += 1;
        }
        Self { start, items }
    }
}

impl<T> Csr<T> {
    /// Rows from their parts: `start` has one entry per row and a last one, starts at 0, never decreases
    /// and ends at `items.len()`; `None` otherwise (a damaged snapshot, say).
    #[must_use]
    pub fn from_parts(start: Vec<usize>, items: Vec<T>) -> Option<Self> {
        let valid =
            start.first() == Some(&0) && start.last() == Some(&items.len()) && start.windows(2).all(|w| w[0] <= w[1]);
        valid.then_some(Self { start, items })
    }

    /// The number of rows.
    #[must_use]
    pub fn rows(&self) -> usize {
        self.start.len() - 1
    }

    /// The items of row `row`, in the order they were given.
    ///
    /// # Panics
    /// If `row >= self.rows()`.
    #[must_use]
    pub fn row(&self, row: impl RowKey) -> &[T] {
        let row = row.row();
        &self.items[self.start[row]..self.start[row + 1]]
    }

    /// Where each row starts in [`Csr::items`], and a last entry: the number of items.
    #[must_use]
    pub fn starts(&self) -> &[usize] {
        &self.start
    }

    /// Every item, row after row.
    #[must_use]
    pub fn items(&self) -> &[T] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_is_stable_and_parts_are_checked() {
        let rows = Csr::group(4, [(3u32, 1), (1, 2), (3, 3), (1, 4), (0, 5)]);
        assert_eq!(
            (rows.row(0u32), rows.row(1u32), rows.row(2u32), rows.row(3u32)),
            (&[5][..], &[2, 4][..], &[][..], &[1, 3][..])
        );
        assert_eq!(rows.starts(), &[0, 1, 3, 3, 5]);
        let again = Csr::from_parts(rows.starts().to_vec(), rows.items().to_vec()).unwrap();
        assert_eq!(again, rows);
        assert!(Csr::from_parts(vec![0, 3, 2], vec![1, 2]).is_none(), "decreasing");
        assert!(Csr::from_parts(vec![1, 2], vec![1, 2]).is_none(), "not from 0");
        assert!(Csr::from_parts(vec![0, 1], vec![1, 2]).is_none(), "not to the end");
        assert!(Csr::<u8>::from_parts(Vec::new(), Vec::new()).is_none(), "no last entry");
    }
}
