//! Named values on a node or an edge, as GraphML and the network formats (GEXF, GML, Pajek) carry them, and
//! how both turn them into an actor's or a relation's fields: one reading for every graph format, so that a
//! value means the same whichever file it came in.

use indexmap::IndexMap;

use crate::format::intern::Sym;
use crate::format::parsed::Spot;
use crate::format::raw::{boxed_attrs, source_syms, RawDate, RawRelation};
use crate::format::GraphmlField;

/// The type a graph export declares for a value it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueType {
    /// Text.
    Text,
    /// `true` or `false`.
    Boolean,
    /// A number with a fraction.
    Number,
    /// A whole number.
    Whole,
}

impl ValueType {
    /// The type's name in GraphML (`attr.type`).
    pub(crate) fn graphml(self) -> &'static str {
        ["string", "boolean", "double", "int"][self as usize]
    }

    /// The type's name in GEXF (`<attribute type=…>`).
    pub(crate) fn gexf(self) -> &'static str {
        ["string", "boolean", "double", "integer"][self as usize]
    }
}

/// The values the GraphML and GEXF exports write on every edge, before its free attributes, in this order
/// (GraphML adds a `label` before them; GEXF has its own attribute for it).
pub(crate) const EDGE_VALUES: [(&str, ValueType); 13] = [
    ("kind", ValueType::Text),
    ("sign", ValueType::Text),
    ("symmetric", ValueType::Boolean),
    ("date", ValueType::Text),
    ("until", ValueType::Text),
    ("confidence", ValueType::Number),
    ("credibility", ValueType::Whole),
    ("grade", ValueType::Text),
    ("sources", ValueType::Text),
    ("independent_sources", ValueType::Whole),
    ("note", ValueType::Text),
    ("denied_by", ValueType::Text),
    ("asserted_by", ValueType::Text),
];

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

/// Declares a set of fields taken from an element's values: a struct of [`Found`] values, one per field,
/// and its `take`, which looks each field up under the names the mapping gives it and records in the spot
/// where each was found (under the field's own name). One declaration for actors and relations alike, so
/// that both read the same way.
macro_rules! fields {
    ($(#[$doc:meta])* $name:ident { $($(#[$field_doc:meta])* $field:ident: $variant:ident,)* }) => {
        $(#[$doc])*
        pub(crate) struct $name<'v> {
            $($(#[$field_doc])* pub $field: Found<'v>,)*
        }

        impl<'v> $name<'v> {
            /// Takes the fields from `values`, each under the names `names` gives it, and records in `spot`
            /// where each was found.
            pub(crate) fn take<'n>(
                values: &mut Values<'v>,
                names: impl Fn(GraphmlField) -> Vec<&'n str>,
                spot: &mut Spot,
            ) -> Self {
                let fields = Self { $($field: values.take(&names(GraphmlField::$variant)),)* };
                record(spot, [$((stringify!($field), fields.$field)),*]);
                fields
            }
        }
    };
}

fields! {
    /// An actor's fields among a node's values.
    NodeFields {
        /// The actor's name.
        name: Name,
        /// Its kind.
        kind: ActorKind,
        /// Its aliases, `;`-separated.
        aliases: Aliases,
        /// Its tags, `;`-separated.
        tags: Tags,
    }
}

fields! {
    /// A relation's fields among an edge's values.
    EdgeFields {
        /// The relation's kind.
        kind: RelationKind,
        /// When it began.
        date: Date,
        /// When it ended.
        until: Until,
        /// Its confidence, 0 to 1.
        confidence: Confidence,
        /// Its Admiralty credibility, 1 to 6.
        credibility: Credibility,
        /// The sources it cites, `;`-separated.
        sources: Sources,
        /// Its note.
        note: Note,
    }
}

impl EdgeFields<'_> {
    /// The relation these fields describe: `ends` are its id (if usable), `from`, `to` and `kind` as the
    /// reader settled them, with the confidence and credibility the reader parsed (errors already noted),
    /// the `sources` it listed and the values no field took as attributes.
    pub(crate) fn relation(
        &self,
        id: Option<Box<str>>,
        [from, to, kind]: [&str; 3],
        confidence: Option<f64>,
        credibility: Option<i64>,
        sources: &[String],
        attrs: IndexMap<String, String>,
    ) -> RawRelation {
        RawRelation {
            id,
            from: Sym::new(from),
            to: Sym::new(to),
            kind: Sym::new(kind),
            date: RawDate::from_opt(text(self.date).as_deref()),
            until: RawDate::from_opt(text(self.until).as_deref()),
            confidence,
            credibility,
            sources: source_syms(sources),
            note: text(self.note).map(String::into_boxed_str),
            attrs: boxed_attrs(attrs),
        }
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
