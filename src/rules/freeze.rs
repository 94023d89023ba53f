//! Re-planning's hard rules on published bookings (`--baseline`, `--freeze-days`).
//!
//! - A published booking that the new inputs make impossible is forced to change, with
//!   its cause: the list is gone, the patient now defers, or a rule of the pair breaks
//!   (the list is shorter, the surgeon is away, the resource is closed that day, the
//!   patient is unavailable).
//! - A notified booking dated inside the freeze window (from the planning start, for
//!   `--freeze-days` days) is kept: it is locked into its list.
//! - When the notified bookings of one list, surgeon-day or resource-day no longer fit
//!   together (a list shortened, a resource cut), the frozen ones come first, then the
//!   most urgent; the bookings that no longer fit are forced, each with the cause.

use crate::domain::baseline::Published;
use crate::domain::{Problem, Rules};
use crate::rules::capacity::{Blocker, Load};
use crate::rules::eligibility::pair_conflict;
use chrono::{Duration, NaiveDate};

/// The last date of the freeze window that starts on the planning start.
pub fn freeze_end(problem: &Problem, freeze_days: u32) -> NaiveDate {
    problem.planning_start + Duration::days(i64::from(freeze_days)) - Duration::days(1)
}

/// Marks each published booking forced (with its cause) or frozen (locked into its
/// list); returns how many were frozen.
pub fn apply(problem: &mut Problem, rules: &Rules, freeze_days: u32) -> usize {
    let last_frozen = freeze_end(problem, freeze_days);
    let mut causes: Vec<(usize, String)> = Vec::new();
    let mut frozen: Vec<usize> = Vec::new();
    let mut later: Vec<usize> = Vec::new();
    for (c, case) in problem.cases.iter().enumerate() {
        let Some(published) = &case.published else {
            continue;
        };
        let cause = match published.session {
            None => Some(format!(
                "list {} on {} is no longer in sessions.csv",
                published.slot.session_id, published.slot.date
            )),
            Some(_) if case.priority.is_deferred() => Some(format!(
                "the patient now chooses to defer ({})",
                case.priority.label()
            )),
            Some(s) => {
                let session = &problem.sessions[s];
                pair_conflict(problem, rules, case, session, true)
                    .map(|conflict| conflict.describe(problem, case, session, rules))
            }
        };
        match cause {
            Some(cause) => causes.push((c, cause)),
            None if case.locked => {}
            None if published.notified
                && published.slot.date >= problem.planning_start
                && published.slot.date <= last_frozen =>
            {
                frozen.push(c)
            }
            None if published.notified => later.push(c),
            None => {}
        }
    }
    // Together: the bookings locked in cases.csv first, then the frozen ones, then the
    // other notified ones, each group most urgent first, then by published start. A
    // booking that no longer fits beside those before it (a list shortened, a resource
    // cut, a surgeon's minutes cut) is forced; only the frozen ones are locked.
    let order = |list: &mut Vec<usize>| {
        list.sort_by_key(|&c| {
            let case = &problem.cases[c];
            (
                case.priority,
                case.published.as_ref().and_then(|p| p.slot.start),
                c,
            )
        })
    };
    order(&mut frozen);
    order(&mut later);
    let mut load = Load::new(problem, rules);
    for (c, case) in problem.cases.iter().enumerate() {
        if let (true, Some(s)) = (case.locked, case.booked_session) {
            load.add(c, s);
        }
    }
    let mut kept = Vec::new();
    let in_window = frozen.len();
    for (k, c) in frozen.into_iter().chain(later).enumerate() {
        let Some(s) = problem.cases[c].booked_session else {
            continue;
        };
        match load.blocker(c, s) {
            None => {
                load.add(c, s);
                if k < in_window {
                    kept.push(c);
                }
            }
            Some(blocker) => causes.push((c, crowded(problem, s, &blocker))),
        }
    }
    for (c, cause) in causes {
        if let Some(published) = problem.cases[c].published.as_mut() {
            published.forced = Some(cause);
        }
    }
    for &c in &kept {
        problem.cases[c].locked = true;
    }
    kept.len()
}

/// A told booking the new inputs still allow: changing it is a choice.
fn held(published: &Published) -> bool {
    published.notified && published.forced.is_none() && published.session.is_some()
}

/// The chosen changes of `booking`: notified published bookings, not forced, whose case
/// is not booked in its published list (moved or dropped). What `--max-moves` caps.
pub fn chosen_changes(problem: &Problem, booking: &[Option<usize>]) -> usize {
    problem
        .cases
        .iter()
        .zip(booking)
        .filter(|(case, booked)| {
            case.published
                .as_ref()
                .is_some_and(|p| held(p) && p.session != **booked)
        })
        .count()
}

/// `problem` with every notified booking that is not forced locked into its list: the
/// freeze window over the whole horizon. Those bookings fit together (`apply` forced
/// the ones that did not), so a plan of it exists, with no chosen change.
pub fn keep_every_notified_booking(problem: &Problem) -> Problem {
    let mut kept = problem.clone();
    for case in &mut kept.cases {
        if case.published.as_ref().is_some_and(held) {
            case.booked_session = case.published.as_ref().and_then(|p| p.session);
            case.locked = true;
        }
    }
    kept
}

/// Why a frozen booking no longer fits beside the others kept in the window.
fn crowded(problem: &Problem, s: usize, blocker: &Blocker) -> String {
    let session = &problem.sessions[s];
    match blocker {
        Blocker::SessionFull => format!(
            "list {} on {} no longer holds all its published cases (more urgent ones kept \
             their place)",
            session.id, session.date
        ),
        Blocker::SurgeonMinutes(surgeon) => format!(
            "surgeon {surgeon}'s minutes on {} no longer cover all the published cases",
            session.date
        ),
        Blocker::Resource(name) => format!(
            "{name} on {} no longer covers all the published cases",
            session.date
        ),
        Blocker::PatientSameDay => {
            format!("the patient has another operation kept on {}", session.date)
        }
    }
}
