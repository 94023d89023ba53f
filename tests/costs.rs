//! The plan-level costs (sessions used, surgeons' extra theatres), hard deadlines and
//! the flat unbooked penalty: each in the bare model (so a test fails when its rows or
//! terms are dropped) and through the binary.

use crate::util::{solve_model_with, some, Scenario, CASE_HEADER, SESSION_HEADER};
use rebook::config::Rules;
use rebook::domain::{Priority, PrioritySet};
use rebook::weights::{WaitFrom, Weights};

/// Two lists a day apart; C1 may go to either, C2 only to the second.
fn two_lists() -> Scenario {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,12:00,110,,,0",
            "S2,main,T1,2024-07-02,08:00,12:00,110,,,0",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "C1,,,110,P3,60,,,,,,,,,",
            "C2,,,110,P3,60,,,2024-07-02,,,,,,",
        ],
    );
    s
}

#[test]
fn a_list_is_opened_only_when_it_pays() {
    let s = two_lists();
    let rules = Rules::default();
    let problem = s.problem(&rules);
    // Waiting a day costs 2; a list costs 0: C1 goes first thing.
    let plan = solve_model_with(&problem, &rules, &Weights::default());
    assert_eq!(plan, vec![some("S1"), some("S2")]);
    // A list costs 30: C1 waits a day to share C2's list.
    let weights = Weights {
        open_session: 30.0,
        ..Weights::default()
    };
    assert_eq!(
        solve_model_with(&problem, &rules, &weights),
        vec![some("S2"), some("S2")]
    );
}

#[test]
fn a_surgeon_keeps_to_one_theatre_when_changing_costs_more_than_waiting() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,09:00,110,MrX,,0",
            "S2,main,T2,2024-07-01,08:00,12:00,110,MrX,,0",
            "S3,main,T2,2024-07-02,08:00,12:00,110,MrX,,0",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            // C1 fits only the long list; C2 anywhere; both the same day is cheapest.
            "C1,,,110,P3,120,,,,,,,,,",
            "C2,,,110,P3,60,,,,,,,,S1,",
        ],
    );
    let rules = Rules::default();
    let problem = s.problem(&rules);
    // Moving C2 off its booking costs 100 by default; staying in T1 is free.
    let plan = solve_model_with(&problem, &rules, &Weights::default());
    assert_eq!(plan, vec![some("S2"), some("S1")]);
    // MrX in two theatres on the 1st costs 500: C1 waits a day (2) rather than
    // moving C2 (100) or splitting the surgeon's day.
    let weights = Weights {
        theatre_change: 500.0,
        ..Weights::default()
    };
    assert_eq!(
        solve_model_with(&problem, &rules, &weights),
        vec![some("S3"), some("S1")]
    );
}

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
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S0,main,T1,2024-07-01,08:00,10:00,101,,,0",
            "S1,main,T1,2024-07-05,08:00,10:00,110,,,0",
        ],
    )
    .file(
        "cases.csv",
        &[CASE_HEADER, "C1,,,110,P2,60,,,,2024-07-02,,,,,"],
    )
    .file("weights.toml", &["hard_deadlines = [\"P2\"]"]);
    let rules = Rules {
        hard_deadlines: PrioritySet::of(&[Priority::P2]),
        ..Rules::default()
    };
    let problem = s.problem(&rules);
    assert_eq!(
        solve_model_with(&problem, &rules, &Weights::default()),
        vec![None]
    );
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
fn a_flat_penalty_leaves_a_case_whose_booking_costs_more() {
    let s = two_lists();
    let rules = Rules::default();
    let problem = s.problem(&rules);
    // Waiting from the earliest date at 50 a day against a flat penalty of 40: C1 is
    // worth booking on the first day (free), C2 on its earliest date (free).
    let weights = Weights {
        wait_from: WaitFrom::Earliest,
        unbooked_pays_delay: false,
        wait_per_day: rebook::weights::PerPriority {
            p3: 50.0,
            ..Weights::default().wait_per_day
        },
        unbooked: rebook::weights::PerPriority {
            p3: 40.0,
            ..Weights::default().unbooked
        },
        ..Weights::default()
    };
    assert_eq!(
        solve_model_with(&problem, &rules, &weights),
        vec![some("S1"), some("S2")]
    );
    // C1 cannot come on the 1st: a day's wait costs it 50, more than leaving it.
    s.file(
        "cases.csv",
        &[
            CASE_HEADER,
            "C1,,,110,P3,60,,,,,,,2024-07-01,,",
            "C2,,,110,P3,60,,,2024-07-02,,,,,,",
        ],
    )
    .file(
        "weights.toml",
        &[
            "wait_from = \"earliest\"",
            "unbooked_pays_delay = false",
            "[wait_per_day]",
            "P3 = 50",
            "[unbooked]",
            "P3 = 40",
        ],
    );
    let problem = s.problem(&rules);
    assert_eq!(
        solve_model_with(&problem, &rules, &weights),
        vec![None, some("S2")]
    );
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
    let summary = s.plan_summary(".", "weights.toml", "out", "5");
    let terms = &summary["objective"];
    assert_eq!(terms["open_sessions"], 30.0, "{terms}");
    assert_eq!(terms["theatre_changes"], 0.0, "{terms}");
    // Both cases in the second list: each waits a day at 2.
    assert_eq!(terms["waiting"], 4.0, "{terms}");
    assert_eq!(summary["objective_total"], 34.0);
}
