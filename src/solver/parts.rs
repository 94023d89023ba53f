//! Independent parts of a problem: groups of cases that no rule links; each part solved
//! as its own model, its plan taken where no dearer, and the parts' bounds summed.
//!
//! Two cases are linked when an allowed session of each uses a common coupling row of the
//! model (see `model::constraints`): the same session, the same surgeon's limited day
//! (any day of the surgeon's when a theatre change has a cost, since `model::plan_level`
//! then couples the surgeon's theatres), the same daily resource limit on the same
//! date, or the same patient on the same date.
//! The parts are the connected groups of that relation. A plan is then the union of the
//! parts' plans, its cost the sum of theirs, and the sum of the parts' lower bounds is a
//! lower bound for the whole; so each part can be solved on its own.
//!
//! One trust after an incident is usually one part (its cross-matched blood is rationed
//! across all its sites); several trusts planned together, or specialties with nothing
//! shared, split.

use crate::domain::{Booking, Problem, Rules};
use crate::model;
use crate::pricing::{no_dearer, Pricing};
use crate::rules::check::check;
use crate::solver::highs::{Budget, SolveOutcome, SolverStatus};
use crate::solver::policy::{MAX_MODEL_PAIRS, PART_MIN_SECONDS};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// The parts, each a list of cases in input order, largest first (ties by first case).
/// Every case is in exactly one part; a case with no allowed session is a part of its own.
/// `every_surgeon_day`: a surgeon's day links cases even without a daily limit (set when
/// `theatre_change` has a cost).
pub fn find<'p>(
    problem: &'p Problem,
    eligible: &[Vec<usize>],
    every_surgeon_day: bool,
) -> Vec<Vec<usize>> {
    let cases = problem.cases.len();
    let mut groups = UnionFind::new(cases);
    let limited: HashSet<(&'p str, NaiveDate)> = problem
        .surgeon_limits
        .iter()
        .map(|(surgeon, date, _)| (surgeon, date))
        .collect();
    // The first case seen on each row; later cases on the row join its group.
    let mut session_first: Vec<Option<usize>> = vec![None; problem.sessions.len()];
    let mut day_first: HashMap<Row<'p>, usize> = HashMap::new();
    let mut link = |groups: &mut UnionFind, row: Row<'p>, c: usize| {
        let first = *day_first.entry(row).or_insert(c);
        groups.union(first, c);
    };
    for (c, sessions) in eligible.iter().enumerate() {
        let case = &problem.cases[c];
        for &s in sessions {
            match session_first[s] {
                Some(first) => groups.union(first, c),
                None => session_first[s] = Some(c),
            }
            let session = &problem.sessions[s];
            let date = session.date;
            if let Some(surgeon) = problem.operating_surgeon(case, session) {
                if every_surgeon_day || limited.contains(&(surgeon, date)) {
                    link(&mut groups, Row::Surgeon(surgeon, date), c);
                }
            }
            for resource in &case.resources {
                for (l, limit) in problem.resource_limits.iter().enumerate() {
                    if &limit.resource == resource && limit.applies(&session.site, date) {
                        link(&mut groups, Row::Resource(l, date), c);
                    }
                }
            }
            if let Some(patient) = case.patient {
                link(&mut groups, Row::Patient(patient, date), c);
            }
        }
    }
    let mut index_of_root: HashMap<usize, usize> = HashMap::new();
    let mut parts: Vec<Vec<usize>> = Vec::new();
    for c in 0..cases {
        let root = groups.find(c);
        let index = *index_of_root.entry(root).or_insert_with(|| {
            parts.push(Vec::new());
            parts.len() - 1
        });
        parts[index].push(c);
    }
    parts.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    parts
}

/// Solves each part small enough (smallest first, each given its share of the time left
/// by its pairs, at least `PART_MIN_SECONDS`, so time a part leaves unused goes to the
/// next) from `start`. Each
/// outcome's booking lists the part's cases only, in the part's order.
pub(super) fn solve_parts(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    parts: &[Vec<usize>],
    start: &[Option<usize>],
    budget: &Budget,
) -> (Vec<(usize, SolveOutcome)>, usize, usize) {
    let mut order: Vec<(usize, usize)> = part_pairs(parts, eligible)
        .into_iter()
        .enumerate()
        .filter(|&(_, pairs)| part_fits(pairs))
        .map(|(k, pairs)| (pairs, k))
        .collect();
    order.sort_unstable();
    let mut left: usize = order.iter().map(|&(pairs, _)| pairs).sum();
    let (mut outcomes, mut variables, mut constraints) = (Vec::new(), 0, 0);
    for (done, &(pairs, k)) in order.iter().enumerate() {
        let remaining = budget.remaining();
        if crate::solver::interrupt::requested() || remaining <= 0.0 {
            break;
        }
        // Its share of the time left by pairs, but never less than `PART_MIN_SECONDS`
        // while there is that much: a share by pairs alone gives a part of a few pairs
        // too little to start HiGHS, and the parts after it would then never run.
        let share = remaining * pairs as f64 / left.max(1) as f64;
        let seconds = share.max(PART_MIN_SECONDS).min(remaining);
        left -= pairs;
        let model = model::build_part(problem, rules, pricing, eligible, &parts[k]);
        variables += model.variable_count();
        constraints += model.constraint_count();
        let label = format!(
            "part {} of {} ({} binaries)",
            done + 1,
            order.len(),
            model.variable_count()
        );
        let mut outcome = budget.solve_on_one_thread(model, &label, Some(start), seconds);
        // Keep only the part's own bookings (in the part's case order): a whole-problem
        // plan per part would take parts × cases memory.
        outcome.booking = outcome
            .booking
            .map(|plan| parts[k].iter().map(|&c| plan[c]).collect());
        outcomes.push((k, outcome));
    }
    (outcomes, variables, constraints)
}

/// The parts that have something to decide.
pub(super) fn parts_with_pairs(parts: &[Vec<usize>], eligible: &[Vec<usize>]) -> usize {
    part_pairs(parts, eligible)
        .into_iter()
        .filter(|&pairs| pairs > 0)
        .count()
}

/// Each part's allowed case-session pairs.
pub(super) fn part_pairs(parts: &[Vec<usize>], eligible: &[Vec<usize>]) -> Vec<usize> {
    parts
        .iter()
        .map(|part| part.iter().map(|&c| eligible[c].len()).sum())
        .collect()
}

/// Whether a part of `pairs` pairs is given to HiGHS as its own model.
pub(super) fn part_fits(pairs: usize) -> bool {
    pairs > 0 && pairs <= MAX_MODEL_PAIRS
}

/// One status and message for the parts' runs: optimal only if every part was solved to
/// optimality; otherwise the first limit met. Plans and bounds stay per part.
pub(super) fn summarise_parts(outcomes: &[(usize, SolveOutcome)], parts: usize) -> SolveOutcome {
    // `parts` counts those with something to decide; a part not given to HiGHS (too
    // large, or no time left) leaves the whole unproven.
    let seconds = outcomes.iter().map(|(_, o)| o.seconds).sum();
    let worst = outcomes
        .iter()
        .map(|(_, o)| o.status)
        .find(|&status| status != SolverStatus::Optimal);
    let status = match worst {
        Some(status) => status,
        None if outcomes.is_empty() => SolverStatus::NotRun,
        None if outcomes.len() < parts => SolverStatus::OtherLimit,
        None => SolverStatus::Optimal,
    };
    SolveOutcome {
        status,
        booking: None,
        objective: None,
        bound: None,
        seconds,
        message: None,
    }
}

/// `part_of_case[c]`: the index of case c's part.
pub(super) fn part_of_case(parts: &[Vec<usize>]) -> Vec<usize> {
    let mut of = vec![0; parts.iter().map(Vec::len).sum()];
    for (k, part) in parts.iter().enumerate() {
        for &c in part {
            of[c] = k;
        }
    }
    of
}

/// The cost of part `cases` when case `cases[i]` gets `booked(i)`.
fn part_cost(pricing: &Pricing, cases: &[usize], booked: impl Fn(usize) -> Option<usize>) -> f64 {
    cases
        .iter()
        .enumerate()
        .map(|(i, &c)| match booked(i) {
            Some(s) => pricing.booked(c, s).total(),
            None => pricing.unbooked(c).total(),
        })
        .sum()
}

/// Puts each part's solver plan into `booking` where it is no dearer than the part's
/// current plan (parts share no rule, so each part's choice is independent), and keeps
/// the result only if the check accepts it. Returns why it was refused, if it was.
pub(super) fn take_parts(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    parts: &[Vec<usize>],
    outcomes: &[(usize, SolveOutcome)],
    booking: &mut Booking,
) -> Option<String> {
    let mut merged = booking.clone();
    for (k, outcome) in outcomes {
        let Some(candidate) = &outcome.booking else {
            continue;
        };
        let cases = &parts[*k];
        let theirs = part_cost(pricing, cases, |i| candidate[i]);
        if no_dearer(theirs, part_cost(pricing, cases, |i| booking[cases[i]])) {
            for (i, &c) in cases.iter().enumerate() {
                merged[c] = candidate[i];
            }
        }
    }
    let violations = check(problem, rules, &merged);
    if let Some(first) = violations.first() {
        return Some(format!(
            "the solver's plans for the parts failed the check ({first}), they were not used"
        ));
    }
    *booking = merged;
    None
}

/// The sum over parts of each part's best lower bound: HiGHS's for the part's model
/// (when run), the part's share of the LP relaxation's or the lists' knapsack bound
/// (`lp_parts`, see `PricedPairs::evaluate_parts` and `evaluate_lists_parts`), or its
/// cases at their cheapest options.
pub(super) fn parts_bound(
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    parts: &[Vec<usize>],
    outcomes: &[(usize, SolveOutcome)],
    lp_parts: Option<&[f64]>,
) -> f64 {
    let mut solver = vec![None; parts.len()];
    for (k, outcome) in outcomes {
        solver[*k] = outcome.bound;
    }
    parts
        .iter()
        .enumerate()
        .map(|(k, cases)| {
            let ignored: f64 = cases
                .iter()
                .map(|&c| pricing.cheapest_option(c, &eligible[c]))
                .sum();
            [solver[k], lp_parts.map(|lp| lp[k])]
                .into_iter()
                .flatten()
                .filter(|b| b.is_finite())
                .fold(ignored, f64::max)
        })
        .sum()
}

/// A coupling row that spans sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Row<'p> {
    Surgeon(&'p str, NaiveDate),
    /// (resource limit row, date)
    Resource(usize, NaiveDate),
    Patient(usize, NaiveDate),
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}
