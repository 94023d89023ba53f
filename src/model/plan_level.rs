//! The plan-level costs in the model: sessions used and surgeons' extra theatres.
//!
//! - `y[s] ∈ {0,1}` for each session with a pair, when `open_session > 0`: the session
//!   is used. Rows `x[c,s] ≤ y[s]` for each pair, and the session's minutes row takes
//!   `y[s]` on its right-hand side (`session_minutes_opened`), which is the stronger
//!   of the two in the LP. Objective `+ open_session · y[s]`.
//! - `z[g,d,θ] ∈ {0,1}` for each surgeon g, day d and theatre θ where g has pairs in two
//!   or more theatres that day, when `theatre_change > 0`: g operates in θ on d. Rows
//!   `x[c,s] ≤ z[g,d,θ(s)]` for g's pairs, and `e[g,d] ≥ Σ_θ z[g,d,θ] − 1`, `e ≥ 0`.
//!   Objective `+ theatre_change · e[g,d]`.
//!
//! Minimising drives `y`, `z` and `e` down to what the bookings force, so the objective
//! is the plan's cost (`pricing::Pricing::plan_cost`).

use super::constraints::PairIndex;
use crate::domain::Problem;
use crate::pricing::Pricing;
use chrono::NaiveDate;
use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The plan-level columns, after the pairs' columns, in this order: `y` (one per
/// `sessions`), then for each surgeon-day its `z` columns followed by its `e` column.
#[derive(Default)]
pub struct PlanLevelColumns {
    /// The sessions behind each `y` column, in column order: one session in the pair
    /// models; in the day relaxation, interchangeable sessions whose `y` counts how
    /// many of them are used.
    sessions: Vec<Vec<usize>>,
    /// Per pair: the surgeon-day group and the index of its `z` column within the group.
    pair_theatre: Vec<Option<(usize, usize)>>,
    /// Per surgeon-day group: the number of `z` columns.
    groups: Vec<usize>,
}

impl PlanLevelColumns {
    /// Columns of `y` alone, one per class of interchangeable sessions (the day
    /// relaxation's).
    pub fn sessions_only(sessions: Vec<Vec<usize>>) -> Self {
        PlanLevelColumns {
            sessions,
            ..PlanLevelColumns::default()
        }
    }

    /// The `y` values for a plan: how many of each column's sessions it uses.
    pub fn used_by(&self, booking: &[Option<usize>]) -> Vec<f64> {
        let used: HashSet<usize> = booking.iter().flatten().copied().collect();
        self.count_used(&used)
    }

    fn count_used(&self, used: &HashSet<usize>) -> Vec<f64> {
        self.sessions
            .iter()
            .map(|class| class.iter().filter(|s| used.contains(s)).count() as f64)
            .collect()
    }

    /// The values of the plan-level columns for the pairs' values `x` (warm start).
    pub fn values(&self, pairs: &[(usize, usize)], x: &[f64]) -> Vec<f64> {
        let used: HashSet<usize> = pairs
            .iter()
            .zip(x)
            .filter(|(_, &v)| v > 0.5)
            .map(|(&(_, s), _)| s)
            .collect();
        let mut values = self.count_used(&used);
        let mut z: Vec<Vec<f64>> = self.groups.iter().map(|&n| vec![0.0; n]).collect();
        for (theatre, &v) in self.pair_theatre.iter().zip(x) {
            if let (Some((g, k)), true) = (theatre, v > 0.5) {
                z[*g][*k] = 1.0;
            }
        }
        for group in z {
            let extra = (group.iter().sum::<f64>() - 1.0).max(0.0);
            values.extend(group);
            values.push(extra);
        }
        values
    }
}

/// Adds the plan-level variables, rows and objective terms; returns the columns and the
/// `y` of each session (for `constraints::session_minutes`).
pub fn add(
    problem: &Problem,
    pricing: &Pricing,
    index: &PairIndex,
    variables: &mut ProblemVariables,
    objective: &mut Expression,
    rows: &mut Vec<Constraint>,
) -> (PlanLevelColumns, HashMap<usize, Variable>) {
    let weights = pricing.weights();
    let mut columns = PlanLevelColumns {
        pair_theatre: vec![None; index.pairs.len()],
        ..PlanLevelColumns::default()
    };
    let mut opened = HashMap::new();
    if weights.open_session > 0.0 {
        for (&s, members) in &index.by_session {
            let y = variables.add(variable().binary());
            objective.add_mul(weights.open_session, y);
            columns.sessions.push(vec![s]);
            opened.insert(s, y);
            for &i in members {
                let (c, _, x) = index.pairs[i];
                let n = index.copies(c);
                rows.push(
                    constraint!(x <= n * y)
                        .set_name(format!("session_used[{}]", problem.sessions[s].id)),
                );
            }
        }
    }
    if weights.theatre_change > 0.0 {
        let theatre_of = pricing.theatre_of();
        let mut days: BTreeMap<(&str, NaiveDate), BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
        for (i, &(c, s, _)) in index.pairs.iter().enumerate() {
            let session = &problem.sessions[s];
            if let Some(g) = problem.operating_surgeon(&problem.cases[c], session) {
                days.entry((g, session.date))
                    .or_default()
                    .entry(theatre_of[s])
                    .or_default()
                    .push(i);
            }
        }
        for ((surgeon, date), theatres) in days.into_iter().filter(|(_, t)| t.len() > 1) {
            let group = columns.groups.len();
            let mut sum = Expression::with_capacity(theatres.len());
            for (k, members) in theatres.values().enumerate() {
                let z = variables.add(variable().binary());
                sum.add_mul(1.0, z);
                for &i in members {
                    let (c, _, x) = index.pairs[i];
                    let n = index.copies(c);
                    columns.pair_theatre[i] = Some((group, k));
                    rows.push(
                        constraint!(x <= n * z)
                            .set_name(format!("surgeon_in_theatre[{surgeon},{date},{k}]")),
                    );
                }
            }
            let extra = variables.add(variable().min(0));
            objective.add_mul(weights.theatre_change, extra);
            rows.push(
                constraint!(sum - extra <= 1).set_name(format!("extra_theatres[{surgeon},{date}]")),
            );
            columns.groups.push(theatres.len());
        }
    }
    (columns, opened)
}
