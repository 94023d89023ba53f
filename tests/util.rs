//! Shared helpers: scenario folders written from inline CSV, running the binary, and
//! solving the bare model (no warm start, no repair) to test the model alone.

#![allow(dead_code)]

use rebook::config::{InputFiles, Rules, SolverLimits};
use rebook::cost::Pricing;
use rebook::domain::Problem;
use rebook::eligibility::eligible_sessions;
use rebook::progress::Progress;
use rebook::solve::Budget;
use rebook::weights::Weights;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub const SESSION_HEADER: &str =
    "session_id,site,theatre,date,start,end,specialty,surgeon,equipment,turnaround_min";
pub const CASE_HEADER: &str = "case_id,patient_id,nhs_number,specialty,priority,duration_min,surgeon,listed_on,earliest,due,equipment,resources,unavailable,booked_session,locked";

/// A folder of input files for one test.
pub struct Scenario {
    dir: tempfile::TempDir,
}

impl Scenario {
    pub fn new() -> Self {
        Scenario {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// Writes `lines` (joined with newlines) to `name`.
    pub fn file(&self, name: &str, lines: &[&str]) -> &Self {
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(self.dir.path().join(name), text).expect("write fixture");
        self
    }

    pub fn bytes(&self, name: &str, bytes: &[u8]) -> &Self {
        std::fs::write(self.dir.path().join(name), bytes).expect("write fixture");
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    pub fn files(&self) -> InputFiles {
        let optional = |name: &str| Some(self.join(name)).filter(|p| p.exists());
        InputFiles {
            cases: self.join("cases.csv"),
            sessions: self.join("sessions.csv"),
            resources: optional("resources.csv"),
            surgeons: optional("surgeons.csv"),
        }
    }

    /// Reads and validates the scenario; panics with the messages if it is invalid.
    pub fn problem(&self, rules: &Rules) -> Problem {
        match rebook::validate::load(&self.files(), None, rules) {
            Ok(loaded) => loaded.problem,
            Err(e) => panic!("invalid scenario:\n{e}"),
        }
    }

    /// Runs the `rebook` binary in this folder.
    pub fn rebook(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_rebook"))
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("run rebook")
    }

    /// Runs `rebook plan --in INPUT --weights WEIGHTS --out OUT --time-limit SECONDS`,
    /// which must succeed, and returns the plan's summary.json.
    pub fn plan_summary(
        &self,
        input: &str,
        weights: &str,
        out: &str,
        seconds: &str,
    ) -> serde_json::Value {
        let output = self.rebook(&[
            "plan",
            "--in",
            input,
            "--weights",
            weights,
            "--out",
            out,
            "--time-limit",
            seconds,
        ]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_str(&self.read(&format!("{out}/summary.json"))).expect("json")
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
    let pricing = Pricing::new(problem, weights);
    let eligible = eligible_sessions(problem, rules);
    let model = rebook::model::build(problem, rules, &pricing, &eligible);
    let outcome = rebook::solve::solve(
        model,
        None,
        &SolverLimits {
            time_limit_s: 30.0,
            gap: 0.0,
            threads: 1,
        },
        30.0,
        &rebook::progress::Progress::hidden(),
    );
    let booking = outcome.booking.expect("the model has a solution");
    booking
        .iter()
        .map(|b| b.map(|s| problem.sessions[s].id.clone()))
        .collect()
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
    rebook::check::check(problem, rules, &booking)
        .iter()
        .map(|v| v.to_string())
        .collect()
}

pub fn some(id: &str) -> Option<String> {
    Some(id.to_string())
}

/// Runs `rebook check` on the plan in `out` (with `inputs`, e.g. `["--in", DIR]`) and
/// asserts that it passes.
pub fn assert_plan_passes_check(scenario: &Scenario, inputs: &[&str], out: &str) {
    let schedule = format!("{out}/schedule.csv");
    let unscheduled = format!("{out}/unscheduled.csv");
    let mut args = vec!["check"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["--schedule", &schedule, "--unscheduled", &unscheduled]);
    let output = scenario.rebook(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
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
    f(&Budget {
        limits: &limits,
        end: Instant::now() + Duration::from_secs_f64(seconds),
        progress: &progress,
    })
}
