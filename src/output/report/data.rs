//! The data behind each part of the report, read back from a plan's files
//! (schedule.csv, unscheduled.csv, summary.json) so that `rebook plan` and
//! `rebook report` draw the same report from the same bytes.

use crate::io::input::{Column, Row, Table};
use crate::io::plan_files::unguarded;
use crate::io::plan_files::{SCHEDULE_COLUMNS, UNSCHEDULED_COLUMNS};
use crate::output::summary::Summary;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Priorities in clinical order, as written in the plan's files.
pub const PRIORITIES: [&str; 7] = ["P1a", "P1b", "P2", "P3", "P4", "P5", "P6"];

/// The index of a priority label in `PRIORITIES` (unknown labels last).
pub fn priority_index(label: &str) -> usize {
    PRIORITIES
        .iter()
        .position(|p| p.eq_ignore_ascii_case(label))
        .unwrap_or(PRIORITIES.len() - 1)
}

/// One row of schedule.csv.
#[derive(Debug, Clone)]
pub struct BookedCase {
    pub case_id: String,
    pub patient_id: String,
    pub specialty: String,
    pub procedure: String,
    pub priority: String,
    pub surgeon: String,
    pub session_id: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub deadline: Option<NaiveDate>,
}

/// One row of unscheduled.csv.
#[derive(Debug, Clone)]
pub struct UnbookedCase {
    pub case_id: String,
    pub priority: String,
    pub deadline: Option<NaiveDate>,
    pub reason: String,
}

/// One theatre list (from summary.json's `utilisation.sessions`).
#[derive(Debug, Clone)]
pub struct ListSession {
    pub session_id: String,
    pub site: String,
    pub theatre: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub specialty: String,
    pub minutes: u64,
    pub used_minutes: u64,
}

/// One resource limit on one date (from summary.json's `resources_by_day`).
#[derive(Debug, Clone)]
pub struct ResourceDay {
    pub resource: String,
    pub site: String,
    pub date: NaiveDate,
    pub used: u64,
    pub available: u64,
}

/// A plan, as its files describe it.
/// One row of a re-plan's changes.csv that the patient is told about.
pub struct ChangedCase {
    pub case_id: String,
    pub priority: String,
    pub change: String,
    pub old_date: Option<NaiveDate>,
    pub new_date: Option<NaiveDate>,
    pub cause: String,
}

/// The columns of changes.csv the report reads.
const CHANGE_COLUMNS: &[Column] = &[
    Column::required("case_id"),
    Column::required("priority"),
    Column::required("change"),
    Column::optional("old_date"),
    Column::optional("new_date"),
    Column::optional("cause"),
];

/// A re-plan's changes.csv: the rows whose patient is told something (not `kept`, not
/// `removed`, not a new case left unbooked).
pub fn read_changes(bytes: &[u8]) -> Result<Vec<ChangedCase>, String> {
    let changes = table("changes.csv", bytes, CHANGE_COLUMNS)?;
    let mut rows = Vec::new();
    for row in changes.rows() {
        let changed = ChangedCase {
            case_id: text(&row, "case_id"),
            priority: text(&row, "priority"),
            change: text(&row, "change"),
            old_date: parse_date(&row, "old_date")?,
            new_date: parse_date(&row, "new_date")?,
            cause: text(&row, "cause"),
        };
        let told = !matches!(changed.change.as_str(), "kept" | "removed")
            && (changed.old_date.is_some() || changed.new_date.is_some());
        if told {
            rows.push(changed);
        }
    }
    Ok(rows)
}

pub struct PlanData {
    pub summary: Summary,
    /// A re-plan's changes (changes.csv), when the plan is one.
    pub changes: Vec<ChangedCase>,
    pub planning_start: NaiveDate,
    pub horizon_end: NaiveDate,
    pub booked: Vec<BookedCase>,
    pub unbooked: Vec<UnbookedCase>,
    pub sessions: Vec<ListSession>,
    pub resources: Vec<ResourceDay>,
}

/// Reads a plan's three files (and a re-plan's changes.csv); an error names the file
/// and what is wrong.
pub fn read(
    schedule: &[u8],
    unscheduled: &[u8],
    summary: &[u8],
    changes: Option<&[u8]>,
) -> Result<PlanData, String> {
    // The dates first, so that a file that is no summary at all says which field it
    // lacks; then the whole summary through the type that wrote it.
    let value: Value = serde_json::from_slice(summary)
        .map_err(|e| format!("summary.json: not a plan summary ({e})"))?;
    for field in ["planning_start", "horizon_end"] {
        if value[field]
            .as_str()
            .and_then(|t| t.parse::<NaiveDate>().ok())
            .is_none()
        {
            return Err(format!("summary.json: `{field}` is missing or not a date"));
        }
    }
    let summary: Summary = serde_json::from_value(value)
        .map_err(|e| format!("summary.json: not a summary this version of rebook writes ({e})"))?;
    let (planning_start, horizon_end) = (summary.planning_start, summary.horizon_end);

    let schedule = table("schedule.csv", schedule, SCHEDULE_COLUMNS)?;
    let booked = schedule
        .rows()
        .map(|row| {
            let line = row.line;
            let time = |field: &str| parse_time(&row, field);
            Ok(BookedCase {
                case_id: text(&row, "case_id"),
                patient_id: text(&row, "patient_id"),
                specialty: text(&row, "specialty"),
                procedure: text(&row, "procedure"),
                priority: text(&row, "priority"),
                surgeon: text(&row, "surgeon"),
                session_id: text(&row, "session_id"),
                date: parse_date(&row, "date")?
                    .ok_or_else(|| format!("schedule.csv:{line}: date is blank"))?,
                start: time("start")?,
                end: time("end")?,
                deadline: parse_date(&row, "deadline")?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let unscheduled = table("unscheduled.csv", unscheduled, UNSCHEDULED_COLUMNS)?;
    let unbooked = unscheduled
        .rows()
        .map(|row| {
            Ok(UnbookedCase {
                case_id: text(&row, "case_id"),
                priority: text(&row, "priority"),
                deadline: parse_date(&row, "deadline")?,
                reason: text(&row, "reason"),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;

    let mut sessions = Vec::new();
    for entry in &summary.utilisation.sessions {
        let clock = |text: &str| NaiveTime::parse_from_str(text, "%H:%M").ok();
        let (Some(start), Some(end)) = (clock(&entry.start), clock(&entry.end)) else {
            return Err(format!(
                "summary.json: session {} in `utilisation.sessions` has times that are not HH:MM",
                entry.session_id
            ));
        };
        sessions.push(ListSession {
            session_id: entry.session_id.clone(),
            site: entry.site.clone(),
            theatre: entry.theatre.clone(),
            date: entry.date,
            start,
            end,
            specialty: entry.specialty.clone(),
            minutes: u64::from(entry.minutes),
            used_minutes: u64::from(entry.used_minutes),
        });
    }
    let resources = summary
        .resources_by_day
        .iter()
        .map(|entry| ResourceDay {
            resource: entry.resource.clone(),
            site: entry.site.clone(),
            date: entry.date,
            used: entry.used as u64,
            available: u64::from(entry.available),
        })
        .collect();
    let changes = changes.map(read_changes).transpose()?.unwrap_or_default();
    Ok(PlanData {
        summary,
        changes,
        planning_start,
        horizon_end,
        booked,
        unbooked,
        sessions,
        resources,
    })
}

/// A plan file read with the project's CSV reader; its errors joined, one per line.
fn table(file: &str, bytes: &[u8], columns: &[Column]) -> Result<Table, String> {
    Table::parse(file, bytes, columns).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        lines.join("\n")
    })
}

/// A cell as the planner wrote it (spreadsheet guard removed); blank when absent.
fn text(row: &Row, field: &str) -> String {
    row.cell(field)
        .map(unguarded)
        .unwrap_or_default()
        .to_string()
}

fn parse_date(row: &Row, field: &str) -> Result<Option<NaiveDate>, String> {
    match row.cell(field).map(unguarded) {
        None => Ok(None),
        Some(value) => value.parse().map(Some).map_err(|_| {
            let (file, line) = (&row.table.file, row.line);
            format!("{file}:{line}: {field} \"{value}\" is not a date")
        }),
    }
}

fn parse_time(row: &Row, field: &str) -> Result<NaiveTime, String> {
    let value = row.cell(field).map(unguarded).unwrap_or_default();
    NaiveTime::parse_from_str(value, "%H:%M").map_err(|_| {
        let (file, line) = (&row.table.file, row.line);
        format!("{file}:{line}: {field} \"{value}\" is not a time (HH:MM)")
    })
}

/// Cases waiting on one day, by priority, and how many of them are past their deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacklogDay {
    pub date: NaiveDate,
    /// Indexed like `PRIORITIES` (P5 and P6 left out: they chose to wait).
    pub waiting: [usize; 5],
    pub overdue: usize,
}

/// The most days the backlog chart draws: one a pixel of its width. A longer horizon is
/// drawn every few days (a list dated thousands of years ahead made a report of 225 MB).
pub const MAX_BACKLOG_DAYS: i64 = 900;

/// The backlog at the end of each day from the planning start to the day after the
/// horizon (every few days when that is more than `MAX_BACKLOG_DAYS`): a booked case
/// waits until its day (at the end of that day it is done); an unbooked case waits
/// throughout. A case still waiting at the end of its deadline day or later is overdue:
/// its breach is then certain.
pub fn backlog(plan: &PlanData) -> Vec<BacklogDay> {
    let last = plan.horizon_end + Duration::days(1);
    let span = (last - plan.planning_start).num_days() + 1;
    let step = ((span.max(1) + MAX_BACKLOG_DAYS - 1) / MAX_BACKLOG_DAYS) as usize;
    let cases = plan
        .booked
        .iter()
        .map(|b| (priority_index(&b.priority), b.deadline, Some(b.date)))
        .chain(
            plan.unbooked
                .iter()
                .map(|u| (priority_index(&u.priority), u.deadline, None)),
        )
        .filter(|(p, _, _)| *p < 5)
        .collect::<Vec<_>>();
    plan.planning_start
        .iter_days()
        .take_while(|d| *d <= last)
        .step_by(step)
        .map(|date| {
            let mut day = BacklogDay {
                date,
                waiting: [0; 5],
                overdue: 0,
            };
            for &(priority, deadline, booked) in &cases {
                if booked.is_none_or(|b| b > date) {
                    day.waiting[priority] += 1;
                    if deadline.is_some_and(|d| d <= date) {
                        day.overdue += 1;
                    }
                }
            }
            day
        })
        .collect()
}

/// One week of a site's timeline: its theatres as rows, its days as columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    pub monday: NaiveDate,
    /// Monday to Friday, and Saturday or Sunday when a list falls on them.
    pub days: Vec<NaiveDate>,
    pub theatres: Vec<String>,
    /// Indices into `PlanData::sessions`.
    pub sessions: Vec<usize>,
}

/// Each site's weeks with lists, in date order; sites in name order.
pub fn site_weeks(plan: &PlanData) -> Vec<(String, Vec<Week>)> {
    let mut sites: BTreeMap<&str, BTreeMap<NaiveDate, Vec<usize>>> = BTreeMap::new();
    for (i, session) in plan.sessions.iter().enumerate() {
        let monday =
            session.date - Duration::days(i64::from(session.date.weekday().num_days_from_monday()));
        sites
            .entry(&session.site)
            .or_default()
            .entry(monday)
            .or_default()
            .push(i);
    }
    sites
        .into_iter()
        .map(|(site, weeks)| {
            let theatres: BTreeSet<&str> = weeks
                .values()
                .flatten()
                .map(|&i| plan.sessions[i].theatre.as_str())
                .collect();
            let weeks = weeks
                .into_iter()
                .map(|(monday, sessions)| {
                    let weekend: BTreeSet<NaiveDate> = sessions
                        .iter()
                        .map(|&i| plan.sessions[i].date)
                        .filter(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
                        .collect();
                    let mut days: Vec<NaiveDate> =
                        (0..5).map(|k| monday + Duration::days(k)).collect();
                    days.extend(weekend);
                    Week {
                        monday,
                        days,
                        theatres: theatres.iter().map(|t| t.to_string()).collect(),
                        sessions,
                    }
                })
                .collect();
            (site.to_string(), weeks)
        })
        .collect()
}

/// The unbooked cases by kind of reason (the reason's words before any `:`), most
/// frequent first, ties in name order.
pub fn reason_kinds(plan: &PlanData) -> Vec<(String, usize)> {
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for case in &plan.unbooked {
        let kind = case.reason.split(':').next().unwrap_or_default().trim();
        *kinds.entry(kind.to_string()).or_default() += 1;
    }
    let mut kinds: Vec<(String, usize)> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    kinds
}

/// Each resource limit's days: (resource, site) → days in date order.
pub fn resource_series(plan: &PlanData) -> BTreeMap<(String, String), Vec<ResourceDay>> {
    let mut series: BTreeMap<(String, String), Vec<ResourceDay>> = BTreeMap::new();
    for day in &plan.resources {
        series
            .entry((day.resource.clone(), day.site.clone()))
            .or_default()
            .push(day.clone());
    }
    for days in series.values_mut() {
        days.sort_by_key(|d| d.date);
    }
    series
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEDULE: &str = "case_id,patient_id,specialty,procedure,priority,surgeon,session_id,site,theatre,date,start,end,deadline,days_late,changed
C1,PAT1,110,Knee,P2,ORT1,S1,North,T1,2024-07-02,08:00,09:00,2024-07-01,1,
C2,PAT2,110,Hip,P4,,S2,North,T2,2024-07-06,08:00,10:00,,0,
'=C3,PAT3,110,Hip,P3,,S1,North,T1,2024-07-02,09:15,10:00,2024-07-10,0,
";
    const UNSCHEDULED: &str = "case_id,priority,deadline,reason
C4,P1b,2024-07-02,no list with room
C5,P5,,patient chose to defer
";

    fn summary() -> String {
        use crate::output::summary::{ResourceDay, SessionUse, Utilisation};
        let date = |text: &str| text.parse::<NaiveDate>().expect("date");
        let list =
            |id: &str, site: &str, theatre: &str, day: &str, specialty: &str, used| SessionUse {
                session_id: id.into(),
                site: site.into(),
                theatre: theatre.into(),
                date: date(day),
                start: "08:00".into(),
                end: "12:00".into(),
                specialty: specialty.into(),
                minutes: 240,
                used_minutes: used,
                ..SessionUse::default()
            };
        let blood = |day: &str, used, available| ResourceDay {
            resource: "blood".into(),
            site: String::new(),
            date: date(day),
            used,
            available,
        };
        let summary = Summary {
            planning_start: date("2024-07-01"),
            horizon_end: date("2024-07-07"),
            utilisation: Utilisation {
                sessions: vec![
                    list("S1", "North", "T1", "2024-07-02", "110", 120),
                    list("S2", "North", "T2", "2024-07-06", "110", 120),
                    list("S3", "South", "T1", "2024-07-08", "any", 0),
                ],
                ..Utilisation::default()
            },
            resources_by_day: vec![blood("2024-07-02", 1, 2), blood("2024-07-01", 0, 0)],
            ..Summary::default()
        };
        serde_json::to_string(&summary).expect("serialises")
    }

    fn plan() -> PlanData {
        read(
            SCHEDULE.as_bytes(),
            UNSCHEDULED.as_bytes(),
            summary().as_bytes(),
            None,
        )
        .expect("reads")
    }

    #[test]
    fn the_files_are_read_back_with_the_spreadsheet_guard_removed() {
        let plan = plan();
        assert_eq!(plan.booked.len(), 3);
        assert_eq!(plan.booked[2].case_id, "=C3");
        assert_eq!(
            plan.unbooked[0].deadline,
            NaiveDate::from_ymd_opt(2024, 7, 2)
        );
        assert_eq!(plan.sessions.len(), 3);
    }

    #[test]
    fn a_case_waits_until_its_day_and_an_unbooked_one_throughout() {
        let days = backlog(&plan());
        // 2024-07-01 to the day after the horizon.
        assert_eq!(days.len(), 8);
        // End of day 1: C1 (P2), C2 (P4), C3 (P3) and C4 (P1b) wait; C5 (P5) is left out.
        assert_eq!(days[0].waiting, [0, 1, 1, 1, 1]);
        // End of day 2 (C1 and C3 were done that day): C2 and C4.
        assert_eq!(days[1].waiting, [0, 1, 0, 0, 1]);
        // End of day 6: C2 was done that day; C4 still waits.
        assert_eq!(days[5].waiting, [0, 1, 0, 0, 0]);
    }

    #[test]
    fn a_horizon_of_thousands_of_years_is_drawn_every_few_days() {
        let mut long = plan();
        long.horizon_end = NaiveDate::from_ymd_opt(5956, 7, 1).expect("a date");
        let days = backlog(&long);
        assert!(days.len() as i64 <= MAX_BACKLOG_DAYS, "{} days", days.len());
        assert_eq!(days[0].date, long.planning_start);
        // The first day looks the same however far the horizon reaches.
        assert_eq!(days[0].waiting, backlog(&plan())[0].waiting);
    }

    #[test]
    fn a_case_still_waiting_at_the_end_of_its_deadline_day_is_overdue() {
        let days = backlog(&plan());
        // C1's deadline is day 1 and it is done on day 2.
        assert_eq!(days[0].overdue, 1);
        // From day 2 only C4 (deadline day 2, never booked) is overdue; C3 (deadline
        // day 10) was done on day 2.
        assert_eq!(days[1].overdue, 1);
        assert_eq!(days[7].overdue, 1);
    }

    #[test]
    fn weeks_run_monday_to_friday_plus_weekend_days_with_lists() {
        let sites = site_weeks(&plan());
        assert_eq!(sites.len(), 2);
        let (site, weeks) = &sites[0];
        assert_eq!(site, "North");
        assert_eq!(weeks.len(), 1);
        assert_eq!(
            weeks[0].monday,
            NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()
        );
        // Saturday 6 July has a list; Sunday does not.
        assert_eq!(weeks[0].days.len(), 6);
        assert_eq!(weeks[0].theatres, vec!["T1", "T2"]);
        let (south, south_weeks) = &sites[1];
        assert_eq!(south, "South");
        assert_eq!(
            south_weeks[0].monday,
            NaiveDate::from_ymd_opt(2024, 7, 8).unwrap()
        );
        assert_eq!(south_weeks[0].days.len(), 5);
    }

    #[test]
    fn resource_days_come_in_date_order_per_limit() {
        let series = resource_series(&plan());
        let days = &series[&("blood".to_string(), String::new())];
        let dates: Vec<_> = days
            .iter()
            .map(|d| (d.date.day(), d.used, d.available))
            .collect();
        assert_eq!(dates, vec![(1, 0, 0), (2, 1, 2)]);
    }

    #[test]
    fn reasons_are_counted_by_kind_most_frequent_first() {
        let mut plan = plan();
        plan.unbooked.push(UnbookedCase {
            case_id: "C6".into(),
            priority: "P4".into(),
            deadline: None,
            reason: "no list with room: all full".into(),
        });
        assert_eq!(
            reason_kinds(&plan),
            vec![
                ("no list with room".to_string(), 2),
                ("patient chose to defer".to_string(), 1)
            ]
        );
    }

    #[test]
    fn a_bad_file_is_named_with_its_line() {
        let bad = SCHEDULE.replace("2024-07-06,08:00", "2024-07-06,8 o'clock");
        let error = read(
            bad.as_bytes(),
            UNSCHEDULED.as_bytes(),
            summary().as_bytes(),
            None,
        )
        .err()
        .expect("refused");
        assert_eq!(
            error,
            "schedule.csv:3: start \"8 o'clock\" is not a time (HH:MM)"
        );
        let error = read(SCHEDULE.as_bytes(), UNSCHEDULED.as_bytes(), b"{}", None)
            .err()
            .expect("refused");
        assert_eq!(
            error,
            "summary.json: `planning_start` is missing or not a date"
        );
    }

    #[test]
    fn patient_ids_appear_only_when_asked_for() {
        let plan = plan();
        let plain = crate::output::report::html::page(&plan, false);
        assert!(!plain.contains("PAT1"));
        assert!(plain.contains("C1 · P2 · Knee · ORT1 · 08:00–09:00"));
        let with_ids = crate::output::report::html::page(&plan, true);
        assert!(with_ids.contains("patient PAT1"));
    }

    #[test]
    fn text_from_the_files_is_escaped() {
        let mut plan = plan();
        plan.unbooked[0].reason = "<script>alert(1)</script>".into();
        let page = crate::output::report::html::page(&plan, false);
        assert!(!page.contains("<script>alert"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}
