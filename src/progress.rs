//! Progress of long work (loading a large dataset, searching for blocs), reported to a callback the caller
//! supplies. The library never draws anything itself: the command line turns these calls into progress bars
//! on a terminal.

/// What the loader says while it works. Every method has an empty default, so an implementation picks the
/// events it shows.
pub trait Progress: Send + Sync {
    /// Parsing of `file` (`bytes` long) starts. Return `true` to be told how far it has got through
    /// [`Progress::parsed_up_to`] (it costs a little on every string parsed).
    fn parsing(&self, file: &str, bytes: usize) -> bool {
        let _ = (file, bytes);
        false
    }

    /// The parser has got to byte `at` of the file being parsed.
    fn parsed_up_to(&self, at: usize) {
        let _ = at;
    }

    /// Parsing of the file is over.
    fn parsed(&self) {}

    /// A step over `relations` relations starts (`what` says what it does: `checking and linking 12 relations`).
    fn step(&self, relations: usize, what: &str) {
        let _ = (relations, what);
    }

    /// The step is over.
    fn step_done(&self) {}

    /// A search (`what`: `blocs: searching`) has done `done` units of work out of at most `limit`; it may
    /// finish well before the limit. Called every few million units.
    fn searching(&self, what: &str, done: u64, limit: u64) {
        let _ = (what, done, limit);
    }

    /// The search is over.
    fn searched(&self) {}
}
