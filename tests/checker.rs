//! `rebook check` on deliberately broken schedules: each breaks one rule, and the checker
//! must name it (exit 3); the valid base passes (exit 0).

use crate::util::{assert_plan_passes_check, Run, Scenario, CASE_HEADER, SESSION_HEADER};

fn scenario() -> Scenario {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,12:00,110,MrA,,",
            "S2,main,T2,2024-07-01,08:00,12:00,110,,robot,",
            "S3,main,T1,2024-07-02,08:00,10:00,101,,,",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "C1,P1,,110,P2,60,,,,,,,,,",
            "C2,P1,,110,P2,60,,,,,,,,,",
            "C3,,,110,P3,60,MrB,,,,,,,,",
            "C4,,,110,P2,60,,,,,robot,,,,",
            "C5,,,110,P2,60,,,2024-07-02,,,,,,",
            "C6,,,110,P2,60,,,,,,,2024-07-01,,",
            "C7,,,110,P5,60,,,,,,,,,",
            "C8,,,110,P2,60,,,,,,,,S2,yes",
            "C9,,,110,P2,60,,,,,,icu_bed,,,",
            "C10,,,110,P2,60,,,,,,icu_bed,,,",
            "C11,,,110,P3,30,,,,,,,,,",
        ],
    )
    .file(
        "resources.csv",
        &[
            "resource,site,from,to,per_day",
            "icu_bed,,2024-07-01,2024-07-02,1",
        ],
    )
    .file(
        "surgeons.csv",
        &["surgeon,date,max_minutes", "MrA,2024-07-01,60"],
    );
    s
}

const ALL: [&str; 11] = [
    "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11",
];

/// Writes a schedule with the locked C8 plus `rows` ("case,session,date,start,end"), and
/// an unscheduled.csv with every other case.
fn check(s: &Scenario, rows: &[&str], flags: &[&str]) -> (Option<i32>, String) {
    let mut schedule = vec![
        "case_id,session_id,date,start,end",
        "C8,S2,2024-07-01,08:00,09:00",
    ];
    schedule.extend_from_slice(rows);
    s.file("schedule.csv", &schedule);
    let booked: Vec<&str> = schedule[1..]
        .iter()
        .map(|r| r.split(',').next().unwrap_or(""))
        .collect();
    let mut unscheduled = vec!["case_id,priority,deadline,reason".to_string()];
    unscheduled.extend(
        ALL.iter()
            .filter(|c| !booked.contains(c))
            .map(|c| format!("{c},,,")),
    );
    let lines: Vec<&str> = unscheduled.iter().map(String::as_str).collect();
    s.file("unscheduled.csv", &lines);
    let mut args = vec![
        "check",
        "--in",
        ".",
        "--schedule",
        "schedule.csv",
        "--unscheduled",
        "unscheduled.csv",
    ];
    args.extend_from_slice(flags);
    let output = s.rebook(&args);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// Checks a schedule of one row ("case,session,start,end") with no unscheduled.csv.
fn check_schedule_only(row: &str) -> std::process::Output {
    let s = scenario();
    s.file("schedule.csv", &["case_id,session_id,start,end", row]);
    s.rebook(&["check", "--in", ".", "--schedule", "schedule.csv"])
}

fn assert_broken(rows: &[&str], flags: &[&str], expected: &str) {
    let s = scenario();
    let (code, stdout) = check(&s, rows, flags);
    assert_eq!(code, Some(3), "{stdout}");
    assert!(
        stdout.lines().any(|l| l == expected),
        "expected the line\n{expected}\nin\n{stdout}"
    );
}

#[test]
fn the_valid_base_passes() {
    let s = scenario();
    let (code, stdout) = check(&s, &["C1,S1,2024-07-01,08:00,09:00"], &[]);
    assert_eq!(code, Some(0), "{stdout}");
    assert_eq!(
        stdout,
        "valid: schedule.csv breaks no hard rule (11 cases checked)\n"
    );
}

#[test]
fn specialty() {
    assert_broken(
        &["C1,S3,2024-07-02,08:00,09:00"],
        &[],
        "specialty: case C1 in session S3: the session is for 101, the case is 110",
    );
}

#[test]
fn named_surgeon() {
    assert_broken(
        &["C3,S1,2024-07-01,08:00,09:00"],
        &[],
        "surgeon: case C3 in session S1: the session is run by MrA, the case names MrB",
    );
}

#[test]
fn equipment() {
    assert_broken(
        &["C4,S1,2024-07-01,08:00,09:00"],
        &[],
        "equipment: case C4 in session S1: the session has no robot",
    );
}

#[test]
fn earliest_date() {
    assert_broken(
        &["C5,S2,2024-07-01,09:15,10:15"],
        &[],
        "earliest date: case C5 in session S2: 2024-07-01 is 1 day(s) before the earliest date 2024-07-02",
    );
}

#[test]
fn patient_unavailable() {
    assert_broken(
        &["C6,S2,2024-07-01,09:15,10:15"],
        &[],
        "patient unavailable: case C6 in session S2: the patient is unavailable on 2024-07-01",
    );
}

#[test]
fn deferred_case_booked() {
    assert_broken(
        &["C7,S2,2024-07-01,09:15,10:15"],
        &[],
        "deferred: case C7 in session S2: P5 cases are never booked",
    );
}

#[test]
fn minimum_notice() {
    assert_broken(
        &["C11,S2,2024-07-01,09:15,09:45"],
        &["--notice-days", "3"],
        "minimum notice: case C11 in session S2: 2024-07-01 gives less than 3 days' notice",
    );
}

#[test]
fn locked_booking_moved() {
    let output = check_schedule_only("C8,S1,08:00,09:00");
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "locked booking: case C8 is locked but was moved\n"
    );
}

#[test]
fn session_minutes() {
    assert_broken(
        &["C1,S2,2024-07-01,09:15,10:15"],
        &["--max-fill", "0.5"],
        "session minutes: session S2: 2 case(s) need 135 minutes with turnaround, 120 available (over by 15)",
    );
}

#[test]
fn surgeon_minutes() {
    assert_broken(
        &[
            "C1,S1,2024-07-01,08:00,09:00",
            "C11,S1,2024-07-01,09:15,09:45",
        ],
        &[],
        "surgeon minutes: surgeon MrA on 2024-07-01: 90 minutes booked, limit 60 (over by 30)",
    );
}

#[test]
fn daily_resource() {
    assert_broken(
        &[
            "C9,S2,2024-07-01,09:15,10:15",
            "C10,S2,2024-07-01,10:30,11:30",
        ],
        &[],
        "daily resource: icu_bed on 2024-07-01: 2 case(s) booked, limit 1 a day (over by 1)",
    );
}

#[test]
fn one_operation_a_day() {
    assert_broken(
        &[
            "C1,S1,2024-07-01,08:00,09:00",
            "C2,S2,2024-07-01,09:15,10:15",
        ],
        &[],
        "one operation a day: cases C1, C2 are the same patient on 2024-07-01",
    );
}

#[test]
fn times_must_match_the_duration_and_the_session() {
    assert_broken(
        &["C1,S1,2024-07-01,08:00,08:30"],
        &[],
        "times: schedule.csv:3: case C1: 08:00-08:30 is not its 60 minutes",
    );
    assert_broken(
        &["C1,S1,2024-07-01,11:30,12:30"],
        &[],
        "times: schedule.csv:3: case C1: 11:30-12:30 is outside session S1 (08:00-12:00)",
    );
}

#[test]
fn turnaround_between_cases() {
    assert_broken(
        &["C1,S2,2024-07-01,09:05,10:05"],
        &[],
        "turnaround: session S2: case C1 starts at 09:05, before 09:15 (case C8 ends at 09:00 plus 15 minutes turnaround)",
    );
}

#[test]
fn every_case_exactly_once() {
    assert_broken(
        &[
            "C1,S1,2024-07-01,08:00,09:00",
            "C1,S2,2024-07-01,09:15,10:15",
        ],
        &[],
        "booked twice: schedule.csv:4: case C1 is already booked on line 3",
    );
    let s = scenario();
    check(&s, &[], &[]);
    s.file(
        "unscheduled.csv",
        &[
            "case_id", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10",
        ],
    );
    let output = s.rebook(&[
        "check",
        "--in",
        ".",
        "--schedule",
        "schedule.csv",
        "--unscheduled",
        "unscheduled.csv",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(3));
    assert!(
        stdout.contains("booked and unbooked: unscheduled.csv:9: case C8 is also in schedule.csv"),
        "{stdout}"
    );
    assert!(
        stdout.contains("case lost: case C11 is in neither schedule.csv nor unscheduled.csv"),
        "{stdout}"
    );
}

#[test]
fn unknown_ids_and_wrong_session_details() {
    assert_broken(
        &["C99,S1,2024-07-01,08:00,09:00"],
        &[],
        "unknown case: schedule.csv:3: case C99 is not in the cases file",
    );
    assert_broken(
        &["C1,S9,2024-07-01,08:00,09:00"],
        &[],
        "unknown session: schedule.csv:3: session S9 is not in the sessions file",
    );
    assert_broken(
        &["C1,S1,2024-07-02,08:00,09:00"],
        &[],
        "session details: schedule.csv:3: case C1: column date says 2024-07-02, session S1 is on 2024-07-01",
    );
}

#[test]
fn an_unreadable_schedule_is_invalid_input() {
    let output = check_schedule_only("C8,S2,8am,09:00");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "schedule.csv:2: column start: \"8am\" is not a valid time (use HH:MM, 00:00 to 23:59)\n\
         error: invalid input: 1 problem found, nothing written\n"
    );
}

#[test]
fn the_planners_own_plan_passes() {
    let s = scenario();
    let plan = s.rebook(&["plan", "--in", ".", "--out", "out"]);
    assert!(
        plan.status.success(),
        "{}",
        String::from_utf8_lossy(&plan.stderr)
    );
    assert_plan_passes_check(&s, &["--in", "."], "out");
}

/// A plan made with a 5-minute turnaround fails a check under the default 15 minutes,
/// passes `check --plan`, which takes the plan's own settings from its summary.json, and
/// fails again when `--turnaround 15` is given (the flag wins, with a note).
#[test]
fn check_plan_takes_the_settings_the_plan_was_made_with() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[SESSION_HEADER, "S1,main,T1,2024-07-01,08:00,12:00,110,,,"],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "C1,,,110,P2,60,,,,,,,,,",
            "C2,,,110,P2,60,,,,,,,,,",
        ],
    );
    let planned = s.rebook(&[
        "plan",
        "--in",
        ".",
        "--out",
        "out",
        "--turnaround",
        "5",
        "--time-limit",
        "5",
    ]);
    assert!(
        planned.status.success(),
        "{}",
        String::from_utf8_lossy(&planned.stderr)
    );
    let by_flags = s.rebook(&["check", "--in", ".", "--schedule", "out/schedule.csv"]);
    assert_eq!(by_flags.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&by_flags.stdout).contains("turnaround: session S1"));
    let by_plan = s.rebook(&["check", "--in", ".", "--plan", "out"]);
    assert_eq!(
        by_plan.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&by_plan.stdout),
        String::from_utf8_lossy(&by_plan.stderr)
    );
    let overridden = s.rebook(&["check", "--in", ".", "--plan", "out", "--turnaround", "15"]);
    assert_eq!(overridden.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&overridden.stderr).trim_end(),
        "note: --turnaround 15 given; the plan was made with 5 (out/summary.json)\n\
         error: the schedule breaks 1 hard rule(s)"
    );
    let neither = s.rebook(&["check", "--in", "."]);
    assert_eq!(neither.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&neither.stderr).trim_end(),
        "error: give --schedule FILE or --plan DIR"
    );
}
