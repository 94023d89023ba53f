//! plan.xlsx: the plan's tables as one workbook for the scheduler (rust_xlsxwriter).
//!
//! Each sheet is drawn from the bytes of the CSV file written beside it (schedule.csv,
//! unscheduled.csv, changes.csv), so the two never disagree; the CSV files stay the
//! reference. Dates and times are real date and time cells, the few counts are numbers,
//! everything else is text (ids keep their digits and leading zeros, and a text cell is
//! never run as a formula, so the CSV files' `'` guard is taken off). Each sheet has a frozen header
//! row, a filter on every column, widths that fit, and the priority colours of
//! report.html. The Summary sheet lists summary.json's figures, one per row.

use crate::io::plan_files::unguarded;
use crate::output::report::PRIORITY_COLOURS;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// Columns of dates (the plan's files write them `YYYY-MM-DD`).
fn is_date_column(name: &str) -> bool {
    name == "date" || name == "deadline" || name.ends_with("_date")
}

/// Columns of times of day (`HH:MM`).
fn is_time_column(name: &str) -> bool {
    matches!(name, "start" | "end" | "new_start")
}

/// Columns of counts: numbers in the workbook, so they sort and sum.
fn is_count_column(name: &str) -> bool {
    matches!(name, "days_late" | "days_moved" | "notice_days")
}

/// The widest a column is made (characters): reasons and causes are long sentences.
const WIDEST: usize = 60;

/// The priority labels in the order of `PRIORITY_COLOURS`.
const PRIORITIES: [&str; 7] = ["P1a", "P1b", "P2", "P3", "P4", "P5", "P6"];

/// Builds plan.xlsx from the plan's CSV files (sheet name, bytes) and summary.json.
pub fn plan_workbook(tables: &[(&str, &[u8])], summary_json: &[u8]) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    for (name, bytes) in tables {
        let sheet = book.add_worksheet();
        write_table(sheet, name, bytes).map_err(|e| format!("sheet {name}: {e}"))?;
    }
    let sheet = book.add_worksheet();
    write_summary(sheet, summary_json).map_err(|e| format!("sheet Summary: {e}"))?;
    book.save_to_buffer().map_err(|e| e.to_string())
}

fn write_table(sheet: &mut Worksheet, name: &str, bytes: &[u8]) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let bold = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xEEF3F8));
    let date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Left);
    let time = Format::new()
        .set_num_format("hh:mm")
        .set_align(FormatAlign::Left);
    let colours: Vec<Format> = PRIORITY_COLOURS
        .iter()
        .enumerate()
        .map(|(k, hex)| {
            let rgb = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0xBABABA);
            // Dark fills (the urgent priorities) carry white text, as in report.html.
            let text = if k < 3 { Color::White } else { Color::Black };
            Format::new()
                .set_background_color(Color::RGB(rgb))
                .set_font_color(text)
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for (col, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, title, &bold)?;
    }
    let mut row = 0u32;
    for record in reader.records() {
        let Ok(record) = record else { continue };
        row += 1;
        for (col, value) in record.iter().enumerate() {
            // The CSV file's `'` guard is for spreadsheets reading text; a workbook's
            // text cell is never a formula, so the value goes in as it was.
            let value = unguarded(value);
            let column = header.get(col).map(String::as_str).unwrap_or("");
            let c = col as u16;
            if let Some(width) = widths.get_mut(col) {
                *width = (*width).max(value.chars().count());
            }
            if value.is_empty() {
                continue;
            }
            if is_date_column(column) {
                if let Some(d) = date_cell(value) {
                    sheet.write_datetime_with_format(row, c, d, &date)?;
                    continue;
                }
            }
            if is_time_column(column) {
                if let Some(t) = time_cell(value) {
                    sheet.write_datetime_with_format(row, c, t, &time)?;
                    continue;
                }
            }
            if is_count_column(column) {
                if let Ok(n) = value.parse::<i64>() {
                    sheet.write_number(row, c, n as f64)?;
                    continue;
                }
            }
            match PRIORITIES.iter().position(|p| *p == value) {
                Some(k) if column == "priority" => {
                    sheet.write_string_with_format(row, c, value, &colours[k])?;
                }
                _ => {
                    sheet.write_string(row, c, &*fit_cell(value))?;
                }
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (width.min(&WIDEST) + 2) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        sheet.autofilter(0, 0, row, (header.len() - 1) as u16)?;
    }
    Ok(())
}

/// The most characters an Excel cell holds.
const CELL_LIMIT: usize = 32_767;

/// `text`, cut to what a cell holds, saying so (the CSV file keeps it whole).
fn fit_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= CELL_LIMIT {
        return text.into();
    }
    let note = " [cut: Excel holds 32,767 characters a cell; the CSV file has it all]";
    let kept: String = text
        .chars()
        .take(CELL_LIMIT - note.chars().count())
        .collect();
    format!("{kept}{note}").into()
}

/// `YYYY-MM-DD` as a date cell.
fn date_cell(text: &str) -> Option<ExcelDateTime> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    ExcelDateTime::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// `HH:MM` as a time cell.
fn time_cell(text: &str) -> Option<ExcelDateTime> {
    let (h, m) = text.split_once(':')?;
    ExcelDateTime::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()
}

/// summary.json's figures, one per row: the path to each value and the value.
fn write_summary(sheet: &mut Worksheet, summary_json: &[u8]) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    let bold = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xEEF3F8));
    sheet.write_string_with_format(0, 0, "figure", &bold)?;
    sheet.write_string_with_format(0, 1, "value", &bold)?;
    let mut rows = Vec::new();
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(summary_json) {
        flatten("", &value, &mut rows);
    }
    let mut widths = (6usize, 5usize);
    for (k, (path, value)) in rows.iter().enumerate() {
        let row = k as u32 + 1;
        sheet.write_string(row, 0, path)?;
        match value {
            serde_json::Value::Number(n) => {
                sheet.write_number(row, 1, n.as_f64().unwrap_or(0.0))?;
            }
            other => {
                let text = match other {
                    serde_json::Value::String(s) => fit_cell(s).into_owned(),
                    serde_json::Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
                    _ => other.to_string(),
                };
                widths.1 = widths.1.max(text.chars().count());
                sheet.write_string(row, 1, &text)?;
            }
        }
        widths.0 = widths.0.max(path.chars().count());
    }
    sheet.set_column_width(0, (widths.0.min(WIDEST) + 2) as f64)?;
    sheet.set_column_width(1, (widths.1.min(WIDEST) + 2) as f64)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, 1)?;
    Ok(())
}

/// The scalars of `value` with their paths (`replan.changes.later`); lists of scalars
/// are one row each (`warnings[2]`), lists of records one row per record's field.
fn flatten(path: &str, value: &serde_json::Value, rows: &mut Vec<(String, serde_json::Value)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let next = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(&next, inner, rows);
            }
        }
        serde_json::Value::Array(items) => {
            for (k, inner) in items.iter().enumerate() {
                flatten(&format!("{path}[{}]", k + 1), inner, rows);
            }
        }
        serde_json::Value::Null => {}
        scalar => rows.push((path.to_string(), scalar.clone())),
    }
}
