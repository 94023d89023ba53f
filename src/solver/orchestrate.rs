//! The planning run on two cores within the time limit: the first plans, then one core
//! proving the bound (`bound_core`) while the other searches for better plans, the
//! better plan kept, completed and checked. Returns a `Solution`; the explanations are
//! `explain`'s.

use crate::domain::error::{Error, Result};
use crate::domain::weights::Weights;
use crate::domain::{Booking, Problem, Rules};
use crate::pricing::{no_dearer, CostTerms, Pricing};
use crate::rules::check::check;
use crate::rules::eligibility::eligible_sessions_on;
use crate::solver::bound::{PriceBoard, PricedPairs};
use crate::solver::bound_core::{bound_work, BoundWork};
use crate::solver::construct;
use crate::solver::faults;
use crate::solver::highs::{Budget, SolverStatus};
use crate::solver::parts::{self, part_of_case, parts_bound, parts_with_pairs, take_parts};
use crate::solver::policy::{shares, MAX_PRICED_PAIRS, RESERVE_PER_CASE};
use crate::solver::progress::Progress;
use crate::solver::result::{BoundSource, PartsReport, PlanSource, Solution, SolverReport};
use crate::solver::search::{improve, OtherCore, PlanBoard, Search, SearchReport};
use crate::solver::standing::Standing;
use crate::solver::SolverLimits;
use std::time::{Duration, Instant};

/// The first plans, before either core starts: a careful scheduler's (most urgent first,
/// each into its cheapest list with room), a booking clerk's first fit (to judge the plan
/// against), and, when capacity prices can be had, the plan they guide when it is cheaper.
struct FirstPlans {
    /// The careful scheduler's plan's cost.
    heuristic_objective: f64,
    clerk: CostTerms,
    /// The cheaper of the careful and the price-guided plans: the search starts from it.
    best: Booking,
    /// The pairs with their coupling rows, when few enough to price (`MAX_PRICED_PAIRS`).
    priced: Option<PricedPairs>,
    prices: Option<Vec<f64>>,
    /// `guide[c][k]`: case c's priced cost in session `eligible[c][k]`.
    guide: Option<Vec<Vec<f64>>>,
}

impl FirstPlans {
    fn build(
        problem: &Problem,
        rules: &Rules,
        pricing: &Pricing,
        eligible: &[Vec<usize>],
        budget: &Budget,
        warm: Option<&Booking>,
    ) -> FirstPlans {
        budget.progress.phase("the careful scheduler's plan");
        let start = construct::construct(problem, rules, pricing, eligible);
        let heuristic_objective = pricing.plan_cost(&start).total();
        // Every later plan is at most as dear (each step keeps the cheaper plan).
        budget.standing.plan_found(heuristic_objective);
        budget.progress.phase("the clerk's first fit");
        let clerk = pricing.plan_cost(&construct::first_fit(problem, rules, eligible));
        let pair_count: usize = eligible.iter().map(Vec::len).sum();
        // Capacity prices from a short subgradient search give a better first plan (each
        // case in the session of least priced cost with room) and seed the LP bound.
        budget.progress.phase("capacity prices");
        let priced = (pair_count <= MAX_PRICED_PAIRS && budget.remaining() > 1.0)
            .then(|| PricedPairs::new(problem, rules, pricing, eligible));
        let prices = priced.as_ref().map(|pairs| {
            let seconds = (budget.remaining() * shares::PRICES).min(5.0);
            let end = Instant::now() + Duration::from_secs_f64(seconds);
            pairs
                .maximise(heuristic_objective, None, end, usize::MAX)
                .prices
        });
        let guide = priced
            .as_ref()
            .zip(prices.as_ref())
            .map(|(pairs, prices)| pairs.priced(prices));
        let mut best = start;
        budget.progress.phase("the price-guided plan");
        if let Some(guide) = &guide {
            let guided = construct::construct_guided(problem, rules, pricing, eligible, guide);
            if pricing.plan_cost(&guided).total() < heuristic_objective {
                best = guided;
            }
        }
        // A plan of an earlier run on the same inputs (under other prices): a start the
        // search need not rebuild, when it keeps every rule and is cheaper here.
        if let Some(warm) = warm.filter(|w| w.len() == problem.cases.len()) {
            let cost = pricing.plan_cost(warm).total();
            if cost < pricing.plan_cost(&best).total() && check(problem, rules, warm).is_empty() {
                budget.standing.plan_found(cost);
                best = warm.clone();
            }
        }
        FirstPlans {
            heuristic_objective,
            clerk,
            best,
            priced,
            prices,
            guide,
        }
    }
}

/// Plans `problem` within the time limit counted from `started`, reporting on
/// `progress`: the first plans, then the two cores (one proves the bound, the other
/// improves the plan), the better plan kept, completed, checked, and its bound and gap.
/// Never returns a plan that the independent check rejects.
pub fn solve(
    problem: &Problem,
    rules: &Rules,
    limits: &SolverLimits,
    weights: &Weights,
    started: Instant,
    progress: &Progress,
) -> Result<Solution> {
    solve_from(problem, rules, limits, weights, started, progress, None)
}

/// As [`solve`], offered `warm`, a plan of the same inputs from an earlier run (under
/// other weights): the search starts from it when it keeps every rule and is cheaper
/// than the first plans.
pub fn solve_from(
    problem: &Problem,
    rules: &Rules,
    limits: &SolverLimits,
    weights: &Weights,
    started: Instant,
    progress: &Progress,
    warm: Option<&Booking>,
) -> Result<Solution> {
    progress.phase("first plan");
    let pricing = Pricing::new(problem, weights);
    let eligible = eligible_sessions_on(problem, rules, limits.threads as usize);
    // The time limit is for the whole run: keep a margin for checking and writing.
    let per_case = problem.cases.len() as f64 * RESERVE_PER_CASE;
    let reserve = ((limits.time_limit_s * shares::RESERVE).clamp(0.5, 5.0) + per_case)
        .min(limits.time_limit_s / 2.0);
    // Every phase reports its plans and bounds here; once they prove the plan within
    // --gap the budget has no time left, and the run ends.
    let standing = Standing::new(limits.gap);
    standing.bound_found(pricing.bound_without_capacity(&eligible));
    let budget = Budget {
        limits,
        end: started + Duration::from_secs_f64((limits.time_limit_s - reserve).max(0.0)),
        progress,
        standing: &standing,
    };
    let first = FirstPlans::build(problem, rules, &pricing, &eligible, &budget, warm);
    progress.phase("repairing the first plan");
    let pair_count: usize = eligible.iter().map(Vec::len).sum();
    let parts = parts::find(problem, &eligible, weights.theatre_change > 0.0);

    // With two cores or more, one proves the bound while the others improve the plan (the
    // bound's core joins them once done); on one core the bound's work comes first, in
    // half the time, then the search.
    let parallel = limits.threads >= 2;
    let other = OtherCore::new(parallel);
    let board = PriceBoard::default();
    let plan_board = PlanBoard::default();
    let search = Search {
        problem,
        rules,
        pricing: &pricing,
        eligible: &eligible,
        guide: first.guide.as_deref(),
        prices: first.priced.as_ref().map(|pairs| (pairs, &board)),
        plans: Some(&plan_board),
    };
    let mut booking = first.best.clone();
    let repair_end = Instant::now()
        + Duration::from_secs_f64(budget.remaining().max(0.0) * shares::FIRST_REPAIR);
    let mut promoted = search.repair(&mut booking, repair_end.min(budget.end));
    let worth_searching = pair_count > 0 && !crate::solver::interrupt::requested();
    let snapshot = booking.clone();
    let priced = first
        .priced
        .as_ref()
        .zip(first.prices.as_deref())
        .map(|(pairs, prices)| (pairs, prices, &board));
    let bound_work_within = |budget: &Budget| {
        bound_work(
            problem,
            rules,
            &pricing,
            &eligible,
            &parts,
            priced,
            &snapshot,
            &plan_board,
            budget,
        )
    };
    // A panic in the search leaves `booking` as it was (a plan the check accepts).
    let search_within = |booking: &mut Booking| {
        if worth_searching {
            faults::caught("the neighbourhood search", || {
                improve(&search, booking, &budget, &other)
            })
        } else {
            Ok(SearchReport::default())
        }
    };
    let (work, report) = if parallel {
        std::thread::scope(|scope| {
            let bound = scope.spawn(|| {
                let _finished = other.finished_on_drop();
                let work = bound_work_within(&budget);
                progress.phase("the bound's core is done");
                work
            });
            let report = search_within(&mut booking);
            progress.phase("the search is done");
            let work = bound
                .join()
                .map_err(|payload| faults::described("the bound's work", payload.as_ref()));
            (work, report)
        })
    } else {
        let half = Duration::from_secs_f64(budget.remaining().max(0.0) / 2.0);
        let bound_budget = Budget {
            end: budget.end.min(Instant::now() + half),
            ..budget
        };
        let work = faults::caught("the bound's work", || bound_work_within(&bound_budget));
        (work, search_within(&mut booking))
    };
    progress.phase("choosing and completing the plan");
    let mut faults = Vec::new();
    let mut work = work.unwrap_or_else(BoundWork::failed);
    faults.append(&mut work.faults);
    let mut report = report.unwrap_or_else(|fault| {
        faults.push(fault);
        SearchReport::default()
    });
    faults.append(&mut report.faults);
    let mut source = if report.improvements > 0 {
        PlanSource::Solver
    } else {
        PlanSource::Heuristic
    };
    let message = choose(
        problem,
        rules,
        &pricing,
        &parts,
        &work,
        &mut booking,
        &mut source,
    );
    promoted += search.repair(&mut booking, budget.end);

    progress.phase("checking and explaining");
    let violations = check(problem, rules, &booking);
    if !violations.is_empty() {
        let text: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
        return Err(Error::PlanRejected(text.join("\n")));
    }
    let objective = pricing.plan_cost(&booking).total();
    let (best_bound, bound_source) =
        best_bound(&pricing, &eligible, &parts, first.priced.as_ref(), &work);
    let best_bound = best_bound.min(objective);
    let outcome = &work.whole;
    // A run whose bound proved its plan within --gap ended there, whichever phase was
    // running (a HiGHS run it stopped says `Interrupted`): it is optimal within the gap.
    let status = if standing.proven() && !crate::solver::interrupt::requested() {
        SolverStatus::Optimal
    } else {
        outcome.status
    };
    let report = SolverReport {
        status,
        plan_source: source,
        objective,
        best_bound,
        bound_source,
        gap: gap(objective, best_bound),
        heuristic_objective: first.heuristic_objective,
        first_fit_objective: first.clerk.total(),
        first_fit_weighted_days_late: first.clerk.late,
        weighted_days_late_floor: pricing.lateness_floor(&eligible),
        variables: work.variables,
        constraints: work.constraints,
        solver_seconds: outcome.seconds,
        search: report,
        late_cases_promoted: promoted,
        parts: PartsReport {
            count: parts_with_pairs(&parts, &eligible),
            given_to_solver: work.parts.len(),
            optimal: work
                .parts
                .iter()
                .filter(|(_, o)| o.status == SolverStatus::Optimal)
                .count(),
        },
        message,
        faults,
    };
    Ok(Solution {
        booking,
        eligible,
        report,
    })
}

/// Takes the bound core's plans where they are no dearer than the search's and the check
/// accepts them: the whole model's (on a tie it is preferred: it does not depend on the
/// workers' timing), then each part's. Returns why a plan was refused, if one was.
fn choose(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    parts: &[Vec<usize>],
    work: &BoundWork,
    booking: &mut Booking,
    source: &mut PlanSource,
) -> Option<String> {
    let mut message = work.whole.message.clone();
    if let Some(candidate) = &work.whole.booking {
        let violations = check(problem, rules, candidate);
        if !violations.is_empty() {
            message = Some(format!(
                "the solver's plan failed the check ({}), it was not used",
                violations[0]
            ));
        } else if no_dearer(
            pricing.plan_cost(candidate).total(),
            pricing.plan_cost(booking).total(),
        ) {
            *booking = candidate.clone();
            *source = PlanSource::Solver;
        }
    }
    if !work.parts.is_empty() {
        if let Some(why) = take_parts(problem, rules, pricing, parts, &work.parts, booking) {
            message = Some(why);
        } else if work.parts.iter().any(|(_, o)| o.booking.is_some()) {
            *source = PlanSource::Solver;
        }
    }
    message
}

/// The highest of the proven lower bounds and where it comes from: every case at its
/// cheapest option (capacity ignored), the parts' sum, HiGHS's on the whole model, the
/// LP relaxation's, the day relaxations'.
fn best_bound(
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    parts: &[Vec<usize>],
    priced: Option<&PricedPairs>,
    work: &BoundWork,
) -> (f64, BoundSource) {
    let without_capacity = pricing.bound_without_capacity(eligible);
    let lp_bound = work
        .lp
        .as_ref()
        .map(|lp| lp.value)
        .filter(|b| b.is_finite());
    let by_parts = (!work.parts.is_empty()).then(|| {
        let part_of = part_of_case(parts);
        let lp_parts = priced
            .zip(work.lp.as_ref())
            .map(|(pairs, lp)| pairs.evaluate_parts(&lp.prices, &part_of, parts.len()));
        // Each part's knapsack bound, where higher than its share of the LP's.
        let list_parts = priced
            .zip(work.lists.as_ref())
            .map(|(pairs, lists)| pairs.evaluate_lists_parts(&lists.prices, &part_of, parts.len()));
        let priced_parts = match (lp_parts, list_parts) {
            (Some(lp), Some(lists)) => {
                Some(lp.iter().zip(&lists).map(|(a, b)| a.max(*b)).collect())
            }
            (lp, lists) => lp.or(lists),
        };
        parts_bound(
            pricing,
            eligible,
            parts,
            &work.parts,
            priced_parts.as_deref(),
        )
    });
    [
        (by_parts, BoundSource::Parts),
        (work.whole.bound, BoundSource::Solver),
        (lp_bound, BoundSource::LpRelaxation),
        (
            work.lists
                .as_ref()
                .map(|l| l.value)
                .filter(|b| b.is_finite()),
            BoundSource::ListKnapsacks,
        ),
        (work.days, BoundSource::DayRelaxation),
    ]
    .into_iter()
    .filter_map(|(bound, source)| Some((bound?, source)))
    .fold(
        (without_capacity, BoundSource::CapacityIgnored),
        |best, next| if next.0 > best.0 { next } else { best },
    )
}

/// `(objective − bound) / |objective|`, 0 for a plan that costs nothing.
fn gap(objective: f64, bound: f64) -> f64 {
    if objective.abs() < 1e-9 {
        0.0
    } else {
        (objective - bound) / objective.abs()
    }
}
