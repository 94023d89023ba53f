//! Independent parts: which rules link cases, and which do not.

use super::{Load, Scenario, CASE_HEADER, SESSION_HEADER};
use crate::domain::Rules;
use crate::rules::eligibility::eligible_sessions;
use crate::solver::parts::find as parts;

/// Two sessions on 2024-07-01: S1 at North for specialty 110, S2 at South for 120.
fn two_sites(cases: &[&str]) -> Scenario {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,North,T1,2024-07-01,08:00,12:00,110,,,",
            "S2,South,T1,2024-07-01,08:00,12:00,120,,,",
        ],
    );
    let mut lines = vec![CASE_HEADER];
    lines.extend_from_slice(cases);
    s.file("cases.csv", &lines);
    s
}

fn parts_of(s: &Scenario) -> Vec<Vec<usize>> {
    let rules = Rules::default();
    let problem = s.problem(&rules);
    parts(&problem, &eligible_sessions(&problem, &rules), false)
}

#[test]
fn specialties_with_nothing_shared_are_separate_parts() {
    let s = two_sites(&[
        "C1,,,110,P3,60,,,,,,,,,",
        "C2,,,120,P3,60,,,,,,,,,",
        "C3,,,110,P3,60,,,,,,,,,",
    ]);
    assert_eq!(parts_of(&s), vec![vec![0, 2], vec![1]]);
}

#[test]
fn one_patient_on_one_day_links_specialties() {
    let s = two_sites(&["C1,PAT1,,110,P3,60,,,,,,,,,", "C2,PAT1,,120,P3,60,,,,,,,,,"]);
    assert_eq!(parts_of(&s), vec![vec![0, 1]]);
}

#[test]
fn a_limit_for_all_sites_links_them_and_a_site_limit_does_not() {
    let cases = [
        "C1,,,110,P3,60,,,,,,icu_bed,,,",
        "C2,,,120,P3,60,,,,,,icu_bed,,,",
    ];
    let s = two_sites(&cases);
    s.file(
        "resources.csv",
        &[
            "resource,site,from,to,per_day",
            "icu_bed,North,2024-07-01,2024-07-31,1",
            "icu_bed,South,2024-07-01,2024-07-31,1",
        ],
    );
    assert_eq!(parts_of(&s), vec![vec![0], vec![1]]);
    s.file(
        "resources.csv",
        &[
            "resource,site,from,to,per_day",
            "icu_bed,,2024-07-01,2024-07-31,1",
        ],
    );
    assert_eq!(parts_of(&s), vec![vec![0, 1]]);
}

#[test]
fn a_surgeons_limited_day_links_their_cases_and_an_unlimited_day_does_not() {
    let cases = ["C1,,,110,P3,60,MR X,,,,,,,,", "C2,,,120,P3,60,MR X,,,,,,,,"];
    let s = two_sites(&cases);
    assert_eq!(parts_of(&s), vec![vec![0], vec![1]]);
    s.file(
        "surgeons.csv",
        &["surgeon,date,max_minutes", "MR X,2024-07-01,90"],
    );
    assert_eq!(parts_of(&s), vec![vec![0, 1]]);
}

#[test]
fn a_case_with_no_allowed_session_is_a_part_of_its_own() {
    let s = two_sites(&["C1,,,130,P3,60,,,,,,,,,", "C2,,,110,P3,60,,,,,,,,,"]);
    assert_eq!(parts_of(&s), vec![vec![0], vec![1]]);
}

/// A part of one pair must not end the solving of the others: with a share by pairs
/// alone it got under 0.05 s, and that stopped the loop before any part ran (a small
/// backlog at a short limit then never reached HiGHS).
#[test]
fn a_tiny_part_leaves_the_others_their_turn() {
    let mut sessions = vec![SESSION_HEADER.to_string()];
    sessions.push("S0,South,T1,2024-07-01,08:00,12:00,120,,,".into());
    for d in 1..=9 {
        sessions.push(format!("S{d},North,T1,2024-07-{d:02},08:00,12:00,110,,,"));
    }
    let mut cases = vec![CASE_HEADER.to_string(), "C0,,,120,P3,60,,,,,,,,,".into()];
    for c in 1..=20 {
        cases.push(format!(
            "C{c},,,110,P{},{},,,,,,,,,",
            2 + c % 3,
            30 + 5 * (c % 7)
        ));
    }
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &sessions.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    s.file(
        "cases.csv",
        &cases.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let rules = Rules::default();
    let problem = s.problem(&rules);
    let eligible = eligible_sessions(&problem, &rules);
    let found = parts(&problem, &eligible, false);
    assert_eq!(found.len(), 2, "{found:?}");
    let weights = crate::domain::weights::Weights::default();
    let pricing = crate::pricing::Pricing::new(&problem, &weights);
    let start = vec![None; problem.cases.len()];
    // 4 s by pairs: the one-pair part's share is 4/181 s, under the old 0.05 s stop.
    let (outcomes, _, _) = super::with_budget(4.0, |budget| {
        crate::solver::parts::solve_parts(
            &problem, &rules, &pricing, &eligible, &found, &start, budget,
        )
    });
    let solved: Vec<usize> = outcomes.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        solved,
        vec![1, 0],
        "the small part first, then the large one"
    );
}
