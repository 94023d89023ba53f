//! `rebook plan` from validated problem to finished plan: the constructive start, the
//! MILP, a repair pass, the independent check, and the explanations.

use crate::check::check;
use crate::config::{Rules, SolverLimits};
use crate::cost::{CostTerms, Pricing};
use crate::deadline::days_late;
use crate::domain::Problem;
use crate::eligibility::eligible_sessions;
use crate::error::{Error, Result};
use crate::explain::Explainer;
use crate::heuristic;
use crate::improve::{improve, promote_late_cases, SearchReport};
use crate::model;
use crate::progress::Progress;
use crate::schedule::{sequence, BookedCase};
use crate::solve::{solve, Budget, SolveOutcome, SolverStatus};
use crate::weights::Weights;
use serde::Serialize;
use std::time::{Duration, Instant};

/// The part of the solver's time given to the whole model; the rest goes to the
/// neighbourhood search.
const FULL_MODEL_SHARE: f64 = 0.4;

/// Above this many allowed case-session pairs the whole model is not built: at 7 million
/// (20,000 cases) it took 5.4 GB and HiGHS did not finish its root LP in 60 s.
pub const MAX_MODEL_PAIRS: usize = 2_000_000;

/// Where the written plan came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanSource {
    /// The solver's plan (possibly completed by the repair pass).
    Solver,
    /// The constructive heuristic's plan: the solver found nothing better or failed.
    Heuristic,
}

/// Where the lower bound comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundSource {
    /// HiGHS's MIP dual bound for the whole model.
    Solver,
    /// Every case at its cheapest allowed option, capacity ignored (see
    /// `Pricing::bound_without_capacity`): used when it is higher or the solver gave none.
    CapacityIgnored,
}

/// The solver's figures for the summary.
#[derive(Debug, Clone, Serialize)]
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
    pub variables: usize,
    pub constraints: usize,
    pub solver_seconds: f64,
    /// The neighbourhood search after the whole model (see `improve`).
    pub search: SearchReport,
    /// Late cases moved onto time by displacing another case (see `promote_late_cases`).
    pub late_cases_promoted: usize,
    pub message: Option<String>,
}

/// A case booked after its deadline, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct LateCase {
    pub case: usize,
    pub days_late: i64,
    pub reason: String,
}

/// The finished plan.
pub struct Plan {
    pub booking: Vec<Option<usize>>,
    pub rows: Vec<BookedCase>,
    /// (case, reason) for every case not booked, in input order.
    pub unbooked: Vec<(usize, String)>,
    pub late: Vec<LateCase>,
    pub costs: CostTerms,
    pub solver: SolverReport,
}

/// Builds and solves the whole model from `start` when there is time and it is not too
/// large; returns the outcome and the model's size (0, 0 when not built).
fn solve_whole_model(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    start: &[Option<usize>],
    pair_count: usize,
    budget: &Budget,
) -> (SolveOutcome, usize, usize) {
    const NO_TIME: &str =
        "no time left for the solver within --time-limit: the heuristic plan was written";
    if crate::interrupt::requested() {
        let why = "interrupted before the solver ran: the heuristic plan was written";
        return (SolveOutcome::not_run(why), 0, 0);
    }
    if budget.remaining() < 0.5 {
        return (SolveOutcome::not_run(NO_TIME), 0, 0);
    }
    if pair_count > MAX_MODEL_PAIRS {
        let why = "the whole model is too large to build within the limits (over 2,000,000 \
                   case-session pairs): the neighbourhood search works on parts of it";
        return (SolveOutcome::not_run(why), 0, 0);
    }
    let model = model::build(problem, rules, pricing, eligible);
    let size = (model.variable_count(), model.constraint_count());
    let seconds = budget.remaining();
    let outcome = if size.0 == 0 {
        SolveOutcome::not_run("nothing to decide: no case has a compatible session")
    } else if seconds < 0.2 {
        SolveOutcome::not_run(NO_TIME)
    } else {
        // The whole model gets a share of the time, for its bound and first gains; the
        // neighbourhood search gets the rest.
        budget
            .progress
            .solver_phase(format!("whole model ({} binaries)", size.0));
        solve(
            model,
            Some(start),
            budget.limits,
            seconds * FULL_MODEL_SHARE,
            budget.progress,
        )
    };
    (outcome, size.0, size.1)
}

/// Plans `problem` within the time limit counted from `started`, without progress output.
pub fn plan(
    problem: &Problem,
    rules: &Rules,
    limits: &SolverLimits,
    weights: &Weights,
    started: Instant,
) -> Result<Plan> {
    plan_with_progress(
        problem,
        rules,
        limits,
        weights,
        started,
        &Progress::hidden(),
    )
}

/// Plans `problem` within the time limit counted from `started`, reporting on `progress`.
pub fn plan_with_progress(
    problem: &Problem,
    rules: &Rules,
    limits: &SolverLimits,
    weights: &Weights,
    started: Instant,
    progress: &Progress,
) -> Result<Plan> {
    progress.phase("first plan");
    let pricing = Pricing::new(problem, weights);
    let eligible = eligible_sessions(problem, rules);
    let start = heuristic::construct(problem, rules, &pricing, &eligible);
    let heuristic_objective = pricing.plan(&start).total();

    // The time limit is for the whole run: keep a margin for checking and writing.
    let reserve = (limits.time_limit_s * 0.05).clamp(0.5, 5.0);
    let budget = Budget {
        limits,
        end: started + Duration::from_secs_f64((limits.time_limit_s - reserve).max(0.0)),
        progress,
    };
    let pair_count: usize = eligible.iter().map(Vec::len).sum();
    let (outcome, variables, constraints) = solve_whole_model(
        problem, rules, &pricing, &eligible, &start, pair_count, &budget,
    );

    // Take the solver's plan only if the independent check accepts it and it is no worse.
    let mut source = PlanSource::Heuristic;
    let mut booking = start.clone();
    let mut message = outcome.message.clone();
    if let Some(candidate) = &outcome.booking {
        let violations = check(problem, rules, candidate);
        if !violations.is_empty() {
            message = Some(format!(
                "the solver's plan failed the check ({}), the heuristic plan was used",
                violations[0]
            ));
        } else if pricing.plan(candidate).total() <= heuristic_objective + 1e-6 {
            booking = candidate.clone();
            source = PlanSource::Solver;
        }
    }
    heuristic::fill(problem, rules, &pricing, &eligible, &mut booking);
    let mut promoted = promote_late_cases(
        problem,
        rules,
        &pricing,
        &eligible,
        &mut booking,
        budget.end,
    );
    let worth_searching =
        pair_count > 0 && !crate::interrupt::requested() && budget.remaining() > 1.0;
    let search = if worth_searching {
        improve(problem, rules, &pricing, &eligible, &mut booking, &budget)
    } else {
        SearchReport::default()
    };
    if search.improvements > 0 {
        source = PlanSource::Solver;
        heuristic::fill(problem, rules, &pricing, &eligible, &mut booking);
        promoted += promote_late_cases(
            problem,
            rules,
            &pricing,
            &eligible,
            &mut booking,
            budget.end,
        );
    }

    progress.phase("checking and explaining");
    let violations = check(problem, rules, &booking);
    if !violations.is_empty() {
        let text: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
        return Err(Error::PlanRejected(text.join("\n")));
    }

    let costs = pricing.plan(&booking);
    let objective = costs.total();
    let without_capacity = pricing.bound_without_capacity(&eligible);
    let (best_bound, bound_source) = match outcome.bound {
        Some(bound) if bound >= without_capacity => (bound, BoundSource::Solver),
        _ => (without_capacity, BoundSource::CapacityIgnored),
    };
    let best_bound = best_bound.min(objective);
    let gap = if objective.abs() < 1e-9 {
        0.0
    } else {
        (objective - best_bound) / objective.abs()
    };
    let mut explainer = Explainer::new(problem, rules, &eligible, &booking);
    let unbooked = booking
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_none())
        .map(|(c, _)| (c, explainer.unbooked(c)))
        .collect();
    let late = booking
        .iter()
        .enumerate()
        .filter_map(|(c, b)| {
            let date = problem.sessions[(*b)?].date;
            let deadline = pricing.deadline(c)?;
            let days = days_late(Some(deadline), date);
            (days > 0).then(|| LateCase {
                case: c,
                days_late: days,
                reason: explainer.late(c, deadline.date),
            })
        })
        .collect();
    let rows = sequence(problem, &pricing, &booking);
    Ok(Plan {
        booking,
        rows,
        unbooked,
        late,
        costs,
        solver: SolverReport {
            status: outcome.status,
            plan_source: source,
            objective,
            best_bound,
            bound_source,
            gap,
            heuristic_objective,
            variables,
            constraints,
            solver_seconds: outcome.seconds,
            search,
            late_cases_promoted: promoted,
            message,
        },
    })
}
