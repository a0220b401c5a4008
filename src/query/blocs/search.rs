//! The search behind [`super::alliance_blocs`] on one connected part: the part as a weighted graph
//! ([`Links`]), the multi-start local search (moves, merges, splits, kicks, level by level) and the entry
//! to the exact search ([`super::exact`]).

use super::exact::Exact;
use super::signed::{SignedGraph, SplitMix};
use super::work::Work;
use crate::model::ix;

/// Rounds of "move actors, merge blocs" before a restart ends (each round must improve).
pub(super) const MAX_ROUNDS: usize = 16;
/// Random kicks per restart: four per actor, at least 256, at most this many (on large graphs they gain
/// little for their cost).
pub(super) const MAX_KICKS: usize = 20_000;

/// What the exact search found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum ExactOutcome {
    /// A better partition than the bound it was given, and an optimal one.
    Better {
        /// Bloc of each node.
        labels: Vec<u32>,
        /// Its frustration.
        frustration: i64,
    },
    /// Nothing is better: the partition behind the bound is optimal.
    Proven,
    /// The step budget ran out first.
    GaveUp,
}

/// One connected part as a weighted graph on `0..n`: each link weighs `positive − negative`, and the
/// frustration of a partition is `total_positive − (sum of link weights inside blocs)`.
pub(super) struct Problem {
    pub(super) graph: Links,
    /// Summed positive weight of the part's links.
    pub(super) total_positive: i64,
    /// For the exact search: the links as `(u, v, positive, net)`.
    pub(super) links: Vec<(u32, u32, i64, i64)>,
}

impl Problem {
    /// The part made of `members` (local actors of `signed`); `position` is scratch space of one entry per
    /// signed actor.
    pub(super) fn new(signed: &SignedGraph, members: &[u32], position: &mut [u32]) -> Self {
        for (i, &v) in members.iter().enumerate() {
            position[v as usize] = ix(i);
        }
        let mut links = Vec::new();
        let mut total_positive = 0;
        for &v in members {
            for &l in signed.links_of(v) {
                let link = &signed.links[l as usize];
                if link.a == v {
                    total_positive += link.positive;
                    links.push((position[link.a as usize], position[link.b as usize], link.positive, link.net()));
                }
            }
        }
        let graph = Links::new(members.len(), links.iter().map(|&(u, v, _, w)| (u, v, w)));
        Self { graph, total_positive, links }
    }

    pub(super) fn frustration(&self, labels: &[u32]) -> i64 {
        self.total_positive - self.graph.inside(labels)
    }

    /// The best of `restarts` local searches: labels and frustration. `thorough` adds random kicks even
    /// on small parts (at least 256 per restart instead of four per actor). When `work` runs out the
    /// restart under way ends at its next step and no other starts: the best partition so far is returned.
    pub(super) fn heuristic(
        &self,
        limit: usize,
        seed: u64,
        restarts: usize,
        thorough: bool,
        work: &Work,
    ) -> (Vec<u32>, i64) {
        let n = self.graph.len();
        // (labels, weight inside blocs, blocs): most weight inside, then fewest blocs.
        let mut best: (Vec<u32>, i64, usize) = (Vec::new(), i64::MIN, usize::MAX);
        for r in 0..restarts.max(1) {
            if r > 0 && work.exhausted() {
                break;
            }
            let mut rng = SplitMix::new(seed.wrapping_add(r as u64));
            let kicks = if thorough { (4 * n).clamp(256, MAX_KICKS) } else { 4 * n };
            let mut labels: Vec<u32>;
            if limit < n && r % 2 == 1 {
                // Every other restart under a cap starts from a random partition into `limit` blocs: a
                // different basin than folding the uncapped answer.
                labels = (0..n).map(|_| ix(rng.below(limit))).collect();
                improve(&self.graph, &mut labels, limit, kicks, &mut rng, work);
            } else {
                labels = (0..n).map(ix).collect();
                improve(&self.graph, &mut labels, n, kicks, &mut rng, work);
                if count_blocs(&labels) > limit {
                    fold(&self.graph, &mut labels, limit);
                    improve(&self.graph, &mut labels, limit, kicks, &mut rng, work);
                }
            }
            merge_blocs(&self.graph, &mut labels);
            let (score, blocs) = (self.graph.inside(&labels), count_blocs(&labels));
            if score > best.1 || (score == best.1 && blocs < best.2) {
                best = (labels, score, blocs);
            }
        }
        (best.0, self.total_positive - best.1)
    }

    /// Branch and bound (first solution: the local search's `initial` labels) for a partition with at most
    /// `limit` blocs that beats `upper` = (frustration, blocs) — lower frustration, or as low with fewer
    /// blocs.
    pub(super) fn exact(&self, limit: usize, initial: &[u32], upper: (i64, usize), budget: &mut u64) -> ExactOutcome {
        let n = self.graph.len();
        if upper.0 == 0 && upper.1 <= 1 {
            return ExactOutcome::Proven; // nothing beats a single balanced bloc
        }
        let mut search = Exact::new(n, &self.links, limit, initial, upper);
        let completed = search.run(budget);
        match (completed, search.best) {
            (false, _) => ExactOutcome::GaveUp,
            (true, Some(labels)) => ExactOutcome::Better { labels, frustration: search.upper.0 },
            (true, None) => ExactOutcome::Proven,
        }
    }
}

pub(super) fn count_blocs(labels: &[u32]) -> usize {
    let mut seen = vec![false; labels.len()];
    labels.iter().filter(|&&l| !std::mem::replace(&mut seen[l as usize], true)).count()
}

/// A weighted undirected graph over the model's one adjacency type ([`crate::model::Csr`]): each link
/// `(u, v, w)` is listed in the rows of both `u` and `v`, in the order the links were given.
#[derive(Debug, Clone)]
pub(super) struct Links {
    rows: crate::model::Csr<(u32, i64)>,
}

impl Links {
    pub(super) fn new(n: usize, edges: impl Iterator<Item = (u32, u32, i64)> + Clone) -> Self {
        Self { rows: crate::model::Csr::group(n, edges.flat_map(|(u, v, w)| [(u, (v, w)), (v, (u, w))])) }
    }

    pub(super) fn len(&self) -> usize {
        self.rows.rows()
    }

    /// How many neighbours `v` has.
    pub(super) fn degree(&self, v: usize) -> usize {
        self.rows.row(ix(v)).len()
    }

    /// Both directions of every link: twice the links.
    pub(super) fn entries(&self) -> usize {
        self.rows.items().len()
    }

    pub(super) fn neighbours(&self, v: usize) -> impl Iterator<Item = (u32, i64)> + '_ {
        self.rows.row(ix(v)).iter().copied()
    }

    /// The summed weight of links inside blocs.
    pub(super) fn inside(&self, labels: &[u32]) -> i64 {
        let mut sum = 0;
        for v in 0..self.len() {
            for (u, w) in self.neighbours(v) {
                if (u as usize) > v && labels[u as usize] == labels[v] {
                    sum += w;
                }
            }
        }
        sum
    }

    /// The graph of blocs: one node per label (labels must be `0..m`), links summed, inside links dropped.
    pub(super) fn aggregate(&self, labels: &[u32], m: usize) -> Self {
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); m];
        for (v, &l) in labels.iter().enumerate() {
            members[l as usize].push(ix(v));
        }
        let mut acc = vec![0i64; m];
        let mut marked = vec![false; m];
        let mut touched: Vec<u32> = Vec::new();
        let mut edges = Vec::new();
        for (c, nodes) in members.iter().enumerate() {
            for &u in nodes {
                for (v, w) in self.neighbours(u as usize) {
                    let d = labels[v as usize];
                    if (d as usize) > c {
                        if !marked[d as usize] {
                            marked[d as usize] = true;
                            touched.push(d);
                        }
                        acc[d as usize] += w;
                    }
                }
            }
            for &d in &touched {
                edges.push((ix(c), d, acc[d as usize]));
                acc[d as usize] = 0;
                marked[d as usize] = false;
            }
            touched.clear();
        }
        Self::new(m, edges.iter().copied())
    }
}

/// Renumbers labels `0..m` in order of first appearance; returns `m`.
pub(super) fn compress(labels: &mut [u32]) -> usize {
    let mut map = vec![u32::MAX; labels.len()];
    let mut m = 0;
    for l in labels.iter_mut() {
        if map[*l as usize] == u32::MAX {
            map[*l as usize] = ix(m);
            m += 1;
        }
        *l = map[*l as usize];
    }
    m
}

/// A partition under local search: labels, bloc sizes, free labels, and scratch space for gains. Every
/// move's gain is computed exactly from the mover's links, so the score is tracked incrementally.
pub(super) struct Mover<'a> {
    pub(super) g: &'a Links,
    /// The shared work guard: every weighing counts the mover's links.
    pub(super) work: &'a Work<'a>,
    pub(super) limit: usize,
    pub(super) labels: Vec<u32>,
    pub(super) size: Vec<u32>,
    /// Unused labels; the next new bloc takes the top one.
    pub(super) free: Vec<u32>,
    pub(super) blocs: usize,
    pub(super) acc: Vec<i64>,
    pub(super) marked: Vec<bool>,
    pub(super) touched: Vec<u32>,
    pub(super) queue: std::collections::VecDeque<u32>,
    pub(super) queued: Vec<bool>,
    /// `(node, label it left)` for every move since the journal was last cleared.
    pub(super) journal: Vec<(u32, u32)>,
}

/// The best move of a node: where to, and what it gains.
#[derive(Debug, Clone, Copy)]
pub(super) struct Move {
    pub(super) target: u32,
    pub(super) gain: i64,
}

impl<'a> Mover<'a> {
    pub(super) fn new(g: &'a Links, labels: Vec<u32>, limit: usize, work: &'a Work<'a>) -> Self {
        let n = g.len();
        let mut size = vec![0u32; n];
        for &l in &labels {
            size[l as usize] += 1;
        }
        let free: Vec<u32> = (0..n).rev().filter(|&b| size[b] == 0).map(ix).collect();
        let blocs = n - free.len();
        Self {
            g,
            work,
            limit,
            labels,
            size,
            free,
            blocs,
            acc: vec![0; n],
            marked: vec![false; n],
            touched: Vec::new(),
            queue: std::collections::VecDeque::new(),
            queued: vec![false; n],
            journal: Vec::new(),
        }
    }

    /// Fills `acc` with the weight from `v` to each neighbouring bloc (listed in `touched`); returns the
    /// weight to its own bloc. The caller must call [`Mover::clear`].
    pub(super) fn weigh(&mut self, v: u32) -> i64 {
        self.work.add(self.g.degree(v as usize));
        for (u, w) in self.g.neighbours(v as usize) {
            let b = self.labels[u as usize];
            if !self.marked[b as usize] {
                self.marked[b as usize] = true;
                self.touched.push(b);
            }
            self.acc[b as usize] += w;
        }
        let own = self.labels[v as usize];
        if self.marked[own as usize] {
            self.acc[own as usize]
        } else {
            0
        }
    }

    pub(super) fn clear(&mut self) {
        for &b in &self.touched {
            self.acc[b as usize] = 0;
            self.marked[b as usize] = false;
        }
        self.touched.clear();
    }

    /// Whether `v` may leave for a bloc of its own.
    pub(super) fn may_go_alone(&self, v: u32) -> bool {
        self.size[self.labels[v as usize] as usize] > 1 && self.blocs < self.limit
    }

    /// The move of `v` that gains most (ties: the smallest label), if any gains strictly.
    pub(super) fn best_move(&mut self, v: u32) -> Option<Move> {
        let own_label = self.labels[v as usize];
        let own = self.weigh(v);
        let mut best: Option<Move> = None;
        for &b in &self.touched {
            let gain = self.acc[b as usize] - own;
            if b != own_label && gain > 0 && best.is_none_or(|m| gain > m.gain || (gain == m.gain && b < m.target)) {
                best = Some(Move { target: b, gain });
            }
        }
        self.clear();
        if -own > best.map_or(0, |m| m.gain) && self.may_go_alone(v) {
            if let Some(&target) = self.free.last() {
                best = Some(Move { target, gain: -own });
            }
        }
        best
    }

    /// Moves `v` to `target` (a used label, or the top free one), journaling the move.
    pub(super) fn move_to(&mut self, v: u32, target: u32) {
        let from = self.labels[v as usize];
        if self.size[target as usize] == 0 {
            debug_assert_eq!(self.free.last(), Some(&target));
            self.free.pop();
            self.blocs += 1;
        }
        self.size[target as usize] += 1;
        self.size[from as usize] -= 1;
        if self.size[from as usize] == 0 {
            self.free.push(from);
            self.blocs -= 1;
        }
        self.labels[v as usize] = target;
        self.journal.push((v, from));
    }

    pub(super) fn enqueue(&mut self, v: u32) {
        if !self.queued[v as usize] {
            self.queued[v as usize] = true;
            self.queue.push_back(v);
        }
    }

    /// Makes improving moves until no queued node gains (a moved node's neighbours are queued again); returns
    /// the total gain.
    pub(super) fn settle(&mut self) -> i64 {
        let mut total = 0;
        // Every move gains strictly, so this ends anyway; the cap only bounds the time on adversarial input.
        let mut moves_left = 64 * self.g.len() + 1024;
        while let Some(v) = self.queue.pop_front() {
            self.queued[v as usize] = false;
            // Out of moves or of work: the queue is emptied without looking at anyone.
            if moves_left == 0 || self.work.exhausted() {
                continue;
            }
            if let Some(m) = self.best_move(v) {
                moves_left -= 1;
                self.move_to(v, m.target);
                total += m.gain;
                let g = self.g;
                for (u, _) in g.neighbours(v as usize) {
                    if self.labels[u as usize] != m.target {
                        self.enqueue(u);
                    }
                }
            }
        }
        total
    }

    /// Queues every node in random order and settles; returns the gain.
    pub(super) fn settle_all(&mut self, rng: &mut SplitMix) -> i64 {
        let mut order: Vec<u32> = (0..self.g.len()).map(ix).collect();
        rng.shuffle(&mut order);
        for v in order {
            self.enqueue(v);
        }
        self.settle()
    }

    /// Undoes the journaled moves, newest first (which restores free labels in stack order too).
    pub(super) fn revert(&mut self) {
        while let Some((v, from)) = self.journal.pop() {
            self.move_to(v, from);
            self.journal.pop();
        }
    }

    /// Iterated local search: `kicks` times, move a random node to a random other bloc (a neighbouring one
    /// or a new one), settle around it, and keep the result unless it is worse.
    pub(super) fn kick(&mut self, kicks: usize, rng: &mut SplitMix) {
        let n = self.g.len();
        if n < 2 {
            return;
        }
        for _ in 0..kicks {
            if self.work.exhausted() {
                break;
            }
            let v = ix(rng.below(n));
            let own_label = self.labels[v as usize];
            let own = self.weigh(v);
            // A random actor's bloc is a candidate too, linked to `v` or not: under a cap, the only way to
            // reach a bloc none of its neighbours is in.
            let other = self.labels[rng.below(n)];
            if !self.marked[other as usize] {
                self.marked[other as usize] = true;
                self.touched.push(other);
            }
            let mut options: Vec<(u32, i64)> =
                self.touched.iter().filter(|&&b| b != own_label).map(|&b| (b, self.acc[b as usize] - own)).collect();
            self.clear();
            options.sort_unstable();
            if self.may_go_alone(v) {
                if let Some(&t) = self.free.last() {
                    options.push((t, -own));
                }
            }
            if options.is_empty() {
                continue;
            }
            let (target, gain) = options[rng.below(options.len())];
            self.journal.clear();
            self.move_to(v, target);
            for (u, _) in self.g.neighbours(v as usize) {
                self.enqueue(u);
            }
            self.enqueue(v);
            if gain + self.settle() < 0 {
                self.revert();
            }
        }
        self.journal.clear();
    }
}

/// Local moves of single actors, then of blocs as nodes (a bloc moving into another merges them), level
/// after level until nothing moves (the Louvain scheme, Blondel et al. 2008, applied to signed weights).
pub(super) fn multilevel(g: &Links, labels: &mut Vec<u32>, limit: usize, rng: &mut SplitMix, work: &Work) {
    let mut mover = Mover::new(g, std::mem::take(labels), limit, work);
    mover.settle_all(rng);
    *labels = mover.labels;
    let m = compress(labels);
    let mut level = g.aggregate(labels, m);
    while !work.exhausted() {
        work.add(level.entries());
        let mut mover = Mover::new(&level, (0..level.len()).map(ix).collect(), limit, work);
        if mover.settle_all(rng) == 0 {
            break;
        }
        let mut lab = mover.labels;
        let m = compress(&mut lab);
        for l in labels.iter_mut() {
            *l = lab[*l as usize];
        }
        level = level.aggregate(&lab, m);
    }
}

/// Splits blocs whose parts are better apart: each bloc's own subgraph is partitioned afresh (by
/// [`multilevel`] from single actors) and the bloc is split when the links between the parts weigh less
/// than nothing — undoing early merges that local moves cannot. Under a cap, only while blocs remain.
pub(super) fn split(g: &Links, labels: &mut [u32], limit: usize, rng: &mut SplitMix, work: &Work) {
    let n = g.len();
    let m = compress(labels);
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); m];
    for (v, &l) in labels.iter().enumerate() {
        members[l as usize].push(ix(v));
    }
    let mut position = vec![0u32; n];
    let mut next = m;
    for (c, nodes) in members.iter().enumerate() {
        if work.exhausted() {
            break;
        }
        if nodes.len() < 2 || next >= limit {
            continue;
        }
        for (i, &v) in nodes.iter().enumerate() {
            position[v as usize] = ix(i);
        }
        let mut edges = Vec::new();
        let mut inside = 0;
        for &v in nodes {
            for (u, w) in g.neighbours(v as usize) {
                if u > v && labels[u as usize] == ix(c) {
                    edges.push((position[v as usize], position[u as usize], w));
                    inside += w;
                }
            }
        }
        let sub = Links::new(nodes.len(), edges.iter().copied());
        let mut parts: Vec<u32> = (0..nodes.len()).map(ix).collect();
        multilevel(&sub, &mut parts, nodes.len(), rng, work);
        let count = compress(&mut parts);
        if count < 2 || sub.inside(&parts) <= inside || next + count - 1 > limit {
            continue;
        }
        for (&v, &p) in nodes.iter().zip(&parts) {
            if p > 0 {
                labels[v as usize] = ix(next + p as usize - 1);
            }
        }
        next += count - 1;
    }
}

/// Improves a partition until it settles: [`multilevel`] moves and merges, [`split`], and once settled,
/// random kicks ([`Mover::kick`]) to leave the local optimum, then again while that helps.
pub(super) fn improve(g: &Links, labels: &mut Vec<u32>, limit: usize, kicks: usize, rng: &mut SplitMix, work: &Work) {
    let mut score = g.inside(labels);
    let mut kicked = false;
    for _ in 0..MAX_ROUNDS {
        if work.exhausted() {
            break;
        }
        // A round also scans every link a few times (scores, aggregation, splitting).
        work.add(3 * g.entries());
        multilevel(g, labels, limit, rng, work);
        split(g, labels, limit, rng, work);
        let mut now = g.inside(labels);
        if now <= score && !kicked {
            let mut mover = Mover::new(g, std::mem::take(labels), limit, work);
            mover.kick(kicks, rng);
            *labels = mover.labels;
            kicked = true;
            now = g.inside(labels);
        }
        if now <= score {
            break;
        }
        score = now;
    }
}

/// Merges blocs wherever that costs nothing: blocs, largest first, join the first kept bloc they have no
/// net negative weight with (the most positive one if any). Among equally frustrated partitions the one with
/// fewer blocs is preferred — the enemy of my enemy counts as a friend, as in Harary's balance.
///
/// O(links): a bloc is compared only with the kept blocs it is linked to, plus the first one it is not.
pub(super) fn merge_blocs(g: &Links, labels: &mut [u32]) {
    let m = compress(labels);
    let blocs = g.aggregate(labels, m);
    let mut size = vec![0usize; m];
    for &l in labels.iter() {
        size[l as usize] += 1;
    }
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&x, &y| size[y].cmp(&size[x]).then(x.cmp(&y)));
    let mut group = vec![u32::MAX; m];
    let mut kept: Vec<u32> = Vec::new();
    let mut acc = vec![0i64; m];
    let mut marked = vec![false; m];
    let mut touched: Vec<u32> = Vec::new();
    for b in order {
        for (c, w) in blocs.neighbours(b) {
            let gr = group[c as usize];
            if gr != u32::MAX {
                if !marked[gr as usize] {
                    marked[gr as usize] = true;
                    touched.push(gr);
                }
                acc[gr as usize] += w;
            }
        }
        touched.sort_unstable();
        let linked = touched
            .iter()
            .map(|&gr| (acc[gr as usize], gr))
            .filter(|&(w, _)| w >= 0)
            .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        let chosen = match linked {
            Some((w, gr)) if w > 0 => gr,
            _ => match kept.iter().copied().find(|&gr| !marked[gr as usize]) {
                Some(gr) => gr,
                None => linked.map_or_else(
                    || {
                        kept.push(ix(b));
                        ix(b)
                    },
                    |(_, gr)| gr,
                ),
            },
        };
        group[b] = chosen;
        for &gr in &touched {
            acc[gr as usize] = 0;
            marked[gr as usize] = false;
        }
        touched.clear();
    }
    for l in labels.iter_mut() {
        *l = group[*l as usize];
    }
}

/// Brings a partition down to `limit` blocs. Blocs are placed one at a time, always the one most tied
/// (by absolute weight) to those already placed (the largest first, then by size), each into the group it
/// has the most weight with — or an unused group when no weight there is positive.
pub(super) fn fold(g: &Links, labels: &mut [u32], limit: usize) {
    use std::collections::BinaryHeap;
    let m = compress(labels);
    let blocs = g.aggregate(labels, m);
    let mut size = vec![0usize; m];
    for &l in labels.iter() {
        size[l as usize] += 1;
    }
    // Max-heap of (tie to placed blocs, size, reversed index); stale entries are skipped.
    let mut tie = vec![0i64; m];
    let mut heap: BinaryHeap<(i64, usize, std::cmp::Reverse<usize>)> =
        (0..m).map(|b| (0, size[b], std::cmp::Reverse(b))).collect();
    let mut group = vec![u32::MAX; m];
    let mut used = 0usize;
    let mut acc = vec![0i64; limit];
    let mut marked = vec![false; limit];
    let mut touched: Vec<usize> = Vec::new();
    while let Some((t, _, std::cmp::Reverse(b))) = heap.pop() {
        if group[b] != u32::MAX || t != tie[b] {
            continue;
        }
        for (c, w) in blocs.neighbours(b) {
            let gr = group[c as usize];
            if gr != u32::MAX {
                let gr = gr as usize;
                if !marked[gr] {
                    marked[gr] = true;
                    touched.push(gr);
                }
                acc[gr] += w;
            }
        }
        touched.sort_unstable();
        let best = touched.iter().map(|&gr| (acc[gr], gr)).max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        let untouched = if used < limit { Some(used) } else { (0..limit).find(|&gr| !marked[gr]) };
        let chosen = match (best, untouched) {
            (Some((w, gr)), _) if w > 0 => gr,
            (_, Some(gr)) => gr,
            (Some((_, gr)), None) => gr,
            (None, None) => 0,
        };
        if chosen == used {
            used += 1;
        }
        group[b] = ix(chosen);
        for &gr in &touched {
            acc[gr] = 0;
            marked[gr] = false;
        }
        touched.clear();
        for (c, w) in blocs.neighbours(b) {
            let c = c as usize;
            if group[c] == u32::MAX {
                tie[c] += w.abs();
                heap.push((tie[c], size[c], std::cmp::Reverse(c)));
            }
        }
    }
    for l in labels.iter_mut() {
        *l = group[*l as usize];
    }
}
