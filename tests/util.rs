//! Shared helpers of the integration tests: running the binary on a scenario folder
//! (`tests/scenario.rs`) and checking what it wrote.

#![allow(dead_code)]

pub use crate::scenario::{Scenario, CASE_HEADER, SESSION_HEADER};
use std::process::{Command, Output};

/// Runs the `rebook` binary on a scenario folder.
pub trait Run {
    /// Runs the `rebook` binary in this folder.
    fn rebook(&self, args: &[&str]) -> Output;
}

impl Run for Scenario {
    fn rebook(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_rebook"))
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("run rebook")
    }
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

/// Runs `rebook plan --in INPUT --weights WEIGHTS --out OUT --time-limit SECONDS`,
/// which must succeed, and returns the plan's summary.json.
pub fn plan_summary(
    scenario: &Scenario,
    input: &str,
    weights: &str,
    out: &str,
    seconds: &str,
) -> serde_json::Value {
    let output = scenario.rebook(&[
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
    serde_json::from_str(&scenario.read(&format!("{out}/summary.json"))).expect("json")
}

/// Plans the bundled demo scenario (data/) into `out/` with `flags` (e.g. a short
/// `--time-limit`), which must succeed.
pub fn plan_demo(flags: &[&str]) -> Scenario {
    let s = Scenario::new();
    let data = format!("{}/data", env!("CARGO_MANIFEST_DIR"));
    let mut args = vec!["plan", "--in", &data, "--out", "out"];
    args.extend_from_slice(flags);
    let output = s.rebook(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    s
}

/// Runs rebook in `s`, which must succeed; returns what it printed on stdout.
pub fn succeeds(s: &Scenario, args: &[&str]) -> String {
    let output = s.rebook(args);
    assert!(
        output.status.success(),
        "rebook {}: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
