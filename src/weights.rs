//! The objective's weights: every soft preference has a documented default and can be
//! changed from a TOML file (`--weights FILE`) without touching code.

use crate::domain::Priority;
use crate::error::{Error, InputError, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One number per bookable priority.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerPriority {
    #[serde(rename = "P1a")]
    pub p1a: f64,
    #[serde(rename = "P1b")]
    pub p1b: f64,
    #[serde(rename = "P2")]
    pub p2: f64,
    #[serde(rename = "P3")]
    pub p3: f64,
    #[serde(rename = "P4")]
    pub p4: f64,
}

impl PerPriority {
    /// The weight of a priority; deferred codes are never booked and weigh nothing.
    pub fn get(&self, priority: Priority) -> f64 {
        match priority {
            Priority::P1a => self.p1a,
            Priority::P1b => self.p1b,
            Priority::P2 => self.p2,
            Priority::P3 => self.p3,
            Priority::P4 => self.p4,
            Priority::P5 | Priority::P6 => 0.0,
        }
    }

    /// Each priority's weight passed through `f`.
    pub fn map(&self, f: impl Fn(f64) -> f64) -> PerPriority {
        PerPriority {
            p1a: f(self.p1a),
            p1b: f(self.p1b),
            p2: f(self.p2),
            p3: f(self.p3),
            p4: f(self.p4),
        }
    }

    fn values(&self) -> [f64; 5] {
        [self.p1a, self.p1b, self.p2, self.p3, self.p4]
    }
}

/// The objective's weights (cost points; only their ratios matter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Penalty for leaving a case unbooked (added to its cost as if booked the day after
    /// the horizon, so booking late always beats not booking).
    pub unbooked: PerPriority,
    /// Cost per day booked past the deadline.
    pub late_per_day: PerPriority,
    /// Cost per day between the planning start and the booked date.
    pub wait_per_day: PerPriority,
    /// Waiting cost multiplier grows by this much per year already waited since referral
    /// (RTT), so the longest waiters within a priority go first.
    pub long_wait_factor: f64,
    /// Cost of moving a case away from its current `booked_session`.
    pub move_booking: f64,
    /// Cost of each session (theatre list) the plan uses: staffing a list costs money,
    /// and a list released early can go to another team.
    pub open_session: f64,
    /// Cost per extra theatre a surgeon operates in on one day (a surgeon in two
    /// theatres on a day costs this once).
    pub theatre_change: f64,
    /// Where waiting is counted from: the planning start, or the later of the planning
    /// start and the case's `earliest` date (a patient not yet ready is not waiting on
    /// the plan).
    pub wait_from: WaitFrom,
    /// Whether an unbooked case also pays the lateness and waiting of a booking the day
    /// after the horizon (so that booking late always beats not booking). When false an
    /// unbooked case pays its `unbooked` penalty alone, and a late booking may cost more
    /// than leaving the case for a later plan.
    pub unbooked_pays_delay: bool,
    /// Priorities whose deadline is hard: never booked after it (left unbooked, with
    /// the reason, when it cannot be met).
    pub hard_deadlines: Vec<Priority>,
}

/// Where a case's waiting is counted from (see [`Weights::wait_from`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitFrom {
    PlanningStart,
    Earliest,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            unbooked: PerPriority {
                p1a: 100_000.0,
                p1b: 50_000.0,
                p2: 10_000.0,
                p3: 2_000.0,
                p4: 1_000.0,
            },
            late_per_day: PerPriority {
                p1a: 10_000.0,
                p1b: 5_000.0,
                p2: 300.0,
                p3: 50.0,
                p4: 10.0,
            },
            wait_per_day: PerPriority {
                p1a: 100.0,
                p1b: 50.0,
                p2: 10.0,
                p3: 2.0,
                p4: 1.0,
            },
            long_wait_factor: 1.0,
            move_booking: 100.0,
            open_session: 0.0,
            theatre_change: 0.0,
            wait_from: WaitFrom::PlanningStart,
            unbooked_pays_delay: true,
            hard_deadlines: Vec::new(),
        }
    }
}

const HEADER: &str = "\
# Weights of rebook's objective. Every number is a cost in points; the plan minimises
# the total. Only ratios matter. Edit and pass with: rebook plan --weights FILE
#
# [unbooked]      penalty for leaving a case unbooked, by priority. An unbooked case also
#                 pays the lateness and waiting it would have had if booked the day after
#                 the horizon, so booking late always beats not booking.
# [late_per_day]  cost per day booked after the case's deadline.
# [wait_per_day]  cost per day between the planning start and the booked date.
# long_wait_factor  waiting costs are multiplied by (1 + factor x years waited since
#                 referral_date at the planning start): long waiters go first.
# move_booking    cost of moving a case away from its current booked_session.
# open_session    cost of each session (theatre list) the plan uses; lists left empty
#                 can be released to other teams.
# theatre_change  cost per extra theatre a surgeon operates in on one day.
# wait_from       planning_start, or earliest: waiting counts from the later of the
#                 planning start and the case's earliest date.
# unbooked_pays_delay  true: an unbooked case also pays the lateness and waiting of a
#                 booking the day after the horizon (booking late always beats not
#                 booking); false: it pays its [unbooked] penalty alone.
# hard_deadlines  priorities whose deadline must not be missed, e.g. ['P1a', 'P1b']:
#                 such a case is booked on time or left unbooked with the reason.

";

impl Weights {
    /// The defaults as a commented, ready-to-edit TOML file.
    pub fn default_file() -> String {
        let body = toml::to_string(&Weights::default()).expect("weights serialise");
        format!("{HEADER}{body}")
    }

    /// Reads a weights file; keys not given keep their defaults.
    pub fn read(path: &Path) -> Result<Weights> {
        let file = crate::input::table::display_name(path);
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Input(vec![InputError::file(
                &file,
                format!("cannot be read: {e}"),
            )])
        })?;
        let weights = Weights::from_toml(&text).map_err(|e| {
            let line = e
                .span()
                .map(|span| 1 + text[..span.start].matches('\n').count() as u64);
            let message = e.message().to_string();
            Error::Input(vec![match line {
                Some(line) => InputError::at(&file, line, None, message),
                None => InputError::file(&file, message),
            }])
        })?;
        weights.check(&file)?;
        Ok(weights)
    }

    /// Parses TOML text over the defaults: any key left out keeps its default value.
    pub fn from_toml(text: &str) -> Result<Weights, toml::de::Error> {
        let file: WeightsFile = toml::from_str(text)?;
        let mut weights = Weights::default();
        file.unbooked.apply(&mut weights.unbooked);
        file.late_per_day.apply(&mut weights.late_per_day);
        file.wait_per_day.apply(&mut weights.wait_per_day);
        let numbers = [
            (file.long_wait_factor, &mut weights.long_wait_factor),
            (file.move_booking, &mut weights.move_booking),
            (file.open_session, &mut weights.open_session),
            (file.theatre_change, &mut weights.theatre_change),
        ];
        for (given, slot) in numbers {
            if let Some(value) = given {
                *slot = value;
            }
        }
        if let Some(value) = file.wait_from {
            weights.wait_from = value;
        }
        if let Some(value) = file.unbooked_pays_delay {
            weights.unbooked_pays_delay = value;
        }
        if let Some(mut list) = file.hard_deadlines {
            list.sort();
            list.dedup();
            weights.hard_deadlines = list;
        }
        Ok(weights)
    }

    fn check(&self, file: &str) -> Result<()> {
        let mut all = vec![
            self.long_wait_factor,
            self.move_booking,
            self.open_session,
            self.theatre_change,
        ];
        for group in [&self.unbooked, &self.late_per_day, &self.wait_per_day] {
            all.extend(group.values());
        }
        if all.iter().any(|w| !w.is_finite() || *w < 0.0 || *w > 1e9) {
            return Err(Error::Input(vec![InputError::file(
                file,
                "every weight must be a number from 0 to 1000000000",
            )]));
        }
        if let Some(p) = self.hard_deadlines.iter().find(|p| p.is_deferred()) {
            return Err(Error::Input(vec![InputError::file(
                file,
                format!(
                    "hard_deadlines: {p} cases are never booked, so they have no deadline to keep"
                ),
            )]));
        }
        Ok(())
    }
}

/// A weights file as written: every key optional, unknown keys refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightsFile {
    #[serde(default)]
    unbooked: PerPriorityFile,
    #[serde(default)]
    late_per_day: PerPriorityFile,
    #[serde(default)]
    wait_per_day: PerPriorityFile,
    long_wait_factor: Option<f64>,
    move_booking: Option<f64>,
    open_session: Option<f64>,
    theatre_change: Option<f64>,
    wait_from: Option<WaitFrom>,
    unbooked_pays_delay: Option<bool>,
    hard_deadlines: Option<Vec<Priority>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PerPriorityFile {
    #[serde(rename = "P1a")]
    p1a: Option<f64>,
    #[serde(rename = "P1b")]
    p1b: Option<f64>,
    #[serde(rename = "P2")]
    p2: Option<f64>,
    #[serde(rename = "P3")]
    p3: Option<f64>,
    #[serde(rename = "P4")]
    p4: Option<f64>,
}

impl PerPriorityFile {
    fn apply(&self, target: &mut PerPriority) {
        let pairs = [
            (self.p1a, &mut target.p1a),
            (self.p1b, &mut target.p1b),
            (self.p2, &mut target.p2),
            (self.p3, &mut target.p3),
            (self.p4, &mut target.p4),
        ];
        for (given, slot) in pairs {
            if let Some(value) = given {
                *slot = value;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_file_reads_back_as_the_defaults() {
        let read: Weights = toml::from_str(&Weights::default_file()).unwrap();
        assert_eq!(read, Weights::default());
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let read = Weights::from_toml("move_booking = 5\n[late_per_day]\nP3 = 4\n").unwrap();
        assert_eq!(read.move_booking, 5.0);
        assert_eq!(read.late_per_day.p3, 4.0);
        assert_eq!(read.late_per_day.p2, Weights::default().late_per_day.p2);
        assert_eq!(read.unbooked, Weights::default().unbooked);
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(Weights::from_toml("moev_booking = 5\n").is_err());
        assert!(Weights::from_toml("[unbooked]\nP7 = 5\n").is_err());
    }
}
