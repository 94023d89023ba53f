//! The plan-level counts behind two costs that no single booking carries: the sessions
//! a plan uses (`open_session`) and the extra theatres a surgeon works in on one day
//! (`theatre_change`). Counted incrementally, so the repair steps can ask what one more
//! booking, or one fewer, changes; `pricing::Pricing::plan_cost` counts whole plans with it.

use crate::domain::Problem;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Where each session is: an index per distinct (site, theatre).
pub fn theatre_of_sessions(problem: &Problem) -> Vec<usize> {
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    problem
        .sessions
        .iter()
        .map(|s| {
            let next = index.len();
            *index.entry((&s.site, &s.theatre)).or_insert(next)
        })
        .collect()
}

/// The two counts of a plan, or the change one booking makes to them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Sessions with at least one case.
    pub sessions: usize,
    /// Σ over (surgeon, day) of (theatres the surgeon operates in that day − 1).
    pub extra_theatres: usize,
}

/// The counts of a partial plan.
pub struct ListsUsed<'p> {
    problem: &'p Problem,
    theatre_of: &'p [usize],
    cases_in: Vec<u32>,
    /// (surgeon, date) → (theatre, cases there) for each theatre with a case.
    surgeon_days: HashMap<(&'p str, NaiveDate), Vec<(usize, u32)>>,
    counts: Counts,
}

impl<'p> ListsUsed<'p> {
    /// The counts of `booking` (`theatre_of`: from [`theatre_of_sessions`]).
    pub fn new(problem: &'p Problem, theatre_of: &'p [usize], booking: &[Option<usize>]) -> Self {
        let mut openings = ListsUsed {
            problem,
            theatre_of,
            cases_in: vec![0; problem.sessions.len()],
            surgeon_days: HashMap::new(),
            counts: Counts::default(),
        };
        for (c, booked) in booking.iter().enumerate() {
            if let Some(s) = *booked {
                openings.add(c, s);
            }
        }
        openings
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    fn surgeon_day(&self, c: usize, s: usize) -> Option<(&'p str, NaiveDate)> {
        let problem = self.problem;
        let session = &problem.sessions[s];
        problem
            .operating_surgeon(&problem.cases[c], session)
            .map(|g| (g, session.date))
    }

    /// What booking case `c` into session `s` would add to the counts.
    pub fn if_added(&self, c: usize, s: usize) -> Counts {
        let theatre = self.theatre_of[s];
        let extra = self.surgeon_day(c, s).map_or(0, |key| {
            let there = self.surgeon_days.get(&key).map_or(&[][..], Vec::as_slice);
            usize::from(!there.is_empty() && !there.iter().any(|&(t, _)| t == theatre))
        });
        Counts {
            sessions: usize::from(self.cases_in[s] == 0),
            extra_theatres: extra,
        }
    }

    /// What taking case `c` out of session `s` (where it is booked) would remove.
    pub fn if_removed(&self, c: usize, s: usize) -> Counts {
        let theatre = self.theatre_of[s];
        let extra = self.surgeon_day(c, s).map_or(0, |key| {
            let there = self.surgeon_days.get(&key).map_or(&[][..], Vec::as_slice);
            let alone_here = there.iter().any(|&(t, n)| t == theatre && n == 1);
            usize::from(alone_here && there.len() > 1)
        });
        Counts {
            sessions: usize::from(self.cases_in[s] == 1),
            extra_theatres: extra,
        }
    }

    /// Books case `c` into session `s`.
    pub fn add(&mut self, c: usize, s: usize) {
        let added = self.if_added(c, s);
        self.counts.sessions += added.sessions;
        self.counts.extra_theatres += added.extra_theatres;
        self.cases_in[s] += 1;
        if let Some(key) = self.surgeon_day(c, s) {
            let theatre = self.theatre_of[s];
            let there = self.surgeon_days.entry(key).or_default();
            match there.iter_mut().find(|(t, _)| *t == theatre) {
                Some((_, n)) => *n += 1,
                None => there.push((theatre, 1)),
            }
        }
    }

    /// Takes case `c` out of session `s` (where it is booked).
    pub fn remove(&mut self, c: usize, s: usize) {
        let removed = self.if_removed(c, s);
        self.counts.sessions -= removed.sessions;
        self.counts.extra_theatres -= removed.extra_theatres;
        self.cases_in[s] = self.cases_in[s].saturating_sub(1);
        if let Some(key) = self.surgeon_day(c, s) {
            let theatre = self.theatre_of[s];
            if let Some(there) = self.surgeon_days.get_mut(&key) {
                if let Some(i) = there.iter().position(|&(t, _)| t == theatre) {
                    there[i].1 -= 1;
                    if there[i].1 == 0 {
                        there.swap_remove(i);
                    }
                }
            }
        }
    }
}
