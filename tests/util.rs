//! Shared helpers of the integration tests: running the binary on a scenario folder
//! (`tests/scenario.rs`) and checking what it wrote.

#![allow(dead_code)]

pub use crate::scenario::{Scenario, CASE_HEADER, SESSION_HEADER};
use std::path::{Path, PathBuf};
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

/// Debian's Chromium, where installed (`.ci/run` installs it and sets
/// REBOOK_BROWSER_TEST=required, so that CI cannot skip this test).
pub fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var("REBOOK_BROWSER_TEST").as_deref() != Ok("required"),
            "REBOOK_BROWSER_TEST=required but Chromium is not installed"
        );
        eprintln!("browser test skipped: Chromium is not installed (apt-get install chromium)");
    }
    found
}

pub fn headless(
    browser: &Path,
    profile: &Path,
    args: &[&str],
    page: &Path,
) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium")
}

/// Runs rebook in `s`, which must refuse the input or usage (exit 2); returns stderr.
pub fn refused(s: &Scenario, args: &[&str]) -> String {
    let output = s.rebook(args);
    assert_eq!(
        output.status.code(),
        Some(2),
        "rebook {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The DOM of `page` after its script ran in headless Chromium; asserts that the console
/// stayed silent and the script finished (the page sets `data-ready="yes"`).
pub fn rendered(browser: &Path, profile: &Path, page: &Path) -> String {
    let output = headless(browser, profile, &["--dump-dom"], page);
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    let log = String::from_utf8_lossy(&output.stderr);
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "the browser console reported: {console:?}"
    );
    assert!(
        dom.contains("data-ready=\"yes\""),
        "the page's script did not finish:\n{log}"
    );
    dom
}
