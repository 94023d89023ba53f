//! travel.csv rows into travel times between sites (mutual aid). One direction given
//! means both; a pair given twice must agree.

use crate::domain::error::InputError;
use crate::domain::travel::Travel;
use crate::io::input::field::shown;
use crate::io::input::{Cells, Column, Table};
use std::collections::{HashMap, HashSet};

pub const COLUMNS: &[Column] = &[
    Column::required("from_site"),
    Column::required("to_site"),
    Column::required("minutes"),
];

/// The most minutes of travel a row or a case may give: a day.
pub const MAX_TRAVEL_MIN: u32 = 1440;

/// Reads travel.csv; a site no list is at, or a pair given twice with different times,
/// is an error on its line.
pub fn read(table: &Table, sites: &HashSet<&str>, errors: &mut Vec<InputError>) -> Travel {
    let mut travel = Travel::default();
    let mut first: HashMap<(String, String), (u32, u64)> = HashMap::new();
    for row in table.rows() {
        let mut cells = Cells::new(row, errors);
        let from = cells.required_text("from_site");
        let to = cells.required_text("to_site");
        let minutes = cells.required_whole_number("minutes", 0, MAX_TRAVEL_MIN, "minutes");
        for (column, site) in [("from_site", from), ("to_site", to)] {
            if let Some(site) = site.filter(|s| !sites.contains(s)) {
                cells.error(
                    column,
                    format!(
                        "\"{}\" is not a site of any list in sessions.csv",
                        shown(site)
                    ),
                );
            }
        }
        if cells.failed() {
            continue;
        }
        let (Some(from), Some(to), Some(minutes)) = (from, to, minutes) else {
            continue;
        };
        let pair = if from <= to { (from, to) } else { (to, from) };
        let pair = (pair.0.to_string(), pair.1.to_string());
        match first.get(&pair) {
            Some(&(other, line)) if other != minutes => cells.error(
                "minutes",
                format!("{minutes} disagrees with line {line}, which gives {other} for the same two sites"),
            ),
            Some(_) => {}
            None => {
                first.insert(pair, (minutes, cells.line()));
                travel.insert(from, to, minutes);
            }
        }
    }
    travel
}
