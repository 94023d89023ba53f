//! The neighbourhood search improves a plan it is given, and keeps it valid.

use super::{with_budget, Load, Scenario, CASE_HEADER, SESSION_HEADER};
use crate::domain::weights::Weights;
use crate::domain::Rules;
use crate::pricing::Pricing;
use crate::rules::eligibility::eligible_sessions;
use std::time::{Duration, Instant};

#[test]
fn a_poor_plan_is_improved_within_a_specialty() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,10:00,110,,,",
            "S2,main,T1,2024-07-08,08:00,10:00,110,,,",
            "S3,main,T1,2024-07-15,08:00,10:00,110,,,",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "C1,,,110,P2,90,,,,,,,,,",
            "C2,,,110,P2,90,,,,,,,,,",
            "C3,,,110,P4,90,,,,,,,,,",
        ],
    );
    let rules = Rules::default();
    let problem = s.problem(&rules);
    let weights = Weights::default();
    let pricing = Pricing::new(&problem, &weights);
    let eligible = eligible_sessions(&problem, &rules);
    // The P4 case holds the first list; the P2 cases wait a week and two.
    let mut booking = vec![Some(1), Some(2), Some(0)];
    let before = pricing.plan_cost(&booking).total();
    let search = super::plain_search(&problem, &rules, &pricing, &eligible);
    let report = with_budget(10.0, |budget| {
        let other = crate::solver::search::OtherCore::new(false);
        crate::solver::search::improve(&search, &mut booking, budget, &other)
    });
    assert!(report.improvements >= 1, "{report:?}");
    assert!(pricing.plan_cost(&booking).total() < before);
    assert_eq!(booking[2], Some(2), "the P4 case gives way to the P2 cases");
    assert!(crate::rules::check::check(&problem, &rules, &booking).is_empty());
}

#[test]
fn a_late_case_takes_the_place_of_a_routine_one() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,09:40,110,,,",
            "S2,main,T1,2024-07-08,08:00,09:40,110,,,",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "C1,,,110,P2,90,,,,2024-07-02,,,,,",
            "C2,,,110,P4,90,,,,,,,,,",
            "C3,,,110,P4,90,,,,,,,,S1,yes",
        ],
    );
    let rules = Rules::default();
    let problem = s.problem(&rules);
    let weights = Weights::default();
    let pricing = Pricing::new(&problem, &weights);
    let eligible = eligible_sessions(&problem, &rules);
    // The routine C2 holds the first list; C1, due 2 July, waits until the second.
    let s1 = problem
        .sessions
        .iter()
        .position(|x| x.id == "S1")
        .expect("S1");
    let s2 = problem
        .sessions
        .iter()
        .position(|x| x.id == "S2")
        .expect("S2");
    let mut booking = vec![Some(s2), Some(s1), None];
    // With C3 neither locked nor booked, C1 and C2 can swap.
    let mut problem_unlocked = problem.clone();
    problem_unlocked.cases[2].locked = false;
    problem_unlocked.cases[2].booked_session = None;
    let pricing_unlocked = Pricing::new(&problem_unlocked, &weights);
    let eligible_unlocked = eligible_sessions(&problem_unlocked, &rules);
    let moves = crate::solver::search::promote_late_cases(
        &problem_unlocked,
        &rules,
        &pricing_unlocked,
        &eligible_unlocked,
        &mut booking,
        far_future(),
    );
    assert_eq!(moves, 1);
    assert_eq!(booking[0], Some(s1), "the P2 case is on time");
    assert_eq!(booking[1], Some(s2), "the P4 case moves to the later list");
    assert!(crate::rules::check::check(&problem_unlocked, &rules, &booking).is_empty());

    // A locked case is never displaced: C3 keeps S1 and C1 stays late.
    let mut locked_booking = vec![Some(s2), None, Some(s1)];
    let moves = crate::solver::search::promote_late_cases(
        &problem,
        &rules,
        &pricing,
        &eligible,
        &mut locked_booking,
        far_future(),
    );
    assert_eq!(moves, 0);
    assert_eq!(locked_booking[2], Some(s1));
}

fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(600)
}
