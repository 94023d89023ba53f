//! Late-case promotion: a case booked after its deadline (or unbooked though its
//! deadline is inside the horizon) takes a session in time by displacing another case,
//! which goes to its cheapest other session with room, when the exchange lowers the cost.

use crate::domain::{Problem, Rules};
use crate::pricing::lists_used::ListsUsed;
use crate::pricing::{cheaper, Pricing};
use crate::rules::capacity::Load;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::time::Instant;

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
fn apply(openings: &mut ListsUsed, moves: &[(usize, Option<usize>, Option<usize>)]) {
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
fn undo(openings: &mut ListsUsed, moves: &[(usize, Option<usize>, Option<usize>)]) {
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
        .then(|| pricing.lists_used(booking));
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
    late.sort_by(|&a, &b| {
        crate::domain::ordering::clinical_order(problem, pricing.deadlines(), a, b)
    });
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
                    || !cheaper(floor_of(other), cost_of(other, Some(at)) + gain)
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
                        if !cheaper(delta, 0.0) {
                            undo(o, &exchange);
                        }
                    }
                    if cheaper(delta, 0.0) {
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
