//! [`DiagramRequest`]: what `actorgraph dot` draws and what a report figure shows, with its options
//! resolved, and [`diagram`], which selects and builds it. The command line and the report both call it.

use crate::error::Result;
use crate::model::{ActorGraph, ActorIx};
use crate::query::{Filter, View};

use super::{build, ClusterBy, Diagram, Options, Selection, Shows};

/// A diagram asked for: the relations in view, what it shows, how it is drawn and how actors are boxed.
#[derive(Debug, Clone)]
pub struct DiagramRequest {
    /// The relations in view.
    pub filter: Filter,
    /// What the diagram is of.
    pub shows: Shows,
    /// How it is drawn.
    pub options: Options,
    /// Boxes around groups of actors.
    pub cluster_by: Option<ClusterBy>,
}

/// Why there is nothing to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NothingToDraw {
    /// The focus actor is left out by the filters.
    FocusLeftOut(ActorIx),
    /// No claim in view is denied.
    NoDenial,
    /// The two actors are not linked by relations in view.
    NotLinked,
    /// No actor is left after the filters.
    NoActor,
}

/// Selects ([`Selection::of`]) and builds ([`build`]) the diagram a request asks for, or says why there is
/// nothing to draw.
///
/// # Errors
/// As [`Selection::of`] (a graph too large for the blocs search) and [`ClusterBy::clusters`].
pub fn diagram(graph: &ActorGraph, request: &DiagramRequest) -> Result<std::result::Result<Diagram, NothingToDraw>> {
    let view = View::new(graph, &request.filter);
    if let Shows::Focus { actor, .. } = request.shows {
        if !view.has_actor(actor) {
            return Ok(Err(NothingToDraw::FocusLeftOut(actor)));
        }
    }
    let mut selection = Selection::of(&view, &request.shows, &request.options)?;
    if selection.actors.is_empty() {
        return Ok(Err(match request.shows {
            Shows::Contradictions => NothingToDraw::NoDenial,
            Shows::Path { .. } => NothingToDraw::NotLinked,
            _ => NothingToDraw::NoActor,
        }));
    }
    if let Some(spec) = &request.cluster_by {
        selection.clusters = spec.clusters(graph, &selection.actors)?;
    }
    Ok(Ok(build(&view, &selection, &request.filter, &request.options)))
}
