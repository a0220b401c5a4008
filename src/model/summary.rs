//! What a reader of another format (STIX, GraphML, event data) kept and left out of one file, by type.
//!
//! Every importer fills one [`ImportSummary`] per file, so that nothing is lost silently: the CLI prints
//! its [`ImportSummary::line`] on standard error when a dataset is loaded, and `validate` lists it in full.

use std::fmt;

use serde::Serialize;

/// How many records of one type a reader kept (`intrusion-set`: 181).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kept {
    /// The type in the file's own words (`intrusion-set`, `relationship`, `event`).
    pub what: String,
    /// How many were kept.
    pub count: usize,
}

/// How many records of one type a reader left out, and why (`marking-definition`: 1, "bundle metadata").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The type in the file's own words.
    pub what: String,
    /// How many were left out.
    pub count: usize,
    /// Why, in an analyst's words (`revoked`, `bundle metadata`, `points at a revoked object`).
    pub why: String,
}

/// What one reader kept and left out of one file, each type in order of first appearance.
///
/// ```
/// use actorgraph::model::ImportSummary;
/// let mut summary = ImportSummary::new("STIX 2.1");
/// summary.keep("intrusion-set", 2);
/// summary.keep("relationship", 1);
/// summary.keep("intrusion-set", 1);
/// summary.leave_out("marking-definition", "bundle metadata", 1);
/// assert_eq!(summary.kept_count("intrusion-set"), 3);
/// assert_eq!(
///     summary.line(),
///     "STIX 2.1: kept 3 intrusion-set, 1 relationship; left out 1 marking-definition (bundle metadata)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// The format the file was read as (`STIX 2.1`, `GraphML`, `ACLED`).
    pub format: String,
    /// What was kept, by type.
    pub kept: Vec<Kept>,
    /// What was left out, by type and reason.
    pub left_out: Vec<LeftOut>,
}

impl ImportSummary {
    /// An empty summary for a file read as `format`.
    #[must_use]
    pub fn new(format: &str) -> Self {
        Self { format: format.to_owned(), kept: Vec::new(), left_out: Vec::new() }
    }

    /// Counts `count` more records of type `what` as kept.
    pub fn keep(&mut self, what: &str, count: usize) {
        if count == 0 {
            return;
        }
        match self.kept.iter_mut().find(|k| k.what == what) {
            Some(kept) => kept.count += count,
            None => self.kept.push(Kept { what: what.to_owned(), count }),
        }
    }

    /// Counts `count` more records of type `what` as left out for the reason `why`.
    pub fn leave_out(&mut self, what: &str, why: &str, count: usize) {
        if count == 0 {
            return;
        }
        match self.left_out.iter_mut().find(|l| l.what == what && l.why == why) {
            Some(left) => left.count += count,
            None => self.left_out.push(LeftOut { what: what.to_owned(), count, why: why.to_owned() }),
        }
    }

    /// How many records of type `what` were kept.
    #[must_use]
    pub fn kept_count(&self, what: &str) -> usize {
        self.kept.iter().filter(|k| k.what == what).map(|k| k.count).sum()
    }

    /// How many records of type `what` were left out, for any reason.
    #[must_use]
    pub fn left_out_count(&self, what: &str) -> usize {
        self.left_out.iter().filter(|l| l.what == what).map(|l| l.count).sum()
    }

    /// Everything kept, in records.
    #[must_use]
    pub fn total_kept(&self) -> usize {
        self.kept.iter().map(|k| k.count).sum()
    }

    /// Everything left out, in records.
    #[must_use]
    pub fn total_left_out(&self) -> usize {
        self.left_out.iter().map(|l| l.count).sum()
    }

    /// The summary in one line: `STIX 2.1: kept 3 intrusion-set, …; left out 1 marking-definition (…)`.
    #[must_use]
    pub fn line(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: kept ", self.format)?;
        if self.kept.is_empty() {
            f.write_str("nothing")?;
        }
        for (i, kept) in self.kept.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}{} {}", kept.count, kept.what)?;
        }
        if self.left_out.is_empty() {
            return f.write_str("; left out nothing");
        }
        f.write_str("; left out ")?;
        for (i, left) in self.left_out.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}{} {} ({})", left.count, left.what, left.why)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_summary_says_so() {
        assert_eq!(ImportSummary::new("GML").line(), "GML: kept nothing; left out nothing");
    }

    #[test]
    fn reasons_are_counted_apart() {
        let mut s = ImportSummary::new("STIX 2.1");
        s.leave_out("relationship", "revoked", 2);
        s.leave_out("relationship", "points at a revoked object", 3);
        s.leave_out("relationship", "revoked", 1);
        s.keep("tool", 0);
        assert_eq!(s.left_out_count("relationship"), 6);
        assert_eq!(s.left_out.len(), 2);
        assert!(s.kept.is_empty());
        assert_eq!(s.total_left_out(), 6);
    }
}
