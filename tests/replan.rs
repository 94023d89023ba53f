//! Re-planning against a published plan (`--baseline`): the freeze window, the notice a
//! moved patient is owed, forced changes with their causes, removed cases, the price of
//! change, changes.csv and contacts.csv, and `rebook diff`.

use crate::util::{assert_plan_passes_check, Run, Scenario};
use std::collections::BTreeMap;

const SESSIONS: &str = "session_id,site,theatre,date,start,end,specialty,turnaround_min";
const CASES: &str =
    "case_id,patient_id,specialty,priority,duration_min,listed_on,notified,short_notice_ok";
const SCHEDULE: &str = "case_id,patient_id,priority,session_id,site,date,start,end";

/// Runs rebook, which must succeed; returns what it printed (stdout, stderr).
fn run_printed(s: &Scenario, args: &[&str]) -> (String, String) {
    let output = s.rebook(args);
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs rebook, which must succeed; returns its warnings (stderr).
fn run_ok(s: &Scenario, args: &[&str]) -> String {
    run_printed(s, args).1
}

/// Re-plans `in` against the published plan in `old` into `out`, from 2024-07-01;
/// returns what it printed (stdout, stderr).
fn replan_printed(s: &Scenario, extra: &[&str]) -> (String, String) {
    let mut args = vec![
        "plan",
        "--in",
        "in",
        "--out",
        "out",
        "--from",
        "2024-07-01",
        "--baseline",
        "old",
        "--time-limit",
        "20",
    ];
    args.extend_from_slice(extra);
    run_printed(s, &args)
}

/// `replan_printed`'s warnings.
fn replan(s: &Scenario, extra: &[&str]) -> String {
    replan_printed(s, extra).1
}

/// changes.csv's `change` column by case.
fn changes(s: &Scenario, out: &str) -> BTreeMap<String, String> {
    let text = s.read(&format!("{out}/changes.csv"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[0].to_string(), r[3].to_string())
        })
        .collect()
}

/// The session each booked case is in (schedule.csv).
fn sessions(s: &Scenario, out: &str) -> BTreeMap<String, String> {
    let text = s.read(&format!("{out}/schedule.csv"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    let at = header
        .iter()
        .position(|h| h == "session_id")
        .expect("column");
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[0].to_string(), r[at].to_string())
        })
        .collect()
}

/// A folder with the new inputs in `in/` and the published plan in `old/`.
fn inputs_and_baseline(sessions: &[&str], cases: &[&str], published: &[&str]) -> Scenario {
    let s = Scenario::new();
    std::fs::create_dir_all(s.join("in")).unwrap();
    std::fs::create_dir_all(s.join("old")).unwrap();
    s.file("in/sessions.csv", sessions)
        .file("in/cases.csv", cases)
        .file("old/schedule.csv", published);
    s
}

/// An incident a few days on: list S2 shortened to two hours, list S5 gone, case C6
/// done elsewhere, C7 never told its date, C8 a new P2 case.
fn incident() -> Scenario {
    inputs_and_baseline(
        &[
            SESSIONS,
            "S1,North,T1,2024-07-02,08:00,12:00,110,0",
            "S2,North,T1,2024-07-04,08:00,10:00,110,0",
            "S3,North,T1,2024-07-15,08:00,12:00,110,0",
            "S4,South,T2,2024-07-16,08:00,12:00,110,0",
        ],
        &[
            CASES,
            "C1,P1,110,P4,60,,,",
            "C2,P2,110,P3,120,,,",
            "C3,P3,110,P4,60,,,",
            "C4,P4,110,P3,60,,,",
            "C5,P5,110,P4,60,,,",
            "C7,P7,110,P4,60,,no,",
            "C8,P8,110,P2,60,2024-06-20,,",
        ],
        &[
            SCHEDULE,
            "C1,P1,P4,S1,North,2024-07-02,08:00,09:00",
            "C2,P2,P3,S2,North,2024-07-04,08:00,10:00",
            "C3,P3,P4,S2,North,2024-07-04,10:00,11:00",
            "C4,P4,P3,S5,North,2024-07-10,08:00,09:00",
            "C5,P5,P4,S3,North,2024-07-15,08:00,09:00",
            "C6,P6,P4,S3,North,2024-07-15,09:00,10:00",
            "C7,P7,P4,S4,South,2024-07-16,08:00,09:00",
        ],
    )
}

#[test]
fn a_replan_keeps_the_frozen_forces_the_impossible_and_lists_every_case() {
    let s = incident();
    let (printed, _) = replan_printed(&s, &[]);
    assert!(
        printed.contains(
            "  re-plan against old: told bookings changed 0 by choice, 2 forced; 3 patients to contact"
        ) && printed.contains("summary.json, report.html, plan.xlsx, changes.csv, contacts.csv"),
        "{printed}"
    );
    let changes = changes(&s, "out");
    let expected: BTreeMap<String, String> = [
        ("C1", "kept"),
        ("C2", "kept"),
        ("C3", "forced"),
        ("C4", "forced"),
        ("C5", "kept"),
        ("C6", "removed"),
        ("C7", "kept"),
        ("C8", "new"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(changes, expected);
    let text = s.read("out/changes.csv");
    assert!(
        text.contains(
            "C3,P3,P4,forced,S2,2024-07-04,North,S1,2024-07-02,North,'-2,1,list S2 on 2024-07-04 \
             no longer holds all its published cases (more urgent ones kept their place)"
        ),
        "{text}"
    );
    assert!(
        text.contains("C4,P4,P3,forced,S5,2024-07-10,North,")
            && text.contains(",list S5 on 2024-07-10 is no longer in sessions.csv"),
        "{text}"
    );
    assert!(
        text.contains(
            "C6,P6,P4,removed,S3,2024-07-15,North,,,,,,no longer in cases.csv (done elsewhere or withdrawn)"
        ),
        "{text}"
    );
    // The booking office's list: the forced and the new, soonest first.
    let contacts = s.read("out/contacts.csv");
    let called: Vec<&str> = contacts
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(called.len(), 3, "{contacts}");
    assert!(called.contains(&"C3") && called.contains(&"C4") && called.contains(&"C8"));
    assert!(
        contacts.contains("operation moved from Thu 4 Jul 2024 to Tue 2 Jul 2024"),
        "{contacts}"
    );
    let summary: serde_json::Value = serde_json::from_str(&s.read("out/summary.json")).unwrap();
    let replan = &summary["replan"];
    assert_eq!(replan["freeze_days"], 7);
    assert_eq!(replan["notified_changed_forced"], 2);
    assert_eq!(replan["notified_changed_unforced"], 0);
    assert_eq!(replan["patients_to_contact"], 3);
    assert_eq!(replan["changes"]["kept"], 4);
    assert_plan_passes_check(&s, &["--in", "in", "--from", "2024-07-01"], "out");
    // The report shows the changes; `rebook report` draws the same from the folder.
    let report = s.read("out/report.html");
    assert!(report.contains("<h2>Changes since the published plan</h2>"));
    assert!(report.contains("2 forced by the new inputs; 3 patients to contact"));
    assert!(
        report.contains("<td>C4</td><td data-key=\"3\">P3</td><td>forced</td><td>2024-07-10</td>")
    );
    run_ok(&s, &["report", "--in", "out", "--out", "again.html"]);
    assert_eq!(s.read("again.html"), report);
}

#[test]
fn applying_the_changes_to_the_baseline_gives_the_new_schedule() {
    let s = incident();
    replan(&s, &[]);
    let mut booked: BTreeMap<String, String> = BTreeMap::new();
    let text = s.read("out/changes.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    for row in reader.records() {
        let row = row.unwrap();
        if !row[7].is_empty() {
            booked.insert(row[0].to_string(), row[7].to_string());
        }
    }
    assert_eq!(booked, sessions(&s, "out"));
}

#[test]
fn the_same_inputs_replanned_against_their_own_plan_change_nothing() {
    let s = incident();
    run_ok(
        &s,
        &[
            "plan",
            "--in",
            "in",
            "--out",
            "first",
            "--from",
            "2024-07-01",
            "--time-limit",
            "20",
        ],
    );
    std::fs::remove_dir_all(s.join("old")).unwrap();
    std::fs::rename(s.join("first"), s.join("old")).unwrap();
    replan(&s, &["--freeze-days", "0"]);
    let before = sessions(&s, "old");
    for (case, change) in changes(&s, "out") {
        let expected = if before.contains_key(&case) {
            "kept"
        } else {
            "new"
        };
        assert_eq!(change, expected, "{case}");
    }
    assert_eq!(sessions(&s, "out"), before);
}

/// Two lists: S1 inside the freeze window holds one case; C1 (P4, told S1) and C2, a P2
/// case already past its deadline, who would take S1 if C1 moved to S3.
fn one_place_for_two() -> Scenario {
    inputs_and_baseline(
        &[
            SESSIONS,
            "S1,North,T1,2024-07-02,08:00,09:00,110,0",
            "S3,North,T1,2024-07-15,08:00,09:00,110,0",
        ],
        &[CASES, "C1,P1,110,P4,60,,,", "C2,P2,110,P2,60,2024-05-01,,"],
        &[SCHEDULE, "C1,P1,P4,S1,North,2024-07-02,08:00,09:00"],
    )
}

#[test]
fn a_notified_booking_inside_the_freeze_window_is_kept() {
    let s = one_place_for_two();
    replan(&s, &[]);
    assert_eq!(
        sessions(&s, "out").get("C1").map(String::as_str),
        Some("S1")
    );
    assert_eq!(
        sessions(&s, "out").get("C2").map(String::as_str),
        Some("S3")
    );
    // The checker holds a schedule to the window too.
    s.file(
        "swapped.csv",
        &[
            "case_id,session_id,date,start,end",
            "C2,S1,2024-07-02,08:00,09:00",
            "C1,S3,2024-07-15,08:00,09:00",
        ],
    );
    let check = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--in",
            "in",
            "--from",
            "2024-07-01",
            "--schedule",
            "swapped.csv",
        ];
        args.extend_from_slice(extra);
        s.rebook(&args)
    };
    let output = check(&["--baseline", "old"]);
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stdout).contains("case C1 is locked but was moved"));
    assert_eq!(
        check(&["--baseline", "old", "--freeze-days", "0"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn outside_the_freeze_window_a_late_p2_case_displaces_a_routine_booking() {
    let s = one_place_for_two();
    replan(&s, &["--freeze-days", "0"]);
    assert_eq!(
        sessions(&s, "out").get("C2").map(String::as_str),
        Some("S1")
    );
    assert_eq!(
        sessions(&s, "out").get("C1").map(String::as_str),
        Some("S3")
    );
    assert_eq!(changes(&s, "out")["C1"], "later");
}

/// Two routine patients told the first two lists; two P2 cases past their deadline
/// want those lists: by the weights each displaces one (two changes).
fn two_displacements() -> Scenario {
    inputs_and_baseline(
        &[
            SESSIONS,
            "S1,North,T1,2024-07-02,08:00,09:00,110,0",
            "S2,North,T1,2024-07-03,08:00,09:00,110,0",
            "S3,North,T1,2024-07-20,08:00,10:00,110,0",
        ],
        &[
            CASES,
            "C1,P1,110,P4,60,,,",
            "C2,P2,110,P2,60,2024-05-01,,",
            "C3,P3,110,P4,60,,,",
            "C4,P4,110,P2,60,2024-05-01,,",
        ],
        &[
            SCHEDULE,
            "C1,P1,P4,S1,North,2024-07-02,08:00,09:00",
            "C3,P3,P4,S2,North,2024-07-03,08:00,09:00",
        ],
    )
}

#[test]
fn max_moves_caps_the_changes_to_told_bookings_and_check_enforces_it() {
    let s = two_displacements();
    replan(&s, &["--freeze-days", "0"]);
    let by_weights = changes(&s, "out");
    assert_eq!(
        (by_weights["C1"].as_str(), by_weights["C3"].as_str()),
        ("later", "later")
    );
    let (stdout, _) = run_printed(
        &s,
        &[
            "plan",
            "--in",
            "in",
            "--out",
            "capped",
            "--from",
            "2024-07-01",
            "--baseline",
            "old",
            "--time-limit",
            "20",
            "--freeze-days",
            "0",
            "--max-moves",
            "1",
        ],
    );
    let capped = changes(&s, "capped");
    let moved = ["C1", "C3"]
        .iter()
        .filter(|c| capped[**c] != "kept")
        .count();
    assert_eq!(moved, 1, "{capped:?}");
    // The one change the cap allows still goes to a P2 case; the other P2 waits.
    assert_eq!(
        ["C2", "C4"]
            .iter()
            .filter(|c| sessions(&s, "capped").get(**c).is_some_and(|x| x != "S3"))
            .count(),
        1
    );
    assert!(
        stdout.contains("--max-moves 1: kept by a price of"),
        "{stdout}"
    );
    let summary = s.read("capped/summary.json");
    assert!(summary.contains("\"max_moves\": 1"), "{summary}");
    let check = |k: &str, plan: &str| {
        s.rebook(&[
            "check",
            "--in",
            "in",
            "--plan",
            plan,
            "--baseline",
            "old",
            "--freeze-days",
            "0",
            "--max-moves",
            k,
        ])
    };
    assert_eq!(check("1", "capped").status.code(), Some(0));
    let refused = check("1", "out");
    assert_eq!(refused.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&refused.stdout)
            .contains("max moves: 2 notified bookings changed by choice, more than --max-moves 1"),
        "{}",
        String::from_utf8_lossy(&refused.stdout)
    );
}

#[test]
fn a_booked_session_other_than_the_baseline_s_is_a_warning_and_the_baseline_wins() {
    let s = one_place_for_two();
    s.file(
        "in/cases.csv",
        &[
            "case_id,patient_id,specialty,priority,duration_min,booked_session",
            "C1,P1,110,P4,60,S3",
            "C2,P2,110,P2,60,",
        ],
    );
    let stderr = replan(&s, &[]);
    assert!(
        stderr.contains(
            "case has a booked_session in cases.csv other than the baseline's (C1); the \
             baseline's is used"
        ),
        "{stderr}"
    );
    assert_eq!(changes(&s, "out")["C1"], "kept");
}

#[test]
fn a_patient_not_told_their_date_is_not_frozen() {
    let s = one_place_for_two();
    s.file(
        "in/cases.csv",
        &[
            CASES,
            "C1,P1,110,P4,60,,no,",
            "C2,P2,110,P2,60,2024-05-01,,",
        ],
    );
    replan(&s, &[]);
    assert_eq!(
        sessions(&s, "out").get("C2").map(String::as_str),
        Some("S1")
    );
}

/// C1 (P3) was told S1 on the 2nd; S2 on the 4th is free; with 10 days' notice C1 may
/// keep the 2nd but not be moved to the 4th, unless they accept short notice. C2, a P2
/// case due on the 2nd, wants the earlier list: worth moving C1 two days (600 points
/// of lateness against 210), not worth dropping C1's booking.
fn notice() -> Scenario {
    inputs_and_baseline(
        &[
            SESSIONS,
            "S1,North,T1,2024-07-02,08:00,09:00,110,0",
            "S2,North,T1,2024-07-04,08:00,09:00,110,0",
        ],
        &[CASES, "C1,P1,110,P3,60,,,", "C2,P2,110,P2,60,2024-06-04,,"],
        &[SCHEDULE, "C1,P1,P3,S1,North,2024-07-02,08:00,09:00"],
    )
}

#[test]
fn a_moved_routine_patient_is_owed_the_notice_unless_they_accept_short_notice() {
    // The P2 case wants S1 (the earlier list); C1 may only stay.
    let s = notice();
    replan(&s, &["--freeze-days", "0", "--notice-days", "10"]);
    assert_eq!(
        sessions(&s, "out").get("C1").map(String::as_str),
        Some("S1")
    );
    let with_baseline = [
        "--in",
        "in",
        "--from",
        "2024-07-01",
        "--notice-days",
        "10",
        "--baseline",
        "old",
        "--freeze-days",
        "0",
    ];
    assert_plan_passes_check(&s, &with_baseline, "out");
    // The same schedule with C1 moved to the 4th breaks the notice it is owed.
    s.file(
        "moved.csv",
        &[
            "case_id,session_id,date,start,end",
            "C1,S2,2024-07-04,08:00,09:00",
            "C2,S1,2024-07-02,08:00,09:00",
        ],
    );
    let mut args = vec!["check", "--schedule", "moved.csv"];
    args.extend_from_slice(&with_baseline);
    let output = s.rebook(&args);
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stdout).contains(
        "minimum notice: case C1 in session S2: 2024-07-04 gives less than 10 days' notice"
    ));
    s.file(
        "in/cases.csv",
        &[
            CASES,
            "C1,P1,110,P3,60,,,yes",
            "C2,P2,110,P2,60,2024-06-04,,",
        ],
    );
    replan(&s, &["--freeze-days", "0", "--notice-days", "10"]);
    assert_eq!(
        sessions(&s, "out").get("C1").map(String::as_str),
        Some("S2")
    );
    assert_eq!(
        sessions(&s, "out").get("C2").map(String::as_str),
        Some("S1")
    );
}

#[test]
fn a_bad_baseline_is_refused_with_its_file_and_line_and_nothing_is_written() {
    let s = incident();
    std::fs::remove_file(s.join("old/schedule.csv")).unwrap();
    let output = s.rebook(&["plan", "--in", "in", "--out", "out", "--baseline", "old"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("schedule.csv: cannot be read"), "{stderr}");
    s.file(
        "old/schedule.csv",
        &[
            SCHEDULE,
            "C1,P1,P4,S1,North,2024-07-02,8 o'clock,09:00",
            "C1,P1,P4,S1,North,2024-07-02,08:00,09:00",
            "C2,P2,P3,S9,,,08:00,10:00",
        ],
    );
    let output = s.rebook(&["plan", "--in", "in", "--out", "out", "--baseline", "old"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("old/schedule.csv:2"), "{stderr}");
    assert!(stderr.contains("start"), "{stderr}");
    assert!(
        stderr.contains(
            "old/schedule.csv:3: column case_id: case \"C1\" is booked again (first on line 2)"
        ),
        "{stderr}"
    );
    s.file("old/schedule.csv", &[SCHEDULE, "C2,P2,P3,S9,,,08:00,10:00"]);
    let output = s.rebook(&["plan", "--in", "in", "--out", "out", "--baseline", "old"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "old/schedule.csv:2: column session_id: session \"S9\" is not in sessions.csv, and the row \
             gives no date and site for case C2's published booking"
        ),
        "{stderr}"
    );
    assert!(!s.join("out").exists());
}

#[test]
fn diff_names_each_case_s_change_between_two_plans() {
    let s = incident();
    replan(&s, &[]);
    run_ok(&s, &["diff", "old", "out", "--out", "diff.csv"]);
    let text = s.read("diff.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let kinds: BTreeMap<String, String> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[3].to_string())
        })
        .collect();
    // Without the inputs, a forced change shows as what it did to the date.
    assert_eq!(kinds["C1"], "kept");
    assert_eq!(kinds["C3"], "earlier");
    assert_eq!(kinds["C6"], "removed");
    assert_eq!(kinds["C8"], "new");
}

/// A small generated incident, planned: the published plan every event starts from.
fn published_incident() -> Scenario {
    let s = Scenario::new();
    run_ok(
        &s,
        &[
            "generate", "--cases", "150", "--weeks", "3", "--seed", "3", "--out", "in",
        ],
    );
    run_ok(
        &s,
        &["plan", "--in", "in", "--out", "old", "--time-limit", "5"],
    );
    s
}

/// Runs `generate --event` on the published incident into `day8`, re-plans it against
/// the published plan and checks the re-plan with the re-planning rules; returns what
/// the generator printed.
fn event_replanned(s: &Scenario, event: &[&str]) -> String {
    let mut args = vec![
        "generate",
        "--in",
        "in",
        "--baseline",
        "old",
        "--out",
        "day8",
        "--seed",
        "1",
        "--event",
    ];
    args.extend_from_slice(event);
    let output = s.rebook(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(printed.contains("--from 2024-07-08"), "{printed}");
    run_ok(
        s,
        &[
            "plan",
            "--in",
            "day8",
            "--from",
            "2024-07-08",
            "--baseline",
            "old",
            "--out",
            "new",
            "--time-limit",
            "5",
        ],
    );
    let check = s.rebook(&[
        "check",
        "--in",
        "day8",
        "--plan",
        "new",
        "--baseline",
        "old",
    ]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    // Every case of the new inputs is in changes.csv once; every patient to tell is on
    // the call list.
    let cases = s.read("day8/cases.csv").lines().count() - 1;
    let changes = changes(s, "new");
    let in_inputs = changes.values().filter(|c| *c != "removed").count();
    assert_eq!(in_inputs, cases);
    let to_call = changes
        .values()
        .filter(|c| !["kept", "removed", "new"].contains(&c.as_str()))
        .count();
    let called = s.read("new/contacts.csv").lines().count() - 1;
    assert!(called >= to_call, "{called} called, {to_call} changed");
    printed
}

#[test]
fn each_event_gives_inputs_that_replan_within_the_rules() {
    let s = published_incident();
    let published = sessions(&s, "old");

    // The clock alone: cases booked before the new start are done, nothing else moves.
    event_replanned(&s, &["advance"]);
    let cases = s.read("day8/cases.csv");
    let text = s.read("old/schedule.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let done: Vec<String> = reader
        .deserialize::<BTreeMap<String, String>>()
        .map(|row| row.unwrap())
        .filter(|row| row["date"].as_str() < "2024-07-08")
        .map(|row| row["case_id"].clone())
        .collect();
    assert!(!done.is_empty());
    assert!(done
        .iter()
        .all(|id| !cases.lines().any(|l| l.starts_with(&format!("{id},")))));
    let kinds = changes(&s, "new");
    assert!(kinds.values().filter(|c| *c == "removed").count() == done.len());

    // The laboratory back a week later: the outage's end moves 7 days.
    let printed = event_replanned(&s, &["lab-late"]);
    assert!(
        printed.contains("xmatch_blood back 7 days later"),
        "{printed}"
    );
    assert!(s
        .read("day8/resources.csv")
        .contains("xmatch_blood,,2024-07-01,2024-07-28,0"));
    let printed = event_replanned(&s, &["lab-early"]);
    assert!(
        printed.contains("xmatch_blood back 7 days earlier"),
        "{printed}"
    );
    assert!(s
        .read("day8/resources.csv")
        .contains("xmatch_blood,,2024-07-01,2024-07-14,0"));

    // A surgeon away two weeks: no minutes on any of those days, their lists gone.
    let printed = event_replanned(&s, &["surgeon-away"]);
    let away = printed
        .split("surgeon ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .expect("the surgeon named");
    let surgeons = s.read("day8/surgeons.csv");
    assert_eq!(
        surgeons
            .lines()
            .filter(|l| l.starts_with(&format!("{away},")) && l.ends_with(",0"))
            .count(),
        14,
        "{surgeons}"
    );

    // A theatre closed three days.
    let printed = event_replanned(&s, &["theatre-closed"]);
    assert!(
        printed.contains("closed 2024-07-08 to 2024-07-10"),
        "{printed}"
    );

    // 10% more cancellations: new cases, listed on the new start, all planned or listed.
    event_replanned(&s, &["more-cancellations"]);
    let cases = s.read("day8/cases.csv");
    let all = cases.lines().count() - 1;
    let new_cases = cases
        .lines()
        .filter(|l| l.starts_with("N20240708-"))
        .count();
    assert_eq!(new_cases, ((all - new_cases) as f64 * 0.1).round() as usize);

    // Patients declining: some booked patients unavailable on their date or deferring;
    // none of them keeps that date.
    let printed = event_replanned(&s, &["patients-declining", "--share", "0.3"]);
    assert!(
        printed.contains("patients unavailable for 2 weeks from their date"),
        "{printed}"
    );
    let now = sessions(&s, "new");
    let cases = s.read("day8/cases.csv");
    let deferring: Vec<&str> = cases
        .lines()
        .filter(|l| l.contains(",P5,") || l.contains(",P6,"))
        .map(|l| l.split(',').next().unwrap())
        .filter(|id| published.contains_key(*id))
        .collect();
    assert!(deferring.iter().all(|id| !now.contains_key(*id)));
}

#[test]
fn an_event_without_its_inputs_is_a_usage_error() {
    let s = Scenario::new();
    let output = s.rebook(&["generate", "--event", "lab-late", "--out", "x"]);
    assert_eq!(output.status.code(), Some(2));
    let output = s.rebook(&[
        "generate",
        "--event",
        "flood",
        "--in",
        "in",
        "--baseline",
        "old",
        "--out",
        "x",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown event \"flood\""));
}
