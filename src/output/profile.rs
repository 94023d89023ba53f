//! `rebook validate`'s profile of a backlog: cases by priority and specialty, and
//! minutes of demand against minutes of theatre time.

use crate::domain::{Priority, Problem, SessionSpecialty};
use std::collections::BTreeMap;
use std::fmt::Write;

pub fn render(problem: &Problem) -> String {
    let mut text = String::new();
    let sessions: Vec<_> = problem
        .sessions
        .iter()
        .filter(|s| s.date >= problem.planning_start)
        .collect();
    let _ = writeln!(
        text,
        "valid: {} cases, {} sessions from {} to {}, {} resource limits, {} surgeon-day limits",
        problem.cases.len(),
        sessions.len(),
        problem.planning_start,
        problem.horizon_end,
        problem.resource_limits.len(),
        problem.surgeon_limits.len()
    );
    let mut by_priority: BTreeMap<Priority, (usize, u64)> = BTreeMap::new();
    for case in &problem.cases {
        let entry = by_priority.entry(case.priority).or_default();
        entry.0 += 1;
        entry.1 += u64::from(case.duration_min);
    }
    let parts: Vec<String> = by_priority
        .iter()
        .map(|(p, (n, _))| format!("{p} {n}"))
        .collect();
    let _ = writeln!(text, "cases by priority: {}", parts.join(", "));

    // Demand (bookable cases' minutes) and supply (session minutes) per specialty.
    let mut rows: BTreeMap<String, (usize, u64, u64)> = BTreeMap::new();
    for case in problem.cases.iter().filter(|c| !c.priority.is_deferred()) {
        let row = rows.entry(case.specialty.to_string()).or_default();
        row.0 += 1;
        row.1 += u64::from(case.duration_min);
    }
    let mut open_minutes = 0u64;
    for session in &sessions {
        match &session.specialty {
            SessionSpecialty::Only(name) => {
                rows.entry(name.to_string()).or_default().2 += u64::from(session.length_min())
            }
            SessionSpecialty::Any => open_minutes += u64::from(session.length_min()),
        }
    }
    let _ = writeln!(
        text,
        "{:<28} {:>6} {:>14} {:>14} {:>7}",
        "specialty", "cases", "demand (min)", "theatre (min)", "ratio"
    );
    for (name, (cases, demand, supply)) in &rows {
        let ratio = if *supply > 0 {
            format!("{:.2}", *demand as f64 / *supply as f64)
        } else {
            "-".into()
        };
        let _ = writeln!(
            text,
            "{name:<28} {cases:>6} {demand:>14} {supply:>14} {ratio:>7}"
        );
    }
    if open_minutes > 0 {
        let _ = writeln!(
            text,
            "{:<28} {:>6} {:>14} {open_minutes:>14}",
            "any (open lists)", "", ""
        );
    }
    let demand: u64 = rows.values().map(|r| r.1).sum();
    let supply: u64 = rows.values().map(|r| r.2).sum::<u64>() + open_minutes;
    let _ = writeln!(
        text,
        "total demand {demand} minutes (before turnaround) against {supply} minutes of theatre time"
    );
    text
}
