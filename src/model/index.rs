//! Typed positions in the graph's tables, so that an actor's index cannot be passed where a relation's or a
//! source's is meant (as petgraph's `NodeIndex` and `EdgeIndex`). Each is a `u32` in memory
//! (`#[repr(transparent)]`), prints as its number, and converts to a `usize` with `index()` for indexing.

use std::fmt;

/// Writes the impls the three index types share: construction from a `usize` or a stored `u32`, the
/// position back, and `Debug` as the plain number (so every debug print reads as before the types existed).
macro_rules! index_type {
    ($name:ident) => {
        impl $name {
            /// The largest index, for a slot not filled yet.
            pub const MAX: Self = Self(u32::MAX);

            /// The index at position `ix`.
            ///
            /// The loader refuses inputs with more than `u32::MAX` items, so `ix` always fits; a position
            /// past it saturates to `u32::MAX` rather than wrap around.
            #[must_use]
            #[inline]
            pub fn new(ix: usize) -> Self {
                Self(u32::try_from(ix).unwrap_or(u32::MAX))
            }

            /// The index as stored in a block of `u32` (a snapshot, an adjacency list).
            #[must_use]
            #[inline]
            pub const fn from_u32(ix: u32) -> Self {
                Self(ix)
            }

            /// The position, for indexing a table.
            #[must_use]
            #[inline]
            pub const fn index(self) -> usize {
                self.0 as usize
            }

            /// The position as the `u32` it is stored as.
            #[must_use]
            #[inline]
            pub const fn as_u32(self) -> u32 {
                self.0
            }
        }

        impl TryFrom<usize> for $name {
            type Error = std::num::TryFromIntError;

            /// The index at position `ix`, or an error past `u32::MAX`.
            fn try_from(ix: usize) -> Result<Self, Self::Error> {
                u32::try_from(ix).map(Self)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }
    };
}

/// Index of an actor in [`ActorGraph::actors`](super::ActorGraph::actors); also its row in
/// [`ActorGraph::edges`](super::ActorGraph::edges) and its node index in
/// [`ActorGraph::graph`](super::ActorGraph::graph).
///
/// ```
/// use actorgraph::model::{ActorIx, RelationIx};
/// let ix = ActorIx::new(3);
/// assert_eq!(ix.index(), 3);
/// assert_eq!(ix, ActorIx::from_u32(3));
/// assert!(ActorIx::new(2) < ix);
/// assert_eq!(format!("{ix:?}"), "3");
/// // A relation's index is another type: `ix == RelationIx::new(3)` does not compile.
/// assert_eq!(ix.index(), RelationIx::new(3).index());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(transparent)]
#[repr(transparent)]
pub struct ActorIx(u32);

/// Index of a relation in [`ActorGraph::relations`](super::ActorGraph::relations).
///
/// ```
/// use actorgraph::model::RelationIx;
/// let ix = RelationIx::new(7);
/// assert_eq!(ix.index(), 7);
/// assert_eq!(ix.as_u32(), 7);
/// assert!(RelationIx::new(8) > ix);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(transparent)]
#[repr(transparent)]
pub struct RelationIx(u32);

/// Index of a source in [`ActorGraph::sources`](super::ActorGraph::sources).
///
/// ```
/// use actorgraph::model::SourceIx;
/// let ix = SourceIx::new(0);
/// assert_eq!(ix.index(), 0);
/// assert_eq!(SourceIx::new(usize::MAX).as_u32(), u32::MAX);
/// assert_eq!(format!("{:?}", [ix, SourceIx::new(1)]), "[0, 1]");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(transparent)]
#[repr(transparent)]
pub struct SourceIx(u32);

index_type!(ActorIx);
index_type!(RelationIx);
index_type!(SourceIx);
