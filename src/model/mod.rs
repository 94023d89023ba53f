//! The mixed-integer programs, built with good_lp (the only module that uses it) and
//! handed to HiGHS as its own model (`Model::into_highs`) for `solver::highs` to run.
//!
//! Sets: cases C, sessions S, and the allowed pairs P ⊆ C × S (eligibility: specialty,
//! surgeon, equipment, dates, length, closed resources; locked cases only their booking;
//! P5/P6 none).
//!
//! Variables: `x[c,s] ∈ {0,1}` for each (c,s) ∈ P, 1 when case c is booked in session s;
//! fixed to 1 for a locked case.
//!
//! Constraints (one function each in [`constraints`]):
//! - one session per case: `Σ_s x[c,s] ≤ 1`;
//! - session minutes: `Σ_c (d_c + t_s) x[c,s] ≤ U_s + t_s` (durations plus turnaround
//!   between cases, `U_s` = usable minutes after `--max-fill`);
//! - surgeons' daily minutes: `Σ d_c x[c,s] ≤ M_{g,day}` over the cases operated by g;
//! - daily counted resources: `Σ x[c,s] ≤ per_day` per limit row and date;
//! - one operation per patient per day: `Σ x[c,s] ≤ 1` per patient and date.
//!
//! With `open_session` or `theatre_change` weights, [`plan_level`] adds a `y[s]` per
//! session used and `z`/`e` columns for surgeons' extra theatres per day, with their
//! rows; the session minutes row then reads `≤ (U_s + t_s) y[s]`.
//!
//! Alike cases may share one integer column per session, counting how many of them go
//! there ([`alike`]; the day relaxation and the packing use this).
//!
//! Objective ([`objective`]): minimise `Σ_c u_c + Σ_(c,s) (a_cs − u_c) x[c,s]` (plus the
//! plan-level terms above) where `a_cs` is the cost of booking c in s and `u_c` the cost
//! of leaving it unbooked (see `pricing::Pricing`). The constant `Σ u_c` is given to HiGHS as the objective
//! offset, so the solver's objective, bound and gap are those of the plan itself.

pub mod alike;
pub mod constraints;
pub mod days;
pub mod floors;
pub mod objective;
pub mod plan_level;

use crate::domain::Problem;
use crate::domain::{Booking, Rules};
use crate::pricing::Pricing;
use chrono::NaiveDate;
use good_lp::{Constraint, Expression, ProblemVariables, SolverModel, Variable};
#[cfg(test)]
use good_lp::{Solution, SolutionStatus};
#[cfg(test)]
use std::collections::HashMap;
use std::collections::HashSet;

/// A built model, ready for the solver.
pub struct Model {
    pub(crate) variables: ProblemVariables,
    pub(crate) objective: Expression,
    pub(crate) constraints: Vec<Constraint>,
    /// `pairs[i]` = (case, session) of the i-th variable.
    pub pairs: Vec<(usize, usize)>,
    pub(crate) x: Vec<Variable>,
    /// Number of cases, to turn a solution back into a booking.
    pub cases: usize,
    /// The objective's constant (the cost of leaving every case unbooked).
    pub offset: f64,
    /// The plan-level columns after the pairs' (sessions used, extra theatres).
    pub(crate) plan_level: plan_level::PlanLevelColumns,
    /// Whether HiGHS's presolve runs (off for the pair models, see `solve`).
    pub presolve: bool,
    /// For the day relaxation: each pair's day-group (the sessions it stands for).
    pub(crate) day_groups: Option<Vec<Vec<usize>>>,
    /// With shared columns (`alike`: the day relaxation, the packing): `classes[c]`, the
    /// cases that case c's integer columns stand for, in the order they get bookings
    /// (c first; empty for the cases of another's class).
    pub(crate) classes: Option<Vec<Vec<usize>>>,
    /// Whether `columns_for` sets every column (not in the day relaxation by theatre,
    /// whose surgeon-theatre columns a plan does not set): only then can it be warm
    /// started.
    pub(crate) takes_start: bool,
}

/// What stays with the caller once a model's rows and columns are handed to HiGHS: what
/// turns column values back into a booking (`booking_from`), and the run's settings.
pub struct HandedOver {
    pub pairs: Vec<(usize, usize)>,
    pub cases: usize,
    pub offset: f64,
    pub presolve: bool,
    pub classes: Option<Vec<Vec<usize>>>,
}

impl Model {
    /// The model as HiGHS's own problem (the raw `highs` model, whose options, callback
    /// and bound good_lp does not expose), without its objective offset.
    pub fn into_highs(self) -> Result<(highs::Model, HandedOver), String> {
        let mut problem = self
            .variables
            .minimise(self.objective)
            .using(good_lp::solvers::highs::highs);
        for row in self.constraints {
            problem.add_constraint(row);
        }
        let raw = problem.try_into_inner().map_err(|e| e.to_string())?;
        let handed = HandedOver {
            pairs: self.pairs,
            cases: self.cases,
            offset: self.offset,
            presolve: self.presolve,
            classes: self.classes,
        };
        Ok((raw, handed))
    }

    pub fn variable_count(&self) -> usize {
        self.x.len()
    }

    pub fn constraint_count(&self) -> usize {
        self.constraints.len()
    }

    /// The solver's column values for a plan (for a warm start): 1 where booked, and
    /// the plan-level columns that the bookings force; `None` for a model that takes no
    /// start.
    pub fn columns_for(&self, booking: &[Option<usize>]) -> Option<Vec<f64>> {
        self.takes_start.then(|| self.every_column_for(booking))
    }

    #[cfg(test)]
    /// The names of the rows that a point breaks: `values[i]` for the i-th pair's
    /// column (fractions allowed, as in an LP solution), every other column zero. For
    /// tests: which rows cut off a relaxation's fractional point.
    pub fn rows_broken_by(&self, values: &[f64]) -> Vec<String> {
        let point = Point(self.x.iter().copied().zip(values.iter().copied()).collect());
        self.constraints
            .iter()
            .filter(|row| {
                let slack = row.expression().eval_with(&point);
                slack > 1e-9 || (row.is_equality() && slack < -1e-9)
            })
            .map(|row| row.name().unwrap_or("unnamed").to_string())
            .collect()
    }

    fn every_column_for(&self, booking: &[Option<usize>]) -> Vec<f64> {
        if let Some(groups) = &self.day_groups {
            let mut columns: Vec<f64> = self
                .pairs
                .iter()
                .zip(groups)
                .map(|(&(c, _), group)| {
                    self.booked_of(c, |d| booking[d].is_some_and(|s| group.contains(&s)))
                })
                .collect();
            columns.extend(self.plan_level.used_by(booking));
            return columns;
        }
        let mut columns: Vec<f64> = self
            .pairs
            .iter()
            .map(|&(c, s)| self.booked_of(c, |d| booking[d] == Some(s)))
            .collect();
        let plan_level = self.plan_level.values(&self.pairs, &columns);
        columns.extend(plan_level);
        columns
    }

    /// How many of the cases that case c's columns stand for are `booked`.
    fn booked_of(&self, c: usize, booked: impl Fn(usize) -> bool) -> f64 {
        match &self.classes {
            Some(classes) => classes[c].iter().filter(|&&d| booked(d)).count() as f64,
            None => f64::from(u8::from(booked(c))),
        }
    }
}

#[cfg(test)]
/// Column values, zero where not given.
struct Point(HashMap<Variable, f64>);

#[cfg(test)]
impl Solution for Point {
    fn status(&self) -> SolutionStatus {
        SolutionStatus::Optimal
    }

    fn value(&self, variable: Variable) -> f64 {
        self.0.get(&variable).copied().unwrap_or(0.0)
    }
}

/// The plan that solver column values describe, for a model's `pairs` over `cases`
/// cases (with `classes`, a column's value is how many of its class's cases it books,
/// given to them in class order); `Err(case)` when the values book a case twice.
pub fn booking_from(
    pairs: &[(usize, usize)],
    cases: usize,
    classes: Option<&[Vec<usize>]>,
    columns: &[f64],
) -> Result<Booking, usize> {
    let mut booking = vec![None; cases];
    // Per case: how many of its class's cases are booked so far.
    let mut given = vec![0; cases];
    for (&(c, s), &value) in pairs.iter().zip(columns) {
        let count = value.round().max(0.0) as usize;
        for _ in 0..count {
            let next = match classes {
                Some(classes) => *classes[c].get(given[c]).ok_or(c)?,
                None if given[c] == 0 => c,
                None => return Err(c),
            };
            given[c] += 1;
            booking[next] = Some(s);
        }
    }
    Ok(booking)
}

/// Builds the MILP over the allowed pairs `eligible[c]`.
pub fn build(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
) -> Model {
    let locked: Vec<bool> = problem.cases.iter().map(|c| c.locked).collect();
    build_with(problem, rules, pricing, eligible, &locked, None, None)
}

/// Builds the MILP of one independent part (see `solver::parts`): the cases of `part` over
/// their allowed pairs, its objective the part's own cost (the other cases are left out
/// and come back unbooked in the solver's plan).
pub fn build_part(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    part: &[usize],
) -> Model {
    let mut allowed = vec![Vec::new(); problem.cases.len()];
    for &c in part {
        allowed[c] = eligible[c].clone();
    }
    let locked: Vec<bool> = problem.cases.iter().map(|c| c.locked).collect();
    build_with(problem, rules, pricing, &allowed, &locked, Some(part), None)
}

/// Builds the MILP of a neighbourhood of `booking`: each case marked `free` may go to
/// any session of `candidates[c]` or none; every other case keeps its booking. Only the
/// kept bookings that share a coupling row (a session, surgeon-day, resource-day or
/// patient-day) with a free case's candidate enter the model, as variables fixed to 1,
/// so the rows see what they already use; the rest cannot affect the free cases. Its
/// objective is the cost of the cases in the model (and of the lists and theatres they
/// use), not of the whole plan.
pub fn build_neighbourhood(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    candidates: &[Vec<usize>],
    booking: &[Option<usize>],
    free: &[bool],
) -> Model {
    neighbourhood(problem, rules, pricing, candidates, booking, free, false)
}

/// As `build_neighbourhood`, with the free cases that are alike for packing
/// (`alike::for_packing`) sharing one integer column per session: for packing one
/// date's cases into its lists, where a column each left HiGHS far from its bound.
pub fn build_packing(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    candidates: &[Vec<usize>],
    booking: &[Option<usize>],
    free: &[bool],
) -> Model {
    neighbourhood(problem, rules, pricing, candidates, booking, free, true)
}

fn neighbourhood(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    candidates: &[Vec<usize>],
    booking: &[Option<usize>],
    free: &[bool],
    share: bool,
) -> Model {
    let is_free = |c: usize| free[c] && !problem.cases[c].locked;
    let mut touched = Touched::default();
    for c in (0..problem.cases.len()).filter(|&c| is_free(c)) {
        for &s in &candidates[c] {
            touched.insert(problem, c, s);
        }
    }
    let allowed: Vec<Vec<usize>> = (0..problem.cases.len())
        .map(|c| {
            if is_free(c) {
                candidates[c].clone()
            } else {
                booking[c]
                    .filter(|&s| touched.shares_row(problem, c, s))
                    .into_iter()
                    .collect()
            }
        })
        .collect();
    let fixed: Vec<bool> = (0..problem.cases.len()).map(|c| !is_free(c)).collect();
    // The objective counts the cases in the model only: with every other case counted
    // as unbooked in the offset, HiGHS's relative gap was measured against a constant
    // (3.4e8 on IHTC test10, whose mandatory cases cost 1e6 unbooked) and a
    // neighbourhood 300 points from optimal passed as solved.
    let in_model: Vec<usize> = (0..problem.cases.len())
        .filter(|&c| !allowed[c].is_empty())
        .collect();
    let classes = share.then(|| alike::for_packing(problem, pricing, &allowed, &fixed));
    build_with(
        problem,
        rules,
        pricing,
        &allowed,
        &fixed,
        Some(&in_model),
        classes,
    )
}

type SurgeonDay<'p> = (&'p str, NaiveDate);
type PatientDay = (usize, NaiveDate);

/// The coupling rows that a neighbourhood's free cases can use.
#[derive(Default)]
struct Touched<'p> {
    sessions: HashSet<usize>,
    surgeon_days: HashSet<SurgeonDay<'p>>,
    resource_days: HashSet<(&'p str, NaiveDate)>,
    patient_days: HashSet<PatientDay>,
}

impl<'p> Touched<'p> {
    /// The surgeon-day and patient-day of case c in session s.
    fn days(
        problem: &'p Problem,
        c: usize,
        s: usize,
    ) -> (Option<SurgeonDay<'p>>, Option<PatientDay>) {
        let case = &problem.cases[c];
        let session = &problem.sessions[s];
        (
            problem
                .operating_surgeon(case, session)
                .map(|g| (g, session.date)),
            case.patient.map(|p| (p, session.date)),
        )
    }

    fn insert(&mut self, problem: &'p Problem, c: usize, s: usize) {
        self.sessions.insert(s);
        let (surgeon, patient) = Self::days(problem, c, s);
        self.surgeon_days.extend(surgeon);
        self.patient_days.extend(patient);
        let date = problem.sessions[s].date;
        let resources = problem.cases[c].resources.iter();
        self.resource_days
            .extend(resources.map(|r| (r.key(), date)));
    }

    fn shares_row(&self, problem: &'p Problem, c: usize, s: usize) -> bool {
        let (surgeon, patient) = Self::days(problem, c, s);
        let date = problem.sessions[s].date;
        self.sessions.contains(&s)
            || surgeon.is_some_and(|k| self.surgeon_days.contains(&k))
            || patient.is_some_and(|k| self.patient_days.contains(&k))
            || problem.cases[c]
                .resources
                .iter()
                .any(|r| self.resource_days.contains(&(r.key(), date)))
    }
}

/// The pair model over `allowed`; with `classes` (classes of alike cases), each class
/// has integer columns on its first case's pairs, counting its cases booked there.
fn build_with(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    allowed: &[Vec<usize>],
    fixed: &[bool],
    part: Option<&[usize]>,
    classes: Option<Vec<Vec<usize>>>,
) -> Model {
    let cases = problem.cases.len();
    let stands_for = classes.map(|classes| alike::by_first(classes, cases));
    let mut variables = ProblemVariables::new();
    let mut pairs = Vec::new();
    let mut x = Vec::new();
    for (c, sessions) in allowed.iter().enumerate() {
        let n = stands_for.as_ref().map_or(1, |classes| classes[c].len());
        if n == 0 {
            continue;
        }
        for &s in sessions {
            let definition = alike::count_column(n);
            x.push(variables.add(if fixed[c] {
                definition.min(1)
            } else {
                definition
            }));
            pairs.push((c, s));
        }
    }
    let (mut objective, offset) =
        objective::objective(problem, pricing, &pairs, &x, part, stands_for.as_deref());
    let mut constraints = Vec::new();
    let by_pair = match &stands_for {
        Some(classes) => constraints::PairIndex::with_classes(&pairs, &x, classes),
        None => constraints::PairIndex::new(&pairs, &x),
    };
    let (plan_level_columns, opened) = plan_level::add(
        problem,
        pricing,
        &by_pair,
        &mut variables,
        &mut objective,
        &mut constraints,
    );
    constraints.extend(constraints::one_session_per_case(problem, &by_pair));
    constraints.extend(constraints::session_minutes(
        problem, rules, &by_pair, &opened,
    ));
    constraints.extend(constraints::surgeon_daily_minutes(problem, &by_pair));
    constraints.extend(constraints::resource_daily_limits(problem, &by_pair));
    constraints.extend(constraints::one_operation_per_patient_per_day(
        problem, &by_pair,
    ));
    Model {
        variables,
        objective,
        constraints,
        pairs,
        x,
        cases,
        offset,
        plan_level: plan_level_columns,
        presolve: false,
        day_groups: None,
        classes: stands_for,
        takes_start: true,
    }
}
