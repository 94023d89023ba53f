//! Running HiGHS on a built model: limits, the warm start, and the solver's own report
//! (status, objective, best bound, gap), which good_lp does not expose.

use crate::config::SolverLimits;
use crate::model::{booking_from, Model};
use good_lp::solvers::highs::highs;
use good_lp::SolverModel;
use highs::{HighsModelStatus, HighsSolutionStatus};
use serde::Serialize;
use std::time::Instant;

/// How the solver ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolverStatus {
    /// Proven optimal within the gap tolerance.
    Optimal,
    /// Stopped at the time limit.
    TimeLimit,
    /// Stopped for another limit (iterations, memory, interrupt).
    OtherLimit,
    /// The solver failed; the plan is the constructive heuristic's.
    Failed,
    /// Not run (no time left, or nothing to decide).
    NotRun,
}

/// What the solver returned.
#[derive(Debug, Clone)]
pub struct SolveOutcome {
    pub status: SolverStatus,
    /// The solver's plan, when it has one.
    pub booking: Option<Vec<Option<usize>>>,
    /// The solver's objective for that plan.
    pub objective: Option<f64>,
    /// A proven lower bound on every plan's objective.
    pub bound: Option<f64>,
    pub seconds: f64,
    pub message: Option<String>,
}

impl SolveOutcome {
    pub fn not_run(message: &str) -> Self {
        SolveOutcome {
            status: SolverStatus::NotRun,
            booking: None,
            objective: None,
            bound: None,
            seconds: 0.0,
            message: Some(message.to_string()),
        }
    }
}

/// Solves `model` with HiGHS within `seconds`, starting from `start` when given.
pub fn solve(
    model: Model,
    start: Option<&[Option<usize>]>,
    limits: &SolverLimits,
    seconds: f64,
) -> SolveOutcome {
    let began = Instant::now();
    let initial = start.map(|booking| model.columns_for(booking));
    let Model {
        variables,
        objective,
        constraints,
        pairs,
        cases,
        ..
    } = model;
    let mut problem = variables.minimise(objective).using(highs);
    for row in constraints {
        problem.add_constraint(row);
    }
    let failed = |message: String| SolveOutcome {
        status: SolverStatus::Failed,
        booking: None,
        objective: None,
        bound: None,
        seconds: began.elapsed().as_secs_f64(),
        message: Some(message),
    };
    let mut raw = match problem.try_into_inner() {
        Ok(raw) => raw,
        Err(e) => return failed(e.to_string()),
    };
    raw.make_quiet();
    raw.set_option("time_limit", seconds.max(0.1));
    raw.set_option("mip_rel_gap", limits.gap);
    raw.set_option("threads", limits.threads.max(1) as i32);
    raw.set_option("random_seed", 0);
    if let Some(columns) = &initial {
        raw.set_solution(Some(columns), None, None, None);
    }
    let solved = match raw.try_solve() {
        Ok(solved) => solved,
        Err(e) => return failed(format!("{e:?}")),
    };
    let status = match solved.status() {
        HighsModelStatus::Optimal => SolverStatus::Optimal,
        HighsModelStatus::ReachedTimeLimit => SolverStatus::TimeLimit,
        HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedMemoryLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => SolverStatus::OtherLimit,
        other => return failed(format!("HiGHS ended with status {other:?}")),
    };
    let has_plan = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let booking = if has_plan {
        match booking_from(&pairs, cases, solved.get_solution().columns()) {
            Ok(booking) => Some(booking),
            Err(case) => {
                return failed(format!("the solver's plan books case number {case} twice"))
            }
        }
    } else {
        None
    };
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite());
    SolveOutcome {
        status,
        booking,
        objective: has_plan.then(|| solved.objective_value()),
        bound,
        seconds: began.elapsed().as_secs_f64(),
        message: None,
    }
}
