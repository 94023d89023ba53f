//! Cases that a model may give one shared integer column: a column per case makes
//! HiGHS branch over every permutation of alike cases, which stalls its search when many
//! patients are alike (IHTC-2024: up to a third of the patients share surgeon, length,
//! release and due day with another). A shared column `x[class, s] ∈ {0..n}` counts how
//! many of the class's `n` cases go to `s`; `booking_from` gives them out in class order.
//!
//! Never shared: locked or fixed cases, and cases of a patient with another case (the
//! one-operation-per-day rows name the patient).

use crate::domain::Problem;
use crate::pricing::Pricing;
use good_lp::{variable, VariableDefinition};
use std::collections::HashMap;

/// What the models see of a case besides its costs.
#[derive(PartialEq, Eq, Hash)]
struct Shape<'p> {
    sessions: &'p [usize],
    duration: u32,
    surgeon: Option<&'p str>,
    resources: Vec<&'p str>,
}

impl<'p> Shape<'p> {
    fn of(problem: &'p Problem, c: usize, sessions: &'p [usize]) -> Self {
        let case = &problem.cases[c];
        let mut resources: Vec<&str> = case.resources.iter().map(|r| r.key()).collect();
        resources.sort_unstable();
        Shape {
            sessions,
            duration: case.duration_min,
            surgeon: case.surgeon.as_deref(),
            resources,
        }
    }
}

/// Groups the cases that may share a column (not locked, not `fixed`, with somewhere
/// to go in `sessions`, no other case of their patient) by `key`; every other case is a
/// class of its own. Classes in the order of their first case, each in case order.
fn classes<K: std::hash::Hash + Eq>(
    problem: &Problem,
    sessions: &[Vec<usize>],
    fixed: impl Fn(usize) -> bool,
    key: impl Fn(usize) -> K,
) -> Vec<Vec<usize>> {
    let mut cases_of_patient: HashMap<usize, usize> = HashMap::new();
    for patient in problem.cases.iter().filter_map(|case| case.patient) {
        *cases_of_patient.entry(patient).or_default() += 1;
    }
    let may_share = |c: usize| {
        let case = &problem.cases[c];
        let shares_patient = case.patient.is_some_and(|p| cases_of_patient[&p] > 1);
        !(case.locked || fixed(c) || shares_patient || sessions[c].is_empty())
    };
    let mut classes: Vec<Vec<usize>> = Vec::new();
    let mut class_of: HashMap<K, usize> = HashMap::new();
    for c in 0..problem.cases.len() {
        let Some(k) = may_share(c).then(|| key(c)) else {
            classes.push(vec![c]);
            continue;
        };
        match class_of.get(&k) {
            Some(&i) => classes[i].push(c),
            None => {
                class_of.insert(k, classes.len());
                classes.push(vec![c]);
            }
        }
    }
    classes
}

/// Exactly interchangeable cases (for the day relaxation, whose bound must stay exact):
/// the same allowed sessions at the same costs (bit for bit), the same cost unbooked,
/// length, surgeon and resources.
pub fn interchangeable(
    problem: &Problem,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    classes(
        problem,
        eligible,
        |_| false,
        |c| {
            let costs: Vec<u64> = eligible[c]
                .iter()
                .map(|&s| pricing.booked(c, s).total().to_bits())
                .collect();
            let unbooked = pricing.unbooked(c).total().to_bits();
            (Shape::of(problem, c, &eligible[c]), costs, unbooked)
        },
    )
}

/// Cases alike for packing (for a neighbourhood's free cases, `candidates[c]` their
/// sessions): the same sessions with the same differences in cost between them, the
/// same penalty unbooked (its priority's: a case that must be booked never shares with
/// one that may wait), length, surgeon and resources. Their costs may differ by a constant per case (two patients
/// released on different days gain the same by moving a day), so the shared column is
/// priced at the members' least gain (`least_gain`), which never overstates what a
/// booking saves, and each class is ordered most gain first, so that when the model
/// books fewer than all, those that gain most get the bookings. The plan that comes out
/// is priced exactly and kept only if cheaper (`improve::cost_if_better`).
pub fn for_packing(
    problem: &Problem,
    pricing: &Pricing,
    candidates: &[Vec<usize>],
    fixed: &[bool],
) -> Vec<Vec<usize>> {
    let gain = |c: usize| pricing.booked(c, candidates[c][0]).total() - pricing.unbooked(c).total();
    let mut classes = classes(
        problem,
        candidates,
        |c| fixed[c],
        |c| {
            let first = pricing.booked(c, candidates[c][0]).total();
            let steps: Vec<u64> = candidates[c]
                .iter()
                .map(|&s| (pricing.booked(c, s).total() - first).to_bits())
                .collect();
            let penalty = pricing.unbooked(c).unbooked.to_bits();
            (Shape::of(problem, c, &candidates[c]), steps, penalty)
        },
    );
    for class in &mut classes {
        class.sort_by(|&a, &b| gain(a).total_cmp(&gain(b)).then(a.cmp(&b)));
    }
    classes
}

/// The objective coefficient of a shared column for session `s`: the largest (least
/// negative) `booked − unbooked` among the class's cases.
pub fn least_gain(pricing: &Pricing, class: &[usize], s: usize) -> f64 {
    class
        .iter()
        .map(|&c| pricing.booked(c, s).total() - pricing.unbooked(c).total())
        .fold(f64::NEG_INFINITY, f64::max)
}

/// `classes` indexed by their first case, over `cases` cases: `stands_for[c]` is c's
/// class when c comes first in it, empty otherwise (the form `Model::classes` takes).
pub fn by_first(classes: Vec<Vec<usize>>, cases: usize) -> Vec<Vec<usize>> {
    let mut stands_for = vec![Vec::new(); cases];
    for class in classes {
        let first = class[0];
        stands_for[first] = class;
    }
    stands_for
}

/// A column that counts how many of `n` alike cases or sessions are chosen: binary for
/// one, an integer up to `n` otherwise.
pub fn count_column(n: usize) -> VariableDefinition {
    if n == 1 {
        variable().binary()
    } else {
        variable().integer().min(0).max(n as f64)
    }
}
