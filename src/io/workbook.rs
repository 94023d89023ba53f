//! Workbooks as input (.xlsx, .xlsm, .xlsb, .xls, .ods), read with calamine: each sheet
//! becomes the same text table a CSV file is, so validation stays one code path, and
//! every problem found in it is then named by sheet and cell as Excel shows them
//! (`cases.xlsx [cases] G14`).
//!
//! Cells keep their meaning: a date cell is its date (`2024-07-01`, no day/month
//! guessing), a time cell its time (`08:30`), a whole number its digits (an id stored
//! as a number keeps them: `1234`, not `1234.0`), yes/no cells `yes`/`no`. A cell that
//! cannot be read as it stands (an error value such as `#N/A`, a formula without a
//! saved value, a merged region) is refused with its cell.

use crate::domain::error::InputError;
use crate::io::input::table::display_name;
use calamine::{open_workbook_auto, Data, Reader, Sheets};
use std::collections::HashMap;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

/// The endings of the workbooks `--in` and the file flags accept.
const WORKBOOK_ENDINGS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// A workbook's sheet named in a path: `book.xlsx#cases` (the sheet `cases`), or
/// `book.xlsx` alone (its first sheet). `None` for any other file.
pub fn sheet_path(path: &Path) -> Option<(PathBuf, Option<String>)> {
    let text = path.to_str()?;
    let (file, sheet) = match text.rsplit_once('#') {
        Some((file, sheet)) if is_workbook(Path::new(file)) => (file, Some(sheet.to_string())),
        _ => (text, None),
    };
    is_workbook(Path::new(file)).then(|| (PathBuf::from(file), sheet))
}

/// Whether `path` ends as a workbook does.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WORKBOOK_ENDINGS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The sheet names of a workbook, as written.
pub fn sheet_names(path: &Path) -> Result<Vec<String>, InputError> {
    let shown = display_name(path);
    let book = open_workbook_auto(path)
        .map_err(|e| InputError::file(&shown, format!("cannot be read as a workbook: {e}")))?;
    Ok(book.sheet_names())
}

/// One sheet as a CSV text table, with what is needed to name its cells.
pub struct SheetTable {
    /// How messages name the sheet: `cases.xlsx [cases]`.
    pub label: String,
    pub csv: Vec<u8>,
    pub cells: CellMap,
}

/// Where a line and column of the sheet's text table are on the sheet.
#[derive(Debug, Clone, Default)]
pub struct CellMap {
    /// The sheet row (0-based) of the table's first line (the header).
    first_row: u32,
    /// The sheet column (0-based) of each header.
    columns: HashMap<String, u32>,
}

impl CellMap {
    /// Messages name the column `field` where the sheet's header is `header` (a column
    /// map's renaming): its cells are found under either.
    pub fn alias(&mut self, field: &str, header: &str) {
        if let Some(&col) = self.columns.get(&header.trim().to_ascii_lowercase()) {
            self.columns.insert(field.to_ascii_lowercase(), col);
        }
    }

    /// `G14` for the table's `line` (header = 1) and column `name`.
    fn cell(&self, line: u64, name: Option<&str>) -> String {
        let row = u64::from(self.first_row) + line;
        match name.and_then(|n| self.columns.get(n)) {
            Some(&col) => format!("{}{row}", column_letters(col)),
            None => format!("row {row}"),
        }
    }
}

/// Reads `sheet` of the workbook at `path` (its first sheet when `None`; a name is
/// matched as headers are, ignoring case and surrounding spaces).
pub fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<SheetTable, Vec<InputError>> {
    let shown = display_name(path);
    let fail = |message: String| vec![InputError::file(&shown, message)];
    let mut book =
        open_workbook_auto(path).map_err(|e| fail(format!("cannot be read as a workbook: {e}")))?;
    let names = book.sheet_names();
    let name = match sheet {
        None => names
            .first()
            .cloned()
            .ok_or_else(|| fail("has no sheet".into()))?,
        Some(wanted) => names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(wanted.trim()))
            .cloned()
            .ok_or_else(|| {
                fail(format!(
                    "has no sheet named \"{wanted}\" (its sheets: {})",
                    names.join(", ")
                ))
            })?,
    };
    let label = format!("{shown} [{name}]");
    let range = book
        .worksheet_range(&name)
        .map_err(|e| fail(format!("sheet \"{name}\" cannot be read: {e}")))?;
    let formulas = book.worksheet_formula(&name).ok();
    let merged = merged_regions(&mut book, &name);
    let mut errors = Vec::new();
    let at = |row: u32, col: u32, message: String| {
        InputError::file(
            &format!("{label} {}{}", column_letters(col), row + 1),
            message,
        )
    };
    for (first, last) in &merged {
        errors.push(InputError::file(
            &format!(
                "{label} {}{}:{}{}",
                column_letters(first.1),
                first.0 + 1,
                column_letters(last.1),
                last.0 + 1
            ),
            "merged cells: give each cell its own value (unmerge them in Excel)",
        ));
    }
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let formula_at = |row: u32, col: u32| -> Option<&str> {
        let f = formulas.as_ref()?;
        f.get_value((row, col))
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut columns = HashMap::new();
    for (r, row) in range.rows().enumerate() {
        let sheet_row = first_row + r as u32;
        let mut record = Vec::with_capacity(row.len());
        for (c, value) in row.iter().enumerate() {
            let sheet_col = first_col + c as u32;
            let text = match value {
                Data::Error(e) => {
                    errors.push(at(
                        sheet_row,
                        sheet_col,
                        format!("the cell shows the error {e}: give a value"),
                    ));
                    None
                }
                other => Some(cell_text(other)),
            };
            // A formula whose value was never saved (a file written by a program, not
            // Excel) reads as empty: refuse it rather than take it for a blank.
            let text = text.unwrap_or_default();
            if text.is_empty() && !matches!(value, Data::Error(_)) {
                if let Some(formula) = formula_at(sheet_row, sheet_col) {
                    errors.push(at(
                        sheet_row,
                        sheet_col,
                        format!(
                            "the formula ={formula} has no saved value: open and save the \
                             workbook in Excel, or paste the values"
                        ),
                    ));
                }
            }
            if r == 0 && !text.trim().is_empty() {
                columns.insert(text.trim().to_ascii_lowercase(), sheet_col);
            }
            record.push(text);
        }
        if writer.write_record(&record).is_err() {
            errors.push(InputError::file(&label, "cannot be turned into a table"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let csv = writer
        .into_inner()
        .map_err(|_| fail("cannot be turned into a table".into()))?;
    Ok(SheetTable {
        label,
        csv,
        cells: CellMap { first_row, columns },
    })
}

/// Names each problem found in a sheet's text table by its cell: `cases.xlsx [cases]
/// G14: column due: ...` instead of a line of a file that does not exist.
pub fn name_cells(errors: &mut [InputError], sheets: &HashMap<String, CellMap>) {
    for error in errors {
        let (Some(map), Some(line)) = (sheets.get(&error.file), error.line) else {
            continue;
        };
        let cell = map.cell(
            line,
            error
                .column
                .as_deref()
                .map(|c| c.to_ascii_lowercase())
                .as_deref(),
        );
        error.file = format!("{} {cell}", error.file);
        error.line = None;
    }
}

/// A cell's value as the text table holds it.
fn cell_text(value: &Data) -> String {
    match value {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Data::DateTime(d) => {
            let value = d.as_f64();
            match d.as_datetime() {
                // A time of day alone (Excel's day 0): the time.
                Some(t) if value < 1.0 && !d.is_duration() => t.format("%H:%M").to_string(),
                // A date at midnight: the date.
                Some(t) if value.fract() == 0.0 => t.format("%Y-%m-%d").to_string(),
                Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
                None => number_text(value),
            }
        }
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A number as its digits: whole numbers without a decimal point (ids, minutes).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// `A`, `B`, ..., `Z`, `AA`, ... for a 0-based column.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The merged regions of a sheet, as (first, last) (row, column) pairs; none for the
/// formats calamine reads no merges from.
fn merged_regions<RS: Read + Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Vec<((u32, u32), (u32, u32))> {
    let regions = match book {
        Sheets::Xlsx(x) => x.worksheet_merge_cells(name).and_then(Result::ok),
        Sheets::Xls(x) => x.worksheet_merge_cells(name),
        _ => None,
    };
    regions
        .unwrap_or_default()
        .into_iter()
        .map(|d| (d.start, d.end))
        .collect()
}
