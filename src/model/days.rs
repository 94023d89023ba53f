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
//! Interchangeable cases and sessions share columns (`alike::interchangeable`; the
//! symmetry of a column each stalls HiGHS's branch and bound: on IHTC-2024 instances, where many patients are alike and every theatre
//! of a day is open to every surgeon, HiGHS's bound after 40 s rose from 25,550 to
//! 25,730 on test10 and from 7,240 to 7,610 on i29 when they did):
//! - cases with the same allowed sessions at the same costs, length, surgeon, resources
//!   and cost unbooked, not locked and with no other case of their patient, form a
//!   class of n; its `w[k]` is an integer up to n and its one-per-case row reads `≤ n`;
//! - sessions of one site and date with the same minutes that belong to the same day-
//!   groups form a class; its `y` counts how many of them are used;
//! - the row `w[c,k] ≤ n · Σ y` is left out where the group holds every session of its
//!   site and date (then the minutes row already opens lists for it; the extra rows
//!   slowed HiGHS: test10's bound 25,530 with them, 25,730 without).
//!
//! The shared columns are exact: a solution of the model with one column per case and
//! session maps to one of the shared model of the same cost and back (give the class's
//! bookings to its cases in any order; open any of the class's sessions).
//!
//! Every plan gives a solution of this model of no greater cost (book each case's day,
//! open the sessions the plan opens), so its optimum, and HiGHS's bound on it, is a
//! lower bound on every plan's cost. Its solution also says which day each case goes
//! on, which the planner then packs into sessions (`plan`).

use super::{alike, constraints, objective, openings::OpeningColumns, Model};
use crate::config::Rules;
use crate::cost::Pricing;
use crate::domain::Problem;
use chrono::NaiveDate;
use good_lp::{constraint, Expression, ProblemVariables, Variable};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A case's day-group: its allowed sessions on one date at one site with one operating
/// surgeon.
type Group<'p> = (NaiveDate, &'p str, Option<&'p str>);

/// The pairs and the sessions of one site on one date.
type SiteDay = (Vec<usize>, Vec<usize>);

/// Builds the day relaxation. Its `pairs` are (the first case of a class of
/// interchangeable cases, the group's cheapest session); `Model::classes` says which
/// cases each stands for.
pub fn build_days(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
) -> Model {
    build(problem, rules, pricing, eligible, true)
}

/// The same relaxation with a column per case and per session (nothing shared): the
/// reference that the shared columns must match (tests).
pub fn build_days_unshared(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
) -> Model {
    build(problem, rules, pricing, eligible, false)
}

fn build(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    share: bool,
) -> Model {
    let mut variables = ProblemVariables::new();
    let mut pairs = Vec::new();
    let mut x = Vec::new();
    // Per pair: the allowed sessions of its group.
    let mut members: Vec<Vec<usize>> = Vec::new();
    let alike_cases = if share {
        alike::interchangeable(problem, pricing, eligible)
    } else {
        (0..problem.cases.len()).map(|c| vec![c]).collect()
    };
    let classes = alike::by_first(alike_cases, problem.cases.len());
    let copies = |c: usize| classes[c].len() as f64;
    for (c, class) in classes.iter().enumerate().filter(|(_, k)| !k.is_empty()) {
        let case = &problem.cases[c];
        let mut groups: BTreeMap<Group, Vec<usize>> = BTreeMap::new();
        for &s in &eligible[c] {
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
            let definition = alike::count_column(class.len());
            x.push(variables.add(if case.locked {
                definition.min(1)
            } else {
                definition
            }));
            pairs.push((c, cheapest));
            members.push(group);
        }
    }
    let (mut objective, offset) =
        objective::objective(problem, pricing, &pairs, &x, None, Some(&classes));
    let index = constraints::PairIndex::with_classes(&pairs, &x, &classes);
    let mut rows = Vec::new();
    rows.extend(constraints::one_session_per_case(problem, &index));
    rows.extend(constraints::surgeon_daily_minutes(problem, &index));
    rows.extend(constraints::resource_daily_limits(problem, &index));
    rows.extend(constraints::one_operation_per_patient_per_day(
        problem, &index,
    ));

    // The minutes each session offers a site-day's row.
    let offered = |s: usize| {
        let session = &problem.sessions[s];
        problem.usable_minutes(session, rules.max_fill) + session.turnaround_min
    };
    // The sessions some group can use, with the groups that can.
    let mut groups_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, group) in members.iter().enumerate() {
        for &s in group {
            groups_of.entry(s).or_default().push(i);
        }
    }
    // When opening costs, one `y` per class of interchangeable sessions.
    let weights = pricing.weights();
    let mut y_classes: Vec<(Vec<usize>, Variable)> = Vec::new();
    let mut class_of_session: HashMap<usize, usize> = HashMap::new();
    if weights.open_session > 0.0 {
        let mut alike_sessions: BTreeMap<(NaiveDate, &str, u32, &[usize]), Vec<usize>> =
            BTreeMap::new();
        for (s, groups) in &groups_of {
            let session = &problem.sessions[*s];
            // Unshared: the session's own index stands in for its groups.
            let key: &[usize] = if share {
                groups
            } else {
                std::slice::from_ref(s)
            };
            alike_sessions
                .entry((session.date, &session.site, offered(*s), key))
                .or_default()
                .push(*s);
        }
        for sessions in alike_sessions.into_values() {
            let column = variables.add(alike::count_column(sessions.len()));
            objective.add_mul(weights.open_session, column);
            for &s in &sessions {
                class_of_session.insert(s, y_classes.len());
            }
            y_classes.push((sessions, column));
        }
    }

    // Minutes per site and date: (the pairs there, the sessions there).
    let mut days: BTreeMap<(NaiveDate, &str), SiteDay> = BTreeMap::new();
    for &s in groups_of.keys() {
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
    if !y_classes.is_empty() {
        for (i, group) in members.iter().enumerate() {
            let session = &problem.sessions[group[0]];
            let site_day = &days[&(session.date, session.site.as_str())].1;
            if group.len() == site_day.len() {
                continue;
            }
            let mut open = Expression::with_capacity(group.len());
            let mut seen = BTreeSet::new();
            for s in group {
                let k = class_of_session[s];
                if seen.insert(k) {
                    open.add_mul(1.0, y_classes[k].1);
                }
            }
            let n = copies(pairs[i].0);
            rows.push(constraint!(x[i] - n * open <= 0).set_name(format!("day_open[{i}]")));
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
            let c = pairs[i].0;
            let minutes = f64::from(problem.cases[c].duration_min + least_turnaround);
            need.add_mul(minutes, x[i]);
            all_need += minutes * copies(c);
        }
        let mut fixed = 0.0;
        let mut seen = BTreeSet::new();
        for &s in &sessions {
            match class_of_session.get(&s) {
                Some(&k) => {
                    if seen.insert(k) {
                        need.add_mul(-f64::from(offered(s)), y_classes[k].1);
                    }
                }
                None => fixed += f64::from(offered(s)),
            }
        }
        if y_classes.is_empty() && all_need <= fixed {
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
        openings: OpeningColumns::sessions_only(
            y_classes
                .into_iter()
                .map(|(sessions, _)| sessions)
                .collect(),
        ),
        // Small and dense with knapsack rows: presolve strengthens them.
        presolve: true,
        day_groups: Some(members),
        classes: Some(classes),
    }
}
