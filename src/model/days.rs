//! The day relaxation: which day (not which session) each case is booked on.
//!
//! The pair model is weakest where sessions on one day are interchangeable (theatres
//! open to any surgeon) and lists cost money to open: its LP spreads cases and opening
//! costs across symmetric sessions. Here each case chooses a day instead:
//!
//! - `w[c,k] ∈ {0,1}`: case c on day-group k, one per (date, site, operating surgeon) of
//!   its allowed sessions, represented by its cheapest session there (so the cost of
//!   the choice is the least of that group's sessions' costs);
//! - one per case, surgeons' daily minutes, daily resource limits and one operation per
//!   patient per day: exactly as in the pair model (they only see the date, the site and
//!   the operating surgeon, which the group fixes);
//! - minutes per site and date: `Σ (d_c + t_min) w ≤ Σ_s (U_s + t_s) y_s` over the
//!   sessions of that site and date (`t_min`: the least turnaround among them), which
//!   every plan meets since each session meets its own row;
//! - `y[s] ∈ {0,1}` per session (with `open_session`; otherwise the sessions' minutes
//!   are constants), and `w[c,k] ≤ Σ y[s]` over the allowed sessions of the group;
//! - objective: the pair model's, with `open_session · y` and no theatre-change term.
//!
//! Every plan gives a solution of this model of no greater cost (book each case's day,
//! open the sessions the plan opens), so its optimum, and HiGHS's bound on it, is a
//! lower bound on every plan's cost. Its solution also says which day each case goes
//! on, which the planner then packs into sessions (`plan`).

use super::{constraints, objective, openings::OpeningColumns, Model};
use crate::config::Rules;
use crate::cost::Pricing;
use crate::domain::Problem;
use chrono::NaiveDate;
use good_lp::{constraint, variable, Expression, ProblemVariables, Variable};
use std::collections::BTreeMap;

/// A case's day-group: its allowed sessions on one date at one site with one operating
/// surgeon.
type Group<'p> = (NaiveDate, &'p str, Option<&'p str>);

/// The pairs and the sessions of one site on one date.
type SiteDay = (Vec<usize>, Vec<usize>);

/// Builds the day relaxation. Its `pairs` are (case, the group's cheapest session).
pub fn build_days(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
) -> Model {
    let mut variables = ProblemVariables::new();
    let mut pairs = Vec::new();
    let mut x = Vec::new();
    // Per pair: the allowed sessions of its group.
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (c, sessions) in eligible.iter().enumerate() {
        let case = &problem.cases[c];
        let mut groups: BTreeMap<Group, Vec<usize>> = BTreeMap::new();
        for &s in sessions {
            let session = &problem.sessions[s];
            let key = (
                session.date,
                session.site.as_str(),
                problem.operating_surgeon(case, session),
            );
            groups.entry(key).or_default().push(s);
        }
        for group in groups.into_values() {
            let cheapest = pricing
                .cheapest_session(c, group.iter().copied())
                .expect("a group has a session");
            let definition = variable().binary();
            x.push(variables.add(if case.locked {
                definition.min(1)
            } else {
                definition
            }));
            pairs.push((c, cheapest));
            members.push(group);
        }
    }
    let (mut objective, offset) = objective::objective(problem, pricing, &pairs, &x, None);
    let index = constraints::PairIndex::new(&pairs, &x);
    let mut rows = Vec::new();
    rows.extend(constraints::one_session_per_case(problem, &index));
    rows.extend(constraints::surgeon_daily_minutes(problem, &index));
    rows.extend(constraints::resource_daily_limits(problem, &index));
    rows.extend(constraints::one_operation_per_patient_per_day(
        problem, &index,
    ));

    // Each session that some group can use gets a `y` when opening it costs.
    let weights = pricing.weights();
    let mut used: BTreeMap<usize, Option<Variable>> = BTreeMap::new();
    for group in &members {
        for &s in group {
            used.entry(s).or_insert(None);
        }
    }
    let mut y_sessions = Vec::new();
    if weights.open_session > 0.0 {
        y_sessions = used.keys().copied().collect();
        for (_, y) in used.iter_mut() {
            let column = variables.add(variable().binary());
            objective.add_mul(weights.open_session, column);
            *y = Some(column);
        }
        for (i, group) in members.iter().enumerate() {
            let mut open = Expression::with_capacity(group.len());
            for s in group {
                if let Some(y) = used[s] {
                    open.add_mul(1.0, y);
                }
            }
            rows.push(constraint!(x[i] - open <= 0).set_name(format!("day_open[{i}]")));
        }
    }

    // Minutes per site and date: (the pairs there, the sessions there).
    let mut days: BTreeMap<(NaiveDate, &str), SiteDay> = BTreeMap::new();
    for &s in used.keys() {
        let session = &problem.sessions[s];
        days.entry((session.date, &session.site))
            .or_default()
            .1
            .push(s);
    }
    for (i, &(_, s)) in pairs.iter().enumerate() {
        let session = &problem.sessions[s];
        if let Some(day) = days.get_mut(&(session.date, session.site.as_str())) {
            day.0.push(i);
        }
    }
    for ((date, site), (cases, sessions)) in days {
        let least_turnaround = sessions
            .iter()
            .map(|&s| problem.sessions[s].turnaround_min)
            .min()
            .unwrap_or(0);
        let mut need = Expression::with_capacity(cases.len() + sessions.len());
        let mut all_need = 0.0;
        for &i in &cases {
            let minutes = f64::from(problem.cases[pairs[i].0].duration_min + least_turnaround);
            need.add_mul(minutes, x[i]);
            all_need += minutes;
        }
        let mut fixed = 0.0;
        for &s in &sessions {
            let session = &problem.sessions[s];
            let minutes =
                f64::from(problem.usable_minutes(session, rules.max_fill) + session.turnaround_min);
            match used[&s] {
                Some(y) => need.add_mul(-minutes, y),
                None => fixed += minutes,
            }
        }
        if weights.open_session <= 0.0 && all_need <= fixed {
            continue;
        }
        rows.push(constraint!(need <= fixed).set_name(format!("day_minutes[{site},{date}]")));
    }
    Model {
        variables,
        objective,
        constraints: rows,
        pairs,
        x,
        cases: problem.cases.len(),
        offset,
        openings: OpeningColumns::sessions_only(y_sessions),
        // Small and dense with knapsack rows: presolve strengthens them.
        presolve: true,
        day_groups: Some(members),
    }
}
