//! The constructive heuristic: a feasible plan built the way a careful scheduler would,
//! most urgent case first, each into its cheapest session that still has room. It gives
//! the solver a starting plan and is the fallback when the solver finds nothing better.

use crate::domain::ordering::{clinical_order, some_first};
use crate::domain::Problem;
use crate::domain::{Booking, Rules};
use crate::pricing::{cheaper, Pricing};
use crate::rules::capacity::Load;

/// The order cases are considered in: locked first; then cases with a hard deadline
/// (`hard_deadlines`), those with the fewest allowed sessions first, since a case that
/// must be booked in a narrow window is the one a greedy plan strands; then the clinical
/// order.
pub fn booking_order(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..problem.cases.len())
        .filter(|&c| !problem.cases[c].priority.is_deferred())
        .collect();
    let hard = |c: usize| {
        (rules.hard_deadlines.contains(problem.cases[c].priority) && pricing.deadline(c).is_some())
            .then_some(eligible[c].len())
    };
    order.sort_by(|&a, &b| {
        (problem.cases[b].locked)
            .cmp(&problem.cases[a].locked)
            .then_with(|| some_first(hard(a), hard(b)))
            .then_with(|| clinical_order(problem, pricing.deadlines(), a, b))
    });
    order
}

/// Builds a plan from nothing: every case in booking order into its cheapest session
/// with room. Locked cases keep their booking.
pub fn construct(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
) -> Booking {
    let mut booking = vec![None; problem.cases.len()];
    fill(problem, rules, pricing, eligible, &mut booking);
    booking
}

/// Adds every unbooked case that still fits somewhere, in booking order, each into the
/// session with room where it costs least, counting a session it would open and a
/// theatre it would add to its surgeon's day. A case is booked only when that costs no
/// more than leaving it unbooked (with the default weights booking always costs less,
/// see `Pricing::unbooked`), so this only improves a plan.
pub fn fill(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    booking: &mut [Option<usize>],
) {
    let mut load = Load::from_booking(problem, rules, booking);
    let mut openings = pricing
        .has_plan_level_terms()
        .then(|| pricing.lists_used(booking));
    for c in booking_order(problem, rules, pricing, eligible) {
        if booking[c].is_some() {
            continue;
        }
        let locked = problem.cases[c].locked;
        let fits = |s: usize| locked || load.fits(c, s);
        let best = pricing.cheapest_with_room(openings.as_ref(), c, &eligible[c], fits);
        if let Some((s, cost)) = best {
            if locked || cost <= pricing.unbooked(c).total() {
                load.add(c, s);
                if let Some(o) = openings.as_mut() {
                    o.add(c, s);
                }
                booking[c] = Some(s);
            }
        }
    }
}

/// Unbooks every case (not locked) whose booking costs more than leaving it unbooked,
/// counting the session it alone keeps open and the theatre it alone adds to its
/// surgeon's day. Returns the number unbooked. With the default weights nothing is.
pub fn drop_dear_bookings(
    problem: &Problem,
    pricing: &Pricing,
    booking: &mut [Option<usize>],
) -> usize {
    let mut openings = pricing.lists_used(booking);
    let mut dropped = 0;
    for (c, booked) in booking.iter_mut().enumerate() {
        let Some(s) = *booked else { continue };
        if problem.cases[c].locked {
            continue;
        }
        let saved =
            pricing.booked(c, s).total() + pricing.plan_level(openings.if_removed(c, s)).total();
        if cheaper(pricing.unbooked(c).total(), saved) {
            openings.remove(c, s);
            *booked = None;
            dropped += 1;
        }
    }
    dropped
}

/// Like `construct`, but each case goes to the session with room of least `guide[c][k]`
/// (`k`: the position of the session in `eligible[c]`), e.g. costs with capacity priced.
pub fn construct_guided(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    guide: &[Vec<f64>],
) -> Booking {
    let mut booking = vec![None; problem.cases.len()];
    let mut load = Load::new(problem, rules);
    let order = booking_order(problem, rules, pricing, eligible);
    for c in order {
        let best = eligible[c]
            .iter()
            .zip(&guide[c])
            .filter(|&(&s, _)| problem.cases[c].locked || load.fits(c, s))
            .min_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(b.0)));
        if let Some((&s, _)) = best {
            load.add(c, s);
            booking[c] = Some(s);
        }
    }
    booking
}

/// A booking clerk's plan, the yardstick the planner is measured against: cases by
/// priority, then in the order they were listed, each into the first session (by date,
/// start time, theatre) that allows it and still has room. Deadlines and costs are not
/// looked at beyond the priority.
pub fn first_fit(problem: &Problem, rules: &Rules, eligible: &[Vec<usize>]) -> Booking {
    let mut order: Vec<usize> = (0..problem.cases.len())
        .filter(|&c| !problem.cases[c].priority.is_deferred())
        .collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&problem.cases[a], &problem.cases[b]);
        y.locked
            .cmp(&x.locked)
            .then(x.priority.cmp(&y.priority))
            .then(x.listed_on.cmp(&y.listed_on))
            .then(x.id.cmp(&y.id))
    });
    let mut booking = vec![None; problem.cases.len()];
    let mut load = Load::new(problem, rules);
    for c in order {
        let first = eligible[c]
            .iter()
            .copied()
            .filter(|&s| problem.cases[c].locked || load.fits(c, s))
            .min_by_key(|&s| {
                let session = &problem.sessions[s];
                (session.date, session.start, &session.theatre, s)
            });
        if let Some(s) = first {
            load.add(c, s);
            booking[c] = Some(s);
        }
    }
    booking
}
