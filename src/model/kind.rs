//! Relation kinds and what they mean for the analyses.
//!
//! Kinds are an open vocabulary: the built-in ones below cover most reporting, a dataset may declare more in
//! its `relation_kinds` section, and an undeclared kind is accepted as neutral (and reported by `validate`).

use serde::Serialize;

/// Whether a relation brings two actors together, sets them against each other, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sign {
    /// Support, alliance, funding, command, membership.
    Positive,
    /// Opposition, attacks.
    Negative,
    /// Meetings, movements, statements: no stance.
    Neutral,
}

impl Sign {
    /// Parses `positive`, `negative` or `neutral`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "positive" => Some(Self::Positive),
            "negative" => Some(Self::Negative),
            "neutral" => Some(Self::Neutral),
            _ => None,
        }
    }

    /// The lowercase word for the sign.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Positive => "positive",
            Self::Negative => "negative",
            Self::Neutral => "neutral",
        }
    }
}

/// The kind of statement that contradicts a claim: a relation some actor `denies` is contested.
pub const DENIAL: &str = "denies";

/// How long a relation of a kind holds: only at its date, or from its date until it ends.
///
/// This is what every time filter reads (see [`crate::model::Validity`]): a `meets` of `2024-12` happened in
/// December 2024 and is not true in 2030; a `member_of` of `2024-12` holds from December 2024 on until its
/// `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Duration {
    /// A dated happening (`meets`, `attacks`, a statement): holds within its date's interval, or up to its
    /// `until` when one is given.
    Event,
    /// A state of affairs (`supports`, `member_of`): holds from the start of its date until the end of its
    /// `until`, or without end.
    Standing,
}

impl Duration {
    /// The default for a kind declared without a `duration`, and for an undeclared kind: an event, because
    /// a relation the sources date to a day or a month says nothing about what came after.
    pub const DEFAULT: Self = Self::Event;

    /// Parses `event` or `standing`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "event" => Some(Self::Event),
            "standing" => Some(Self::Standing),
            _ => None,
        }
    }

    /// The lowercase word for the duration.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Event => "event",
            Self::Standing => "standing",
        }
    }
}

/// Where a kind's meaning comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KindOrigin {
    /// One of actorgraph's built-in kinds.
    Builtin,
    /// Declared in a dataset's `relation_kinds` section.
    Declared,
    /// Used by a relation but declared nowhere: treated as neutral and directed.
    Undeclared,
}

/// The semantics of one relation kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindInfo {
    /// The kind's name as written in datasets (`supports`).
    pub name: String,
    /// Positive, negative or neutral.
    pub sign: Sign,
    /// Symmetric kinds (`allied_with`, `meets`) hold in both directions.
    pub symmetric: bool,
    /// Hierarchical kinds (`commands`, `leads`, `member_of`) form command chains.
    pub hierarchical: bool,
    /// Statement kinds (`denies`, `claims`, `reports`) say something about an actor or a claim.
    pub statement: bool,
    /// For hierarchical kinds: whether `from` is the subordinate (`member_of`) rather than the superior.
    pub upward: bool,
    /// Whether a relation of this kind is a dated event or a standing state.
    pub duration: Duration,
    /// A short explanation for legends and `validate`.
    pub description: String,
    /// Built in, declared, or neither.
    pub origin: KindOrigin,
}

/// A small index into [`RelationKinds`]; cheap to copy and compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KindId(pub u16);

/// The relation kinds of a loaded graph: the built-in ones, then declared ones, then undeclared ones in the
/// order they were met.
#[derive(Debug, Clone)]
pub struct RelationKinds {
    kinds: Vec<KindInfo>,
}

/// `(name, sign, symmetric, hierarchical, statement, upward, duration, description)` for each built-in kind.
type BuiltinKind = (&'static str, Sign, bool, bool, bool, bool, Duration, &'static str);

use Duration::{Event, Standing};

const BUILTIN: &[BuiltinKind] = &[
    (
        "supports",
        Sign::Positive,
        false,
        false,
        false,
        false,
        Standing,
        "gives political, military or material support to",
    ),
    ("allied_with", Sign::Positive, true, false, false, false, Standing, "is allied with (both ways)"),
    ("funds", Sign::Positive, false, false, false, false, Standing, "pays for or finances"),
    ("member_of", Sign::Positive, false, true, false, true, Standing, "is a member or part of"),
    ("leads", Sign::Positive, false, true, false, false, Standing, "leads or heads"),
    ("commands", Sign::Positive, false, true, false, false, Standing, "has command authority over"),
    ("opposes", Sign::Negative, false, false, false, false, Standing, "opposes"),
    ("attacks", Sign::Negative, false, false, false, false, Event, "attacks"),
    ("meets", Sign::Neutral, true, false, false, false, Event, "meets with (both ways)"),
    ("denies", Sign::Neutral, false, false, true, false, Event, "denies a claim or an actor's role"),
    ("claims", Sign::Neutral, false, false, true, false, Event, "asserts a claim"),
    ("reports", Sign::Neutral, false, false, true, false, Event, "reports a claim"),
];

impl Default for RelationKinds {
    fn default() -> Self {
        Self::builtin()
    }
}

impl RelationKinds {
    /// Only the built-in kinds.
    #[must_use]
    pub fn builtin() -> Self {
        let kinds = BUILTIN
            .iter()
            .map(|&(name, sign, symmetric, hierarchical, statement, upward, duration, description)| KindInfo {
                name: name.to_owned(),
                sign,
                symmetric,
                hierarchical,
                statement,
                upward,
                duration,
                description: description.to_owned(),
                origin: KindOrigin::Builtin,
            })
            .collect();
        Self { kinds }
    }

    /// Looks a kind up by name.
    #[must_use]
    pub fn id(&self, name: &str) -> Option<KindId> {
        // Few kinds exist (a dozen or two), so a linear scan beats hashing.
        self.kinds.iter().position(|k| k.name == name).and_then(|i| u16::try_from(i).ok()).map(KindId)
    }

    /// The semantics of a kind.
    ///
    /// # Panics
    /// If `id` did not come from this registry.
    #[must_use]
    pub fn get(&self, id: KindId) -> &KindInfo {
        &self.kinds[usize::from(id.0)]
    }

    /// Adds a kind (or replaces a built-in one's semantics when a dataset declares it) and returns its id.
    /// Returns `None` when the registry is full (65,536 kinds).
    pub fn insert(&mut self, info: KindInfo) -> Option<KindId> {
        if let Some(id) = self.id(&info.name) {
            self.kinds[usize::from(id.0)] = info;
            return Some(id);
        }
        let id = KindId(u16::try_from(self.kinds.len()).ok()?);
        self.kinds.push(info);
        Some(id)
    }

    /// The id of `name`, adding it as an undeclared neutral kind when it is new.
    pub fn id_or_undeclared(&mut self, name: &str) -> Option<KindId> {
        if let Some(id) = self.id(name) {
            return Some(id);
        }
        self.insert(KindInfo {
            name: name.to_owned(),
            sign: Sign::Neutral,
            symmetric: false,
            hierarchical: false,
            statement: false,
            upward: false,
            duration: Duration::DEFAULT,
            description: "undeclared kind, treated as neutral".to_owned(),
            origin: KindOrigin::Undeclared,
        })
    }

    /// Every kind with its id, built-in kinds first.
    pub fn iter(&self) -> impl Iterator<Item = (KindId, &KindInfo)> {
        self.kinds.iter().enumerate().map(|(i, k)| (KindId(u16::try_from(i).unwrap_or(u16::MAX)), k))
    }

    /// Names of every kind, for suggestions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.kinds.iter().map(|k| k.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_semantics_match_the_documented_table() {
        let kinds = RelationKinds::builtin();
        let get = |name| kinds.get(kinds.id(name).unwrap());
        assert_eq!(get("supports").sign, Sign::Positive);
        assert!(get("allied_with").symmetric && get("meets").symmetric);
        assert_eq!(get("attacks").sign, Sign::Negative);
        assert!(get("commands").hierarchical && get("leads").hierarchical && get("member_of").hierarchical);
        assert!(get("member_of").upward && !get("commands").upward);
        assert!(get("denies").statement && get("claims").statement && get("reports").statement);
        assert_eq!(kinds.names().count(), 12);
        for standing in ["supports", "allied_with", "funds", "member_of", "leads", "commands", "opposes"] {
            assert_eq!(get(standing).duration, Duration::Standing, "{standing}");
        }
        for event in ["attacks", "meets", "denies", "claims", "reports"] {
            assert_eq!(get(event).duration, Duration::Event, "{event}");
        }
    }

    #[test]
    fn unknown_kinds_become_neutral_and_are_marked() {
        let mut kinds = RelationKinds::builtin();
        let id = kinds.id_or_undeclared("trades_with").unwrap();
        assert_eq!(kinds.get(id).sign, Sign::Neutral);
        assert_eq!(kinds.get(id).origin, KindOrigin::Undeclared);
        assert_eq!(kinds.id_or_undeclared("trades_with"), Some(id));
    }
}
