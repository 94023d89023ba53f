//! Each surgeon's unbooked floor (`crate::solver::floors`): the fewest of the
//! surgeon's cases that every plan leaves unbooked, and the day relaxation's row that
//! says so.

use super::{with_budget, Load, Scenario, CASE_HEADER, SESSION_HEADER};
use crate::domain::weights::Weights;
use crate::domain::Problem;
use crate::domain::Rules;
use crate::pricing::Pricing;
use crate::rules::eligibility::eligible_sessions;
use crate::solver::floors::{broken_cost, unbooked_floors, UnbookedFloor};

/// Ms A operates 300 minutes a day on 1 and 2 July, in an eight-hour list each day: an
/// urgent (P2) case of 150 minutes and three routine (P4) cases of 200 minutes.
/// Returns the rules, the problem and each case's allowed sessions.
fn three_routine_cases_for_two_short_days() -> (Rules, Problem, Vec<Vec<usize>>) {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,16:00,110,,,0",
            "S2,main,T1,2024-07-02,08:00,16:00,110,,,0",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "U1,,,110,P2,150,MsA,,,,,,,,",
            "R1,,,110,P4,200,MsA,,,,,,,,",
            "R2,,,110,P4,200,MsA,,,,,,,,",
            "R3,,,110,P4,200,MsA,,,,,,,,",
        ],
    )
    .file(
        "surgeons.csv",
        &[
            "surgeon,date,max_minutes",
            "MsA,2024-07-01,300",
            "MsA,2024-07-02,300",
        ],
    );
    let rules = Rules::default();
    let problem = s.problem(&rules);
    let eligible = eligible_sessions(&problem, &rules);
    (rules, problem, eligible)
}

/// Ms A's floor: two of the three routine cases stay unbooked beside the urgent one.
fn ms_a_floor(weights: &Weights) -> UnbookedFloor {
    UnbookedFloor {
        surgeon: "MsA".to_string(),
        cases: vec![1, 2, 3],
        unbooked: 2,
        dearer: Some(weights.unbooked.p2),
    }
}

#[test]
fn a_surgeons_floor_counts_the_cases_their_days_cannot_hold_beside_the_dearer_ones() {
    let (rules, problem, eligible) = three_routine_cases_for_two_short_days();
    let weights = Weights::default();
    let pricing = Pricing::new(&problem, &weights);
    let floors = with_budget(10.0, |budget| {
        unbooked_floors(&problem, &rules, &pricing, &eligible, budget, 5.0)
    });
    // The urgent case fits either day (no floor for it). Beside it (150 + 200 > 300) no
    // routine case fits that day, and one the other: two of three stay unbooked. (Were
    // the urgent case left out, two routine cases would fit: that plan costs at least
    // the urgent case's penalty, which the floor reports.)
    assert_eq!(floors, vec![ms_a_floor(&weights)]);
    assert_eq!(broken_cost(&floors), weights.unbooked.p2);
}

#[test]
fn the_floor_row_cuts_off_the_fractional_days_the_relaxation_would_book() {
    let (rules, problem, eligible) = three_routine_cases_for_two_short_days();
    let weights = Weights::default();
    let pricing = Pricing::new(&problem, &weights);
    let floors = [ms_a_floor(&weights)];
    // The LP's point: the urgent case on the 1st, three quarters of a routine case
    // beside it and one and a half on the 2nd (300 minutes each day), 2.25 routine
    // cases booked. The routine cases are alike: one column per day counts them.
    let point = |model: &crate::model::Model| -> Vec<f64> {
        model
            .pairs
            .iter()
            .map(|&(c, s)| match (c, s) {
                (0, 0) => 1.0,
                (0, _) => 0.0,
                (_, 0) => 0.75,
                _ => 1.5,
            })
            .collect()
    };
    let with = crate::model::days::build_days(&problem, &rules, &pricing, &eligible, &floors);
    let without = crate::model::days::build_days(&problem, &rules, &pricing, &eligible, &[]);
    assert_eq!(with.pairs, vec![(0, 0), (0, 1), (1, 0), (1, 1)]);
    assert_eq!(
        with.rows_broken_by(&point(&with)),
        vec!["unbooked_floor[MsA,3]"]
    );
    assert!(without.rows_broken_by(&point(&without)).is_empty());
}
