//! The weights file: `rebook weights` prints the defaults as commented TOML, and
//! `--weights FILE` reads one over the defaults (unknown keys refused, errors by line).

use crate::domain::error::{Error, InputError, Result};
use crate::domain::weights::{Disruption, MutualAidWeights, PerPriority, WaitFrom, Weights};
use crate::domain::Priority;
use serde::Deserialize;
use std::path::Path;

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
# [disruption]    re-planning (--baseline): the price of changing a booking the patient
#                 was told, instead of move_booking: later_per_day (each day later),
#                 earlier (any earlier date), retimed (same day and site, another
#                 list), other_site (another site), dropped (booking withdrawn, on top
#                 of the unbooked penalty), per_change (on every chosen change, on top
#                 of its own price). The defaults let a P2 past its deadline
#                 displace a routine booking (docs/model.md, Re-planning).
# [mutual_aid]    a patient treated away from their home site (cases.csv home_site):
#                 away (each such patient) plus per_travel_minute (travel.csv minutes
#                 from home). The defaults put an hour away (160) below a P2 one day
#                 late (300) and above a P4 waiting a few months.

";

impl Weights {
    /// The defaults as a commented, ready-to-edit TOML file.
    pub fn default_file() -> String {
        let body = toml::to_string(&Weights::default()).expect("weights serialise");
        format!("{HEADER}{body}")
    }

    /// Reads a weights file; keys not given keep their defaults.
    pub fn read(path: &Path) -> Result<Weights> {
        let file = crate::io::input::table::display_name(path);
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
        if let Some(disruption) = file.disruption {
            weights.disruption = disruption;
        }
        if let Some(mutual_aid) = file.mutual_aid {
            weights.mutual_aid = mutual_aid;
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
        all.extend(self.disruption.values());
        all.extend([self.mutual_aid.away, self.mutual_aid.per_travel_minute]);
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
    /// Keys left out keep their defaults (`Disruption` reads with `serde(default)`).
    disruption: Option<Disruption>,
    mutual_aid: Option<MutualAidWeights>,
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
        let read = Weights::from_toml("[disruption]\nearlier = 7\n").unwrap();
        assert_eq!(read.disruption.earlier, 7.0);
        assert_eq!(
            read.disruption.dropped,
            Weights::default().disruption.dropped
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(Weights::from_toml("moev_booking = 5\n").is_err());
        assert!(Weights::from_toml("[unbooked]\nP7 = 5\n").is_err());
        assert!(Weights::from_toml("[disruption]\nlater = 5\n").is_err());
    }
}
