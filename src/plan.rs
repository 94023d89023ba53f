//! `rebook plan` from validated problem to finished plan: the constructive start, the
//! MILP, a repair pass, the independent check, and the explanations.

use crate::bound::{LagrangianBound, PriceBoard, PricedPairs};
use crate::check::check;
use crate::config::{Rules, SolverLimits};
use crate::cost::{CostTerms, Pricing};
use crate::deadline::days_late;
use crate::domain::Problem;
use crate::eligibility::eligible_sessions;
use crate::error::{Error, Result};
use crate::explain::Explainer;
use crate::heuristic;
use crate::improve::{improve, Search, SearchReport};
use crate::model;
use crate::progress::Progress;
use crate::schedule::{sequence, BookedCase};
use crate::solve::{solve, Budget, SolveOutcome, SolverStatus};
use crate::weights::Weights;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Above this many allowed case-session pairs the whole model is not given to HiGHS: at
/// 1.3 million (5,000 cases) its root LP alone takes most of a minute, and at 7 million
/// (20,000 cases) it took 5.4 GB without finishing the root LP in 60 s.
pub const MAX_MODEL_PAIRS: usize = 400_000;

/// Above this many pairs the capacity prices and the LP bound are not computed (memory:
/// about 40 bytes per pair).
pub const MAX_PRICED_PAIRS: usize = 25_000_000;

/// The pairs per case that start the LP bound's column generation.
const LP_COLUMNS_PER_CASE: usize = 4;

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
    /// The LP relaxation's bound, by column generation over capacity prices (see
    /// `bound.rs`).
    LpRelaxation,
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
    /// The cost of a booking clerk's first-fit plan (see `heuristic::first_fit`).
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

/// Solves the whole model from `start` for its bound (and any better plan), within the
/// budget, when it is small enough to be worth it.
fn solve_whole_model(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    start: &[Option<usize>],
    budget: &Budget,
) -> (SolveOutcome, usize, usize) {
    let model = model::build(problem, rules, pricing, eligible);
    let size = (model.variable_count(), model.constraint_count());
    let seconds = budget.remaining();
    let outcome = if size.0 == 0 {
        SolveOutcome::not_run("nothing to decide: no case has a compatible session")
    } else if seconds < 0.5 {
        SolveOutcome::not_run("no time left for the whole model within --time-limit")
    } else {
        budget
            .progress
            .solver_phase(format!("whole model ({} binaries)", size.0));
        solve(
            model,
            Some(start),
            &SolverLimits {
                threads: 1,
                ..*budget.limits
            },
            seconds,
            budget.progress,
        )
    };
    (outcome, size.0, size.1)
}

/// What the bound's core found: the LP relaxation's bound (by column generation) and,
/// for a small enough problem, HiGHS's run on the whole model.
struct BoundWork {
    lp: Option<LagrangianBound>,
    whole: SolveOutcome,
    variables: usize,
    constraints: usize,
}

/// The bound's core: the LP relaxation's bound first, then (when the whole model is
/// small enough) HiGHS on the whole model, whose root cuts give a stronger bound.
fn bound_work(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    priced: Option<(&PricedPairs, &[f64], &PriceBoard)>,
    start: &[Option<usize>],
    budget: &Budget,
) -> BoundWork {
    let pair_count: usize = eligible.iter().map(Vec::len).sum();
    let whole_fits = pair_count <= MAX_MODEL_PAIRS;
    let lp = priced.map(|(pairs, prices, board)| {
        let positions: Vec<Option<usize>> = (0..problem.cases.len())
            .map(|c| start[c].and_then(|s| eligible[c].iter().position(|&x| x == s)))
            .collect();
        // Leave the whole model most of the time when it will run.
        let share = if whole_fits { 0.25 } else { 1.0 };
        let seconds = (budget.remaining() * share).max(0.0);
        pairs.lp_bound(
            prices,
            &positions,
            LP_COLUMNS_PER_CASE,
            Instant::now() + Duration::from_secs_f64(seconds),
            board,
        )
    });
    let (whole, variables, constraints) = if crate::interrupt::requested() {
        let why = "interrupted before the solver ran: the heuristic plan was written";
        (SolveOutcome::not_run(why), 0, 0)
    } else if !whole_fits {
        let why = "the whole model is too large to solve within the limits (over 400,000 \
                   case-session pairs): the bound is the LP relaxation's, the plan comes from \
                   the neighbourhood search";
        (SolveOutcome::not_run(why), 0, 0)
    } else {
        solve_whole_model(problem, rules, pricing, eligible, start, budget)
    };
    BoundWork {
        lp,
        whole,
        variables,
        constraints,
    }
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
    let clerk = pricing.plan(&heuristic::first_fit(problem, rules, &eligible));

    // The time limit is for the whole run: keep a margin for checking and writing.
    let reserve = (limits.time_limit_s * 0.05).clamp(0.5, 5.0);
    let budget = Budget {
        limits,
        end: started + Duration::from_secs_f64((limits.time_limit_s - reserve).max(0.0)),
        progress,
    };
    let pair_count: usize = eligible.iter().map(Vec::len).sum();

    // Capacity prices from a short subgradient search give a better first plan (each
    // case in the session of least priced cost with room) and seed the LP bound.
    let mut booking = start.clone();
    let mut source = PlanSource::Heuristic;
    let priced = (pair_count <= MAX_PRICED_PAIRS && budget.remaining() > 1.0)
        .then(|| PricedPairs::new(problem, rules, &pricing, &eligible));
    let prices = priced.as_ref().map(|pairs| {
        let seconds = (budget.remaining() * 0.08).min(5.0);
        let end = Instant::now() + Duration::from_secs_f64(seconds);
        pairs
            .maximise(heuristic_objective, None, end, usize::MAX)
            .prices
    });
    let guide = priced
        .as_ref()
        .zip(prices.as_ref())
        .map(|(pairs, prices)| pairs.priced(prices));
    if let Some(guide) = &guide {
        let guided = heuristic::construct_guided(problem, rules, &pricing, &eligible, guide);
        if pricing.plan(&guided).total() < heuristic_objective {
            booking = guided;
        }
    }

    // Two cores: one proves the bound, the other improves the plan (and joins in once
    // the bound is done).
    let busy = AtomicBool::new(true);
    let board = PriceBoard::default();
    let search = Search {
        problem,
        rules,
        pricing: &pricing,
        eligible: &eligible,
        guide: guide.as_deref(),
        prices: priced.as_ref().map(|pairs| (pairs, &board)),
    };
    let mut promoted = search.repair(&mut booking, budget.end);
    let worth_searching = pair_count > 0 && !crate::interrupt::requested();
    let snapshot = booking.clone();
    let (work, report) = std::thread::scope(|scope| {
        let bound = scope.spawn(|| {
            let work = bound_work(
                problem,
                rules,
                &pricing,
                &eligible,
                priced
                    .as_ref()
                    .zip(prices.as_deref())
                    .map(|(pairs, prices)| (pairs, prices, &board)),
                &snapshot,
                &budget,
            );
            busy.store(false, Ordering::Relaxed);
            work
        });
        let report = if worth_searching {
            improve(&search, &mut booking, &budget, &busy)
        } else {
            SearchReport::default()
        };
        (bound.join(), report)
    });
    let work = work.map_err(|_| Error::Solver("the bound's thread failed".to_string()))?;
    let outcome = work.whole;
    let (variables, constraints) = (work.variables, work.constraints);
    let mut message = outcome.message.clone();
    if report.improvements > 0 {
        source = PlanSource::Solver;
    }
    // The whole model's plan replaces the search's if the check accepts it and it is no
    // dearer (on a tie it is preferred: it does not depend on the workers' timing).
    if let Some(candidate) = &outcome.booking {
        let violations = check(problem, rules, candidate);
        if !violations.is_empty() {
            message = Some(format!(
                "the solver's plan failed the check ({}), it was not used",
                violations[0]
            ));
        } else if pricing.plan(candidate).total() <= pricing.plan(&booking).total() + 1e-6 {
            booking = candidate.clone();
            source = PlanSource::Solver;
        }
    }
    promoted += search.repair(&mut booking, budget.end);
    let search = report;

    progress.phase("checking and explaining");
    let violations = check(problem, rules, &booking);
    if !violations.is_empty() {
        let text: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
        return Err(Error::PlanRejected(text.join("\n")));
    }

    let costs = pricing.plan(&booking);
    let objective = costs.total();
    let without_capacity = pricing.bound_without_capacity(&eligible);
    let lp_bound = work.lp.map(|lp| lp.value).filter(|b| b.is_finite());
    let (best_bound, bound_source) = [
        (outcome.bound, BoundSource::Solver),
        (lp_bound, BoundSource::LpRelaxation),
    ]
    .into_iter()
    .filter_map(|(bound, source)| Some((bound?, source)))
    .fold(
        (without_capacity, BoundSource::CapacityIgnored),
        |best, next| if next.0 > best.0 { next } else { best },
    );
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
            first_fit_objective: clerk.total(),
            first_fit_weighted_days_late: clerk.late,
            weighted_days_late_floor: pricing.lateness_floor(&eligible),
            variables,
            constraints,
            solver_seconds: outcome.seconds,
            search,
            late_cases_promoted: promoted,
            message,
        },
    })
}
