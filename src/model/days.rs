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
//! symmetry of a column each stalls HiGHS's branch and bound on IHTC-2024 instances, where
//! many patients are alike and every theatre of a day is open to every surgeon; figures
//! in docs/benchmarks.md):
//! - cases with the same allowed sessions at the same costs, length, surgeon, resources
//!   and cost unbooked, not locked and with no other case of their patient, form a
//!   class of n; its `w[k]` is an integer up to n and its one-per-case row reads `≤ n`;
//! - sessions of one site and date with the same minutes that belong to the same day-
//!   groups form a class; its `y` counts how many of them are used;
//! - the row `w[c,k] ≤ n · Σ y` is left out where the group holds every session of its
//!   site and date (then the minutes row already opens lists for it; the extra rows
//!   slowed HiGHS).
//!
//! The shared columns are exact: a solution of the model with one column per case and
//! session maps to one of the shared model of the same cost and back (give the class's
//! bookings to its cases in any order; open any of the class's sessions).
//!
//! Every plan gives a solution of this model of no greater cost (book each case's day,
//! open the sessions the plan opens), so its optimum, and HiGHS's bound on it, is a
//! lower bound on every plan's cost. Its solution also says which day each case goes
//! on, which the planner then packs into sessions (`plan`).
//!
//! By theatre (`build_days_by_theatre`): minutes per site-day do not see that surgeons'
//! days must be packed into lists (three surgeons of 400 minutes fill two 720-minute
//! lists only if one works in both theatres). This variant replaces the site-day row
//! by each surgeon's minutes per theatre, `m[g,θ]`, and, when theatre changes cost, the
//! theatres each surgeon works in, `z[g,θ]` (`SiteDays::theatre_rows`); sessions keep a
//! `y` each. A plan maps to it at no greater cost too (its minutes per surgeon and
//! theatre); only single cases' minutes may be split between theatres.
//!
//! Unbooked floors (`floors`, from `unbooked_floor`): per surgeon and level of unbooked
//! penalty, `Σ w ≤ n − F` over the columns of the surgeon's `n` cases at that level
//! (`constraints::unbooked_floors`); the planner adds them to the relaxation by theatre
//! and to one of the two by minutes it solves side by side.

use super::{alike, constraints, objective, plan_level::PlanLevelColumns, Model};
use crate::domain::Problem;
use crate::domain::Rules;
use crate::model::floors::UnbookedFloor;
use crate::pricing::Pricing;
use chrono::NaiveDate;
use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};
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
    floors: &[UnbookedFloor],
) -> Model {
    build(problem, rules, pricing, eligible, floors, true, false)
}

/// The day relaxation by theatre: each surgeon's minutes of a day are placed in the
/// theatres of that day (see the module doc). It takes no warm start.
pub fn build_days_by_theatre(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    floors: &[UnbookedFloor],
) -> Model {
    build(problem, rules, pricing, eligible, floors, true, true)
}

#[cfg(test)]
/// The same relaxation with a column per case and per session (nothing shared): the
/// reference that the shared columns must match (tests).
pub fn build_days_unshared(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    floors: &[UnbookedFloor],
) -> Model {
    build(problem, rules, pricing, eligible, floors, false, false)
}

fn build(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    floors: &[UnbookedFloor],
    share: bool,
    by_theatre: bool,
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
    rows.extend(constraints::unbooked_floors(floors, &index));

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
            // Unshared (and by theatre, where each session's minutes count in its own
            // theatre): the session's own index stands in for its groups.
            let key: &[usize] = if share && !by_theatre {
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
    // Each session's `y` column, with the index of its class (shared by alike sessions).
    let class_of = |s: usize| class_of_session.get(&s).map(|&k| (k, y_classes[k].1));
    let site_days = SiteDays {
        problem,
        pairs: &pairs,
        groups: &members,
        days: &days,
    };
    rows.extend(if by_theatre {
        site_days.theatre_rows(
            pricing.weights().theatre_change,
            &x,
            |s| class_of(s).map(|(_, y)| y),
            offered,
            &mut variables,
            &mut objective,
        )
    } else {
        site_days.minutes_rows(&x, copies, class_of, offered, !y_classes.is_empty())
    });
    Model {
        variables,
        objective,
        constraints: rows,
        pairs,
        x,
        cases: problem.cases.len(),
        offset,
        plan_level: PlanLevelColumns::sessions_only(
            y_classes
                .into_iter()
                .map(|(sessions, _)| sessions)
                .collect(),
        ),
        // Small and dense with knapsack rows: presolve strengthens them.
        presolve: true,
        day_groups: Some(members),
        classes: Some(classes),
        takes_start: !by_theatre,
    }
}

/// The least turnaround among `sessions` (what each case adds to a site-day's minutes).
fn least_turnaround(problem: &Problem, sessions: &[usize]) -> u32 {
    sessions
        .iter()
        .map(|&s| problem.sessions[s].turnaround_min)
        .min()
        .unwrap_or(0)
}

/// The relaxation's pairs by site and date, for the rows that share out the minutes.
struct SiteDays<'a, 'p> {
    problem: &'p Problem,
    pairs: &'a [(usize, usize)],
    /// Per pair: the allowed sessions of its group.
    groups: &'a [Vec<usize>],
    days: &'a BTreeMap<(NaiveDate, &'p str), SiteDay>,
}

impl SiteDays<'_, '_> {
    /// The rows by minutes: per site and date `Σ (d_c + t_min) w ≤ Σ (U_s + t_s) y`
    /// (a class of alike sessions once, with its count `y`), left out when no list can
    /// be opened (`opens` false) and every case there fits anyway.
    fn minutes_rows(
        &self,
        x: &[Variable],
        copies: impl Fn(usize) -> f64,
        class_of: impl Fn(usize) -> Option<(usize, Variable)>,
        offered: impl Fn(usize) -> u32,
        opens: bool,
    ) -> Vec<Constraint> {
        let problem = self.problem;
        let mut rows = Vec::new();
        for ((date, site), (cases, sessions)) in self.days {
            let least_turnaround = least_turnaround(problem, sessions);
            let mut need = Expression::with_capacity(cases.len() + sessions.len());
            let mut all_need = 0.0;
            for &i in cases {
                let c = self.pairs[i].0;
                let minutes = f64::from(problem.cases[c].duration_min + least_turnaround);
                need.add_mul(minutes, x[i]);
                all_need += minutes * copies(c);
            }
            let mut fixed = 0.0;
            let mut seen = BTreeSet::new();
            for &s in sessions {
                match class_of(s) {
                    Some((k, y)) => {
                        if seen.insert(k) {
                            need.add_mul(-f64::from(offered(s)), y);
                        }
                    }
                    None => fixed += f64::from(offered(s)),
                }
            }
            if !opens && all_need <= fixed {
                continue;
            }
            rows.push(constraint!(need <= fixed).set_name(format!("day_minutes[{site},{date}]")));
        }
        rows
    }

    /// The rows by theatre, with their columns: per surgeon and theatre of a site-day,
    /// `m` (the surgeon's minutes there, up to the theatre's minutes that day) and, when
    /// theatre changes cost, `z` (the surgeon works there; `m ≤ cap · z`, `z ≤ Σ y` of
    /// the theatre's sessions); per surgeon and date `v ≤ Σ z`, `v ≤ 1`. The surgeon's
    /// cases that day need `Σ (d_c + t_min) w ≤ Σ m`; each theatre's `Σ m ≤ Σ (U_s +
    /// t_s) y_s`. Objective `+ theatre_change · (Σ z − Σ v)`.
    fn theatre_rows(
        &self,
        theatre_change: f64,
        x: &[Variable],
        opened: impl Fn(usize) -> Option<Variable>,
        offered: impl Fn(usize) -> u32,
        variables: &mut ProblemVariables,
        objective: &mut Expression,
    ) -> Vec<Constraint> {
        let problem = self.problem;
        let theatre_of = crate::pricing::lists_used::theatre_of_sessions(problem);
        let mut rows = Vec::new();
        // (surgeon, date) → the z columns of the theatres the surgeon may work in.
        let mut worked: BTreeMap<(&str, NaiveDate), Vec<Variable>> = BTreeMap::new();
        for (&(date, _), (cases, sessions)) in self.days {
            let turnaround = least_turnaround(problem, sessions);
            let mut theatres: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for &s in sessions {
                theatres.entry(theatre_of[s]).or_default().push(s);
            }
            let mut by_surgeon: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
            for &i in cases {
                let (c, s) = self.pairs[i];
                let surgeon = problem.operating_surgeon(&problem.cases[c], &problem.sessions[s]);
                by_surgeon.entry(surgeon).or_default().push(i);
            }
            let mut used: BTreeMap<usize, Expression> = BTreeMap::new();
            for (surgeon, members) in by_surgeon {
                // With no turnaround, the surgeon's daily minutes also cap each theatre's share.
                let limit = surgeon
                    .filter(|_| turnaround == 0)
                    .and_then(|g| problem.surgeon_limits.get(g, date))
                    .map(f64::from);
                let mut need = Expression::with_capacity(members.len());
                for &i in &members {
                    let c = self.pairs[i].0;
                    need.add_mul(f64::from(problem.cases[c].duration_min + turnaround), x[i]);
                }
                let usable: BTreeSet<usize> = members
                    .iter()
                    .flat_map(|&i| self.groups[i].iter().map(|&s| theatre_of[s]))
                    .collect();
                for theatre in usable {
                    let here = &theatres[&theatre];
                    let all: f64 = here.iter().map(|&s| f64::from(offered(s))).sum();
                    let cap = limit.map_or(all, |limit| limit.min(all));
                    let m = variables.add(variable().min(0.0).max(cap));
                    need.add_mul(-1.0, m);
                    used.entry(theatre).or_default().add_mul(1.0, m);
                    let Some(surgeon) = surgeon.filter(|_| theatre_change > 0.0) else {
                        continue;
                    };
                    let z = variables.add(variable().binary());
                    objective.add_mul(theatre_change, z);
                    rows.push(constraint!(m - cap * z <= 0));
                    let open: Option<Vec<Variable>> = here.iter().map(|&s| opened(s)).collect();
                    if let Some(open) = open {
                        let mut room = Expression::from(z);
                        for y in open {
                            room.add_mul(-1.0, y);
                        }
                        rows.push(constraint!(room <= 0));
                    }
                    worked.entry((surgeon, date)).or_default().push(z);
                }
                rows.push(constraint!(need <= 0));
            }
            for (theatre, mut load) in used {
                let mut fixed = 0.0;
                for &s in &theatres[&theatre] {
                    match opened(s) {
                        Some(y) => load.add_mul(-f64::from(offered(s)), y),
                        None => fixed += f64::from(offered(s)),
                    }
                }
                rows.push(constraint!(load <= fixed));
            }
        }
        for works in worked.into_values() {
            let v = variables.add(variable().min(0.0).max(1.0));
            objective.add_mul(-theatre_change, v);
            let mut some = Expression::from(v);
            for z in works {
                some.add_mul(-1.0, z);
            }
            rows.push(constraint!(some <= 0));
        }
        rows
    }
}
