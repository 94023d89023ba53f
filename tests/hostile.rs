//! The hostile input corpus (tests/hostile/): every file gets a clear message and exit 2
//! with nothing written, or is accepted when it is valid. None panics.

use crate::util::{assert_plan_passes_check, Run, Scenario};
use std::path::PathBuf;

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

/// Runs `plan` with the corpus file `name` in its role (by prefix) and the valid partners.
fn plan(name: &str) -> (Scenario, Option<i32>, String) {
    let s = Scenario::new();
    let role = format!("--{}", name.split('-').next().unwrap_or(""));
    let mut files: Vec<(String, PathBuf)> = vec![
        ("--cases".into(), corpus("cases.csv")),
        ("--sessions".into(), corpus("sessions.csv")),
    ];
    match files.iter_mut().find(|(flag, _)| *flag == role) {
        Some(entry) => entry.1 = corpus(name),
        None => files.push((role, corpus(name))),
    }
    let mut args: Vec<String> = ["plan", "--out", "out", "--time-limit", "10"]
        .map(String::from)
        .to_vec();
    for (flag, path) in files {
        args.push(flag);
        args.push(path.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = s.rebook(&args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_ne!(output.status.code(), Some(101), "{name} panicked: {stderr}");
    (s, output.status.code(), stderr)
}

fn refused(name: &str, message: &str) {
    let (s, code, stderr) = plan(name);
    assert_eq!(code, Some(2), "{name}: {stderr}");
    assert!(!s.join("out").exists(), "{name}: nothing may be written");
    assert_eq!(
        stderr,
        format!("{name}{message}\nerror: invalid input: 1 problem found, nothing written\n"),
        "{name}"
    );
}

fn accepted(name: &str) -> Scenario {
    let (s, code, stderr) = plan(name);
    assert_eq!(code, Some(0), "{name}: {stderr}");
    s
}

#[test]
fn broken_files_are_refused_with_a_clear_message() {
    let cases = [
        ("cases-empty.csv", ": is empty: a header row is required"),
        (
            "cases-missing-column.csv",
            ":1: missing required column \"priority\" (the header has: case_id, specialty, \
             duration_min; --columns maps a header of another name)",
        ),
        ("cases-duplicate-ids.csv", ":3: column case_id: \"C1\" is used again (first on line 2)"),
        ("cases-unknown-priority.csv", ":2: column priority: \"urgent\" is not a priority (expected P1a, P1b, P2, P3, P4, P5 or P6)"),
        ("cases-zero-duration.csv", ":2: column duration_min: 0 is out of range (1 to 1440 minutes)"),
        ("cases-negative-duration.csv", ":2: column duration_min: -30 is out of range (1 to 1440 minutes)"),
        ("cases-fractional-duration.csv", ":2: column duration_min: \"60.5\" is not a whole number of minutes"),
        ("cases-huge-duration.csv", ":2: column duration_min: \"99999999999999999999\" is out of range (1 to 1440 minutes)"),
        ("cases-impossible-date.csv", ":2: column listed_on: \"31/02/2024\" is not a valid date (use YYYY-MM-DD or DD/MM/YYYY)"),
        ("cases-us-date.csv", ":2: column listed_on: \"02/13/2024\" is not a valid date: dates are day-first (DD/MM/YYYY), this looks like a US month-first date"),
        ("cases-unknown-resource.csv", ":2: column resources: \"xmatch_blood\" has no row in resources.csv (no resources file was given)"),
        ("cases-windows-1252.csv", ":3: is not UTF-8 text (Excel's \"CSV (Comma delimited)\" writes Windows-1252): save it as \"CSV UTF-8 (Comma delimited)\""),
        ("cases-semicolon.csv", ": uses ';' to separate columns; rebook reads comma-separated files (in Excel, save as \"CSV UTF-8 (Comma delimited)\")"),
        ("cases-binary-garbage.csv", ": is not a CSV text file (it contains binary data)"),
        ("cases-long-cell-invalid.csv", &format!(":2: column duration_min: \"{}...\" is not a whole number of minutes", "9x".repeat(30))),
        ("cases-bad-nhs-number.csv", ":2: column nhs_number: NHS number ending \"918\" fails its check digit"),
        ("cases-too-many-cells.csv", ":2: has 5 cells but the header has 4 (a comma inside a value must be quoted)"),
        ("cases-unterminated-quote.csv", ":2: has a quote (\") that is never closed: the rest of the file would be one cell"),
        ("sessions-end-before-start.csv", ":2: column end: 08:00 is not after the start 12:00 (a list that runs past midnight must be split into two sessions)"),
        ("sessions-past-midnight.csv", ":2: column end: 02:00 is not after the start 22:00 (a list that runs past midnight must be split into two sessions)"),
        ("sessions-bad-time.csv", ":2: column start: \"8am\" is not a valid time (use HH:MM, 00:00 to 23:59)"),
        ("resources-negative-limit.csv", ":2: column per_day: -1 is out of range (0 to 100000 cases a day)"),
        ("surgeons-negative-limit.csv", ":2: column max_minutes: -5 is out of range (0 to 1440 minutes)"),
    ];
    for (name, message) in cases {
        refused(name, message);
    }
}

#[test]
fn an_nhs_number_is_never_shown_whole() {
    let (_, _, stderr) = plan("cases-bad-nhs-number.csv");
    assert!(
        !stderr.contains("4765918") && !stderr.contains("943 476"),
        "{stderr}"
    );
}

#[test]
fn valid_but_unusual_files_are_accepted() {
    for name in [
        "cases-header-only.csv",
        "cases-bom.csv",
        "cases-crlf.csv",
        "cases-quoted-fields.csv",
        "cases-long-cell-valid.csv",
        "sessions-times-with-seconds.csv",
    ] {
        accepted(name);
    }
    let (_, code, stderr) = plan("cases-extra-columns.csv");
    assert_eq!(code, Some(0));
    assert_eq!(
        stderr,
        "warning: cases-extra-columns.csv: columns \"ward\", \"bed\" not used (ignored)\n"
    );

    let quoted = accepted("cases-quoted-fields.csv");
    let schedule = quoted.read("out/schedule.csv");
    assert!(schedule.contains("\"Knee, left\""), "{schedule}");
    assert!(
        schedule.contains("\"Two\nlines, and \"\"quotes\"\"\""),
        "{schedule}"
    );
}

/// A list dated thousands of years ahead (found by fuzzing: the horizon then ran to the
/// year 5956 and report.html, with a point a day, took 225 MB and seconds to draw).
#[test]
fn a_list_thousands_of_years_ahead_gives_a_plan_of_ordinary_size() {
    let s = accepted("sessions-far-future.csv");
    for (file, most) in [("report.html", 1_000_000), ("summary.json", 100_000)] {
        let size = std::fs::metadata(s.join("out").join(file))
            .expect(file)
            .len();
        assert!(size < most, "{file}: {size} bytes");
    }
}

#[test]
fn formula_cells_are_neutralised_in_every_output() {
    let s = accepted("cases-formulas.csv");
    let schedule = s.read("out/schedule.csv");
    assert!(schedule.contains("'=1+2,"), "{schedule}");
    assert!(schedule.contains(",'@SUM(A1),"), "{schedule}");
    let unscheduled = s.read("out/unscheduled.csv");
    assert!(unscheduled.contains("'-C2,"), "{unscheduled}");
    // plan.xlsx holds the same values as text cells, without the guard and no formula.
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(s.join("out/plan.xlsx")).expect("plan.xlsx");
    let cells = book.worksheet_range("Schedule").expect("Schedule");
    let text = calamine::Data::String("=1+2".into());
    assert!(cells.used_cells().any(|(_, _, cell)| *cell == text));
    let formulas = book.worksheet_formula("Schedule").expect("Schedule");
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    // And the checker reads the neutralised files back as the same cases.
    let cases = corpus("cases-formulas.csv");
    let sessions = corpus("sessions.csv");
    let inputs = [
        "--cases",
        cases.to_str().expect("path"),
        "--sessions",
        sessions.to_str().expect("path"),
    ];
    assert_plan_passes_check(&s, &inputs, "out");
}
