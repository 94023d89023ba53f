//! The objective: the cost of every booking relative to leaving its case unbooked.

use crate::domain::Problem;
use crate::pricing::Pricing;
use good_lp::{Expression, Variable};

/// The linear part `Σ_(c,s) (a_cs − u_c) x[c,s]` and the constant `Σ_c u_c`, over the
/// cases of `part` (all cases when `None`). With shared columns (`stands_for`, see
/// `alike::by_first`), case c's column stands for the cases `stands_for[c]` and is
/// priced at their least gain (`alike::least_gain`).
pub fn objective(
    problem: &Problem,
    pricing: &Pricing,
    pairs: &[(usize, usize)],
    x: &[Variable],
    part: Option<&[usize]>,
    stands_for: Option<&[Vec<usize>]>,
) -> (Expression, f64) {
    let mut objective = Expression::with_capacity(pairs.len());
    let unbooked = |c: usize| pricing.unbooked(c).total();
    let unbooked_total: f64 = match part {
        Some(cases) => cases.iter().map(|&c| unbooked(c)).sum(),
        None => (0..problem.cases.len()).map(unbooked).sum(),
    };
    for (&(c, s), &var) in pairs.iter().zip(x) {
        let gain = match stands_for {
            Some(classes) => super::alike::least_gain(pricing, &classes[c], s),
            None => pricing.booked(c, s).total() - pricing.unbooked(c).total(),
        };
        objective.add_mul(gain, var);
    }
    (objective, unbooked_total)
}
