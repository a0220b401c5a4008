//! Pieces of one shared block: a relation's id is a range of one string holding every relation's id, its
//! sources a range of one list holding every relation's sources. A million relations then cost two
//! allocations instead of two million, and a snapshot is read into the blocks as they were written.
//!
//! Each piece holds a reference to its block ([`Arc`]), so a [`crate::model::Relation`] stays a value that
//! can be read (`&*relation.id`, `relation.sources.iter()`) without the graph it came from. [`Attrs`] keeps
//! the attributes most relations lack out of the record: one word instead of an empty map's nine.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, Range};
use std::sync::{Arc, LazyLock};

use indexmap::IndexMap;

use super::SourceIx;

/// A string that is a range of a shared block of text; reads as a `&str` ([`Deref`]).
///
/// ```
/// use actorgraph::model::SharedStr;
/// let block = SharedStr::block(String::from("r1r22"));
/// let second = SharedStr::piece(&block, 2..5).unwrap();
/// assert_eq!(&*second, "r22");
/// assert_eq!(second, SharedStr::from("r22"));
/// ```
#[derive(Clone)]
pub struct SharedStr {
    block: Arc<String>,
    start: u32,
    end: u32,
}

static EMPTY_TEXT: LazyLock<Arc<String>> = LazyLock::new(|| Arc::new(String::new()));

impl SharedStr {
    /// A block to cut pieces from.
    #[must_use]
    pub fn block(text: String) -> Arc<String> {
        Arc::new(text)
    }

    /// The piece `range` of `block`; `None` when the range is out of bounds, not on character boundaries,
    /// or past `u32::MAX` bytes.
    #[must_use]
    pub fn piece(block: &Arc<String>, range: Range<usize>) -> Option<Self> {
        block.get(range.clone())?;
        Some(Self {
            block: Arc::clone(block),
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        })
    }
}

impl Default for SharedStr {
    fn default() -> Self {
        Self { block: Arc::clone(&EMPTY_TEXT), start: 0, end: 0 }
    }
}

impl Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        // In range and on boundaries: checked when the piece was cut, and the block never changes.
        self.block.get(self.start as usize..self.end as usize).unwrap_or_default()
    }
}

impl From<&str> for SharedStr {
    /// A piece that is a whole block of its own (for records made one at a time; loaders share blocks).
    fn from(text: &str) -> Self {
        Self::from(text.to_owned())
    }
}

impl From<String> for SharedStr {
    fn from(text: String) -> Self {
        // A text past 4 GiB reads as empty (ids and notes never come near).
        let end = u32::try_from(text.len()).unwrap_or(0);
        Self { block: Arc::new(text), start: 0, end }
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for SharedStr {}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        &**self == *other
    }
}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl Hash for SharedStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

/// A list of positions (a relation's sources) that is a range of a shared block; reads as a `&[SourceIx]`
/// ([`Deref`]).
///
/// ```
/// use actorgraph::model::{SharedIndices, SourceIx};
/// let ixs = |list: &[usize]| list.iter().map(|&i| SourceIx::new(i)).collect::<Vec<_>>();
/// let block = SharedIndices::block(ixs(&[4, 5, 6]));
/// let tail = SharedIndices::piece(&block, 1..3).unwrap();
/// assert_eq!(&*tail, &ixs(&[5, 6])[..]);
/// assert_eq!(tail, SharedIndices::from(ixs(&[5, 6])));
/// ```
#[derive(Clone)]
pub struct SharedIndices {
    block: Arc<Vec<SourceIx>>,
    start: u32,
    end: u32,
}

static EMPTY_LIST: LazyLock<Arc<Vec<SourceIx>>> = LazyLock::new(|| Arc::new(Vec::new()));

impl SharedIndices {
    /// A block to cut pieces from.
    #[must_use]
    pub fn block(items: Vec<SourceIx>) -> Arc<Vec<SourceIx>> {
        Arc::new(items)
    }

    /// The piece `range` of `block`; `None` when the range is out of bounds or past `u32::MAX` items.
    #[must_use]
    pub fn piece(block: &Arc<Vec<SourceIx>>, range: Range<usize>) -> Option<Self> {
        block.get(range.clone())?;
        Some(Self {
            block: Arc::clone(block),
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        })
    }
}

impl Default for SharedIndices {
    fn default() -> Self {
        Self { block: Arc::clone(&EMPTY_LIST), start: 0, end: 0 }
    }
}

impl Deref for SharedIndices {
    type Target = [SourceIx];

    fn deref(&self) -> &[SourceIx] {
        // In range: checked when the piece was cut, and the block never changes.
        self.block.get(self.start as usize..self.end as usize).unwrap_or_default()
    }
}

impl From<Vec<SourceIx>> for SharedIndices {
    /// A piece that is a whole block of its own (for records made one at a time; loaders share blocks).
    fn from(items: Vec<SourceIx>) -> Self {
        // A list past `u32::MAX` items reads as empty (source lists never come near).
        let end = u32::try_from(items.len()).unwrap_or(0);
        Self { block: Arc::new(items), start: 0, end }
    }
}

impl PartialEq for SharedIndices {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for SharedIndices {}

impl fmt::Debug for SharedIndices {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<'a> IntoIterator for &'a SharedIndices {
    type Item = &'a SourceIx;
    type IntoIter = std::slice::Iter<'a, SourceIx>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A relation's free attributes (`place: Damascus`), in the dataset's order; reads as an [`IndexMap`]
/// ([`Deref`]). Most relations have none: an empty set takes one word and no map.
///
/// ```
/// use actorgraph::model::Attrs;
/// let mut attrs = Attrs::default();
/// assert!(attrs.is_empty());
/// attrs.make_mut().insert("place".to_owned(), "Damascus".to_owned());
/// assert_eq!(attrs["place"], "Damascus");
/// ```
#[derive(Clone, Default)]
pub struct Attrs(Option<Box<IndexMap<String, String>>>);

static NO_ATTRS: LazyLock<IndexMap<String, String>> = LazyLock::new(IndexMap::new);

impl Attrs {
    /// The map, to change it (made on first use).
    pub fn make_mut(&mut self) -> &mut IndexMap<String, String> {
        self.0.get_or_insert_with(Box::default)
    }

    /// The map itself.
    #[must_use]
    pub fn into_map(self) -> IndexMap<String, String> {
        self.0.map(|map| *map).unwrap_or_default()
    }
}

impl Deref for Attrs {
    type Target = IndexMap<String, String>;

    fn deref(&self) -> &IndexMap<String, String> {
        self.0.as_deref().unwrap_or(&NO_ATTRS)
    }
}

impl From<IndexMap<String, String>> for Attrs {
    fn from(map: IndexMap<String, String>) -> Self {
        Self((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl From<Option<Box<IndexMap<String, String>>>> for Attrs {
    fn from(map: Option<Box<IndexMap<String, String>>>) -> Self {
        Self(map.filter(|m| !m.is_empty()))
    }
}

impl PartialEq for Attrs {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Attrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
