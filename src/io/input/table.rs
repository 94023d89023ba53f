//! One CSV file as a table: byte-order mark, encoding and delimiter checks, headers
//! matched case-insensitively, and every row's physical line number.

use crate::domain::error::InputError;
use csv::StringRecord;
use std::collections::HashMap;
use std::path::Path;

/// A column the reader knows: its header name and whether it must be present.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

impl Column {
    pub const fn required(name: &'static str) -> Self {
        Column {
            name,
            required: true,
        }
    }
    pub const fn optional(name: &'static str) -> Self {
        Column {
            name,
            required: false,
        }
    }
}

/// A CSV file read into memory, with the known columns located.
#[derive(Debug)]
pub struct Table {
    /// The file's name as shown in messages.
    pub file: String,
    index: HashMap<&'static str, usize>,
    rows: Vec<(u64, StringRecord)>,
    /// Header names present in the file that no known column uses.
    pub ignored_columns: Vec<String>,
}

/// One data row, with the physical line it starts on (header = line 1).
#[derive(Debug, Clone, Copy)]
pub struct Row<'t> {
    pub table: &'t Table,
    pub line: u64,
    record: &'t StringRecord,
}

impl<'t> Row<'t> {
    /// The trimmed cell of a known column; `None` when the column is absent or the cell empty.
    pub fn cell(&self, column: &str) -> Option<&'t str> {
        let &index = self.table.index.get(column)?;
        let text = self.record.get(index)?.trim();
        (!text.is_empty()).then_some(text)
    }
}

impl Table {
    /// The number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Parses the bytes of a file called `file`.
    pub fn parse(file: &str, bytes: &[u8], columns: &[Column]) -> Result<Table, Vec<InputError>> {
        let fail = |message: String| Err(vec![InputError::file(file, message)]);
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return fail("is empty: a header row is required".into());
        }
        if bytes.contains(&0) {
            return fail("is not a CSV text file (it contains binary data)".into());
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                return Err(vec![InputError::at(
                    file,
                    line as u64,
                    None,
                    "is not UTF-8 text (Excel's \"CSV (Comma delimited)\" writes Windows-1252): \
                     save it as \"CSV UTF-8 (Comma delimited)\"",
                )]);
            }
        };
        if let Some(line) = unclosed_quote_line(text) {
            return Err(vec![InputError::at(
                file,
                line,
                None,
                "has a quote (\") that is never closed: the rest of the file would be one cell",
            )]);
        }
        let header_line = text.lines().next().unwrap_or("");
        if !header_line.contains(',') && header_line.contains(';') {
            return fail(
                "uses ';' to separate columns; rebook reads comma-separated files \
                 (in Excel, save as \"CSV UTF-8 (Comma delimited)\")"
                    .into(),
            );
        }

        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let header = match records.next() {
            Some(Ok(header)) => header,
            Some(Err(e)) => return fail(format!("header row cannot be read: {e}")),
            None => return fail("is empty: a header row is required".into()),
        };

        let mut errors = Vec::new();
        let mut index = HashMap::new();
        let mut ignored_columns = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (position, name) in header.iter().enumerate() {
            let key = name.trim().to_lowercase();
            if key.is_empty() {
                continue;
            }
            if seen.insert(key.clone(), position).is_some() {
                errors.push(InputError::at(
                    file,
                    1,
                    None,
                    format!("column \"{}\" appears twice in the header", name.trim()),
                ));
                continue;
            }
            match columns.iter().find(|c| c.name == key) {
                Some(column) => {
                    index.insert(column.name, position);
                }
                None => ignored_columns.push(name.trim().to_string()),
            }
        }
        let seen_names: Vec<&str> = header
            .iter()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .collect();
        for column in columns.iter().filter(|c| c.required) {
            if !index.contains_key(column.name) {
                errors.push(InputError::at(
                    file,
                    1,
                    None,
                    format!(
                        "missing required column \"{}\" (the header has: {}; --columns maps \
                         a header of another name)",
                        column.name,
                        seen_names.join(", ")
                    ),
                ));
            }
        }

        let width = header.len();
        let mut rows = Vec::new();
        let mut lines = LineCounter::new(text.as_bytes());
        for record in records {
            match record {
                Ok(record) => {
                    let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
                    if record.iter().all(|cell| cell.trim().is_empty()) {
                        continue;
                    }
                    if record.len() > width {
                        errors.push(InputError::at(
                            file,
                            line,
                            None,
                            format!(
                                "has {} cells but the header has {width} \
                                 (a comma inside a value must be quoted)",
                                record.len()
                            ),
                        ));
                        continue;
                    }
                    rows.push((line, record));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                    errors.push(InputError::at(
                        file,
                        line,
                        None,
                        format!("cannot be read: {e}"),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Table {
            file: file.to_string(),
            index,
            rows,
            ignored_columns,
        })
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |(line, record)| Row {
            table: self,
            line: *line,
            record,
        })
    }

    /// The warning for columns that are present but not used, if any.
    pub fn ignored_columns_warning(&self) -> Option<String> {
        (!self.ignored_columns.is_empty()).then(|| {
            let names: Vec<String> = self
                .ignored_columns
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect();
            format!(
                "warning: {}: column{} {} not used (ignored)",
                self.file,
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            )
        })
    }
}

/// The line of a `"` that opens a quoted cell never closed before the end of the file.
/// A quote opens a quoted cell only as a cell's first character (as the csv crate reads
/// it); inside a quoted cell `""` is a quote and a lone `"` closes it; inside an unquoted
/// cell a quote is text, as in `Knee 5" implant`, which exports carry unquoted.
fn unclosed_quote_line(text: &str) -> Option<u64> {
    enum In {
        CellStart,
        Unquoted,
        Quoted,
        /// A `"` inside a quoted cell: it closes the cell unless another follows.
        QuoteInQuoted,
    }
    let (mut line, mut open_line, mut state) = (1u64, 0u64, In::CellStart);
    for byte in text.bytes() {
        if byte == b'\n' {
            line += 1;
        }
        state = match (state, byte) {
            (In::Quoted, b'"') => In::QuoteInQuoted,
            (In::Quoted, _) => In::Quoted,
            (In::QuoteInQuoted, b'"') => In::Quoted,
            (In::CellStart, b'"') => {
                open_line = line;
                In::Quoted
            }
            (_, b',' | b'\n') => In::CellStart,
            (_, _) => In::Unquoted,
        };
    }
    matches!(state, In::Quoted).then_some(open_line)
}

/// The name a file is called by in messages: its base name.
/// Physical line numbers (1 = the first) of records met in file order. The
/// csv reader's own line count leaves out the blank lines it skips, so a row after a
/// blank line would be named a line too early.
pub struct LineCounter<'t> {
    text: &'t [u8],
    byte: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    pub fn new(text: &'t [u8]) -> Self {
        LineCounter {
            text,
            byte: 0,
            line: 1,
        }
    }

    /// The line of the record the reader places at byte `offset` (offsets must not
    /// decrease between calls). The reader places a record where the one before it
    /// ended, before any blank lines it then skipped: the record starts at the first
    /// byte that is not a line break.
    pub fn line_at(&mut self, offset: u64) -> u64 {
        let mut end = (offset as usize).min(self.text.len());
        while end < self.text.len() && matches!(self.text[end], b'\n' | b'\r') {
            end += 1;
        }
        if end > self.byte {
            self.line += self.text[self.byte..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.byte = end;
        }
        self.line
    }
}

pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[Column::required("case_id"), Column::optional("due")];

    #[test]
    fn a_row_after_blank_lines_is_named_by_its_own_line() {
        let table = Table::parse("cases.csv", b"case_id,due\nC1,\n\n\r\nC2,\n", COLUMNS).unwrap();
        let lines: Vec<u64> = table.rows().map(|row| row.line).collect();
        assert_eq!(lines, [2, 5]);
    }

    #[test]
    fn bom_and_header_case_are_ignored() {
        let table = Table::parse(
            "cases.csv",
            b"\xEF\xBB\xBF Case_ID ,DUE\nC1,2024-06-01\n",
            COLUMNS,
        )
        .unwrap();
        let row = table.rows().next().unwrap();
        assert_eq!(row.cell("case_id"), Some("C1"));
        assert_eq!(row.line, 2);
    }

    #[test]
    fn line_numbers_are_physical_with_quoted_newlines() {
        let table = Table::parse("cases.csv", b"case_id,due\n\"C\n1\",\nC2,\n", COLUMNS).unwrap();
        let lines: Vec<u64> = table.rows().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4]);
    }

    #[test]
    fn an_inch_mark_inside_an_unquoted_cell_is_text() {
        let table = Table::parse(
            "cases.csv",
            b"case_id,due\nKnee 5\" implant,\n\"C\"\"2\",x\n",
            COLUMNS,
        )
        .unwrap();
        let ids: Vec<&str> = table.rows().filter_map(|r| r.cell("case_id")).collect();
        assert_eq!(ids, vec!["Knee 5\" implant", "C\"2"]);
    }

    #[test]
    fn a_quoted_cell_that_never_ends_is_named_with_its_line() {
        let errors =
            Table::parse("cases.csv", b"case_id,due\nC1,\nC2,\"2024\nC3,\n", COLUMNS).unwrap_err();
        assert_eq!(errors[0].line, Some(3));
        assert!(errors[0].message.contains("never closed"), "{}", errors[0]);
    }

    #[test]
    fn semicolon_export_is_named() {
        let errors = Table::parse("cases.csv", b"case_id;due\nC1;\n", COLUMNS).unwrap_err();
        assert!(errors[0].message.contains("uses ';'"), "{}", errors[0]);
    }

    #[test]
    fn windows_1252_is_named_with_its_line() {
        let errors = Table::parse("cases.csv", b"case_id,due\nC\xe91,\n", COLUMNS).unwrap_err();
        assert_eq!(errors[0].line, Some(2));
        assert!(errors[0].message.contains("not UTF-8"));
    }

    #[test]
    fn extra_columns_are_listed() {
        let table = Table::parse("cases.csv", b"case_id,ward,bed\nC1,A,3\n", COLUMNS).unwrap();
        assert_eq!(
            table.ignored_columns_warning().unwrap(),
            "warning: cases.csv: columns \"ward\", \"bed\" not used (ignored)"
        );
    }
}
