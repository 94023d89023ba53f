//! A plan's files as written: the columns of schedule.csv and unscheduled.csv (written
//! and read back by the checker and the report) and the guard that keeps a spreadsheet
//! from running a cell as a formula. Imports nothing but the input tables' column type;
//! writing the files as a set is `file_set`'s.

use crate::io::input::Column;

/// The header of schedule.csv, in the order it is written.
pub const SCHEDULE_HEADER: &[&str] = &[
    "case_id",
    "patient_id",
    "specialty",
    "procedure",
    "priority",
    "surgeon",
    "session_id",
    "site",
    "theatre",
    "date",
    "start",
    "end",
    "deadline",
    "days_late",
    "changed",
];

/// The header of unscheduled.csv, in the order it is written.
pub const UNSCHEDULED_HEADER: &[&str] = &["case_id", "priority", "deadline", "reason"];

/// The columns of schedule.csv as `rebook plan` writes it (the report reads them too).
pub const SCHEDULE_COLUMNS: &[Column] = &[
    Column::required("case_id"),
    Column::required("session_id"),
    Column::required("start"),
    Column::required("end"),
    Column::optional("date"),
    Column::optional("site"),
    Column::optional("theatre"),
    Column::optional("surgeon"),
    Column::optional("patient_id"),
    Column::optional("specialty"),
    Column::optional("procedure"),
    Column::optional("priority"),
    Column::optional("deadline"),
    Column::optional("days_late"),
    Column::optional("changed"),
];

/// The columns of unscheduled.csv.
pub const UNSCHEDULED_COLUMNS: &[Column] = &[
    Column::required("case_id"),
    Column::optional("priority"),
    Column::optional("deadline"),
    Column::optional("reason"),
];

/// CSV bytes of `header` and `rows`, every cell guarded (`excel_safe`).
pub fn csv_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).expect("write to memory");
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| excel_safe(cell).into_owned()))
            .expect("write to memory");
    }
    writer.into_inner().expect("flush to memory")
}

/// A cell that a spreadsheet would run as a formula gets a leading `'`.
pub fn excel_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A cell as written by `excel_safe`, with its guard removed.
pub fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for cell in ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"] {
            assert!(excel_safe(cell).starts_with('\''), "{cell}");
        }
        assert_eq!(excel_safe("C-12"), "C-12");
    }
}
