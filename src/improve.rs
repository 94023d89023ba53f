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

use crate::bound::{PriceBoard, PricedPairs};
use crate::capacity::Load;
use crate::check::check;
use crate::config::{Rules, SolverLimits};
use crate::cost::Pricing;
use crate::domain::Problem;
use crate::heuristic;
use crate::model;
use crate::openings::Openings;
use crate::solve::{solve, Budget};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// A neighbourhood much larger than this takes HiGHS more than a few seconds.
const MAX_NEIGHBOURHOOD_PAIRS: usize = 20_000;
/// HiGHS's time on one neighbourhood at most: many small gains beat one long search.
const MAX_NEIGHBOURHOOD_SECONDS: f64 = 5.0;
/// The sessions a case may take in a priced neighbourhood, besides its current one.
const PRICED_CANDIDATES: usize = 3;
/// The days a window neighbourhood spans, and how far the next one starts.
const WINDOW_DAYS: i64 = 14;
const WINDOW_STEP_DAYS: i64 = 7;
/// The days a days neighbourhood spans (the next one starts a day later).
const PACKING_DAYS: i64 = 2;

/// What the search did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchReport {
    pub neighbourhoods_solved: usize,
    pub improvements: usize,
    pub seconds: f64,
}

/// One neighbourhood: the free cases and the sessions each may take.
struct Neighbourhood {
    cases: Vec<usize>,
    /// `sessions[i]`: the candidates of `cases[i]` (its current session is added later).
    sessions: Vec<Vec<usize>>,
}

impl Neighbourhood {
    /// Splits into parts of at most `max` pairs, keeping the cases' order.
    fn split(self, max: usize) -> Vec<Neighbourhood> {
        let mut parts = Vec::new();
        let mut part = Neighbourhood {
            cases: Vec::new(),
            sessions: Vec::new(),
        };
        let mut size = 0;
        for (c, sessions) in self.cases.into_iter().zip(self.sessions) {
            if size + sessions.len() + 1 > max && !part.cases.is_empty() {
                parts.push(std::mem::replace(
                    &mut part,
                    Neighbourhood {
                        cases: Vec::new(),
                        sessions: Vec::new(),
                    },
                ));
                size = 0;
            }
            size += sessions.len() + 1;
            part.cases.push(c);
            part.sessions.push(sessions);
        }
        if !part.cases.is_empty() {
            parts.push(part);
        }
        parts
    }
}

/// The cases that may move (not locked, with somewhere to go), by specialty.
fn movable_by_specialty<'p>(
    problem: &'p Problem,
    eligible: &[Vec<usize>],
) -> BTreeMap<&'p str, Vec<usize>> {
    let mut by_specialty: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (c, case) in problem.cases.iter().enumerate() {
        if !case.locked && !eligible[c].is_empty() {
            by_specialty
                .entry(case.specialty.key())
                .or_default()
                .push(c);
        }
    }
    by_specialty
}

/// Priced neighbourhoods: each case limited to its `PRICED_CANDIDATES` sessions of least
/// `guide[c][k]`; all cases at once when that is small enough, else by specialty (split
/// in clinical order when a specialty is still too large).
fn priced_neighbourhoods(
    problem: &Problem,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    guide: &[Vec<f64>],
) -> Vec<Neighbourhood> {
    let cheapest = |c: usize| {
        let mut order: Vec<usize> = (0..eligible[c].len()).collect();
        order.sort_by(|&a, &b| guide[c][a].total_cmp(&guide[c][b]).then(a.cmp(&b)));
        order
            .into_iter()
            .take(PRICED_CANDIDATES)
            .map(|k| eligible[c][k])
            .collect::<Vec<usize>>()
    };
    let by_specialty = movable_by_specialty(problem, eligible);
    let groups: Vec<Vec<usize>> = {
        let all: Vec<usize> = by_specialty.values().flatten().copied().collect();
        if all.len() * (PRICED_CANDIDATES + 1) <= MAX_NEIGHBOURHOOD_PAIRS {
            vec![all]
        } else {
            by_specialty.into_values().collect()
        }
    };
    let mut list = Vec::new();
    for mut cases in groups {
        cases.sort_by(|&a, &b| crate::ordering::clinical_order(problem, pricing, a, b));
        let sessions = cases.iter().map(|&c| cheapest(c)).collect();
        list.extend(Neighbourhood { cases, sessions }.split(MAX_NEIGHBOURHOOD_PAIRS));
    }
    list
}

/// A neighbourhood as listed: fixed in advance (priced), or a specialty's window whose
/// free cases depend on the plan at the time it is solved.
enum Part {
    Fixed(Neighbourhood),
    /// `cases`: the movable cases (of one specialty, or all for a days neighbourhood)
    /// in clinical order; days from the planning start `first..first + span`.
    Window {
        cases: Arc<Vec<usize>>,
        first: i64,
        span: i64,
    },
}

impl Part {
    /// The free cases and their sessions for `booking`: for a window, the cases booked
    /// in its sessions and the late or unbooked cases that could go there, each free
    /// among its allowed sessions in the window (the most urgent first, up to the size
    /// limit).
    fn resolve(&self, search: &Search, booking: &[Option<usize>]) -> Neighbourhood {
        let (cases, first, span) = match self {
            Part::Fixed(part) => {
                return Neighbourhood {
                    cases: part.cases.clone(),
                    sessions: part.sessions.clone(),
                }
            }
            Part::Window { cases, first, span } => (cases, *first, *span),
        };
        let Search {
            problem,
            pricing,
            eligible,
            ..
        } = *search;
        let inside = |s: usize| {
            let day = (problem.sessions[s].date - problem.planning_start).num_days();
            (first..first + span).contains(&day)
        };
        let waiting = |c: usize| match booking[c] {
            None => true,
            Some(s) => pricing
                .deadline(c)
                .is_some_and(|d| problem.sessions[s].date > d.date),
        };
        let mut part = Neighbourhood {
            cases: Vec::new(),
            sessions: Vec::new(),
        };
        let mut size = 0;
        for &c in cases.iter() {
            if !booking[c].is_some_and(inside) && !waiting(c) {
                continue;
            }
            let sessions: Vec<usize> = eligible[c].iter().copied().filter(|&s| inside(s)).collect();
            if sessions.is_empty() || size + sessions.len() + 1 > MAX_NEIGHBOURHOOD_PAIRS {
                continue;
            }
            size += sessions.len() + 1;
            part.cases.push(c);
            part.sessions.push(sessions);
        }
        part
    }
}

/// The last day with a session, counted from the planning start.
fn last_day(problem: &Problem) -> i64 {
    problem
        .sessions
        .iter()
        .map(|s| (s.date - problem.planning_start).num_days())
        .max()
        .unwrap_or(0)
}

/// Window neighbourhoods: per two-week window (earliest first) and specialty.
fn window_neighbourhoods(
    problem: &Problem,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
) -> Vec<Part> {
    let by_specialty: Vec<Arc<Vec<usize>>> = movable_by_specialty(problem, eligible)
        .into_values()
        .map(|mut cases| {
            cases.sort_by(|&a, &b| crate::ordering::clinical_order(problem, pricing, a, b));
            Arc::new(cases)
        })
        .collect();
    let mut list = Vec::new();
    let mut first = 0;
    while first <= last_day(problem) {
        for cases in &by_specialty {
            list.push(Part::Window {
                cases: Arc::clone(cases),
                first,
                span: WINDOW_DAYS,
            });
        }
        first += WINDOW_STEP_DAYS;
    }
    list
}

/// Days neighbourhoods: every movable case, per `PACKING_DAYS` consecutive days,
/// starting on each day in turn.
fn days_neighbourhoods(problem: &Problem, pricing: &Pricing, eligible: &[Vec<usize>]) -> Vec<Part> {
    let mut cases: Vec<usize> = movable_by_specialty(problem, eligible)
        .into_values()
        .flatten()
        .collect();
    cases.sort_by(|&a, &b| crate::ordering::clinical_order(problem, pricing, a, b));
    let cases = Arc::new(cases);
    (0..=last_day(problem))
        .map(|first| Part::Window {
            cases: Arc::clone(&cases),
            first,
            span: PACKING_DAYS,
        })
        .collect()
}

/// The neighbourhoods for `booking`: priced ones first when there is a guide.
fn neighbourhoods(search: &Search, guide: Option<&[Vec<f64>]>) -> Vec<Part> {
    let Search {
        problem,
        pricing,
        eligible,
        ..
    } = *search;
    let mut list: Vec<Part> = Vec::new();
    if pricing.has_plan_level_terms() {
        list.extend(days_neighbourhoods(problem, pricing, eligible));
    }
    list.extend(match guide {
        Some(guide) => priced_neighbourhoods(problem, pricing, eligible, guide)
            .into_iter()
            .map(Part::Fixed)
            .collect(),
        None => Vec::new(),
    });
    list.extend(window_neighbourhoods(problem, pricing, eligible));
    list
}

/// When the bound's core has posted new prices: builds the plan they guide to and, if it
/// is valid and cheaper, takes it; either way the neighbourhoods are rebuilt from the
/// new prices.
fn take_new_prices(search: &Search, shared: &Mutex<Shared>) {
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
    let mut guided = heuristic::construct_guided(problem, rules, pricing, eligible, &guide);
    let end = Instant::now() + std::time::Duration::from_secs(2);
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
    booking: Vec<Option<usize>>,
    cost: f64,
    list: Arc<Vec<Part>>,
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

/// Between the bound's core and the search: a plan the bound's core found, for the
/// search to continue from, and whether the bound's core needs both cores.
#[derive(Default)]
pub struct PlanBoard {
    posted: Mutex<Option<Vec<Option<usize>>>>,
    /// While true the search's first worker waits before its next neighbourhood.
    held: Mutex<bool>,
    changed: Condvar,
}

impl PlanBoard {
    /// Holds (true) or releases (false) the search's first worker: it finishes the
    /// neighbourhood it is solving, then waits until released or the time is up.
    pub fn hold(&self, held: bool) {
        if let Ok(mut state) = self.held.lock() {
            *state = held;
        }
        self.changed.notify_all();
    }

    fn wait_while_held(&self, timeout: Duration) {
        if let Ok(held) = self.held.lock() {
            let _ = self.changed.wait_timeout_while(held, timeout, |held| *held);
        }
    }

    pub fn post(&self, plan: Vec<Option<usize>>) {
        if let Ok(mut posted) = self.posted.lock() {
            *posted = Some(plan);
        }
    }

    fn take(&self) -> Option<Vec<Option<usize>>> {
        self.posted.lock().ok()?.take()
    }
}

/// The cost of `candidate` when it is cheaper than `cost` (by more than rounding) and
/// the independent check accepts it: the test every plan the search keeps passes.
pub(crate) fn cost_if_better(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    candidate: &[Option<usize>],
    cost: f64,
) -> Option<f64> {
    let candidate_cost = pricing.plan(candidate).total();
    (candidate_cost < cost - 1e-6 * cost.abs().max(1.0)
        && check(problem, rules, candidate).is_empty())
    .then_some(candidate_cost)
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
    /// Unbooks the cases that cost more booked than not (`heuristic::drop_dear_bookings`),
    /// books every case that still fits where that pays (`heuristic::fill`), then moves
    /// late cases onto time (`promote_late_cases`, until `end`); returns the number of
    /// moves.
    pub fn repair(&self, booking: &mut [Option<usize>], end: Instant) -> usize {
        let (problem, rules, pricing) = (self.problem, self.rules, self.pricing);
        heuristic::drop_dear_bookings(problem, pricing, booking);
        heuristic::fill(problem, rules, pricing, self.eligible, booking);
        promote_late_cases(problem, rules, pricing, self.eligible, booking, end)
    }
}

/// Whether the other core is still at its own work (the bound), with a wake-up for the
/// workers waiting on it.
pub struct OtherCore {
    busy: Mutex<bool>,
    changed: Condvar,
}

impl OtherCore {
    /// `busy`: whether the other core starts at work.
    pub fn new(busy: bool) -> Self {
        OtherCore {
            busy: Mutex::new(busy),
            changed: Condvar::new(),
        }
    }

    pub fn is_busy(&self) -> bool {
        self.busy.lock().is_ok_and(|busy| *busy)
    }

    /// The other core is done: wakes every waiting worker.
    pub fn finished(&self) {
        if let Ok(mut busy) = self.busy.lock() {
            *busy = false;
        }
        self.changed.notify_all();
    }

    /// Waits until the other core is done or `timeout` has passed.
    fn wait(&self, timeout: Duration) {
        if let Ok(busy) = self.busy.lock() {
            let _ = self.changed.wait_timeout_while(busy, timeout, |busy| *busy);
        }
    }
}

/// Improves `booking` in place with two workers until the budget's end or until a whole
/// round of neighbourhoods finds nothing. The second worker starts once the other core
/// (e.g. the bound's) is done.
pub fn improve(
    search: &Search,
    booking: &mut Vec<Option<usize>>,
    budget: &Budget,
    other: &OtherCore,
) -> SearchReport {
    let began = Instant::now();
    let list = neighbourhoods(search, search.guide);
    let shared = Mutex::new(Shared {
        booking: booking.clone(),
        cost: search.pricing.plan(booking).total(),
        list: Arc::new(list),
        next: 0,
        since_improvement: 0,
        prices_seen: 0,
        report: SearchReport::default(),
    });
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let left = budget.remaining() - 0.5;
            if left > 0.0 {
                other.wait(Duration::from_secs_f64(left));
            }
            worker(search, &shared, budget, None)
        });
        worker(search, &shared, budget, Some(other));
    });
    let shared = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    *booking = shared.booking;
    let mut report = shared.report;
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
        if left < 0.5 || crate::interrupt::requested() {
            return;
        }
        if first {
            if let Some(plans) = search.plans {
                plans.wait_while_held(Duration::from_secs_f64((left - 0.5).max(0.0)));
            }
            take_new_prices(search, shared);
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
        let part = list[index].resolve(search, &snapshot);
        if part.cases.len() < 2 {
            continue;
        }
        budget.progress.phase(format!(
            "neighbourhood search: part {} of {}, {} cases, plan {cost:.0}",
            index + 1,
            list.len(),
            part.cases.len()
        ));
        let mut free = vec![false; problem.cases.len()];
        let mut candidates: Vec<Vec<usize>> = vec![Vec::new(); problem.cases.len()];
        for (&c, sessions) in part.cases.iter().zip(&part.sessions) {
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
            budget.progress,
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
        for &c in &part.cases {
            candidate[c] = found[c];
        }
        if let Some(cost) = cost_if_better(problem, rules, pricing, &candidate, state.cost) {
            state.booking = candidate;
            state.cost = cost;
            state.report.improvements += 1;
            state.since_improvement = 0;
        }
    }
}

/// The cases whose removal may make room for case `c` in session `target`, each with
/// its session: the cases in `target`, then the cases of c's surgeon in other sessions
/// that day (they use the surgeon's daily minutes).
fn blocking(
    problem: &Problem,
    in_session: &[Vec<usize>],
    sessions_on: &HashMap<NaiveDate, Vec<usize>>,
    c: usize,
    target: usize,
) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> = in_session[target].iter().map(|&o| (o, target)).collect();
    let session = &problem.sessions[target];
    let Some(surgeon) = problem.operating_surgeon(&problem.cases[c], session) else {
        return found;
    };
    let same_day = sessions_on
        .get(&session.date)
        .map_or(&[][..], Vec::as_slice);
    for &s in same_day.iter().filter(|&&s| s != target) {
        for &o in &in_session[s] {
            if problem.operating_surgeon(&problem.cases[o], &problem.sessions[s]) == Some(surgeon) {
                found.push((o, s));
            }
        }
    }
    found
}

/// Moves cases in the plan-level counts: `(case, from, to)` in order.
fn apply(openings: &mut Openings, moves: &[(usize, Option<usize>, Option<usize>)]) {
    for &(c, from, to) in moves {
        if let Some(s) = from {
            openings.remove(c, s);
        }
        if let Some(s) = to {
            openings.add(c, s);
        }
    }
}

/// Undoes [`apply`].
fn undo(openings: &mut Openings, moves: &[(usize, Option<usize>, Option<usize>)]) {
    for &(c, from, to) in moves.iter().rev() {
        if let Some(s) = to {
            openings.remove(c, s);
        }
        if let Some(s) = from {
            openings.add(c, s);
        }
    }
}

/// Gives late cases a place on time by moving a case out of the way: for each case
/// booked after its deadline (or not booked though its deadline is in the horizon), most
/// urgent first, try each allowed session on or before the deadline, take one other
/// (not locked) case out of it or out of the surgeon's other sessions that day (whose
/// minutes it may be using), put the late case in, and rebook the displaced case in
/// its cheapest session with room (or leave it unbooked). A move is kept only when it
/// lowers the plan's cost. Stops at `end`. Returns the number of moves made.
pub fn promote_late_cases(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    booking: &mut [Option<usize>],
    end: Instant,
) -> usize {
    let mut load = Load::from_booking(problem, rules, booking);
    let mut openings = pricing
        .has_plan_level_terms()
        .then(|| pricing.openings(booking));
    let mut in_session: Vec<Vec<usize>> = vec![Vec::new(); problem.sessions.len()];
    for (c, booked) in booking.iter().enumerate() {
        if let Some(s) = *booked {
            in_session[s].push(c);
        }
    }
    let mut sessions_on: HashMap<NaiveDate, Vec<usize>> = HashMap::new();
    for (s, session) in problem.sessions.iter().enumerate() {
        sessions_on.entry(session.date).or_default().push(s);
    }
    let cost_of = |c: usize, at: Option<usize>| match at {
        Some(s) => pricing.booked(c, s).total(),
        None => pricing.unbooked(c).total(),
    };
    let mut late: Vec<usize> = (0..problem.cases.len())
        .filter(|&c| !problem.cases[c].locked)
        .filter(|&c| {
            let Some(deadline) = pricing.deadline(c) else {
                return false;
            };
            match booking[c] {
                Some(s) => problem.sessions[s].date > deadline.date,
                None => deadline.date <= problem.horizon_end,
            }
        })
        .collect();
    late.sort_by(|&a, &b| crate::ordering::clinical_order(problem, pricing, a, b));
    // The least a case can cost anywhere, capacity ignored: a displaced case costs at
    // least this, which rules out most moves before any capacity is looked at.
    let mut floor: Vec<Option<f64>> = vec![None; problem.cases.len()];
    let mut floor_of = |c: usize| {
        *floor[c].get_or_insert_with(|| {
            let booked = eligible[c].iter().map(|&s| pricing.booked(c, s).total());
            booked.fold(pricing.unbooked(c).total(), f64::min)
        })
    };
    let mut moves = 0;
    for c in late {
        if Instant::now() >= end {
            break;
        }
        let Some(deadline) = pricing.deadline(c) else {
            continue;
        };
        let current = booking[c];
        let targets: Vec<usize> = eligible[c]
            .iter()
            .copied()
            .filter(|&s| problem.sessions[s].date <= deadline.date && Some(s) != current)
            .collect();
        'targets: for target in targets {
            for (other, at) in blocking(problem, &in_session, &sessions_on, c, target) {
                let gain = cost_of(c, current) - cost_of(c, Some(target));
                if problem.cases[other].locked
                    || floor_of(other) >= cost_of(other, Some(at)) + gain - 1e-6
                {
                    continue;
                }
                load.remove(other, at);
                if let Some(s) = current {
                    load.remove(c, s);
                }
                if load.fits(c, target) {
                    load.add(c, target);
                    let others = eligible[other].iter().copied();
                    let rebooked = pricing.cheapest_session(
                        other,
                        others.filter(|&s| s != at && load.fits(other, s)),
                    );
                    let mut delta = cost_of(c, Some(target)) - cost_of(c, current)
                        + cost_of(other, rebooked)
                        - cost_of(other, Some(at));
                    // The sessions and theatres the exchange opens or closes.
                    let exchange = [(c, current, Some(target)), (other, Some(at), rebooked)];
                    if let Some(o) = openings.as_mut() {
                        let before = pricing.plan_level(o.counts()).total();
                        apply(o, &exchange);
                        delta += pricing.plan_level(o.counts()).total() - before;
                        if delta >= -1e-6 {
                            undo(o, &exchange);
                        }
                    }
                    if delta < -1e-6 {
                        if let Some(s) = rebooked {
                            load.add(other, s);
                            in_session[s].push(other);
                        }
                        in_session[at].retain(|&o| o != other);
                        in_session[target].push(c);
                        if let Some(s) = current {
                            in_session[s].retain(|&o| o != c);
                        }
                        booking[c] = Some(target);
                        booking[other] = rebooked;
                        moves += 1;
                        break 'targets;
                    }
                    load.remove(c, target);
                }
                if let Some(s) = current {
                    load.add(c, s);
                }
                load.add(other, at);
            }
        }
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::PlanBoard;
    use std::time::{Duration, Instant};

    #[test]
    fn a_held_search_waits_until_released_and_a_free_one_does_not_wait() {
        let board = PlanBoard::default();
        let began = Instant::now();
        board.wait_while_held(Duration::from_secs(30));
        assert!(
            began.elapsed() < Duration::from_secs(10),
            "waited while free"
        );
        board.hold(true);
        let began = Instant::now();
        board.wait_while_held(Duration::from_millis(50));
        assert!(
            began.elapsed() >= Duration::from_millis(50),
            "did not wait while held"
        );
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| {
                let began = Instant::now();
                board.wait_while_held(Duration::from_secs(30));
                began.elapsed()
            });
            std::thread::sleep(Duration::from_millis(50));
            board.hold(false);
            let waited = waiter.join().expect("the waiter ends");
            assert!(
                waited < Duration::from_secs(10),
                "not woken on release: {waited:?}"
            );
        });
    }
}
