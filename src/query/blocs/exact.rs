//! The exact search for small parts: a branch and bound over assignments with a Russian doll lower bound
//! (see the module docs of [`super`]).

use crate::model::ix;

/// The exact search's state: nodes are placed one by one (in an order that keeps each next node well
/// connected to the placed ones) into a used bloc or the next new one.
pub(super) struct Exact {
    pub(super) n: usize,
    pub(super) limit: usize,
    /// `positive[u * n + v]`, `net[u * n + v]`: dense link weights.
    pub(super) positive: Vec<i64>,
    pub(super) net: Vec<i64>,
    pub(super) order: Vec<usize>,
    /// Bloc of each node, by node.
    pub(super) bloc: Vec<u32>,
    /// For each unplaced node: positive weight to placed nodes.
    pub(super) to_placed: Vec<i64>,
    /// For each unplaced node and bloc: net weight to that bloc's placed nodes (`node * n + bloc`).
    pub(super) to_bloc: Vec<i64>,
    /// The best (frustration, blocs) known.
    pub(super) upper: (i64, usize),
    pub(super) best: Option<Vec<u32>>,
    /// The local search's labels, by node: a first solution of every sub-problem.
    pub(super) initial: Vec<u32>,
    /// `suffix[d]`: the least frustration among the nodes `order[d..]` alone (Russian doll search).
    pub(super) suffix: Vec<i64>,
    /// The first node position of the sub-problem being solved.
    pub(super) base: usize,
}

impl Exact {
    pub(super) fn new(
        n: usize,
        links: &[(u32, u32, i64, i64)],
        limit: usize,
        initial: &[u32],
        upper: (i64, usize),
    ) -> Self {
        let mut positive = vec![0i64; n * n];
        let mut net = vec![0i64; n * n];
        for &(u, v, p, w) in links {
            let (u, v) = (u as usize, v as usize);
            positive[u * n + v] = p;
            positive[v * n + u] = p;
            net[u * n + v] = w;
            net[v * n + u] = w;
        }
        // Strongest-connected first, then always the node most tied to those already ordered.
        let strength = |v: usize| (0..n).map(|u| positive[v * n + u] + (positive[v * n + u] - net[v * n + u])).sum();
        let mut tie = vec![0i64; n];
        let mut placed = vec![false; n];
        let mut order = Vec::with_capacity(n);
        let total: Vec<i64> = (0..n).map(strength).collect();
        for _ in 0..n {
            let next = (0..n)
                .filter(|&v| !placed[v])
                .max_by(|&x, &y| tie[x].cmp(&tie[y]).then(total[x].cmp(&total[y])).then(y.cmp(&x)))
                .unwrap_or(0);
            placed[next] = true;
            order.push(next);
            for u in 0..n {
                tie[u] += positive[next * n + u] + (positive[next * n + u] - net[next * n + u]);
            }
        }
        Self {
            n,
            limit,
            positive,
            net,
            order,
            bloc: vec![u32::MAX; n],
            to_placed: vec![0; n],
            to_bloc: vec![0; n * n],
            upper,
            best: None,
            initial: initial.to_vec(),
            suffix: vec![0; n + 1],
            base: 0,
        }
    }

    /// Runs the search; `false` when the budget ran out first.
    ///
    /// Russian doll search (Verfaillie, Lemaître & Schiex 1996): the sub-problems on the last nodes of the
    /// order are solved first, smallest first, and each one's least frustration bounds the links among
    /// the unplaced nodes of the larger ones — which the per-node bound alone ignores.
    pub(super) fn run(&mut self, budget: &mut u64) -> bool {
        let n = self.n;
        let wanted = self.upper;
        for base in (1..n).rev() {
            let nodes = &self.order[base..];
            let mut restricted = 0;
            for (i, &u) in nodes.iter().enumerate() {
                for &v in &nodes[i + 1..] {
                    let (p, w) = (self.positive[u * n + v], self.net[u * n + v]);
                    restricted += if self.initial[u] == self.initial[v] { p - w } else { p };
                }
            }
            self.base = base;
            // Any partition as good as the local search's, whatever its blocs: only the value is wanted.
            self.upper = (restricted, usize::MAX);
            if !self.search(base, 0, 0, budget) {
                return false;
            }
            self.suffix[base] = self.upper.0;
        }
        self.base = 0;
        self.upper = wanted;
        self.best = None;
        self.search(0, 0, 0, budget)
    }

    /// The least frustration still to come: what each unplaced node must add through its links to placed
    /// nodes, plus the least frustration among the unplaced nodes themselves.
    pub(super) fn bound(&self, depth: usize, used: usize) -> i64 {
        let n = self.n;
        let among = if depth > self.base { self.suffix[depth] } else { 0 };
        among
            + self.order[depth..]
                .iter()
                .map(|&v| {
                    let best_bloc = self.to_bloc[v * n..v * n + used].iter().copied().max().unwrap_or(i64::MIN);
                    let keep = if used < self.limit { best_bloc.max(0) } else { best_bloc };
                    self.to_placed[v] - keep
                })
                .sum::<i64>()
    }

    pub(super) fn place(&mut self, depth: usize, x: usize, b: usize, sign: i64) {
        let n = self.n;
        for &v in &self.order[depth + 1..] {
            self.to_placed[v] += sign * self.positive[x * n + v];
            self.to_bloc[v * n + b] += sign * self.net[x * n + v];
        }
    }

    pub(super) fn search(&mut self, depth: usize, used: usize, cost: i64, budget: &mut u64) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if depth == self.n {
            if (cost, used) < self.upper {
                self.upper = (cost, used);
                self.best = Some(self.bloc.clone());
            }
            return true;
        }
        // Blocs only grow as nodes are placed, so (cost + bound, used) bounds what this branch can reach.
        if (cost + self.bound(depth, used), used) >= self.upper {
            return true;
        }
        let n = self.n;
        let x = self.order[depth];
        let mut options: Vec<(i64, usize)> =
            (0..used).map(|b| (self.to_placed[x] - self.to_bloc[x * n + b], b)).collect();
        if used < self.limit {
            options.push((self.to_placed[x], used));
        }
        options.sort_unstable();
        for (extra, b) in options {
            if (cost + extra, used.max(b + 1)) >= self.upper {
                continue;
            }
            self.bloc[x] = ix(b);
            self.place(depth, x, b, 1);
            let done = self.search(depth + 1, used.max(b + 1), cost + extra, budget);
            self.place(depth, x, b, -1);
            self.bloc[x] = u32::MAX;
            if !done {
                return false;
            }
        }
        true
    }
}
