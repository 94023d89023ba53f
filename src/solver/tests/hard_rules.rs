//! One small test per hard rule. Each solves the bare model from a cold start (no
//! heuristic, repair or fallback) on an instance where breaking the rule would be
//! cheaper, so the test fails if the rule is dropped from the model.

use super::{solve_model, some, violations, Load, Scenario, CASE_HEADER, SESSION_HEADER};
use crate::domain::Rules;

const DAY1: &str = "2024-07-01";
const DAY2: &str = "2024-07-02";

fn session(
    id: &str,
    theatre: &str,
    date: &str,
    end: &str,
    specialty: &str,
    surgeon: &str,
    equipment: &str,
) -> String {
    format!("{id},main,{theatre},{date},08:00,{end},{specialty},{surgeon},{equipment},")
}

/// A P2 orthopaedic case; `extra` fills the columns after duration_min:
/// surgeon,listed_on,earliest,due,equipment,resources,unavailable,booked_session,locked
fn case(id: &str, patient: &str, minutes: u32, extra: &str) -> String {
    format!("{id},{patient},,110,P2,{minutes},{extra}")
}

fn scenario(sessions: &[String], cases: &[String]) -> Scenario {
    let scenario = Scenario::new();
    let mut session_lines = vec![SESSION_HEADER];
    session_lines.extend(sessions.iter().map(String::as_str));
    let mut case_lines = vec![CASE_HEADER];
    case_lines.extend(cases.iter().map(String::as_str));
    scenario
        .file("sessions.csv", &session_lines)
        .file("cases.csv", &case_lines);
    scenario
}

/// Solves, checks the plan with the independent checker, and returns it.
fn plan(scenario: &Scenario, rules: &Rules) -> Vec<Option<String>> {
    let problem = scenario.problem(rules);
    let plan = solve_model(&problem, rules);
    assert_eq!(violations(&problem, rules, &plan), Vec::<String>::new());
    plan
}

fn count(plan: &[Option<String>], session: &str) -> usize {
    plan.iter()
        .filter(|s| s.as_deref() == Some(session))
        .count()
}

#[test]
fn session_minutes_hold_the_cases_that_fit() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "10:00", "110", "", ""),
            session("S2", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[
            case("C1", "", 50, ",,,,,,,,"),
            case("C2", "", 50, ",,,,,,,,"),
            case("C3", "", 50, ",,,,,,,,"),
        ],
    );
    let plan = plan(&s, &Rules::default());
    // 50 + 15 + 50 = 115 of 120 minutes: two cases on day 1, the third on day 2.
    assert_eq!((count(&plan, "S1"), count(&plan, "S2")), (2, 1));
}

#[test]
fn turnaround_counts_between_cases() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "10:00", "110", "", ""),
            session("S2", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[
            case("C1", "", 55, ",,,,,,,,"),
            case("C2", "", 55, ",,,,,,,,"),
        ],
    );
    // 55 + 55 = 110 fits 120 minutes, but not with the 15-minute turnaround between them.
    let plan = plan(&s, &Rules::default());
    assert_eq!((count(&plan, "S1"), count(&plan, "S2")), (1, 1));
}

#[test]
fn max_fill_caps_the_minutes_booked() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "10:00", "110", "", ""),
            session("S2", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[
            case("C1", "", 50, ",,,,,,,,"),
            case("C2", "", 50, ",,,,,,,,"),
        ],
    );
    let rules = Rules {
        max_fill: 0.5,
        ..Rules::default()
    };
    let plan = plan(&s, &rules);
    assert_eq!((count(&plan, "S1"), count(&plan, "S2")), (1, 1));
}

#[test]
fn a_case_longer_than_the_session_goes_elsewhere() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "10:00", "110", "", ""),
            session("S2", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[case("C1", "", 130, ",,,,,,,,")],
    );
    assert_eq!(plan(&s, &Rules::default()), vec![some("S2")]);
}

#[test]
fn a_case_is_booked_at_most_once() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "", ""),
            session("S2", "T2", DAY1, "12:00", "110", "", ""),
        ],
        &[case("C1", "", 60, ",,,,,,,,")],
    );
    // Booking is cheaper than not booking; without the rule both sessions would take it.
    let plan = plan(&s, &Rules::default());
    assert_eq!(count(&plan, "S1") + count(&plan, "S2"), 1);
}

#[test]
fn specialty_must_match_unless_the_list_is_open() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "101", "", ""),
            session("S2", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[case("C1", "", 60, ",,,,,,,,")],
    );
    assert_eq!(plan(&s, &Rules::default()), vec![some("S2")]);

    let open = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "ANY", "", ""),
            session("S2", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[case("C1", "", 60, ",,,,,,,,")],
    );
    assert_eq!(plan(&open, &Rules::default()), vec![some("S1")]);
}

#[test]
fn a_named_surgeon_operates_only_in_their_or_unnamed_lists() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "MrB", ""),
            session("S2", "T1", DAY2, "12:00", "110", "MrA", ""),
        ],
        &[case("C1", "", 60, "MrA,,,,,,,,")],
    );
    assert_eq!(plan(&s, &Rules::default()), vec![some("S2")]);
}

#[test]
fn equipment_must_be_in_the_theatre() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "", "laser"),
            session("S2", "T1", DAY2, "12:00", "110", "", "robot;laser"),
        ],
        &[case("C1", "", 60, ",,,,Robot,,,,")],
    );
    assert_eq!(plan(&s, &Rules::default()), vec![some("S2")]);
}

#[test]
fn not_before_the_earliest_date() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "", ""),
            session("S2", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[case("C1", "", 60, &format!(",,{DAY2},,,,,,"))],
    );
    assert_eq!(plan(&s, &Rules::default()), vec![some("S2")]);
}

#[test]
fn not_on_a_date_the_patient_is_unavailable() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "", ""),
            session("S2", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[case("C1", "", 60, ",,,,,,30/06/2024..01/07/2024,,")],
    );
    assert_eq!(plan(&s, &Rules::default()), vec![some("S2")]);
}

#[test]
fn routine_cases_get_the_minimum_notice() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "", ""),
            session("S2", "T1", "2024-07-10", "12:00", "110", "", ""),
        ],
        &[
            "C1,,,110,P3,60,,,,,,,,,".to_string(),
            // P2 is not routine: the notice does not apply.
            "C2,,,110,P2,60,,,,,,,,,".to_string(),
        ],
    );
    let rules = Rules {
        notice_days: 7,
        ..Rules::default()
    };
    assert_eq!(plan(&s, &rules), vec![some("S2"), some("S1")]);
}

#[test]
fn daily_resource_limits_hold_across_sessions() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "", ""),
            session("S2", "T2", DAY1, "12:00", "110", "", ""),
            session("S3", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[
            case("C1", "", 60, ",,,,,XMATCH_blood,,,"),
            case("C2", "", 60, ",,,,,xmatch_blood,,,"),
        ],
    );
    s.file(
        "resources.csv",
        &[
            "resource,site,from,to,per_day",
            &format!("xmatch_blood,,{DAY1},{DAY1},1"),
        ],
    );
    let plan = plan(&s, &Rules::default());
    let day1 = count(&plan, "S1") + count(&plan, "S2");
    assert_eq!((day1, count(&plan, "S3")), (1, 1));
}

#[test]
fn a_closed_resource_admits_no_case() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "", ""),
            session("S2", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[case("C1", "", 60, ",,,,,icu_bed,,,")],
    );
    s.file(
        "resources.csv",
        &[
            "resource,site,from,to,per_day",
            &format!("icu_bed,main,{DAY1},{DAY1},0"),
        ],
    );
    assert_eq!(plan(&s, &Rules::default()), vec![some("S2")]);
}

#[test]
fn surgeons_daily_minutes_hold_across_theatres() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "", ""),
            session("S2", "T2", DAY1, "12:00", "110", "", ""),
            session("S3", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[
            case("C1", "", 60, "MrA,,,,,,,,"),
            case("C2", "", 60, "MrA,,,,,,,,"),
        ],
    );
    s.file(
        "surgeons.csv",
        &["surgeon,date,max_minutes", &format!("MrA,{DAY1},100")],
    );
    let plan = plan(&s, &Rules::default());
    let day1 = count(&plan, "S1") + count(&plan, "S2");
    assert_eq!((day1, count(&plan, "S3")), (1, 1));
}

#[test]
fn the_sessions_surgeon_operates_when_the_case_names_none() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "MrA", ""),
            session("S2", "T1", DAY2, "12:00", "110", "MrA", ""),
        ],
        &[case("C1", "", 60, ",,,,,,,,")],
    );
    s.file(
        "surgeons.csv",
        &["surgeon,date,max_minutes", &format!("MrA,{DAY1},0")],
    );
    assert_eq!(plan(&s, &Rules::default()), vec![some("S2")]);
}

#[test]
fn one_operation_per_patient_per_day() {
    let sessions = [
        session("S1", "T1", DAY1, "12:00", "110", "", ""),
        session("S2", "T2", DAY1, "12:00", "110", "", ""),
        session("S3", "T1", DAY2, "12:00", "110", "", ""),
    ];
    let by_id = scenario(
        &sessions,
        &[
            case("C1", "P1", 60, ",,,,,,,,"),
            case("C2", "P1", 60, ",,,,,,,,"),
        ],
    );
    let plan_by_id = plan(&by_id, &Rules::default());
    assert_eq!(count(&plan_by_id, "S3"), 1);

    // The same person found through the NHS number, written with and without spaces.
    let by_nhs = scenario(
        &sessions,
        &[
            "C1,P1,943 476 5919,110,P2,60,,,,,,,,,".to_string(),
            "C2,,9434765919,110,P2,60,,,,,,,,,".to_string(),
        ],
    );
    let plan_by_nhs = plan(&by_nhs, &Rules::default());
    assert_eq!(count(&plan_by_nhs, "S3"), 1);
}

#[test]
fn locked_bookings_stay() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "", ""),
            session("S2", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[case("C1", "", 60, ",,,,,,,S2,yes")],
    );
    assert_eq!(plan(&s, &Rules::default()), vec![some("S2")]);
}

#[test]
fn deferred_cases_are_never_booked() {
    let s = scenario(
        &[session("S1", "T1", DAY1, "12:00", "110", "", "")],
        &[
            "C1,,,110,P5,60,,,,,,,,,".to_string(),
            "C2,,,110,p6,60,,,,,,,,,".to_string(),
        ],
    );
    assert_eq!(plan(&s, &Rules::default()), vec![None, None]);
}

#[test]
fn sessions_before_the_planning_start_are_not_used() {
    let s = scenario(
        &[
            session("S1", "T1", DAY1, "12:00", "110", "", ""),
            session("S2", "T1", DAY2, "12:00", "110", "", ""),
        ],
        &[case("C1", "", 60, ",,,,,,,,")],
    );
    let rules = Rules::default();
    let problem =
        match crate::app::inputs::load(&s.files(), Some("2024-07-02".parse().unwrap()), &rules) {
            Ok(loaded) => loaded.problem,
            Err(e) => panic!("{e}"),
        };
    let plan = solve_model(&problem, &rules);
    assert_eq!(plan, vec![some("S2")]);
    assert_eq!(violations(&problem, &rules, &plan), Vec::<String>::new());
}
