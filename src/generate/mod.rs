//! `rebook generate --scenario incident`: a realistic, reproducible backlog after a
//! pathology outage, written in the input format. `--scenario region --trusts N`: N such
//! trusts hit at once, each with its own sites, surgeons, specialties' lists and
//! laboratory (ids and names prefixed `A-`, `B-`, ...; no mutual-aid open lists, which
//! would link them), so the backlog splits into independent parts.
//!
//! Two hospital sites (and mutual-aid lists at a third), nine specialties by treatment
//! function code with typical procedures and durations, a waiting-list priority mix,
//! cross-matched blood unavailable for the first three weeks and rationed after, ICU
//! beds per site, a surgical robot and a laser, named consultants with leave and on-call
//! days, patients' holidays, and on-the-day cancellations under the 28-day rule. NHS
//! numbers are in the 999 range, which the NHS keeps for test data.

mod catalogue;
pub mod events;
pub mod mutual_aid;
mod random;
mod rows;
mod shape;
mod trust;

pub use shape::{ListLength, Mix, Shape};

use crate::domain::error::{Error, Result};
use chrono::NaiveDate;
use rows::Tables;
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

/// The settings of one scenario.
pub struct Scenario {
    pub cases: usize,
    pub seed: u64,
    pub start: NaiveDate,
    /// Independent trusts (`region`): each with its own sites, surgeons, laboratory and
    /// mutual-aid lists, so no rule links two trusts' cases. 1 for `incident`.
    pub trusts: usize,
    /// What varies between families of scenarios (load, priority mix, lists, ...).
    pub shape: Shape,
}

/// What a scenario wrote.
pub struct Written {
    pub cases: usize,
    pub sessions: usize,
    /// The backlog's minutes (a 15-minute turnaround each, P5 and P6 left out) over the
    /// minutes of all lists: the load reached.
    pub load: f64,
}

impl Scenario {
    /// Weeks of theatre time offered: about a quarter at most, unless the shape says.
    fn weeks(&self) -> i64 {
        self.shape
            .weeks
            .unwrap_or_else(|| ((self.cases as f64 / 250.0).round() as i64).clamp(6, 13))
    }

    /// Writes the scenario's four files into `dir`.
    pub fn write(&self, dir: &Path) -> Result<Written> {
        let tables = if self.trusts == 1 {
            self.one_trust("", &HashSet::new())
        } else {
            // Trust A, B, ...: ids, sites, surgeons and the laboratory's resource carry
            // the trust's letter, so the files join without clashes.
            // NHS numbers are drawn afresh where another trust has them: the same number
            // would be the same patient, linking the trusts.
            let mut all = Tables::default();
            let mut taken: HashSet<String> = HashSet::new();
            for k in 0..self.trusts {
                let cases = self.cases / self.trusts + usize::from(k < self.cases % self.trusts);
                let letter = char::from(b'A' + k as u8);
                let trust = Scenario {
                    cases,
                    seed: self.seed.wrapping_add(k as u64),
                    start: self.start,
                    trusts: self.trusts,
                    shape: self.shape.clone(),
                };
                let part = trust.one_trust(&format!("{letter}-"), &taken);
                taken.extend(part.cases.iter().map(|row| row.nhs_number.clone()));
                all.cases.extend(part.cases);
                all.sessions.extend(part.sessions);
                all.resources.extend(part.resources);
                all.surgeons.extend(part.surgeons);
            }
            all
        };
        write_tables(dir, &tables)?;
        Ok(Written {
            cases: tables.cases.len(),
            sessions: tables.sessions.len(),
            load: tables.load(),
        })
    }
}

fn write_tables(dir: &Path, tables: &Tables) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    write_csv(&dir.join("cases.csv"), &tables.cases)?;
    write_csv(&dir.join("sessions.csv"), &tables.sessions)?;
    write_csv(&dir.join("resources.csv"), &tables.resources)?;
    write_csv(&dir.join("surgeons.csv"), &tables.surgeons)
}

/// Writes `rows` with a header of their field names (none when there is no row: every
/// file a scenario writes has at least one).
fn write_csv<T: Serialize>(path: &Path, rows: &[T]) -> Result<()> {
    std::fs::write(path, csv_bytes(rows)?).map_err(|e| Error::io(path, e))
}

/// `rows` as CSV text under a header of their field names.
fn csv_bytes<T: Serialize>(rows: &[T]) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer
            .serialize(row)
            .map_err(|e| Error::io(Path::new("<memory>"), e.into()))?;
    }
    writer
        .into_inner()
        .map_err(|e| Error::io(Path::new("<memory>"), e.into_error()))
}
