//! The work guard of the local search: every link the search looks at is counted against one limit shared
//! by all parts and restarts, so that a dense graph ends in bounded time with the best partition found so
//! far (and says so), and the caller is told how far the search has got.

use std::cell::Cell;

use crate::progress::Progress;

/// How often (in link visits) progress is reported: cheap enough to be unnoticeable, often enough for a bar.
const REPORT_EVERY: u64 = 1 << 22;

/// Link visits made and allowed.
pub(super) struct Work<'p> {
    done: Cell<u64>,
    limit: u64,
    next_report: Cell<u64>,
    progress: Option<&'p dyn Progress>,
}

impl<'p> Work<'p> {
    /// A guard allowing `limit` link visits, reporting to `progress`.
    pub(super) fn new(limit: u64, progress: Option<&'p dyn Progress>) -> Self {
        Self { done: Cell::new(0), limit, next_report: Cell::new(REPORT_EVERY), progress }
    }

    /// No limit and no progress (tests, small parts).
    #[cfg(test)]
    pub(super) fn unlimited() -> Self {
        Self::new(u64::MAX, None)
    }

    /// Counts `visits` link visits.
    #[inline]
    pub(super) fn add(&self, visits: usize) {
        let done = self.done.get().saturating_add(visits as u64);
        self.done.set(done);
        if done >= self.next_report.get() {
            self.next_report.set(done.saturating_add(REPORT_EVERY));
            if let Some(progress) = self.progress {
                progress.searching("blocs: searching", done.min(self.limit), self.limit);
            }
        }
    }

    /// Whether the limit is reached: every loop of the search stops at its next step, leaving a valid
    /// partition.
    #[inline]
    pub(super) fn exhausted(&self) -> bool {
        self.done.get() >= self.limit
    }

    /// Link visits made so far.
    pub(super) fn done(&self) -> u64 {
        self.done.get()
    }
}
