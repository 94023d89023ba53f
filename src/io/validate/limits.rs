//! resources.csv and surgeons.csv rows into daily limits.

use crate::domain::error::InputError;
use crate::domain::{DateRange, Name, ResourceLimit, SurgeonLimits};
use crate::io::input::{Cells, Column, Table};
use chrono::NaiveDate;
use std::collections::HashMap;

pub const RESOURCE_COLUMNS: &[Column] = &[
    Column::required("resource"),
    Column::optional("site"),
    Column::required("from"),
    Column::required("to"),
    Column::required("per_day"),
];

pub const SURGEON_COLUMNS: &[Column] = &[
    Column::required("surgeon"),
    Column::required("date"),
    Column::required("max_minutes"),
];

/// Reads resources.csv; rows of one resource and site must not overlap in dates.
pub fn read_resources(table: &Table, errors: &mut Vec<InputError>) -> Vec<ResourceLimit> {
    let mut limits: Vec<(u64, ResourceLimit)> = Vec::new();
    for row in table.rows() {
        let mut cells = Cells::new(row, errors);
        let resource = cells.required_text("resource");
        let from = cells.required_date("from");
        let to = cells.required_date("to");
        let per_day = cells.required_whole_number("per_day", 0, 100_000, "cases a day");
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                cells.error(
                    "to",
                    format!("{to} is before the first date of the limit {from}"),
                );
            }
        }
        if cells.failed() {
            continue;
        }
        let (Some(resource), Some(from), Some(to), Some(per_day)) = (resource, from, to, per_day)
        else {
            continue;
        };
        let limit = ResourceLimit {
            resource: Name::new(resource),
            site: cells.text("site").map(str::to_string),
            dates: DateRange {
                first: from,
                last: to,
            },
            per_day,
        };
        if let Some((other_line, _)) = limits.iter().find(|(_, other)| {
            other.resource == limit.resource
                && other.site == limit.site
                && other.dates.first <= limit.dates.last
                && limit.dates.first <= other.dates.last
        }) {
            cells.error(
                "from",
                format!(
                    "dates {from}..{to} overlap the row on line {other_line} for the same \
                     resource and site"
                ),
            );
            continue;
        }
        limits.push((cells.line(), limit));
    }
    limits.into_iter().map(|(_, limit)| limit).collect()
}

/// Reads surgeons.csv into `(surgeon, date) -> max_minutes`.
pub fn read_surgeons(table: &Table, errors: &mut Vec<InputError>) -> SurgeonLimits {
    let mut limits = SurgeonLimits::default();
    let mut first_line: HashMap<(String, NaiveDate), u64> = HashMap::new();
    for row in table.rows() {
        let mut cells = Cells::new(row, errors);
        let surgeon = cells.required_text("surgeon");
        let date = cells.required_date("date");
        let max_minutes = cells.required_whole_number("max_minutes", 0, 1440, "minutes");
        let (Some(surgeon), Some(date), Some(max_minutes)) = (surgeon, date, max_minutes) else {
            continue;
        };
        let key = (surgeon.to_string(), date);
        if let Some(first) = first_line.get(&key) {
            cells.error(
                "date",
                format!("surgeon {surgeon} already has a limit for {date} (line {first})"),
            );
            continue;
        }
        first_line.insert(key, cells.line());
        limits.insert(surgeon, date, max_minutes);
    }
    limits
}
