//! The bound's core: the LP relaxation's bound by column generation first, then HiGHS
//! on the whole model (or, when the problem splits, on each part small enough), or,
//! when lists cost money to open or surgeons to change theatre, the day relaxations and
//! their day plans packed into lists. Each step's share of the time is
//! `policy::shares`'.

use crate::domain::{Booking, Problem, Rules};
use crate::model;
use crate::pricing::Pricing;
use crate::solver::bound::{LagrangianBound, PriceBoard, PricedPairs};
use crate::solver::faults;
use crate::solver::floors::{broken_cost, unbooked_floors, UnbookedFloor};
use crate::solver::highs::{Budget, SolveOutcome};
use crate::solver::list_bound::ListBound;
use crate::solver::packing;
use crate::solver::parts::{part_fits, part_pairs, parts_with_pairs, solve_parts, summarise_parts};
use crate::solver::policy::{shares, LP_COLUMNS_PER_CASE, MAX_MODEL_PAIRS};
use crate::solver::search::{cost_if_better, PlanBoard};
use std::time::{Duration, Instant};

/// What the bound's core found: the LP relaxation's bound (by column generation) and,
/// for a small enough problem, HiGHS's run on the whole model, or, when the problem
/// splits into independent parts, on each part small enough.
pub(super) struct BoundWork {
    pub(super) lp: Option<LagrangianBound>,
    /// The knapsack bound from the LP's prices (`solver::list_bound`).
    pub(super) lists: Option<ListBound>,
    /// HiGHS's bound on the day relaxation, when it ran.
    pub(super) days: Option<f64>,
    pub(super) whole: SolveOutcome,
    /// (part index, HiGHS's run on the part's own model).
    pub(super) parts: Vec<(usize, SolveOutcome)>,
    pub(super) variables: usize,
    pub(super) constraints: usize,
    /// Internal errors the bound's work survived (see `faults`).
    pub(super) faults: Vec<String>,
}

/// Why the whole model did not run when the first plans were already proven within
/// `--gap` (then it has nothing left to find).
pub(crate) const PROVEN_BEFORE_THE_MODEL: &str =
    "the plan was proven within --gap before the whole model ran";

impl BoundWork {
    /// The bound's work when it stopped with an internal error: no bound of its own, no
    /// plan; the run goes on with the search's plan.
    pub(super) fn failed(fault: String) -> BoundWork {
        BoundWork {
            lp: None,
            lists: None,
            days: None,
            whole: SolveOutcome::not_run("the bound's work stopped with an internal error"),
            parts: Vec::new(),
            variables: 0,
            constraints: 0,
            faults: vec![fault],
        }
    }
}

/// The bound's core: the LP relaxation's bound first, then (when the whole model is
/// small enough) HiGHS on the whole model, whose root cuts give a stronger bound.
#[allow(clippy::too_many_arguments)]
pub(super) fn bound_work(
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
    faults::inject("bound");
    let mut found = Vec::new();
    let pair_count: usize = eligible.iter().map(Vec::len).sum();
    let split = parts_with_pairs(parts, eligible) > 1;
    let whole_fits = if split {
        part_pairs(parts, eligible).into_iter().any(part_fits)
    } else {
        pair_count <= MAX_MODEL_PAIRS
    };
    // Nothing runs after the LP on the bound's core when the whole model (or, split,
    // every part) is too large for HiGHS.
    let alone = !whole_fits;
    let bound_time = budget.remaining();
    let mut first_lists = None;
    let lp = priced.map(|(pairs, prices, board)| {
        let positions: Vec<Option<usize>> = (0..problem.cases.len())
            .map(|c| start[c].and_then(|s| eligible[c].iter().position(|&x| x == s)))
            .collect();
        if alone {
            let (lp, first) = lp_alone(pairs, prices, &positions, board, budget);
            first_lists = Some(first);
            return lp;
        }
        // Leave the whole model most of the time when it will run, and the day
        // relaxation more still when lists cost money (the LP leaves those costs out).
        let share = if pricing.has_plan_level_terms() {
            shares::LP_BEFORE_DAY_RELAXATIONS
        } else {
            shares::LP_BEFORE_WHOLE_MODEL
        };
        let end = Instant::now() + Duration::from_secs_f64((budget.remaining() * share).max(0.0));
        pairs.lp_bound(
            prices,
            &positions,
            LP_COLUMNS_PER_CASE,
            end,
            board,
            budget.standing,
        )
    });
    // The lists' knapsacks from the LP's best prices: at least the LP's bound at once
    // (`solver::list_bound`). When nothing else will bound the problem, their
    // subgradient steps follow; otherwise one evaluation, which costs one pass over the
    // pairs.
    let lists = priced.zip(lp.as_ref()).map(|((pairs, _, _), lp)| {
        // What the LP left (a few evaluations' time, or more when it converged early),
        // and no more than their share of the bound's time: the core then joins the
        // search (5,000 cases, tight base family: the steps for all the time left after
        // the LP's optimum cost the plan 0.4%).
        let share = (bound_time * shares::LIST_KNAPSACKS).min(budget.remaining());
        let seconds = if alone { share.max(0.0) } else { 0.0 };
        let steps = if alone { usize::MAX } else { 1 };
        let target = budget.standing.plan().unwrap_or(f64::INFINITY);
        let last = pairs.list_bound(
            &lp.prices,
            target,
            Instant::now() + Duration::from_secs_f64(seconds),
            steps,
            budget.standing,
        );
        match first_lists.take() {
            Some(first) if first.value > last.value => first,
            _ => last,
        }
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
            if let Some(bound) = bound {
                budget.standing.bound_found(bound);
            }
            let Some(packed) = packed else { return };
            if let Some(better) = cost_if_better(problem, rules, pricing, &packed, cost) {
                budget.standing.plan_found(better);
                plans.post(packed.clone());
                plan = packed;
                cost = better;
            }
        };
        let seconds = budget.remaining() * shares::FLOORS;
        let floors = unbooked_floors(problem, rules, pricing, eligible, budget, seconds);
        let (bound, packed) = solve_days_side_by_side(
            problem, rules, pricing, eligible, budget, &floors, plans, &mut found,
        );
        keep(bound, packed);
        // Then by theatre, whose bound comes within seconds and is higher where packing
        // surgeons' days into lists costs lists or theatre changes, the floors lifting it
        // further (docs/benchmarks.md).
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
        lists,
        days,
        whole,
        parts: part_outcomes,
        variables,
        constraints,
        faults: found,
    }
}

/// The LP bound when nothing runs after it on the bound's core, with the lists'
/// knapsacks at its first prices: a bound at once (at 20,000 cases, tight base family,
/// 20.5 M against the LP bound's 18.95 M, which its rounds do not pass for most of the
/// minute), and the measure of one knapsack evaluation's time. Then the column
/// generation, until the time left is `KNAPSACK_EVALUATIONS_KEPT` evaluations (so the
/// knapsacks are evaluated at its best prices, not at the cost of its last round: its
/// rounds at 20,000 cases pay late, and a share of 15% taken from it cost a light
/// backlog's bound 2%). When it stops early (converged, or a round not started when
/// less time is left than the last one took), the time goes to the knapsacks' steps
/// and then to the search. Returns the LP bound and the first knapsack bound.
fn lp_alone(
    pairs: &PricedPairs,
    prices: &[f64],
    positions: &[Option<usize>],
    board: &PriceBoard,
    budget: &Budget,
) -> (LagrangianBound, ListBound) {
    let started = Instant::now();
    let target = budget.standing.plan().unwrap_or(f64::INFINITY);
    let first = pairs.list_bound(prices, target, started, 1, budget.standing);
    let kept = started.elapsed() * KNAPSACK_EVALUATIONS_KEPT;
    let lp_time = Duration::from_secs_f64(budget.remaining().max(0.0)).saturating_sub(kept);
    let lp_end = Instant::now() + lp_time;
    let lp = pairs.lp_bound(
        prices,
        positions,
        LP_COLUMNS_PER_CASE,
        lp_end,
        board,
        budget.standing,
    );
    (lp, first)
}

/// Knapsack evaluations' time kept from the LP bound when it runs alone (see
/// `lp_alone`): one at the LP's best prices and room for two steps from there.
const KNAPSACK_EVALUATIONS_KEPT: u32 = 3;

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
    let outcome = if budget.standing.proven() {
        // Nothing left to find: the warm start (the bound's core's best plan, a packed
        // day plan when one was kept) is handed on as this step's plan.
        SolveOutcome {
            booking: Some(start.to_vec()),
            ..SolveOutcome::not_run(PROVEN_BEFORE_THE_MODEL)
        }
    } else if size.0 == 0 {
        SolveOutcome::not_run("nothing to decide: no case has a compatible session")
    } else if seconds < 0.5 {
        SolveOutcome::not_run("no time left for the whole model within --time-limit")
    } else {
        let label = format!("whole model ({} binaries)", size.0);
        budget.solve_watched(model, &label, Some(start), seconds, budget.watch(true))
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
/// Neither variant's day plans are the better ones throughout, and the search does
/// little on the other core meanwhile (its plan when the packed one arrives is far
/// dearer); side by side, with the search waiting, was the only arrangement that won on
/// every IHTC-2024 instance tried (docs/benchmarks.md, "What got it there").
#[allow(clippy::too_many_arguments)]
fn solve_days_side_by_side(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    budget: &Budget,
    floors: &[UnbookedFloor],
    plans: &PlanBoard,
    found: &mut Vec<String>,
) -> (Option<f64>, Option<Booking>) {
    let plain = model::days::build_days(problem, rules, pricing, eligible, &[]);
    let floored = model::days::build_days(problem, rules, pricing, eligible, floors);
    let seconds = budget.remaining() * shares::DAYS_BY_MINUTES;
    if plain.variable_count() == 0 || seconds < 0.5 {
        return (None, None);
    }
    // Without a warm start: HiGHS found better day plans on its own; the greedy plan it
    // would be given is far dearer than what the relaxation finds (docs/benchmarks.md).
    let (without, with) = if budget.limits.threads >= 2 {
        let held = plans.held();
        let both = std::thread::scope(|scope| {
            let with = scope.spawn(|| {
                faults::inject("floors");
                budget.solve_on_one_thread(floored, "day relaxation with floors", None, seconds)
            });
            let without = budget.solve_on_one_thread(plain, "day relaxation", None, seconds);
            let with = with.join().map_err(|payload| {
                faults::described("the day relaxation with floors", payload.as_ref())
            });
            (without, with)
        });
        drop(held);
        both
    } else {
        // One core: one after the other, each in half the time.
        let seconds = seconds / 2.0;
        let without = budget.solve_on_one_thread(plain, "day relaxation", None, seconds);
        let with = faults::caught("the day relaxation with floors", || {
            faults::inject("floors");
            budget.solve_on_one_thread(floored, "day relaxation with floors", None, seconds)
        });
        (without, with)
    };
    let with = match with {
        Ok(outcome) => Some(outcome),
        Err(fault) => {
            found.push(fault);
            None
        }
    };
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
