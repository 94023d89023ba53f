//! Which sessions a case may go to: the hard rules that concern one case and one
//! session alone (specialty, surgeon, equipment, dates, length, closed resources).
//! Rules that couple cases (minutes, daily limits, one operation a day) live in the
//! model; the independent checker re-derives all of them on its own.

use crate::domain::Rules;
use crate::domain::{Case, Name, Problem, Session, SessionSpecialty};
use chrono::{Duration, NaiveDate};
use std::collections::HashMap;

/// The first per-pair rule that forbids a case in a session.
/// The names it holds are borrowed from the case: asked for every case-session pair,
/// it allocates nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum PairConflict<'p> {
    BeforePlanningStart,
    Specialty,
    Surgeon,
    Equipment(&'p Name),
    BeforeEarliest,
    PatientUnavailable,
    Notice,
    /// After the case's deadline, which its priority makes hard (`hard_deadlines`).
    AfterHardDeadline(NaiveDate),
    TooLong {
        needed: u32,
        usable: u32,
    },
    ResourceClosed(&'p Name),
    SurgeonUnavailable(&'p str),
    /// Mutual aid: the patient is treated at their home site only (`transfer_ok` no).
    HomeSiteOnly(&'p str),
    /// Mutual aid: the site is further from the home site than the patient's limit.
    TooFar {
        home: &'p str,
        minutes: u32,
        limit: u32,
    },
    /// Mutual aid: travel.csv gives no time from the home site, and the patient has a limit.
    NoTravelTime {
        home: &'p str,
        limit: u32,
    },
    /// Mutual aid: another trust's list, and no travel limit is known for the patient.
    OtherTrust {
        home: &'p str,
    },
}

impl PairConflict<'_> {
    /// A sentence naming the rule, for messages about one session.
    pub fn describe(
        &self,
        problem: &Problem,
        case: &Case,
        session: &Session,
        rules: &Rules,
    ) -> String {
        match self {
            PairConflict::BeforePlanningStart => format!(
                "session {} on {} is before the planning start {}",
                session.id, session.date, problem.planning_start
            ),
            PairConflict::Specialty => format!(
                "session {} is allocated to specialty {}, not {}",
                session.id, session.specialty, case.specialty
            ),
            PairConflict::Surgeon => format!(
                "session {} is run by surgeon {}, not {}",
                session.id,
                session.surgeon.as_deref().unwrap_or("-"),
                case.surgeon.as_deref().unwrap_or("-")
            ),
            PairConflict::Equipment(name) => {
                format!("session {} has no {name}", session.id)
            }
            PairConflict::BeforeEarliest => format!(
                "session {} on {} is before the case's earliest date {}",
                session.id,
                session.date,
                case.earliest.map(|d| d.to_string()).unwrap_or_default()
            ),
            PairConflict::PatientUnavailable => format!(
                "the patient is unavailable on {} (session {})",
                session.date, session.id
            ),
            PairConflict::Notice => format!(
                "session {} on {} gives less than {} days' notice",
                session.id, session.date, rules.notice_days
            ),
            PairConflict::AfterHardDeadline(deadline) => format!(
                "session {} on {} is after the case's hard deadline {deadline}",
                session.id, session.date
            ),
            PairConflict::TooLong { needed, usable } => format!(
                "the case needs {needed} minutes but session {} has {usable}",
                session.id
            ),
            PairConflict::ResourceClosed(name) => format!(
                "no {name} is available on {} at {} (per_day 0)",
                session.date, session.site
            ),
            PairConflict::SurgeonUnavailable(surgeon) => format!(
                "surgeon {surgeon} cannot operate {} minutes on {}",
                case.duration_min, session.date
            ),
            PairConflict::HomeSiteOnly(home) => format!(
                "session {} is at {}; the patient is treated at {home} only",
                session.id, session.site
            ),
            PairConflict::TooFar {
                home,
                minutes,
                limit,
            } => format!(
                "session {} is at {}, {minutes} minutes from {home}; the patient travels {limit} at most",
                session.id, session.site
            ),
            PairConflict::NoTravelTime { home, limit } => format!(
                "session {} is at {}, and travel.csv gives no time from {home} (the patient travels {limit} minutes at most)",
                session.id, session.site
            ),
            PairConflict::OtherTrust { home } => format!(
                "session {} is another trust's list at {}, and no travel limit is known for a patient of {home} (max_travel_min or --max-travel)",
                session.id, session.site
            ),
        }
    }
}

/// Sessions indexed by specialty, so a question about one case looks only at the
/// sessions its specialty may use.
pub struct SessionsBySpecialty<'p> {
    by_specialty: HashMap<&'p str, Vec<usize>>,
    open_to_any: Vec<usize>,
}

impl<'p> SessionsBySpecialty<'p> {
    pub fn new(problem: &'p Problem) -> Self {
        let mut by_specialty: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut open_to_any = Vec::new();
        for (index, session) in problem.sessions.iter().enumerate() {
            match &session.specialty {
                SessionSpecialty::Any => open_to_any.push(index),
                SessionSpecialty::Only(name) => {
                    by_specialty.entry(name.key()).or_default().push(index)
                }
            }
        }
        SessionsBySpecialty {
            by_specialty,
            open_to_any,
        }
    }

    /// The sessions whose specialty admits `specialty` (its own and `any` lists), in
    /// session order.
    pub fn admitting(&self, specialty: &Name) -> Vec<usize> {
        let own = self
            .by_specialty
            .get(specialty.key())
            .map_or(&[][..], Vec::as_slice);
        let mut sessions: Vec<usize> = own.iter().chain(&self.open_to_any).copied().collect();
        sessions.sort_unstable();
        sessions
    }
}

/// The first rule that forbids `case` in `session`, or `None` when the pair is allowed.
/// `locked`: the booking is already confirmed, so the notice rule (about new offers) is
/// not applied.
pub fn pair_conflict<'p>(
    problem: &Problem,
    rules: &Rules,
    case: &'p Case,
    session: &'p Session,
    locked: bool,
) -> Option<PairConflict<'p>> {
    if session.date < problem.planning_start {
        return Some(PairConflict::BeforePlanningStart);
    }
    if !session.specialty.admits(&case.specialty) {
        return Some(PairConflict::Specialty);
    }
    if let (Some(wanted), Some(running)) = (&case.surgeon, &session.surgeon) {
        if wanted != running {
            return Some(PairConflict::Surgeon);
        }
    }
    if let Some(conflict) = travel_conflict(problem, rules, case, session) {
        return Some(conflict);
    }
    if let Some(missing) = case.equipment.iter().find(|e| !session.has_equipment(e)) {
        return Some(PairConflict::Equipment(missing));
    }
    if case
        .earliest
        .is_some_and(|earliest| session.date < earliest)
    {
        return Some(PairConflict::BeforeEarliest);
    }
    if case.is_unavailable_on(session.date) {
        return Some(PairConflict::PatientUnavailable);
    }
    if !locked
        && case.owes_notice_on(session.date)
        && session.date < problem.planning_start + Duration::days(i64::from(rules.notice_days))
    {
        return Some(PairConflict::Notice);
    }
    if rules.hard_deadlines.contains(case.priority) {
        if let Some(deadline) = crate::domain::deadline::deadline(case, problem.planning_start) {
            if session.date > deadline.date {
                return Some(PairConflict::AfterHardDeadline(deadline.date));
            }
        }
    }
    let usable = problem.usable_minutes(session, rules.max_fill);
    if case.duration_min > usable {
        return Some(PairConflict::TooLong {
            needed: case.duration_min,
            usable,
        });
    }
    for resource in &case.resources {
        if problem
            .limits_for(resource, &session.site, session.date)
            .any(|limit| limit.per_day == 0)
        {
            return Some(PairConflict::ResourceClosed(resource));
        }
    }
    if let Some(surgeon) = problem.operating_surgeon(case, session) {
        let limit = problem.surgeon_limits.get(surgeon, session.date);
        if limit.is_some_and(|max| max < case.duration_min) {
            return Some(PairConflict::SurgeonUnavailable(surgeon));
        }
    }
    None
}

/// For each case, the sessions it may go to, in session order. A locked case has only
/// its booking; a deferred (P5/P6) case has none. (The planner shares the work among
/// its threads: `eligible_sessions_on`.)
#[cfg(test)]
pub fn eligible_sessions(problem: &Problem, rules: &Rules) -> Vec<Vec<usize>> {
    eligible_sessions_on(problem, rules, 1)
}

/// `eligible_sessions` with the cases shared among `threads` threads (the first step of
/// every plan: at 50,000 cases it looks at some 85 million case-session pairs, about
/// 17 s on one core). Each thread reads the problem only; the result is the same.
pub fn eligible_sessions_on(problem: &Problem, rules: &Rules, threads: usize) -> Vec<Vec<usize>> {
    let by_specialty = SessionsBySpecialty::new(problem);
    let of_case = |case: &crate::domain::Case| -> Vec<usize> {
        if case.priority.is_deferred() {
            return Vec::new();
        }
        if case.locked {
            return case.booked_session.into_iter().collect();
        }
        let mut candidates = by_specialty.admitting(&case.specialty);
        candidates.retain(|&s| {
            pair_conflict(problem, rules, case, &problem.sessions[s], false).is_none()
        });
        candidates
    };
    let chunk = problem.cases.len().div_ceil(threads.max(1)).max(1);
    if threads <= 1 || problem.cases.len() <= chunk {
        return problem.cases.iter().map(of_case).collect();
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = problem
            .cases
            .chunks(chunk)
            .map(|cases| scope.spawn(|| cases.iter().map(of_case).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Mutual aid: whether the patient may be treated at the session's site. At home, always;
/// away, with consent (`transfer_ok` not no) and within the patient's travel limit (their
/// own capped by `--max-travel`), which needs a travel.csv time; without a limit, at the home
/// trust's sites only. A case without a home site may go anywhere.
fn travel_conflict<'p>(
    problem: &Problem,
    rules: &Rules,
    case: &'p Case,
    session: &Session,
) -> Option<PairConflict<'p>> {
    let home = case.travel.home_site.as_deref()?;
    if session.site == home {
        return None;
    }
    if case.travel.transfer_ok == Some(false) {
        return Some(PairConflict::HomeSiteOnly(home));
    }
    let aid = &problem.mutual_aid;
    match case.travel.limit(rules.max_travel_min) {
        None => (session.trust != aid.trust_of(home)).then_some(PairConflict::OtherTrust { home }),
        Some(limit) => match aid.travel.minutes(home, &session.site) {
            None => Some(PairConflict::NoTravelTime { home, limit }),
            Some(minutes) if minutes > limit => Some(PairConflict::TooFar {
                home,
                minutes,
                limit,
            }),
            Some(_) => None,
        },
    }
}
