//! `--max-moves K`: a re-plan that changes at most K notified bookings by choice.
//!
//! The cap is one row over every notified booking, `Σ_c [c's booking changed] ≤ K`, and
//! it couples cases that the rest of the solver keeps apart (independent parts, the
//! per-pair LP bound, the search's neighbourhoods). So it is not added as a row: it is
//! priced. Its Lagrangian relaxation puts a price μ on every chosen change
//! (`[disruption] per_change`); for μ ≥ 0,
//!
//! ```text
//! min { cost(x) : changes(x) ≤ K }  ≥  min { cost(x) + μ·changes(x) } − μ·K,
//! ```
//!
//! so each run at price μ gives a plan (within the cap or not) and, from its proven
//! bound, a bound on the capped problem. The runs search μ geometrically: the first at
//! the weights' own price (often within the cap already), then higher while the plan
//! has too many changes, then between the dearest price found too low and the cheapest
//! found high enough. The plan returned is the cheapest, at the user's weights, of those
//! within the cap. When no run keeps within it, the last resort is the plan with every
//! notified booking kept in its list (no chosen change at all; it always exists, since
//! `rules::freeze` forces those that no longer fit together).
//!
//! A price on every change favours keeping many bookings over keeping the valuable ones
//! only through the plan's own costs, which is what was wanted: locking changes back one
//! case at a time, ranked by what each saved its own case, was tried and failed (the
//! valuable changes are displacements whose gain shows in another case;
//! docs/benchmarks.md).

use crate::domain::error::Result;
use crate::domain::weights::{Disruption, Weights};
use crate::domain::{Booking, Problem, Rules};
use crate::pricing::Pricing;
use crate::rules::freeze::{chosen_changes, keep_every_notified_booking};
use crate::solver::highs::SolverStatus;
use crate::solver::interrupt;
use crate::solver::orchestrate::solve_from;
use crate::solver::progress::Progress;
use crate::solver::result::Solution;
use crate::solver::SolverLimits;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// The first price tried above the weights' own when the first plan has too many
/// changes: the cost of moving a routine patient a few days (10 days of a P3's
/// lateness at 50 a day is 500). Until a price keeps the plan within the cap, each step
/// multiplies it by `STEP`; then the search halves the bracket on a log scale, because
/// what one change is worth ranges from a P4's day of waiting to a P2's unbooked penalty.
const FIRST_PRICE: f64 = 250.0;
const STEP: f64 = 4.0;
/// The search stops when the cheapest price found high enough is within this factor
/// of the dearest found too low. Fine, because the window of prices at which exactly
/// K changes are made can be narrow (it is the spread below, for like changes), and
/// each step is a warm start from the plan before it.
const CLOSE: f64 = 1.02;
/// Each case's price is raised by up to this fraction (a fixed spread): with one price
/// for all, changes of equal worth (two like cases displacing two like bookings) are
/// all made or all kept, and a cap between the two is never met by a price. Wide enough
/// that like changes part at prices `CLOSE` apart; the bound pays for it (it subtracts
/// the dearest price times K).
const SPREAD: f64 = 0.2;
/// The dearest weight a weights file may set (`io::weights_file`).
const MAX_PRICE: f64 = 1e9;

/// How the time is shared: the first run (the weights' own price) gets this share of
/// the time, because it is the plan written whenever the cap does not bind; each later
/// run a third of what is left, so the search takes as many steps as the time allows,
/// each starting from the plan before it.
const FIRST_SHARE: f64 = 0.4;
const LATER_SHARE: f64 = 1.0 / 3.0;
/// Once a price keeps within the cap, this many more unproven steps narrow the bracket
/// (runs proven optimal at their price do not count: they are exact, and quick); then
/// one last run at the cheapest price found high enough, from the best plan within the
/// cap, gets all the time left: near the crossing price, short runs at prices 2% apart
/// gave plans tens of changes apart, and time to search helps more than a finer price.
const NARROWING_STEPS: usize = 3;
/// Kept back for the last resort (every notified booking kept), used only when no run
/// kept within the cap; the model is small then, most cases being fixed.
const LAST_RESORT_SHARE: f64 = 0.1;
/// A run shorter than this is not started: it could not improve on its start.
const SHORTEST_RUN_S: f64 = 0.5;

/// One run at one price: what summary.json reports under `replan.max_moves`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PricedRun {
    /// The price added to every chosen change (`per_change`); `None`: every notified
    /// booking kept (the last resort).
    pub price: Option<f64>,
    pub changes: usize,
    /// The plan's cost at the user's weights.
    pub objective: f64,
    pub seconds: f64,
}

/// How the cap was kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CapReport {
    pub max_moves: usize,
    /// The price of the plan written (0: the cap did not bind).
    pub price: Option<f64>,
    pub runs: Vec<PricedRun>,
}

/// Runs the solver at one price, keeping each run's figures and the best bound.
struct Runner<'a> {
    problem: &'a Problem,
    /// The rules without the cap (each run's own check must not refuse a plan for it).
    rules: &'a Rules,
    limits: &'a SolverLimits,
    weights: &'a Weights,
    progress: &'a Progress,
    /// At the user's weights.
    pricing: Pricing<'a>,
    max_moves: usize,
    /// The best Lagrangian bound on the capped problem so far.
    bound: f64,
    runs: Vec<PricedRun>,
}

impl Runner<'_> {
    /// A plan at `price` a chosen change (raised by up to `spread` per case) within
    /// `seconds`, from `warm`: the solution, its chosen changes, its cost at the user's
    /// weights.
    fn run(
        &mut self,
        price: f64,
        spread: f64,
        seconds: f64,
        warm: Option<&Booking>,
    ) -> Result<(Solution, usize, f64)> {
        let own = self.weights.disruption.per_change;
        let priced = Weights {
            disruption: Disruption {
                per_change: price,
                per_change_spread: spread,
                ..self.weights.disruption
            },
            ..self.weights.clone()
        };
        let started = Instant::now();
        let limits = SolverLimits {
            time_limit_s: seconds,
            ..*self.limits
        };
        let solution = solve_from(
            self.problem,
            self.rules,
            &limits,
            &priced,
            started,
            self.progress,
            warm,
        )?;
        let changes = chosen_changes(self.problem, &solution.booking);
        let objective = self.pricing.plan_cost(&solution.booking).total();
        // Lagrange: the run's proven bound at its prices, less the most K changes can
        // be charged at them (each at most the price raised by the spread).
        let dearest = price * (1.0 + spread) - own;
        self.bound = self
            .bound
            .max(solution.report.best_bound - dearest * self.max_moves as f64);
        self.runs.push(PricedRun {
            price: Some(price),
            changes,
            objective,
            seconds: started.elapsed().as_secs_f64(),
        });
        Ok((solution, changes, objective))
    }
}

/// The cheapest plan within the cap so far.
struct Best {
    objective: f64,
    price: Option<f64>,
    solution: Solution,
}

/// Plans `problem` (a re-plan: published bookings attached, `rules::freeze` applied)
/// within `limits` from `started`, with at most `max_moves` chosen changes to notified
/// bookings. The solution's objective is at `weights`, its bound a valid bound on the
/// capped problem (the best of the runs' Lagrangian bounds).
pub fn solve_within(
    problem: &Problem,
    rules: &Rules,
    limits: &SolverLimits,
    weights: &Weights,
    started: Instant,
    progress: &Progress,
    max_moves: usize,
) -> Result<(Solution, CapReport)> {
    let end = started + std::time::Duration::from_secs_f64(limits.time_limit_s);
    let left = || end.saturating_duration_since(Instant::now()).as_secs_f64();
    let own = weights.disruption.per_change;
    // The cheapest plan within the cap so far.
    let mut best: Option<Best> = None;
    let mut warm: Option<Booking> = None;
    // Each run's own check must not refuse a plan for the cap: the plan written is
    // checked with it.
    let rules = &Rules {
        max_moves: None,
        ..*rules
    };
    let mut runner = Runner {
        problem,
        rules,
        limits,
        weights,
        progress,
        pricing: Pricing::new(problem, weights),
        max_moves,
        bound: f64::NEG_INFINITY,
        runs: Vec::new(),
    };
    // The dearest price found too low, the cheapest found high enough.
    let (mut low, mut high) = (own, None::<f64>);
    let mut narrowing = 0;
    for run in 0.. {
        let price = match high {
            _ if run == 0 => own,
            None if low <= own => own + FIRST_PRICE,
            None => own + (low - own) * STEP,
            Some(high) if low <= own => own + (high - own) / STEP,
            Some(high) => own + ((low - own) * (high - own)).sqrt(),
        };
        let share = if run == 0 { FIRST_SHARE } else { LATER_SHARE };
        let seconds = left() * (1.0 - LAST_RESORT_SHARE) * share;
        // Past the dearest weight a file may set, a price keeps nothing more: the last
        // resort (every told booking kept) is the plan such prices aim at.
        if seconds < SHORTEST_RUN_S || price > MAX_PRICE || (run > 0 && interrupt::requested()) {
            break;
        }
        let spread = if run == 0 { 0.0 } else { SPREAD };
        let (solution, changes, objective) = runner.run(price, spread, seconds, warm.as_ref())?;
        let proven = solution.report.status == SolverStatus::Optimal;
        warm = Some(solution.booking.clone());
        if changes <= max_moves {
            high = Some(price);
            if best.as_ref().is_none_or(|b| objective < b.objective) {
                best = Some(Best {
                    objective,
                    price: Some(price),
                    solution,
                });
            }
            // The weights' own price keeps within the cap (it does not bind), or no
            // change is left to buy back.
            if run == 0 || changes == max_moves {
                break;
            }
        } else {
            low = price;
        }
        // A run proven optimal (within --gap) is exact at its price, so narrowing on is
        // worth it; an unproven one is noisy, and only a few such steps are taken.
        if high.is_some() && !proven {
            narrowing += 1;
        }
        if high.is_some_and(|high| low > own && high - own <= (low - own) * CLOSE)
            || narrowing > NARROWING_STEPS
        {
            break;
        }
    }
    // The last run: the best plan within the cap searched on at its own price.
    if let Some(Best {
        price: Some(price),
        solution,
        ..
    }) = &best
    {
        // With a plan within the cap in hand the last resort is not needed: all the time.
        let seconds = left();
        let price = *price;
        if seconds >= SHORTEST_RUN_S && price > own && !interrupt::requested() {
            let start = solution.booking.clone();
            let (last, changes, objective) = runner.run(price, SPREAD, seconds, Some(&start))?;
            if changes <= max_moves && best.as_ref().is_none_or(|b| objective < b.objective) {
                best = Some(Best {
                    objective,
                    price: Some(price),
                    solution: last,
                });
            }
        }
    }
    let (objective, price, mut solution) = match best {
        Some(b) => (b.objective, b.price, b.solution),
        None => {
            let kept = keep_every_notified_booking(problem);
            let run_started = Instant::now();
            let solution = solve_from(
                &kept,
                rules,
                &SolverLimits {
                    time_limit_s: left().max(0.1),
                    ..*limits
                },
                weights,
                run_started,
                progress,
                None,
            )?;
            let objective = runner.pricing.plan_cost(&solution.booking).total();
            runner.runs.push(PricedRun {
                price: None,
                changes: chosen_changes(problem, &solution.booking),
                objective,
                seconds: run_started.elapsed().as_secs_f64(),
            });
            (objective, None, solution)
        }
    };
    let report = &mut solution.report;
    report.objective = objective;
    report.best_bound = runner.bound.min(objective);
    report.gap = if objective.abs() > 0.0 {
        ((objective - report.best_bound) / objective.abs()).max(0.0)
    } else {
        0.0
    };
    Ok((
        solution,
        CapReport {
            max_moves,
            price,
            runs: runner.runs,
        },
    ))
}
