//! Named values on a node or an edge, as GraphML and the network formats (GEXF, GML, Pajek) carry them, and
//! how both turn them into an actor's or a relation's fields: one reading for every graph format, so that a
//! value means the same whichever file it came in.

use indexmap::IndexMap;

use crate::format::parsed::Spot;
use crate::format::GraphmlField;

/// One value found by name: `(name as written, value, offset in the file)`.
pub(crate) type Found<'v> = Option<(&'v str, &'v str, usize)>;

/// An element's values by name, with where each is, and which of them a field has taken.
pub(crate) struct Values<'v> {
    values: Vec<(&'v str, &'v str, usize)>,
    used: Vec<bool>,
}

impl<'v> Values<'v> {
    /// The values, none taken yet.
    pub(crate) fn new(values: impl IntoIterator<Item = (&'v str, &'v str, usize)>) -> Self {
        let values: Vec<_> = values.into_iter().collect();
        let used = vec![false; values.len()];
        Self { values, used }
    }

    /// The first of `names` present (matched without regard to case). Every candidate is marked used, so
    /// none of them ends up in [`Values::rest`].
    pub(crate) fn take(&mut self, names: &[&str]) -> Found<'v> {
        let mut found = None;
        for name in names {
            for (i, &(n, v, at)) in self.values.iter().enumerate() {
                if n.eq_ignore_ascii_case(name) {
                    self.used[i] = true;
                    if found.is_none() {
                        found = Some((n, v, at));
                    }
                }
            }
        }
        found
    }

    /// Marks the values named `names` used without reading them (values the writer derives).
    pub(crate) fn skip(&mut self, names: &[&str]) {
        for (i, &(n, _, _)) in self.values.iter().enumerate() {
            if names.iter().any(|name| n.eq_ignore_ascii_case(name)) {
                self.used[i] = true;
            }
        }
    }

    /// Values no field took, as free attributes (without the `attr:` prefix actorgraph's writers add).
    pub(crate) fn rest(&self) -> IndexMap<String, String> {
        self.values
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|(&(n, v, _), _)| {
                (n.strip_prefix(crate::format::graphml::read::ATTR_PREFIX).unwrap_or(n).to_owned(), v.to_owned())
            })
            .collect()
    }
}

/// A value as text, trimmed; `None` when absent or blank.
pub(crate) fn text(value: Found<'_>) -> Option<String> {
    value.map(|(_, v, _)| v.trim()).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// A `;`-separated value as a list, blank entries left out.
pub(crate) fn list(value: Found<'_>) -> Vec<String> {
    value
        .map(|(_, v, _)| v.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Records in `spot` where each field that was found is, under the name it was found by.
fn record<const N: usize>(spot: &mut Spot, fields: [(&'static str, Found<'_>); N]) {
    for (field, value) in fields {
        if let Some((name, _, at)) = value {
            spot.field(field, name, at);
        }
    }
}

/// An actor's fields among a node's values.
pub(crate) struct NodeFields<'v> {
    /// The actor's name.
    pub name: Found<'v>,
    /// Its kind.
    pub kind: Found<'v>,
    /// Its aliases, `;`-separated.
    pub aliases: Found<'v>,
    /// Its tags, `;`-separated.
    pub tags: Found<'v>,
}

impl<'v> NodeFields<'v> {
    /// Takes the fields from `values`, each under the names `names` gives it, and records in `spot` where
    /// each was found.
    pub(crate) fn take<'n>(
        values: &mut Values<'v>,
        names: impl Fn(GraphmlField) -> Vec<&'n str>,
        spot: &mut Spot,
    ) -> Self {
        let fields = Self {
            name: values.take(&names(GraphmlField::Name)),
            kind: values.take(&names(GraphmlField::ActorKind)),
            aliases: values.take(&names(GraphmlField::Aliases)),
            tags: values.take(&names(GraphmlField::Tags)),
        };
        record(
            spot,
            [("name", fields.name), ("kind", fields.kind), ("aliases", fields.aliases), ("tags", fields.tags)],
        );
        fields
    }
}

/// A relation's fields among an edge's values.
pub(crate) struct EdgeFields<'v> {
    /// The relation's kind.
    pub kind: Found<'v>,
    /// When it began.
    pub date: Found<'v>,
    /// When it ended.
    pub until: Found<'v>,
    /// Its confidence, 0 to 1.
    pub confidence: Found<'v>,
    /// Its Admiralty credibility, 1 to 6.
    pub credibility: Found<'v>,
    /// The sources it cites, `;`-separated.
    pub sources: Found<'v>,
    /// Its note.
    pub note: Found<'v>,
}

impl<'v> EdgeFields<'v> {
    /// Takes the fields from `values`, each under the names `names` gives it, and records in `spot` where
    /// each was found.
    pub(crate) fn take<'n>(
        values: &mut Values<'v>,
        names: impl Fn(GraphmlField) -> Vec<&'n str>,
        spot: &mut Spot,
    ) -> Self {
        let fields = Self {
            kind: values.take(&names(GraphmlField::RelationKind)),
            date: values.take(&names(GraphmlField::Date)),
            until: values.take(&names(GraphmlField::Until)),
            confidence: values.take(&names(GraphmlField::Confidence)),
            credibility: values.take(&names(GraphmlField::Credibility)),
            sources: values.take(&names(GraphmlField::Sources)),
            note: values.take(&names(GraphmlField::Note)),
        };
        record(
            spot,
            [
                ("kind", fields.kind),
                ("date", fields.date),
                ("until", fields.until),
                ("confidence", fields.confidence),
                ("credibility", fields.credibility),
                ("sources", fields.sources),
                ("note", fields.note),
            ],
        );
        fields
    }

    /// The confidence as a number, or where it is and why it is not one.
    pub(crate) fn parsed_confidence(&self) -> Result<Option<f64>, (usize, String)> {
        match self.confidence {
            None => Ok(None),
            Some((name, value, at)) => value
                .trim()
                .parse::<f64>()
                .map(Some)
                .map_err(|_| (at, format!("`{name}` is '{value}', not a number (it gives the confidence, 0 to 1)"))),
        }
    }

    /// The credibility as a whole number, or where it is and why it is not one.
    pub(crate) fn parsed_credibility(&self) -> Result<Option<i64>, (usize, String)> {
        match self.credibility {
            None => Ok(None),
            Some((name, value, at)) => value
                .trim()
                .parse::<i64>()
                .map(Some)
                .map_err(|_| (at, format!("`{name}` is '{value}', not a whole number from 1 to 6"))),
        }
    }
}
