//! `rebook diff OLD NEW --out FILE`: what changed for each case between two plans (made
//! by rebook or edited by hand), in the changes.csv of a re-plan (`output::changes`),
//! without the causes only a re-plan knows.

use crate::app::cli::DiffArgs;
use crate::app::print;
use crate::domain::baseline::{change_between, Change, Slot};
use crate::domain::error::{Error, InputError, Result};
use crate::io::baseline::{self, Baseline, BaselineRow};
use crate::io::input::{Cells, Table};
use crate::io::plan_files::{unguarded, UNSCHEDULED_COLUMNS};
use crate::output::changes::{changes_csv, ChangeRow};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub fn run(args: &DiffArgs) -> Result<()> {
    // Both read before either is refused: every error in one run.
    let (old, new) = Error::both(baseline::read(&args.old), baseline::read(&args.new))?;
    let unplanned = still_planned(&args.new)?;
    let rows = diff(&old, &new, unplanned.as_ref())?;
    let start = planning_start(&args.new);
    std::fs::write(&args.out, changes_csv(&rows, start)).map_err(|e| Error::io(&args.out, e))?;
    let count = |kind: Change| rows.iter().filter(|r| r.change == kind).count();
    let moved: usize = [
        Change::Retimed,
        Change::Later,
        Change::Earlier,
        Change::OtherSite,
    ]
    .into_iter()
    .map(count)
    .sum();
    print(&format!(
        "{} cases: {} kept, {moved} moved, {} new, {} dropped, {} removed; written to {}\n",
        rows.len(),
        count(Change::Kept),
        count(Change::New),
        count(Change::Dropped),
        count(Change::Removed),
        args.out.display()
    ))
}

/// The rows of both plans, the old plan's order first. A case of the old plan that the
/// new one neither books nor lists as unscheduled is removed; without the new plan's
/// unscheduled.csv (`planned` = `None`) it is dropped.
fn diff(
    old: &Baseline,
    new: &Baseline,
    planned: Option<&HashSet<String>>,
) -> Result<Vec<ChangeRow>> {
    let mut errors = Vec::new();
    let mut slot = |plan: &Baseline, row: &BaselineRow| -> Option<Slot> {
        match (row.date, &row.site) {
            (Some(date), Some(site)) => Some(Slot {
                session_id: row.session_id.clone(),
                date,
                start: row.start,
                site: site.clone(),
            }),
            _ => {
                let missing = if row.date.is_none() { "date" } else { "site" };
                errors.push(InputError::at(
                    &plan.file,
                    row.line,
                    Some(missing),
                    format!("value is missing: a plan's {missing} is needed to compare it"),
                ));
                None
            }
        }
    };
    let old_slots: Vec<Option<Slot>> = old.rows.iter().map(|r| slot(old, r)).collect();
    let new_slots: Vec<Option<Slot>> = new.rows.iter().map(|r| slot(new, r)).collect();
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let in_new: HashMap<&str, usize> = new
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.case_id.as_str(), i))
        .collect();
    let in_old: HashSet<&str> = old.rows.iter().map(|r| r.case_id.as_str()).collect();
    let mut rows = Vec::new();
    for (row, slot) in old.rows.iter().zip(&old_slots) {
        let now = in_new.get(row.case_id.as_str()).copied();
        let new_slot = now.and_then(|i| new_slots[i].clone());
        let mut change = change_between(slot.as_ref(), new_slot.as_ref());
        if now.is_none() && planned.is_some_and(|p| !p.contains(&row.case_id)) {
            change = Change::Removed;
        }
        let newer = now.map(|i| &new.rows[i]);
        rows.push(ChangeRow {
            case_id: row.case_id.clone(),
            patient_id: row.patient_id.clone().unwrap_or_default(),
            priority: newer
                .and_then(|r| r.priority.clone())
                .or(row.priority.clone())
                .unwrap_or_default(),
            change,
            old: slot.clone(),
            new: new_slot,
            notified: true,
            cause: String::new(),
        });
    }
    for (row, slot) in new.rows.iter().zip(new_slots) {
        if in_old.contains(row.case_id.as_str()) {
            continue;
        }
        rows.push(ChangeRow {
            case_id: row.case_id.clone(),
            patient_id: row.patient_id.clone().unwrap_or_default(),
            priority: row.priority.clone().unwrap_or_default(),
            change: Change::New,
            old: None,
            new: slot,
            notified: false,
            cause: String::new(),
        });
    }
    Ok(rows)
}

/// The cases the new plan still holds unbooked (its unscheduled.csv), when it has one.
fn still_planned(dir: &Path) -> Result<Option<HashSet<String>>> {
    let path = dir.join("unscheduled.csv");
    if !path.exists() {
        return Ok(None);
    }
    let file = crate::io::input::table::display_name(&path);
    let bytes = crate::io::read_file(&path, &file).map_err(|e| Error::Input(vec![e]))?;
    let table = Table::parse(&file, &bytes, UNSCHEDULED_COLUMNS).map_err(Error::Input)?;
    let mut errors = Vec::new();
    let mut ids = HashSet::new();
    for row in table.rows() {
        let mut cells = Cells::new(row, &mut errors);
        if let Some(id) = cells.required_text("case_id") {
            ids.insert(unguarded(id).to_string());
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    Ok(Some(ids))
}

/// The new plan's planning start (its summary.json), from which the notice of a new
/// date counts; `None` when the folder has no readable summary.
fn planning_start(dir: &Path) -> Option<NaiveDate> {
    let text = std::fs::read_to_string(dir.join("summary.json")).ok()?;
    let summary: serde_json::Value = serde_json::from_str(&text).ok()?;
    summary["planning_start"].as_str()?.parse().ok()
}
