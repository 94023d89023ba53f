//! The independent checker: re-verifies a plan against every hard rule of the data
//! contract, from the validated inputs alone.
//!
//! It deliberately shares no code with the eligibility filter, the capacity tracker or
//! the model, so a bug there cannot hide here (it shares only the data contract's
//! definition of a case's deadline, `deadline::deadline`). `rebook plan` runs it on its own result
//! and refuses to write a plan that fails it. `files` reads a written schedule back.

pub mod files;

use crate::config::Rules;
use crate::domain::Problem;
use chrono::{Duration, NaiveDate};
use std::collections::BTreeMap;
use std::fmt;

/// One broken rule, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Short name of the rule ("session minutes", "specialty", ...).
    pub rule: &'static str,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.message)
    }
}

/// Checks `booking[c]` (the session index of case `c`, if booked) against every hard rule.
/// Returns every violation found, in a stable order; empty means the plan is valid.
pub fn check(problem: &Problem, rules: &Rules, booking: &[Option<usize>]) -> Vec<Violation> {
    let mut found = Vec::new();
    let mut push = |rule: &'static str, message: String| found.push(Violation { rule, message });

    // Rules about one case in one session.
    for (case, booked) in problem.cases.iter().zip(booking) {
        if case.locked && *booked != case.booked_session {
            push(
                "locked booking",
                format!("case {} is locked but was moved", case.id),
            );
        }
        let Some(s) = *booked else { continue };
        let session = &problem.sessions[s];
        let at = format!("case {} in session {}", case.id, session.id);
        if case.priority.is_deferred() {
            push(
                "deferred",
                format!("{at}: {} cases are never booked", case.priority),
            );
        }
        if session.date < problem.planning_start {
            push(
                "planning start",
                format!(
                    "{at}: {} is before {}",
                    session.date, problem.planning_start
                ),
            );
        }
        if !session.specialty.admits(&case.specialty) {
            push(
                "specialty",
                format!(
                    "{at}: the session is for {}, the case is {}",
                    session.specialty, case.specialty
                ),
            );
        }
        if let (Some(a), Some(b)) = (&case.surgeon, &session.surgeon) {
            if a != b {
                push(
                    "surgeon",
                    format!("{at}: the session is run by {b}, the case names {a}"),
                );
            }
        }
        for item in &case.equipment {
            if !session.equipment.iter().any(|e| e == item) {
                push("equipment", format!("{at}: the session has no {item}"));
            }
        }
        if let Some(earliest) = case.earliest {
            if session.date < earliest {
                let days = (earliest - session.date).num_days();
                push(
                    "earliest date",
                    format!(
                        "{at}: {} is {days} day(s) before the earliest date {earliest}",
                        session.date
                    ),
                );
            }
        }
        if case
            .unavailable
            .iter()
            .any(|r| r.first <= session.date && session.date <= r.last)
        {
            push(
                "patient unavailable",
                format!("{at}: the patient is unavailable on {}", session.date),
            );
        }
        if rules.hard_deadlines.contains(case.priority) {
            if let Some(deadline) = crate::deadline::deadline(case, problem.planning_start) {
                if session.date > deadline.date {
                    push(
                        "hard deadline",
                        format!(
                            "{at}: {} is after the hard deadline {} of a {} case",
                            session.date, deadline.date, case.priority
                        ),
                    );
                }
            }
        }
        let notice_end = problem.planning_start + Duration::days(i64::from(rules.notice_days));
        if !case.locked && case.priority.is_routine() && session.date < notice_end {
            push(
                "minimum notice",
                format!(
                    "{at}: {} gives less than {} days' notice",
                    session.date, rules.notice_days
                ),
            );
        }
    }

    // Session minutes: durations plus turnaround between consecutive cases.
    let mut in_session: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (c, booked) in booking.iter().enumerate() {
        if let Some(s) = *booked {
            in_session.entry(s).or_default().push(c);
        }
    }
    for (&s, cases) in &in_session {
        let session = &problem.sessions[s];
        let operating: u32 = cases.iter().map(|&c| problem.cases[c].duration_min).sum();
        let used = operating + session.turnaround_min * (cases.len() as u32 - 1);
        let length = (session.end - session.start).num_minutes().max(0) as f64;
        let allowed = (length * rules.max_fill + 1e-9).floor() as u32;
        if used > allowed {
            push("session minutes", format!(
                "session {}: {} case(s) need {used} minutes with turnaround, {allowed} available (over by {})",
                session.id, cases.len(), used - allowed
            ));
        }
    }

    // Surgeons' daily minutes: the operating surgeon is the case's, else the session's.
    let mut surgeon_minutes: BTreeMap<(&str, NaiveDate), u32> = BTreeMap::new();
    for (case, booked) in problem.cases.iter().zip(booking) {
        let Some(s) = *booked else { continue };
        let session = &problem.sessions[s];
        if let Some(surgeon) = case.surgeon.as_deref().or(session.surgeon.as_deref()) {
            *surgeon_minutes.entry((surgeon, session.date)).or_default() += case.duration_min;
        }
    }
    for ((surgeon, date), minutes) in surgeon_minutes {
        if let Some(&max) = problem.surgeon_limits.get(&(surgeon.to_string(), date)) {
            if minutes > max {
                push("surgeon minutes", format!(
                    "surgeon {surgeon} on {date}: {minutes} minutes booked, limit {max} (over by {})",
                    minutes - max
                ));
            }
        }
    }

    // Daily counted resources: each limit row counts the cases at its site (or all sites).
    for limit in &problem.resource_limits {
        let mut per_date: BTreeMap<NaiveDate, u32> = BTreeMap::new();
        for (case, booked) in problem.cases.iter().zip(booking) {
            let Some(s) = *booked else { continue };
            let session = &problem.sessions[s];
            let site_matches = limit.site.as_ref().is_none_or(|site| *site == session.site);
            let date_matches =
                limit.dates.first <= session.date && session.date <= limit.dates.last;
            if site_matches && date_matches && case.resources.contains(&limit.resource) {
                *per_date.entry(session.date).or_default() += 1;
            }
        }
        for (date, count) in per_date {
            if count > limit.per_day {
                push(
                    "daily resource",
                    format!(
                        "{} on {date}{}: {count} case(s) booked, limit {} a day (over by {})",
                        limit.resource,
                        limit
                            .site
                            .as_ref()
                            .map(|s| format!(" at {s}"))
                            .unwrap_or_default(),
                        limit.per_day,
                        count - limit.per_day
                    ),
                );
            }
        }
    }

    // One operation per patient per day. Who is the same person (a shared patient_id or
    // NHS number, also through a third case) is settled when the input is read.
    let mut by_patient_day: BTreeMap<(usize, NaiveDate), Vec<&str>> = BTreeMap::new();
    for (case, booked) in problem.cases.iter().zip(booking) {
        if let (Some(s), Some(patient)) = (*booked, case.patient) {
            by_patient_day
                .entry((patient, problem.sessions[s].date))
                .or_default()
                .push(&case.id);
        }
    }
    let mut same_day: Vec<(NaiveDate, Vec<&str>)> = by_patient_day
        .into_iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|((_, date), ids)| (date, ids))
        .collect();
    same_day.sort();
    same_day.dedup();
    for (date, ids) in same_day {
        push(
            "one operation a day",
            format!("cases {} are the same patient on {date}", ids.join(", ")),
        );
    }
    found
}
