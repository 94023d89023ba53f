//! The order in which cases are treated (see the README, "Outputs"): clinical priority, then deadline,
//! then the order patients were added (`listed_on`, `referral_date`, `case_id`), so
//! runs are deterministic.

use crate::domain::deadline::Deadline;
use crate::domain::Problem;
use std::cmp::Ordering;

/// Compares cases `a` and `b`: the one to treat first is `Less`.
/// `deadlines[c]`: case c's deadline (`domain::deadline::deadline`), worked out once.
pub fn clinical_order(
    problem: &Problem,
    deadlines: &[Option<Deadline>],
    a: usize,
    b: usize,
) -> Ordering {
    let (x, y) = (&problem.cases[a], &problem.cases[b]);
    x.priority
        .cmp(&y.priority)
        .then_with(|| some_first(deadlines[a].map(|d| d.date), deadlines[b].map(|d| d.date)))
        .then_with(|| some_first(x.listed_on, y.listed_on))
        .then_with(|| some_first(x.referral_date, y.referral_date))
        .then_with(|| x.id.cmp(&y.id))
}

/// Orders `Some` before `None`, then by value.
pub(crate) fn some_first<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
