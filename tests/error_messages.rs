//! The exact messages a user sees for the main kinds of bad input.

use crate::util::{Run, Scenario};

const SESSIONS: &[&str] = &[
    "session_id,theatre,date,start,end,specialty",
    "S1,T1,2024-07-01,08:00,12:00,110",
];

fn stderr_of(scenario: &Scenario) -> (Option<i32>, String) {
    let output = scenario.rebook(&["plan", "--in", ".", "--out", "out"]);
    assert!(!scenario.join("out").exists(), "nothing may be written");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_bad_cell_is_reported_with_file_line_column_and_value() {
    let s = Scenario::new();
    s.file("sessions.csv", SESSIONS).file(
        "cases.csv",
        &[
            "Case_ID,specialty,priority,duration_min,listed_on,nhs_number,booked_session,locked",
            "C1,110,P2,90m,2024-06-01,,,",
            "C1,110,P7,60,31/02/2024,,,",
            "C3,110,P2,60,06/13/2024,943 476 5918,,",
            "C4,110,P3,60,,,,yes",
            "C5,110,P3,0,,,S9,maybe",
        ],
    );
    let (code, stderr) = stderr_of(&s);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "cases.csv:2: column duration_min: \"90m\" is not a whole number of minutes\n\
         cases.csv:3: column case_id: \"C1\" is used again (first on line 2)\n\
         cases.csv:3: column priority: \"P7\" is not a priority (expected P1a, P1b, P2, P3, P4, P5 or P6)\n\
         cases.csv:3: column listed_on: \"31/02/2024\" is not a valid date (use YYYY-MM-DD or DD/MM/YYYY)\n\
         cases.csv:4: column nhs_number: NHS number ending \"918\" fails its check digit\n\
         cases.csv:4: column listed_on: \"06/13/2024\" is not a valid date: dates are day-first (DD/MM/YYYY), this looks like a US month-first date\n\
         cases.csv:5: column locked: the case is locked but has no booked_session\n\
         cases.csv:6: column duration_min: 0 is out of range (1 to 1440 minutes)\n\
         cases.csv:6: column locked: \"maybe\" is not yes or no\n\
         error: invalid input: 9 problems found, nothing written\n"
    );
}

#[test]
fn missing_columns_and_unknown_references() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            "session_id,theatre,date,start,specialty",
            "S1,T1,2024-07-01,08:00,110",
        ],
    )
    .file(
        "cases.csv",
        &[
            "case_id,specialty,duration_min,booked_session",
            "C1,110,60,S1",
        ],
    );
    let (code, stderr) = stderr_of(&s);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "cases.csv:1: missing required column \"priority\" (the header has: case_id, specialty, \
         duration_min, booked_session; --columns maps a header of another name)\n\
         sessions.csv:1: missing required column \"end\" (the header has: session_id, theatre, \
         date, start, specialty; --columns maps a header of another name)\n\
         error: invalid input: 2 problems found, nothing written\n"
    );
}

#[test]
fn cross_file_problems_name_the_case_row() {
    let s = Scenario::new();
    s.file("sessions.csv", SESSIONS)
        .file(
            "resources.csv",
            &[
                "resource,from,to,per_day",
                "icu_bed,2024-07-01,2024-07-05,2",
                "icu_bed,2024-07-04,2024-07-09,1",
            ],
        )
        .file(
            "cases.csv",
            &[
                "case_id,specialty,priority,duration_min,booked_session,resources,cancel_type",
                "C1,110,P2,60,S9,,",
                "C2,110,P2,60,,icu_bed;xmatch,",
                "C3,110,P2,60,,,on_day_non_clinical",
            ],
        );
    let (code, stderr) = stderr_of(&s);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "cases.csv:4: column cancelled_on: value is missing: cancel_type on_day_non_clinical needs the date of cancellation (the 28-day rule counts from it)\n\
         resources.csv:3: column from: dates 2024-07-04..2024-07-09 overlap the row on line 2 for the same resource and site\n\
         cases.csv:2: column booked_session: \"S9\" is not a session in sessions.csv\n\
         cases.csv:3: column resources: \"xmatch\" has no row in resources.csv\n\
         error: invalid input: 4 problems found, nothing written\n"
    );
}

#[test]
fn locked_bookings_that_break_a_rule_are_refused() {
    let s = Scenario::new();
    s.file("sessions.csv", SESSIONS).file(
        "cases.csv",
        &[
            "case_id,specialty,priority,duration_min,booked_session,locked",
            "C1,101,P2,60,S1,yes",
            "C2,110,P2,150,S1,yes",
            "C3,110,P2,150,S1,y",
        ],
    );
    let (code, stderr) = stderr_of(&s);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "cases.csv:2: column locked: case C1 is locked in session S1, but session S1 is allocated to specialty 110, not 101\n\
         error: invalid input: 1 problem found, nothing written\n"
    );
    s.file(
        "cases.csv",
        &[
            "case_id,specialty,priority,duration_min,booked_session,locked",
            "C2,110,P2,150,S1,yes",
            "C3,110,P2,150,S1,y",
        ],
    );
    let (_, stderr) = stderr_of(&s);
    assert_eq!(
        stderr,
        "cases.csv: locked bookings break a hard rule: session minutes: session S1: 2 case(s) need 315 minutes with turnaround, 240 available (over by 75)\n\
         error: invalid input: 1 problem found, nothing written\n"
    );
}

#[test]
fn export_format_problems_are_named() {
    let s = Scenario::new();
    s.file("sessions.csv", SESSIONS).bytes(
        "cases.csv",
        b"case_id;specialty;priority;duration_min\nC1;110;P2;60\n",
    );
    let (_, stderr) = stderr_of(&s);
    assert_eq!(
        stderr,
        "cases.csv: uses ';' to separate columns; rebook reads comma-separated files (in Excel, save as \"CSV UTF-8 (Comma delimited)\")\n\
         error: invalid input: 1 problem found, nothing written\n"
    );
    s.bytes(
        "cases.csv",
        b"case_id,specialty,priority,duration_min,procedure\nC1,110,P2,60,Caf\xe9\n",
    );
    let (_, stderr) = stderr_of(&s);
    assert_eq!(
        stderr,
        "cases.csv:2: is not UTF-8 text (Excel's \"CSV (Comma delimited)\" writes Windows-1252): save it as \"CSV UTF-8 (Comma delimited)\"\n\
         error: invalid input: 1 problem found, nothing written\n"
    );
    s.bytes("cases.csv", b"");
    let (_, stderr) = stderr_of(&s);
    assert_eq!(
        stderr,
        "cases.csv: is empty: a header row is required\nerror: invalid input: 1 problem found, nothing written\n"
    );
}

#[test]
fn a_session_past_midnight_is_explained() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            "session_id,theatre,date,start,end,specialty",
            "S1,T1,2024-07-01,20:00,02:00,110",
        ],
    )
    .file("cases.csv", &["case_id,specialty,priority,duration_min"]);
    let (_, stderr) = stderr_of(&s);
    assert_eq!(
        stderr,
        "sessions.csv:2: column end: 02:00 is not after the start 20:00 (a list that runs past midnight must be split into two sessions)\n\
         error: invalid input: 1 problem found, nothing written\n"
    );
}
