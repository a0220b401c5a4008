//! The visual language: how an actor kind and a relation kind look. Decided here once, used by the DOT
//! writer, the built-in SVG renderer and the legend, and documented in the README's legend table.

use crate::model::{KindInfo, Sign};

/// How actors of one kind are drawn.
///
/// Only box-family shapes are used: they fit their label, whereas ellipses, hexagons or parallelograms
/// grow a node by 40–110 % and, in a 26-actor network, doubled the width of the diagram. Kinds differ by
/// shape details (double outline, 3-D edge, tab, fold) and by colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActorLook {
    /// The actor kind as written in datasets (`armed_group`); empty for the default look.
    pub kind: &'static str,
    /// How the legend names it (`armed group`).
    pub legend: &'static str,
    /// Graphviz node shape (never a record shape: those would parse `{}|<>` in names).
    pub shape: &'static str,
    /// Whether the box has rounded corners.
    pub rounded: bool,
    /// Whether the outline is drawn twice.
    pub double: bool,
    /// Fill colour.
    pub fill: &'static str,
    /// Outline colour.
    pub border: &'static str,
}

/// The look of every actor kind the README documents, in legend order.
pub const ACTOR_LOOKS: &[ActorLook] = &[
    look("state", "state", "box", false, true, "#d6e6f5", "#2b5f91"),
    look("government", "government body", "box", false, false, "#dcefe9", "#2a7a68"),
    look("military", "military", "box3d", false, false, "#ece3c6", "#76662a"),
    look("armed_group", "armed group", "component", false, false, "#f7d9cf", "#a8442a"),
    look("person", "person", "box", true, false, "#fdf1c0", "#9c7c00"),
    look("organization", "organisation", "tab", false, false, "#e6ddf2", "#634a8c"),
    look("coalition", "coalition", "folder", false, false, "#d3ecd6", "#2f7a3c"),
    look("place", "place", "cds", false, false, "#ececec", "#5f5f5f"),
    look("event", "event", "rarrow", false, false, "#fbe1ee", "#a63a72"),
    look("media", "media", "note", false, false, "#ffffff", "#4d4d4d"),
];

/// The look of any other (or no) actor kind: a plain rounded box with a dashed outline.
pub const OTHER_ACTOR: ActorLook = look("", "other", "box", true, false, "#f4f4f4", "#8a8a8a");

const fn look(
    kind: &'static str,
    legend: &'static str,
    shape: &'static str,
    rounded: bool,
    double: bool,
    fill: &'static str,
    border: &'static str,
) -> ActorLook {
    ActorLook { kind, legend, shape, rounded, double, fill, border }
}

impl ActorLook {
    /// The Graphviz `style` value.
    #[must_use]
    pub fn style(&self) -> &'static str {
        match (self.rounded, self.kind.is_empty()) {
            (true, true) => "filled,rounded,dashed",
            (true, false) => "filled,rounded",
            (false, _) => "filled",
        }
    }
}

/// The look of an actor kind (`OTHER_ACTOR` for kinds the visual language does not know).
#[must_use]
pub fn actor_look(kind: &str) -> &'static ActorLook {
    ACTOR_LOOKS.iter().find(|l| l.kind == kind).unwrap_or(&OTHER_ACTOR)
}

/// The look of a claim node: the small box placed on an edge that others deny, claim or report.
pub const CLAIM_FILL: &str = "#fff8dc";
/// The outline of a claim node.
pub const CLAIM_BORDER: &str = "#8a7a3a";

/// The families of relation kinds, each with one look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeClass {
    /// Positive, not hierarchical: supports, allied_with, funds.
    Support,
    /// Hierarchical, from the superior: commands, leads.
    Command,
    /// Hierarchical, from the subordinate: member_of.
    Membership,
    /// Negative: opposes, attacks, threatens.
    Hostility,
    /// Neutral and symmetric: meets.
    Meeting,
    /// Neutral and directed: deploys_to, tolerates, undeclared kinds.
    Neutral,
    /// The `denies` statement.
    Denial,
    /// The `reports` statement.
    Report,
    /// The `claims` statement.
    Claim,
    /// Any other statement kind.
    Statement,
}

/// How one edge class is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeLook {
    /// Line colour.
    pub color: &'static str,
    /// Graphviz line style: `solid`, `dashed` or `dotted`.
    pub line: &'static str,
    /// Graphviz arrowhead shape.
    pub arrowhead: &'static str,
    /// Added to the confidence-based line width (command lines are drawn bold).
    pub extra_width: f64,
}

impl EdgeClass {
    /// The class of a relation kind.
    #[must_use]
    pub fn of(kind: &KindInfo) -> Self {
        if kind.statement {
            return match kind.name.as_str() {
                "denies" => Self::Denial,
                "reports" => Self::Report,
                "claims" => Self::Claim,
                _ => Self::Statement,
            };
        }
        if kind.hierarchical {
            return if kind.upward { Self::Membership } else { Self::Command };
        }
        match kind.sign {
            Sign::Positive => Self::Support,
            Sign::Negative => Self::Hostility,
            Sign::Neutral if kind.symmetric => Self::Meeting,
            Sign::Neutral => Self::Neutral,
        }
    }

    /// How the class is drawn.
    #[must_use]
    pub fn look(self) -> EdgeLook {
        let (color, line, arrowhead, extra_width) = match self {
            Self::Support => ("#2e7d32", "solid", "normal", 0.0),
            Self::Command => ("#1f4e9c", "solid", "normal", 1.0),
            Self::Membership => ("#7a7a7a", "solid", "empty", 0.0),
            Self::Hostility => ("#c62828", "solid", "normal", 0.0),
            Self::Meeting => ("#555555", "dotted", "none", 0.0),
            Self::Neutral => ("#555555", "solid", "vee", 0.0),
            Self::Denial => ("#e65100", "dashed", "tee", 0.0),
            Self::Report => ("#6a1b9a", "dotted", "vee", 0.0),
            Self::Claim => ("#00838f", "dotted", "vee", 0.0),
            Self::Statement => ("#777777", "dotted", "vee", 0.0),
        };
        EdgeLook { color, line, arrowhead, extra_width }
    }

    /// What the class means, for the README's legend table.
    #[must_use]
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Support => "support, alliance, funding (positive kinds)",
            Self::Command => "command and leadership (from the superior)",
            Self::Membership => "membership (from the member to the whole)",
            Self::Hostility => "opposition, attacks, threats (negative kinds)",
            Self::Meeting => "meetings (neutral, both ways)",
            Self::Neutral => "other neutral relations (deploys to, tolerates, undeclared kinds)",
            Self::Denial => "a denial, pointing at the claim it denies",
            Self::Report => "a report of a claim",
            Self::Claim => "an actor asserting a claim",
            Self::Statement => "another statement kind",
        }
    }
}

/// Line width from confidence: 0.6 for confidence 0 up to 3.0 for confidence 1, so a reader sees at a glance
/// which links are solid and which are tentative. An unknown confidence is drawn at the middle width (and
/// dotted, see [`super::Edge::unknown_confidence`]): never as certain. Rounded to one decimal so the DOT is
/// stable.
#[must_use]
pub fn width(confidence: Option<f64>, class: EdgeClass) -> f64 {
    let raw = 0.6 + 2.4 * confidence.unwrap_or(0.5).clamp(0.0, 1.0) + class.look().extra_width;
    (raw * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RelationKinds;

    #[test]
    fn every_builtin_kind_has_the_documented_class() {
        let kinds = RelationKinds::builtin();
        let class = |name| EdgeClass::of(kinds.get(kinds.id(name).unwrap()));
        assert_eq!(class("supports"), EdgeClass::Support);
        assert_eq!(class("allied_with"), EdgeClass::Support);
        assert_eq!(class("commands"), EdgeClass::Command);
        assert_eq!(class("leads"), EdgeClass::Command);
        assert_eq!(class("member_of"), EdgeClass::Membership);
        assert_eq!(class("attacks"), EdgeClass::Hostility);
        assert_eq!(class("meets"), EdgeClass::Meeting);
        assert_eq!(class("denies"), EdgeClass::Denial);
        assert_eq!(class("reports"), EdgeClass::Report);
        assert_eq!(class("claims"), EdgeClass::Claim);
    }

    #[test]
    fn unknown_actor_kinds_get_the_neutral_default_and_known_ones_differ() {
        assert_eq!(actor_look("spaceship"), &OTHER_ACTOR);
        assert_eq!(actor_look("armed_group").shape, "component");
        let mut shapes: Vec<_> = ACTOR_LOOKS.iter().map(|l| (l.shape, l.rounded, l.double)).collect();
        shapes.sort_unstable();
        shapes.dedup();
        assert_eq!(shapes.len(), ACTOR_LOOKS.len(), "two kinds have the same shape");
        let mut shapes_and_fills: Vec<_> = ACTOR_LOOKS.iter().map(|l| (l.shape, l.rounded, l.fill)).collect();
        shapes_and_fills.sort_unstable();
        shapes_and_fills.dedup();
        assert_eq!(shapes_and_fills.len(), ACTOR_LOOKS.len(), "two kinds look alike");
    }

    #[test]
    fn width_grows_with_confidence() {
        assert!((width(Some(0.0), EdgeClass::Support) - 0.6).abs() < 1e-9);
        assert!((width(Some(1.0), EdgeClass::Support) - 3.0).abs() < 1e-9);
        assert!((width(Some(1.0), EdgeClass::Command) - 4.0).abs() < 1e-9);
        assert!(width(Some(0.5), EdgeClass::Support) < width(Some(0.9), EdgeClass::Support));
        assert!(width(None, EdgeClass::Support) < width(Some(1.0), EdgeClass::Support), "unknown is not certain");
    }
}
