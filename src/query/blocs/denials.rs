//! What changes when the denials hold: the blocs, the relations that break them and the key actors, with
//! every contested relation in the analysis and with every one left out.

use crate::error::Result;
use crate::model::{ActorIx, RelationIx};
use crate::query::central::{centrality, key_actors_sample, Measure, Options};
use crate::query::{Filter, View};

use super::{alliance_blocs, compare, Blocs, BlocsOptions, Comparison};

/// How many key actors each side ranks: the report's "Key actors" section shows as many.
pub const KEY_ACTORS: usize = 10;

/// The measure the key actors are ranked by: betweenness, as in the report's "Key actors" section.
pub const KEY_MEASURE: Measure = Measure::Betweenness;

/// One actor among the key actors of either side: its rank and score when the reports hold and when the
/// denials hold (`None`: not in that side's top [`KEY_ACTORS`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyActor {
    /// The actor.
    pub actor: ActorIx,
    /// Rank (1 = most central) and score with every relation in view.
    pub reports_hold: Option<(usize, f64)>,
    /// Rank and score with the contested relations left out.
    pub denials_hold: Option<(usize, f64)>,
}

/// The two pictures side by side; see [`compare_denials`].
#[derive(Debug, Clone, PartialEq)]
pub struct DenialComparison {
    /// The blocs with every relation in view: the reports hold.
    pub reports_hold: Blocs,
    /// The blocs with the contested relations left out: the denials hold.
    pub denials_hold: Blocs,
    /// How the second partition's blocs match the first's, and who moved.
    pub comparison: Comparison,
    /// The contested relations in view that the second picture leaves out, by id.
    pub left_out: Vec<RelationIx>,
    /// Relations that break the blocs when the reports hold but not when the denials hold (left out, or
    /// fitting the new blocs), by id.
    pub no_longer_frustrated: Vec<RelationIx>,
    /// Relations that break the blocs only when the denials hold, by id.
    pub newly_frustrated: Vec<RelationIx>,
    /// The actors in the top [`KEY_ACTORS`] by [`KEY_MEASURE`] on either side: those ranked when the reports
    /// hold in that order, then those only ranked when the denials hold.
    pub key_actors: Vec<KeyActor>,
}

/// Partitions `filter`'s view twice, once as it is and once with `--if-denials-hold` (whatever `filter`
/// says about it), and lists what changes: who moves bloc, which relations stop or start breaking the
/// blocs, and how the key actors rank.
///
/// # Errors
/// As [`alliance_blocs`] and [`centrality`] (a graph too large to search).
///
/// # Complexity
/// Two partitions and two betweenness computations of the view (from a sample of sources above
/// [`crate::query::central::EXACT_KEY_ACTORS_UP_TO`] actors: see [`key_actors_sample`]).
///
/// ```
/// use actorgraph::query::blocs::{denials::compare_denials, BlocsOptions};
/// let graph = actorgraph::load::embedded();
/// let c = compare_denials(&graph, &Default::default(), &BlocsOptions::default()).unwrap();
/// assert_eq!(c.left_out.len(), 2); // the Hashd deployments to Syria
/// ```
pub fn compare_denials(
    graph: &crate::model::ActorGraph,
    filter: &Filter,
    options: &BlocsOptions,
) -> Result<DenialComparison> {
    let reports_filter = Filter { if_denials_hold: false, ..filter.clone() };
    let denials_filter = Filter { if_denials_hold: true, ..filter.clone() };
    let (reports_view, denials_view) = (View::new(graph, &reports_filter), View::new(graph, &denials_filter));
    let reports_hold = alliance_blocs(&reports_view, options)?;
    let denials_hold = alliance_blocs(&denials_view, options)?;
    let comparison = compare(&reports_view, &reports_hold, &denials_hold);
    let by_id = |list: &mut Vec<RelationIx>| list.sort_by(|&a, &b| graph.relation(a).id.cmp(&graph.relation(b).id));
    let mut left_out: Vec<RelationIx> =
        reports_view.relations().filter(|&r| denials_filter.drops_as_denied(graph, r)).collect();
    by_id(&mut left_out);
    // One flag per relation: `Vec::contains` here was quadratic in the frustrated relations (tens of thousands
    // on a large dataset).
    let flags = |list: &[RelationIx]| {
        let mut flag = vec![false; graph.relations().len()];
        for &r in list {
            flag[r.index()] = true;
        }
        flag
    };
    let (in_reports, in_denials) = (flags(&reports_hold.frustrated), flags(&denials_hold.frustrated));
    let mut no_longer_frustrated: Vec<RelationIx> =
        reports_hold.frustrated.iter().copied().filter(|&r| !in_denials[r.index()]).collect();
    by_id(&mut no_longer_frustrated);
    let mut newly_frustrated: Vec<RelationIx> =
        denials_hold.frustrated.iter().copied().filter(|&r| !in_reports[r.index()]).collect();
    by_id(&mut newly_frustrated);
    let top = |view: &View| -> Result<Vec<(ActorIx, usize, f64)>> {
        // Estimated from a sample on a large view, as the report's "Key actors" section is.
        let options = Options { sample: key_actors_sample(view.actor_count()), ..Options::default() };
        let result = centrality(view, KEY_MEASURE, &options)?;
        Ok(result
            .scores
            .iter()
            .zip(result.ranks())
            .take(KEY_ACTORS)
            .map(|(s, rank)| (s.actor, rank, s.score))
            .collect())
    };
    let (reports_top, denials_top) = (top(&reports_view)?, top(&denials_view)?);
    let find = |list: &[(ActorIx, usize, f64)], actor: ActorIx| {
        list.iter().find(|&&(a, _, _)| a == actor).map(|&(_, rank, score)| (rank, score))
    };
    let mut key_actors: Vec<KeyActor> = reports_top
        .iter()
        .map(|&(actor, rank, score)| KeyActor {
            actor,
            reports_hold: Some((rank, score)),
            denials_hold: find(&denials_top, actor),
        })
        .collect();
    key_actors.extend(
        denials_top
            .iter()
            .filter(|&&(a, _, _)| find(&reports_top, a).is_none())
            .map(|&(actor, rank, score)| KeyActor { actor, reports_hold: None, denials_hold: Some((rank, score)) }),
    );
    Ok(DenialComparison {
        reports_hold,
        denials_hold,
        comparison,
        left_out,
        no_longer_frustrated,
        newly_frustrated,
        key_actors,
    })
}
