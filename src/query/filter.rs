//! Turning a filter as an analyst writes it (kind names, dates as text) into a [`Filter`] over one graph.
//!
//! The command line's filter flags, a report spec and any program using the library all go through
//! [`FilterSpec::resolve`], so a misspelt kind or a malformed date is refused the same way everywhere. Errors
//! name the [`Setting`] at fault; the command line names the flag that sets it.

use crate::error::{Error, Result, Setting};
use crate::lookup::suggest;
use crate::model::{ActorGraph, KindId, PartialDate};

use super::Filter;

/// A filter in words: relation kind names, dates as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, actor kinds and tags.
/// The default keeps everything.
///
/// ```
/// use actorgraph::query::filter::FilterSpec;
/// let graph = actorgraph::load::embedded();
/// let spec = FilterSpec { kinds: vec!["supports,commands".to_owned()], as_of: Some("2024-12".to_owned()),
///                         ..FilterSpec::default() };
/// let filter = spec.resolve(&graph).unwrap();
/// assert_eq!(filter.kinds.len(), 2);
/// assert_eq!(filter.as_of.unwrap().to_string(), "2024-12");
/// let typo = FilterSpec { kinds: vec!["suports".to_owned()], ..FilterSpec::default() };
/// assert!(typo.resolve(&graph).unwrap_err().to_string().contains("did you mean 'supports'"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilterSpec {
    /// Keep only these relation kinds (each entry may be comma-separated).
    pub kinds: Vec<String>,
    /// Leave out these relation kinds.
    pub exclude_kinds: Vec<String>,
    /// Keep what holds at some moment of this date.
    pub as_of: Option<String>,
    /// Keep what holds at some moment from this date on.
    pub since: Option<String>,
    /// Keep what holds at some moment up to the end of this date.
    pub until: Option<String>,
    /// Keep relations with at least this confidence (0..=1).
    pub min_confidence: Option<f64>,
    /// Keep relations with at least this many independent sources.
    pub min_sources: Option<usize>,
    /// Leave out every contested relation.
    pub if_denials_hold: bool,
    /// Keep only actors with one of these tags.
    pub tags: Vec<String>,
    /// Keep only actors of one of these kinds.
    pub actor_kinds: Vec<String>,
}

impl FilterSpec {
    /// The [`Filter`] this spec asks for on `graph`.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for an unknown relation or actor kind (with a did-you-mean), a malformed
    /// date, or a confidence outside 0..=1.
    pub fn resolve(&self, graph: &ActorGraph) -> Result<Filter> {
        let min_confidence = match self.min_confidence {
            Some(c) if !(0.0..=1.0).contains(&c) => {
                return Err(Error::InvalidSetting {
                    setting: Setting::MinConfidence,
                    message: format!("must be between 0 and 1 (got {c})"),
                })
            }
            other => other,
        };
        // Only when asked: gathering every actor's kind reads every actor.
        let mut known_actor_kinds: Vec<&str> = Vec::new();
        if !self.actor_kinds.is_empty() {
            known_actor_kinds = graph.actors().iter().map(|a| a.kind.as_str()).collect();
            known_actor_kinds.sort_unstable();
            known_actor_kinds.dedup();
        }
        for kind in &self.actor_kinds {
            if known_actor_kinds.binary_search(&kind.as_str()).is_err() {
                return Err(Error::InvalidSetting {
                    setting: Setting::ActorKind,
                    message: format!("no actor has kind '{kind}'; the kinds are: {}", known_actor_kinds.join(", ")),
                });
            }
        }
        Ok(Filter {
            kinds: relation_kinds(graph, &self.kinds, Setting::Kind)?,
            exclude_kinds: relation_kinds(graph, &self.exclude_kinds, Setting::ExcludeKind)?,
            as_of: date(self.as_of.as_deref(), Setting::AsOf)?,
            since: date(self.since.as_deref(), Setting::Since)?,
            until: date(self.until.as_deref(), Setting::Until)?,
            min_confidence,
            min_sources: self.min_sources.unwrap_or(0),
            if_denials_hold: self.if_denials_hold,
            tags: self.tags.clone(),
            actor_kinds: self.actor_kinds.clone(),
        })
    }
}

/// Resolves relation kind names (each entry may be comma-separated) on `graph`.
///
/// # Errors
/// [`Error::InvalidSetting`] for `setting` naming an unknown kind, with the nearest names or the list.
pub fn relation_kinds(graph: &ActorGraph, names: &[String], setting: Setting) -> Result<Vec<KindId>> {
    names
        .iter()
        .flat_map(|n| n.split(','))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|name| {
            graph.kinds().id(name).ok_or_else(|| {
                let near = suggest(name, graph.kinds().names(), 2);
                let message = if near.is_empty() {
                    let known: Vec<&str> = graph.kinds().names().collect();
                    format!("no relation kind '{name}'; the kinds are: {}", known.join(", "))
                } else {
                    format!("no relation kind '{name}'; did you mean '{}'?", near.join("' or '"))
                };
                Error::InvalidSetting { setting, message }
            })
        })
        .collect()
}

/// Parses a date for `setting` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
///
/// # Errors
/// [`Error::InvalidSetting`] for `setting`, with the accepted shapes.
pub fn date(text: Option<&str>, setting: Setting) -> Result<Option<PartialDate>> {
    text.map(|t| t.parse::<PartialDate>().map_err(|e| Error::InvalidSetting { setting, message: e.0 })).transpose()
}
