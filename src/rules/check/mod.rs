//! The independent checker: re-verifies a plan against every hard rule, from the
//! validated inputs alone; one function per rule, each named for it.
//!
//! It deliberately shares no code with the eligibility filter, the capacity tracker or
//! the model, so a bug there cannot hide here (it shares only the data contract's
//! definition of a case's deadline, `domain::deadline`). `rebook plan` runs it on its own
//! result and refuses to write a plan that fails it. `files` reads a written schedule back.

pub mod files;

use crate::domain::deadline::deadline;
use crate::domain::{Case, Problem, Rules, Session};
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
/// Returns every violation found, in a stable order (case by case for the rules about
/// one case in its session, then rule by rule); empty means the plan is valid.
pub fn check(problem: &Problem, rules: &Rules, booking: &[Option<usize>]) -> Vec<Violation> {
    let mut found = Vec::new();
    for (case, booked) in problem.cases.iter().zip(booking) {
        locked_kept(case, *booked, &mut found);
        let Some(s) = *booked else { continue };
        let booked = Booked {
            problem,
            rules,
            case,
            session: &problem.sessions[s],
        };
        for rule in CASE_RULES {
            rule(&booked, &mut found);
        }
    }
    session_minutes(problem, rules, booking, &mut found);
    surgeon_minutes(problem, booking, &mut found);
    daily_resources(problem, booking, &mut found);
    one_operation_a_day(problem, booking, &mut found);
    max_moves(problem, rules, booking, &mut found);
    found
}

/// `--max-moves K`: at most K notified bookings that the inputs still allow (not
/// forced) are moved or dropped.
fn max_moves(
    problem: &Problem,
    rules: &Rules,
    booking: &[Option<usize>],
    found: &mut Vec<Violation>,
) {
    let Some(most) = rules.max_moves else {
        return;
    };
    let mut changed = 0;
    for (case, booked) in problem.cases.iter().zip(booking) {
        let Some(published) = case.published.as_ref() else {
            continue;
        };
        let allowed = published.notified && published.forced.is_none();
        if allowed && published.session.is_some() && published.session != *booked {
            changed += 1;
        }
    }
    if changed > most {
        let bookings = if changed == 1 { "booking" } else { "bookings" };
        let message = format!(
            "{changed} notified {bookings} changed by choice, more than --max-moves {most}"
        );
        push(found, "max moves", message);
    }
}

fn push(found: &mut Vec<Violation>, rule: &'static str, message: String) {
    found.push(Violation { rule, message });
}

/// A locked case stays in its `booked_session`.
fn locked_kept(case: &Case, booked: Option<usize>, found: &mut Vec<Violation>) {
    if case.locked && booked != case.booked_session {
        let message = format!("case {} is locked but was moved", case.id);
        push(found, "locked booking", message);
    }
}

/// One case booked in one session, for the rules about that pair alone.
struct Booked<'p> {
    problem: &'p Problem,
    rules: &'p Rules,
    case: &'p Case,
    session: &'p Session,
}

impl Booked<'_> {
    /// How a message names the pair.
    fn at(&self) -> String {
        format!("case {} in session {}", self.case.id, self.session.id)
    }
}

/// The rules about one case in its session, in the order their violations are listed.
const CASE_RULES: &[fn(&Booked, &mut Vec<Violation>)] = &[
    deferred,
    planning_start,
    specialty,
    surgeon,
    equipment,
    earliest_date,
    patient_unavailable,
    hard_deadline,
    minimum_notice,
    home_only,
    travel_limit,
    home_trust,
];

/// The site of the list when it is not the patient's home site (mutual aid), with the
/// patient's home site.
fn away<'b>(b: &Booked<'b>) -> Option<&'b str> {
    let home = b.case.travel.home_site.as_deref()?;
    (b.session.site != home).then_some(home)
}

/// A patient who does not consent to another site (`transfer_ok` no) is treated at home.
fn home_only(b: &Booked, found: &mut Vec<Violation>) {
    if let Some(home) = away(b) {
        if b.case.travel.transfer_ok == Some(false) {
            let message = format!(
                "{}: at {}, but the patient is treated at {home} only (transfer_ok no)",
                b.at(),
                b.session.site
            );
            push(found, "home site only", message);
        }
    }
}

/// Away from home, within the patient's travel limit (their own, capped by `--max-travel`);
/// travel.csv must give the time.
fn travel_limit(b: &Booked, found: &mut Vec<Violation>) {
    let Some(home) = away(b) else { return };
    if b.case.travel.transfer_ok == Some(false) {
        return;
    }
    // The patient's own limit, capped by --max-travel when both are given.
    let limit = match (b.case.travel.max_travel_min, b.rules.max_travel_min) {
        (Some(own), Some(cap)) => own.min(cap),
        (Some(own), None) => own,
        (None, Some(cap)) => cap,
        (None, None) => return,
    };
    let message = match b.problem.mutual_aid.travel.minutes(home, &b.session.site) {
        None => format!(
            "{}: travel.csv gives no time from {home} to {} (the patient's limit is {limit} minutes)",
            b.at(),
            b.session.site
        ),
        Some(minutes) if minutes > limit => format!(
            "{}: {} is {minutes} minutes from {home}, more than the patient's {limit}",
            b.at(),
            b.session.site
        ),
        Some(_) => return,
    };
    push(found, "travel limit", message);
}

/// Away from home without a travel limit: only the home trust's lists (another trust's
/// lists need the patient's limit to be known).
fn home_trust(b: &Booked, found: &mut Vec<Violation>) {
    let Some(home) = away(b) else { return };
    let limited = b
        .case
        .travel
        .max_travel_min
        .or(b.rules.max_travel_min)
        .is_some();
    if limited || b.case.travel.transfer_ok == Some(false) {
        return;
    }
    // The trust of each site is input data (one trust a site, validated), not a rule.
    if b.session.trust != b.problem.mutual_aid.trust_of(home) {
        let message = format!(
            "{}: a list of {} at {}, not the home trust of {home}, and the patient has no travel limit",
            b.at(),
            trust_name(&b.session.trust),
            b.session.site
        );
        push(found, "home trust", message);
    }
}

fn trust_name(trust: &str) -> String {
    if trust.is_empty() {
        "the home trust".to_string()
    } else {
        format!("trust {trust}")
    }
}

/// P5/P6 cases (the patient chose to defer) are never booked.
fn deferred(b: &Booked, found: &mut Vec<Violation>) {
    if b.case.priority.is_deferred() {
        let message = format!("{}: {} cases are never booked", b.at(), b.case.priority);
        push(found, "deferred", message);
    }
}

/// No list before the planning start.
fn planning_start(b: &Booked, found: &mut Vec<Violation>) {
    if b.session.date < b.problem.planning_start {
        let message = format!(
            "{}: {} is before {}",
            b.at(),
            b.session.date,
            b.problem.planning_start
        );
        push(found, "planning start", message);
    }
}

/// The list is for the case's specialty (or any).
fn specialty(b: &Booked, found: &mut Vec<Violation>) {
    if !b.session.specialty.admits(&b.case.specialty) {
        let message = format!(
            "{}: the session is for {}, the case is {}",
            b.at(),
            b.session.specialty,
            b.case.specialty
        );
        push(found, "specialty", message);
    }
}

/// A case that names its surgeon goes to that surgeon's lists or lists with none named.
fn surgeon(b: &Booked, found: &mut Vec<Violation>) {
    if let (Some(named), Some(running)) = (&b.case.surgeon, &b.session.surgeon) {
        if named != running {
            let message = format!(
                "{}: the session is run by {running}, the case names {named}",
                b.at()
            );
            push(found, "surgeon", message);
        }
    }
}

/// The theatre has every piece of equipment the case needs.
fn equipment(b: &Booked, found: &mut Vec<Violation>) {
    for item in &b.case.equipment {
        if !b.session.equipment.iter().any(|e| e == item) {
            push(
                found,
                "equipment",
                format!("{}: the session has no {item}", b.at()),
            );
        }
    }
}

/// Not before the case's `earliest` date.
fn earliest_date(b: &Booked, found: &mut Vec<Violation>) {
    let Some(earliest) = b.case.earliest else {
        return;
    };
    if b.session.date < earliest {
        let days = (earliest - b.session.date).num_days();
        let message = format!(
            "{}: {} is {days} day(s) before the earliest date {earliest}",
            b.at(),
            b.session.date
        );
        push(found, "earliest date", message);
    }
}

/// Not on a date the patient cannot come.
fn patient_unavailable(b: &Booked, found: &mut Vec<Violation>) {
    let date = b.session.date;
    if b.case
        .unavailable
        .iter()
        .any(|r| r.first <= date && date <= r.last)
    {
        let message = format!("{}: the patient is unavailable on {date}", b.at());
        push(found, "patient unavailable", message);
    }
}

/// A case of a priority with a hard deadline (the weights' `hard_deadlines`) is not
/// booked after it.
fn hard_deadline(b: &Booked, found: &mut Vec<Violation>) {
    if !b.rules.hard_deadlines.contains(b.case.priority) {
        return;
    }
    let Some(deadline) = deadline(b.case, b.problem.planning_start) else {
        return;
    };
    if b.session.date > deadline.date {
        let message = format!(
            "{}: {} is after the hard deadline {} of a {} case",
            b.at(),
            b.session.date,
            deadline.date,
            b.case.priority
        );
        push(found, "hard deadline", message);
    }
}

/// A new P3/P4 booking gives at least `--notice-days` from the planning start (not one
/// confirmed, accepted at short notice, or on the date the patient was told).
fn minimum_notice(b: &Booked, found: &mut Vec<Violation>) {
    let notice_end = b.problem.planning_start + Duration::days(i64::from(b.rules.notice_days));
    if b.case.owes_notice_on(b.session.date) && b.session.date < notice_end {
        let message = format!(
            "{}: {} gives less than {} days' notice",
            b.at(),
            b.session.date,
            b.rules.notice_days
        );
        push(found, "minimum notice", message);
    }
}

/// A list's minutes: durations plus turnaround between consecutive cases, at most the
/// list's length times `--max-fill`.
fn session_minutes(
    problem: &Problem,
    rules: &Rules,
    booking: &[Option<usize>],
    found: &mut Vec<Violation>,
) {
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
            push(found, "session minutes", format!(
                "session {}: {} case(s) need {used} minutes with turnaround, {allowed} available (over by {})",
                session.id, cases.len(), used - allowed
            ));
        }
    }
}

/// Surgeons' daily minutes: the operating surgeon is the case's, else the session's.
fn surgeon_minutes(problem: &Problem, booking: &[Option<usize>], found: &mut Vec<Violation>) {
    let mut minutes_on: BTreeMap<(&str, NaiveDate), u32> = BTreeMap::new();
    for (case, booked) in problem.cases.iter().zip(booking) {
        let Some(s) = *booked else { continue };
        let session = &problem.sessions[s];
        if let Some(surgeon) = case.surgeon.as_deref().or(session.surgeon.as_deref()) {
            *minutes_on.entry((surgeon, session.date)).or_default() += case.duration_min;
        }
    }
    for ((surgeon, date), minutes) in minutes_on {
        if let Some(max) = problem.surgeon_limits.get(surgeon, date) {
            if minutes > max {
                push(found, "surgeon minutes", format!(
                    "surgeon {surgeon} on {date}: {minutes} minutes booked, limit {max} (over by {})",
                    minutes - max
                ));
            }
        }
    }
}

/// Daily counted resources: each limit row counts the cases at its site (or all sites).
fn daily_resources(problem: &Problem, booking: &[Option<usize>], found: &mut Vec<Violation>) {
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
        let at_site = limit
            .site
            .as_ref()
            .map(|s| format!(" at {s}"))
            .unwrap_or_default();
        for (date, count) in per_date {
            if count > limit.per_day {
                let message = format!(
                    "{} on {date}{at_site}: {count} case(s) booked, limit {} a day (over by {})",
                    limit.resource,
                    limit.per_day,
                    count - limit.per_day
                );
                push(found, "daily resource", message);
            }
        }
    }
}

/// One operation per patient per day. Who is the same person (a shared patient_id or NHS
/// number, also through a third case) is settled when the input is read.
fn one_operation_a_day(problem: &Problem, booking: &[Option<usize>], found: &mut Vec<Violation>) {
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
        let message = format!("cases {} are the same patient on {date}", ids.join(", "));
        push(found, "one operation a day", message);
    }
}
