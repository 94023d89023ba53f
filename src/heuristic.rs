//! The constructive heuristic: a feasible plan built the way a careful scheduler would,
//! most urgent case first, each into its cheapest session that still has room. It gives
//! the solver a starting plan and is the fallback when the solver finds nothing better.

use crate::capacity::Load;
use crate::config::Rules;
use crate::cost::Pricing;
use crate::domain::Problem;
use crate::ordering::clinical_order;

/// The order cases are considered in: locked first, then the clinical order.
pub fn booking_order(problem: &Problem, pricing: &Pricing) -> Vec<usize> {
    let mut order: Vec<usize> = (0..problem.cases.len())
        .filter(|&c| !problem.cases[c].priority.is_deferred())
        .collect();
    order.sort_by(|&a, &b| {
        (problem.cases[b].locked)
            .cmp(&problem.cases[a].locked)
            .then_with(|| clinical_order(problem, pricing, a, b))
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
) -> Vec<Option<usize>> {
    let mut booking = vec![None; problem.cases.len()];
    fill(problem, rules, pricing, eligible, &mut booking);
    booking
}

/// Adds every unbooked case that still fits somewhere, in booking order, each into its
/// cheapest session with room. Booking a case always lowers the objective (see
/// `Pricing::unbooked`), so this only improves a plan.
pub fn fill(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    booking: &mut [Option<usize>],
) {
    let mut load = Load::from_booking(problem, rules, booking);
    for c in booking_order(problem, pricing) {
        if booking[c].is_some() {
            continue;
        }
        let allowed = eligible[c].iter().copied();
        let best = pricing.cheapest_session(
            c,
            allowed.filter(|&s| problem.cases[c].locked || load.fits(c, s)),
        );
        if let Some(s) = best {
            load.add(c, s);
            booking[c] = Some(s);
        }
    }
}
