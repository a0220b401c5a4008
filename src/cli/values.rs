//! The command line's copies of the library's choice enums, with clap's `ValueEnum` (the library derives
//! no clap traits). Each copy keeps the library's variant docs (shown by `--help`) and converts into the
//! library's type with `From`.

/// A `ValueEnum` copy of a library enum, and `From` both ways.
macro_rules! value_enum {
    ($(#[$meta:meta])* $name:ident => $lib:path { $($(#[$vmeta:meta])* $variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
        pub enum $name {
            $($(#[$vmeta])* $variant),*
        }

        impl From<$name> for $lib {
            fn from(value: $name) -> Self {
                use $lib as Lib;
                match value {
                    $($name::$variant => Lib::$variant),*
                }
            }
        }
    };
}

value_enum! {
    /// A centrality measure. Each equals the NetworkX function named in its documentation, with NetworkX's
    /// defaults, on the graph of ties the measure is computed on.
    Measure => actorgraph::query::central::Measure {
    /// Share of the other actors tied to the actor: `nx.degree_centrality` — degree / (n − 1); on a directed
    /// graph the degree is in + out, so the value can exceed 1.
    Degree,
    /// Share of the other actors with a tie *to* the actor: `nx.in_degree_centrality`.
    InDegree,
    /// Share of the other actors the actor has a tie *to*: `nx.out_degree_centrality`.
    OutDegree,
    /// Share of shortest paths between other actors that pass through the actor:
    /// `nx.betweenness_centrality` (Brandes 2001), normalised by 1 / ((n − 1)(n − 2)), endpoints excluded.
    Betweenness,
    /// How near the actor is to the others: `nx.closeness_centrality` with the Wasserman–Faust correction
    /// for unreachable actors; on a directed graph it uses distances *to* the actor (incoming paths).
    Closeness,
    /// Google's PageRank: `nx.pagerank` with α = 0.85; an actor with no outgoing tie spreads its score
    /// uniformly over all actors.
    #[value(name = "pagerank")]
    PageRank,
    /// Eigenvector centrality on incoming ties (the left Perron vector): `nx.eigenvector_centrality`,
    /// unit Euclidean norm.
    Eigenvector,
    }
}

value_enum! {
    /// Which way relations are followed from an actor.
    #[derive(Default)]
    Direction => actorgraph::query::walk::Direction {
    /// From `from` to `to` only (and both ways for symmetric kinds).
    Out,
    /// From `to` back to `from` only (and both ways for symmetric kinds).
    In,
    /// Either way: the relation's direction is ignored.
    #[default]
    Both,
    }
}

value_enum! {
    /// The direction of a `dot` layout (`rankdir`).
    #[derive(Default)]
    RankDir => actorgraph::output::dot::RankDir {
    /// Left to right (the default: names read along the flow).
    #[default]
    #[value(name = "LR", alias = "lr")]
    LeftRight,
    /// Top to bottom.
    #[value(name = "TB", alias = "tb")]
    TopBottom,
    /// Right to left.
    #[value(name = "RL", alias = "rl")]
    RightLeft,
    /// Bottom to top.
    #[value(name = "BT", alias = "bt")]
    BottomTop,
    }
}

value_enum! {
    /// A Graphviz layout engine.
    Engine => actorgraph::output::dot::Engine {
    /// Layered: hierarchies read top-down or left-right. Slow on dense graphs.
    Dot,
    /// Force-directed, scalable: thousands of nodes.
    Sfdp,
    /// Force-directed (spring model), for small graphs.
    Neato,
    /// Circular.
    Circo,
    /// Force-directed with clusters.
    Fdp,
    }
}

value_enum! {
    /// How `--max-nodes` decides which actors matter most.
    #[derive(Default)]
    RankBy => actorgraph::output::dot::RankBy {
    /// Number of drawn relations an actor takes part in (as either end, or as the author of a statement).
    #[default]
    Degree,
    }
}

value_enum! {
    /// A file format to render to.
    RenderFormat => actorgraph::output::dot::RenderFormat {
    /// Scalable vector graphics, for web pages and for editing.
    Svg,
    /// A bitmap, for slides and word processors.
    Png,
    /// For print.
    Pdf,
    }
}

value_enum! {
    /// Which reader a file is read with.
    #[derive(Default)]
    InputFormat => actorgraph::format::InputFormat {
    /// By the file: `.csv` is CSV, `.graphml` is GraphML, a JSON file whose top level is
    /// `"type": "bundle"` (or any `.stix.json`) is STIX, other JSON is the actorgraph format.
    #[default]
    Auto,
    /// The `actorgraph/1` JSON document.
    Actorgraph,
    /// The CSV files (actors, relations, sources, relation kinds), told apart by their header.
    Csv,
    /// A STIX 2.1 bundle.
    Stix,
    /// GraphML, as written by Gephi, yEd, NetworkX or `actorgraph export --to graphml`.
    Graphml,
    }
}
