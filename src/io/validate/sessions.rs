//! sessions.csv rows into [`Session`]s.

use crate::domain::error::InputError;
use crate::domain::{Name, Session, SessionSpecialty};
use crate::io::input::field::shown;
use crate::io::input::{Cells, Column, Table};
use std::collections::HashMap;

pub const COLUMNS: &[Column] = &[
    Column::required("session_id"),
    Column::optional("site"),
    Column::required("theatre"),
    Column::required("date"),
    Column::required("start"),
    Column::required("end"),
    Column::required("specialty"),
    Column::optional("surgeon"),
    Column::optional("equipment"),
    Column::optional("turnaround_min"),
    Column::optional("trust"),
];

/// The site name used when sessions.csv has no `site` (one site).
pub const DEFAULT_SITE: &str = "main";

/// Reads every row; rows with a bad cell are reported and left out. A site's lists are
/// run by one trust.
pub fn read(table: &Table, default_turnaround: u32, errors: &mut Vec<InputError>) -> Vec<Session> {
    let mut sessions = Vec::with_capacity(table.len());
    let mut first_line: HashMap<String, u64> = HashMap::new();
    let mut site_trust: HashMap<String, (String, u64)> = HashMap::new();
    for row in table.rows() {
        let mut cells = Cells::new(row, errors);
        let id = cells.required_text("session_id");
        if let Some(id) = id {
            if let Some(first) = first_line.get(id) {
                cells.error(
                    "session_id",
                    format!("\"{}\" is used again (first on line {first})", shown(id)),
                );
            } else {
                first_line.insert(id.to_string(), cells.line());
            }
        }
        let theatre = cells.required_text("theatre");
        let date = cells.required_date("date");
        let start = cells.required_time("start");
        let end = cells.required_time("end");
        let specialty = cells.required_text("specialty");
        let turnaround = cells.whole_number("turnaround_min", 0, 1440, "minutes");
        if let (Some(start), Some(end)) = (start, end) {
            if end <= start {
                cells.error(
                    "end",
                    format!(
                        "{} is not after the start {} (a list that runs past midnight \
                         must be split into two sessions)",
                        end.format("%H:%M"),
                        start.format("%H:%M")
                    ),
                );
            }
        }
        let site = cells.text("site").unwrap_or(DEFAULT_SITE).to_string();
        let trust = cells.text("trust").unwrap_or("").to_string();
        match site_trust.get(&site) {
            Some((other, line)) if *other != trust => cells.error(
                "trust",
                format!(
                    "\"{}\": the lists of site {site} are run by {} (line {line}); a site \
                     belongs to one trust",
                    shown(&trust),
                    if other.is_empty() {
                        "the home trust".to_string()
                    } else {
                        format!("trust {other}")
                    }
                ),
            ),
            Some(_) => {}
            None => {
                site_trust.insert(site.clone(), (trust.clone(), cells.line()));
            }
        }
        if cells.failed() {
            continue;
        }
        let (Some(id), Some(theatre), Some(date), Some(start), Some(end), Some(specialty)) =
            (id, theatre, date, start, end, specialty)
        else {
            continue;
        };
        sessions.push(Session {
            id: id.to_string(),
            site,
            theatre: theatre.to_string(),
            date,
            start,
            end,
            specialty: if specialty.eq_ignore_ascii_case("any") {
                SessionSpecialty::Any
            } else {
                SessionSpecialty::Only(Name::new(specialty))
            },
            surgeon: cells.text("surgeon").map(str::to_string),
            equipment: cells.list("equipment").into_iter().map(Name::new).collect(),
            turnaround_min: turnaround.unwrap_or(default_turnaround),
            trust,
        });
    }
    sessions
}
