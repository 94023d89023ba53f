//! The rows of the four files a scenario writes, one struct per file whose fields are
//! the columns in order (`csv` writes the header from the field names).

use chrono::NaiveDate;
use serde::Serialize;

/// A row of cases.csv.
#[derive(Serialize)]
pub(super) struct CaseRow {
    pub(super) case_id: String,
    pub(super) patient_id: String,
    pub(super) nhs_number: String,
    pub(super) specialty: String,
    pub(super) procedure: String,
    pub(super) priority: String,
    pub(super) duration_min: u32,
    pub(super) surgeon: String,
    pub(super) listed_on: NaiveDate,
    pub(super) referral_date: NaiveDate,
    pub(super) cancelled_on: String,
    pub(super) cancel_type: String,
    pub(super) earliest: String,
    pub(super) due: String,
    pub(super) equipment: String,
    pub(super) resources: String,
    pub(super) unavailable: String,
    pub(super) booked_session: String,
    pub(super) locked: String,
}

/// A row of sessions.csv.
#[derive(Serialize)]
pub(super) struct SessionRow {
    pub(super) session_id: String,
    pub(super) site: String,
    pub(super) theatre: String,
    pub(super) date: NaiveDate,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) specialty: String,
    pub(super) surgeon: String,
    pub(super) equipment: String,
    pub(super) turnaround_min: String,
}

/// A row of resources.csv.
#[derive(Serialize)]
pub(super) struct ResourceRow {
    resource: String,
    site: String,
    from: NaiveDate,
    to: NaiveDate,
    per_day: u32,
}

impl ResourceRow {
    pub(super) fn new(
        resource: &str,
        site: &str,
        from: NaiveDate,
        to: NaiveDate,
        per_day: u32,
    ) -> Self {
        ResourceRow {
            resource: resource.into(),
            site: site.into(),
            from,
            to,
            per_day,
        }
    }
}

/// A row of surgeons.csv.
#[derive(Serialize)]
pub(super) struct SurgeonRow {
    pub(super) surgeon: String,
    pub(super) date: NaiveDate,
    pub(super) max_minutes: u32,
}

impl SurgeonRow {
    pub(super) fn new(surgeon: &str, date: NaiveDate, max_minutes: u32) -> Self {
        SurgeonRow {
            surgeon: surgeon.into(),
            date,
            max_minutes,
        }
    }
}

/// The four files' rows.
#[derive(Default)]
pub(super) struct Tables {
    pub(super) cases: Vec<CaseRow>,
    pub(super) sessions: Vec<SessionRow>,
    pub(super) resources: Vec<ResourceRow>,
    pub(super) surgeons: Vec<SurgeonRow>,
}

impl Tables {
    /// The backlog's minutes (a 15-minute turnaround each; P5 and P6, who chose to wait,
    /// left out) over the minutes of all lists.
    pub(super) fn load(&self) -> f64 {
        let demand: u32 = self
            .cases
            .iter()
            .filter(|row| !matches!(row.priority.as_str(), "P5" | "P6"))
            .map(|row| row.duration_min + 15)
            .sum();
        let minutes = |time: &str| {
            let (h, m) = time.split_once(':').unwrap_or(("0", "0"));
            h.parse::<u32>().unwrap_or(0) * 60 + m.parse::<u32>().unwrap_or(0)
        };
        let offered: u32 = self
            .sessions
            .iter()
            .map(|row| minutes(&row.end).saturating_sub(minutes(&row.start)))
            .sum();
        f64::from(demand) / f64::from(offered.max(1))
    }
}
