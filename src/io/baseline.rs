//! The published plan a re-plan starts from (`--baseline PLAN_DIR`): its schedule.csv,
//! as `rebook plan` wrote it or as the booking office edited it, read into one
//! published booking per case; then attached to the new inputs' cases (`attach`).
//!
//! A baseline case that the new cases.csv no longer holds is removed (done elsewhere,
//! withdrawn), not an error; a baseline list that the new sessions.csv no longer holds
//! is a booking the new inputs make impossible (its date and site come from the row).

use crate::domain::baseline::{Published, Slot};
use crate::domain::error::{Error, InputError, Result};
use crate::domain::positions;
use crate::io::input::field::shown;
use crate::io::input::{Cells, Table};
use crate::io::plan_files::{unguarded, SCHEDULE_COLUMNS};
use crate::io::validate::Loaded;
use std::collections::HashMap;
use std::path::Path;

/// One row of the published schedule.csv.
#[derive(Debug, Clone)]
pub struct BaselineRow {
    pub line: u64,
    pub case_id: String,
    pub patient_id: Option<String>,
    pub priority: Option<String>,
    /// The slot as the row gives it; `date` and `site` blank in the row are taken from
    /// the list in the new sessions.csv when `attach` finds it.
    pub session_id: String,
    pub date: Option<chrono::NaiveDate>,
    pub start: Option<chrono::NaiveTime>,
    pub site: Option<String>,
}

/// The published plan: its schedule.csv's rows, by line.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// schedule.csv as named in messages (`PLAN_DIR/schedule.csv`).
    pub file: String,
    pub rows: Vec<BaselineRow>,
}

/// A published booking whose case is not in the new cases.csv.
#[derive(Debug, Clone)]
pub struct RemovedBooking {
    pub case_id: String,
    pub patient_id: Option<String>,
    pub priority: Option<String>,
    /// `None` when the row gives no date and the list is gone too.
    pub slot: Option<Slot>,
}

/// Reads `dir/schedule.csv`: every bad cell and every case booked twice reported with
/// its line.
pub fn read(dir: &Path) -> Result<Baseline> {
    let path = dir.join("schedule.csv");
    // Named with its folder: the plan being written has a schedule.csv too.
    let file = format!(
        "{}/schedule.csv",
        crate::io::input::table::display_name(dir)
    );
    let bytes = crate::io::read_file(&path, &file).map_err(|e| Error::Input(vec![e]))?;
    parse(&file, &bytes)
}

/// Reads a published schedule.csv already in memory.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Baseline> {
    let table = Table::parse(file, bytes, SCHEDULE_COLUMNS).map_err(Error::Input)?;
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in table.rows() {
        let mut cells = Cells::new(row, &mut errors);
        let case_id = cells.required_text("case_id").map(unguarded);
        let session_id = cells.required_text("session_id").map(unguarded);
        let date = cells.date("date");
        let start = cells.time("start");
        if let Some(id) = case_id {
            if let Some(first) = first_line.get(id) {
                cells.error(
                    "case_id",
                    format!(
                        "case \"{}\" is booked again (first on line {first})",
                        shown(id)
                    ),
                );
            } else {
                first_line.insert(id.to_string(), cells.line());
            }
        }
        if cells.failed() {
            continue;
        }
        let (Some(case_id), Some(session_id)) = (case_id, session_id) else {
            continue;
        };
        let text = |column: &str| cells.text(column).map(|t| unguarded(t).to_string());
        rows.push(BaselineRow {
            line: cells.line(),
            case_id: case_id.to_string(),
            patient_id: text("patient_id"),
            priority: text("priority"),
            session_id: session_id.to_string(),
            date,
            start,
            site: text("site"),
        });
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    Ok(Baseline {
        file: file.to_string(),
        rows,
    })
}

/// Gives each case of the new inputs its published booking, and returns the published
/// bookings whose case is gone. A `booked_session` in cases.csv that disagrees with the
/// baseline is a warning, and the baseline wins. A published list missing from the new
/// sessions.csv needs the row's date and site (to tell the patient what changes).
pub fn attach(loaded: &mut Loaded, baseline: &Baseline) -> Result<Vec<RemovedBooking>> {
    let problem = &mut loaded.problem;
    let case_index: HashMap<String, usize> = positions(problem.cases.iter().map(|c| c.id.as_str()))
        .into_iter()
        .map(|(id, c)| (id.to_string(), c))
        .collect();
    let session_index: HashMap<String, usize> =
        positions(problem.sessions.iter().map(|s| s.id.as_str()))
            .into_iter()
            .map(|(id, s)| (id.to_string(), s))
            .collect();
    let mut errors = Vec::new();
    let mut removed = Vec::new();
    let mut disagreeing = Vec::new();
    for row in &baseline.rows {
        let session = session_index.get(&row.session_id).copied();
        let listed = session.map(|s| &problem.sessions[s]);
        let date = row.date.or(listed.map(|s| s.date));
        let site = row.site.clone().or(listed.map(|s| s.site.clone()));
        let slot = match (date, site) {
            (Some(date), Some(site)) => Some(Slot {
                session_id: row.session_id.clone(),
                date,
                start: row.start,
                site,
            }),
            _ => None,
        };
        let Some(&c) = case_index.get(&row.case_id) else {
            removed.push(RemovedBooking {
                case_id: row.case_id.clone(),
                patient_id: row.patient_id.clone(),
                priority: row.priority.clone(),
                slot,
            });
            continue;
        };
        let Some(slot) = slot else {
            errors.push(InputError::at(
                &baseline.file,
                row.line,
                Some("session_id"),
                format!(
                    "session \"{}\" is not in sessions.csv, and the row gives no date and site \
                     for case {}'s published booking",
                    shown(&row.session_id),
                    row.case_id
                ),
            ));
            continue;
        };
        let case = &mut problem.cases[c];
        if case.booked_session.is_some_and(|own| session != Some(own)) {
            disagreeing.push(case.id.clone());
        }
        if case.locked && session.is_none() {
            loaded.warnings.push(format!(
                "case {} is locked, but its published list {} is no longer in sessions.csv: \
                 it is planned again",
                case.id, row.session_id
            ));
            case.locked = false;
        }
        case.booked_session = session;
        case.published = Some(Published {
            slot,
            session,
            notified: case.notified.unwrap_or(true),
            forced: None,
        });
    }
    if !disagreeing.is_empty() {
        loaded.warnings.push(disagreement(&disagreeing));
    }
    if errors.is_empty() {
        Ok(removed)
    } else {
        Err(Error::Input(errors))
    }
}

/// One warning for the cases whose cases.csv `booked_session` is not their published
/// list (an export taken before the plan was published repeats the cancelled bookings
/// of hundreds of cases): the first ten named, the rest counted.
fn disagreement(cases: &[String]) -> String {
    const NAMED: usize = 10;
    let named = cases[..cases.len().min(NAMED)].join(", ");
    let more = match cases.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let (count, verb) = match cases.len() {
        1 => ("case".to_string(), "has"),
        n => (format!("{n} cases"), "have"),
    };
    format!(
        "{count} {verb} a booked_session in cases.csv other than the baseline's ({named}{more}); \
         the baseline's is used"
    )
}
