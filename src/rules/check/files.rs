//! Checking a plan as written: schedule.csv (and unscheduled.csv) read back and verified
//! row by row — known ids, each case once, times inside the session with the turnaround
//! between cases, columns that agree with the session — then every hard rule.

use super::{check, Violation};
use crate::domain::error::InputError;
use crate::domain::Rules;
use crate::domain::{positions, Booking, Problem};
use crate::io::input::{Cells, Table};
use crate::io::plan_files::{unguarded, SCHEDULE_COLUMNS, UNSCHEDULED_COLUMNS};
use chrono::{Duration, NaiveTime};
use std::collections::{BTreeMap, HashMap};

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
    let ids = Ids::of(problem);
    let mut found = Vec::new();
    let (rows, booking) = read_schedule(
        problem,
        &ids,
        schedule_table.as_ref(),
        &mut errors,
        &mut found,
    );
    times(problem, schedule.0, &rows, &mut found);
    turnaround(problem, &rows, &mut found);
    if let Some(table) = &unscheduled_table {
        every_case_once(
            problem,
            &ids,
            schedule.0,
            table,
            &booking,
            &mut errors,
            &mut found,
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    found.extend(check(problem, rules, &booking));
    Ok(found)
}

fn push(found: &mut Vec<Violation>, rule: &'static str, message: String) {
    found.push(Violation { rule, message });
}

/// Where each case and session id stands; a cell may carry the spreadsheet guard.
struct Ids<'p> {
    cases: HashMap<&'p str, usize>,
    sessions: HashMap<&'p str, usize>,
}

impl<'p> Ids<'p> {
    fn of(problem: &'p Problem) -> Self {
        Ids {
            cases: positions(problem.cases.iter().map(|c| c.id.as_str())),
            sessions: positions(problem.sessions.iter().map(|s| s.id.as_str())),
        }
    }

    fn find(index: &HashMap<&str, usize>, text: &str) -> Option<usize> {
        index
            .get(text)
            .or_else(|| index.get(unguarded(text)))
            .copied()
    }

    fn case(&self, text: &str) -> Option<usize> {
        Self::find(&self.cases, text)
    }

    fn session(&self, text: &str) -> Option<usize> {
        Self::find(&self.sessions, text)
    }
}

/// schedule.csv's rows as bookings: known case and session ids, each case once, and the
/// columns that repeat the session's details (site, theatre, date, operating surgeon)
/// agreeing with it.
fn read_schedule(
    problem: &Problem,
    ids: &Ids,
    table: Option<&Table>,
    errors: &mut Vec<InputError>,
    found: &mut Vec<Violation>,
) -> (Vec<Row>, Booking) {
    let mut rows = Vec::new();
    let mut booking: Booking = vec![None; problem.cases.len()];
    let Some(table) = table else {
        return (rows, booking);
    };
    let file = table.file.as_str();
    let mut first_line: HashMap<usize, u64> = HashMap::new();
    for row in table.rows() {
        let mut cells = Cells::new(row, errors);
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
        let Some(c) = ids.case(case_id) else {
            let message = format!("{file}:{line}: case {case_id} is not in the cases file");
            push(found, "unknown case", message);
            continue;
        };
        let Some(s) = ids.session(session_id) else {
            let message =
                format!("{file}:{line}: session {session_id} is not in the sessions file");
            push(found, "unknown session", message);
            continue;
        };
        if let Some(first) = first_line.insert(c, line) {
            let message =
                format!("{file}:{line}: case {case_id} is already booked on line {first}");
            push(found, "booked twice", message);
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
            push(found, "session details", message);
        }
        let case = &problem.cases[c];
        if let Some(operating) = problem.operating_surgeon(case, session) {
            if let Some(message) = disagree("surgeon", cells.text("surgeon"), operating) {
                push(found, "operating surgeon", message);
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
    (rows, booking)
}

/// Each case lasts its duration, inside its session.
fn times(problem: &Problem, file: &str, rows: &[Row], found: &mut Vec<Violation>) {
    for row in rows {
        let case = &problem.cases[row.case];
        let session = &problem.sessions[row.session];
        let at = format!("{file}:{}: case {}", row.line, case.id);
        let (start, end) = (row.start.format("%H:%M"), row.end.format("%H:%M"));
        if row.end - row.start != Duration::minutes(i64::from(case.duration_min)) {
            let message = format!(
                "{at}: {start}-{end} is not its {} minutes",
                case.duration_min
            );
            push(found, "times", message);
        }
        if row.start < session.start || row.end > session.end || row.end < row.start {
            let message = format!(
                "{at}: {start}-{end} is outside session {} ({}-{})",
                session.id,
                session.start.format("%H:%M"),
                session.end.format("%H:%M")
            );
            push(found, "times", message);
        }
    }
}

/// The session's turnaround between consecutive cases.
fn turnaround(problem: &Problem, rows: &[Row], found: &mut Vec<Violation>) {
    let mut by_session: BTreeMap<usize, Vec<&Row>> = BTreeMap::new();
    for row in rows {
        by_session.entry(row.session).or_default().push(row);
    }
    for (s, mut list) in by_session {
        let session = &problem.sessions[s];
        list.sort_by_key(|r| (r.start, r.line));
        for pair in list.windows(2) {
            let ready = pair[0].end + Duration::minutes(i64::from(session.turnaround_min));
            if pair[1].start < ready {
                push(found, "turnaround", format!(
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
}

/// Every case in exactly one of the two files: unscheduled.csv lists known cases once
/// each, none of them booked, and no case is in neither.
fn every_case_once(
    problem: &Problem,
    ids: &Ids,
    schedule_file: &str,
    table: &Table,
    booking: &[Option<usize>],
    errors: &mut Vec<InputError>,
    found: &mut Vec<Violation>,
) {
    let file = &table.file;
    let mut listed = vec![false; problem.cases.len()];
    for row in table.rows() {
        let mut cells = Cells::new(row, errors);
        let Some(case_id) = cells.required_text("case_id") else {
            continue;
        };
        let line = row.line;
        match ids.case(case_id) {
            None => push(
                found,
                "unknown case",
                format!("{file}:{line}: case {case_id} is not in the cases file"),
            ),
            Some(c) if booking[c].is_some() => push(
                found,
                "booked and unbooked",
                format!("{file}:{line}: case {case_id} is also in {schedule_file}"),
            ),
            Some(c) if listed[c] => push(
                found,
                "listed twice",
                format!("{file}:{line}: case {case_id} is listed again"),
            ),
            Some(c) => listed[c] = true,
        }
    }
    for (c, case) in problem.cases.iter().enumerate() {
        if booking[c].is_none() && !listed[c] {
            let message = format!("case {} is in neither {schedule_file} nor {file}", case.id);
            push(found, "case lost", message);
        }
    }
}
