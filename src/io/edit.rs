//! Changes to a set of input files, in the users' words: a resource's daily count over
//! dates, the end of an outage moved, lists closed, extra lists, a surgeon away, new
//! cancellations, patients declining. One mechanism for the two places that change
//! inputs by date: `rebook generate --event` (an incident a few days on) and scenario
//! files (`--scenario`, what-if). Both say what changes as [`Edit`]s and apply them here.
//!
//! The files are edited as tables of text: every column the user had, known or not, is
//! kept, and dates are written back in ISO form. Rows of cases.csv are only edited or
//! added at the end, never removed or reordered here, so every case keeps its line and
//! an error still names the line of the user's own file.

use crate::domain::error::{Error, InputError, Result};
use crate::domain::random::Random;
use crate::io::input::field::parse_date;
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A CSV file as text cells under its header (header names trimmed, lower case).
#[derive(Debug, Clone)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// An empty table with these columns.
    pub fn with_columns(columns: &[&str]) -> Sheet {
        Sheet {
            header: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// The table in `bytes`; `name` names the file in an error.
    pub fn parse(name: &str, bytes: &[u8]) -> std::result::Result<Sheet, InputError> {
        let unreadable = |e: csv::Error| InputError::file(name, format!("cannot be read: {e}"));
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
        let header: Vec<String> = reader
            .headers()
            .map_err(unreadable)?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(unreadable)?;
            // Blank lines are skipped by the reader; a row of empty cells is kept.
            let mut row: Vec<String> = record.iter().map(str::to_string).collect();
            row.resize(header.len().max(row.len()), String::new());
            rows.push(row);
        }
        Ok(Sheet { header, rows })
    }

    /// The table as CSV bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail; the rows are as wide as the header or wider.
        let _ = writer.write_record(&self.header);
        for row in &self.rows {
            let _ = writer.write_record(row);
        }
        writer.into_inner().unwrap_or_default()
    }

    pub fn read(path: &Path) -> Result<Sheet> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Sheet::parse(&path.display().to_string(), &bytes).map_err(|e| Error::Input(vec![e]))
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_bytes()).map_err(|e| Error::io(path, e))
    }

    /// The column's index, added (blank in every row) when missing.
    pub fn column(&mut self, name: &str) -> usize {
        if let Some(i) = self.find(name) {
            return i;
        }
        self.header.push(name.to_string());
        for row in &mut self.rows {
            row.push(String::new());
        }
        self.header.len() - 1
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The trimmed text in column `at` of row `row` ("" when the column is missing).
    pub fn text(&self, row: usize, at: Option<usize>) -> &str {
        at.and_then(|a| self.rows[row].get(a))
            .map_or("", |c| c.trim())
    }

    /// The date in column `at` of row `row` (blank or unreadable: `None`).
    pub fn date(&self, row: usize, at: Option<usize>) -> Option<NaiveDate> {
        parse_date(self.text(row, at)).ok()
    }

    /// Keeps the rows `keep` says yes to; returns how many went.
    pub fn retain_rows(&mut self, mut keep: impl FnMut(&Sheet, usize) -> bool) -> usize {
        let kept: Vec<Vec<String>> = (0..self.rows.len())
            .filter(|&i| keep(self, i))
            .map(|i| self.rows[i].clone())
            .collect();
        let gone = self.rows.len() - kept.len();
        self.rows = kept;
        gone
    }
}

/// The input files of one run as tables of text.
#[derive(Debug, Clone)]
pub struct Tables {
    pub cases: Sheet,
    pub sessions: Sheet,
    pub resources: Option<Sheet>,
    pub surgeons: Option<Sheet>,
}

const RESOURCE_COLUMNS: [&str; 5] = ["resource", "site", "from", "to", "per_day"];
const SURGEON_COLUMNS: [&str; 3] = ["surgeon", "date", "max_minutes"];

impl Tables {
    /// The files of a folder: cases.csv and sessions.csv, and resources.csv and
    /// surgeons.csv when present.
    pub fn read(dir: &Path) -> Result<Tables> {
        let optional = |name: &str| {
            let path = dir.join(name);
            path.exists().then(|| Sheet::read(&path)).transpose()
        };
        Ok(Tables {
            cases: Sheet::read(&dir.join("cases.csv"))?,
            sessions: Sheet::read(&dir.join("sessions.csv"))?,
            resources: optional("resources.csv")?,
            surgeons: optional("surgeons.csv")?,
        })
    }

    /// Writes the tables into `dir` (a missing optional file stays missing).
    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        self.cases.write(&dir.join("cases.csv"))?;
        self.sessions.write(&dir.join("sessions.csv"))?;
        if let Some(resources) = &self.resources {
            resources.write(&dir.join("resources.csv"))?;
        }
        if let Some(surgeons) = &self.surgeons {
            surgeons.write(&dir.join("surgeons.csv"))?;
        }
        Ok(())
    }

    /// The first and last dates of the lists (`None` without a dated list).
    pub fn list_dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        let at = self.sessions.find("date");
        let dates = (0..self.sessions.rows.len()).filter_map(|i| self.sessions.date(i, at));
        dates.fold(None, |span, d| match span {
            None => Some((d, d)),
            Some((first, last)) => Some((first.min(d), last.max(d))),
        })
    }

    /// The resources named in resources.csv and in the cases' `resources` column, as
    /// written (compare with `eq_ignore_ascii_case`).
    pub fn resource_names(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        if let Some(sheet) = &self.resources {
            let at = sheet.find("resource");
            names.extend((0..sheet.rows.len()).map(|i| sheet.text(i, at).to_lowercase()));
        }
        let at = self.cases.find("resources");
        for i in 0..self.cases.rows.len() {
            names.extend(
                self.cases
                    .text(i, at)
                    .split(';')
                    .map(|r| r.trim().to_lowercase()),
            );
        }
        names.remove("");
        names
    }

    /// The surgeons named on lists, cases or surgeons.csv, as written.
    pub fn surgeon_names(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for sheet in [
            Some(&self.sessions),
            Some(&self.cases),
            self.surgeons.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            let at = sheet.find("surgeon");
            names.extend((0..sheet.rows.len()).map(|i| sheet.text(i, at).to_string()));
        }
        names.remove("");
        names
    }
}

/// Where an outage's new end falls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OutageEnd {
    /// This many days later (earlier when negative) than now.
    Shift(i64),
    /// The resource is back on this date: the outage ends the day before.
    BackOn(NaiveDate),
}

/// One change to the inputs.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// `resource` (at `site`; blank: all sites together) counts `per_day` a day from
    /// `from` to `to`; resources.csv rows it overlaps are cut around those dates.
    Resource {
        resource: String,
        site: String,
        from: NaiveDate,
        to: NaiveDate,
        per_day: u32,
    },
    /// The outage of `resource` (its rows with `per_day` 0 running on or after
    /// `running_on`) ends elsewhere; the rows that start the day after it (the ramp back)
    /// move with it.
    OutageEnds {
        resource: String,
        running_on: NaiveDate,
        end: OutageEnd,
    },
    /// The lists at `site` (every site when `None`) in `theatre` (every theatre when
    /// `None`) from `from` to `to` are cancelled.
    Closed {
        site: Option<String>,
        theatre: Option<String>,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// A list added: sessions.csv's columns and their values.
    ExtraList { cells: Vec<(String, String)> },
    /// The surgeon is away from `from` to `to`: their lists then are cancelled and
    /// surgeons.csv gives them no minutes on those days.
    SurgeonAway {
        surgeon: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// This share of the backlog again arrives as new cancelled cases, each a copy of a
    /// drawn case with a new id and patient, listed on `listed_on`, not booked.
    Arriving {
        share: f64,
        listed_on: NaiveDate,
        seed: u64,
    },
    /// A share of the cases in `on` (case id → the date they decline) decline: half
    /// cannot come for `weeks` from that date, half defer (P5, P6 alternately).
    Declining {
        share: f64,
        on: BTreeMap<String, NaiveDate>,
        weeks: i64,
        seed: u64,
    },
}

impl Edit {
    /// Applies the edit; says what it did, or why it could not (it matched nothing).
    pub fn apply(&self, tables: &mut Tables) -> std::result::Result<String, String> {
        match self {
            Edit::Resource {
                resource,
                site,
                from,
                to,
                per_day,
            } => Ok(set_resource(tables, resource, site, *from, *to, *per_day)),
            Edit::OutageEnds {
                resource,
                running_on,
                end,
            } => move_outage(tables.resources.as_mut(), resource, *running_on, *end),
            Edit::Closed {
                site,
                theatre,
                from,
                to,
            } => close(
                &mut tables.sessions,
                site.as_deref(),
                theatre.as_deref(),
                *from,
                *to,
            ),
            Edit::ExtraList { cells } => Ok(extra_list(&mut tables.sessions, cells)),
            Edit::SurgeonAway { surgeon, from, to } => surgeon_away(tables, surgeon, *from, *to),
            Edit::Arriving {
                share,
                listed_on,
                seed,
            } => Ok(arriving(&mut tables.cases, *share, *listed_on, *seed)),
            Edit::Declining {
                share,
                on,
                weeks,
                seed,
            } => Ok(declining(&mut tables.cases, on, *share, *weeks, *seed)),
        }
    }
}

/// A `booked_session` whose list is gone (past, or cancelled by an edit) is cleared,
/// with its lock: the files stay valid, and a published plan (`--baseline`) is what
/// remembers the booking. Run once after the edits.
pub fn forget_gone_lists(tables: &mut Tables) {
    let (cases, sessions) = (&mut tables.cases, &tables.sessions);
    let (Some(booked), Some(id)) = (cases.find("booked_session"), sessions.find("session_id"))
    else {
        return;
    };
    let lists: BTreeSet<&str> = sessions.rows.iter().map(|r| r[id].trim()).collect();
    let locked = cases.find("locked");
    for row in &mut cases.rows {
        let session = row[booked].trim();
        if !session.is_empty() && !lists.contains(session) {
            row[booked].clear();
            if let Some(locked) = locked {
                row[locked].clear();
            }
        }
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn set_resource(
    tables: &mut Tables,
    name: &str,
    site: &str,
    from: NaiveDate,
    to: NaiveDate,
    per_day: u32,
) -> String {
    let sheet = tables
        .resources
        .get_or_insert_with(|| Sheet::with_columns(&RESOURCE_COLUMNS));
    let [resource, at_site, first, last, count] = RESOURCE_COLUMNS.map(|c| sheet.column(c));
    let mut rows = Vec::new();
    for (i, row) in sheet.rows.iter().enumerate() {
        let (start, end) = (sheet.date(i, Some(first)), sheet.date(i, Some(last)));
        let mine = same(&row[resource], name) && same(&row[at_site], site);
        match (mine, start, end) {
            (true, Some(start), Some(end)) if start <= to && end >= from => {
                // The parts of the row before and after the new dates stay.
                if start < from {
                    let mut before = row.clone();
                    before[last] = (from - Duration::days(1)).to_string();
                    rows.push(before);
                }
                if end > to {
                    let mut after = row.clone();
                    after[first] = (to + Duration::days(1)).to_string();
                    rows.push(after);
                }
            }
            _ => rows.push(row.clone()),
        }
    }
    let mut row = vec![String::new(); sheet.header.len()];
    row[resource] = name.to_string();
    row[at_site] = site.to_string();
    row[first] = from.to_string();
    row[last] = to.to_string();
    row[count] = per_day.to_string();
    rows.push(row);
    sheet.rows = rows;
    let place = if site.is_empty() {
        String::new()
    } else {
        format!(" at {site}")
    };
    format!("{name}{place}: {per_day} a day from {from} to {to}")
}

fn move_outage(
    resources: Option<&mut Sheet>,
    lab: &str,
    running_on: NaiveDate,
    end_at: OutageEnd,
) -> std::result::Result<String, String> {
    let no_outage = || {
        format!(
            "no outage of {lab} to move: resources.csv has no row of {lab} with per_day 0 \
             running on or after {running_on}"
        )
    };
    let sheet = resources.ok_or_else(no_outage)?;
    let [resource, site, from, to, per_day] = RESOURCE_COLUMNS.map(|c| sheet.column(c));
    let outages: Vec<usize> = (0..sheet.rows.len())
        .filter(|&i| same(&sheet.rows[i][resource], lab))
        .filter(|&i| sheet.rows[i][per_day].trim() == "0")
        .filter(|&i| sheet.date(i, Some(to)).is_some_and(|d| d >= running_on))
        .collect();
    if outages.is_empty() {
        return Err(no_outage());
    }
    let mut names = BTreeSet::new();
    let mut drop = BTreeSet::new();
    for i in outages {
        let Some(end) = sheet.date(i, Some(to)) else {
            continue;
        };
        let key = (sheet.rows[i][resource].clone(), sheet.rows[i][site].clone());
        names.insert(key.0.clone());
        let new_end = match end_at {
            OutageEnd::Shift(days) => end + Duration::days(days),
            OutageEnd::BackOn(date) => date - Duration::days(1),
        };
        // Rows of the same resource and site that start the day after the outage.
        for j in 0..sheet.rows.len() {
            let same_limit = (sheet.rows[j][resource].clone(), sheet.rows[j][site].clone()) == key;
            if same_limit && sheet.date(j, Some(from)) == Some(end + Duration::days(1)) {
                let start = new_end + Duration::days(1);
                sheet.rows[j][from] = start.to_string();
                if sheet.date(j, Some(to)).is_some_and(|t| t < start) {
                    drop.insert(j);
                }
            }
        }
        match sheet.date(i, Some(from)) {
            Some(first) if new_end < first => {
                drop.insert(i);
            }
            _ => sheet.rows[i][to] = new_end.to_string(),
        }
    }
    let mut index = 0;
    sheet.rows.retain(|_| {
        index += 1;
        !drop.contains(&(index - 1))
    });
    let names: Vec<String> = names.into_iter().collect();
    let names = names.join(", ");
    Ok(match end_at {
        OutageEnd::BackOn(date) => format!("{names} back on {date}"),
        OutageEnd::Shift(days) => format!(
            "{names} back {} days {}",
            days.abs(),
            if days < 0 { "earlier" } else { "later" }
        ),
    })
}

fn close(
    sessions: &mut Sheet,
    site: Option<&str>,
    theatre: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> std::result::Result<String, String> {
    let (at_site, at_theatre, date) = (
        sessions.find("site"),
        sessions.find("theatre"),
        sessions.find("date"),
    );
    let closed = |s: &Sheet, i: usize| {
        s.date(i, date).is_some_and(|d| d >= from && d <= to)
            && site.is_none_or(|site| same(s.text(i, at_site), site))
            && theatre.is_none_or(|theatre| same(s.text(i, at_theatre), theatre))
    };
    let cancelled = sessions.retain_rows(|s, i| !closed(s, i));
    let place = match (theatre, site) {
        (Some(theatre), Some(site)) => format!("theatre {theatre} at {site}"),
        (Some(theatre), None) => format!("theatre {theatre}"),
        (None, Some(site)) => format!("site {site}"),
        (None, None) => "every theatre".to_string(),
    };
    let when = if from == to {
        format!("on {from}")
    } else {
        format!("{from} to {to}")
    };
    if cancelled == 0 {
        return Err(format!("{place} has no list {when}"));
    }
    Ok(format!(
        "{place} closed {when}: {cancelled} lists cancelled"
    ))
}

fn extra_list(sessions: &mut Sheet, cells: &[(String, String)]) -> String {
    let mut row = vec![String::new(); sessions.header.len()];
    for (column, value) in cells {
        let at = sessions.column(column);
        row.resize(sessions.header.len(), String::new());
        row[at] = value.clone();
    }
    sessions.rows.push(row);
    let value = |name: &str| {
        cells
            .iter()
            .find(|(c, _)| c == name)
            .map_or("", |(_, v)| v.as_str())
    };
    format!(
        "extra list {} on {}, {} {}-{}, specialty {}",
        value("session_id"),
        value("date"),
        value("theatre"),
        value("start"),
        value("end"),
        value("specialty")
    )
}

fn surgeon_away(
    tables: &mut Tables,
    away: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> std::result::Result<String, String> {
    let sessions = &mut tables.sessions;
    let (surgeon, date) = (sessions.find("surgeon"), sessions.find("date"));
    let cancelled = sessions.retain_rows(|s, i| {
        !(same(s.text(i, surgeon), away) && s.date(i, date).is_some_and(|d| d >= from && d <= to))
    });
    let sheet = tables
        .surgeons
        .get_or_insert_with(|| Sheet::with_columns(&SURGEON_COLUMNS));
    let [name, day, max] = SURGEON_COLUMNS.map(|c| sheet.column(c));
    sheet.retain_rows(|s, i| {
        !(same(&s.rows[i][name], away)
            && s.date(i, Some(day)).is_some_and(|d| d >= from && d <= to))
    });
    for date in from.iter_days().take_while(|d| *d <= to) {
        let mut row = vec![String::new(); sheet.header.len()];
        row[name] = away.to_string();
        row[day] = date.to_string();
        row[max] = "0".into();
        sheet.rows.push(row);
    }
    Ok(format!(
        "surgeon {away} away {from} to {to}: {cancelled} lists cancelled"
    ))
}

fn arriving(cases: &mut Sheet, share: f64, listed_on: NaiveDate, seed: u64) -> String {
    let count = (share * cases.rows.len() as f64).round() as usize;
    if cases.rows.is_empty() || count == 0 {
        return "no new cancellations".into();
    }
    // The same draws as the generator's events made before they were edits.
    let mut random = Random(seed ^ 0x5EED_E7E7);
    let id = cases.column("case_id");
    let patient = cases.column("patient_id");
    let listed = cases.column("listed_on");
    let cleared: Vec<usize> = [
        "nhs_number",
        "booked_session",
        "locked",
        "notified",
        "cancelled_on",
        "cancel_type",
        "unavailable",
        "earliest",
        "due",
        "referral_date",
    ]
    .iter()
    .filter_map(|c| cases.find(c))
    .collect();
    let taken: BTreeSet<String> = cases
        .rows
        .iter()
        .map(|r| r[id].trim().to_string())
        .collect();
    let mut added = Vec::with_capacity(count);
    let mut k = 0;
    while added.len() < count {
        k += 1;
        let new_id = format!("N{}-{k:05}", listed_on.format("%Y%m%d"));
        if taken.contains(&new_id) {
            continue;
        }
        let mut row = cases.rows[random.between(0, cases.rows.len() as i64 - 1) as usize].clone();
        row[id] = new_id.clone();
        row[patient] = format!("P{new_id}");
        row[listed] = listed_on.to_string();
        for &c in &cleared {
            row[c].clear();
        }
        added.push(row);
    }
    cases.rows.extend(added);
    format!("{count} new cancelled cases")
}

fn declining(
    cases: &mut Sheet,
    on: &BTreeMap<String, NaiveDate>,
    share: f64,
    weeks: i64,
    seed: u64,
) -> String {
    let mut random = Random(seed ^ 0x5EED_E7E7);
    let id = cases.column("case_id");
    let priority = cases.column("priority");
    let unavailable = cases.column("unavailable");
    let locked = cases.find("locked");
    let (mut away, mut deferred) = (0, 0);
    for row in &mut cases.rows {
        let Some(&date) = on.get(row[id].trim()) else {
            continue;
        };
        if !random.chance(share) {
            continue;
        }
        // A confirmed booking the patient declines is no longer confirmed.
        if let Some(locked) = locked {
            row[locked].clear();
        }
        if (away + deferred) % 2 == 0 {
            let range = format!("{date}..{}", date + Duration::days(7 * weeks - 1));
            row[unavailable] = match row[unavailable].trim() {
                "" => range,
                other => format!("{other};{range}"),
            };
            away += 1;
        } else {
            row[priority] = if deferred % 2 == 0 { "P5" } else { "P6" }.into();
            deferred += 1;
        }
    }
    format!("{away} patients unavailable for {weeks} weeks from their date, {deferred} deferring")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(header: &[&str], rows: &[&[&str]]) -> Sheet {
        Sheet {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 7, d).unwrap()
    }

    fn tables(resources: Sheet) -> Tables {
        Tables {
            cases: sheet(&["case_id"], &[]),
            sessions: sheet(&["session_id", "date"], &[]),
            resources: Some(resources),
            surgeons: None,
        }
    }

    #[test]
    fn a_declined_booking_is_no_longer_locked() {
        let mut cases = sheet(
            &["case_id", "priority", "locked", "unavailable"],
            &[&["C1", "P3", "yes", ""], &["C2", "P4", "yes", ""]],
        );
        let on: BTreeMap<String, NaiveDate> =
            [("C1".to_string(), day(10)), ("C2".to_string(), day(10))].into();
        let said = declining(&mut cases, &on, 1.0, 2, 1);
        assert_eq!(
            said,
            "1 patients unavailable for 2 weeks from their date, 1 deferring"
        );
        assert_eq!(cases.rows[0][2], "");
        assert_eq!(cases.rows[0][3], "2024-07-10..2024-07-23");
        assert_eq!(
            (cases.rows[1][1].as_str(), cases.rows[1][2].as_str()),
            ("P5", "")
        );
    }

    #[test]
    fn the_laboratory_s_outage_and_the_ramp_after_it_move_together() {
        let mut resources = sheet(
            &RESOURCE_COLUMNS,
            &[
                &["xmatch_blood", "", "2024-07-01", "2024-07-21", "0"],
                &["xmatch_blood", "", "2024-07-22", "2024-08-31", "4"],
                &["icu_bed", "West", "2024-07-01", "2024-08-31", "0"],
            ],
        );
        let later = OutageEnd::Shift(7);
        let said = move_outage(Some(&mut resources), "xmatch_blood", day(8), later).unwrap();
        assert_eq!(said, "xmatch_blood back 7 days later");
        assert_eq!(resources.rows[0][3], "2024-07-28");
        assert_eq!(resources.rows[1][2], "2024-07-29");
        assert_eq!(resources.rows[2][3], "2024-08-31", "other closures stay");
        let back = OutageEnd::BackOn(day(15));
        let said = move_outage(Some(&mut resources), "xmatch_blood", day(8), back).unwrap();
        assert_eq!(said, "xmatch_blood back on 2024-07-15");
        assert_eq!(resources.rows[0][3], "2024-07-14");
        assert_eq!(resources.rows[1][2], "2024-07-15");
    }

    #[test]
    fn a_resource_s_new_count_cuts_the_rows_it_overlaps() {
        let mut t = tables(sheet(
            &RESOURCE_COLUMNS,
            &[
                &["xmatch_blood", "", "2024-07-01", "2024-07-21", "0"],
                &["xmatch_blood", "", "2024-07-22", "2024-08-16", "24"],
                &["xmatch_blood", "West", "2024-07-01", "2024-08-16", "2"],
            ],
        ));
        let edit = Edit::Resource {
            resource: "XMATCH_BLOOD".into(),
            site: String::new(),
            from: day(15),
            to: day(25),
            per_day: 6,
        };
        let said = edit.apply(&mut t).unwrap();
        assert_eq!(said, "XMATCH_BLOOD: 6 a day from 2024-07-15 to 2024-07-25");
        let rows: Vec<String> = t
            .resources
            .unwrap()
            .rows
            .iter()
            .map(|r| r.join(","))
            .collect();
        assert_eq!(
            rows,
            [
                "xmatch_blood,,2024-07-01,2024-07-14,0",
                "xmatch_blood,,2024-07-26,2024-08-16,24",
                "xmatch_blood,West,2024-07-01,2024-08-16,2",
                "XMATCH_BLOOD,,2024-07-15,2024-07-25,6",
            ]
        );
    }

    #[test]
    fn closing_a_theatre_that_has_no_list_then_is_refused() {
        let mut sessions = sheet(
            &["session_id", "site", "theatre", "date"],
            &[
                &["S1", "North", "T1", "2024-07-01"],
                &["S2", "North", "T2", "2024-07-01"],
                &["S3", "North", "T1", "2024-07-02"],
            ],
        );
        let said = close(&mut sessions, Some("north"), Some("t1"), day(1), day(1)).unwrap();
        assert_eq!(
            said,
            "theatre t1 at north closed on 2024-07-01: 1 lists cancelled"
        );
        assert_eq!(sessions.rows.len(), 2);
        let refused = close(&mut sessions, None, Some("T9"), day(1), day(3)).unwrap_err();
        assert_eq!(refused, "theatre T9 has no list 2024-07-01 to 2024-07-03");
    }
}
