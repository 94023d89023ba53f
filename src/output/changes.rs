//! What a re-plan changes for patients: changes.csv (one row per case of the baseline or
//! the new inputs: kept, moved, new, dropped, removed, forced, with the cause) and
//! contacts.csv (the booking office's call list: every patient whose date, time or site
//! changed, who is newly booked, or whose booking was dropped). `rebook diff` writes the
//! same changes.csv for any two plans.

use crate::domain::baseline::{change_between, Change, Slot};
use crate::domain::Problem;
use crate::explain::Plan;
use crate::io::baseline::RemovedBooking;
use crate::io::plan_files::csv_bytes;
use crate::solver::change_cap::CapReport;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const CHANGES_HEADER: &[&str] = &[
    "case_id",
    "patient_id",
    "priority",
    "change",
    "old_session",
    "old_date",
    "old_site",
    "new_session",
    "new_date",
    "new_site",
    "days_moved",
    "notice_days",
    "cause",
];

pub const CONTACTS_HEADER: &[&str] = &[
    "case_id",
    "patient_id",
    "priority",
    "change",
    "new_date",
    "new_start",
    "new_site",
    "new_session",
    "old_date",
    "old_site",
    "message",
];

/// One case's change.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    pub case_id: String,
    pub patient_id: String,
    pub priority: String,
    pub change: Change,
    pub old: Option<Slot>,
    pub new: Option<Slot>,
    /// Whether the patient was told the old date (a change to it counts).
    pub notified: bool,
    pub cause: String,
}

impl ChangeRow {
    /// Days from the old date to the new (negative: earlier).
    pub fn days_moved(&self) -> Option<i64> {
        Some((self.new.as_ref()?.date - self.old.as_ref()?.date).num_days())
    }

    /// Whether the patient has to be told something.
    pub fn to_contact(&self) -> bool {
        self.change.needs_contact() && (self.new.is_some() || self.old.is_some())
    }
}

/// The changes a re-plan makes: every case of the new inputs (in input order), then the
/// published bookings whose case is gone.
pub fn plan_changes(problem: &Problem, plan: &Plan, removed: &[RemovedBooking]) -> Vec<ChangeRow> {
    let mut start_of = vec![None; problem.cases.len()];
    for row in &plan.rows {
        start_of[row.case] = Some(row.start);
    }
    let reasons: BTreeMap<usize, &str> = plan
        .unbooked
        .iter()
        .map(|(c, reason)| (*c, reason.as_str()))
        .collect();
    let mut rows = Vec::with_capacity(problem.cases.len() + removed.len());
    for (c, case) in problem.cases.iter().enumerate() {
        let old = case.published.as_ref().map(|p| p.slot.clone());
        let new = plan.booking[c].map(|s| {
            let session = &problem.sessions[s];
            Slot {
                session_id: session.id.clone(),
                date: session.date,
                start: start_of[c],
                site: session.site.clone(),
            }
        });
        let mut change = change_between(old.as_ref(), new.as_ref());
        let forced = case.published.as_ref().and_then(|p| p.forced.clone());
        let not_booked = || {
            let reason = reasons.get(&c).copied().unwrap_or("not booked");
            format!("not booked: {reason}")
        };
        let cause = match (&forced, change) {
            (_, Change::Kept) => String::new(),
            (Some(cause), _) => {
                change = Change::Forced;
                cause.clone()
            }
            (None, Change::Dropped) => not_booked(),
            (None, Change::New) if new.is_none() => not_booked(),
            (None, _) => String::new(),
        };
        rows.push(ChangeRow {
            case_id: case.id.clone(),
            patient_id: case.patient_id.clone().unwrap_or_default(),
            priority: case.priority.to_string(),
            change,
            old,
            new,
            notified: case.published.as_ref().is_some_and(|p| p.notified),
            cause,
        });
    }
    rows.extend(removed.iter().map(|gone| ChangeRow {
        case_id: gone.case_id.clone(),
        patient_id: gone.patient_id.clone().unwrap_or_default(),
        priority: gone.priority.clone().unwrap_or_default(),
        change: Change::Removed,
        old: gone.slot.clone(),
        new: None,
        notified: true,
        cause: "no longer in cases.csv (done elsewhere or withdrawn)".into(),
    }));
    rows
}

/// changes.csv. `planning_start`: the re-plan's, from which `notice_days` (the notice a
/// new date gives) counts; `None` leaves it blank.
pub fn changes_csv(rows: &[ChangeRow], planning_start: Option<NaiveDate>) -> Vec<u8> {
    csv_bytes(
        CHANGES_HEADER,
        rows.iter().map(|row| {
            let old = row.old.as_ref();
            let new = row.new.as_ref();
            let date_changed = new.is_some_and(|n| old.is_none_or(|o| o.date != n.date));
            let notice = planning_start
                .zip(new)
                .filter(|_| date_changed)
                .map(|(start, n)| (n.date - start).num_days().to_string());
            vec![
                row.case_id.clone(),
                row.patient_id.clone(),
                row.priority.clone(),
                row.change.to_string(),
                old.map(|o| o.session_id.clone()).unwrap_or_default(),
                old.map(|o| o.date.to_string()).unwrap_or_default(),
                old.map(|o| o.site.clone()).unwrap_or_default(),
                new.map(|n| n.session_id.clone()).unwrap_or_default(),
                new.map(|n| n.date.to_string()).unwrap_or_default(),
                new.map(|n| n.site.clone()).unwrap_or_default(),
                row.days_moved().map(|d| d.to_string()).unwrap_or_default(),
                notice.unwrap_or_default(),
                row.cause.clone(),
            ]
        }),
    )
}

/// contacts.csv: the patients to call or write to, soonest date first.
pub fn contacts_csv(rows: &[ChangeRow]) -> Vec<u8> {
    let mut calls: Vec<&ChangeRow> = rows.iter().filter(|r| r.to_contact()).collect();
    let soonest = |r: &ChangeRow| {
        [r.old.as_ref(), r.new.as_ref()]
            .into_iter()
            .flatten()
            .map(|s| s.date)
            .min()
    };
    calls.sort_by(|a, b| soonest(a).cmp(&soonest(b)).then(a.case_id.cmp(&b.case_id)));
    csv_bytes(
        CONTACTS_HEADER,
        calls.into_iter().map(|row| {
            let old = row.old.as_ref();
            let new = row.new.as_ref();
            vec![
                row.case_id.clone(),
                row.patient_id.clone(),
                row.priority.clone(),
                row.change.to_string(),
                new.map(|n| n.date.to_string()).unwrap_or_default(),
                new.and_then(|n| n.start)
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_default(),
                new.map(|n| n.site.clone()).unwrap_or_default(),
                new.map(|n| n.session_id.clone()).unwrap_or_default(),
                old.map(|o| o.date.to_string()).unwrap_or_default(),
                old.map(|o| o.site.clone()).unwrap_or_default(),
                message(row),
            ]
        }),
    )
}

/// What to tell the patient, in plain words.
fn message(row: &ChangeRow) -> String {
    let when = |slot: &Slot| {
        let time = slot
            .start
            .map(|t| format!(" at {}", t.format("%H:%M")))
            .unwrap_or_default();
        format!(
            "{}{time} at {}",
            slot.date.format("%a %-d %b %Y"),
            slot.site
        )
    };
    let because = if row.cause.is_empty() {
        String::new()
    } else {
        format!(" ({})", row.cause)
    };
    match (row.old.as_ref(), row.new.as_ref()) {
        (Some(old), Some(new)) => format!(
            "operation moved from {} to {}{because}",
            old.date.format("%a %-d %b %Y"),
            when(new)
        ),
        (None, Some(new)) => format!("new date offered: {}", when(new)),
        (Some(old), None) => format!(
            "booking on {} cancelled, to be rebooked{because}",
            old.date.format("%a %-d %b %Y")
        ),
        (None, None) => String::new(),
    }
}

/// A re-plan's changes in summary.json.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReplanSummary {
    pub baseline: String,
    pub freeze_days: u32,
    /// Notified bookings inside the freeze window kept in their list.
    pub frozen_kept: usize,
    /// Rows of changes.csv by `change`.
    pub changes: BTreeMap<String, usize>,
    /// Changes to bookings the patient was told: chosen by the plan, and forced by the
    /// new inputs.
    pub notified_changed_unforced: usize,
    pub notified_changed_forced: usize,
    /// Patients on contacts.csv.
    pub patients_to_contact: usize,
    /// The re-plan's cost without the `moves` term (what patients and theatres pay).
    pub clinical_cost: f64,
    /// The same inputs planned from scratch, beside the re-plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_scratch: Option<FromScratch>,
    /// The price of stability: how much more the re-plan's clinical cost is than the
    /// plan from scratch's (a fraction; negative when the re-plan is cheaper, which a
    /// plan from scratch given less time can be).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_of_stability: Option<f64>,
    /// With `--max-moves`: the cap, the price per change that kept the plan within it,
    /// and each run's price, changes and cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_moves: Option<CapReport>,
}

/// The plan from scratch of a re-plan's inputs, compared with the published plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FromScratch {
    pub clinical_cost: f64,
    /// Its changes to notified bookings, as the re-plan's are counted.
    pub notified_changed_unforced: usize,
    pub notified_changed_forced: usize,
    pub patients_to_contact: usize,
    /// The solver's proven gap on it and the seconds it had.
    pub gap: f64,
    pub seconds: f64,
}

/// Changes to bookings the patient was told: (chosen, forced).
fn notified_changed(rows: &[ChangeRow]) -> (usize, usize) {
    let changed = |forced: bool| {
        rows.iter()
            .filter(|r| r.notified && r.old.is_some())
            .filter(|r| !matches!(r.change, Change::Kept | Change::Removed))
            .filter(|r| (r.change == Change::Forced) == forced)
            .count()
    };
    (changed(false), changed(true))
}

impl ReplanSummary {
    pub fn of(
        rows: &[ChangeRow],
        baseline: String,
        freeze_days: u32,
        frozen_kept: usize,
        clinical_cost: f64,
    ) -> Self {
        let mut changes: BTreeMap<String, usize> = BTreeMap::new();
        for row in rows {
            *changes.entry(row.change.to_string()).or_default() += 1;
        }
        let (unforced, forced) = notified_changed(rows);
        ReplanSummary {
            baseline,
            freeze_days,
            frozen_kept,
            changes,
            notified_changed_unforced: unforced,
            notified_changed_forced: forced,
            patients_to_contact: rows.iter().filter(|r| r.to_contact()).count(),
            clinical_cost,
            from_scratch: None,
            price_of_stability: None,
            max_moves: None,
        }
    }

    /// Sets the plan from scratch beside the re-plan: `rows` are its changes against the
    /// same baseline (`plan_changes` on the re-plan's problem with the scratch plan).
    pub fn beside(&mut self, rows: &[ChangeRow], clinical_cost: f64, gap: f64, seconds: f64) {
        let (unforced, forced) = notified_changed(rows);
        self.from_scratch = Some(FromScratch {
            clinical_cost,
            notified_changed_unforced: unforced,
            notified_changed_forced: forced,
            patients_to_contact: rows.iter().filter(|r| r.to_contact()).count(),
            gap,
            seconds,
        });
        self.price_of_stability =
            (clinical_cost > 0.0).then(|| (self.clinical_cost - clinical_cost) / clinical_cost);
    }
}
