//! The hard rules that couple cases, one function each. Every constraint carries a name
//! (`rule[key]`) so an LP dump or a failing test says which rule is involved. Rows that
//! can never bind (all candidates together fit) are left out to keep the model small.

use crate::domain::Problem;
use crate::domain::Rules;
use crate::model::floors::UnbookedFloor;
use chrono::NaiveDate;
use good_lp::{constraint, Constraint, Expression, Variable};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The model's variables grouped by case and by session.
pub struct PairIndex {
    /// (case, session, variable) in variable order.
    pub pairs: Vec<(usize, usize, Variable)>,
    pub by_case: BTreeMap<usize, Vec<usize>>,
    pub by_session: BTreeMap<usize, Vec<usize>>,
    /// `copies[c]`: how many alike cases case c's columns stand for (an integer column
    /// up to that many; see `alike`). Empty: one each.
    copies: Vec<u32>,
}

impl PairIndex {
    pub fn new(pairs: &[(usize, usize)], x: &[Variable]) -> Self {
        let mut by_case: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut by_session: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, &(c, s)) in pairs.iter().enumerate() {
            by_case.entry(c).or_default().push(i);
            by_session.entry(s).or_default().push(i);
        }
        PairIndex {
            pairs: pairs.iter().zip(x).map(|(&(c, s), &v)| (c, s, v)).collect(),
            by_case,
            by_session,
            copies: Vec::new(),
        }
    }

    /// As `new`, with case c's columns standing for the alike cases `stands_for[c]`
    /// (`alike::by_first`).
    pub fn with_classes(
        pairs: &[(usize, usize)],
        x: &[Variable],
        stands_for: &[Vec<usize>],
    ) -> Self {
        PairIndex {
            copies: stands_for.iter().map(|class| class.len() as u32).collect(),
            ..PairIndex::new(pairs, x)
        }
    }

    /// How many cases case c's columns stand for.
    pub(crate) fn copies(&self, c: usize) -> f64 {
        f64::from(self.copies.get(c).copied().unwrap_or(1))
    }

    fn sum(&self, members: &[usize], weight: impl Fn(usize, usize) -> f64) -> Expression {
        let mut expression = Expression::with_capacity(members.len());
        for &i in members {
            let (c, s, var) = self.pairs[i];
            expression.add_mul(weight(c, s), var);
        }
        expression
    }

    /// The cases of `members`, each counted once.
    fn distinct_cases(&self, members: &[usize]) -> BTreeSet<usize> {
        members.iter().map(|&i| self.pairs[i].0).collect()
    }
}

fn named(rule: &str, key: impl std::fmt::Display, row: Constraint) -> Constraint {
    row.set_name(format!("{rule}[{key}]"))
}

/// Each case is booked into at most one session (cases standing for copies: at most
/// that many bookings).
pub fn one_session_per_case(problem: &Problem, index: &PairIndex) -> Vec<Constraint> {
    index
        .by_case
        .iter()
        .filter(|(_, members)| members.len() > 1)
        .map(|(&c, members)| {
            named(
                "one_session_per_case",
                &problem.cases[c].id,
                constraint!(index.sum(members, |_, _| 1.0) <= index.copies(c)),
            )
        })
        .collect()
}

/// A session's cases, with turnaround between consecutive cases, fit in its usable
/// minutes; for a session with a used-column `y` (`opened`), in `y` times them.
pub fn session_minutes(
    problem: &Problem,
    rules: &Rules,
    index: &PairIndex,
    opened: &HashMap<usize, Variable>,
) -> Vec<Constraint> {
    let mut rows = Vec::new();
    for (&s, members) in &index.by_session {
        let session = &problem.sessions[s];
        let turnaround = f64::from(session.turnaround_min);
        let allowance = f64::from(problem.usable_minutes(session, rules.max_fill)) + turnaround;
        let need = |c: usize, _| f64::from(problem.cases[c].duration_min) + turnaround;
        let used = index.sum(members, need);
        let row = match opened.get(&s) {
            Some(&y) => constraint!(used - allowance * y <= 0),
            None => {
                let all: f64 = members
                    .iter()
                    .map(|&i| need(index.pairs[i].0, 0) * index.copies(index.pairs[i].0))
                    .sum();
                if all <= allowance {
                    continue;
                }
                constraint!(used <= allowance)
            }
        };
        rows.push(named("session_minutes", &session.id, row));
    }
    rows
}

/// A surgeon's operating minutes on one day, across all sessions, stay within the limit.
pub fn surgeon_daily_minutes(problem: &Problem, index: &PairIndex) -> Vec<Constraint> {
    let mut groups: BTreeMap<(&str, NaiveDate), Vec<usize>> = BTreeMap::new();
    for (i, &(c, s, _)) in index.pairs.iter().enumerate() {
        let session = &problem.sessions[s];
        if let Some(surgeon) = problem.operating_surgeon(&problem.cases[c], session) {
            groups.entry((surgeon, session.date)).or_default().push(i);
        }
    }
    let mut rows = Vec::new();
    for ((surgeon, date), members) in groups {
        let Some(max) = problem.surgeon_limits.get(surgeon, date) else {
            continue;
        };
        let minutes = |c: usize, _| f64::from(problem.cases[c].duration_min);
        let mut cases: Vec<usize> = members.iter().map(|&i| index.pairs[i].0).collect();
        cases.dedup();
        let all: f64 = cases.iter().map(|&c| minutes(c, 0) * index.copies(c)).sum();
        if all <= f64::from(max) {
            continue;
        }
        rows.push(named(
            "surgeon_daily_minutes",
            format!("{surgeon},{date}"),
            constraint!(index.sum(&members, minutes) <= max),
        ));
    }
    rows
}

/// Cases using a daily counted resource stay within each limit row, per date.
pub fn resource_daily_limits(problem: &Problem, index: &PairIndex) -> Vec<Constraint> {
    let mut rows = Vec::new();
    for (l, limit) in problem.resource_limits.iter().enumerate() {
        let mut per_date: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
        for (i, &(c, s, _)) in index.pairs.iter().enumerate() {
            let session = &problem.sessions[s];
            if limit.applies(&session.site, session.date)
                && problem.cases[c].resources.contains(&limit.resource)
            {
                per_date.entry(session.date).or_default().push(i);
            }
        }
        for (date, members) in per_date {
            let stand_for: f64 = index
                .distinct_cases(&members)
                .into_iter()
                .map(|c| index.copies(c))
                .sum();
            if stand_for <= f64::from(limit.per_day) {
                continue;
            }
            rows.push(named(
                "resource_daily_limit",
                format!("{},{l},{date}", limit.resource),
                constraint!(index.sum(&members, |_, _| 1.0) <= limit.per_day),
            ));
        }
    }
    rows
}

/// A patient has at most one operation per day. (Cases standing for copies are never
/// of a patient with another case, so their rows are never needed.)
pub fn one_operation_per_patient_per_day(problem: &Problem, index: &PairIndex) -> Vec<Constraint> {
    let mut groups: BTreeMap<(usize, NaiveDate), Vec<usize>> = BTreeMap::new();
    for (i, &(c, s, _)) in index.pairs.iter().enumerate() {
        if let Some(patient) = problem.cases[c].patient {
            groups
                .entry((patient, problem.sessions[s].date))
                .or_default()
                .push(i);
        }
    }
    groups
        .into_iter()
        .filter(|(_, members)| index.distinct_cases(members).len() > 1)
        .map(|((patient, date), members)| {
            named(
                "one_operation_per_patient_per_day",
                format!("patient {patient},{date}"),
                constraint!(index.sum(&members, |_, _| 1.0) <= 1),
            )
        })
        .collect()
}

/// Of each floor's cases (one surgeon's, at one level of unbooked penalty or dearer),
/// at least the floor stay unbooked (`unbooked_floor`): `Σ x ≤ n − F` over their columns.
pub fn unbooked_floors(floors: &[UnbookedFloor], index: &PairIndex) -> Vec<Constraint> {
    floors
        .iter()
        .filter_map(|floor| {
            let members: Vec<usize> = floor
                .cases
                .iter()
                .filter_map(|c| index.by_case.get(c))
                .flatten()
                .copied()
                .collect();
            let most = floor.cases.len().checked_sub(floor.unbooked)?;
            (!members.is_empty()).then(|| {
                named(
                    "unbooked_floor",
                    format!("{},{}", floor.surgeon, floor.cases.len()),
                    constraint!(index.sum(&members, |_, _| 1.0) <= most as f64),
                )
            })
        })
        .collect()
}
