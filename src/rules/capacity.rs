//! What a partial plan has used: session minutes, surgeons' daily minutes, daily counted
//! resources and patients' days. The constructive heuristic fills it, the repair step
//! and the explanations ask it what stops one more case.

use crate::domain::Rules;
use crate::domain::{Name, Problem};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Why a case cannot be added to a session given what is already booked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Blocker {
    /// The session has too few minutes left.
    SessionFull,
    /// The surgeon's daily minutes would be exceeded.
    SurgeonMinutes(String),
    /// A daily counted resource is used up on that date.
    Resource(Name),
    /// The patient already has an operation that day.
    PatientSameDay,
}

/// Usage of one partial plan.
pub struct Load<'p> {
    problem: &'p Problem,
    /// Minutes each session may hold counting one extra turnaround (see `fits`).
    allowance: Vec<u32>,
    used: Vec<u32>,
    surgeon_minutes: HashMap<(&'p str, NaiveDate), u32>,
    resource_count: HashMap<(usize, NaiveDate), u32>,
    patient_days: HashSet<(usize, NaiveDate)>,
}

impl<'p> Load<'p> {
    pub fn new(problem: &'p Problem, rules: &Rules) -> Self {
        // n cases fit when sum(duration + turnaround) <= usable + turnaround,
        // since no turnaround follows the last case.
        let allowance = problem
            .sessions
            .iter()
            .map(|s| problem.usable_minutes(s, rules.max_fill) + s.turnaround_min)
            .collect();
        Load {
            problem,
            allowance,
            used: vec![0; problem.sessions.len()],
            surgeon_minutes: HashMap::new(),
            resource_count: HashMap::new(),
            patient_days: HashSet::new(),
        }
    }

    /// The usage of a whole plan (`booking[c]`: the session of case `c`, if booked).
    pub fn from_booking(problem: &'p Problem, rules: &Rules, booking: &[Option<usize>]) -> Self {
        let mut load = Load::new(problem, rules);
        for (c, booked) in booking.iter().enumerate() {
            if let Some(s) = *booked {
                load.add(c, s);
            }
        }
        load
    }

    /// The first thing that stops case `c` going into session `s` now (`None`: it fits),
    /// checked in the order minutes, surgeon, resources, patient.
    pub fn blocker(&self, c: usize, s: usize) -> Option<Blocker> {
        let problem = self.problem;
        let case = &problem.cases[c];
        let session = &problem.sessions[s];
        if self.used[s] + case.duration_min + session.turnaround_min > self.allowance[s] {
            return Some(Blocker::SessionFull);
        }
        if let Some(surgeon) = problem.operating_surgeon(case, session) {
            if let Some(max) = problem.surgeon_limits.get(surgeon, session.date) {
                let used = self
                    .surgeon_minutes
                    .get(&(surgeon, session.date))
                    .copied()
                    .unwrap_or(0);
                if used + case.duration_min > max {
                    return Some(Blocker::SurgeonMinutes(surgeon.to_string()));
                }
            }
        }
        for resource in &case.resources {
            let full = self.limits(resource, s).any(|(l, per_day)| {
                self.resource_count
                    .get(&(l, session.date))
                    .copied()
                    .unwrap_or(0)
                    >= per_day
            });
            if full {
                return Some(Blocker::Resource(resource.clone()));
            }
        }
        match case.patient {
            Some(patient) if self.patient_days.contains(&(patient, session.date)) => {
                Some(Blocker::PatientSameDay)
            }
            _ => None,
        }
    }

    /// The minutes still free in session `s`.
    pub fn room(&self, s: usize) -> u32 {
        self.allowance[s].saturating_sub(self.used[s])
    }

    pub fn fits(&self, c: usize, s: usize) -> bool {
        self.blocker(c, s).is_none()
    }

    /// Books case `c` into session `s` (the caller has checked that it fits).
    pub fn add(&mut self, c: usize, s: usize) {
        self.change(c, s, true)
    }

    /// Takes case `c` out of session `s`.
    pub fn remove(&mut self, c: usize, s: usize) {
        self.change(c, s, false)
    }

    fn change(&mut self, c: usize, s: usize, adding: bool) {
        let problem = self.problem;
        let case = &problem.cases[c];
        let session = &problem.sessions[s];
        let step = |value: &mut u32, amount: u32| {
            *value = if adding {
                *value + amount
            } else {
                value.saturating_sub(amount)
            };
        };
        step(
            &mut self.used[s],
            case.duration_min + session.turnaround_min,
        );
        if let Some(surgeon) = problem.operating_surgeon(case, session) {
            step(
                self.surgeon_minutes
                    .entry((surgeon, session.date))
                    .or_default(),
                case.duration_min,
            );
        }
        for resource in &case.resources {
            let limits: Vec<usize> = self.limits(resource, s).map(|(l, _)| l).collect();
            for l in limits {
                step(self.resource_count.entry((l, session.date)).or_default(), 1);
            }
        }
        if let Some(patient) = case.patient {
            if adding {
                self.patient_days.insert((patient, session.date));
            } else {
                self.patient_days.remove(&(patient, session.date));
            }
        }
    }

    /// The resource limits (index, per_day) that apply to `resource` in session `s`.
    fn limits<'a>(
        &'a self,
        resource: &'a Name,
        s: usize,
    ) -> impl Iterator<Item = (usize, u32)> + 'a {
        let session = &self.problem.sessions[s];
        self.problem
            .resource_limits
            .iter()
            .enumerate()
            .filter(move |(_, l)| &l.resource == resource && l.applies(&session.site, session.date))
            .map(|(i, l)| (i, l.per_day))
    }
}
