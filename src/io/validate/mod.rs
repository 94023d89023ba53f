//! Rows into the domain [`Problem`]: every file read, every problem collected, then the
//! checks across files (session references, resources). Whether locked bookings obey
//! the hard rules is the rules' to say (`rules::locked`).

pub(crate) mod cases;
pub(crate) mod limits;
pub(crate) mod sessions;
pub(crate) mod travel;

use crate::domain::error::{Error, InputError, Result};
use crate::domain::travel::MutualAid;
use crate::domain::{positions, Problem, Rules};
use crate::io::column_map::ColumnMap;
use crate::io::edit::{Sheet, Tables};
use crate::io::input::field::shown;
use crate::io::input::table::display_name;
use crate::io::input::Table;
use crate::io::scenario::{Scenario, ScenarioInfo};
use crate::io::workbook::{self, CellMap};
use crate::io::InputFiles;
#[cfg(test)]
pub(crate) use cases::group_patients;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The SHA-256 of one input file, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InputChecksum {
    pub file: String,
    pub sha256: String,
}

/// A validated problem with what reading it noticed.
#[derive(Debug)]
pub struct Loaded {
    pub problem: Problem,
    pub warnings: Vec<String>,
    pub checksums: Vec<InputChecksum>,
    /// cases.csv as named in messages, and each case's line in it: for the rules'
    /// checks of locked bookings (`rules::locked`), which name the line they refuse.
    pub cases_file: String,
    pub case_lines: Vec<u64>,
    /// Where the lines of sheets read from workbooks are on their sheets, by the name
    /// messages give the sheet: later checks name cells as validation does.
    pub sheets: HashMap<String, CellMap>,
    /// The scenario the inputs were changed by (`--scenario`).
    pub scenario: Option<ScenarioInfo>,
}

impl Loaded {
    /// `error` with each line of a workbook's sheet named by its cell.
    pub fn in_cells(&self, error: Error) -> Error {
        in_cells(error, &self.sheets)
    }
}

/// One input file's name (as shown in messages) and content.
pub type FileBytes = (String, Vec<u8>);

/// The input files' contents, read but not yet parsed.
pub struct InputBytes {
    pub cases: FileBytes,
    pub sessions: FileBytes,
    pub resources: Option<FileBytes>,
    pub surgeons: Option<FileBytes>,
    /// travel.csv (mutual aid).
    pub travel: Option<FileBytes>,
}

/// Reads and validates the input files. `from` is `--from`; without it the planning
/// starts on the first session date. With `files.scenario`, the inputs are validated
/// as given, then changed by the scenario and validated again (`with_scenario`).
pub fn load(files: &InputFiles, from: Option<NaiveDate>, rules: &Rules) -> Result<Loaded> {
    let scenario = files.scenario.as_deref().map(Scenario::read);
    let read = read(files);
    let (read, scenario) = match scenario {
        Some(scenario) => {
            let (read, scenario) = Error::both(read, scenario)?;
            (read, Some(scenario))
        }
        None => (read?, None),
    };
    let base = read.parse(from, rules)?;
    match scenario {
        Some(scenario) => with_scenario(&read, &base, scenario, from, rules),
        None => Ok(base),
    }
}

/// The input files read, not yet validated: their bytes (a column map applied), and
/// where a workbook's lines are on its sheets.
pub struct ReadInputs {
    pub bytes: InputBytes,
    pub sheets: HashMap<String, CellMap>,
}

/// Reads the input files (every unreadable one named in one error).
pub fn read(files: &InputFiles) -> Result<ReadInputs> {
    let mut errors = Vec::new();
    let map = match files.columns.as_deref().map(ColumnMap::read).transpose() {
        Ok(map) => map,
        Err(found) => return Err(Error::Input(found)),
    };
    // A workbook's sheet is read as the text table a CSV file is; its problems are then
    // named by sheet and cell.
    let mut sheets: HashMap<String, CellMap> = HashMap::new();
    let mut read = |kind: &str, path: &Path| -> FileBytes {
        let (name, bytes) = match workbook::sheet_path(path) {
            Some((book, sheet)) => match workbook::read_sheet(&book, sheet.as_deref()) {
                Ok(table) => {
                    sheets.insert(table.label.clone(), table.cells);
                    (table.label, table.csv)
                }
                Err(mut found) => {
                    errors.append(&mut found);
                    (display_name(path), Vec::new())
                }
            },
            None => {
                let name = display_name(path);
                let bytes = crate::io::read_file(path, &name).unwrap_or_else(|e| {
                    errors.push(e);
                    Vec::new()
                });
                (name, bytes)
            }
        };
        // An export's own headers and values, mapped to rebook's line for line.
        match &map {
            Some(map) => match map.apply(kind, &name, bytes) {
                Ok(bytes) => {
                    // A sheet's cells are found under rebook's names too.
                    if let Some(cells) = sheets.get_mut(&name) {
                        for (field, header) in map.renamed(kind) {
                            cells.alias(field, header);
                        }
                    }
                    (name, bytes)
                }
                Err(mut found) => {
                    errors.append(&mut found);
                    (name, Vec::new())
                }
            },
            None => (name, bytes),
        }
    };
    let bytes = InputBytes {
        cases: read("cases", &files.cases),
        sessions: read("sessions", &files.sessions),
        resources: files.resources.as_deref().map(|p| read("resources", p)),
        surgeons: files.surgeons.as_deref().map(|p| read("surgeons", p)),
        travel: files.travel.as_deref().map(|p| read("travel", p)),
    };
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    Ok(ReadInputs { bytes, sheets })
}

impl ReadInputs {
    /// Validates the inputs as read; problems named by line, or by cell on a sheet.
    pub fn parse(&self, from: Option<NaiveDate>, rules: &Rules) -> Result<Loaded> {
        match parse(&self.bytes, from, rules) {
            Ok(loaded) => Ok(Loaded {
                sheets: self.sheets.clone(),
                ..loaded
            }),
            Err(error) => Err(in_cells(error, &self.sheets)),
        }
    }
}

fn in_cells(error: Error, sheets: &HashMap<String, CellMap>) -> Error {
    match error {
        Error::Input(mut errors) => {
            workbook::name_cells(&mut errors, sheets);
            Error::Input(errors)
        }
        other => other,
    }
}

/// The inputs `read` (validated as `base`) changed by a scenario, validated again. The
/// input files' checksums and warnings are the base's; the scenario's own name, file,
/// checksum and changes go in `Loaded::scenario`. The scenario's planning start, when it
/// moves it, wins over `from`.
pub fn with_scenario(
    read: &ReadInputs,
    base: &Loaded,
    mut scenario: Scenario,
    from: Option<NaiveDate>,
    rules: &Rules,
) -> Result<Loaded> {
    let mut tables = tables_of(&read.bytes).map_err(Error::Input)?;
    scenario
        .apply(&mut tables, base.problem.planning_start)
        .map_err(Error::Input)?;
    let edited = bytes_of(&tables, &read.bytes);
    let file = scenario.info.file.clone();
    match parse(&edited, scenario.from.or(from), rules) {
        Ok(loaded) => Ok(Loaded {
            warnings: base.warnings.clone(),
            checksums: base.checksums.clone(),
            sheets: read.sheets.clone(),
            scenario: Some(scenario.info),
            ..loaded
        }),
        // The base was valid: what is wrong now is what the scenario made.
        Err(Error::Input(mut errors)) => {
            for error in &mut errors {
                error.message = format!("after the changes of {file}: {}", error.message);
            }
            Err(in_cells(Error::Input(errors), &read.sheets))
        }
        Err(other) => Err(other),
    }
}

/// The tables of files read into memory (already mapped to rebook's columns).
fn tables_of(files: &InputBytes) -> std::result::Result<Tables, Vec<InputError>> {
    let open = |(name, bytes): &FileBytes| Sheet::parse(name, bytes);
    let cases = open(&files.cases);
    let sessions = open(&files.sessions);
    let resources = files.resources.as_ref().map(open).transpose();
    let surgeons = files.surgeons.as_ref().map(open).transpose();
    match (cases, sessions, resources, surgeons) {
        (Ok(cases), Ok(sessions), Ok(resources), Ok(surgeons)) => Ok(Tables {
            cases,
            sessions,
            resources,
            surgeons,
        }),
        (a, b, c, d) => Err([a.err(), b.err(), c.err(), d.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// The tables as files in memory, under the names of `like` (a file the edits
/// created is named as rebook would look for it).
fn bytes_of(tables: &Tables, like: &InputBytes) -> InputBytes {
    let named = |file: Option<&FileBytes>, default: &str, sheet: &Sheet| {
        (
            file.map_or_else(|| default.to_string(), |f| f.0.clone()),
            sheet.to_bytes(),
        )
    };
    InputBytes {
        cases: named(Some(&like.cases), "cases.csv", &tables.cases),
        sessions: named(Some(&like.sessions), "sessions.csv", &tables.sessions),
        resources: tables
            .resources
            .as_ref()
            .map(|s| named(like.resources.as_ref(), "resources.csv", s)),
        surgeons: tables
            .surgeons
            .as_ref()
            .map(|s| named(like.surgeons.as_ref(), "surgeons.csv", s)),
        // Travel times are not changed by scenarios.
        travel: like.travel.clone(),
    }
}

/// Validates input files already in memory.
pub fn parse(files: &InputBytes, from: Option<NaiveDate>, rules: &Rules) -> Result<Loaded> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut checksums = Vec::new();
    let mut open = |(name, bytes): &FileBytes, columns| -> Option<Table> {
        checksums.push(InputChecksum {
            file: name.clone(),
            sha256: hex(&Sha256::digest(bytes)),
        });
        match Table::parse(name, bytes, columns) {
            Ok(table) => {
                warnings.extend(table.ignored_columns_warning());
                Some(table)
            }
            Err(mut found) => {
                errors.append(&mut found);
                None
            }
        }
    };
    let case_table = open(&files.cases, cases::COLUMNS);
    let session_table = open(&files.sessions, sessions::COLUMNS);
    let resource_table = files
        .resources
        .as_ref()
        .and_then(|f| open(f, limits::RESOURCE_COLUMNS));
    let surgeon_table = files
        .surgeons
        .as_ref()
        .and_then(|f| open(f, limits::SURGEON_COLUMNS));
    let travel_table = files.travel.as_ref().and_then(|f| open(f, travel::COLUMNS));

    let mut case_rows = case_table
        .as_ref()
        .map(|t| cases::read(t, &mut errors))
        .unwrap_or_default();
    let sessions = session_table
        .as_ref()
        .map(|t| sessions::read(t, rules.turnaround_min, &mut errors))
        .unwrap_or_default();
    let resource_limits = resource_table
        .as_ref()
        .map(|t| limits::read_resources(t, &mut errors))
        .unwrap_or_default();
    let surgeon_limits = surgeon_table
        .as_ref()
        .map(|t| limits::read_surgeons(t, &mut errors))
        .unwrap_or_default();

    let sites: HashSet<&str> = sessions.iter().map(|s| s.site.as_str()).collect();
    let travel_times = match (&travel_table, &session_table) {
        (Some(table), Some(_)) => travel::read(table, &sites, &mut errors),
        _ => Default::default(),
    };
    // Cross-file checks need every file read; without sessions.csv they would only echo.
    if let (Some(case_table), Some(_)) = (&case_table, &session_table) {
        let session_index = positions(sessions.iter().map(|s| s.id.as_str()));
        let known_resources: HashSet<&str> =
            resource_limits.iter().map(|l| l.resource.key()).collect();
        let file = &case_table.file;
        for row in &mut case_rows {
            if let Some(home) = &row.case.travel.home_site {
                if !sites.contains(home.as_str()) {
                    errors.push(InputError::at(
                        file,
                        row.line,
                        Some("home_site"),
                        format!(
                            "\"{}\" is not the site of any list in sessions.csv",
                            shown(home)
                        ),
                    ));
                }
            }
            if let Some(id) = &row.booked_session {
                match session_index.get(id.as_str()) {
                    Some(&s) => row.case.booked_session = Some(s),
                    None => errors.push(InputError::at(
                        file,
                        row.line,
                        Some("booked_session"),
                        format!("\"{}\" is not a session in sessions.csv", shown(id)),
                    )),
                }
            }
            for resource in &row.case.resources {
                if !known_resources.contains(resource.key()) {
                    let hint = if files.resources.is_none() {
                        " (no resources file was given)"
                    } else {
                        ""
                    };
                    errors.push(InputError::at(
                        file,
                        row.line,
                        Some("resources"),
                        format!(
                            "\"{}\" has no row in resources.csv{hint}",
                            shown(&resource.to_string())
                        ),
                    ));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }

    let planning_start = from
        .or_else(|| sessions.iter().map(|s| s.date).min())
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let horizon_end = sessions
        .iter()
        .map(|s| s.date)
        .max()
        .unwrap_or(planning_start)
        .max(planning_start);
    let lines: Vec<u64> = case_rows.iter().map(|r| r.line).collect();
    let mut all_cases: Vec<_> = case_rows.into_iter().map(|r| r.case).collect();
    cases::group_patients(&mut all_cases);
    let site_trust = sessions
        .iter()
        .map(|s| (s.site.clone(), s.trust.clone()))
        .collect();
    let problem = Problem {
        cases: all_cases,
        sessions,
        resource_limits,
        surgeon_limits,
        planning_start,
        horizon_end,
        mutual_aid: MutualAid {
            travel: travel_times,
            site_trust,
        },
    };
    Ok(Loaded {
        problem,
        warnings,
        checksums,
        cases_file: files.cases.0.clone(),
        case_lines: lines,
        sheets: HashMap::new(),
        scenario: None,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
