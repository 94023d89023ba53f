//! The plan-level costs (sessions used, surgeons' extra theatres), hard deadlines and
//! the flat unbooked penalty in the bare model, so a test fails when its rows or terms
//! are dropped (the same through the binary: `tests/costs.rs`).

use super::scenario::{flat_penalty_unavailable_first_day, hard_deadline_out_of_reach, two_lists};
use super::{solve_model_with, some, Load, Scenario, CASE_HEADER, SESSION_HEADER};
use crate::domain::weights::{PerPriority, WaitFrom, Weights};
use crate::domain::{Priority, PrioritySet, Rules};

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
fn a_case_that_cannot_meet_its_hard_deadline_is_left_unbooked_by_the_model() {
    let s = hard_deadline_out_of_reach();
    let rules = Rules {
        hard_deadlines: PrioritySet::of(&[Priority::P2]),
        ..Rules::default()
    };
    let problem = s.problem(&rules);
    assert_eq!(
        solve_model_with(&problem, &rules, &Weights::default()),
        vec![None]
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
        wait_per_day: PerPriority {
            p3: 50.0,
            ..Weights::default().wait_per_day
        },
        unbooked: PerPriority {
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
    let s = flat_penalty_unavailable_first_day();
    let problem = s.problem(&rules);
    assert_eq!(
        solve_model_with(&problem, &rules, &weights),
        vec![None, some("S2")]
    );
}
