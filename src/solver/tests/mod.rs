//! The model and the solver's steps tested on small scenarios: every hard rule in the
//! bare model, the plan-level costs, the independent parts, the search, the packing, the
//! surgeons' floors, and property tests against a brute-force oracle. They reach into
//! the crate's internals, so they live inside it; the binary is tested from `tests/`.

#![allow(dead_code)]

mod costs;
mod hard_rules;
mod improve;
mod packing;
mod parts;
mod properties;
#[path = "../../../tests/scenario.rs"]
mod scenario;
mod unbooked_floor;

use crate::app::inputs;
use crate::domain::weights::Weights;
use crate::domain::{Booking, Problem, Rules};
use crate::io::InputFiles;
use crate::model;
use crate::pricing::Pricing;
use crate::rules::check::check;
use crate::rules::eligibility::eligible_sessions;
use crate::solver::highs::{self, Budget, Watch};
use crate::solver::progress::Progress;
use crate::solver::standing::Standing;
use crate::solver::SolverLimits;
pub use scenario::{Scenario, CASE_HEADER, SESSION_HEADER};
use std::time::{Duration, Instant};

/// A scenario folder read as the planner reads it.
pub trait Load {
    fn files(&self) -> InputFiles;
    fn problem(&self, rules: &Rules) -> Problem;
}

impl Load for Scenario {
    fn files(&self) -> InputFiles {
        let optional = |name: &str| Some(self.join(name)).filter(|p| p.exists());
        InputFiles {
            cases: self.join("cases.csv"),
            sessions: self.join("sessions.csv"),
            resources: optional("resources.csv"),
            surgeons: optional("surgeons.csv"),
            columns: None,
            scenario: None,
            travel: optional("travel.csv"),
        }
    }

    /// Reads and validates the scenario; panics with the messages if it is invalid.
    fn problem(&self, rules: &Rules) -> Problem {
        match inputs::load(&self.files(), None, rules) {
            Ok(loaded) => loaded.problem,
            Err(e) => panic!("invalid scenario:\n{e}"),
        }
    }
}

/// Solves the bare MILP from a cold start (no heuristic, no repair, no fallback) and
/// returns the session id each case is booked into. Tests of hard rules use this, so
/// they fail when a rule is dropped from the model.
pub fn solve_model(problem: &Problem, rules: &Rules) -> Vec<Option<String>> {
    solve_model_with(problem, rules, &Weights::default())
}

/// `solve_model` under other weights.
pub fn solve_model_with(
    problem: &Problem,
    rules: &Rules,
    weights: &Weights,
) -> Vec<Option<String>> {
    bare_model_booking(problem, rules, weights)
        .iter()
        .map(|b| b.map(|s| problem.sessions[s].id.clone()))
        .collect()
}

/// The bare MILP's optimal booking under `weights`, by session index.
pub fn bare_model_booking(problem: &Problem, rules: &Rules, weights: &Weights) -> Booking {
    let pricing = Pricing::new(problem, weights);
    let eligible = eligible_sessions(problem, rules);
    let model = model::build(problem, rules, &pricing, &eligible);
    let outcome = highs::solve(
        model,
        None,
        &SolverLimits {
            time_limit_s: 30.0,
            gap: 0.0,
            threads: 1,
        },
        30.0,
        Watch::progress(&Progress::hidden()),
    );
    outcome.booking.expect("the model has a solution")
}

/// The checker's verdict on a plan given by session ids.
pub fn violations(problem: &Problem, rules: &Rules, plan: &[Option<String>]) -> Vec<String> {
    let booking: Vec<Option<usize>> = plan
        .iter()
        .map(|id| {
            id.as_ref().map(|id| {
                problem
                    .sessions
                    .iter()
                    .position(|s| &s.id == id)
                    .expect("known session")
            })
        })
        .collect();
    check(problem, rules, &booking)
        .iter()
        .map(|v| v.to_string())
        .collect()
}

pub fn some(id: &str) -> Option<String> {
    Some(id.to_string())
}

/// Calls `f` with a budget of `seconds` from now, HiGHS on one thread to a zero gap, and
/// no progress shown: for tests of the solving steps.
pub fn with_budget<T>(seconds: f64, f: impl FnOnce(&Budget) -> T) -> T {
    let limits = SolverLimits {
        time_limit_s: seconds,
        gap: 0.0,
        threads: 1,
    };
    let progress = Progress::hidden();
    let standing = Standing::new(0.0);
    f(&Budget {
        limits: &limits,
        end: Instant::now() + Duration::from_secs_f64(seconds),
        progress: &progress,
        standing: &standing,
    })
}

/// The search over `eligible` with no capacity prices and no plan board: the moves
/// alone, as the tests use them.
pub fn plain_search<'a>(
    problem: &'a Problem,
    rules: &'a Rules,
    pricing: &'a Pricing,
    eligible: &'a [Vec<usize>],
) -> crate::solver::search::Search<'a> {
    crate::solver::search::Search {
        problem,
        rules,
        pricing,
        eligible,
        guide: None,
        prices: None,
        plans: None,
    }
}
