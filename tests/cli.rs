//! End-to-end: the binary on files, and the files it writes.

use crate::util::{
    assert_plan_passes_check, plan_demo, Run, Scenario, CASE_HEADER, SESSION_HEADER,
};
use std::collections::BTreeSet;
use std::path::Path;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn case_ids(path: &Path) -> Vec<String> {
    read_csv(path)
        .1
        .into_iter()
        .map(|row| row[0].clone())
        .collect()
}

/// Every input case is in exactly one of schedule.csv and unscheduled.csv.
fn assert_every_case_once(cases: &Path, out: &Path) {
    let input: BTreeSet<String> = case_ids(cases).into_iter().collect();
    let booked = case_ids(&out.join("schedule.csv"));
    let unbooked = case_ids(&out.join("unscheduled.csv"));
    let mut seen = BTreeSet::new();
    for id in booked.iter().chain(&unbooked) {
        assert!(seen.insert(id.clone()), "case {id} appears twice");
    }
    assert_eq!(seen, input);
}

fn plan_small() -> (Scenario, std::process::Output) {
    let scenario = Scenario::new();
    let fixture_dir = fixture("small");
    let output = scenario.rebook(&[
        "plan",
        "--in",
        &fixture_dir,
        "--out",
        "out",
        "--time-limit",
        "20",
    ]);
    (scenario, output)
}

#[test]
fn plan_writes_the_schedule_the_reasons_and_the_summary() {
    let (s, output) = plan_small();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out = s.join("out");
    assert_every_case_once(Path::new(&fixture("small/cases.csv")), &out);

    let (header, rows) = read_csv(&out.join("schedule.csv"));
    assert_eq!(
        header.join(","),
        "case_id,patient_id,specialty,procedure,priority,surgeon,session_id,site,theatre,date,start,end,deadline,days_late,changed"
    );
    let by_case = |id: &str| {
        rows.iter()
            .find(|r| r[0] == id)
            .unwrap_or_else(|| panic!("{id} not booked"))
            .clone()
    };
    // The locked case keeps its booking; blood is unavailable on day 1, so the hip moves.
    assert_eq!(by_case("C02")[6], "S3");
    assert_eq!(by_case("C02")[14], "no");
    assert_eq!(by_case("C01")[6], "S4");
    assert_eq!(by_case("C01")[14], "yes");
    assert_eq!(
        by_case("C01")[5],
        "MrA",
        "the case's surgeon operates in an unnamed list"
    );
    assert_eq!(by_case("C03")[6], "S2");
    assert_eq!(
        by_case("C05")[14],
        "",
        "no previous booking: changed is blank"
    );
    // The 28-day rule sets C02's deadline: cancelled 2024-06-10 + 28 days.
    assert_eq!(by_case("C02")[12], "2024-07-08");
    // A formula in a cell is neutralised.
    assert!(by_case("C04")[3].starts_with("'="), "{}", by_case("C04")[3]);
    // Cases inside a session run back to back in clinical order, with turnaround.
    let s1: Vec<&Vec<String>> = rows.iter().filter(|r| r[6] == "S1").collect();
    assert_eq!(s1[0][0], "C05", "P1b first");
    assert_eq!((s1[0][10].as_str(), s1[0][11].as_str()), ("08:00", "08:45"));
    assert_eq!(s1[1][10], "09:00");
    // Sorted by date, site, theatre, start.
    let keys: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| (r[9].clone(), r[7].clone(), r[8].clone(), r[10].clone()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);

    let unscheduled = s.read("out/unscheduled.csv");
    assert_eq!(
        unscheduled.replace("\r\n", "\n"),
        "case_id,priority,deadline,reason\n\
         C07,P2,2024-07-23,no session of specialty 999 with laser between 2024-07-01 and 2024-07-03\n\
         C08,P5,,\"patient chose to defer (P5, fear of infection): not booked\"\n\
         C10,P4,,\"the case needs 300 minutes, more than any compatible session (longest: 240 usable minutes)\"\n"
    );

    let summary: serde_json::Value =
        serde_json::from_str(&s.read("out/summary.json")).expect("json");
    assert_eq!(summary["planning_start"], "2024-07-01");
    assert_eq!(summary["horizon_end"], "2024-07-03");
    assert_eq!(summary["cases"]["in"], 10);
    assert_eq!(summary["cases"]["booked"], 7);
    assert_eq!(summary["cases_by_priority"]["P5"]["unbooked"], 1);
    assert_eq!(summary["solver"]["status"], "optimal");
    let objective = summary["solver"]["objective"].as_f64().expect("objective");
    let bound = summary["solver"]["best_bound"].as_f64().expect("bound");
    assert!(bound <= objective + 1e-6 && summary["solver"]["gap"].as_f64().expect("gap") < 0.01);
    let sha = summary["inputs"][0]["sha256"].as_str().expect("sha");
    assert_eq!(sha.len(), 64);
    assert_eq!(
        summary["breaches"]["unbooked_deadline_in_horizon"]["total"],
        0
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("7 booked, 3 not booked"));
}

#[test]
fn invalid_input_writes_nothing_and_exits_2() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            "session_id,theatre,date,start,end,specialty",
            "S1,T1,2024-07-01,12:00,08:00,110",
        ],
    )
    .file(
        "cases.csv",
        &["case_id,specialty,priority,duration_min", "C1,110,P9,60"],
    );
    let output = s.rebook(&["plan", "--in", ".", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!s.join("out").exists(), "nothing may be written");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("sessions.csv:2: column end"), "{stderr}");
    assert!(stderr.contains("cases.csv:2: column priority"), "{stderr}");
}

#[test]
fn header_only_cases_give_an_empty_plan() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            "session_id,theatre,date,start,end,specialty",
            "S1,T1,2024-07-01,08:00,12:00,110",
        ],
    )
    .file("cases.csv", &["case_id,specialty,priority,duration_min"]);
    let output = s.rebook(&["plan", "--in", ".", "--out", "out"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(s.read("out/schedule.csv").lines().count(), 1);
    assert_eq!(s.read("out/unscheduled.csv").lines().count(), 1);
}

#[test]
fn no_sessions_leaves_every_case_unbooked_with_the_reason() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &["session_id,theatre,date,start,end,specialty"],
    )
    .file(
        "cases.csv",
        &["case_id,specialty,priority,duration_min", "C1,110,P2,60"],
    );
    let output = s.rebook(&["plan", "--in", ".", "--out", "out", "--from", "2024-07-01"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(s
        .read("out/unscheduled.csv")
        .contains("C1,P2,2024-07-29,no sessions in the horizon"));
}

/// The reasons given when nothing gets past the first two rules: the planning start
/// (only lists before it) and the specialty (lists from the start on, none of its own).
#[test]
fn a_case_without_lists_of_its_specialty_or_from_the_start_is_told_which() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            "session_id,theatre,date,start,end,specialty",
            "S1,T1,2024-06-28,08:00,12:00,110",
            "S2,T1,2024-07-02,08:00,12:00,101",
        ],
    )
    .file(
        "cases.csv",
        &[
            "case_id,specialty,priority,duration_min",
            "C1,110,P2,60",
            "C2,120,P2,60",
        ],
    );
    let output = s.rebook(&["plan", "--in", ".", "--out", "out", "--from", "2024-07-01"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        s.read("out/unscheduled.csv").replace("\r\n", "\n"),
        "case_id,priority,deadline,reason\n\
         C1,P2,2024-07-29,no session of specialty 110 between 2024-07-01 and 2024-07-02\n\
         C2,P2,2024-07-29,no session of specialty 120 between 2024-07-01 and 2024-07-02\n"
    );
    s.file(
        "sessions.csv",
        &[
            "session_id,theatre,date,start,end,specialty",
            "S1,T1,2024-06-28,08:00,12:00,110",
        ],
    );
    let output = s.rebook(&["plan", "--in", ".", "--out", "out2", "--from", "2024-07-01"]);
    assert!(output.status.success());
    assert!(s
        .read("out2/unscheduled.csv")
        .contains("C1,P2,2024-07-29,no session on or after the planning start 2024-07-01"));
}

#[test]
fn validate_prints_the_backlog_profile() {
    let s = Scenario::new();
    let output = s.rebook(&["validate", "--in", &fixture("small")]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("valid: 10 cases, 5 sessions from 2024-07-01 to 2024-07-03"),
        "{stdout}"
    );
    assert!(
        stdout.contains("cases by priority: P1b 1, P2 3, P3 3, P4 2, P5 1"),
        "{stdout}"
    );
}

#[test]
fn weights_print_a_file_that_plan_accepts() {
    let s = Scenario::new();
    let output = s.rebook(&["weights"]);
    assert!(output.status.success());
    std::fs::write(s.join("weights.toml"), &output.stdout).expect("write");
    let fixture_dir = fixture("small");
    let plan = s.rebook(&[
        "plan",
        "--in",
        &fixture_dir,
        "--out",
        "out",
        "--weights",
        "weights.toml",
    ]);
    assert!(
        plan.status.success(),
        "{}",
        String::from_utf8_lossy(&plan.stderr)
    );

    std::fs::write(s.join("bad.toml"), "[late_per_day]\nP2 = \"high\"\n").expect("write");
    let bad = s.rebook(&[
        "plan",
        "--in",
        &fixture("small"),
        "--out",
        "out2",
        "--weights",
        "bad.toml",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).starts_with("bad.toml:2: "),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    assert!(!s.join("out2").exists());
}

#[test]
fn generate_is_reproducible_and_valid() {
    let s = Scenario::new();
    for out in ["a", "b"] {
        let output = s.rebook(&[
            "generate",
            "--scenario",
            "incident",
            "--cases",
            "300",
            "--seed",
            "7",
            "--out",
            out,
        ]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    for file in ["cases.csv", "sessions.csv", "resources.csv", "surgeons.csv"] {
        assert_eq!(
            s.read(&format!("a/{file}")),
            s.read(&format!("b/{file}")),
            "{file}"
        );
    }
    let other = s.rebook(&["generate", "--cases", "300", "--seed", "8", "--out", "c"]);
    assert!(other.status.success());
    assert_ne!(s.read("a/cases.csv"), s.read("c/cases.csv"));
    let validate = s.rebook(&["validate", "--in", "a"]);
    assert!(
        validate.status.success(),
        "{}",
        String::from_utf8_lossy(&validate.stderr)
    );
}

/// `rebook args` is a usage error: exit 2 and exactly `message` on stderr.
fn assert_usage_error(s: &Scenario, args: &[&str], message: &str) {
    let output = s.rebook(args);
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr).trim_end(), message);
}

/// The demand over the lists' minutes that `rebook generate` reports.
fn generated_load(stdout: &[u8]) -> f64 {
    let text = String::from_utf8_lossy(stdout);
    let percent = text
        .split("demand at ")
        .nth(1)
        .and_then(|rest| rest.split('%').next())
        .unwrap_or_else(|| panic!("no load in {text:?}"));
    percent.parse::<f64>().expect("a number") / 100.0
}

/// The families' knobs: each gives valid files, the load asked for is the load reached
/// (within a few percent at 1,500 cases), and out-of-range values are usage errors.
#[test]
fn generate_varies_a_scenario_on_purpose() {
    let s = Scenario::new();
    for (load, out) in [("0.7", "light"), ("1.1", "tight")] {
        let args = ["generate", "--cases", "1500", "--seed", "3", "--load", load];
        let output = s.rebook(&[&args[..], &["--out", out]].concat());
        assert!(output.status.success(), "{output:?}");
        let reached = generated_load(&output.stdout);
        let asked: f64 = load.parse().unwrap();
        assert!(
            (reached - asked).abs() < 0.05,
            "--load {load}: reached {reached}"
        );
    }
    let output = s.rebook(&[
        "generate",
        "--cases",
        "600",
        "--seed",
        "4",
        "--mix",
        "urgent",
        "--lists",
        "half-day",
        "--open-lists",
        "0.3",
        "--named-surgeons",
        "1",
        "--on-call",
        "0.2",
        "--outage-weeks",
        "0",
        "--weeks",
        "4",
        "--unstaffed",
        "1",
        "--out",
        "knobs",
    ]);
    assert!(output.status.success(), "{output:?}");
    let validate = s.rebook(&["validate", "--in", "knobs"]);
    assert!(validate.status.success(), "{validate:?}");
    let (header, sessions) = read_csv(&s.join("knobs/sessions.csv"));
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (specialty, start, end) = (column("specialty"), column("start"), column("end"));
    assert!(
        sessions.iter().any(|row| row[specialty] == "any"),
        "open lists"
    );
    assert!(
        sessions
            .iter()
            .filter(|row| row[specialty] != "any")
            .all(|row| row[end].as_str() <= "12:00" || row[start].as_str() >= "13:00"),
        "half-day lists only (the mutual-aid hospital's open lists are its own)"
    );
    let specialties: BTreeSet<&str> = sessions.iter().map(|row| row[specialty].as_str()).collect();
    assert!(
        !specialties.contains("170"),
        "the last specialty is unstaffed: {specialties:?}"
    );
    let (header, cases) = read_csv(&s.join("knobs/cases.csv"));
    let surgeon = header.iter().position(|h| h == "surgeon").unwrap();
    assert!(
        cases.iter().all(|row| !row[surgeon].is_empty()),
        "every case names a consultant"
    );
    let resources = s.read("knobs/resources.csv");
    assert!(
        !resources
            .lines()
            .any(|line| line.ends_with(",0") && line.contains("xmatch")),
        "no outage"
    );
    for (flag, value, message) in [
        ("--load", "9", "error: --load must be from 0.1 to 5"),
        (
            "--mix",
            "odd",
            "error: unknown --mix \"odd\" (available: standard, urgent, routine)",
        ),
        (
            "--open-lists",
            "1.5",
            "error: --open-lists must be from 0 to 1",
        ),
        ("--weeks", "0", "error: --weeks must be from 1 to 52"),
        (
            "--unstaffed",
            "9",
            "error: --unstaffed must be from 0 to 8 (one specialty keeps its lists)",
        ),
    ] {
        assert_usage_error(&s, &["generate", "--out", "bad", flag, value], message);
    }
    assert!(!s.join("bad").exists(), "nothing written");
}

/// `rebook model` writes the whole MILP with the plan's cost as its objective (the offset
/// included) and names each pair's column in the table beside it.
#[test]
fn model_writes_the_milp_and_names_its_columns() {
    let s = Scenario::new();
    let output = s.rebook(&["model", "--in", &fixture("small"), "--out", "m.mps"]);
    assert!(output.status.success(), "{output:?}");
    let mps = s.read("m.mps");
    assert!(
        mps.contains("RHS_V     Obj"),
        "the objective offset is in the file"
    );
    let (header, rows) = read_csv(&s.join("m-columns.csv"));
    assert_eq!(
        header.join(","),
        "column,case_id,priority,session_id,date,start,theatre"
    );
    assert!(!rows.is_empty());
    for row in &rows {
        assert!(
            mps.contains(&format!("    {} ", row[0])),
            "{} in the model",
            row[0]
        );
    }
    assert_usage_error(
        &s,
        &["model", "--in", &fixture("small"), "--out", "m.txt"],
        "error: --out m.txt: give a file ending in .mps or .lp",
    );
}

#[test]
fn the_bundled_scenario_plans_with_every_case_accounted_for() {
    let s = Scenario::new();
    let data = format!("{}/data", env!("CARGO_MANIFEST_DIR"));
    let output = s.rebook(&["plan", "--in", &data, "--out", "out", "--time-limit", "15"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_every_case_once(&Path::new(&data).join("cases.csv"), &s.join("out"));
    let summary: serde_json::Value =
        serde_json::from_str(&s.read("out/summary.json")).expect("json");
    assert!(summary["solver"]["best_bound"].as_f64().is_some());
    // P1 cases are all booked: capacity allows it in the bundled scenario.
    for p in ["P1a", "P1b"] {
        assert_eq!(summary["cases_by_priority"][p]["unbooked"], 0, "{p}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let s = Scenario::new();
    assert_eq!(
        s.rebook(&["plan", "--in", "."]).status.code(),
        Some(2),
        "--out is required"
    );
    let output = s.rebook(&[
        "plan",
        "--in",
        &fixture("small"),
        "--out",
        "o",
        "--max-fill",
        "1.5",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        "error: --max-fill 1.5 is out of range: give a fraction above 0 and at most 1"
    ); // Values past what the clock or the calendar can hold are usage errors, not panics.
    let small = fixture("small");
    for (flag, value, message) in [
        (
            "--time-limit",
            "1e20",
            "error: --time-limit 100000000000000000000 is more than 1000000 seconds (about 11 days)",
        ),
        (
            "--notice-days",
            "4000000000",
            "error: --notice-days 4000000000 is more than 3650 days (ten years)",
        ),
    ] {
        assert_usage_error(&s, &["plan", "--in", &small, "--out", "o", flag, value], message);
    }
    assert!(!s.join("o").exists(), "nothing written");
}

#[test]
fn a_tiny_time_limit_still_writes_a_valid_plan() {
    let s = Scenario::new();
    let generate = s.rebook(&["generate", "--cases", "3000", "--seed", "5", "--out", "big"]);
    assert!(generate.status.success());
    let output = s.rebook(&["plan", "--in", "big", "--out", "out", "--time-limit", "0.1"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_str(&s.read("out/summary.json")).expect("json");
    assert_eq!(summary["solver"]["plan_source"], "heuristic");
    assert_eq!(summary["solver"]["status"], "not_run");
    assert_eq!(summary["solver"]["bound_source"], "capacity_ignored");
    assert!(summary["solver"]["gap"].as_f64().is_some());
    assert_every_case_once(&s.join("big/cases.csv"), &s.join("out"));
    // Complete even without the solver: no case left out that a list could still take.
    let unscheduled = s.read("out/unscheduled.csv");
    assert!(!unscheduled.contains("still have room"), "{unscheduled}");
    assert_plan_passes_check(&s, &["--in", "big"], "out");
}

/// Sends `signal` to a plan of the demo 5 s in: the best plan so far is checked and
/// written (exit 0, status `interrupted`), well before the 120 s limit.
fn a_signal_stops_the_solver_and_writes_the_best_plan_so_far(signal: &str) {
    let s = Scenario::new();
    let data = format!("{}/data", env!("CARGO_MANIFEST_DIR"));
    let started = std::time::Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_rebook"))
        .args(["plan", "--in", &data, "--out", "out", "--time-limit", "120"])
        .current_dir(s.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start rebook");
    std::thread::sleep(std::time::Duration::from_secs(5));
    let kill = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    let output = child.wait_with_output().expect("wait");
    assert!(
        output.status.success(),
        "SIG{signal}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        started.elapsed().as_secs() < 100,
        "SIG{signal}: stopped well before the 120 s limit"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&s.read("out/summary.json")).expect("json");
    let status = summary["solver"]["status"].as_str().unwrap_or("");
    assert!(
        ["interrupted", "not_run"].contains(&status),
        "SIG{signal}: {status}"
    );
    assert_every_case_once(&Path::new(&data).join("cases.csv"), &s.join("out"));
    assert_plan_passes_check(&s, &["--in", &data], "out");
}

#[test]
fn ctrl_c_stops_the_solver_and_writes_the_best_plan_so_far() {
    a_signal_stops_the_solver_and_writes_the_best_plan_so_far("INT");
}

#[test]
fn a_batch_scheduler_s_sigterm_stops_the_solver_as_ctrl_c_does() {
    a_signal_stops_the_solver_and_writes_the_best_plan_so_far("TERM");
}

#[test]
fn a_closed_terminal_s_sighup_stops_the_solver_as_ctrl_c_does() {
    a_signal_stops_the_solver_and_writes_the_best_plan_so_far("HUP");
}

/// A plan of the small fixture with a panic injected at `point` (`REBOOK_INJECT_PANIC`).
fn plan_with_a_panic_at(point: &str) -> (Scenario, serde_json::Value) {
    let s = Scenario::new();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rebook"))
        .args([
            "plan",
            "--in",
            &fixture("small"),
            "--out",
            "out",
            "--time-limit",
            "10",
        ])
        .env("REBOOK_INJECT_PANIC", point)
        .current_dir(s.path())
        .output()
        .expect("run rebook");
    assert!(
        output.status.success(),
        "{point}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = serde_json::from_str(&s.read("out/summary.json")).expect("json");
    (s, summary)
}

#[test]
fn a_panic_in_the_bound_s_work_or_the_search_still_writes_a_checked_plan() {
    for (point, fault) in [
        (
            "bound",
            "the bound's work stopped with an internal error (injected panic at bound",
        ),
        (
            "search",
            "a search worker stopped with an internal error (injected panic at search",
        ),
    ] {
        let (s, summary) = plan_with_a_panic_at(point);
        let faults = summary["solver"]["faults"].as_array().expect("faults");
        assert_eq!(faults.len(), 1, "{point}: {faults:?}");
        assert!(
            faults[0].as_str().unwrap_or("").starts_with(fault),
            "{faults:?}"
        );
        assert_every_case_once(Path::new(&fixture("small/cases.csv")), &s.join("out"));
        assert_plan_passes_check(&s, &["--in", &fixture("small")], "out");
    }
    let (_, healthy) = plan_with_a_panic_at("nowhere");
    assert_eq!(healthy["solver"]["faults"], serde_json::json!([]));
}

/// Plans two cases in one list with `turnaround` minutes between them into `out`,
/// aborting after `abort_after` steps of writing the files when given.
fn plan_two_cases(s: &Scenario, turnaround: &str, abort_after: Option<usize>) -> bool {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_rebook"));
    command
        .args(["plan", "--in", "in", "--out", "out", "--time-limit", "5"])
        .args(["--turnaround", turnaround])
        .current_dir(s.path());
    if let Some(step) = abort_after {
        command.env("REBOOK_ABORT_AFTER_WRITE_STEP", step.to_string());
    }
    command.output().expect("run rebook").status.success()
}

/// The plan's files in `out`, or `None` for a file that is missing.
fn plan_files(s: &Scenario) -> Vec<Option<Vec<u8>>> {
    [
        "schedule.csv",
        "unscheduled.csv",
        "summary.json",
        "report.html",
    ]
    .iter()
    .map(|name| std::fs::read(s.join("out").join(name)).ok())
    .collect()
}

#[test]
fn a_run_killed_while_writing_leaves_the_previous_set_or_the_new_one() {
    let s = Scenario::new();
    std::fs::create_dir(s.join("in")).expect("folder");
    s.file(
        "in/sessions.csv",
        &[SESSION_HEADER, "S1,main,T1,2024-07-01,08:00,12:00,110,,,"],
    )
    .file(
        "in/cases.csv",
        &[
            CASE_HEADER,
            "C1,,,110,P2,60,,,,,,,,,",
            "C2,,,110,P2,60,,,,,,,,,",
        ],
    );
    assert!(plan_two_cases(&s, "5", None));
    let new = plan_files(&s);
    assert!(plan_two_cases(&s, "10", None));
    let old = plan_files(&s);
    let same_run = |a: &[Option<Vec<u8>>], b: &[Option<Vec<u8>>]| a[..2] == b[..2];
    assert!(!same_run(&new, &old), "the two runs' schedules must differ");
    // Into a folder holding the previous set, then into a fresh one, killed after each
    // step of writing (the steps run out before the last value: the run then finishes).
    for fresh in [false, true] {
        for step in 1..=9 {
            let _ = std::fs::remove_dir_all(s.join("out"));
            if !fresh {
                assert!(plan_two_cases(&s, "10", None));
            }
            let finished = plan_two_cases(&s, "5", Some(step));
            let files = plan_files(&s);
            let none = files.iter().all(Option::is_none);
            let whole = files.iter().all(Option::is_some);
            assert!(
                whole || (fresh && none),
                "step {step}, fresh {fresh}: a partial set {:?}",
                files.iter().map(Option::is_some).collect::<Vec<_>>()
            );
            if whole {
                assert!(
                    same_run(&files, &new) || (!fresh && same_run(&files, &old)),
                    "step {step}, fresh {fresh}: files of two runs"
                );
                let summary: serde_json::Value =
                    serde_json::from_slice(files[2].as_deref().unwrap_or_default()).expect("json");
                let turnaround = summary["settings"]["turnaround_min"].as_u64();
                let expected = if same_run(&files, &new) { 5 } else { 10 };
                assert_eq!(
                    turnaround,
                    Some(expected),
                    "step {step}: summary of another run"
                );
            }
            if finished {
                assert!(
                    same_run(&files, &new),
                    "step {step}: a finished run wrote its set"
                );
            }
        }
    }
    let stages: Vec<_> = std::fs::read_dir(s.path())
        .expect("folder")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".rebook-"))
        .collect();
    assert!(stages.is_empty(), "a finished run leaves no staging folder");
}

#[test]
fn one_thread_keeps_the_run_on_one_core() {
    let s = plan_demo(&["--time-limit", "8", "--threads", "1"]);
    let data = format!("{}/data", env!("CARGO_MANIFEST_DIR"));
    let summary: serde_json::Value =
        serde_json::from_str(&s.read("out/summary.json")).expect("json");
    assert_eq!(summary["settings"]["threads"], 1);
    let wall = summary["time_seconds"].as_f64().expect("time");
    let cpu = summary["cpu_seconds"].as_f64().expect("cpu time on Linux");
    assert!(
        cpu <= wall * 1.1 + 0.3,
        "{cpu} s of processor time in {wall} s on one thread"
    );
    assert_plan_passes_check(&s, &["--in", &data], "out");
}
