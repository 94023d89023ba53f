//! The one test every plan the search, the packing and the bound's core keep passes.

use crate::domain::{Problem, Rules};
use crate::pricing::{cheaper, Pricing};
use crate::rules::check::check;

/// The cost of `candidate` when it is cheaper than `cost` (by more than rounding) and
/// the independent check accepts it: the test every plan the search keeps passes.
pub(crate) fn cost_if_better(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    candidate: &[Option<usize>],
    cost: f64,
) -> Option<f64> {
    let candidate_cost = pricing.plan_cost(candidate).total();
    (cheaper(candidate_cost, cost) && check(problem, rules, candidate).is_empty())
        .then_some(candidate_cost)
}
