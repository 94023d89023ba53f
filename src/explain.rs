//! The finished plan: the solver's booking as theatre lists with times, its cost by
//! term, and a sentence naming the binding cause for every unbooked case and for every
//! case booked after its deadline.

use crate::domain::deadline::days_late;
use crate::domain::schedule::{sequence, BookedCase};
use crate::domain::{Booking, Priority, Problem, Rules};
use crate::pricing::lists_used::ListsUsed;
use crate::pricing::{CostTerms, Pricing};
use crate::rules::capacity::{Blocker, Load};
use crate::rules::eligibility::{pair_conflict, PairConflict, SessionsBySpecialty};
use crate::solver::result::{Solution, SolverReport};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A case booked after its deadline, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct LateCase {
    pub case: usize,
    pub days_late: i64,
    pub reason: String,
}

/// The finished plan.
pub struct Plan {
    pub booking: Booking,
    pub rows: Vec<BookedCase>,
    /// (case, reason) for every case not booked, in input order.
    pub unbooked: Vec<(usize, String)>,
    pub late: Vec<LateCase>,
    pub costs: CostTerms,
    pub solver: SolverReport,
}

/// The solver's plan finished for its users: each list's cases in clinical order with
/// their times, the cost by term, and the reason for every unbooked and late case.
pub fn finish(problem: &Problem, rules: &Rules, pricing: &Pricing, solution: Solution) -> Plan {
    let Solution {
        booking,
        eligible,
        report,
    } = solution;
    let mut explainer = Explainer::new(problem, rules, pricing, &eligible, &booking);
    let unbooked = booking
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_none())
        .map(|(c, _)| (c, explainer.unbooked(c)))
        .collect();
    let late = booking
        .iter()
        .enumerate()
        .filter_map(|(c, b)| {
            let date = problem.sessions[(*b)?].date;
            let deadline = pricing.deadline(c)?;
            let days = days_late(Some(deadline), date);
            (days > 0).then(|| LateCase {
                case: c,
                days_late: days,
                reason: explainer.late(c, deadline.date),
            })
        })
        .collect();
    let rows = sequence(problem, pricing.deadlines(), &booking);
    let costs = pricing.plan_cost(&booking);
    Plan {
        booking,
        rows,
        unbooked,
        late,
        costs,
        solver: report,
    }
}

/// Explains cases of one finished plan.
struct Explainer<'p> {
    problem: &'p Problem,
    rules: &'p Rules,
    pricing: &'p Pricing<'p>,
    eligible: &'p [Vec<usize>],
    booking: &'p [Option<usize>],
    load: Load<'p>,
    openings: ListsUsed<'p>,
    in_session: Vec<Vec<usize>>,
    by_specialty: SessionsBySpecialty<'p>,
}

impl<'p> Explainer<'p> {
    fn new(
        problem: &'p Problem,
        rules: &'p Rules,
        pricing: &'p Pricing<'p>,
        eligible: &'p [Vec<usize>],
        booking: &'p [Option<usize>],
    ) -> Self {
        let load = Load::from_booking(problem, rules, booking);
        let openings = pricing.lists_used(booking);
        let mut in_session = vec![Vec::new(); problem.sessions.len()];
        for (c, booked) in booking.iter().enumerate() {
            if let Some(s) = *booked {
                in_session[s].push(c);
            }
        }
        Explainer {
            problem,
            rules,
            pricing,
            eligible,
            booking,
            load,
            openings,
            in_session,
            by_specialty: SessionsBySpecialty::new(problem),
        }
    }

    /// Why case `c` is not booked.
    fn unbooked(&mut self, c: usize) -> String {
        let case = &self.problem.cases[c];
        match case.priority {
            Priority::P5 => {
                return "patient chose to defer (P5, fear of infection): not booked".into()
            }
            Priority::P6 => return "patient chose to defer (P6, other reasons): not booked".into(),
            _ => {}
        }
        if self.eligible[c].is_empty() {
            return self.no_compatible_session(c, None);
        }
        if let Some(why) = self.not_worth_booking(c) {
            return why;
        }
        let eligible = self.eligible;
        format!(
            "capacity taken: {}",
            self.blocked(c, &eligible[c], "compatible")
        )
    }

    /// When unbooked case `c` fits somewhere but every such booking costs more than
    /// leaving it unbooked (its waiting, a session it would open, a theatre it would add
    /// to its surgeon's day): says so, with the cheapest option's figures.
    fn not_worth_booking(&self, c: usize) -> Option<String> {
        let pricing = self.pricing;
        let fits = |s: usize| self.load.fits(c, s);
        let (s, cost) =
            pricing.cheapest_with_room(Some(&self.openings), c, &self.eligible[c], fits)?;
        let unbooked = pricing.unbooked(c).total();
        (cost > unbooked).then(|| {
            let session = &self.problem.sessions[s];
            format!(
                "not worth booking under the weights: the cheapest session with room ({} on {}) would cost {cost:.0} points, leaving the case unbooked {unbooked:.0}",
                session.id, session.date
            )
        })
    }

    /// Why case `c`, booked after its `deadline`, could not be booked on time.
    fn late(&mut self, c: usize, deadline: NaiveDate) -> String {
        let in_time: Vec<usize> = self.eligible[c]
            .iter()
            .copied()
            .filter(|&s| self.problem.sessions[s].date <= deadline)
            .collect();
        if in_time.is_empty() {
            if deadline < self.problem.planning_start {
                return format!("the deadline {deadline} had passed before the planning start");
            }
            return format!(
                "up to the deadline {deadline}: {}",
                self.no_compatible_session(c, Some(deadline))
            );
        }
        self.blocked(c, &in_time, "compatible on-time")
    }

    /// Describes what fills the `sessions` case `c` could use, as seen from the plan
    /// without the case itself (taken out of the load for the question, then put back).
    fn blocked(&mut self, c: usize, sessions: &[usize], kind: &str) -> String {
        let booked = self.booking[c];
        if let Some(s) = booked {
            self.load.remove(c, s);
        }
        let blockers: Vec<Option<Blocker>> =
            sessions.iter().map(|&s| self.load.blocker(c, s)).collect();
        if let Some(s) = booked {
            self.load.add(c, s);
        }
        let mut by_cause: BTreeMap<Blocker, Vec<usize>> = BTreeMap::new();
        let mut free = Vec::new();
        for (&s, blocker) in sessions.iter().zip(blockers) {
            match blocker {
                Some(blocker) => by_cause.entry(blocker).or_default().push(s),
                None => free.push(s),
            }
        }
        let (first, last) = self.date_span(sessions);
        let total = sessions.len();
        let mut parts = Vec::new();
        for (cause, list) in &by_cause {
            let count = match (list.len(), total) {
                (1, 1) => "the only".to_string(),
                (n, t) if n == t => format!("all {t}"),
                (n, t) => format!("{n} of {t}"),
            };
            let text = match cause {
                Blocker::SessionFull => {
                    let priorities: BTreeSet<Priority> = list
                        .iter()
                        .flat_map(|&s| self.in_session[s].iter().filter(|&&o| o != c))
                        .map(|&o| self.problem.cases[o].priority)
                        .collect();
                    let labels: Vec<&str> = priorities.iter().map(|p| p.label()).collect();
                    format!(
                        "{count} {kind} {} full (booked with {} cases)",
                        sessions_are(list.len(), total),
                        labels.join(", ")
                    )
                }
                Blocker::SurgeonMinutes(surgeon) => {
                    format!(
                        "{count} {kind} {} on days when surgeon {surgeon}'s minutes are used up",
                        sessions_are(list.len(), total)
                    )
                }
                Blocker::Resource(name) => {
                    format!(
                        "{count} {kind} {} on days when {name} is used up",
                        sessions_are(list.len(), total)
                    )
                }
                Blocker::PatientSameDay => {
                    let (noun, verb) = match (list.len(), total) {
                        (1, 1) => ("session", "falls"),
                        (1, _) => ("sessions", "falls"),
                        _ => ("sessions", "fall"),
                    };
                    format!(
                        "{count} {kind} {noun} {verb} on days the patient already has an operation"
                    )
                }
            };
            parts.push(text);
        }
        if !free.is_empty() {
            parts.push(format!(
                "{} of {total} {kind} sessions still have room (the solver stopped before booking it)",
                free.len()
            ));
        }
        let span = if first == last {
            format!("on {first}")
        } else {
            format!("{first} to {last}")
        };
        format!("{} ({span})", parts.join("; "))
    }

    fn date_span(&self, sessions: &[usize]) -> (NaiveDate, NaiveDate) {
        let dates = sessions.iter().map(|&s| self.problem.sessions[s].date);
        let first = dates.clone().min().unwrap_or(self.problem.planning_start);
        let last = dates.max().unwrap_or(self.problem.planning_start);
        (first, last)
    }

    /// The binding cause when no session (on or before `by`, if given) admits the case:
    /// the rule that stops the case in the sessions it got furthest with (rules are
    /// checked in a fixed order).
    fn no_compatible_session(&self, c: usize, by: Option<NaiveDate>) -> String {
        let problem = self.problem;
        let case = &problem.cases[c];
        let in_time = |date: NaiveDate| by.is_none_or(|d| date <= d);
        let start = problem.planning_start;
        // Sessions of the case's specialty from the start on get furthest; the others
        // stop at the planning start or the specialty (the first two rules).
        let mut conflicts: Vec<(usize, PairConflict)> = self
            .by_specialty
            .admitting(&case.specialty)
            .into_iter()
            .filter(|&s| (start..).contains(&problem.sessions[s].date))
            .filter(|&s| in_time(problem.sessions[s].date))
            .filter_map(|s| {
                pair_conflict(problem, self.rules, case, &problem.sessions[s], false)
                    .map(|k| (s, k))
            })
            .collect();
        if conflicts.is_empty() {
            let dates = problem.sessions.iter().map(|session| session.date);
            if let Some(s) = dates.clone().position(|d| d >= start && in_time(d)) {
                conflicts.push((s, PairConflict::Specialty));
            } else if let Some(s) = dates.clone().position(in_time) {
                conflicts.push((s, PairConflict::BeforePlanningStart));
            }
        }
        let rank = |k: &PairConflict| match k {
            PairConflict::BeforePlanningStart => 0,
            PairConflict::Specialty => 1,
            PairConflict::Surgeon => 2,
            // Mutual aid, checked next: a list at a site the patient will not go to.
            PairConflict::HomeSiteOnly(_)
            | PairConflict::OtherTrust { .. }
            | PairConflict::NoTravelTime { .. }
            | PairConflict::TooFar { .. } => 3,
            PairConflict::Equipment(_) => 4,
            PairConflict::BeforeEarliest => 5,
            PairConflict::PatientUnavailable => 6,
            PairConflict::Notice => 7,
            PairConflict::AfterHardDeadline(_) => 8,
            PairConflict::TooLong { .. } => 9,
            PairConflict::ResourceClosed(_) => 10,
            PairConflict::SurgeonUnavailable(_) => 11,
        };
        let Some(furthest) = conflicts.iter().map(|(_, k)| rank(k)).max() else {
            return match by {
                Some(_) => "no session in that time".into(),
                None => "no sessions in the horizon".into(),
            };
        };
        let stuck: Vec<&(usize, PairConflict)> = conflicts
            .iter()
            .filter(|(_, k)| rank(k) == furthest)
            .collect();
        let horizon = format!(
            "{} and {}",
            problem.planning_start,
            by.unwrap_or(problem.horizon_end)
        );
        let specialty = &case.specialty;
        let count = stuck.len();
        let plural = if count == 1 { "" } else { "s" };
        match &stuck[0].1 {
            PairConflict::BeforePlanningStart => format!("no session on or after the planning start {}", problem.planning_start),
            PairConflict::Specialty => format!("no session of specialty {specialty} between {horizon}"),
            PairConflict::Surgeon => format!(
                "no session of specialty {specialty} run by surgeon {} or with no surgeon named between {horizon}",
                case.surgeon.as_deref().unwrap_or("-")
            ),
            PairConflict::Equipment(item) => format!("no session of specialty {specialty} with {item} between {horizon}"),
            PairConflict::BeforeEarliest => format!(
                "the earliest date {} is after every compatible session",
                case.earliest.map(|d| d.to_string()).unwrap_or_default()
            ),
            PairConflict::PatientUnavailable => format!("the patient is unavailable on the date of every compatible session ({count} session{plural})"),
            PairConflict::Notice => format!(
                "every compatible session is within the minimum notice of {} days",
                self.rules.notice_days
            ),
            PairConflict::AfterHardDeadline(deadline) if *deadline < problem.planning_start => format!(
                "the hard deadline {deadline} had passed before the planning start"
            ),
            PairConflict::AfterHardDeadline(deadline) => format!(
                "every compatible session is after the hard deadline {deadline}"
            ),
            PairConflict::TooLong { needed, .. } => {
                let longest = stuck
                    .iter()
                    .filter_map(|(_, k)| match k {
                        PairConflict::TooLong { usable, .. } => Some(*usable),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0);
                format!("the case needs {needed} minutes, more than any compatible session (longest: {longest} usable minutes)")
            }
            PairConflict::ResourceClosed(name) => format!("no {name} is available (per_day 0) on the date of any compatible session ({count} session{plural})"),
            PairConflict::SurgeonUnavailable(surgeon) => format!(
                "surgeon {surgeon} is away or has fewer than {} minutes on the date of every compatible session",
                case.duration_min
            ),
            PairConflict::HomeSiteOnly(home) | PairConflict::OtherTrust { home } | PairConflict::NoTravelTime { home, .. } | PairConflict::TooFar { home, .. } => {
                let limit = case.travel.limit(self.rules.max_travel_min);
                let terms = match (case.travel.transfer_ok, limit) {
                    (Some(false), _) => "is treated at home only".to_string(),
                    (_, Some(limit)) => format!("travels {limit} minutes at most"),
                    (_, None) => "has no travel limit, so only the home trust's sites".to_string(),
                };
                format!("no compatible session at {home}, and the patient {terms} ({count} session{plural} elsewhere)")
            }
        }
    }
}

/// "session is", "sessions is" ("1 of 3 sessions is") or "sessions are": the noun
/// agrees with the sessions counted from, the verb with those counted.
fn sessions_are(count: usize, of: usize) -> &'static str {
    match (count, of) {
        (1, 1) => "session is",
        (1, _) => "sessions is",
        _ => "sessions are",
    }
}
