//! The fewest of each surgeon's cases that every plan leaves unbooked.
//!
//! A surgeon's cases compete for that surgeon's daily minutes. With every other
//! surgeon's cases removed, the most of them that fit is found exactly and quickly (a
//! knapsack per day: one small MILP per surgeon), and no plan books more of them: every
//! plan, restricted to one surgeon's cases, is a plan of that surgeon's problem. The
//! relaxations' LPs do not see it: they book a fraction of a case into the minutes a day
//! has left, which no plan can. On IHTC-2024 i24 (four surgeons; unscheduled patients
//! the dearest term) the LP leaves 80 optional patients unscheduled where every plan
//! leaves at least 81, and the floors' rows lift the day relaxation's bound (by theatre,
//! `model::days`) from 30,565 to 30,785. In the relaxation by minutes they change which
//! day plans HiGHS finds, for better on some instances and worse on others, so the
//! planner solves that one with and without them side by side (`plan`).
//!
//! Cases differ in what leaving them unbooked costs (`Weights::unbooked`, by priority),
//! so the floor is counted per level of that penalty among a surgeon's cases: at level
//! `u`, the surgeon's problem holds the cases at `u` or dearer and charges 1 for each
//! case at `u` left unbooked and more than all of them together for a dearer one. Its
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
//! HiGHS proved the floor of i24's largest surgeon in neither 8 s nor 20 s: 1,000,000
//! beside 350 leaves its bound far below, where counts close at the root.)
//!
//! Each surgeon's problem is the day relaxation (`model::days`) of that surgeon's cases
//! alone: the surgeon's daily minutes, the minutes of each site and date, resource limits
//! and one operation per patient per day, each of which a plan's restriction meets.

use crate::config::Rules;
use crate::cost::Pricing;
use crate::domain::Problem;
use crate::model;
use crate::solve::Budget;
use crate::weights::Weights;
use std::collections::BTreeMap;

/// One surgeon's floor at one level of unbooked penalty: of `cases` (the surgeon's
/// cases at that level), every plan that books all the surgeon's dearer cases leaves at
/// least `unbooked` unbooked; a plan that does not costs at least `dearer` (the least
/// penalty above the level; `None` when no case is dearer and the floor always holds).
#[derive(Debug, Clone, PartialEq)]
pub struct UnbookedFloor {
    pub surgeon: String,
    pub cases: Vec<usize>,
    pub unbooked: usize,
    pub dearer: Option<f64>,
}

/// The least cost of a plan that breaks one of `floors`' rows: a bound on the day
/// relaxation with those rows holds for the problem only up to this.
pub fn broken_cost(floors: &[UnbookedFloor]) -> f64 {
    floors
        .iter()
        .filter_map(|floor| floor.dearer)
        .fold(f64::INFINITY, f64::min)
}

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
    let levels = levels(problem, pricing);
    let until = budget.remaining() - seconds;
    let mut floors = Vec::new();
    for (done, level) in levels.iter().enumerate() {
        let share = (budget.remaining() - until) / (levels.len() - done) as f64;
        if crate::interrupt::requested() || share < 0.01 {
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
        };
        let own_eligible: Vec<Vec<usize>> = level
            .problem_cases
            .iter()
            .map(|&c| eligible[c].clone())
            .collect();
        let weights = count_unbooked(pricing.weights(), level.penalty, level.problem_cases.len());
        let own_pricing = Pricing::new(&own, &weights);
        let relaxation = model::days::build_days(&own, rules, &own_pricing, &own_eligible, &[]);
        let label = format!("unbooked floor of {}", level.surgeon);
        let outcome = budget.solve_on_one_thread(relaxation, &label, None, share);
        // Whole counts: HiGHS's bound rounded up, less a hair for its tolerances.
        let Some(unbooked) = outcome.bound.map(|b| (b - 1e-6).ceil().max(0.0) as usize) else {
            continue;
        };
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

/// One surgeon's cases at one level of unbooked penalty.
struct Level<'p> {
    surgeon: &'p str,
    penalty: f64,
    /// The cases at this level.
    cases: Vec<usize>,
    /// The cases at this level or dearer: the surgeon's problem for this level.
    problem_cases: Vec<usize>,
    /// The least penalty above this level, if any case is dearer.
    dearer: Option<f64>,
}

/// Per surgeon, the levels of unbooked penalty among the surgeon's cases that have a
/// case that is not locked.
fn levels<'p>(problem: &'p Problem, pricing: &Pricing) -> Vec<Level<'p>> {
    let mut by_surgeon: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (c, case) in problem.cases.iter().enumerate() {
        if let Some(surgeon) = &case.surgeon {
            by_surgeon.entry(surgeon).or_default().push(c);
        }
    }
    let penalty = |c: usize| pricing.unbooked(c).unbooked;
    let mut levels = Vec::new();
    for (surgeon, cases) in by_surgeon {
        let mut penalties: Vec<f64> = cases
            .iter()
            .map(|&c| penalty(c))
            .filter(|&u| u > 0.0)
            .collect();
        penalties.sort_by(|a, b| b.total_cmp(a));
        penalties.dedup();
        let mut dearer = None;
        for level in penalties {
            let at = |c: &usize| penalty(*c) == level;
            let at_level: Vec<usize> = cases.iter().copied().filter(at).collect();
            if at_level.iter().any(|&c| !problem.cases[c].locked) {
                levels.push(Level {
                    surgeon,
                    penalty: level,
                    cases: at_level,
                    problem_cases: cases
                        .iter()
                        .copied()
                        .filter(|&c| penalty(c) >= level)
                        .collect(),
                    dearer,
                });
            }
            dearer = Some(level);
        }
    }
    levels
}

/// `weights` with every term zero but the unbooked penalty, which is 1 at `level`, and
/// for a dearer case more than all `n` cases together: a plan that books every dearer
/// case then costs how many cases at the level it leaves unbooked.
fn count_unbooked(weights: &Weights, level: f64, n: usize) -> Weights {
    let dearer = (n + 1) as f64;
    let count = |u: f64| {
        if u > level {
            dearer
        } else if u == level {
            1.0
        } else {
            0.0
        }
    };
    let zero = weights.unbooked.map(|_| 0.0);
    Weights {
        unbooked: weights.unbooked.map(count),
        late_per_day: zero,
        wait_per_day: zero,
        long_wait_factor: 0.0,
        move_booking: 0.0,
        open_session: 0.0,
        theatre_change: 0.0,
        unbooked_pays_delay: false,
        ..weights.clone()
    }
}
