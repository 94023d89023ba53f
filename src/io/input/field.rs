//! Cell formats of the data contract, read with the row's position so that every bad
//! value becomes an error naming file, line, column and value.

use super::Row;
use crate::domain::error::InputError;
use crate::domain::DateRange;
use chrono::{NaiveDate, NaiveTime};

/// Parses `YYYY-MM-DD` or the UK `DD/MM/YYYY` (leading zeros optional).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let bad = || {
        format!(
            "\"{}\" is not a valid date (use YYYY-MM-DD or DD/MM/YYYY)",
            shown(text)
        )
    };
    let parts: Vec<&str> = if text.contains('-') {
        text.split('-').collect()
    } else {
        text.split('/').collect()
    };
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let number = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let (year, month, day) = if text.contains('-') {
        if parts[0].len() != 4 || parts[1].len() > 2 || parts[2].len() > 2 {
            return Err(bad());
        }
        (
            number(parts[0])? as i32,
            number(parts[1])?,
            number(parts[2])?,
        )
    } else {
        if parts[2].len() != 4 || parts[0].len() > 2 || parts[1].len() > 2 {
            return Err(bad());
        }
        let (day, month) = (number(parts[0])?, number(parts[1])?);
        if month > 12 && day <= 12 {
            return Err(format!(
                "\"{}\" is not a valid date: dates are day-first (DD/MM/YYYY), \
                 this looks like a US month-first date",
                shown(text)
            ));
        }
        (number(parts[2])? as i32, month, day)
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(bad)
}

/// Parses `HH:MM` (a `:00` seconds part, as Excel may add, is accepted).
pub fn parse_time(text: &str) -> Result<NaiveTime, String> {
    let text = text.trim();
    let bad = || {
        format!(
            "\"{}\" is not a valid time (use HH:MM, 00:00 to 23:59)",
            shown(text)
        )
    };
    let parts: Vec<&str> = text.split(':').collect();
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [h, m] | [h, m, "00"] if digits(h) && digits(m) && m.len() == 2 => {
            let (h, m) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
            NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// Parses a date or a `FIRST..LAST` range.
pub fn parse_date_range(text: &str) -> Result<DateRange, String> {
    match text.split_once("..") {
        Some((first, last)) => {
            let (first, last) = (parse_date(first)?, parse_date(last)?);
            if last < first {
                return Err(format!("range \"{}\" ends before it starts", shown(text)));
            }
            Ok(DateRange { first, last })
        }
        None => parse_date(text).map(|d| DateRange { first: d, last: d }),
    }
}

/// Parses the contract's yes/no spellings; blank is handled by the caller.
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Checks an NHS number (spaces allowed) and returns its 10 digits.
pub fn parse_nhs_number(text: &str) -> Result<String, String> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let tail = |d: &str| {
        d.chars()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<String>()
    };
    if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "NHS number ending \"{}\" is not 10 digits",
            tail(&digits)
        ));
    }
    let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = values[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| d * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => {
            return Err(format!(
                "NHS number ending \"{}\" is not valid (no check digit exists for it)",
                tail(&digits)
            ))
        }
        c => c,
    };
    if check != values[9] {
        return Err(format!(
            "NHS number ending \"{}\" fails its check digit",
            tail(&digits)
        ));
    }
    Ok(digits)
}

/// A value as shown in a message: long cells are cut so a message stays readable.
pub fn shown(text: &str) -> String {
    const LIMIT: usize = 60;
    if text.chars().count() <= LIMIT {
        text.to_string()
    } else {
        let cut: String = text.chars().take(LIMIT).collect();
        format!("{cut}...")
    }
}

/// Reads the cells of one row, pushing an error for every bad value.
pub struct Cells<'r, 'e> {
    row: Row<'r>,
    errors: &'e mut Vec<InputError>,
    failed: bool,
}

impl<'r, 'e> Cells<'r, 'e> {
    pub fn new(row: Row<'r>, errors: &'e mut Vec<InputError>) -> Self {
        Cells {
            row,
            errors,
            failed: false,
        }
    }

    pub fn line(&self) -> u64 {
        self.row.line
    }

    /// Whether any cell of this row was bad.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// Records a problem with one column of this row.
    pub fn error(&mut self, column: &str, message: impl Into<String>) {
        self.failed = true;
        self.errors.push(InputError::at(
            &self.row.table.file,
            self.row.line,
            Some(column),
            message,
        ));
    }

    pub fn text(&self, column: &str) -> Option<&'r str> {
        self.row.cell(column)
    }

    pub fn required_text(&mut self, column: &str) -> Option<&'r str> {
        let value = self.row.cell(column);
        if value.is_none() {
            self.error(column, "value is missing");
        }
        value
    }

    fn parsed<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let text = self.row.cell(column)?;
        match parse(text) {
            Ok(value) => Some(value),
            Err(message) => {
                self.error(column, message);
                None
            }
        }
    }

    pub fn date(&mut self, column: &str) -> Option<NaiveDate> {
        self.parsed(column, parse_date)
    }

    pub fn required_date(&mut self, column: &str) -> Option<NaiveDate> {
        self.required_text(column)?;
        self.date(column)
    }

    pub fn required_time(&mut self, column: &str) -> Option<NaiveTime> {
        self.required_text(column)?;
        self.parsed(column, parse_time)
    }

    /// A whole number in `min..=max`; `what` names the unit in messages ("minutes").
    pub fn whole_number(&mut self, column: &str, min: u32, max: u32, what: &str) -> Option<u32> {
        self.parsed(column, |text| {
            let value: i64 = text.parse().map_err(|_| {
                let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    format!(
                        "\"{}\" is out of range ({min} to {max} {what})",
                        shown(text)
                    )
                } else {
                    format!("\"{}\" is not a whole number of {what}", shown(text))
                }
            })?;
            if value < i64::from(min) || value > i64::from(max) {
                return Err(format!("{value} is out of range ({min} to {max} {what})"));
            }
            Ok(value as u32)
        })
    }

    pub fn required_whole_number(
        &mut self,
        column: &str,
        min: u32,
        max: u32,
        what: &str,
    ) -> Option<u32> {
        self.required_text(column)?;
        self.whole_number(column, min, max, what)
    }

    /// A `;`-separated list; empty items are dropped.
    pub fn list(&self, column: &str) -> Vec<&'r str> {
        self.row.cell(column).map_or_else(Vec::new, |text| {
            text.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
    }

    pub fn date_ranges(&mut self, column: &str) -> Vec<DateRange> {
        let items = self.list(column);
        let mut ranges = Vec::new();
        for item in items {
            match parse_date_range(item) {
                Ok(range) => ranges.push(range),
                Err(message) => self.error(column, message),
            }
        }
        ranges
    }

    /// A yes/no cell; blank is `None` (the caller's default).
    pub fn optional_flag(&mut self, column: &str) -> Option<bool> {
        self.parsed(column, |text| {
            parse_flag(text).ok_or_else(|| format!("\"{}\" is not yes or no", shown(text)))
        })
    }

    pub fn time(&mut self, column: &str) -> Option<NaiveTime> {
        self.parsed(column, parse_time)
    }

    /// A yes/no cell; blank means no.
    pub fn flag(&mut self, column: &str) -> bool {
        self.optional_flag(column).unwrap_or(false)
    }

    pub fn nhs_number(&mut self, column: &str) -> Option<String> {
        self.parsed(column, parse_nhs_number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_iso_and_uk() {
        assert_eq!(parse_date("2024-06-03"), Ok(d(2024, 6, 3)));
        assert_eq!(parse_date("03/06/2024"), Ok(d(2024, 6, 3)));
        assert_eq!(parse_date("3/6/2024"), Ok(d(2024, 6, 3)));
    }

    #[test]
    fn impossible_and_us_dates_are_refused() {
        assert_eq!(
            parse_date("31/02/2024").unwrap_err(),
            "\"31/02/2024\" is not a valid date (use YYYY-MM-DD or DD/MM/YYYY)"
        );
        assert!(parse_date("06/13/2024")
            .unwrap_err()
            .contains("US month-first"));
        assert!(parse_date("2024-6-3x").is_err());
        assert!(parse_date("24-06-03").is_err());
    }

    #[test]
    fn times() {
        assert_eq!(
            parse_time("08:30"),
            Ok(NaiveTime::from_hms_opt(8, 30, 0).unwrap())
        );
        assert_eq!(
            parse_time("8:30:00"),
            Ok(NaiveTime::from_hms_opt(8, 30, 0).unwrap())
        );
        assert!(parse_time("24:00").is_err());
        assert!(parse_time("8.30").is_err());
    }

    #[test]
    fn nhs_numbers() {
        assert_eq!(parse_nhs_number("943 476 5919"), Ok("9434765919".into()));
        assert_eq!(
            parse_nhs_number("9434765918").unwrap_err(),
            "NHS number ending \"918\" fails its check digit"
        );
        assert!(parse_nhs_number("12345").is_err());
    }

    #[test]
    fn ranges() {
        let r = parse_date_range("2024-06-01..05/06/2024").unwrap();
        assert_eq!((r.first, r.last), (d(2024, 6, 1), d(2024, 6, 5)));
        assert!(parse_date_range("2024-06-05..2024-06-01").is_err());
    }
}
