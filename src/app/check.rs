//! `rebook check`: a schedule file verified against every hard rule, from the input files;
//! with `--plan DIR`, under the settings the plan was made with; with `--baseline`, also
//! the re-planning rules (freeze window, notice owed to a moved patient).

use crate::app::cli::{CheckArgs, RuleArgs};
use crate::app::config::{from_date, weights_from};
use crate::app::{inputs, print, warn};
use crate::domain::error::{Error, InputError, Result};
use crate::domain::weights::Weights;
use crate::domain::Rules;
use crate::io::input::table::display_name;
use crate::io::scenario::ScenarioInfo;
use crate::io::workbook;
use crate::io::{read_file, InputFiles};
use crate::output::summary::Summary;
use crate::rules::check::files::check_files;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn run(args: &CheckArgs) -> Result<()> {
    let files = InputFiles::from_args(&args.inputs)?;
    let saved = args.plan.as_deref().map(saved_settings).transpose()?;
    let (rule_args, weights) = match &saved {
        Some(saved) => settled(&args.rules, saved)?,
        None => (args.rules.clone(), weights_from(&args.rules)?),
    };
    let rules = Rules {
        max_moves: args.max_moves,
        ..Rules::from_args(&rule_args, &weights)?
    };
    let baseline = args.baseline.clone().map(|dir| (dir, args.freeze_days));
    let (loaded, _) =
        inputs::load_with_baseline(&files, from_date(&rule_args)?, &rules, baseline.as_ref())?;
    warn(&loaded.warnings);
    if let Some(saved) = &saved {
        same_scenario(saved, loaded.scenario.as_ref())?;
    }
    let in_plan = |name: &str| args.plan.as_ref().map(|dir| dir.join(name));
    let Some(schedule_path) = args.schedule.clone().or_else(|| in_plan("schedule.csv")) else {
        return Err(Error::Usage("give --schedule FILE or --plan DIR".into()));
    };
    // A plan edited in Excel: its first sheet (or FILE.xlsx#SHEET) is the schedule, and
    // its Unscheduled sheet, when it has one, the unbooked cases.
    let unscheduled_path = args
        .unscheduled
        .clone()
        .or_else(|| in_plan("unscheduled.csv"))
        .or_else(|| unscheduled_sheet(&schedule_path));
    let mut sheets = HashMap::new();
    let mut read = |path: &Path| -> Result<(String, Vec<u8>)> {
        if let Some((book, sheet)) = workbook::sheet_path(path) {
            let table = workbook::read_sheet(&book, sheet.as_deref()).map_err(Error::Input)?;
            sheets.insert(table.label.clone(), table.cells);
            return Ok((table.label, table.csv));
        }
        let name = display_name(path);
        let bytes = read_file(path, &name).map_err(|e| Error::Input(vec![e]))?;
        Ok((name, bytes))
    };
    let schedule = read(&schedule_path)?;
    let unscheduled = unscheduled_path.as_deref().map(&mut read).transpose()?;
    let violations = check_files(
        &loaded.problem,
        &rules,
        (&schedule.0, &schedule.1),
        unscheduled
            .as_ref()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice())),
    )
    .map_err(|mut errors| {
        workbook::name_cells(&mut errors, &sheets);
        Error::Input(errors)
    })?;
    if violations.is_empty() {
        return print(&format!(
            "valid: {} breaks no hard rule ({} cases checked)\n",
            schedule.0,
            loaded.problem.cases.len()
        ));
    }
    let mut text = String::new();
    for violation in &violations {
        text.push_str(&format!("{violation}\n"));
    }
    print(&text)?;
    Err(Error::CheckFailed(violations.len()))
}

/// The Unscheduled sheet of a workbook given as the schedule, when it has one.
fn unscheduled_sheet(schedule: &Path) -> Option<PathBuf> {
    let (book, _) = workbook::sheet_path(schedule)?;
    let names = workbook::sheet_names(&book).ok()?;
    let name = names
        .iter()
        .find(|n| n.trim().eq_ignore_ascii_case("unscheduled"))?;
    Some(PathBuf::from(format!("{}#{name}", book.display())))
}

/// The settings a plan was made with, from its summary.json.
struct Saved {
    file: String,
    summary: Summary,
}

fn saved_settings(dir: &Path) -> Result<Saved> {
    let path = dir.join("summary.json");
    let file = path.display().to_string();
    let fail = |message: String| Error::Input(vec![InputError::file(&file, message)]);
    let bytes = read_file(&path, &file).map_err(|e| Error::Input(vec![e]))?;
    let summary = serde_json::from_slice(&bytes)
        .map_err(|e| fail(format!("is not a summary rebook plan wrote ({e})")))?;
    Ok(Saved { file, summary })
}

/// A plan made from a scenario is checked against the same scenario's inputs: without
/// it, or with another file, every booking the scenario allowed would read as broken.
fn same_scenario(saved: &Saved, given: Option<&ScenarioInfo>) -> Result<()> {
    let Some(planned) = &saved.summary.scenario else {
        return Ok(());
    };
    match given {
        None => Err(Error::Usage(format!(
            "the plan was made with the scenario \"{}\" ({}): give --scenario {} to check it \
             against the same inputs ({})",
            planned.name, planned.file, planned.file, saved.file
        ))),
        Some(given) if given.sha256 != planned.sha256 => Err(Error::Usage(format!(
            "--scenario {} is not the file the plan was made with: {} had SHA-256 {}, this \
             one has {} ({})",
            given.file, planned.file, planned.sha256, given.sha256, saved.file
        ))),
        Some(_) => Ok(()),
    }
}

/// The rules' flags with the plan's own settings where no flag was given, and the
/// weights (the `--weights` file, else the plan's); a flag that overrides a different
/// setting of the plan is noted on stderr.
fn settled(given: &RuleArgs, saved: &Saved) -> Result<(RuleArgs, Weights)> {
    let settings = &saved.summary.settings;
    let mut notes = Vec::new();
    let mut note = |flag: &str, value: String, planned: String| {
        if value != planned {
            notes.push(format!(
                "note: {flag} {value} given; the plan was made with {planned} ({})",
                saved.file
            ));
        }
    };
    if let Some(from) = &given.from {
        let planned = saved.summary.planning_start.to_string();
        if from_date(given)?.map(|d| d.to_string()).as_ref() != Some(&planned) {
            note("--from", from.clone(), planned);
        }
    }
    if let Some(t) = given.turnaround {
        note(
            "--turnaround",
            t.to_string(),
            settings.turnaround_min.to_string(),
        );
    }
    if let Some(f) = given.max_fill {
        note("--max-fill", f.to_string(), settings.max_fill.to_string());
    }
    if let Some(n) = given.notice_days {
        note(
            "--notice-days",
            n.to_string(),
            settings.notice_days.to_string(),
        );
    }
    if let Some(m) = given.max_travel {
        let planned = settings
            .max_travel_min
            .map_or_else(|| "no --max-travel".to_string(), |p| p.to_string());
        note("--max-travel", m.to_string(), planned);
    }
    let weights = match &given.weights {
        Some(_) => weights_from(given)?,
        None => settings.weights.clone(),
    };
    warn(&notes);
    let rule_args = RuleArgs {
        from: given
            .from
            .clone()
            .or_else(|| Some(saved.summary.planning_start.to_string())),
        turnaround: given.turnaround.or(Some(settings.turnaround_min)),
        max_fill: given.max_fill.or(Some(settings.max_fill)),
        notice_days: given.notice_days.or(Some(settings.notice_days)),
        max_travel: given.max_travel.or(settings.max_travel_min),
        weights: given.weights.clone(),
    };
    Ok((rule_args, weights))
}
