//! Fuzzes reading and validating the input files, planning without the solver (the
//! heuristic, repair, explanations and the self-check), and checking a schedule file.
//!
//! The input is split on the byte 0x1E into cases.csv, sessions.csv, resources.csv,
//! surgeons.csv, schedule.csv, weights.toml and travel.csv (missing parts: no such file;
//! a weights file that does not parse: the defaults).

#![no_main]

use libfuzzer_sys::fuzz_target;
use rebook::{parse, Error, InputBytes, Rules, SolverLimits, Weights};
use std::time::Instant;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0x1E).map(<[u8]>::to_vec);
    let mut next = |name: &str| parts.next().map(|bytes| (name.to_string(), bytes));
    let (Some(cases), Some(sessions)) = (next("cases.csv"), next("sessions.csv")) else {
        return;
    };
    let resources = next("resources.csv");
    let surgeons = next("surgeons.csv");
    let schedule = next("schedule.csv");
    let weights = next("weights.toml")
        .and_then(|(_, bytes)| String::from_utf8(bytes).ok())
        .and_then(|text| Weights::from_toml(&text).ok())
        .unwrap_or_default();
    let travel = next("travel.csv");
    let files = InputBytes { cases, sessions, resources, surgeons, travel };
    let rules = Rules::default();
    let Ok(loaded) = parse(&files, None, &rules) else {
        return;
    };
    let problem = &loaded.problem;
    // A zero time limit: no solver, so the run stays fast.
    let limits = SolverLimits { time_limit_s: 0.0, gap: 0.0, threads: 1 };
    match rebook::plan(problem, &rules, &limits, &weights, Instant::now()) {
        Err(Error::PlanRejected(text)) => panic!("a plan failed the check: {text}"),
        Err(_) | Ok(_) => {}
    }
    if let Some((name, bytes)) = &schedule {
        let _ = rebook::check_files(problem, &rules, (name, bytes), None);
    }
});
