//! The objective: the cost of every booking relative to leaving its case unbooked.

use crate::cost::Pricing;
use crate::domain::Problem;
use good_lp::{Expression, Variable};

/// `Σ_c u_c · constant + Σ_(c,s) (a_cs − u_c) x[c,s]`, with `constant` fixed to 1.
pub fn objective(
    problem: &Problem,
    pricing: &Pricing,
    pairs: &[(usize, usize)],
    x: &[Variable],
    constant: Variable,
) -> Expression {
    let mut objective = Expression::with_capacity(pairs.len() + 1);
    let unbooked_total: f64 = (0..problem.cases.len())
        .map(|c| pricing.unbooked(c).total())
        .sum();
    objective.add_mul(unbooked_total, constant);
    for (&(c, s), &var) in pairs.iter().zip(x) {
        objective.add_mul(
            pricing.booked(c, s).total() - pricing.unbooked(c).total(),
            var,
        );
    }
    objective
}
