//! The diagrams of the bundled dataset kept in the repository's `output/` folder. Each is one `actorgraph dot`
//! command line; `actorgraph dot --all-examples` (re)makes them all, as DOT and as SVG rendered by Graphviz,
//! and a test fails when the files in `output/` differ from what the current code makes.

/// One example diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The file name in `output/`, without extension.
    pub file: &'static str,
    /// The arguments after `actorgraph dot` that make it.
    pub args: &'static [&'static str],
    /// What it shows, for the README.
    pub about: &'static str,
}

/// Every example diagram, in README order.
pub const EXAMPLES: &[Example] = &[
    Example { file: "network", args: &[], about: "the whole network" },
    Example {
        file: "focus-pmf",
        args: &["--focus", "pmf", "--depth", "1"],
        about: "the Hashd: the Popular Mobilization Forces, their factions and leaders, and who denies what",
    },
    Example {
        file: "blocs",
        args: &["--bloc"],
        about: "the alliance blocs: the Syrian insurgents against everyone who backs Damascus",
    },
    Example {
        file: "contradictions",
        args: &["--contradictions"],
        about: "the denied claims: the Hashd's deployment to Syria and its support for Damascus",
    },
];
