//! `rebook generate --event`: the inputs a few days into an incident, written from the
//! inputs and the plan published from them. The clock moves on (`advance_days`: lists
//! before the new start are past, and cases booked before it are done and leave the
//! backlog), then one event happens: the laboratory back earlier or later, a surgeon
//! away, a theatre closed, more cancellations, patients declining their dates.
//!
//! Each event picks what it touches (which surgeon, which theatre) and says it as the
//! same [`Edit`]s a scenario file compiles to (`io::edit`, one mechanism for both).
//! Deterministic for a seed.

use crate::domain::error::{Error, Result};
use crate::generate::random::Random;
use crate::io::baseline::Baseline;
use crate::io::edit::{forget_gone_lists, Edit, OutageEnd, Sheet, Tables};
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

/// Reads the inputs in `input`, applies the event and writes the new inputs to `out`.
pub fn apply(
    input: &Path,
    baseline: Option<&Baseline>,
    settings: &EventSettings,
    out: &Path,
) -> Result<EventOutcome> {
    let mut tables = Tables::read(input)?;
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
    let session_date = tables.sessions.find("date");
    let past_lists = tables
        .sessions
        .retain_rows(|s, i| s.date(i, session_date).is_none_or(|d| d >= new_start));
    let id = tables.cases.column("case_id");
    let done = tables.cases.retain_rows(|s, i| {
        published
            .get(s.rows[i][id].trim())
            .is_none_or(|&d| d >= new_start)
    });
    let mut summary = format!(
        "clock advanced {} days to {new_start}: {past_lists} past lists and {done} cases done",
        settings.advance_days
    );

    let window = |days: i64| (new_start, new_start + Duration::days(days - 1));
    let lab = |end| Edit::OutageEnds {
        resource: settings.lab_resource.clone(),
        running_on: new_start,
        end,
    };
    let edit = match settings.event {
        Event::Advance => None,
        Event::LabEarly(days) => Some(lab(OutageEnd::Shift(-days))),
        Event::LabLate(days) => Some(lab(OutageEnd::Shift(days))),
        Event::SurgeonAway(days) => {
            let (from, to) = window(days);
            Some(Edit::SurgeonAway {
                surgeon: surgeon_with_lists(&tables.sessions, from, to, &mut random)?,
                from,
                to,
            })
        }
        Event::TheatreClosed(days) => {
            let (from, to) = window(days);
            let (site, theatre) = theatre_with_lists(&tables.sessions, from, to, &mut random)?;
            Some(Edit::Closed {
                site: Some(site),
                theatre: Some(theatre),
                from,
                to,
            })
        }
        Event::MoreCancellations(share) => Some(Edit::Arriving {
            share,
            listed_on: new_start,
            seed: settings.seed,
        }),
        Event::PatientsDeclining(share) => Some(Edit::Declining {
            share,
            // Patients booked from the new start on decline the date they were given.
            on: published
                .iter()
                .filter(|(_, &date)| date >= new_start)
                .map(|(id, &date)| (id.to_string(), date))
                .collect(),
            weeks: 2,
            seed: settings.seed,
        }),
    };
    if let Some(edit) = edit {
        let what = edit.apply(&mut tables).map_err(|why| {
            Error::Usage(match settings.event {
                Event::LabEarly(_) | Event::LabLate(_) => format!(
                    "the event needs a laboratory outage ({why}; --resource names the \
                     laboratory's resource)"
                ),
                _ => why,
            })
        })?;
        summary.push_str("; ");
        summary.push_str(&what);
    }
    forget_gone_lists(&mut tables);
    tables.write(out)?;
    Ok(EventOutcome { new_start, summary })
}

/// A surgeon named on a list from `from` to `to`, drawn.
fn surgeon_with_lists(
    sessions: &Sheet,
    from: NaiveDate,
    to: NaiveDate,
    random: &mut Random,
) -> Result<String> {
    let (surgeon, date) = (sessions.find("surgeon"), sessions.find("date"));
    let named: BTreeSet<&str> = (0..sessions.rows.len())
        .filter(|&i| sessions.date(i, date).is_some_and(|d| d >= from && d <= to))
        .map(|i| sessions.text(i, surgeon))
        .filter(|s| !s.is_empty())
        .collect();
    let named: Vec<&str> = named.into_iter().collect();
    if named.is_empty() {
        return Err(Error::Usage(
            "surgeon-away needs a list with a named surgeon in the window".into(),
        ));
    }
    Ok(named[random.between(0, named.len() as i64 - 1) as usize].to_string())
}

/// A theatre (site, theatre) with a list from `from` to `to`, drawn.
fn theatre_with_lists(
    sessions: &Sheet,
    from: NaiveDate,
    to: NaiveDate,
    random: &mut Random,
) -> Result<(String, String)> {
    let (site, theatre, date) = (
        sessions.find("site"),
        sessions.find("theatre"),
        sessions.find("date"),
    );
    let mut lists: BTreeMap<(String, String), usize> = BTreeMap::new();
    for i in 0..sessions.rows.len() {
        if sessions.date(i, date).is_some_and(|d| d >= from && d <= to) {
            let key = (
                sessions.text(i, site).to_string(),
                sessions.text(i, theatre).to_string(),
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
    Ok(theatres[random.between(0, theatres.len() as i64 - 1) as usize].clone())
}
