//! The neighbourhood search improves a plan it is given, and keeps it valid.

use crate::util::{Scenario, CASE_HEADER, SESSION_HEADER};
use rebook::config::{Rules, SolverLimits};
use rebook::cost::Pricing;
use rebook::eligibility::eligible_sessions;
use rebook::weights::Weights;
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
    let before = pricing.plan(&booking).total();
    let limits = SolverLimits {
        time_limit_s: 10.0,
        gap: 0.0,
        threads: 1,
    };
    let report = rebook::improve::improve(
        &problem,
        &rules,
        &pricing,
        &eligible,
        &mut booking,
        &limits,
        Instant::now() + Duration::from_secs(10),
    );
    assert!(report.improvements >= 1, "{report:?}");
    assert!(pricing.plan(&booking).total() < before);
    assert_eq!(booking[2], Some(2), "the P4 case gives way to the P2 cases");
    assert!(rebook::check::check(&problem, &rules, &booking).is_empty());
}
