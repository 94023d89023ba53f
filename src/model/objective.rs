//! The objective: the cost of every booking relative to leaving its case unbooked.

use crate::cost::Pricing;
use crate::domain::Problem;
use good_lp::{Expression, Variable};

/// The linear part `Σ_(c,s) (a_cs − u_c) x[c,s]` and the constant `Σ_c u_c`, over the
/// cases of `part` (all cases when `None`).
pub fn objective(
    problem: &Problem,
    pricing: &Pricing,
    pairs: &[(usize, usize)],
    x: &[Variable],
    part: Option<&[usize]>,
) -> (Expression, f64) {
    let mut objective = Expression::with_capacity(pairs.len());
    let unbooked = |c: usize| pricing.unbooked(c).total();
    let unbooked_total: f64 = match part {
        Some(cases) => cases.iter().map(|&c| unbooked(c)).sum(),
        None => (0..problem.cases.len()).map(unbooked).sum(),
    };
    for (&(c, s), &var) in pairs.iter().zip(x) {
        objective.add_mul(
            pricing.booked(c, s).total() - pricing.unbooked(c).total(),
            var,
        );
    }
    (objective, unbooked_total)
}

/// As `objective`, where `pairs` carry shared columns: case c's column for session s
/// stands for the cases `stands_for[c]` and is priced at their least gain
/// (`alike::least_gain`).
pub fn objective_shared(
    problem: &Problem,
    pricing: &Pricing,
    pairs: &[(usize, usize)],
    x: &[Variable],
    part: Option<&[usize]>,
    stands_for: &[Vec<usize>],
) -> (Expression, f64) {
    let (_, offset) = objective(problem, pricing, &[], &[], part);
    let mut expression = Expression::with_capacity(pairs.len());
    for (&(c, s), &var) in pairs.iter().zip(x) {
        expression.add_mul(super::alike::least_gain(pricing, &stands_for[c], s), var);
    }
    (expression, offset)
}
