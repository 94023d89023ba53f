//! The rows of schedule.csv and unscheduled.csv (README, "Outputs"); their columns and
//! cell guard are `io::plan_files`.

use crate::domain::deadline::days_late;
use crate::domain::Problem;
use crate::explain::Plan;
use crate::io::plan_files::{csv_bytes, SCHEDULE_HEADER, UNSCHEDULED_HEADER};
use crate::pricing::Pricing;

/// One row per booked case, sorted by date, site, theatre, start.
pub fn schedule_csv(problem: &Problem, pricing: &Pricing, plan: &Plan) -> Vec<u8> {
    let rows = plan.rows.iter().map(|row| {
        let case = &problem.cases[row.case];
        let session = &problem.sessions[row.session];
        let deadline = pricing.deadline(row.case);
        let changed = match case.booked_session {
            Some(b) if b == row.session => "no",
            Some(_) => "yes",
            None => "",
        };
        vec![
            case.id.clone(),
            case.patient_id.clone().unwrap_or_default(),
            case.specialty.to_string(),
            case.procedure.clone().unwrap_or_default(),
            case.priority.to_string(),
            problem
                .operating_surgeon(case, session)
                .unwrap_or_default()
                .to_string(),
            session.id.clone(),
            session.site.clone(),
            session.theatre.clone(),
            session.date.to_string(),
            row.start.format("%H:%M").to_string(),
            row.end.format("%H:%M").to_string(),
            deadline.map(|d| d.date.to_string()).unwrap_or_default(),
            days_late(deadline, session.date).to_string(),
            changed.to_string(),
        ]
    });
    csv_bytes(SCHEDULE_HEADER, rows)
}

/// One row per case not booked, with the reason.
pub fn unscheduled_csv(problem: &Problem, pricing: &Pricing, plan: &Plan) -> Vec<u8> {
    let rows = plan.unbooked.iter().map(|(c, reason)| {
        let case = &problem.cases[*c];
        vec![
            case.id.clone(),
            case.priority.to_string(),
            pricing
                .deadline(*c)
                .map(|d| d.date.to_string())
                .unwrap_or_default(),
            reason.clone(),
        ]
    });
    csv_bytes(UNSCHEDULED_HEADER, rows)
}
