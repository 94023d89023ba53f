//! `rebook generate --scenario mutual-aid --trusts N`: N trusts of one region, as in June
//! 2024. The pathology outage hits the first trust (and the second, from three trusts
//! up): no cross-matched blood at their sites for five weeks, then rationed. The others
//! run their own backlogs with lists to spare and lend them (each list is its trust's;
//! cases.csv says where each patient is listed). Specialties are the region's codes, so
//! a patient may go to another trust's list of their specialty; travel.csv gives the
//! driving time between every two sites (15-30 minutes within a trust, 20 more for each
//! trust further along the region). Patients: 15% will not travel, 35% up to an hour,
//! 30% up to two hours, 20% without a limit of their own (`--max-travel` decides).
//! Patients who would travel accept another consultant (their `surgeon` is blank).
//!
//! Each trust is drawn as `--scenario region` draws it; the files are then edited as
//! text tables (`io::edit::Sheet`), so the columns are the input format's.

use super::random::Random;
use super::Scenario;
use crate::domain::error::{Error, Result};
use crate::io::edit::Sheet;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Weeks without cross-matched blood at the trusts hit (the 2024 attack: about five).
const OUTAGE_WEEKS: i64 = 5;
/// Demand over theatre minutes at the trusts not hit: lists to spare.
const SPARE_LOAD: f64 = 0.75;

/// The trust of each letter, as sessions.csv names it.
fn trust_name(k: usize) -> String {
    format!("Trust {}", char::from(b'A' + k as u8))
}

/// How many trusts the outage hits.
pub fn hit(trusts: usize) -> usize {
    if trusts >= 3 {
        2
    } else {
        1
    }
}

/// Writes the region's files and travel.csv into `dir`; returns the cases and lists
/// written.
pub fn write(scenario: &Scenario, dir: &Path) -> Result<(usize, usize)> {
    let hit = hit(scenario.trusts);
    // Each trust drawn alone, then joined: the hit ones with the long outage, the others
    // with spare lists and blood from the first day.
    let mut all: Option<[Sheet; 4]> = None;
    let mut taken = std::collections::HashSet::new();
    for k in 0..scenario.trusts {
        let mut shape = scenario.shape.clone();
        if k < hit {
            shape.outage_weeks = shape.outage_weeks.max(OUTAGE_WEEKS);
        } else {
            shape.outage_weeks = 0;
            shape.load = shape.load.min(SPARE_LOAD);
        }
        let cases =
            scenario.cases / scenario.trusts + usize::from(k < scenario.cases % scenario.trusts);
        let one = Scenario {
            cases,
            seed: scenario.seed.wrapping_add(k as u64),
            start: scenario.start,
            trusts: scenario.trusts,
            shape,
        };
        let letter = char::from(b'A' + k as u8);
        // NHS numbers of one trust's patients are drawn apart from the others' (the same
        // number would be the same patient).
        let tables = one.one_trust(&format!("{letter}-"), &taken);
        taken.extend(tables.cases.iter().map(|row| row.nhs_number.clone()));
        // The rows as the text tables the region's edits work on, in memory.
        let sheet =
            |bytes: Vec<u8>| Sheet::parse("generated", &bytes).map_err(|e| Error::Input(vec![e]));
        let mut sheets = [
            sheet(super::csv_bytes(&tables.cases)?)?,
            sheet(super::csv_bytes(&tables.sessions)?)?,
            sheet(super::csv_bytes(&tables.resources)?)?,
            sheet(super::csv_bytes(&tables.surgeons)?)?,
        ];
        regionalise(&mut sheets, k, &letter.to_string());
        match &mut all {
            None => all = Some(sheets),
            Some(joined) => {
                for (into, from) in joined.iter_mut().zip(sheets) {
                    into.rows.extend(from.rows);
                }
            }
        }
    }
    let Some([mut cases, sessions, resources, surgeons]) = all else {
        return Ok((0, 0));
    };
    let sites = sites_by_trust(&sessions);
    let mut random = Random(scenario.seed ^ 0x00A1_D0A1_D000);
    travel_terms(&mut cases, &sessions, &mut random);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    cases.write(&dir.join("cases.csv"))?;
    sessions.write(&dir.join("sessions.csv"))?;
    resources.write(&dir.join("resources.csv"))?;
    surgeons.write(&dir.join("surgeons.csv"))?;
    travel(&sites, &mut random).write(&dir.join("travel.csv"))?;
    Ok((cases.rows.len(), sessions.rows.len()))
}

/// One trust's files made the region's: specialties by their national codes (not the
/// trust's prefix), lists marked with the trust, cross-matched blood one resource
/// limited site by site (each site's laboratory cross-matches for the patients treated
/// there).
fn regionalise(sheets: &mut [Sheet; 4], k: usize, letter: &str) {
    let prefix = format!("{letter}-");
    let [cases, sessions, resources, _] = sheets;
    for sheet in [&mut *cases, &mut *sessions] {
        let at = sheet.column("specialty");
        for row in &mut sheet.rows {
            if let Some(code) = row[at].strip_prefix(&prefix) {
                row[at] = code.to_string();
            }
        }
    }
    let trust = sessions.column("trust");
    let site = sessions.column("site");
    for row in &mut sessions.rows {
        row[trust] = trust_name(k);
    }
    let own_sites: BTreeSet<String> = sessions.rows.iter().map(|r| r[site].clone()).collect();
    let blood = format!("{prefix}xmatch_blood");
    let needs = cases.column("resources");
    for row in &mut cases.rows {
        row[needs] = row[needs].replace(&blood, "xmatch_blood");
    }
    let [name, at_site] = [resources.column("resource"), resources.column("site")];
    let mut rows = Vec::new();
    for row in &resources.rows {
        if row[name] == blood {
            // The trust's limit, at each of its sites (a site's own count).
            for s in &own_sites {
                let mut one = row.clone();
                one[name] = "xmatch_blood".into();
                one[at_site] = s.clone();
                rows.push(one);
            }
        } else {
            rows.push(row.clone());
        }
    }
    resources.rows = rows;
}

/// The sites of each trust's lists, in order.
fn sites_by_trust(sessions: &Sheet) -> BTreeMap<String, BTreeSet<String>> {
    let (trust, site) = (sessions.find("trust"), sessions.find("site"));
    let mut sites: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for i in 0..sessions.rows.len() {
        sites
            .entry(sessions.text(i, trust).to_string())
            .or_default()
            .insert(sessions.text(i, site).to_string());
    }
    sites
}

/// Each patient's home site (their booked list's site, else a site of their trust with
/// lists of their specialty) and travel terms.
fn travel_terms(cases: &mut Sheet, sessions: &Sheet, random: &mut Random) {
    let (id, site, specialty) = (
        sessions.find("session_id"),
        sessions.find("site"),
        sessions.find("specialty"),
    );
    let mut site_of: BTreeMap<String, String> = BTreeMap::new();
    let mut lists_at: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for i in 0..sessions.rows.len() {
        let s = sessions.text(i, site).to_string();
        site_of.insert(sessions.text(i, id).to_string(), s.clone());
        let letter = s.split('-').next().unwrap_or("").to_string();
        lists_at
            .entry((letter, sessions.text(i, specialty).to_string()))
            .or_default()
            .insert(s);
    }
    let [case_id, booked, own_specialty, surgeon] =
        ["case_id", "booked_session", "specialty", "surgeon"].map(|c| cases.column(c));
    let [home, limit, consent] =
        ["home_site", "max_travel_min", "transfer_ok"].map(|c| cases.column(c));
    for row in &mut cases.rows {
        let letter = row[case_id].split('-').next().unwrap_or("").to_string();
        let choices: Vec<String> = lists_at
            .get(&(letter.clone(), row[own_specialty].clone()))
            .map(|s| s.iter().cloned().collect())
            .or_else(|| {
                let all: BTreeSet<String> = lists_at
                    .iter()
                    .filter(|((l, _), _)| *l == letter)
                    .flat_map(|(_, s)| s.iter().cloned())
                    .collect();
                (!all.is_empty()).then(|| all.into_iter().collect())
            })
            .unwrap_or_default();
        let drawn = random.between(0, choices.len().max(1) as i64 - 1) as usize;
        let home_site = site_of
            .get(row[booked].trim())
            .cloned()
            .or_else(|| choices.get(drawn).cloned());
        let Some(home_site) = home_site else { continue };
        row[home] = home_site;
        match random.weighted(&[0.15, 0.35, 0.30, 0.20]) {
            0 => row[consent] = "no".into(),
            band => {
                row[limit] = match band {
                    1 => "60".into(),
                    2 => "120".into(),
                    _ => String::new(),
                };
                // A patient who travels accepts the receiving trust's consultant.
                row[surgeon].clear();
            }
        }
    }
}

/// Driving minutes between every two sites: 15-30 within a trust, and 20 more per
/// trust apart along the region (trusts A, B, C, ... in a row).
fn travel(sites: &BTreeMap<String, BTreeSet<String>>, random: &mut Random) -> Sheet {
    let mut sheet = Sheet::with_columns(&["from_site", "to_site", "minutes"]);
    let all: Vec<(usize, &String)> = sites
        .values()
        .enumerate()
        .flat_map(|(k, s)| s.iter().map(move |site| (k, site)))
        .collect();
    for (i, (k, from)) in all.iter().enumerate() {
        for (j, to) in all.iter().skip(i + 1) {
            let apart = k.abs_diff(*j) as i64;
            let minutes = 15
                + random.between(0, 15)
                + 20 * apart
                + random.between(0, 10) * i64::from(apart > 0);
            sheet
                .rows
                .push(vec![from.to_string(), to.to_string(), minutes.to_string()]);
        }
    }
    sheet
}
