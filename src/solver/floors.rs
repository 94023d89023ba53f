//! The fewest of each surgeon's cases that every plan leaves unbooked.
//!
//! A surgeon's cases compete for that surgeon's daily minutes. With every other
//! surgeon's cases removed, the most of them that fit is found exactly and quickly (a
//! knapsack per day: one small MILP per surgeon), and no plan books more of them: every
//! plan, restricted to one surgeon's cases, is a plan of that surgeon's problem. The
//! relaxations' LPs do not see it: they book a fraction of a case into the minutes a day
//! has left, which no plan can (on IHTC-2024 i24 the LP leaves one optional patient
//! fewer unscheduled than every plan must: docs/benchmarks.md). The floors' rows lift
//! the day relaxation's bound by theatre (`model::days`). In the relaxation by minutes
//! they change which day plans HiGHS finds, for better on some instances and worse on
//! others, so the planner solves that one with and without them side by side
//! (`orchestrate`).
//!
//! Cases differ in what leaving them unbooked costs (`Weights::unbooked`, by priority),
//! so the floor is counted per level of that penalty among a surgeon's cases, one
//! priority a level, dearest first (`penalty_order`): at level `u`, the surgeon's
//! problem holds the cases at `u` or dearer and charges 1 for each case at `u` left
//! unbooked and more than all of them together for a dearer one. Its
//! optimum `F` (HiGHS's bound, rounded up: counts are whole) is then at most the fewest
//! cases at `u` left unbooked by any plan that books all the surgeon's dearer cases, and
//! the row
//!
//! `Σ_{c of g at u} x_c ≤ n − F`
//!
//! holds for those plans. A plan that leaves a dearer case unbooked pays at least the
//! least dearer penalty (`UnbookedFloor::dearer`), so a bound `B` of a relaxation with
//! these rows bounds every plan by `min(B, broken_cost)`. (Counting every level alike
//! instead, an urgent case could be left out to fit two routine ones and the floor
//! would be lower; weighting the levels by their penalties, as the objective does,
//! HiGHS could not prove the floor of i24's largest surgeon in 20 s: 1,000,000 beside
//! 350 leaves its bound far below, where counts close at the root.)
//!
//! Each surgeon's problem is the day relaxation (`model::days`) of that surgeon's cases
//! alone: the surgeon's daily minutes, the minutes of each site and date, resource limits
//! and one operation per patient per day, each of which a plan's restriction meets.

use crate::domain::weights::{Disruption, MutualAidWeights, PerPriority, Weights};
use crate::domain::Priority;
use crate::domain::Problem;
use crate::domain::Rules;
use crate::model;
pub use crate::model::floors::{broken_cost, UnbookedFloor};
use crate::pricing::Pricing;
use crate::solver::highs::Budget;
use std::collections::BTreeMap;

/// The floors above zero, per surgeon and per level of unbooked penalty among the
/// surgeon's cases, within `seconds` in all (shared among the problems in turn; one
/// stopped early still gives HiGHS's bound, which is valid).
pub fn unbooked_floors(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    budget: &Budget,
    seconds: f64,
) -> Vec<UnbookedFloor> {
    let order = penalty_order(pricing.weights());
    let levels = levels(problem, &order, pricing.weights());
    let until = budget.remaining() - seconds;
    let mut floors = Vec::new();
    for (done, level) in levels.iter().enumerate() {
        let share = (budget.remaining() - until) / (levels.len() - done) as f64;
        if crate::solver::interrupt::requested() || share < 0.01 {
            break;
        }
        let own = Problem {
            cases: level
                .problem_cases
                .iter()
                .map(|&c| problem.cases[c].clone())
                .collect(),
            sessions: problem.sessions.clone(),
            resource_limits: problem.resource_limits.clone(),
            surgeon_limits: problem.surgeon_limits.clone(),
            planning_start: problem.planning_start,
            horizon_end: problem.horizon_end,
            mutual_aid: problem.mutual_aid.clone(),
        };
        let own_eligible: Vec<Vec<usize>> = level
            .problem_cases
            .iter()
            .map(|&c| eligible[c].clone())
            .collect();
        let weights = count_unbooked(
            pricing.weights(),
            &order,
            level.rank,
            level.problem_cases.len(),
        );
        let own_pricing = Pricing::new(&own, &weights);
        let relaxation = model::days::build_days(&own, rules, &own_pricing, &own_eligible, &[]);
        let label = format!("unbooked floor of {}", level.surgeon);
        let outcome = budget.solve_on_one_thread(relaxation, &label, None, share);
        let Some(bound) = outcome.bound else {
            continue;
        };
        // A dearer case left unbooked costs n + 1: a bound that high means no plan books
        // all the dearer cases (say one whose only list falls on a day its patient has a
        // locked booking), so every plan breaks the row and the row says nothing; kept,
        // it would only make the relaxations infeasible.
        if bound >= (level.problem_cases.len() + 1) as f64 - 1e-6 {
            continue;
        }
        // Whole counts: HiGHS's bound rounded up, less a hair for its tolerances.
        let unbooked = (bound - 1e-6).ceil().max(0.0) as usize;
        if unbooked > 0 {
            floors.push(UnbookedFloor {
                surgeon: level.surgeon.to_string(),
                cases: level.cases.clone(),
                unbooked: unbooked.min(level.cases.len()),
                dearer: level.dearer,
            });
        }
    }
    floors
}

/// One surgeon's cases at one level of unbooked penalty: one priority.
struct Level<'p> {
    surgeon: &'p str,
    /// The level's place in `penalty_order` (0: the dearest).
    rank: usize,
    /// The cases at this level.
    cases: Vec<usize>,
    /// The cases at this level or dearer: the surgeon's problem for this level.
    problem_cases: Vec<usize>,
    /// The least penalty above this level, if any case is dearer.
    dearer: Option<f64>,
}

/// The priorities whose unbooked penalty is above zero, dearest first; priorities of
/// equal penalty in clinical order. The floors' argument holds for any order that never
/// puts a cheaper priority above a dearer one, so a tie is broken, never merged by
/// comparing the penalties' floating-point values.
fn penalty_order(weights: &Weights) -> Vec<Priority> {
    let unbooked = &weights.unbooked;
    let mut order: Vec<Priority> = Priority::ALL
        .into_iter()
        .filter(|&p| unbooked.get(p) > 0.0)
        .collect();
    order.sort_by(|a, b| unbooked.get(*b).total_cmp(&unbooked.get(*a)).then(a.cmp(b)));
    order
}

/// Per surgeon, the levels of unbooked penalty (one per priority, in `order`) among the
/// surgeon's cases that have a case that is not locked.
fn levels<'p>(problem: &'p Problem, order: &[Priority], weights: &Weights) -> Vec<Level<'p>> {
    let mut by_surgeon: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (c, case) in problem.cases.iter().enumerate() {
        if let Some(surgeon) = &case.surgeon {
            by_surgeon.entry(surgeon).or_default().push(c);
        }
    }
    let rank = |c: usize| order.iter().position(|&p| p == problem.cases[c].priority);
    let mut levels = Vec::new();
    for (surgeon, cases) in by_surgeon {
        let mut dearer = None;
        for (level, &priority) in order.iter().enumerate() {
            let at_level: Vec<usize> = cases
                .iter()
                .copied()
                .filter(|&c| rank(c) == Some(level))
                .collect();
            if at_level.is_empty() {
                continue;
            }
            if at_level.iter().any(|&c| !problem.cases[c].locked) {
                levels.push(Level {
                    surgeon,
                    rank: level,
                    cases: at_level,
                    problem_cases: cases
                        .iter()
                        .copied()
                        .filter(|&c| rank(c).is_some_and(|r| r <= level))
                        .collect(),
                    dearer,
                });
            }
            dearer = Some(weights.unbooked.get(priority));
        }
    }
    levels
}

/// `weights` with every term zero but the unbooked penalty, which is 1 at the level of
/// rank `level` in `order`, and for a dearer case more than all `n` cases together: a
/// plan that books every dearer case then costs how many cases at the level it leaves
/// unbooked.
fn count_unbooked(weights: &Weights, order: &[Priority], level: usize, n: usize) -> Weights {
    let count = |p: Priority| match order.iter().position(|&q| q == p) {
        Some(r) if r < level => (n + 1) as f64,
        Some(r) if r == level => 1.0,
        _ => 0.0,
    };
    let zero = PerPriority::from_fn(|_| 0.0);
    Weights {
        unbooked: PerPriority::from_fn(count),
        late_per_day: zero,
        wait_per_day: zero,
        long_wait_factor: 0.0,
        move_booking: 0.0,
        open_session: 0.0,
        theatre_change: 0.0,
        unbooked_pays_delay: false,
        // Nothing but the count: a transfer's or a told patient's change's price would
        // make leaving a case out look cheaper than booking it, and the floor too high.
        disruption: Disruption {
            later_per_day: 0.0,
            earlier: 0.0,
            retimed: 0.0,
            other_site: 0.0,
            dropped: 0.0,
            per_change: 0.0,
            per_change_spread: 0.0,
        },
        mutual_aid: MutualAidWeights {
            away: 0.0,
            per_travel_minute: 0.0,
        },
        ..weights.clone()
    }
}
