//! A lower bound on every plan's cost that scales to any backlog: the Lagrangian dual of
//! the model with all coupling rules priced.
//!
//! Each coupling row `r` of the model (a session's minutes, a surgeon's day, a resource's
//! day, a patient's day; see `model::constraints`) gets a price `λ_r ≥ 0`. With the rows
//! priced instead of enforced, each case independently takes its cheapest option:
//!
//! `L(λ) = Σ_c min(u_c, min_{s ∈ P_c} (a_cs + Σ_r λ_r w_rcs)) − Σ_r λ_r b_r`
//!
//! where `w_rcs` is what booking c in s uses of row r and `b_r` the row's capacity (a
//! locked case takes its booking, priced). For any prices `λ ≥ 0`, `L(λ)` is at most the
//! cost of every plan x that keeps the rules: since `use_r(x) ≤ b_r`,
//! `cost(x) ≥ cost(x) + Σ_r λ_r (use_r(x) − b_r)`, which is each case's priced cost under
//! x minus `Σ_r λ_r b_r`, and each case's cheapest priced option is no dearer than the
//! one x gives it. So every value computed here is a valid bound, whatever the prices;
//! the best of them over the search is reported. Its maximum over `λ` equals the
//! bound of the model's LP relaxation; prices are found by subgradient steps (Polyak's
//! step towards the best known plan's cost), each a single pass over the allowed pairs,
//! so the bound needs no solver and memory linear in the pairs.

use crate::domain::Problem;
use crate::domain::Rules;
use crate::pricing::Pricing;
use crate::solver::standing::Standing;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use std::time::Instant;

/// The allowed pairs with their costs and the coupling rows each one uses.
pub struct PricedPairs {
    /// Pairs of case c are `case_start[c]..case_start[c + 1]`.
    pub(super) case_start: Vec<usize>,
    /// The cost `a_cs` of each pair.
    pub(super) cost: Vec<f64>,
    /// Row uses of pair i are `use_start[i]..use_start[i + 1]` in `uses`.
    pub(super) use_start: Vec<usize>,
    /// (row, amount used).
    pub(super) uses: Vec<(u32, f32)>,
    /// `u_c`, or `None` for a locked case (it must keep its booking).
    pub(super) unbooked: Vec<Option<f64>>,
    /// `b_r`.
    pub(super) capacity: Vec<f64>,
    /// Each pair's list (session index) and the minutes it takes there, `d_c + τ_s`:
    /// the list knapsacks' items (`solver::list_bound`).
    pub(super) pair_list: Vec<u32>,
    pub(super) pair_minutes: Vec<u32>,
    /// Per session: its minutes row among the rows kept (`None`: the row can never bind,
    /// every candidate fits), and its allowance `U_s + τ_s` in minutes.
    pub(super) list_row: Vec<Option<u32>>,
    pub(super) list_allowance: Vec<u32>,
}

/// The best bound found and the prices that gave it.
#[derive(Debug, Clone)]
pub struct LagrangianBound {
    pub value: f64,
    pub prices: Vec<f64>,
    pub iterations: usize,
}

impl PricedPairs {
    /// Collects the pairs `eligible[c]` and the rows that could bind (rows whose
    /// candidates all fit together are left out, as in the model).
    pub fn new(
        problem: &Problem,
        rules: &Rules,
        pricing: &Pricing,
        eligible: &[Vec<usize>],
    ) -> Self {
        let mut rows = RowIndex::default();
        let mut case_start = Vec::with_capacity(problem.cases.len() + 1);
        let mut cost = Vec::new();
        let mut use_start = vec![0];
        let mut uses: Vec<(u32, f32)> = Vec::new();
        let mut unbooked = Vec::with_capacity(problem.cases.len());
        let mut pair_list = Vec::new();
        let mut pair_minutes = Vec::new();
        let mut session_row = vec![None; problem.sessions.len()];
        let list_allowance: Vec<u32> = problem
            .sessions
            .iter()
            .map(|session| problem.usable_minutes(session, rules.max_fill) + session.turnaround_min)
            .collect();
        let surgeon_rows: HashMap<(&str, NaiveDate), u32> = problem
            .surgeon_limits
            .iter()
            .map(|(surgeon, date, max)| ((surgeon, date), max))
            .collect();
        for (c, sessions) in eligible.iter().enumerate() {
            case_start.push(cost.len());
            let case = &problem.cases[c];
            unbooked.push((!case.locked).then(|| pricing.unbooked(c).total()));
            for &s in sessions {
                let session = &problem.sessions[s];
                cost.push(pricing.booked(c, s).total());
                let row = rows.get(Key::Session(s), list_allowance[s]);
                session_row[s] = Some(row);
                let minutes = case.duration_min + session.turnaround_min;
                pair_list.push(s as u32);
                pair_minutes.push(minutes);
                uses.push((row, minutes as f32));
                if let Some(surgeon) = problem.operating_surgeon(case, session) {
                    if let Some(&max) = surgeon_rows.get(&(surgeon, session.date)) {
                        let row = rows.get(Key::Surgeon(surgeon, session.date), max);
                        uses.push((row, case.duration_min as f32));
                    }
                }
                for resource in &case.resources {
                    for (l, limit) in problem.resource_limits.iter().enumerate() {
                        if &limit.resource == resource && limit.applies(&session.site, session.date)
                        {
                            let row = rows.get(Key::Resource(l, session.date), limit.per_day);
                            uses.push((row, 1.0));
                        }
                    }
                }
                if let Some(patient) = case.patient {
                    let row = rows.get(Key::Patient(patient, session.date), 1);
                    uses.push((row, 1.0));
                }
                use_start.push(uses.len());
            }
        }
        case_start.push(cost.len());

        // A row binds only when all its candidates together exceed it; for rows counted
        // per case (resources, patients), a case counts once however many sessions it has
        // that day.
        let mut demand = vec![0.0f64; rows.capacity.len()];
        let mut seen: BTreeSet<u32> = BTreeSet::new();
        for c in 0..eligible.len() {
            seen.clear();
            for i in case_start[c]..case_start[c + 1] {
                for &(row, amount) in &uses[use_start[i]..use_start[i + 1]] {
                    if rows.per_case[row as usize] {
                        if seen.insert(row) {
                            demand[row as usize] += f64::from(amount);
                        }
                    } else {
                        demand[row as usize] += f64::from(amount);
                    }
                }
            }
        }
        let binds: Vec<bool> = demand
            .iter()
            .zip(&rows.capacity)
            .map(|(d, b)| d > b)
            .collect();
        let mut renumber = vec![u32::MAX; binds.len()];
        let mut capacity = Vec::new();
        for (r, &keep) in binds.iter().enumerate() {
            if keep {
                renumber[r] = capacity.len() as u32;
                capacity.push(if rows.capacity[r] > 0.0 { 1.0 } else { 0.0 });
            }
        }
        let mut kept_start = Vec::with_capacity(use_start.len());
        let mut kept = Vec::new();
        kept_start.push(0);
        for i in 0..cost.len() {
            for &(row, amount) in &uses[use_start[i]..use_start[i + 1]] {
                if binds[row as usize] {
                    // Rows are scaled to capacity 1, so that minutes and counts weigh
                    // alike in the price steps.
                    // Rounded down, so that every plan keeping the rule keeps the scaled
                    // row too and the bound stays valid.
                    let exact = f64::from(amount) / rows.capacity[row as usize].max(1.0);
                    let mut scaled = exact as f32;
                    if f64::from(scaled) > exact {
                        scaled = f32::from_bits(scaled.to_bits() - 1);
                    }
                    kept.push((renumber[row as usize], scaled));
                }
            }
            kept_start.push(kept.len());
        }
        let list_row = session_row
            .iter()
            .map(|row| row.and_then(|r: u32| binds[r as usize].then(|| renumber[r as usize])))
            .collect();
        PricedPairs {
            case_start,
            cost,
            use_start: kept_start,
            uses: kept,
            unbooked,
            capacity,
            pair_list,
            pair_minutes,
            list_row,
            list_allowance,
        }
    }

    #[cfg(test)]
    /// The number of coupling rows that could bind.
    pub fn rows(&self) -> usize {
        self.capacity.len()
    }

    /// `L(prices)`, and each row's use by the cases' cheapest priced options.
    pub fn evaluate(&self, prices: &[f64], usage: &mut [f64]) -> f64 {
        usage.iter_mut().for_each(|u| *u = 0.0);
        let mut total: f64 = -prices
            .iter()
            .zip(&self.capacity)
            .map(|(p, b)| p * b)
            .sum::<f64>();
        for c in 0..self.unbooked.len() {
            let (best, chosen) = self.cheapest(c, prices);
            if let Some(i) = chosen {
                for &(row, amount) in &self.uses[self.use_start[i]..self.use_start[i + 1]] {
                    usage[row as usize] += f64::from(amount);
                }
            }
            if best.is_finite() {
                total += best;
            }
        }
        total
    }

    /// `L(prices)` split over independent parts (see `solver::parts`): entry k is the
    /// cheapest priced options of part k's cases less the priced capacity of the rows
    /// they use. Parts share no row, so entry k is `L` of part k alone: a lower bound on
    /// the part's own cost, and the entries sum to `L(prices)`.
    pub fn evaluate_parts(&self, prices: &[f64], part_of_case: &[usize], parts: usize) -> Vec<f64> {
        let mut totals = vec![0.0; parts];
        let mut row_part: Vec<Option<usize>> = vec![None; self.capacity.len()];
        for (c, &part) in part_of_case.iter().enumerate() {
            let (best, _) = self.cheapest(c, prices);
            if best.is_finite() {
                totals[part] += best;
            }
            for i in self.case_start[c]..self.case_start[c + 1] {
                for &(row, _) in &self.uses[self.use_start[i]..self.use_start[i + 1]] {
                    row_part[row as usize].get_or_insert(part);
                }
            }
        }
        for (r, part) in row_part.iter().enumerate() {
            // A row no case uses cannot bind (see `new`); were there one, charging it to
            // the first part keeps every entry a lower bound.
            totals[part.unwrap_or(0).min(parts.saturating_sub(1))] -= prices[r] * self.capacity[r];
        }
        totals
    }

    /// Case c's cheapest priced option: its priced cost and its pair (`None`: unbooked;
    /// infinite for a locked case without pairs).
    pub(super) fn cheapest(&self, c: usize, prices: &[f64]) -> (f64, Option<usize>) {
        let mut best = self.unbooked[c].unwrap_or(f64::INFINITY);
        let mut chosen = None;
        for i in self.case_start[c]..self.case_start[c + 1] {
            let priced = self.priced_pair(i, prices);
            if priced < best {
                best = priced;
                chosen = Some(i);
            }
        }
        (best, chosen)
    }

    /// Each pair's cost plus its rows' prices, per case in the order of `eligible`.
    pub fn priced(&self, prices: &[f64]) -> Vec<Vec<f64>> {
        (0..self.unbooked.len())
            .map(|c| {
                (self.case_start[c]..self.case_start[c + 1])
                    .map(|i| self.priced_pair(i, prices))
                    .collect()
            })
            .collect()
    }

    /// Searches for prices giving a high bound until `end`, at most `max_iterations`
    /// steps, or until the steps stop paying. `target` is the cost of a known plan (the
    /// bound can never pass it); `start` optional prices to begin from.
    pub fn maximise(
        &self,
        target: f64,
        start: Option<&[f64]>,
        end: Instant,
        max_iterations: usize,
    ) -> LagrangianBound {
        let rows = self.capacity.len();
        let mut prices = start.map_or_else(|| vec![0.0; rows], <[f64]>::to_vec);
        let mut usage = vec![0.0; rows];
        let mut best = LagrangianBound {
            value: f64::NEG_INFINITY,
            prices: prices.clone(),
            iterations: 0,
        };
        let mut step_scale = 1.0;
        let mut since_best = 0;
        for iteration in 0..max_iterations {
            let value = self.evaluate(&prices, &mut usage);
            best.iterations = iteration + 1;
            if value > best.value + 1e-9 * value.abs().max(1.0) {
                best.value = value;
                best.prices.clone_from(&prices);
                since_best = 0;
            } else {
                since_best += 1;
                if since_best >= 50 {
                    step_scale /= 2.0;
                    since_best = 0;
                    // Restart from the best prices with the smaller step.
                    prices.clone_from(&best.prices);
                    continue;
                }
            }
            if step_scale < 1e-6 || Instant::now() >= end {
                break;
            }
            // Subgradient: use − capacity, projected so prices stay ≥ 0.
            let mut norm = 0.0;
            for r in 0..rows {
                let g = usage[r] - self.capacity[r];
                if prices[r] > 0.0 || g > 0.0 {
                    norm += g * g;
                }
            }
            if norm == 0.0 {
                // Every row holds with complementary prices: the bound is the optimum of
                // the relaxation.
                break;
            }
            let gap = (target - value).max(1e-6 * target.abs().max(1.0));
            let step = step_scale * gap / norm;
            for r in 0..rows {
                let g = usage[r] - self.capacity[r];
                prices[r] = (prices[r] + step * g).max(0.0);
            }
        }
        best
    }
}

impl PricedPairs {
    /// The LP relaxation's bound by column generation: an LP over a few pairs per case
    /// (the cheapest under `prices`, plus those of `plan`) is solved with HiGHS, its row
    /// duals become prices, `L(prices)` is evaluated over all pairs (a valid bound at
    /// every round), and the pairs whose reduced cost is negative join the LP; this ends
    /// when none is left (the bound is then the LP relaxation's optimum) or at `end`.
    /// `plan[c]`: the position in `eligible[c]` of c's session in a known plan.
    /// Each round's prices are posted on `board` for the plan's search.
    pub fn lp_bound(
        &self,
        prices: &[f64],
        plan: &[Option<usize>],
        per_case: usize,
        end: Instant,
        board: &PriceBoard,
        standing: &Standing,
    ) -> LagrangianBound {
        use highs::{ColProblem, Sense};
        let cases = self.unbooked.len();
        let rows = self.capacity.len();
        let mut usage = vec![0.0; rows];
        // The starting prices' bound holds whatever the LP does.
        let mut best = LagrangianBound {
            value: self.evaluate(prices, &mut usage),
            prices: prices.to_vec(),
            iterations: 0,
        };
        standing.bound_found(best.value);
        if self.cost.is_empty() {
            return best;
        }
        let mut problem = ColProblem::default();
        let coupling: Vec<highs::Row> = self
            .capacity
            .iter()
            .map(|&b| problem.add_row(..=b))
            .collect();
        let case_rows: Vec<highs::Row> = (0..cases).map(|_| problem.add_row(..=1.0)).collect();
        let mut in_lp = vec![false; self.cost.len()];
        let mut columns: Vec<usize> = Vec::new();
        for (c, planned) in plan.iter().enumerate() {
            let range = self.case_start[c]..self.case_start[c + 1];
            if self.unbooked[c].is_none() {
                // A locked case keeps its one pair.
                for i in range {
                    in_lp[i] = true;
                    columns.push(i);
                }
                continue;
            }
            let priced = |i: usize| self.priced_pair(i, prices);
            let mut options: Vec<usize> = range.clone().collect();
            options.sort_by(|&a, &b| priced(a).total_cmp(&priced(b)));
            for &i in options.iter().take(per_case) {
                in_lp[i] = true;
                columns.push(i);
            }
            if let Some(k) = *planned {
                let i = range.start + k;
                if !in_lp[i] {
                    in_lp[i] = true;
                    columns.push(i);
                }
            }
        }
        let column_of = |i: usize, c: usize| {
            let locked = self.unbooked[c].is_none();
            let cost = self.cost[i] - self.unbooked[c].unwrap_or(0.0);
            let mut factors: Vec<(highs::Row, f64)> = self.uses
                [self.use_start[i]..self.use_start[i + 1]]
                .iter()
                .map(|&(row, amount)| (coupling[row as usize], f64::from(amount)))
                .collect();
            if !locked {
                factors.push((case_rows[c], 1.0));
            }
            (cost, if locked { 1.0 } else { 0.0 }, factors)
        };
        let case_of = |i: usize| self.case_start.partition_point(|&start| start <= i) - 1;
        for &i in &columns {
            let (cost, low, factors) = column_of(i, case_of(i));
            problem.add_column(cost, low..=1.0, factors);
        }
        let mut model = highs::Model::new(problem);
        model.set_sense(Sense::Minimise);
        model.make_quiet();
        model.set_option("threads", 1);
        let mut current = prices.to_vec();
        // HiGHS counts its time limit from the model's creation, across solves.
        let created = Instant::now();
        // A solve cut off by the time limit gives no bound, and HiGHS overran its limit by
        // 1.6 s stopping one (20,000 cases, the restricted LP's warm solves taking 3-4 s
        // each): a round is not started when less time is left than the last warm round
        // took. The first, cold solve is not the measure: it can take many times longer
        // than the warm rounds after it. Against the code before (20,000 cases, 130% load,
        // idle machine, one run each): bound 24.20 M before, 24.35 M with this rule.
        let mut last_warm: f64 = 0.0;
        loop {
            let left = end.saturating_duration_since(Instant::now()).as_secs_f64();
            if left < last_warm.max(0.05) || standing.proven() {
                break;
            }
            model.set_option("time_limit", created.elapsed().as_secs_f64() + left);
            let solving = Instant::now();
            let Ok(solved) = model.try_solve() else {
                break;
            };
            if best.iterations > 0 {
                last_warm = solving.elapsed().as_secs_f64();
            }
            if solved.status() != highs::HighsModelStatus::Optimal {
                break;
            }
            best.iterations += 1;
            let solution = solved.get_solution();
            let duals = solution.dual_rows();
            // HiGHS's duals of `≤` rows in a minimisation are ≤ 0: the price is minus that.
            for (price, dual) in current.iter_mut().zip(&duals[..rows]) {
                *price = (-dual).max(0.0);
            }
            let value = self.evaluate(&current, &mut usage);
            if value > best.value {
                best.value = value;
                best.prices.clone_from(&current);
                standing.bound_found(value);
            }
            board.post(&current);
            // Pricing the pairs for the next round takes about a second at 20,000 cases:
            // not once the time is up (it ran the bound's core past the budget's end).
            if Instant::now() >= end {
                break;
            }
            // Pairs with negative reduced cost join the LP.
            let mut added = 0;
            let mut model_next: highs::Model = solved.into();
            for c in 0..cases {
                let Some(u) = self.unbooked[c] else {
                    continue;
                };
                let case_price = (-duals[rows + c]).max(0.0);
                let mut entering: Vec<(f64, usize)> = (self.case_start[c]..self.case_start[c + 1])
                    .filter(|&i| !in_lp[i])
                    .map(|i| (self.priced_pair(i, &current) - u + case_price, i))
                    .filter(|&(reduced, _)| reduced < -1e-7 * u.abs().max(1.0))
                    .collect();
                entering.sort_by(|a, b| a.0.total_cmp(&b.0));
                for &(_, i) in entering.iter().take(per_case.max(1)) {
                    in_lp[i] = true;
                    let (cost, low, factors) = column_of(i, c);
                    model_next.add_col(cost, low..=1.0, factors);
                    columns.push(i);
                    added += 1;
                }
            }
            if added == 0 {
                break;
            }
            model = model_next;
        }
        best
    }

    /// The cost of pair `i` plus its rows' prices.
    pub(super) fn priced_pair(&self, i: usize, prices: &[f64]) -> f64 {
        self.cost[i]
            + self.uses[self.use_start[i]..self.use_start[i + 1]]
                .iter()
                .map(|&(row, amount)| prices[row as usize] * f64::from(amount))
                .sum::<f64>()
    }
}

/// The latest capacity prices, passed from the bound's core to the plan's search.
#[derive(Default)]
pub struct PriceBoard {
    latest: Mutex<Option<(usize, Vec<f64>)>>,
}

impl PriceBoard {
    pub fn post(&self, prices: &[f64]) {
        if let Ok(mut latest) = self.latest.lock() {
            let version = latest.as_ref().map_or(1, |(v, _)| v + 1);
            *latest = Some((version, prices.to_vec()));
        }
    }

    /// The prices posted after version `seen`, with their version.
    pub fn newer_than(&self, seen: usize) -> Option<(usize, Vec<f64>)> {
        let latest = self.latest.lock().ok()?;
        latest.as_ref().filter(|(v, _)| *v > seen).cloned()
    }
}

/// The coupling rows met so far.
#[derive(Default)]
struct RowIndex<'p> {
    index: HashMap<Key<'p>, u32>,
    capacity: Vec<f64>,
    /// Whether a case uses the row at most once however many pairs it has in it.
    per_case: Vec<bool>,
}

#[derive(Hash, PartialEq, Eq)]
enum Key<'p> {
    Session(usize),
    Surgeon(&'p str, NaiveDate),
    Resource(usize, NaiveDate),
    Patient(usize, NaiveDate),
}

impl<'p> RowIndex<'p> {
    fn get(&mut self, key: Key<'p>, capacity: u32) -> u32 {
        let per_case = matches!(key, Key::Resource(..) | Key::Patient(..));
        let next = self.capacity.len() as u32;
        let row = *self.index.entry(key).or_insert(next);
        if row == next {
            self.capacity.push(f64::from(capacity));
            self.per_case.push(per_case);
        }
        row
    }
}
