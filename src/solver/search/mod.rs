//! Large-neighbourhood search: free some cases, keep every other booking fixed, re-solve
//! that small MILP exactly with HiGHS from the current plan, and keep the result when
//! the independent check accepts it and it is cheaper. Neighbourhoods are sized so HiGHS
//! solves each in seconds where the whole model stalls, and two workers solve them at
//! once, one per core.
//!
//! Two kinds of neighbourhood, tried in turn:
//! - *priced*: the cases of one specialty (or all cases, when small), each limited to its
//!   few cheapest sessions under the capacity prices of the bound (`bound.rs`) plus its
//!   current one: the plan the prices suggest, made exact by the MILP;
//! - *window*: one specialty over two weeks: the cases booked in its sessions of those
//!   days, and its late or unbooked cases that could go there, free to move among those
//!   sessions (or stay where they are);
//! - *days*, when lists cost money to open or surgeons to change theatre: every case
//!   booked on two consecutive days, and the late or unbooked cases that could go
//!   there, free among those days' sessions. Which list each case of a day takes is a
//!   packing problem the other kinds cut across (a specialty's cases share theatres
//!   with other specialties'; the priced sessions ignore opening costs); these repack
//!   whole days and move cases between neighbouring days. Tried first.

mod accept;
mod boards;
mod neighbourhoods;
mod promote;

pub(crate) use accept::cost_if_better;
pub use boards::{OtherCore, PlanBoard};
pub use promote::promote_late_cases;

use crate::domain::{Booking, Problem, Rules};
use crate::model;
use crate::pricing::Pricing;
use crate::solver::bound::{PriceBoard, PricedPairs};
use crate::solver::construct;
use crate::solver::faults;
use crate::solver::highs::{solve, Budget};
use crate::solver::SolverLimits;
use neighbourhoods::{neighbourhoods, Listed};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// HiGHS's time on one neighbourhood at most: many small gains beat one long search.
const MAX_NEIGHBOURHOOD_SECONDS: f64 = 5.0;

/// What the search did.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchReport {
    pub neighbourhoods_solved: usize,
    pub improvements: usize,
    pub seconds: f64,
    /// Workers that stopped with an internal error (see `solver::faults`); the run
    /// reports them with its own, in `SolverReport::faults`.
    #[serde(skip)]
    pub faults: Vec<String>,
}

/// When the bound's core has posted new prices: builds the plan they guide to and, if it
/// is valid and cheaper, takes it; either way the neighbourhoods are rebuilt from the
/// new prices.
fn take_new_prices(search: &Search, shared: &Mutex<Shared>, end: Instant) {
    let Some((pairs, board)) = search.prices else {
        return;
    };
    let seen = shared.lock().map_or(usize::MAX, |s| s.prices_seen);
    let Some((version, prices)) = board.newer_than(seen) else {
        return;
    };
    let Search {
        problem,
        rules,
        pricing,
        eligible,
        ..
    } = *search;
    let guide = pairs.priced(&prices);
    let mut guided = construct::construct_guided(problem, rules, pricing, eligible, &guide);
    // The repair of the guided plan gets two seconds at most, never past the budget.
    let end = (Instant::now() + Duration::from_secs(2)).min(end);
    search.repair(&mut guided, end);
    if let Ok(mut state) = shared.lock() {
        state.prices_seen = version;
        if let Some(cost) = cost_if_better(problem, rules, pricing, &guided, state.cost) {
            state.booking = guided;
            state.cost = cost;
            state.report.improvements += 1;
        }
    }
    let list = neighbourhoods(search, Some(&guide));
    if let Ok(mut state) = shared.lock() {
        state.list = Arc::new(list);
        state.next = 0;
        state.since_improvement = 0;
    }
}

/// The shared state of the workers.
struct Shared {
    booking: Booking,
    cost: f64,
    list: Arc<Vec<Listed>>,
    /// The version of the last prices taken from the board.
    prices_seen: usize,
    next: usize,
    since_improvement: usize,
    report: SearchReport,
}

/// What the search works on.
pub struct Search<'a> {
    pub problem: &'a Problem,
    pub rules: &'a Rules,
    pub pricing: &'a Pricing<'a>,
    pub eligible: &'a [Vec<usize>],
    /// `guide[c][k]`: the priced cost of case c in session `eligible[c][k]`, when
    /// capacity prices are known (see `bound.rs`).
    pub guide: Option<&'a [Vec<f64>]>,
    /// The pairs with their coupling rows and the board where the bound's core posts
    /// better prices: each new set gives a new guided plan and new neighbourhoods.
    pub prices: Option<(&'a PricedPairs, &'a PriceBoard)>,
    /// Where the bound's core posts a plan it found (the day relaxation's packing): the
    /// search continues from it when it is cheaper.
    pub plans: Option<&'a PlanBoard>,
}

/// Takes the plan posted on the board, if any, when it is valid and cheaper than the
/// search's; the neighbourhoods then start over from it.
fn take_posted_plan(search: &Search, shared: &Mutex<Shared>) {
    let Some(plan) = search.plans.and_then(PlanBoard::take) else {
        return;
    };
    if let Ok(mut state) = shared.lock() {
        let Search {
            problem,
            rules,
            pricing,
            ..
        } = *search;
        if let Some(cost) = cost_if_better(problem, rules, pricing, &plan, state.cost) {
            state.booking = plan;
            state.cost = cost;
            state.since_improvement = 0;
        }
    }
}

impl Search<'_> {
    /// Unbooks the cases that cost more booked than not (`construct::drop_dear_bookings`),
    /// books every case that still fits where that pays (`construct::fill`), moves late
    /// cases onto time (`promote_late_cases`, until `end`), and completes the plan again
    /// after such moves; returns the number of moves. The plan then leaves no case out
    /// that a list could still take at a saving.
    pub fn repair(&self, booking: &mut [Option<usize>], end: Instant) -> usize {
        let (problem, rules, pricing) = (self.problem, self.rules, self.pricing);
        construct::drop_dear_bookings(problem, pricing, booking);
        construct::fill(problem, rules, pricing, self.eligible, booking);
        let moves = promote_late_cases(problem, rules, pricing, self.eligible, booking, end);
        if moves > 0 {
            // A move may leave the case it displaced unbooked, and a later move free the
            // list that case could have taken (at 5,000 cases: 5 to 86 such cases).
            construct::fill(problem, rules, pricing, self.eligible, booking);
        }
        moves
    }
}

/// Improves `booking` in place with one worker per core (`--threads`) until the budget's
/// end or until a whole round of neighbourhoods finds nothing. The worker of the bound's
/// core starts once that core is done.
pub fn improve(
    search: &Search,
    booking: &mut Booking,
    budget: &Budget,
    other: &OtherCore,
) -> SearchReport {
    let began = Instant::now();
    let list = neighbourhoods(search, search.guide);
    let shared = Mutex::new(Shared {
        booking: booking.clone(),
        cost: search.pricing.plan_cost(booking).total(),
        list: Arc::new(list),
        next: 0,
        since_improvement: 0,
        prices_seen: 0,
        report: SearchReport::default(),
    });
    // A worker that panics stops; the shared plan is only ever replaced by one the check
    // accepts, so what it holds is kept, and the fault is reported.
    // One worker per core: this thread's, one for the bound's core once it is done (with
    // two cores or more), and one for each further core from the start.
    let cores = budget.limits.threads.max(1) as usize;
    let faults: Vec<String> = std::thread::scope(|scope| {
        let mut others = Vec::new();
        if cores >= 2 {
            others.push(scope.spawn(|| {
                let left = budget.remaining() - 0.5;
                if left > 0.0 {
                    other.wait(Duration::from_secs_f64(left));
                }
                faults::caught("a search worker", || worker(search, &shared, budget, None))
            }));
        }
        for _ in 2..cores {
            others.push(scope.spawn(|| {
                faults::caught("a search worker", || worker(search, &shared, budget, None))
            }));
        }
        let first = faults::caught("a search worker", || {
            faults::inject("search");
            worker(search, &shared, budget, Some(other))
        });
        let joined = others.into_iter().map(|handle| {
            handle.join().unwrap_or_else(|payload| {
                Err(faults::described("a search worker", payload.as_ref()))
            })
        });
        std::iter::once(first)
            .chain(joined)
            .filter_map(Result::err)
            .collect()
    });
    let shared = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    *booking = shared.booking;
    let mut report = shared.report;
    report.faults = faults;
    report.seconds = began.elapsed().as_secs_f64();
    report
}

/// Solves neighbourhoods until the budget's end or a round without gain. The first
/// worker (given the other core) also takes new prices from the board, and waits for
/// them after a round without gain while the other core is busy.
fn worker(search: &Search, shared: &Mutex<Shared>, budget: &Budget, other: Option<&OtherCore>) {
    let first = other.is_some();
    let Search {
        problem,
        rules,
        pricing,
        ..
    } = *search;
    loop {
        let left = budget.remaining();
        if left < 0.5 || crate::solver::interrupt::requested() {
            return;
        }
        if first {
            if let Some(plans) = search.plans {
                plans.wait_while_held(Duration::from_secs_f64((left - 0.5).max(0.0)));
            }
            take_new_prices(search, shared, budget.end);
            take_posted_plan(search, shared);
        }
        let (list, index, snapshot, cost) = {
            let Ok(mut state) = shared.lock() else {
                return;
            };
            if state.list.is_empty() || state.since_improvement >= state.list.len() {
                // Nothing left to try with these prices; new ones may still come.
                drop(state);
                let waiting_on = other.filter(|core| core.is_busy());
                if let Some(core) = waiting_on.filter(|_| search.prices.is_some()) {
                    if budget.remaining() > 1.0 {
                        core.wait(Duration::from_millis(100));
                        continue;
                    }
                }
                return;
            }
            let index = state.next % state.list.len();
            state.next += 1;
            state.since_improvement += 1;
            (
                Arc::clone(&state.list),
                index,
                state.booking.clone(),
                state.cost,
            )
        };
        let neighbourhood = list[index].resolve(search, &snapshot);
        if neighbourhood.cases.len() < 2 {
            continue;
        }
        budget.progress.phase(format!(
            "neighbourhood search: neighbourhood {} of {}, {} cases, plan {cost:.0}",
            index + 1,
            list.len(),
            neighbourhood.cases.len()
        ));
        let mut free = vec![false; problem.cases.len()];
        let mut candidates: Vec<Vec<usize>> = vec![Vec::new(); problem.cases.len()];
        for (&c, sessions) in neighbourhood.cases.iter().zip(&neighbourhood.sessions) {
            free[c] = true;
            candidates[c] = sessions.clone();
            if let Some(s) = snapshot[c] {
                if !candidates[c].contains(&s) {
                    candidates[c].push(s);
                }
            }
        }
        let sub =
            model::build_neighbourhood(problem, rules, pricing, &candidates, &snapshot, &free);
        // A share of the time left, so one hard neighbourhood cannot take it all.
        let seconds = (left / 4.0).clamp(0.5, MAX_NEIGHBOURHOOD_SECONDS);
        let outcome = solve(
            sub,
            Some(&snapshot),
            &SolverLimits {
                gap: 1e-6,
                threads: 1,
                ..*budget.limits
            },
            seconds,
            budget.watch(false),
        );
        let Some(found) = outcome.booking else {
            if let Ok(mut state) = shared.lock() {
                state.report.neighbourhoods_solved += 1;
            }
            continue;
        };
        let Ok(mut state) = shared.lock() else {
            return;
        };
        state.report.neighbourhoods_solved += 1;
        // Apply the free cases' new bookings to the plan as it is now (the other worker
        // may have changed it), and keep the result only if it is valid and cheaper.
        let mut candidate = state.booking.clone();
        for &c in &neighbourhood.cases {
            candidate[c] = found[c];
        }
        if let Some(cost) = cost_if_better(problem, rules, pricing, &candidate, state.cost) {
            budget.standing.plan_found(cost);
            state.booking = candidate;
            state.cost = cost;
            state.report.improvements += 1;
            state.since_improvement = 0;
        }
    }
}
