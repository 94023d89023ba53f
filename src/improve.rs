//! Large-neighbourhood search: free the cases of one specialty (or one stretch of days),
//! keep every other booking fixed, re-solve that smaller MILP exactly with HiGHS from the
//! current plan, and keep the result when it is valid and cheaper. Each neighbourhood is
//! a fraction of the full model, so HiGHS can search it where the full model stalls.

use crate::capacity::Load;
use crate::check::check;
use crate::config::{Rules, SolverLimits};
use crate::cost::Pricing;
use crate::domain::Problem;
use crate::model;
use crate::solve::{solve, Budget};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Instant;

/// What the search did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchReport {
    pub neighbourhoods_solved: usize,
    pub improvements: usize,
    pub seconds: f64,
}

/// The neighbourhoods, largest first: each specialty's cases, then for each specialty
/// its cases allowed in each week (so a busy specialty is also searched in smaller parts).
fn neighbourhoods(problem: &Problem, eligible: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut by_specialty: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (c, case) in problem.cases.iter().enumerate() {
        if !case.locked && !eligible[c].is_empty() {
            by_specialty
                .entry(case.specialty.key())
                .or_default()
                .push(c);
        }
    }
    let mut list: Vec<Vec<usize>> = by_specialty.values().cloned().collect();
    for cases in by_specialty.values() {
        let mut by_week: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for &c in cases {
            let mut weeks: Vec<i64> = eligible[c]
                .iter()
                .map(|&s| (problem.sessions[s].date - problem.planning_start).num_days() / 7)
                .collect();
            weeks.dedup();
            for week in weeks {
                by_week.entry(week).or_default().push(c);
            }
        }
        if by_week.len() > 1 {
            list.extend(by_week.into_values());
        }
    }
    list.sort_by_key(|cases| std::cmp::Reverse(cases.len()));
    list
}

/// Improves `booking` in place until the budget's end or until a whole round finds nothing.
pub fn improve(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    booking: &mut Vec<Option<usize>>,
    budget: &Budget,
) -> SearchReport {
    let began = Instant::now();
    let mut report = SearchReport::default();
    let list = neighbourhoods(problem, eligible);
    let mut cost = pricing.plan(booking).total();
    let mut since_improvement = 0;
    let mut round = 0usize;
    while since_improvement < list.len() && !crate::interrupt::requested() {
        let left = budget.remaining();
        if left < 0.5 || list.is_empty() {
            break;
        }
        let cases = &list[round % list.len()];
        round += 1;
        let pairs: usize = cases.iter().map(|&c| eligible[c].len()).sum();
        if pairs > crate::plan::MAX_MODEL_PAIRS / 2 {
            since_improvement += 1;
            continue;
        }
        let mut free = vec![false; problem.cases.len()];
        for &c in cases {
            free[c] = true;
        }
        budget.progress.phase(format!(
            "neighbourhood search: part {} of {}, {} cases, plan {cost:.0}",
            (round - 1) % list.len() + 1,
            list.len(),
            cases.len()
        ));
        let sub = model::build_neighbourhood(problem, rules, pricing, eligible, booking, &free);
        // A share of the time left, so one hard neighbourhood cannot take it all.
        let seconds = (left / 4.0).clamp(0.5, left);
        let outcome = solve(
            sub,
            Some(booking),
            &SolverLimits {
                gap: 1e-6,
                ..*budget.limits
            },
            seconds,
            budget.progress,
        );
        report.neighbourhoods_solved += 1;
        since_improvement += 1;
        if let Some(candidate) = outcome.booking {
            let candidate_cost = pricing.plan(&candidate).total();
            if candidate_cost < cost - 1e-6 * cost.abs().max(1.0)
                && check(problem, rules, &candidate).is_empty()
            {
                *booking = candidate;
                cost = candidate_cost;
                report.improvements += 1;
                since_improvement = 0;
            }
        }
    }
    report.seconds = began.elapsed().as_secs_f64();
    report
}

/// Gives late cases a place on time by moving a case out of the way: for each case
/// booked after its deadline (or not booked though its deadline is in the horizon), most
/// urgent first, try each allowed session on or before the deadline, take one other
/// (not locked) case out of it, put the late case in, and rebook the displaced case in
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
    let mut in_session: Vec<Vec<usize>> = vec![Vec::new(); problem.sessions.len()];
    for (c, booked) in booking.iter().enumerate() {
        if let Some(s) = *booked {
            in_session[s].push(c);
        }
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
            let occupants = in_session[target].clone();
            for other in occupants {
                let gain = cost_of(c, current) - cost_of(c, Some(target));
                if problem.cases[other].locked
                    || floor_of(other) >= cost_of(other, Some(target)) + gain - 1e-6
                {
                    continue;
                }
                load.remove(other, target);
                if let Some(s) = current {
                    load.remove(c, s);
                }
                if load.fits(c, target) {
                    load.add(c, target);
                    let others = eligible[other].iter().copied();
                    let rebooked = pricing.cheapest_session(
                        other,
                        others.filter(|&s| s != target && load.fits(other, s)),
                    );
                    let delta = cost_of(c, Some(target)) - cost_of(c, current)
                        + cost_of(other, rebooked)
                        - cost_of(other, Some(target));
                    if delta < -1e-6 {
                        if let Some(s) = rebooked {
                            load.add(other, s);
                            in_session[s].push(other);
                        }
                        in_session[target].retain(|&o| o != other);
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
                load.add(other, target);
            }
        }
    }
    moves
}
