//! Checking a plan as written: schedule.csv (and unscheduled.csv) read back and verified
//! row by row — known ids, each case once, times inside the session with the turnaround
//! between cases, columns that agree with the session — then every hard rule.

use super::{check, Violation};
use crate::config::Rules;
use crate::domain::{positions, Problem};
use crate::error::InputError;
use crate::input::{Cells, Column, Table};
use crate::output::unguarded;
use chrono::{Duration, NaiveTime};
use std::collections::{BTreeMap, HashMap};

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

struct Row {
    line: u64,
    case: usize,
    session: usize,
    start: NaiveTime,
    end: NaiveTime,
}

/// Verifies a written plan. `Err` when a file cannot be read as a plan (bad times,
/// missing columns); `Ok(violations)` otherwise, empty when the plan is valid.
pub fn check_files(
    problem: &Problem,
    rules: &Rules,
    schedule: (&str, &[u8]),
    unscheduled: Option<(&str, &[u8])>,
) -> Result<Vec<Violation>, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut keep = |table: Result<Table, Vec<InputError>>| match table {
        Ok(table) => Some(table),
        Err(mut found) => {
            errors.append(&mut found);
            None
        }
    };
    let schedule_table = keep(Table::parse(schedule.0, schedule.1, SCHEDULE_COLUMNS));
    let unscheduled_table =
        unscheduled.and_then(|(name, bytes)| keep(Table::parse(name, bytes, UNSCHEDULED_COLUMNS)));
    let case_index = positions(problem.cases.iter().map(|c| c.id.as_str()));
    let session_index = positions(problem.sessions.iter().map(|s| s.id.as_str()));
    let find = |index: &HashMap<&str, usize>, text: &str| {
        index
            .get(text)
            .or_else(|| index.get(unguarded(text)))
            .copied()
    };

    let mut found = Vec::new();
    let mut push = |rule: &'static str, message: String| found.push(Violation { rule, message });
    let mut rows = Vec::new();
    let mut booking: Vec<Option<usize>> = vec![None; problem.cases.len()];
    let mut first_line: HashMap<usize, u64> = HashMap::new();
    let file = schedule.0;
    for row in schedule_table.iter().flat_map(|t| t.rows()) {
        let mut cells = Cells::new(row, &mut errors);
        let case_id = cells.required_text("case_id");
        let session_id = cells.required_text("session_id");
        let start = cells.required_time("start");
        let end = cells.required_time("end");
        let date = cells.date("date");
        let (Some(case_id), Some(session_id), Some(start), Some(end)) =
            (case_id, session_id, start, end)
        else {
            continue;
        };
        let line = cells.line();
        let Some(c) = find(&case_index, case_id) else {
            push(
                "unknown case",
                format!("{file}:{line}: case {case_id} is not in the cases file"),
            );
            continue;
        };
        let Some(s) = find(&session_index, session_id) else {
            push(
                "unknown session",
                format!("{file}:{line}: session {session_id} is not in the sessions file"),
            );
            continue;
        };
        if let Some(first) = first_line.insert(c, line) {
            push(
                "booked twice",
                format!("{file}:{line}: case {case_id} is already booked on line {first}"),
            );
            continue;
        }
        let session = &problem.sessions[s];
        let disagree = |column: &str, written: Option<&str>, actual: &str| {
            written.filter(|w| unguarded(w) != actual).map(|w| {
                format!("{file}:{line}: case {case_id}: column {column} says {w}, session {} has {actual}", session.id)
            })
        };
        let columns = [
            disagree("site", cells.text("site"), &session.site),
            disagree("theatre", cells.text("theatre"), &session.theatre),
            date.filter(|d| *d != session.date).map(|d| {
                format!(
                    "{file}:{line}: case {case_id}: column date says {d}, session {} is on {}",
                    session.id, session.date
                )
            }),
        ];
        for message in columns.into_iter().flatten() {
            push("session details", message);
        }
        let case = &problem.cases[c];
        if let Some(operating) = problem.operating_surgeon(case, session) {
            if let Some(message) = disagree("surgeon", cells.text("surgeon"), operating) {
                push("operating surgeon", message);
            }
        }
        booking[c] = Some(s);
        rows.push(Row {
            line,
            case: c,
            session: s,
            start,
            end,
        });
    }

    // Times: each case lasts its duration, inside its session, with the turnaround between cases.
    let mut by_session: BTreeMap<usize, Vec<&Row>> = BTreeMap::new();
    for row in &rows {
        let case = &problem.cases[row.case];
        let session = &problem.sessions[row.session];
        let at = format!("{file}:{}: case {}", row.line, case.id);
        if row.end - row.start != Duration::minutes(i64::from(case.duration_min)) {
            push(
                "times",
                format!(
                    "{at}: {}-{} is not its {} minutes",
                    row.start.format("%H:%M"),
                    row.end.format("%H:%M"),
                    case.duration_min
                ),
            );
        }
        if row.start < session.start || row.end > session.end || row.end < row.start {
            push(
                "times",
                format!(
                    "{at}: {}-{} is outside session {} ({}-{})",
                    row.start.format("%H:%M"),
                    row.end.format("%H:%M"),
                    session.id,
                    session.start.format("%H:%M"),
                    session.end.format("%H:%M")
                ),
            );
        }
        by_session.entry(row.session).or_default().push(row);
    }
    for (s, mut list) in by_session {
        let session = &problem.sessions[s];
        list.sort_by_key(|r| (r.start, r.line));
        for pair in list.windows(2) {
            let ready = pair[0].end + Duration::minutes(i64::from(session.turnaround_min));
            if pair[1].start < ready {
                push("turnaround", format!(
                    "session {}: case {} starts at {}, before {} (case {} ends at {} plus {} minutes turnaround)",
                    session.id,
                    problem.cases[pair[1].case].id,
                    pair[1].start.format("%H:%M"),
                    ready.format("%H:%M"),
                    problem.cases[pair[0].case].id,
                    pair[0].end.format("%H:%M"),
                    session.turnaround_min
                ));
            }
        }
    }

    // Every case in exactly one of the two files.
    if let Some(table) = &unscheduled_table {
        let mut listed = vec![false; problem.cases.len()];
        for row in table.rows() {
            let mut cells = Cells::new(row, &mut errors);
            let Some(case_id) = cells.required_text("case_id") else {
                continue;
            };
            match find(&case_index, case_id) {
                None => push(
                    "unknown case",
                    format!(
                        "{}:{}: case {case_id} is not in the cases file",
                        table.file, row.line
                    ),
                ),
                Some(c) if booking[c].is_some() => push(
                    "booked and unbooked",
                    format!(
                        "{}:{}: case {case_id} is also in {file}",
                        table.file, row.line
                    ),
                ),
                Some(c) if listed[c] => push(
                    "listed twice",
                    format!(
                        "{}:{}: case {case_id} is listed again",
                        table.file, row.line
                    ),
                ),
                Some(c) => listed[c] = true,
            }
        }
        for (c, case) in problem.cases.iter().enumerate() {
            if booking[c].is_none() && !listed[c] {
                push(
                    "case lost",
                    format!("case {} is in neither {file} nor {}", case.id, table.file),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    found.extend(check(problem, rules, &booking));
    Ok(found)
}
