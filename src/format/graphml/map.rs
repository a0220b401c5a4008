//! Which GraphML attributes fill which actor and relation fields: [`GraphmlMap`], from `--graphml-map`-style
//! `FIELD=ATTR` pairs, with the names Gephi, yEd, NetworkX and actorgraph itself use as defaults.

use crate::error::{Error, Result};

/// An actor or relation field a GraphML attribute can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphmlField {
    /// The actor id (default: the node's `id`).
    NodeId,
    /// The actor's display name.
    Name,
    /// The actor kind.
    ActorKind,
    /// The actor's aliases, `;`-separated.
    Aliases,
    /// The actor's tags, `;`-separated.
    Tags,
    /// The relation id (default: the edge's `id`).
    EdgeId,
    /// The relation kind.
    RelationKind,
    /// When the relation started.
    Date,
    /// When it ended.
    Until,
    /// Confidence, 0..1.
    Confidence,
    /// Admiralty credibility, 1–6.
    Credibility,
    /// Source ids, `;`-separated.
    Sources,
    /// The analyst's note.
    Note,
}

impl GraphmlField {
    /// `(name in --graphml-map, field, true for a node field)`.
    const ALL: [(&'static str, Self, bool); 13] = [
        ("id", Self::NodeId, true),
        ("name", Self::Name, true),
        ("kind", Self::ActorKind, true),
        ("aliases", Self::Aliases, true),
        ("tags", Self::Tags, true),
        ("id", Self::EdgeId, false),
        ("kind", Self::RelationKind, false),
        ("date", Self::Date, false),
        ("until", Self::Until, false),
        ("confidence", Self::Confidence, false),
        ("credibility", Self::Credibility, false),
        ("sources", Self::Sources, false),
        ("note", Self::Note, false),
    ];

    /// The attribute names that fill the field unless `--graphml-map` says otherwise, in order of preference.
    #[must_use]
    pub fn defaults(self) -> &'static [&'static str] {
        match self {
            Self::NodeId | Self::EdgeId => &[],
            Self::Name => &["label", "name"],
            Self::ActorKind => &["kind", "type"],
            Self::Aliases => &["aliases"],
            Self::Tags => &["tags"],
            Self::RelationKind => &["kind", "type", "relationship", "label", "Edge Label"],
            Self::Date => &["date"],
            Self::Until => &["until"],
            Self::Confidence => &["confidence", "weight"],
            Self::Credibility => &["credibility"],
            Self::Sources => &["sources"],
            Self::Note => &["note", "description"],
        }
    }
}

/// Which GraphML attribute fills which actor or relation field: the defaults below, with the changes given
/// by `--graphml-map`.
///
/// Nodes become actors (the node `id` is the actor id) and edges become relations from `source` to `target`.
/// Attributes (`<data>` with a `<key>` declaration) fill actor and relation fields by name; the names are
/// matched without regard to case, the first one present wins, and every other attribute is kept in
/// `attrs` (a name written `attr:NAME` by actorgraph's export loses the prefix). By default:
///
/// | field | attribute names |
/// |---|---|
/// | actor name | `label`, `name` (else yEd's node label) |
/// | actor kind | `kind`, `type` |
/// | aliases, tags | `aliases`, `tags` (`;`-separated) |
/// | relation kind | `kind`, `type`, `relationship`, `label`, `Edge Label` (Gephi) (else yEd's edge label; else `linked_to`) |
/// | date, until | `date`, `until` |
/// | confidence | `confidence`, `weight` (a `weight` outside 0..1 stays an attribute) |
/// | credibility | `credibility` |
/// | sources | `sources` (`;`-separated source ids) |
/// | note | `note`, `description` |
///
/// ```
/// use actorgraph::load::{GraphmlField, GraphmlMap};
/// let map = GraphmlMap::parse(&["name=title,kind=category".to_owned(), "confidence=".to_owned()]).unwrap();
/// assert_eq!(map.candidates(GraphmlField::Name), ["title"]);
/// assert_eq!(map.candidates(GraphmlField::RelationKind), ["category"]);
/// assert!(map.candidates(GraphmlField::Confidence).is_empty());
/// assert_eq!(map.candidates(GraphmlField::Date), ["date"]);
/// assert!(GraphmlMap::parse(&["colour=red".to_owned()]).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphmlMap {
    overrides: Vec<(GraphmlField, Option<String>)>,
}

impl GraphmlMap {
    /// Reads `FIELD=ATTRIBUTE` pairs, comma-separated or repeated. `kind` and `id` without `node.` or `edge.`
    /// set both; an empty attribute (`confidence=`) leaves the field unfilled, so the attribute stays in
    /// `attrs`.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for a pair without `=` or an unknown field, listing the fields.
    pub fn parse(specs: &[String]) -> Result<Self> {
        let mut overrides = Vec::new();
        for pair in specs.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|p| !p.is_empty()) {
            let invalid = |message: String| Error::InvalidSetting {
                setting: crate::error::Setting::GraphmlMap,
                message: format!(
                    "{message}; the fields are node fields id, name, kind, aliases, tags and edge fields id, kind, \
                     date, until, confidence, credibility, sources, note (write node.kind or edge.kind for one \
                     side only)"
                ),
            };
            let Some((field, attribute)) = pair.split_once('=') else {
                return Err(invalid(format!("'{pair}' is not FIELD=ATTRIBUTE")));
            };
            let field = field.trim().to_lowercase();
            let (scope, bare) = match field.split_once('.') {
                Some(("node", bare)) => (Some(true), bare),
                Some(("edge", bare)) => (Some(false), bare),
                _ => (None, field.as_str()),
            };
            let targets: Vec<GraphmlField> = GraphmlField::ALL
                .iter()
                .filter(|&&(name, _, node)| name == bare && scope.is_none_or(|s| s == node))
                .map(|&(_, f, _)| f)
                .collect();
            if targets.is_empty() {
                return Err(invalid(format!("no field '{field}'")));
            }
            let attribute = attribute.trim();
            for target in targets {
                overrides.retain(|(f, _)| *f != target);
                overrides.push((target, (!attribute.is_empty()).then(|| attribute.to_owned())));
            }
        }
        Ok(Self { overrides })
    }

    /// The attribute names that fill `field`, in order of preference.
    #[must_use]
    pub fn candidates(&self, field: GraphmlField) -> Vec<&str> {
        match self.overrides.iter().find(|(f, _)| *f == field) {
            Some((_, Some(attribute))) => vec![attribute.as_str()],
            Some((_, None)) => Vec::new(),
            None => field.defaults().to_vec(),
        }
    }

    /// Whether the user changed how `field` is filled.
    pub(super) fn is_default(&self, field: GraphmlField) -> bool {
        !self.overrides.iter().any(|(f, _)| *f == field)
    }
}
