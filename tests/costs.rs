//! Hard deadlines, the flat unbooked penalty and the cost terms through the binary: the
//! plan written, its reasons and its summary (the bare model: `src/solver/tests/costs.rs`).

use crate::scenario::{flat_penalty_unavailable_first_day, hard_deadline_out_of_reach, two_lists};
use crate::util::{plan_summary, Run, Scenario, CASE_HEADER, SESSION_HEADER};

#[test]
fn a_hard_deadline_is_never_missed() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,10:00,110,,,0",
            "S2,main,T1,2024-07-05,08:00,10:00,110,,,0",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "C1,,,110,P2,120,,,,2024-07-02,,,,,",
            "C2,,,110,P1b,120,,,,2024-07-02,,,,,",
        ],
    )
    .file(
        "weights.toml",
        &["hard_deadlines = [\"P2\"]", "[unbooked]", "P2 = 1000000"],
    );
    // Soft deadlines: the P1b case takes the only list in time, the P2 case goes late.
    let out = s.rebook(&["plan", "--in", ".", "--out", "soft", "--time-limit", "10"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(s.read("soft/schedule.csv").contains("C1,,110,,P2,,S2,"));
    // Hard for P2 (and dear to leave): C1 takes the list in time, C2 (soft) goes late.
    let out = s.rebook(&[
        "plan",
        "--in",
        ".",
        "--weights",
        "weights.toml",
        "--out",
        "hard",
        "--time-limit",
        "10",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let schedule = s.read("hard/schedule.csv");
    assert!(schedule.contains("C1,,110,,P2,,S1,"), "{schedule}");
    assert!(schedule.contains("C2,,110,,P1b,,S2,"), "{schedule}");
    // The checker knows the rule from the same weights file: the soft plan breaks it.
    let check = |weights: Option<&str>| {
        let mut args = vec!["check", "--in", ".", "--schedule", "soft/schedule.csv"];
        if let Some(file) = weights {
            args.extend(["--weights", file]);
        }
        s.rebook(&args)
    };
    assert_eq!(check(None).status.code(), Some(0));
    let out = check(Some("weights.toml"));
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("hard deadline: case C1 in session S2: 2024-07-05 is after the hard deadline 2024-07-02 of a P2 case"),
        "{text}"
    );
}

#[test]
fn a_case_that_cannot_meet_its_hard_deadline_is_unbooked_with_the_reason() {
    let s = hard_deadline_out_of_reach();
    let out = s.rebook(&[
        "plan",
        "--in",
        ".",
        "--weights",
        "weights.toml",
        "--out",
        "out",
        "--time-limit",
        "5",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        s.read("out/unscheduled.csv"),
        "case_id,priority,deadline,reason\nC1,P2,2024-07-02,every compatible session is after the hard deadline 2024-07-02\n"
    );
}

#[test]
fn a_case_not_worth_booking_under_a_flat_penalty_is_explained() {
    // C1 cannot come on the 1st: a day's wait costs it 50, more than leaving it.
    let s = flat_penalty_unavailable_first_day();
    let out = s.rebook(&[
        "plan",
        "--in",
        ".",
        "--weights",
        "weights.toml",
        "--out",
        "out",
        "--time-limit",
        "5",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        s.read("out/unscheduled.csv"),
        "case_id,priority,deadline,reason\nC1,P3,2024-09-29,\"not worth booking under the weights: the cheapest session with room (S2 on 2024-07-02) would cost 50 points, leaving the case unbooked 40\"\n"
    );
}

#[test]
fn summary_reports_each_cost_term() {
    let s = two_lists();
    s.file("weights.toml", &["open_session = 30", "theatre_change = 5"]);
    let summary = plan_summary(&s, ".", "weights.toml", "out", "5");
    let terms = &summary["objective"];
    assert_eq!(terms["open_sessions"], 30.0, "{terms}");
    assert_eq!(terms["theatre_changes"], 0.0, "{terms}");
    // Both cases in the second list: each waits a day at 2.
    assert_eq!(terms["waiting"], 4.0, "{terms}");
    assert_eq!(summary["objective_total"], 34.0);
}
