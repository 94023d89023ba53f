//! Column maps (`--columns MAP.toml`): an export read as it comes from the patient
//! administration or theatre system, its headers ("Case Ref", "Clinical Priority")
//! mapped to rebook's fields, and, where the system writes a value its own way, that
//! value mapped too (`"Urgent (P2)" = "P2"`).
//!
//! The map renames the header cells and replaces the mapped values of a table's text
//! before it is parsed, line for line, so validation is the same code path as for a file
//! that already uses rebook's names, and every problem still names the export's own
//! line (or sheet and cell).
//!
//! ```toml
//! [cases.columns]          # rebook's field = the export's header
//! case_id = "Case Ref"
//! priority = "Clinical Priority"
//! [cases.values.priority]  # the export's value = rebook's value
//! "Urgent (P2)" = "P2"
//! ```

use crate::domain::error::InputError;
use crate::io::input::table::LineCounter;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A field: its name, whether it is required, and what it means.
pub type Field = (&'static str, bool, &'static str);

/// The input files a map may name, each with its fields, whether each is required,
/// and what it means (`rebook columns` prints them; FORMAT.md is the contract).
pub const FIELDS: &[(&str, &[Field])] = &[
    (
        "cases",
        &[
            (
                "case_id",
                true,
                "unique id of the case (one operation for one patient)",
            ),
            (
                "patient_id",
                false,
                "local patient identifier (one operation a day per patient)",
            ),
            (
                "nhs_number",
                false,
                "10-digit NHS number, check digit verified",
            ),
            (
                "specialty",
                true,
                "treatment function code (e.g. 110) or name, as in sessions",
            ),
            (
                "procedure",
                false,
                "OPCS-4 code or free text, carried to the plan",
            ),
            (
                "priority",
                true,
                "clinical priority: P1a, P1b, P2, P3, P4, P5, P6",
            ),
            (
                "duration_min",
                true,
                "expected theatre minutes, a whole number above 0",
            ),
            (
                "surgeon",
                false,
                "consultant code: only that surgeon's lists, or lists naming none",
            ),
            (
                "listed_on",
                false,
                "decision-to-admit date: the start of the priority window",
            ),
            (
                "referral_date",
                false,
                "RTT clock start: long waiters first",
            ),
            ("cancelled_on", false, "date the operation was cancelled"),
            (
                "cancel_type",
                false,
                "on_day_non_clinical: the 28-day re-offer rule",
            ),
            ("earliest", false, "first date the case may be done"),
            ("due", false, "explicit clinical deadline"),
            (
                "equipment",
                false,
                "equipment the list must have, ;-separated",
            ),
            (
                "resources",
                false,
                "daily counted resources used, ;-separated (e.g. xmatch_blood)",
            ),
            (
                "unavailable",
                false,
                "dates or ranges the patient cannot attend, ;-separated",
            ),
            (
                "booked_session",
                false,
                "the case's current booking, if any",
            ),
            ("locked", false, "yes: keep the case in booked_session"),
            (
                "notified",
                false,
                "re-planning: no if the patient was not told their date",
            ),
            (
                "short_notice_ok",
                false,
                "re-planning: yes if the patient accepts short notice",
            ),
            (
                "home_site",
                false,
                "mutual aid: the site where the patient is listed",
            ),
            (
                "max_travel_min",
                false,
                "mutual aid: most minutes of travel from the home site",
            ),
            (
                "transfer_ok",
                false,
                "mutual aid: no if the patient is treated at home only",
            ),
        ],
    ),
    (
        "sessions",
        &[
            ("session_id", true, "unique id of the theatre list"),
            ("site", false, "hospital or site name"),
            ("theatre", true, "theatre name"),
            ("date", true, "date of the list"),
            ("start", true, "start time, HH:MM"),
            ("end", true, "end time, HH:MM, after start"),
            (
                "specialty",
                true,
                "specialty the list is allocated to, or any",
            ),
            (
                "surgeon",
                false,
                "consultant running the list; blank: any surgeon",
            ),
            (
                "equipment",
                false,
                "equipment in that theatre that day, ;-separated",
            ),
            (
                "turnaround_min",
                false,
                "changeover minutes after each case",
            ),
            (
                "trust",
                false,
                "mutual aid: trust running the list; blank: the home trust",
            ),
        ],
    ),
    (
        "resources",
        &[
            ("resource", true, "name used in cases' resources column"),
            ("site", false, "blank: the limit is for all sites together"),
            ("from", true, "first date of the limit"),
            ("to", true, "last date of the limit (inclusive)"),
            (
                "per_day",
                true,
                "cases using the resource a day, a whole number >= 0",
            ),
        ],
    ),
    (
        "surgeons",
        &[
            ("surgeon", true, "consultant code as in cases and sessions"),
            ("date", true, "a date"),
            (
                "max_minutes",
                true,
                "most operating minutes that day (0: away)",
            ),
        ],
    ),
    (
        "travel",
        &[
            ("from_site", true, "a site of the lists"),
            ("to_site", true, "another site of the lists"),
            (
                "minutes",
                true,
                "travel time between them, either way, a whole number >= 0",
            ),
        ],
    ),
];

/// One file's part of a map.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileMap {
    /// rebook's field → the export's header.
    #[serde(default)]
    columns: BTreeMap<String, String>,
    /// rebook's field → (the export's value → rebook's value).
    #[serde(default)]
    values: BTreeMap<String, BTreeMap<String, String>>,
}

/// A read and checked column map.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    /// The map file as messages name it.
    file: String,
    files: BTreeMap<String, FileMap>,
}

impl ColumnMap {
    /// Reads `path`; every problem named by the map file (TOML errors with their line).
    pub fn read(path: &Path) -> Result<ColumnMap, Vec<InputError>> {
        let file = crate::io::input::table::display_name(path);
        let text = std::fs::read_to_string(path)
            .map_err(|e| vec![InputError::file(&file, format!("cannot be read: {e}"))])?;
        ColumnMap::parse(&file, &text)
    }

    pub fn parse(file: &str, text: &str) -> Result<ColumnMap, Vec<InputError>> {
        let files: BTreeMap<String, FileMap> = toml::from_str(text)
            .map_err(|e| vec![InputError::file(file, format!("is not a column map: {e}"))])?;
        let mut errors = Vec::new();
        for (name, map) in &files {
            let Some((_, fields)) = FIELDS.iter().find(|(f, _)| f == name) else {
                let known: Vec<&str> = FIELDS.iter().map(|(f, _)| *f).collect();
                errors.push(InputError::file(
                    file,
                    format!(
                        "[{name}] is not an input file (the files: {})",
                        known.join(", ")
                    ),
                ));
                continue;
            };
            let known = |field: &str| fields.iter().any(|(f, ..)| *f == field);
            for field in map.columns.keys().chain(map.values.keys()) {
                if !known(field) {
                    errors.push(InputError::file(
                        file,
                        format!(
                            "[{name}] {field} is not a field of {name} (`rebook columns` lists them)"
                        ),
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(ColumnMap {
                file: file.to_string(),
                files,
            })
        } else {
            Err(errors)
        }
    }

    /// The fields of input file `kind` the map renames, with the export's header for
    /// each.
    pub fn renamed(&self, kind: &str) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .get(kind)
            .into_iter()
            .flat_map(|map| map.columns.iter().map(|(f, h)| (f.as_str(), h.as_str())))
    }

    /// The table `bytes` of input file `kind` (cases, sessions, ...), named `label` in
    /// messages, with its headers and values mapped. Lines keep their numbers.
    pub fn apply(
        &self,
        kind: &str,
        label: &str,
        bytes: Vec<u8>,
    ) -> Result<Vec<u8>, Vec<InputError>> {
        let Some(map) = self.files.get(kind) else {
            return Ok(bytes);
        };
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text,
            // Not text: the table's own reading says so, with its line.
            Err(_) => return Ok(bytes),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        let mut written_lines = 1u64;
        let mut lines = LineCounter::new(text.as_bytes());
        let mut value_maps: Vec<Option<&BTreeMap<String, String>>> = Vec::new();
        let mut errors = Vec::new();
        for (k, record) in reader.records().enumerate() {
            // A record the table cannot read is left for the table to refuse.
            let Ok(record) = record else {
                return Ok(bytes);
            };
            let line = record
                .position()
                .map_or(written_lines, |p| lines.line_at(p.byte()));
            while written_lines < line {
                let _ = writer.write_record(std::iter::empty::<&str>());
                written_lines += 1;
            }
            let cells: Vec<String> = if k == 0 {
                let (renamed, found) = self.rename(map, &record);
                for (field, header) in &map.columns {
                    if !found.contains(field) {
                        let seen: Vec<&str> = record.iter().map(str::trim).collect();
                        errors.push(InputError::file(
                            label,
                            format!(
                                "{}: {kind}.{field} is \"{header}\", which is not a header here \
                                 (its headers: {})",
                                self.file,
                                seen.join(", ")
                            ),
                        ));
                    }
                }
                value_maps = renamed
                    .iter()
                    .map(|h| map.values.get(&h.trim().to_ascii_lowercase()))
                    .collect();
                renamed
            } else {
                record
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| {
                        let mapped = value_maps.get(c).copied().flatten().and_then(|values| {
                            values
                                .iter()
                                .find(|(theirs, _)| theirs.trim().eq_ignore_ascii_case(cell.trim()))
                                .map(|(_, ours)| ours.clone())
                        });
                        mapped.unwrap_or_else(|| cell.to_string())
                    })
                    .collect()
            };
            let _ = writer.write_record(&cells);
            written_lines += 1 + cells
                .iter()
                .map(|c| c.matches('\n').count() as u64)
                .sum::<u64>();
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        writer
            .into_inner()
            .map_err(|_| vec![InputError::file(label, "cannot be mapped")])
    }

    /// The header with each mapped header renamed to rebook's field, and the fields
    /// whose header was found.
    fn rename(&self, map: &FileMap, header: &csv::StringRecord) -> (Vec<String>, Vec<String>) {
        let mut found = Vec::new();
        let renamed = header
            .iter()
            .map(|cell| {
                let theirs = cell.trim();
                match map
                    .columns
                    .iter()
                    .find(|(_, h)| h.trim().eq_ignore_ascii_case(theirs))
                {
                    Some((field, _)) => {
                        found.push(field.clone());
                        field.clone()
                    }
                    None => cell.to_string(),
                }
            })
            .collect();
        (renamed, found)
    }
}

/// `rebook columns`: a map to fill in, every field with its meaning.
pub fn template() -> String {
    let mut text = String::from(
        "# rebook column map (--columns FILE): the export's own headers, so it is read as it\n\
         # comes. Under [FILE.columns], give each field the header your system writes for\n\
         # it; fields already named as rebook names them, or not in your export, can be\n\
         # left out. Under [FILE.values.FIELD], map values your system writes its own way\n\
         # to rebook's (\"Urgent (P2)\" = \"P2\"). Headers and values match ignoring case\n\
         # and surrounding spaces. A header no field maps to is read if it is rebook's\n\
         # own name, else ignored with a warning.\n",
    );
    for (file, fields) in FIELDS {
        text.push_str(&format!("\n[{file}.columns]\n"));
        for (field, required, meaning) in *fields {
            let need = if *required { "required" } else { "optional" };
            text.push_str(&format!("# {field} = \"\"    # {need}: {meaning}\n"));
        }
    }
    text.push_str(
        "\n# An example: a PAS export with its own priority labels.\n\
         # [cases.columns]\n\
         # case_id = \"Case Ref\"\n\
         # priority = \"Clinical Priority\"\n\
         # listed_on = \"TCI Date\"\n\
         # [cases.values.priority]\n\
         # \"Urgent (P2)\" = \"P2\"\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::validate::{cases, limits, sessions, travel};

    /// Every field of the input files has a meaning here, and nothing else does.
    #[test]
    fn the_template_names_every_input_field_and_only_those() {
        let tables: [(&str, &[crate::io::input::Column]); 5] = [
            ("cases", cases::COLUMNS),
            ("sessions", sessions::COLUMNS),
            ("resources", limits::RESOURCE_COLUMNS),
            ("surgeons", limits::SURGEON_COLUMNS),
            ("travel", travel::COLUMNS),
        ];
        for (file, columns) in tables {
            let (_, fields) = FIELDS.iter().find(|(f, _)| *f == file).unwrap();
            let named: Vec<(&str, bool)> = fields.iter().map(|(f, r, _)| (*f, *r)).collect();
            let read: Vec<(&str, bool)> = columns.iter().map(|c| (c.name, c.required)).collect();
            assert_eq!(named, read, "{file}");
        }
    }

    #[test]
    fn a_map_renames_headers_and_values_and_keeps_the_lines() {
        let map = ColumnMap::parse(
            "map.toml",
            "[cases.columns]\ncase_id = \"Case Ref\"\npriority = \"Clinical Priority\"\n\
             [cases.values.priority]\n\"Urgent (P2)\" = \"P2\"\n",
        )
        .unwrap();
        let mapped = map
            .apply(
                "cases",
                "export.csv",
                b"Case Ref,clinical priority\nC1,Urgent (P2)\n\nC2,P3\n".to_vec(),
            )
            .unwrap();
        assert_eq!(
            String::from_utf8(mapped).unwrap(),
            "case_id,priority\nC1,P2\n\"\"\nC2,P3\n"
        );
    }

    #[test]
    fn a_mapped_header_not_in_the_file_and_an_unknown_field_are_errors() {
        let map =
            ColumnMap::parse("map.toml", "[cases.columns]\ncase_id = \"Case Ref\"\n").unwrap();
        let errors = map
            .apply("cases", "export.csv", b"Ref,Priority\nC1,P2\n".to_vec())
            .unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "export.csv: map.toml: cases.case_id is \"Case Ref\", which is not a header here \
             (its headers: Ref, Priority)"
        );
        let errors =
            ColumnMap::parse("map.toml", "[cases.columns]\ncase_ref = \"Ref\"\n").unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "map.toml: [cases] case_ref is not a field of cases (`rebook columns` lists them)"
        );
    }
}
