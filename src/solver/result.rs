//! What the solver hands back: the booking it settled on, the report of how it got
//! there (where the plan and the bound came from, the gap, the search, the parts), and
//! the allowed sessions of each case that it worked with.

use crate::domain::Booking;
use crate::solver::highs::SolverStatus;
use crate::solver::search::SearchReport;
use serde::{Deserialize, Serialize};

/// Where the written plan came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanSource {
    /// The solver's plan (possibly completed by the repair pass).
    Solver,
    /// The constructive heuristic's plan: the solver found nothing better or failed.
    #[default]
    Heuristic,
}

/// Where the lower bound comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundSource {
    /// HiGHS's MIP dual bound for the whole model.
    Solver,
    /// The LP relaxation's bound, by column generation over capacity prices (see
    /// `bound.rs`).
    LpRelaxation,
    /// Every case at its cheapest allowed option, capacity ignored (see
    /// `Pricing::bound_without_capacity`): used when it is higher or the solver gave none.
    #[default]
    CapacityIgnored,
    /// The sum over independent parts (see `solver::parts`) of each part's best bound of
    /// the three above, HiGHS's being for that part's own model.
    Parts,
    /// HiGHS's bound on the day relaxation (`model::days`), run when lists cost money to
    /// open or surgeons to change theatre.
    DayRelaxation,
    /// The Lagrangian bound with each list's minutes kept as a knapsack (see
    /// `solver::list_bound`), started from the LP relaxation's prices.
    ListKnapsacks,
}

/// The solver's figures for the summary.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SolverReport {
    pub status: SolverStatus,
    pub plan_source: PlanSource,
    pub objective: f64,
    /// Proven lower bound on the objective of any plan.
    pub best_bound: f64,
    pub bound_source: BoundSource,
    /// `(objective - best_bound) / objective`.
    pub gap: f64,
    pub heuristic_objective: f64,
    /// The cost of a booking clerk's first-fit plan (see `construct::first_fit`).
    pub first_fit_objective: f64,
    /// Its lateness term: points per day late, by priority, summed over cases (an
    /// unbooked case counted as booked the day after the horizon).
    pub first_fit_weighted_days_late: f64,
    /// The least weighted days late any plan can have (capacity ignored; see
    /// `Pricing::lateness_floor`): lateness already certain at the start.
    pub weighted_days_late_floor: f64,
    pub variables: usize,
    pub constraints: usize,
    pub solver_seconds: f64,
    /// The neighbourhood search after the whole model (see `improve`).
    pub search: SearchReport,
    /// Late cases moved onto time by displacing another case (see `promote_late_cases`).
    pub late_cases_promoted: usize,
    /// How the problem split into independent parts.
    pub parts: PartsReport,
    pub message: Option<String>,
    /// Internal errors the run survived (a thread's panic, caught): the plan written is
    /// still the best that passed the check. Empty in a healthy run.
    #[serde(default)]
    pub faults: Vec<String>,
}

/// How the problem split (see `solver::parts`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PartsReport {
    /// Independent parts with something to decide (1: the problem does not split).
    pub count: usize,
    /// Parts whose own model HiGHS ran on.
    pub given_to_solver: usize,
    /// Of those, the parts solved to optimality (within `--gap`).
    pub optimal: usize,
}

/// The solver's plan: checked against every hard rule, with its report.
pub struct Solution {
    pub booking: Booking,
    /// Each case's allowed sessions (`rules::eligibility`), as the solver used them.
    pub eligible: Vec<Vec<usize>>,
    pub report: SolverReport,
}
