//! The planning run on two cores within the time limit: the first plans, then one core
//! proving the bound (LP relaxation, whole model or parts, day relaxations) while the
//! other searches for better plans, the better plan kept, completed and checked. Returns
//! a `Solution`; the explanations are `explain`'s.

use crate::domain::error::{Error, Result};
use crate::domain::weights::Weights;
use crate::domain::{Booking, Problem, Rules};
use crate::model;
use crate::pricing::{no_dearer, CostTerms, Pricing};
use crate::rules::check::check;
use crate::rules::eligibility::eligible_sessions;
use crate::solver::bound::{LagrangianBound, PriceBoard, PricedPairs};
use crate::solver::components;
use crate::solver::construct;
use crate::solver::floors::{broken_cost, unbooked_floors, UnbookedFloor};
use crate::solver::highs::{Budget, SolveOutcome, SolverStatus};
use crate::solver::packing;
use crate::solver::progress::Progress;
use crate::solver::result::{BoundSource, PartsReport, PlanSource, Solution, SolverReport};
use crate::solver::search::{cost_if_better, improve, OtherCore, PlanBoard, Search, SearchReport};
use crate::solver::SolverLimits;
use std::time::{Duration, Instant};

/// How the time limit is shared out: each a fraction of the time left when the step
/// starts (so what one step leaves unused goes to the next). Measured figures behind
/// them are in docs/benchmarks.md.
mod shares {
    /// Kept back from the solver for checking and writing (clamped to 0.5..5 s).
    pub const RESERVE: f64 = 0.05;
    /// The subgradient search for capacity prices before the cores start (at most 5 s):
    /// enough for prices that guide the first plan, little of a short limit.
    pub const PRICES: f64 = 0.08;
    /// The LP bound by column generation when HiGHS will run on the whole model next and
    /// the objective has no plan-level terms: the whole model's root cuts give a stronger
    /// bound, so it gets most of the time.
    pub const LP_BEFORE_WHOLE_MODEL: f64 = 0.25;
    /// The LP bound when lists cost money to open or surgeons to change theatre: the LP
    /// leaves those costs out, so the day relaxations get nearly all the time.
    pub const LP_BEFORE_DAY_RELAXATIONS: f64 = 0.05;
    /// The LP bound when nothing else runs on the bound's core (too large, or split
    /// into parts that are solved after it): all of it.
    pub const LP_ALONE: f64 = 1.0;
    /// The surgeons' unbooked floors (about 1-2 s on IHTC-2024's largest instances).
    pub const FLOORS: f64 = 0.05;
    /// The day relaxation by minutes, twice at once (with and without the floors).
    pub const DAYS_BY_MINUTES: f64 = 0.7;
    /// The day relaxation by theatre, after that: its bound comes within seconds.
    pub const DAYS_BY_THEATRE: f64 = 0.5;
    /// Packing a day plan into lists, after each day relaxation.
    pub const PACKING: f64 = 0.6;
}

/// Above this many allowed case-session pairs the whole model is not given to HiGHS: at
/// 1.3 million (5,000 cases) its root LP alone takes most of a minute, and at 7 million
/// (20,000 cases) it took 5.4 GB without finishing the root LP in 60 s.
pub const MAX_MODEL_PAIRS: usize = 400_000;

/// Above this many pairs the capacity prices and the LP bound are not computed (memory:
/// about 40 bytes per pair).
pub const MAX_PRICED_PAIRS: usize = 25_000_000;

/// The pairs per case that start the LP bound's column generation.
const LP_COLUMNS_PER_CASE: usize = 4;

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
) -> (Option<f64>, Option<Booking>) {
    let seconds = budget.remaining() * share;
    if relaxation.variable_count() == 0 || seconds < 0.5 {
        return (None, None);
    }
    let outcome = budget.solve_on_one_thread(relaxation, "day relaxation", None, seconds);
    let Some(days) = outcome.booking else {
        return (outcome.bound, None);
    };
    let seconds = (budget.remaining() * shares::PACKING).max(0.0);
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
) -> (Option<f64>, Option<Booking>) {
    let plain = model::days::build_days(problem, rules, pricing, eligible, &[]);
    let floored = model::days::build_days(problem, rules, pricing, eligible, floors);
    let seconds = budget.remaining() * shares::DAYS_BY_MINUTES;
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
    let seconds = (budget.remaining() * shares::PACKING).max(0.0);
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
        if crate::solver::interrupt::requested() || seconds < 0.05 {
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
        let positions: Booking = (0..problem.cases.len())
            .map(|c| start[c].and_then(|s| eligible[c].iter().position(|&x| x == s)))
            .collect();
        // Leave the whole model most of the time when it will run, and the day
        // relaxation more still when lists cost money (the LP leaves those costs out).
        let share = match (whole_fits, pricing.has_plan_level_terms()) {
            (false, _) => shares::LP_ALONE,
            (true, false) => shares::LP_BEFORE_WHOLE_MODEL,
            (true, true) => shares::LP_BEFORE_DAY_RELAXATIONS,
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
    let (whole, variables, constraints) = if crate::solver::interrupt::requested() {
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
        let mut cost = pricing.plan_cost(start).total();
        let mut keep = |bound: Option<f64>, packed: Option<Booking>| {
            days = [days, bound].into_iter().flatten().reduce(f64::max);
            let Some(packed) = packed else { return };
            if let Some(better) = cost_if_better(problem, rules, pricing, &packed, cost) {
                plans.post(packed.clone());
                plan = packed;
                cost = better;
            }
        };
        let seconds = budget.remaining() * shares::FLOORS;
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
        let (bound, packed) = solve_days(
            problem,
            rules,
            pricing,
            eligible,
            budget,
            by_theatre,
            shares::DAYS_BY_THEATRE,
        );
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
    ) -> FirstPlans {
        let start = construct::construct(problem, rules, pricing, eligible);
        let heuristic_objective = pricing.plan_cost(&start).total();
        let clerk = pricing.plan_cost(&construct::first_fit(problem, rules, eligible));
        let pair_count: usize = eligible.iter().map(Vec::len).sum();
        // Capacity prices from a short subgradient search give a better first plan (each
        // case in the session of least priced cost with room) and seed the LP bound.
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
        if let Some(guide) = &guide {
            let guided = construct::construct_guided(problem, rules, pricing, eligible, guide);
            if pricing.plan_cost(&guided).total() < heuristic_objective {
                best = guided;
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
    progress.phase("first plan");
    let pricing = Pricing::new(problem, weights);
    let eligible = eligible_sessions(problem, rules);
    // The time limit is for the whole run: keep a margin for checking and writing.
    let reserve = (limits.time_limit_s * shares::RESERVE).clamp(0.5, 5.0);
    let budget = Budget {
        limits,
        end: started + Duration::from_secs_f64((limits.time_limit_s - reserve).max(0.0)),
        progress,
    };
    let first = FirstPlans::build(problem, rules, &pricing, &eligible, &budget);
    let pair_count: usize = eligible.iter().map(Vec::len).sum();
    let parts = components::parts(problem, &eligible, weights.theatre_change > 0.0);

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
        guide: first.guide.as_deref(),
        prices: first.priced.as_ref().map(|pairs| (pairs, &board)),
        plans: Some(&plan_board),
    };
    let mut booking = first.best.clone();
    let mut promoted = search.repair(&mut booking, budget.end);
    let worth_searching = pair_count > 0 && !crate::solver::interrupt::requested();
    let snapshot = booking.clone();
    let (work, report) = std::thread::scope(|scope| {
        let bound = scope.spawn(|| {
            let work = bound_work(
                problem,
                rules,
                &pricing,
                &eligible,
                &parts,
                first
                    .priced
                    .as_ref()
                    .zip(first.prices.as_deref())
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
    let report = SolverReport {
        status: outcome.status,
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
        let lp_parts = priced
            .zip(work.lp.as_ref())
            .map(|(pairs, lp)| pairs.evaluate_parts(&lp.prices, &part_of_case(parts), parts.len()));
        parts_bound(pricing, eligible, parts, &work.parts, lp_parts.as_deref())
    });
    [
        (by_parts, BoundSource::Parts),
        (work.whole.bound, BoundSource::Solver),
        (lp_bound, BoundSource::LpRelaxation),
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
