//! Packing cases into the lists of the day the day relaxation gave them
//! (`crate::solver::packing`), and the neighbourhood models that the packing and the search
//! solve.

use super::{with_budget, Load, Scenario, CASE_HEADER, SESSION_HEADER};
use crate::domain::weights::Weights;
use crate::domain::Problem;
use crate::pricing::Pricing;
use crate::rules::eligibility::eligible_sessions;
use crate::solver::progress::Progress;
use crate::{domain::Rules, solver::SolverLimits};

/// Three four-hour lists on one day; Ms A's and Mr B's cases take 100 minutes each,
/// listed alternately (so clinical order interleaves the two surgeons).
fn one_day_two_surgeons() -> Scenario {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,12:00,110,,,0",
            "S2,main,T2,2024-07-01,08:00,12:00,110,,,0",
            "S3,main,T3,2024-07-01,08:00,12:00,110,,,0",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "A1,,,110,P3,100,MsA,2024-01-01,,,,,,,",
            "B1,,,110,P3,100,MrB,2024-01-02,,,,,,,",
            "A2,,,110,P3,100,MsA,2024-01-03,,,,,,,",
            "B2,,,110,P3,100,MrB,2024-01-04,,,,,,,",
        ],
    );
    s
}

/// `crate::solver::packing::pack` on the scenario with `days[c]` (a session on case c's day)
/// for `seconds` of HiGHS; returns the problem and the plan.
fn pack(
    s: &Scenario,
    weights: &Weights,
    days: &[Option<usize>],
    seconds: f64,
) -> (Problem, Vec<Option<usize>>) {
    let rules = Rules::default();
    let problem = s.problem(&rules);
    let pricing = Pricing::new(&problem, weights);
    let eligible = eligible_sessions(&problem, &rules);
    let plan = with_budget(10.0, |budget| {
        crate::solver::packing::pack(&problem, &rules, &pricing, &eligible, days, budget, seconds)
    });
    assert!(crate::rules::check::check(&problem, &rules, &plan).is_empty());
    (problem, plan)
}

#[test]
fn the_greedy_packing_keeps_each_surgeons_day_in_one_theatre() {
    let weights = Weights {
        open_session: 50.0,
        theatre_change: 10.0,
        ..Weights::default()
    };
    // Every case on 1 July; no time for HiGHS: the greedy packing alone.
    let (problem, plan) = pack(&one_day_two_surgeons(), &weights, &[Some(0); 4], 0.0);
    // Case by case in clinical order, A1 and B1 would share T1 and A2, B2 would each
    // change theatre (two lists 100 + two changes 20); as blocks, each surgeon gets a
    // theatre of their own (two lists, no change).
    assert_eq!(plan[0], plan[2], "Ms A's cases in one theatre: {plan:?}");
    assert_eq!(plan[1], plan[3], "Mr B's cases in one theatre: {plan:?}");
    assert_ne!(plan[0], plan[1]);
    let costs = Pricing::new(&problem, &weights).plan_cost(&plan);
    assert_eq!((costs.open_sessions, costs.theatre_changes), (100.0, 0.0));
}

#[test]
fn the_packing_keeps_each_case_on_its_day_and_never_costs_more_than_the_greedy() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,12:00,110,,,0",
            "S2,main,T2,2024-07-01,08:00,12:00,110,,,0",
            "S3,main,T1,2024-07-02,08:00,12:00,110,,,0",
            "S4,main,T2,2024-07-02,08:00,12:00,110,,,0",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "A1,,,110,P3,150,MsA,,,,,,,,",
            "A2,,,110,P3,60,MsA,,,,,,,,",
            "B1,,,110,P3,120,MrB,,,,,,,,",
            "B2,,,110,P3,110,MrB,,,,,,,,",
            "C1,,,110,P3,90,MrC,,,,,,,,",
        ],
    );
    let weights = Weights {
        open_session: 40.0,
        theatre_change: 25.0,
        ..Weights::default()
    };
    // A and C on the 1st, B on the 2nd.
    let days = vec![Some(0), Some(0), Some(2), Some(2), Some(0)];
    let (problem, greedy) = pack(&s, &weights, &days, 0.0);
    let (_, packed) = pack(&s, &weights, &days, 5.0);
    let date = |plan: &[Option<usize>], c: usize| plan[c].map(|s| problem.sessions[s].date);
    for c in 0..5 {
        assert_eq!(date(&packed, c), date(&days, c), "case {c}: {packed:?}");
    }
    let pricing = Pricing::new(&problem, &weights);
    assert!(pricing.plan_cost(&packed).total() <= pricing.plan_cost(&greedy).total());
}

#[test]
fn a_neighbourhoods_objective_counts_only_the_cases_in_it() {
    let s = one_day_two_surgeons();
    let rules = Rules::default();
    let problem = s.problem(&rules);
    let weights = Weights::default();
    let pricing = Pricing::new(&problem, &weights);
    // A1 is free to take T1 only; B1 is in T2, A2 and B2 in T3.
    let booking = vec![Some(0), Some(1), Some(2), Some(2)];
    let free = vec![true, false, false, false];
    let candidates = vec![vec![0], Vec::new(), Vec::new(), Vec::new()];
    let model =
        crate::model::build_neighbourhood(&problem, &rules, &pricing, &candidates, &booking, &free);
    // A2 shares Ms A's day with A1 and enters as a fixed booking; B1 and B2 share no
    // row with A1 and stay out, and so out of the objective's constant.
    let in_model: Vec<usize> = {
        let mut cases: Vec<usize> = model.pairs.iter().map(|&(c, _)| c).collect();
        cases.dedup();
        cases
    };
    assert_eq!(in_model, vec![0, 2]);
    let expected: f64 = in_model.iter().map(|&c| pricing.unbooked(c).total()).sum();
    assert_eq!(model.offset, expected);
}

/// Five of Ms A's 100-minute cases, due on different days last week, and two four-hour
/// lists on one day: two fit in each list, one is left.
fn five_alike_cases() -> Scenario {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,12:00,110,,,0",
            "S2,main,T2,2024-07-01,08:00,12:00,110,,,0",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "A1,P1,,110,P3,100,MsA,,,2024-06-27,,,,,",
            "A2,P2,,110,P3,100,MsA,,,2024-06-29,,,,,",
            "A3,P3,,110,P3,100,MsA,,,2024-06-28,,,,,",
            "A4,P4,,110,P3,100,MsA,,,2024-06-25,,,,,",
            "A5,P5,,110,P3,100,MsA,,,2024-06-26,,,,,",
        ],
    );
    s
}

/// HiGHS on `model` to a zero gap, on one thread, within 10 s.
fn solve_exactly(model: crate::model::Model) -> crate::solver::highs::SolveOutcome {
    let limits = SolverLimits {
        time_limit_s: 10.0,
        gap: 0.0,
        threads: 1,
    };
    crate::solver::highs::solve(
        model,
        None,
        &limits,
        10.0,
        crate::solver::highs::Watch::progress(&Progress::hidden()),
    )
}

#[test]
fn alike_cases_share_one_column_per_list_in_the_packing_model() {
    let s = five_alike_cases();
    let rules = Rules::default();
    let problem = s.problem(&rules);
    // Unbooked costs the penalty alone, so the cases' gains differ by their lateness.
    let weights = Weights {
        open_session: 50.0,
        theatre_change: 10.0,
        unbooked_pays_delay: false,
        ..Weights::default()
    };
    let pricing = Pricing::new(&problem, &weights);
    let eligible = eligible_sessions(&problem, &rules);
    let none = vec![None; 5];
    let free = vec![true; 5];
    let solve = |model| solve_exactly(model).booking.expect("a plan");
    let shared = crate::model::build_packing(&problem, &rules, &pricing, &eligible, &none, &free);
    // The cases' costs differ only by a constant (their lateness): one column per list
    // for all five, not ten.
    assert_eq!(shared.variable_count(), 2);
    let plan = solve(shared);
    assert!(crate::rules::check::check(&problem, &rules, &plan).is_empty());
    let one_each =
        crate::model::build_neighbourhood(&problem, &rules, &pricing, &eligible, &none, &free);
    assert_eq!(one_each.variable_count(), 10);
    let optimum = solve(one_each);
    assert_eq!(
        pricing.plan_cost(&plan).total(),
        pricing.plan_cost(&optimum).total()
    );
    // The case left out is the one that gains least by a booking.
    let gain = |c: usize| pricing.booked(c, 0).total() - pricing.unbooked(c).total();
    let least = (0..5)
        .max_by(|&a, &b| gain(a).total_cmp(&gain(b)))
        .expect("cases");
    let left: Vec<usize> = (0..5).filter(|&c| plan[c].is_none()).collect();
    assert_eq!(left, vec![least], "{plan:?}");
}

/// Three surgeons with two 200-minute cases each, on a day of three 12-hour lists: the
/// day's 1,200 minutes fit in two lists, but three surgeons' days of 400 minutes do not
/// without one of them working in two theatres.
fn three_surgeons_in_two_lists() -> Scenario {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,20:00,110,,,0",
            "S2,main,T2,2024-07-01,08:00,20:00,110,,,0",
            "S3,main,T3,2024-07-01,08:00,20:00,110,,,0",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "A1,,,110,P3,200,MsA,2024-01-01,,,,,,,",
            "A2,,,110,P3,200,MsA,2024-01-01,,,,,,,",
            "B1,,,110,P3,200,MrB,2024-01-01,,,,,,,",
            "B2,,,110,P3,200,MrB,2024-01-01,,,,,,,",
            "C1,,,110,P3,200,MrC,2024-01-01,,,,,,,",
            "C2,,,110,P3,200,MrC,2024-01-01,,,,,,,",
        ],
    );
    s
}

#[test]
fn the_day_relaxation_by_theatre_counts_the_lists_or_theatre_changes_a_day_needs() {
    let s = three_surgeons_in_two_lists();
    let rules = Rules::default();
    let problem = s.problem(&rules);
    let weights = Weights {
        open_session: 10.0,
        theatre_change: 10.0,
        ..Weights::default()
    };
    let pricing = Pricing::new(&problem, &weights);
    let eligible = eligible_sessions(&problem, &rules);
    let optimum = |model| {
        let outcome = solve_exactly(model);
        assert_eq!(outcome.status, crate::solver::highs::SolverStatus::Optimal);
        outcome.objective.expect("a solution")
    };
    let exact = optimum(crate::model::build(&problem, &rules, &pricing, &eligible));
    let by_minutes = optimum(crate::model::days::build_days(
        &problem,
        &rules,
        &pricing,
        &eligible,
        &[],
    ));
    let by_theatre = optimum(crate::model::days::build_days_by_theatre(
        &problem,
        &rules,
        &pricing,
        &eligible,
        &[],
    ));
    // Every case is booked either way: the best plan opens three lists, or two with one
    // surgeon in both; counting minutes alone, two lists seem to do.
    assert!((by_theatre - exact).abs() < 1e-6, "{by_theatre} vs {exact}");
    assert!(
        (exact - by_minutes - 10.0).abs() < 1e-6,
        "{by_minutes} vs {exact}"
    );
}
