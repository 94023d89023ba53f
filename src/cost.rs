//! What each decision costs under the weights: booking a case in a session, leaving it
//! unbooked, and the plan-level terms (sessions used, surgeons' extra theatres; see
//! `openings`). The model, the heuristics and the summary all price plans with these
//! functions, so they always agree.

use crate::deadline::{days_late, deadline, Deadline};
use crate::domain::{Case, Problem, Session};
use crate::openings::{theatre_of_sessions, Counts, Openings};
use crate::weights::{WaitFrom, Weights};
use chrono::NaiveDate;
use serde::Serialize;

/// A cost split into the objective's terms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CostTerms {
    pub unbooked: f64,
    pub late: f64,
    pub waiting: f64,
    pub moves: f64,
    /// `open_session` × sessions used.
    pub open_sessions: f64,
    /// `theatre_change` × extra theatres per surgeon-day.
    pub theatre_changes: f64,
}

impl CostTerms {
    pub fn total(&self) -> f64 {
        self.unbooked
            + self.late
            + self.waiting
            + self.moves
            + self.open_sessions
            + self.theatre_changes
    }

    pub fn add(&mut self, other: CostTerms) {
        self.unbooked += other.unbooked;
        self.late += other.late;
        self.waiting += other.waiting;
        self.moves += other.moves;
        self.open_sessions += other.open_sessions;
        self.theatre_changes += other.theatre_changes;
    }
}

/// Prices decisions for one problem: deadlines and long-wait factors are worked out once.
pub struct Pricing<'p> {
    problem: &'p Problem,
    weights: &'p Weights,
    deadlines: Vec<Option<Deadline>>,
    wait_factor: Vec<f64>,
    /// The theatre index of each session (for `theatre_change`).
    theatre_of: Vec<usize>,
}

impl<'p> Pricing<'p> {
    pub fn new(problem: &'p Problem, weights: &'p Weights) -> Self {
        let start = problem.planning_start;
        let deadlines = problem.cases.iter().map(|c| deadline(c, start)).collect();
        let wait_factor = problem
            .cases
            .iter()
            .map(|c| {
                let years = c
                    .referral_date
                    .map_or(0.0, |r| (start - r).num_days().max(0) as f64 / 365.25);
                1.0 + weights.long_wait_factor * years
            })
            .collect();
        Pricing {
            problem,
            weights,
            deadlines,
            wait_factor,
            theatre_of: theatre_of_sessions(problem),
        }
    }

    pub fn weights(&self) -> &Weights {
        self.weights
    }

    /// Whether the plan-level terms (`open_session`, `theatre_change`) are in use.
    pub fn has_plan_level_terms(&self) -> bool {
        self.weights.open_session > 0.0 || self.weights.theatre_change > 0.0
    }

    /// The theatre index of each session.
    pub fn theatre_of(&self) -> &[usize] {
        &self.theatre_of
    }

    /// The plan-level counts of `booking`, to update move by move.
    pub fn openings(&self, booking: &[Option<usize>]) -> Openings<'_> {
        Openings::new(self.problem, &self.theatre_of, booking)
    }

    /// The cost of plan-level counts (or of a change in them).
    pub fn plan_level(&self, counts: Counts) -> CostTerms {
        CostTerms {
            open_sessions: self.weights.open_session * counts.sessions as f64,
            theatre_changes: self.weights.theatre_change * counts.extra_theatres as f64,
            ..CostTerms::default()
        }
    }

    pub fn deadline(&self, case: usize) -> Option<Deadline> {
        self.deadlines[case]
    }

    /// The cost of doing `case` on `date`, before any move cost.
    fn on_date(&self, c: usize, date: NaiveDate) -> CostTerms {
        let case = &self.problem.cases[c];
        let from = match self.weights.wait_from {
            WaitFrom::PlanningStart => self.problem.planning_start,
            WaitFrom::Earliest => case.earliest.map_or(self.problem.planning_start, |e| {
                e.max(self.problem.planning_start)
            }),
        };
        let waited = (date - from).num_days().max(0) as f64;
        CostTerms {
            late: self.weights.late_per_day.get(case.priority)
                * days_late(self.deadlines[c], date) as f64,
            waiting: self.weights.wait_per_day.get(case.priority) * waited * self.wait_factor[c],
            ..CostTerms::default()
        }
    }

    /// The cost of booking case `c` into session `s`.
    pub fn booked(&self, c: usize, s: usize) -> CostTerms {
        let case: &Case = &self.problem.cases[c];
        let session: &Session = &self.problem.sessions[s];
        let mut terms = self.on_date(c, session.date);
        if case.booked_session.is_some_and(|b| b != s) {
            terms.moves = self.weights.move_booking;
        }
        terms
    }

    /// The cheapest of `sessions` for case `c` (ties: the lower session index).
    pub fn cheapest_session(
        &self,
        c: usize,
        sessions: impl Iterator<Item = usize>,
    ) -> Option<usize> {
        sessions.min_by(|&a, &b| {
            self.booked(c, a)
                .total()
                .total_cmp(&self.booked(c, b).total())
                .then(a.cmp(&b))
        })
    }

    /// The cost of leaving case `c` unbooked: the penalty plus, with
    /// `unbooked_pays_delay`, the lateness and waiting of a booking the day after the
    /// horizon, so that any booking is cheaper (and the move, if it had a booking).
    /// Deferred cases cost nothing: not booking is right.
    pub fn unbooked(&self, c: usize) -> CostTerms {
        let case = &self.problem.cases[c];
        if case.priority.is_deferred() {
            return CostTerms::default();
        }
        let after = self
            .problem
            .horizon_end
            .succ_opt()
            .unwrap_or(self.problem.horizon_end);
        let mut terms = if self.weights.unbooked_pays_delay {
            self.on_date(c, after)
        } else {
            CostTerms::default()
        };
        terms.unbooked = self.weights.unbooked.get(case.priority);
        if case.booked_session.is_some() {
            terms.moves = self.weights.move_booking;
        }
        terms
    }

    /// A lower bound on any plan's cost that needs no solver: each case priced at its
    /// cheapest allowed option as if no other case competed for capacity (a locked case
    /// at its booking). Weak, but always available and always valid.
    pub fn bound_without_capacity(&self, eligible: &[Vec<usize>]) -> f64 {
        (0..eligible.len())
            .map(|c| self.cheapest_option(c, &eligible[c]))
            .sum()
    }

    /// Case c's cheapest option among `sessions` and (unless locked) staying unbooked,
    /// capacity ignored: its share of `bound_without_capacity`.
    pub fn cheapest_option(&self, c: usize, sessions: &[usize]) -> f64 {
        let cheapest = sessions
            .iter()
            .map(|&s| self.booked(c, s).total())
            .fold(f64::INFINITY, f64::min);
        if self.problem.cases[c].locked {
            cheapest
        } else {
            cheapest.min(self.unbooked(c).total())
        }
    }

    /// The least lateness term any plan can have: each case at its least late allowed
    /// option (booked, or unbooked as if booked the day after the horizon), capacity
    /// ignored. Lateness below this is impossible whatever the planner does.
    pub fn lateness_floor(&self, eligible: &[Vec<usize>]) -> f64 {
        eligible
            .iter()
            .enumerate()
            .map(|(c, sessions)| {
                let unbooked = if self.problem.cases[c].locked {
                    f64::INFINITY
                } else {
                    self.unbooked(c).late
                };
                sessions
                    .iter()
                    .map(|&s| self.booked(c, s).late)
                    .fold(unbooked, f64::min)
            })
            .sum()
    }

    /// The cost of a whole plan, by term.
    pub fn plan(&self, booking: &[Option<usize>]) -> CostTerms {
        let mut total = CostTerms::default();
        for (c, booked) in booking.iter().enumerate() {
            total.add(match *booked {
                Some(s) => self.booked(c, s),
                None => self.unbooked(c),
            });
        }
        if self.has_plan_level_terms() {
            total.add(self.plan_level(self.openings(booking).counts()));
        }
        total
    }
}
