//! `rebook generate --event`: the inputs a few days into an incident, written from the
//! inputs and the plan published from them. The clock moves on (`advance_days`: lists
//! before the new start are past, and cases booked before it are done and leave the
//! backlog), then one event happens: the laboratory back earlier or later, a surgeon
//! away, a theatre closed, more cancellations, patients declining their dates.
//!
//! The files are edited as tables of text: every column the user had, known or not, is
//! kept; dates are written back in ISO form. Deterministic for a seed.

use crate::domain::error::{Error, Result};
use crate::generate::random::Random;
use crate::io::baseline::Baseline;
use crate::io::input::field::parse_date;
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// What happens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// Only the clock moves on.
    Advance,
    /// Cross-matching is back this many days earlier.
    LabEarly(i64),
    /// Cross-matching is back this many days later.
    LabLate(i64),
    /// A surgeon is away for this many days from the new start: their lists are
    /// cancelled and they operate nowhere.
    SurgeonAway(i64),
    /// A theatre is closed for this many days from the new start.
    TheatreClosed(i64),
    /// This share of the backlog again arrives as new cancelled cases.
    MoreCancellations(f64),
    /// This share of the booked patients decline their date: half become unavailable
    /// for two weeks around it, half defer (P5/P6).
    PatientsDeclining(f64),
}

/// The event's settings.
pub struct EventSettings {
    pub event: Event,
    /// The planning start the inputs were planned from.
    pub from: NaiveDate,
    pub advance_days: i64,
    pub seed: u64,
    /// The laboratory's resource (resources.csv `resource`) whose outage moves.
    pub lab_resource: String,
}

/// What `apply` did, for the user.
pub struct EventOutcome {
    /// The planning start to re-plan from (`--from`).
    pub new_start: NaiveDate,
    pub summary: String,
}

/// A CSV file as text cells under its header.
struct Sheet {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Sheet {
    fn read(path: &Path) -> Result<Sheet> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .map_err(|e| Error::io(path, e.into()))?;
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| Error::io(path, e.into()))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| Error::io(path, e.into()))?;
            let mut row: Vec<String> = record.iter().map(str::to_string).collect();
            row.resize(header.len(), String::new());
            rows.push(row);
        }
        Ok(Sheet { header, rows })
    }

    fn write(&self, path: &Path) -> Result<()> {
        let mut writer = csv::Writer::from_path(path).map_err(|e| Error::io(path, e.into()))?;
        writer
            .write_record(&self.header)
            .map_err(|e| Error::io(path, e.into()))?;
        for row in &self.rows {
            writer
                .write_record(row)
                .map_err(|e| Error::io(path, e.into()))?;
        }
        writer.flush().map_err(|e| Error::io(path, e))
    }

    /// The column's index, added (blank in every row) when missing.
    fn column(&mut self, name: &str) -> usize {
        if let Some(i) = self.header.iter().position(|h| h == name) {
            return i;
        }
        self.header.push(name.to_string());
        for row in &mut self.rows {
            row.push(String::new());
        }
        self.header.len() - 1
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The date in column `at` of row `row` (blank or unreadable: `None`).
    fn date(&self, row: usize, at: Option<usize>) -> Option<NaiveDate> {
        parse_date(self.rows[row][at?].trim()).ok()
    }
}

/// Reads the inputs in `input`, applies the event and writes the new inputs to `out`.
pub fn apply(
    input: &Path,
    baseline: Option<&Baseline>,
    settings: &EventSettings,
    out: &Path,
) -> Result<EventOutcome> {
    let mut cases = Sheet::read(&input.join("cases.csv"))?;
    let mut sessions = Sheet::read(&input.join("sessions.csv"))?;
    let resources_path = input.join("resources.csv");
    let mut resources = resources_path
        .exists()
        .then(|| Sheet::read(&resources_path))
        .transpose()?;
    let surgeons_path = input.join("surgeons.csv");
    let mut surgeons = match surgeons_path.exists() {
        true => Sheet::read(&surgeons_path)?,
        false => Sheet {
            header: ["surgeon", "date", "max_minutes"]
                .map(String::from)
                .to_vec(),
            rows: Vec::new(),
        },
    };
    let new_start = settings.from + Duration::days(settings.advance_days);
    let mut random = Random(settings.seed ^ 0x5EED_E7E7);
    let published: HashMap<&str, NaiveDate> = baseline
        .map(|b| {
            b.rows
                .iter()
                .filter_map(|r| Some((r.case_id.as_str(), r.date?)))
                .collect()
        })
        .unwrap_or_default();

    // The clock: past lists go, and cases booked before the new start are done.
    let session_date = sessions.find("date");
    let before = sessions.rows.len();
    let mut kept = Vec::new();
    for (i, row) in sessions.rows.iter().enumerate() {
        if sessions
            .date(i, session_date)
            .is_none_or(|d| d >= new_start)
        {
            kept.push(row.clone());
        }
    }
    sessions.rows = kept;
    let past_lists = before - sessions.rows.len();
    let id = cases.column("case_id");
    let before = cases.rows.len();
    cases.rows.retain(|row| {
        published
            .get(row[id].trim())
            .is_none_or(|&d| d >= new_start)
    });
    let done = before - cases.rows.len();
    let mut summary = format!(
        "clock advanced {} days to {new_start}: {past_lists} past lists and {done} cases done",
        settings.advance_days
    );

    let what = match settings.event {
        Event::Advance => String::new(),
        Event::LabEarly(days) => {
            move_lab(resources.as_mut(), &settings.lab_resource, new_start, -days)?
        }
        Event::LabLate(days) => {
            move_lab(resources.as_mut(), &settings.lab_resource, new_start, days)?
        }
        Event::SurgeonAway(days) => {
            surgeon_away(&mut sessions, &mut surgeons, new_start, days, &mut random)?
        }
        Event::TheatreClosed(days) => theatre_closed(&mut sessions, new_start, days, &mut random)?,
        Event::MoreCancellations(share) => {
            more_cancellations(&mut cases, new_start, share, &mut random)
        }
        Event::PatientsDeclining(share) => {
            declining(&mut cases, &published, new_start, share, &mut random)
        }
    };
    if !what.is_empty() {
        summary.push_str("; ");
        summary.push_str(&what);
    }
    forget_gone_lists(&mut cases, &mut sessions);
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    cases.write(&out.join("cases.csv"))?;
    sessions.write(&out.join("sessions.csv"))?;
    if let Some(resources) = &resources {
        resources.write(&out.join("resources.csv"))?;
    }
    if !surgeons.rows.is_empty() || surgeons_path.exists() {
        surgeons.write(&out.join("surgeons.csv"))?;
    }
    Ok(EventOutcome { new_start, summary })
}

/// A `booked_session` whose list is gone (past, or cancelled by the event) is cleared,
/// with its lock: the files stay valid, and the published plan (`--baseline`) is what
/// remembers the booking.
fn forget_gone_lists(cases: &mut Sheet, sessions: &mut Sheet) {
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

/// The laboratory's outage (rows of resource `lab` with `per_day` 0 still running at
/// the new start) ends `shift` days later (earlier when negative); the rows that follow
/// it (the ramp back) move with it.
fn move_lab(
    resources: Option<&mut Sheet>,
    lab: &str,
    new_start: NaiveDate,
    shift: i64,
) -> Result<String> {
    let no_outage = || {
        Error::Usage(format!(
            "the event needs a laboratory outage: a resources.csv row of {lab} with per_day 0 \
             still running at the new start (--resource names the laboratory's resource)"
        ))
    };
    let sheet = resources.ok_or_else(no_outage)?;
    let (resource, site, from, to, per_day) = (
        sheet.column("resource"),
        sheet.column("site"),
        sheet.column("from"),
        sheet.column("to"),
        sheet.column("per_day"),
    );
    let outages: Vec<usize> = (0..sheet.rows.len())
        .filter(|&i| sheet.rows[i][resource].trim().eq_ignore_ascii_case(lab))
        .filter(|&i| sheet.rows[i][per_day].trim() == "0")
        .filter(|&i| sheet.date(i, Some(to)).is_some_and(|d| d >= new_start))
        .collect();
    if outages.is_empty() {
        return Err(no_outage());
    }
    let mut names = BTreeSet::new();
    let mut drop = BTreeSet::new();
    for i in outages {
        let end = sheet.date(i, Some(to)).expect("filtered on it");
        let key = (sheet.rows[i][resource].clone(), sheet.rows[i][site].clone());
        names.insert(key.0.clone());
        let new_end = end + Duration::days(shift);
        // Rows of the same resource and site that start the day after the outage.
        for j in 0..sheet.rows.len() {
            let same = (sheet.rows[j][resource].clone(), sheet.rows[j][site].clone()) == key;
            if same && sheet.date(j, Some(from)) == Some(end + Duration::days(1)) {
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
    Ok(format!(
        "{} back {} days {}",
        names.join(", "),
        shift.abs(),
        if shift < 0 { "earlier" } else { "later" }
    ))
}

/// A surgeon with lists in the window is away: their lists there are cancelled and
/// surgeons.csv gives them no minutes on those days.
fn surgeon_away(
    sessions: &mut Sheet,
    surgeons: &mut Sheet,
    new_start: NaiveDate,
    days: i64,
    random: &mut Random,
) -> Result<String> {
    let (surgeon, date) = (sessions.column("surgeon"), sessions.find("date"));
    let last = new_start + Duration::days(days - 1);
    let in_window =
        |s: &Sheet, i: usize| s.date(i, date).is_some_and(|d| d >= new_start && d <= last);
    let named: BTreeSet<String> = (0..sessions.rows.len())
        .filter(|&i| in_window(sessions, i))
        .map(|i| sessions.rows[i][surgeon].trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let named: Vec<String> = named.into_iter().collect();
    if named.is_empty() {
        return Err(Error::Usage(
            "surgeon-away needs a list with a named surgeon in the window".into(),
        ));
    }
    let away = named[random.between(0, named.len() as i64 - 1) as usize].clone();
    let before = sessions.rows.len();
    let mut keep = Vec::new();
    for i in 0..sessions.rows.len() {
        if !(in_window(sessions, i) && sessions.rows[i][surgeon].trim() == away) {
            keep.push(sessions.rows[i].clone());
        }
    }
    sessions.rows = keep;
    let cancelled = before - sessions.rows.len();
    let (name, day, max) = (
        surgeons.column("surgeon"),
        surgeons.column("date"),
        surgeons.column("max_minutes"),
    );
    let mut rows: Vec<Vec<String>> = surgeons
        .rows
        .iter()
        .enumerate()
        .filter(|(i, row)| {
            !(row[name].trim() == away
                && surgeons
                    .date(*i, Some(day))
                    .is_some_and(|d| d >= new_start && d <= last))
        })
        .map(|(_, row)| row.clone())
        .collect();
    for k in 0..days {
        let mut row = vec![String::new(); surgeons.header.len()];
        row[name] = away.clone();
        row[day] = (new_start + Duration::days(k)).to_string();
        row[max] = "0".into();
        rows.push(row);
    }
    surgeons.rows = rows;
    Ok(format!(
        "surgeon {away} away {new_start} to {last}: {cancelled} lists cancelled"
    ))
}

/// A theatre with lists in the window is closed for those days.
fn theatre_closed(
    sessions: &mut Sheet,
    new_start: NaiveDate,
    days: i64,
    random: &mut Random,
) -> Result<String> {
    let (site, theatre, date) = (
        sessions.column("site"),
        sessions.column("theatre"),
        sessions.find("date"),
    );
    let last = new_start + Duration::days(days - 1);
    let in_window =
        |s: &Sheet, i: usize| s.date(i, date).is_some_and(|d| d >= new_start && d <= last);
    let mut lists: BTreeMap<(String, String), usize> = BTreeMap::new();
    for i in 0..sessions.rows.len() {
        if in_window(sessions, i) {
            let key = (
                sessions.rows[i][site].clone(),
                sessions.rows[i][theatre].clone(),
            );
            *lists.entry(key).or_default() += 1;
        }
    }
    let theatres: Vec<(String, String)> = lists.into_keys().collect();
    if theatres.is_empty() {
        return Err(Error::Usage(
            "theatre-closed needs a list in the window".into(),
        ));
    }
    let closed = theatres[random.between(0, theatres.len() as i64 - 1) as usize].clone();
    let before = sessions.rows.len();
    let mut keep = Vec::new();
    for i in 0..sessions.rows.len() {
        let here = (
            sessions.rows[i][site].clone(),
            sessions.rows[i][theatre].clone(),
        );
        if !(in_window(sessions, i) && here == closed) {
            keep.push(sessions.rows[i].clone());
        }
    }
    sessions.rows = keep;
    let where_ = if closed.0.is_empty() {
        closed.1.clone()
    } else {
        format!("{} at {}", closed.1, closed.0)
    };
    Ok(format!(
        "theatre {where_} closed {new_start} to {last}: {} lists cancelled",
        before - sessions.rows.len()
    ))
}

/// New cancelled cases, each a copy of a drawn case (specialty, priority, duration,
/// surgeon, needs) with a new id and patient, listed on the new start, not booked.
fn more_cancellations(
    cases: &mut Sheet,
    new_start: NaiveDate,
    share: f64,
    random: &mut Random,
) -> String {
    let count = (share * cases.rows.len() as f64).round() as usize;
    if cases.rows.is_empty() || count == 0 {
        return "no new cancellations".into();
    }
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
    let taken: BTreeSet<String> = cases.rows.iter().map(|r| r[id].clone()).collect();
    let mut added = Vec::with_capacity(count);
    let mut k = 0;
    while added.len() < count {
        k += 1;
        let new_id = format!("N{}-{k:05}", new_start.format("%Y%m%d"));
        if taken.contains(&new_id) {
            continue;
        }
        let mut row = cases.rows[random.between(0, cases.rows.len() as i64 - 1) as usize].clone();
        row[id] = new_id.clone();
        row[patient] = format!("P{new_id}");
        row[listed] = new_start.to_string();
        for &c in &cleared {
            row[c].clear();
        }
        added.push(row);
    }
    cases.rows.extend(added);
    format!("{count} new cancelled cases")
}

/// A share of the patients booked from the new start on decline: half cannot come for
/// two weeks from their date, half defer (P5, P6 alternately).
fn declining(
    cases: &mut Sheet,
    published: &HashMap<&str, NaiveDate>,
    new_start: NaiveDate,
    share: f64,
    random: &mut Random,
) -> String {
    let id = cases.column("case_id");
    let priority = cases.column("priority");
    let unavailable = cases.column("unavailable");
    let locked = cases.find("locked");
    let booked: Vec<(usize, NaiveDate)> = cases
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, row)| Some((i, *published.get(row[id].trim())?)))
        .filter(|&(_, date)| date >= new_start)
        .collect();
    let (mut away, mut deferred) = (0, 0);
    for (i, date) in booked {
        if !random.chance(share) {
            continue;
        }
        let row = &mut cases.rows[i];
        // A confirmed booking the patient declines is no longer confirmed.
        if let Some(locked) = locked {
            row[locked].clear();
        }
        if (away + deferred) % 2 == 0 {
            let range = format!("{date}..{}", date + Duration::days(13));
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
    format!("{away} patients unavailable on their date, {deferred} deferring")
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

    #[test]
    fn a_declined_booking_is_no_longer_locked() {
        let mut cases = sheet(
            &["case_id", "priority", "locked", "unavailable"],
            &[&["C1", "P3", "yes", ""], &["C2", "P4", "yes", ""]],
        );
        let day = NaiveDate::from_ymd_opt(2024, 7, 10).unwrap();
        let published: HashMap<&str, NaiveDate> = [("C1", day), ("C2", day)].into();
        let said = declining(&mut cases, &published, day, 1.0, &mut Random(1));
        assert_eq!(said, "1 patients unavailable on their date, 1 deferring");
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
            &["resource", "site", "from", "to", "per_day"],
            &[
                &["xmatch_blood", "", "2024-07-01", "2024-07-21", "0"],
                &["xmatch_blood", "", "2024-07-22", "2024-08-31", "4"],
                &["icu_bed", "West", "2024-07-01", "2024-08-31", "0"],
            ],
        );
        let start = NaiveDate::from_ymd_opt(2024, 7, 8).unwrap();
        let said = move_lab(Some(&mut resources), "xmatch_blood", start, 7).unwrap();
        assert_eq!(said, "xmatch_blood back 7 days later");
        assert_eq!(resources.rows[0][3], "2024-07-28");
        assert_eq!(resources.rows[1][2], "2024-07-29");
        assert_eq!(resources.rows[2][3], "2024-08-31", "other closures stay");
        let said = move_lab(Some(&mut resources), "xmatch_blood", start, -14).unwrap();
        assert_eq!(said, "xmatch_blood back 14 days earlier");
        assert_eq!(resources.rows[0][3], "2024-07-14");
        assert_eq!(resources.rows[1][2], "2024-07-15");
    }
}
