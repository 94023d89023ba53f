//! Re-planning against a published plan (`--baseline`): where each case was booked, and
//! what kind of change a new booking is for its patient.
//!
//! A change is classified from the patient's side: another site first (whatever the
//! date), then the date (later, earlier), then the list or time on the same day. The kinds are the `change` column of
//! changes.csv (FORMAT.md).

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::fmt;

/// Where and when a case is (or was) booked, as the patient was told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub session_id: String,
    pub date: NaiveDate,
    /// The case's start time within the list, when known (shown, not compared).
    pub start: Option<NaiveTime>,
    pub site: String,
}

/// A case's booking in the published plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub slot: Slot,
    /// Index of the slot's session in the new inputs; `None` when the list is gone.
    pub session: Option<usize>,
    /// The patient was told this date (cases.csv `notified`, default yes).
    pub notified: bool,
    /// Why the new inputs make this booking impossible (set when the inputs are read,
    /// `rules::freeze`): a change to it is forced, not chosen.
    pub forced: Option<String>,
}

/// What a re-plan does to one case (changes.csv `change`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Same list on the same date. The case's start within the list may shift with
    /// the list's other cases: patients are told the list's admission time.
    Kept,
    /// Same date and site, another list or time.
    Retimed,
    Later,
    Earlier,
    /// Another site (on any date).
    OtherSite,
    /// Not in the published plan; booked now (or not booked: a new case left waiting).
    New,
    /// Published, now not booked.
    Dropped,
    /// Published, and no longer in cases.csv (done elsewhere or withdrawn).
    Removed,
    /// Published, and the new inputs make that booking impossible.
    Forced,
}

impl Change {
    pub const ALL: [Change; 9] = [
        Change::Kept,
        Change::Retimed,
        Change::Later,
        Change::Earlier,
        Change::OtherSite,
        Change::New,
        Change::Dropped,
        Change::Removed,
        Change::Forced,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Change::Kept => "kept",
            Change::Retimed => "retimed",
            Change::Later => "later",
            Change::Earlier => "earlier",
            Change::OtherSite => "site_change",
            Change::New => "new",
            Change::Dropped => "dropped",
            Change::Removed => "removed",
            Change::Forced => "forced",
        }
    }

    pub fn parse(text: &str) -> Option<Change> {
        Change::ALL.into_iter().find(|c| c.label() == text.trim())
    }

    /// Whether the patient must be told (every kind but `kept` and `removed`, and a new
    /// case only when it gets a date).
    pub fn needs_contact(self) -> bool {
        !matches!(self, Change::Kept | Change::Removed)
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The change from `old` (the published slot) to `new` (the new booking) when the case is
/// in the new inputs and its booking was not forced: kept, retimed, later, earlier, site
/// change, new or dropped.
pub fn change_between(old: Option<&Slot>, new: Option<&Slot>) -> Change {
    match (old, new) {
        (None, _) => Change::New,
        (Some(_), None) => Change::Dropped,
        (Some(old), Some(new)) => old.change_to(&new.session_id, new.date, &new.site),
    }
}

impl Slot {
    /// The change from this slot to list `session_id` at `site` on `date` (asked for
    /// every priced pair, so it takes the new list's fields, not a `Slot`).
    pub fn change_to(&self, session_id: &str, date: NaiveDate, site: &str) -> Change {
        if site != self.site {
            Change::OtherSite
        } else if date > self.date {
            Change::Later
        } else if date < self.date {
            Change::Earlier
        } else if session_id == self.session_id {
            Change::Kept
        } else {
            Change::Retimed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(session: &str, day: u32, hour: u32, site: &str) -> Slot {
        Slot {
            session_id: session.into(),
            date: NaiveDate::from_ymd_opt(2024, 7, day).unwrap(),
            start: NaiveTime::from_hms_opt(hour, 0, 0),
            site: site.into(),
        }
    }

    #[test]
    fn a_change_is_named_by_date_then_site_then_time() {
        let old = slot("S1", 10, 8, "North");
        let kinds = [
            (slot("S1", 10, 8, "North"), Change::Kept),
            (slot("S1", 10, 9, "North"), Change::Kept),
            (slot("S2", 10, 8, "North"), Change::Retimed),
            (slot("S3", 12, 8, "North"), Change::Later),
            (slot("S4", 8, 8, "North"), Change::Earlier),
            (slot("S5", 10, 8, "South"), Change::OtherSite),
            (slot("S6", 12, 8, "South"), Change::OtherSite),
        ];
        for (new, kind) in kinds {
            assert_eq!(change_between(Some(&old), Some(&new)), kind, "{new:?}");
        }
        assert_eq!(change_between(Some(&old), None), Change::Dropped);
        assert_eq!(change_between(None, Some(&old)), Change::New);
        assert_eq!(change_between(None, None), Change::New);
    }

    #[test]
    fn every_kind_reads_back_from_its_label() {
        for kind in Change::ALL {
            assert_eq!(Change::parse(kind.label()), Some(kind));
        }
        assert_eq!(Change::parse("moved"), None);
    }
}
