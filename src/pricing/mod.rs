//! What each decision costs under the weights: booking a case in a session, leaving it
//! unbooked, and the plan-level terms (lists used, surgeons' extra theatres; see
//! `lists_used`). The model, the solver and the summary all price plans with these
//! functions, so they always agree; and whether one cost beats another is decided by one
//! rule (`cheaper`, `no_dearer`) wherever a plan or a move is kept or preferred.

pub mod lists_used;

use crate::domain::baseline::Change;
use crate::domain::deadline::{days_late, deadline, Deadline};
use crate::domain::weights::{WaitFrom, Weights};
use crate::domain::{Case, Problem, Session};
use crate::pricing::lists_used::{theatre_of_sessions, Counts, ListsUsed};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A cost split into the objective's terms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct CostTerms {
    pub unbooked: f64,
    pub late: f64,
    pub waiting: f64,
    pub moves: f64,
    /// `open_session` × sessions used.
    pub open_sessions: f64,
    /// `theatre_change` × extra theatres per surgeon-day.
    pub theatre_changes: f64,
    /// `[mutual_aid]`: patients treated away from their home site, and their travel.
    #[serde(default)]
    pub travel: f64,
}

impl CostTerms {
    pub fn total(&self) -> f64 {
        self.unbooked
            + self.late
            + self.waiting
            + self.moves
            + self.open_sessions
            + self.theatre_changes
            + self.travel
    }

    /// Everything but `moves`: the cost to patients and theatres, whatever the plan
    /// changed (what a re-plan and a plan from scratch are compared on).
    pub fn clinical(&self) -> f64 {
        self.total() - self.moves
    }

    pub fn add(&mut self, other: CostTerms) {
        self.unbooked += other.unbooked;
        self.late += other.late;
        self.waiting += other.waiting;
        self.moves += other.moves;
        self.open_sessions += other.open_sessions;
        self.theatre_changes += other.theatre_changes;
        self.travel += other.travel;
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
    pub fn lists_used(&self, booking: &[Option<usize>]) -> ListsUsed<'_> {
        ListsUsed::new(self.problem, &self.theatre_of, booking)
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

    /// Every case's deadline, by case index.
    pub fn deadlines(&self) -> &[Option<Deadline>] {
        &self.deadlines
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
        if let Some(cost) = self.disruption(c, case, Some(session)) {
            terms.moves = cost;
        } else if case.booked_session.is_some_and(|b| b != s) {
            terms.moves = self.weights.move_booking;
        }
        terms.travel = self.travel(case, session);
        terms
    }

    /// `[mutual_aid]`: a patient treated away from their home site pays `away` and each
    /// minute of travel (a pair travel.csv leaves out, allowed within the home trust
    /// without a limit, pays `away` alone).
    fn travel(&self, case: &Case, session: &Session) -> f64 {
        let Some(home) = case.travel.home_site.as_deref() else {
            return 0.0;
        };
        if home == session.site {
            return 0.0;
        }
        let weights = &self.weights.mutual_aid;
        let minutes = self.problem.mutual_aid.travel.minutes(home, &session.site);
        weights.away + weights.per_travel_minute * f64::from(minutes.unwrap_or(0))
    }

    /// What giving `case` the booking `session` (`None`: no booking) costs its patient
    /// when they were told a published date (`[disruption]`); `None` when they were not,
    /// and `move_booking` applies as for any `booked_session`.
    fn disruption(&self, c: usize, case: &Case, session: Option<&Session>) -> Option<f64> {
        let published = case.published.as_ref().filter(|p| p.notified)?;
        let weights = &self.weights.disruption;
        // A forced change is no choice: the flat price per chosen change is not on it.
        let chosen = if published.forced.is_none() {
            weights.per_change * (1.0 + weights.per_change_spread * spread(c))
        } else {
            0.0
        };
        let Some(session) = session else {
            return Some(weights.dropped + chosen);
        };
        let old = &published.slot;
        let later = (session.date - old.date).num_days().max(0) as f64 * weights.later_per_day;
        let change = old.change_to(&session.id, session.date, &session.site);
        let chosen = if change == Change::Kept { 0.0 } else { chosen };
        Some(
            chosen
                + match change {
                    Change::Kept => 0.0,
                    Change::Retimed => weights.retimed,
                    Change::Later => later,
                    Change::Earlier => weights.earlier,
                    Change::OtherSite if session.date < old.date => {
                        weights.other_site + weights.earlier
                    }
                    Change::OtherSite => weights.other_site + later,
                    Change::New | Change::Dropped | Change::Removed | Change::Forced => 0.0,
                },
        )
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
        if let Some(cost) = self.disruption(c, case, None) {
            terms.moves = cost;
        } else if case.booked_session.is_some() {
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

    /// The session of `sessions` where booking case `c` costs least among those `fits`
    /// accepts, with that cost: the booking's own cost plus, given the plan's `lists_used`
    /// (`None` when no plan-level weight is set), a session it would open and a theatre it
    /// would add to its surgeon's day. Ties go to the earlier session.
    pub fn cheapest_with_room(
        &self,
        lists_used: Option<&ListsUsed>,
        c: usize,
        sessions: &[usize],
        fits: impl Fn(usize) -> bool,
    ) -> Option<(usize, f64)> {
        let cost = |s: usize| {
            let added = lists_used.map_or(0.0, |o| self.plan_level(o.if_added(c, s)).total());
            self.booked(c, s).total() + added
        };
        sessions
            .iter()
            .copied()
            .filter(|&s| fits(s))
            .map(|s| (s, cost(s)))
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
    }

    /// The cost of a whole plan, by term.
    pub fn plan_cost(&self, booking: &[Option<usize>]) -> CostTerms {
        let mut total = CostTerms::default();
        for (c, booked) in booking.iter().enumerate() {
            total.add(match *booked {
                Some(s) => self.booked(c, s),
                None => self.unbooked(c),
            });
        }
        if self.has_plan_level_terms() {
            total.add(self.plan_level(self.lists_used(booking).counts()));
        }
        total
    }
}

/// Two costs closer than this fraction of the larger (or of one point, when both are
/// smaller) are the same cost: a plan's cost is a sum of up to millions of terms, whose
/// rounding stays far below it, while every weight a user sets is far above it.
pub const COST_TOLERANCE: f64 = 1e-9;

fn tolerance(a: f64, b: f64) -> f64 {
    COST_TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

/// Whether cost `a` is cheaper than `b` by more than rounding: the test for keeping a
/// new plan, taking a move, or preferring one option to another.
pub fn cheaper(a: f64, b: f64) -> bool {
    a < b - tolerance(a, b)
}

/// Whether cost `a` is at most `b`, up to rounding: the test for preferring a plan on a
/// tie.
pub fn no_dearer(a: f64, b: f64) -> bool {
    a <= b + tolerance(a, b)
}

/// A fixed number in [0, 1) for each case index, spread evenly over the cases (the
/// golden-ratio sequence): which of two changes of equal worth is the dearer.
fn spread(index: usize) -> f64 {
    (index as f64 * 0.618_033_988_749_895).fract()
}

#[cfg(test)]
mod comparison_tests {
    use super::*;

    #[test]
    fn costs_within_rounding_are_equal_and_a_point_is_not() {
        let total = 1_864_931.0;
        assert!(!cheaper(total - 1e-7, total));
        assert!(no_dearer(total + 1e-7, total));
        assert!(cheaper(total - 1.0, total));
        assert!(!no_dearer(total + 1.0, total));
        assert!(cheaper(-0.5, 0.0) && !cheaper(-1e-12, 0.0));
    }
}
