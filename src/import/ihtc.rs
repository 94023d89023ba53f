//! Instances of the Integrated Healthcare Timetabling Competition 2024 (IHTC-2024), read
//! into rebook's input files: the competition's surgical part, which is a theatre
//! rescheduling problem, becomes cases.csv, sessions.csv, surgeons.csv and a weights
//! file whose objective is the competition's surgical cost.
//!
//! The mapping (also in the README):
//! - day `d` of the instance is [`DAY_ZERO`] + d days;
//! - a patient is a case (`case_id` = `patient_id` = the patient's id, `specialty`
//!   `surgery`, `earliest` = release day). Mandatory patients are `P2` with `due` = their
//!   due day, a hard deadline; optional patients are `P4` with no deadline;
//! - an operating theatre open on a day (availability > 0) is one session of that many
//!   minutes from 08:00 (from 00:00 when longer than 16 hours), any specialty, any
//!   surgeon, no turnaround; its id is `<theatre>-d<day>`;
//! - each surgeon's `max_surgery_time[d]` is a surgeons.csv row (0: away);
//! - weights: waiting counts from the release day at `patient_delay` a day; an optional
//!   patient left unbooked costs `unscheduled_optional` and nothing else; a mandatory one
//!   cannot be left (its penalty dwarfs every other cost, and its deadline is hard);
//!   `open_session` = `open_operating_theater`; `theatre_change` = `surgeon_transfer`.
//!
//! So a plan's objective is the competition's surgical cost. Rooms, nurses, occupants
//! and the other weights concern wards, not theatres: they are not imported, and the
//! importer says so.

use crate::domain::error::{Error, InputError, Result};
use crate::io::file_set::Rendered;
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt::Write as _;

/// Day 0 of every imported instance (a Monday).
pub const DAY_ZERO: NaiveDate = match NaiveDate::from_ymd_opt(2024, 7, 1) {
    Some(date) => date,
    None => panic!("a valid date"),
};

/// Priority of mandatory and optional patients.
const MANDATORY: &str = "P2";
const OPTIONAL: &str = "P4";
/// What leaving a mandatory patient unbooked costs: more than any plan's other costs.
const MANDATORY_UNBOOKED: f64 = 1e6;

#[derive(Deserialize)]
struct Instance {
    days: usize,
    patients: Vec<Patient>,
    surgeons: Vec<Surgeon>,
    operating_theaters: Vec<Theatre>,
    weights: CompetitionWeights,
    #[serde(default)]
    occupants: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    rooms: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    nurses: Vec<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct Patient {
    id: String,
    mandatory: bool,
    surgery_release_day: i64,
    surgery_due_day: Option<i64>,
    surgery_duration: i64,
    surgeon_id: String,
}

#[derive(Deserialize)]
struct Surgeon {
    id: String,
    max_surgery_time: Vec<i64>,
}

#[derive(Deserialize)]
struct Theatre {
    id: String,
    availability: Vec<i64>,
}

#[derive(Deserialize)]
struct CompetitionWeights {
    open_operating_theater: f64,
    surgeon_transfer: f64,
    patient_delay: f64,
    unscheduled_optional: f64,
}

/// What the import wrote, for the message to the user.
pub struct Imported {
    pub rendered: Rendered,
    pub cases: usize,
    pub sessions: usize,
    /// What the instance held that rebook does not plan (rooms, nurses, ...).
    pub ignored: String,
}

/// Reads an instance's JSON text (`file`: its name for messages) into rebook's files.
/// Every problem found is reported, not only the first.
pub fn import(file: &str, text: &str) -> Result<Imported> {
    let instance: Instance = serde_json::from_str(text).map_err(|e| {
        let message = format!("not an IHTC-2024 instance: {e}");
        Error::Input(vec![match e.line() {
            0 => InputError::file(file, message),
            line => InputError::at(file, line as u64, None, message),
        }])
    })?;
    let mut errors = Vec::new();
    check(&instance, &mut |message: String| {
        errors.push(InputError::file(file, message))
    });
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let date = |day: i64| DAY_ZERO + Duration::days(day);

    let mut cases = csv::Writer::from_writer(Vec::new());
    let mut sessions = csv::Writer::from_writer(Vec::new());
    let mut surgeons = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::Input(vec![InputError::file(file, e.to_string())]);
    cases
        .write_record([
            "case_id",
            "patient_id",
            "specialty",
            "priority",
            "duration_min",
            "surgeon",
            "earliest",
            "due",
        ])
        .map_err(io)?;
    for p in &instance.patients {
        let due = p.surgery_due_day.filter(|_| p.mandatory).map(date);
        cases
            .write_record([
                p.id.as_str(),
                p.id.as_str(),
                "surgery",
                if p.mandatory { MANDATORY } else { OPTIONAL },
                &p.surgery_duration.to_string(),
                &p.surgeon_id,
                &date(p.surgery_release_day).to_string(),
                &due.map(|d| d.to_string()).unwrap_or_default(),
            ])
            .map_err(io)?;
    }
    sessions
        .write_record([
            "session_id",
            "site",
            "theatre",
            "date",
            "start",
            "end",
            "specialty",
            "turnaround_min",
        ])
        .map_err(io)?;
    let mut session_count = 0;
    for theatre in &instance.operating_theaters {
        for (day, &minutes) in theatre.availability.iter().enumerate() {
            if minutes == 0 {
                continue;
            }
            let start = if minutes > 16 * 60 { 0 } else { 8 * 60 };
            let end = start + minutes;
            let clock = |m: i64| format!("{:02}:{:02}", m / 60, m % 60);
            sessions
                .write_record([
                    format!("{}-d{day:02}", theatre.id),
                    "IHTC".to_string(),
                    theatre.id.clone(),
                    date(day as i64).to_string(),
                    clock(start),
                    clock(end),
                    "any".to_string(),
                    "0".to_string(),
                ])
                .map_err(io)?;
            session_count += 1;
        }
    }
    surgeons
        .write_record(["surgeon", "date", "max_minutes"])
        .map_err(io)?;
    for surgeon in &instance.surgeons {
        for (day, minutes) in surgeon.max_surgery_time.iter().enumerate() {
            surgeons
                .write_record([
                    surgeon.id.clone(),
                    date(day as i64).to_string(),
                    minutes.to_string(),
                ])
                .map_err(io)?;
        }
    }
    let bytes = |writer: csv::Writer<Vec<u8>>| writer.into_inner().unwrap_or_default();
    let rendered = Rendered {
        files: vec![
            ("cases.csv".to_string(), bytes(cases)),
            ("sessions.csv".to_string(), bytes(sessions)),
            ("surgeons.csv".to_string(), bytes(surgeons)),
            (
                "weights.toml".to_string(),
                weights_file(&instance.weights).into_bytes(),
            ),
        ],
    };
    let ignored = format!(
        "not imported (ward and nurse data; rebook plans theatres): {} rooms, {} nurses, {} occupants, each patient's length of stay, gender, age group, room incompatibilities and nursing workload, and the room and nurse weights",
        instance.rooms.len(),
        instance.nurses.len(),
        instance.occupants.len()
    );
    Ok(Imported {
        rendered,
        cases: instance.patients.len(),
        sessions: session_count,
        ignored,
    })
}

/// Every problem that would make the files wrong or refused by `rebook plan`.
fn check(instance: &Instance, report: &mut dyn FnMut(String)) {
    let days = instance.days as i64;
    if !(1..=3650).contains(&days) {
        report(format!("days: {days} is out of range (1 to 3650)"));
        return;
    }
    let surgeon_ids: HashSet<&str> = instance.surgeons.iter().map(|s| s.id.as_str()).collect();
    let mut seen = HashSet::new();
    for (i, p) in instance.patients.iter().enumerate() {
        let at = format!("patients[{i}] ({})", p.id);
        if p.id.trim().is_empty() || !seen.insert(p.id.as_str()) {
            report(format!("{at}: the id {:?} is empty or used twice", p.id));
        }
        if !(1..=1440).contains(&p.surgery_duration) {
            report(format!(
                "{at}: surgery_duration {} is out of range (1 to 1440 minutes)",
                p.surgery_duration
            ));
        }
        if !(0..days).contains(&p.surgery_release_day) {
            report(format!(
                "{at}: surgery_release_day {} is outside the {days} days",
                p.surgery_release_day
            ));
        }
        match (p.mandatory, p.surgery_due_day) {
            (true, None) => report(format!("{at}: a mandatory patient needs surgery_due_day")),
            (true, Some(due)) if due < p.surgery_release_day || due >= days => report(format!(
                "{at}: surgery_due_day {due} is before the release day {} or outside the {days} days",
                p.surgery_release_day
            )),
            _ => {}
        }
        if !surgeon_ids.contains(p.surgeon_id.as_str()) {
            report(format!(
                "{at}: surgeon_id {:?} is not a surgeon",
                p.surgeon_id
            ));
        }
    }
    let minutes_per_day = |what: &str, id: &str, list: &[i64], report: &mut dyn FnMut(String)| {
        if list.len() as i64 != days {
            report(format!(
                "{what} {id}: {} days given, the instance has {days}",
                list.len()
            ));
        }
        for (day, &m) in list.iter().enumerate() {
            if !(0..=1440).contains(&m) {
                report(format!(
                    "{what} {id}: day {day}: {m} minutes is out of range (0 to 1440)"
                ));
            }
        }
    };
    let mut ids = HashSet::new();
    for s in &instance.surgeons {
        if !ids.insert(s.id.as_str()) {
            report(format!("surgeon {}: the id is used twice", s.id));
        }
        minutes_per_day("surgeon", &s.id, &s.max_surgery_time, report);
    }
    let mut ids = HashSet::new();
    for t in &instance.operating_theaters {
        if !ids.insert(t.id.as_str()) {
            report(format!("operating theatre {}: the id is used twice", t.id));
        }
        minutes_per_day("operating theatre", &t.id, &t.availability, report);
    }
    let w = &instance.weights;
    for (name, value) in [
        ("open_operating_theater", w.open_operating_theater),
        ("surgeon_transfer", w.surgeon_transfer),
        ("patient_delay", w.patient_delay),
        ("unscheduled_optional", w.unscheduled_optional),
    ] {
        if !(value.is_finite() && (0.0..=1e9).contains(&value)) {
            report(format!(
                "weights.{name}: {value} is out of range (0 to 1000000000)"
            ));
        }
    }
}

/// The weights file that makes a plan's objective the competition's surgical cost.
fn weights_file(w: &CompetitionWeights) -> String {
    let mut text = String::from(
        "# Weights that make rebook's objective the IHTC-2024 surgical cost:\n\
         # open_operating_theater x theatre-days used + surgeon_transfer x extra theatres\n\
         # per surgeon-day + patient_delay x days from release + unscheduled_optional x\n\
         # optional patients not scheduled. Mandatory patients (P2) must be scheduled by\n\
         # their due day; optional ones (P4) have no deadline.\n",
    );
    let per_priority = |text: &mut String, table: &str, mandatory: f64, optional: f64| {
        let _ = write!(
            text,
            "\n[{table}]\nP1a = {mandatory}\nP1b = {mandatory}\n{MANDATORY} = {mandatory}\nP3 = {optional}\n{OPTIONAL} = {optional}\n"
        );
    };
    let _ = write!(
        text,
        "long_wait_factor = 0.0\nmove_booking = 0.0\nopen_session = {}\ntheatre_change = {}\nwait_from = \"earliest\"\nunbooked_pays_delay = false\nhard_deadlines = [\"{MANDATORY}\"]\n",
        w.open_operating_theater, w.surgeon_transfer
    );
    per_priority(
        &mut text,
        "unbooked",
        MANDATORY_UNBOOKED,
        w.unscheduled_optional,
    );
    per_priority(&mut text, "late_per_day", 0.0, 0.0);
    per_priority(&mut text, "wait_per_day", w.patient_delay, w.patient_delay);
    text
}
