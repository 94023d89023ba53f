//! `rebook plan` from validated problem to finished plan: the constructive start, the
//! MILP, a repair pass, the independent check, and the explanations.

use crate::bound::{LagrangianBound, PriceBoard, PricedPairs};
use crate::check::check;
use crate::components;
use crate::config::{Rules, SolverLimits};
use crate::cost::{CostTerms, Pricing};
use crate::deadline::days_late;
use crate::domain::Problem;
use crate::eligibility::eligible_sessions;
use crate::error::{Error, Result};
use crate::explain::Explainer;
use crate::heuristic;
use crate::improve::{cost_if_better, improve, OtherCore, PlanBoard, Search, SearchReport};
use crate::model;
use crate::packing;
use crate::progress::Progress;
use crate::schedule::{sequence, BookedCase};
use crate::solve::{Budget, SolveOutcome, SolverStatus};
use crate::unbooked_floor::{broken_cost, unbooked_floors, UnbookedFloor};
use crate::weights::Weights;
use serde::Serialize;
use std::time::{Duration, Instant};

/// Above this many allowed case-session pairs the whole model is not given to HiGHS: at
/// 1.3 million (5,000 cases) its root LP alone takes most of a minute, and at 7 million
/// (20,000 cases) it took 5.4 GB without finishing the root LP in 60 s.
pub const MAX_MODEL_PAIRS: usize = 400_000;

/// Above this many pairs the capacity prices and the LP bound are not computed (memory:
/// about 40 bytes per pair).
pub const MAX_PRICED_PAIRS: usize = 25_000_000;

/// The share of the time left that the surgeons' unbooked floors may take (they took
/// 1.0 s for i24's four surgeons and 2.0 s for i22's six, most levels proven).
const FLOORS_SHARE: f64 = 0.05;

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
    /// The sum over independent parts (see `components`) of each part's best bound of
    /// the three above, HiGHS's being for that part's own model.
    Parts,
    /// HiGHS's bound on the day relaxation (`model::days`), run when lists cost money to
    /// open or surgeons to change theatre.
    DayRelaxation,
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
    /// How the problem split into independent parts.
    pub parts: PartsReport,
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
        let label = format!("whole model ({} binaries)", size.0);
        budget.solve_on_one_thread(model, &label, Some(start), seconds)
    };
    (outcome, size.0, size.1)
}

/// A day relaxation (`model::days`; here the one by theatre, which takes no start) for
/// `share` of the time left; then its days packed into lists (`packing`). Returns
/// HiGHS's bound on the relaxation and the packed plan.
fn solve_days(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    budget: &Budget,
    relaxation: model::Model,
    share: f64,
) -> (Option<f64>, Option<Vec<Option<usize>>>) {
    let seconds = budget.remaining() * share;
    if relaxation.variable_count() == 0 || seconds < 0.5 {
        return (None, None);
    }
    let outcome = budget.solve_on_one_thread(relaxation, "day relaxation", None, seconds);
    let Some(days) = outcome.booking else {
        return (outcome.bound, None);
    };
    let seconds = (budget.remaining() * 0.6).max(0.0);
    let packed = packing::pack(problem, rules, pricing, eligible, &days, budget, seconds);
    (outcome.bound, Some(packed))
}

/// The day relaxation by minutes twice at once, on the two cores, for 70% of the time
/// left: without and with the surgeons' unbooked floors; the search's first worker
/// waits meanwhile. Returns the higher bound and the cheaper day plan packed into lists.
///
/// Neither variant's day plans are the better ones throughout (IHTC-2024, 60 s, one
/// after the other in single runs: with the floors i24 31,045 → 30,875 but i22 31,027 →
/// 31,667, i27 33,945 → 34,755, i26 45,485 → 46,175), and the search does little on
/// the other core meanwhile (its plan when the packed one arrives: i24 36,975, test10
/// 33,490 against 31,045 and 26,650). Side by side, with the search waiting: i24
/// 30,875, i22 31,027, i27 33,825, test10 26,600, i26 44,960. (Tried side by side with
/// the relaxation by theatre instead, the search not waiting, i24's relaxation by
/// minutes had stopped at 31,200 in both runs.)
fn solve_days_side_by_side(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    budget: &Budget,
    floors: &[UnbookedFloor],
    plans: &PlanBoard,
) -> (Option<f64>, Option<Vec<Option<usize>>>) {
    let plain = model::days::build_days(problem, rules, pricing, eligible, &[]);
    let floored = model::days::build_days(problem, rules, pricing, eligible, floors);
    let seconds = budget.remaining() * 0.7;
    if plain.variable_count() == 0 || seconds < 0.5 {
        return (None, None);
    }
    // Without a warm start: HiGHS found better day plans on its own (IHTC, 60 s: test10
    // 26,780 → 26,640, i24 31,245 → 31,040, i22 31,133 → 31,027; i17 22,405 → 22,505
    // and i08 3,610 → 3,630 within the run-to-run spread); the greedy plan it was given
    // is far dearer than what the relaxation finds (test10: 37,950).
    plans.hold(true);
    let (without, with) = std::thread::scope(|scope| {
        let with = scope.spawn(|| {
            budget.solve_on_one_thread(floored, "day relaxation with floors", None, seconds)
        });
        let without = budget.solve_on_one_thread(plain, "day relaxation", None, seconds);
        (without, with.join().ok())
    });
    plans.hold(false);
    // A plan that breaks a floor's row leaves a dearer case unbooked.
    let floored_bound = with.as_ref().and_then(|outcome| outcome.bound);
    let floored_bound = floored_bound.map(|b| b.min(broken_cost(floors)));
    let bound = [without.bound, floored_bound]
        .into_iter()
        .flatten()
        .reduce(f64::max);
    let cheaper = [Some(without), with]
        .into_iter()
        .flatten()
        .filter_map(|outcome| Some((outcome.objective?, outcome.booking?)))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let Some((_, days)) = cheaper else {
        return (bound, None);
    };
    let seconds = (budget.remaining() * 0.6).max(0.0);
    let packed = packing::pack(problem, rules, pricing, eligible, &days, budget, seconds);
    (bound, Some(packed))
}

/// What the bound's core found: the LP relaxation's bound (by column generation) and,
/// for a small enough problem, HiGHS's run on the whole model, or, when the problem
/// splits into independent parts, on each part small enough.
struct BoundWork {
    lp: Option<LagrangianBound>,
    /// HiGHS's bound on the day relaxation, when it ran.
    days: Option<f64>,
    whole: SolveOutcome,
    /// (part index, HiGHS's run on the part's own model).
    parts: Vec<(usize, SolveOutcome)>,
    variables: usize,
    constraints: usize,
}

/// Solves each part small enough (smallest first, each given its share of the time left
/// by its pairs, so time a part leaves unused goes to the next) from `start`. Each
/// outcome's booking lists the part's cases only, in the part's order.
fn solve_parts(
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
        let seconds = budget.remaining() * pairs as f64 / left.max(1) as f64;
        left -= pairs;
        if crate::interrupt::requested() || seconds < 0.05 {
            break;
        }
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

/// The bound's core: the LP relaxation's bound first, then (when the whole model is
/// small enough) HiGHS on the whole model, whose root cuts give a stronger bound.
#[allow(clippy::too_many_arguments)]
fn bound_work(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    parts: &[Vec<usize>],
    priced: Option<(&PricedPairs, &[f64], &PriceBoard)>,
    start: &[Option<usize>],
    plans: &PlanBoard,
    budget: &Budget,
) -> BoundWork {
    let pair_count: usize = eligible.iter().map(Vec::len).sum();
    let split = parts_with_pairs(parts, eligible) > 1;
    let whole_fits = if split {
        part_pairs(parts, eligible).into_iter().any(part_fits)
    } else {
        pair_count <= MAX_MODEL_PAIRS
    };
    let lp = priced.map(|(pairs, prices, board)| {
        let positions: Vec<Option<usize>> = (0..problem.cases.len())
            .map(|c| start[c].and_then(|s| eligible[c].iter().position(|&x| x == s)))
            .collect();
        // Leave the whole model most of the time when it will run, and the day
        // relaxation more still when lists cost money (the LP leaves those costs out).
        let share = match (whole_fits, pricing.has_plan_level_terms()) {
            (false, _) => 1.0,
            (true, false) => 0.25,
            (true, true) => 0.05,
        };
        let seconds = (budget.remaining() * share).max(0.0);
        pairs.lp_bound(
            prices,
            &positions,
            LP_COLUMNS_PER_CASE,
            Instant::now() + Duration::from_secs_f64(seconds),
            board,
        )
    });
    let mut part_outcomes = Vec::new();
    let mut days = None;
    let (whole, variables, constraints) = if crate::interrupt::requested() {
        let why = "interrupted before the solver ran: the heuristic plan was written";
        (SolveOutcome::not_run(why), 0, 0)
    } else if split {
        let (outcomes, variables, constraints) =
            solve_parts(problem, rules, pricing, eligible, parts, start, budget);
        let summary = summarise_parts(&outcomes, parts_with_pairs(parts, eligible));
        part_outcomes = outcomes;
        (summary, variables, constraints)
    } else if !whole_fits {
        let why = "the whole model is too large to solve within the limits (over 400,000 \
                   case-session pairs): the bound is the LP relaxation's, the plan comes from \
                   the neighbourhood search";
        (SolveOutcome::not_run(why), 0, 0)
    } else if pricing.has_plan_level_terms() {
        let mut plan = start.to_vec();
        let mut cost = pricing.plan(start).total();
        let mut keep = |bound: Option<f64>, packed: Option<Vec<Option<usize>>>| {
            days = [days, bound].into_iter().flatten().reduce(f64::max);
            let Some(packed) = packed else { return };
            if let Some(better) = cost_if_better(problem, rules, pricing, &packed, cost) {
                plans.post(packed.clone());
                plan = packed;
                cost = better;
            }
        };
        let seconds = budget.remaining() * FLOORS_SHARE;
        let floors = unbooked_floors(problem, rules, pricing, eligible, budget, seconds);
        let (bound, packed) =
            solve_days_side_by_side(problem, rules, pricing, eligible, budget, &floors, plans);
        keep(bound, packed);
        // Then by theatre, whose bound comes within seconds and is higher where packing
        // surgeons' days into lists costs lists or theatre changes (i24 30,495 → 30,565,
        // i08 3,500 → 3,550, i29 7,615 → 7,665), the floors lifting it further (i24
        // 30,565 → 30,785, i27 33,245 → 33,430, i22 30,555 → 30,665, single runs).
        let by_theatre =
            model::days::build_days_by_theatre(problem, rules, pricing, eligible, &floors);
        let (bound, packed) =
            solve_days(problem, rules, pricing, eligible, budget, by_theatre, 0.5);
        // A plan that breaks a floor's row leaves a dearer case unbooked.
        keep(bound.map(|b| b.min(broken_cost(&floors))), packed);
        solve_whole_model(problem, rules, pricing, eligible, &plan, budget)
    } else {
        solve_whole_model(problem, rules, pricing, eligible, start, budget)
    };
    BoundWork {
        lp,
        days,
        whole,
        parts: part_outcomes,
        variables,
        constraints,
    }
}

/// The parts that have something to decide.
fn parts_with_pairs(parts: &[Vec<usize>], eligible: &[Vec<usize>]) -> usize {
    part_pairs(parts, eligible)
        .into_iter()
        .filter(|&pairs| pairs > 0)
        .count()
}

/// Each part's allowed case-session pairs.
fn part_pairs(parts: &[Vec<usize>], eligible: &[Vec<usize>]) -> Vec<usize> {
    parts
        .iter()
        .map(|part| part.iter().map(|&c| eligible[c].len()).sum())
        .collect()
}

/// Whether a part of `pairs` pairs is given to HiGHS as its own model.
fn part_fits(pairs: usize) -> bool {
    pairs > 0 && pairs <= MAX_MODEL_PAIRS
}

/// One status and message for the parts' runs: optimal only if every part was solved to
/// optimality; otherwise the first limit met. Plans and bounds stay per part.
fn summarise_parts(outcomes: &[(usize, SolveOutcome)], parts: usize) -> SolveOutcome {
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

/// How the problem split (see `components`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PartsReport {
    /// Independent parts with something to decide (1: the problem does not split).
    pub count: usize,
    /// Parts whose own model HiGHS ran on.
    pub given_to_solver: usize,
    /// Of those, the parts solved to optimality (within `--gap`).
    pub optimal: usize,
}

/// `part_of_case[c]`: the index of case c's part.
fn part_of_case(parts: &[Vec<usize>]) -> Vec<usize> {
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
fn take_parts(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    parts: &[Vec<usize>],
    outcomes: &[(usize, SolveOutcome)],
    booking: &mut Vec<Option<usize>>,
) -> Option<String> {
    let mut merged = booking.clone();
    for (k, outcome) in outcomes {
        let Some(candidate) = &outcome.booking else {
            continue;
        };
        let cases = &parts[*k];
        let theirs = part_cost(pricing, cases, |i| candidate[i]);
        if theirs <= part_cost(pricing, cases, |i| booking[cases[i]]) + 1e-6 {
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
/// (when run), the part's share of the LP relaxation's bound (`lp_parts`, see
/// `PricedPairs::evaluate_parts`), or its cases at their cheapest options.
fn parts_bound(
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
    let parts = components::parts(problem, &eligible, weights.theatre_change > 0.0);

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
    let other = OtherCore::new(true);
    let board = PriceBoard::default();
    let plan_board = PlanBoard::default();
    let search = Search {
        problem,
        rules,
        pricing: &pricing,
        eligible: &eligible,
        guide: guide.as_deref(),
        prices: priced.as_ref().map(|pairs| (pairs, &board)),
        plans: Some(&plan_board),
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
                &parts,
                priced
                    .as_ref()
                    .zip(prices.as_deref())
                    .map(|(pairs, prices)| (pairs, prices, &board)),
                &snapshot,
                &plan_board,
                &budget,
            );
            other.finished();
            work
        });
        let report = if worth_searching {
            improve(&search, &mut booking, &budget, &other)
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
    if !work.parts.is_empty() {
        if let Some(why) = take_parts(problem, rules, &pricing, &parts, &work.parts, &mut booking) {
            message = Some(why);
        } else if work.parts.iter().any(|(_, o)| o.booking.is_some()) {
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
    let lp_bound = work
        .lp
        .as_ref()
        .map(|lp| lp.value)
        .filter(|b| b.is_finite());
    let by_parts = (!work.parts.is_empty()).then(|| {
        let lp_parts = priced.as_ref().zip(work.lp.as_ref()).map(|(pairs, lp)| {
            pairs.evaluate_parts(&lp.prices, &part_of_case(&parts), parts.len())
        });
        parts_bound(
            &pricing,
            &eligible,
            &parts,
            &work.parts,
            lp_parts.as_deref(),
        )
    });
    let (best_bound, bound_source) = [
        (by_parts, BoundSource::Parts),
        (outcome.bound, BoundSource::Solver),
        (lp_bound, BoundSource::LpRelaxation),
        (work.days, BoundSource::DayRelaxation),
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
    let mut explainer = Explainer::new(problem, rules, &pricing, &eligible, &booking);
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
        },
    })
}
