//! `rebook whatif`: the inputs as they are (`base`) and under each `--scenario`, planned
//! side by side, a folder each, then compared (compare.csv, compare.html). The inputs
//! are read and validated once; each scenario changes a copy of them. Plans run at the
//! same time, as many as the cores given, each with `--time-limit` of its own.
//!
//! `rebook compare`: the same comparison from plan folders already written.

use crate::app::cli::{CompareArgs, WhatifArgs};
use crate::app::config::PlanConfig;
use crate::app::plan::{plan_files, Planned};
use crate::app::{inputs, print, warn};
use crate::domain::error::{Error, InputError, Result};
use crate::io::file_set::{write_all, Rendered};
use crate::io::read_file;
use crate::io::validate::Loaded;
use crate::io::InputFiles;
use crate::output::compare::{self, Column, Comparison};
use crate::output::report::data;
use crate::solver::progress::Progress;
use crate::solver::{interrupt, SolverLimits};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// The folder of the plan of the inputs as they are.
const BASE: &str = "base";

pub fn run(args: &WhatifArgs) -> Result<()> {
    interrupt::install();
    if args.inputs.scenario.is_empty() {
        return Err(Error::Usage(
            "give at least one --scenario FILE.toml to compare with the inputs as they are".into(),
        ));
    }
    let labels = folder_names(&args.inputs.scenario)?;
    let config = PlanConfig::new(
        InputFiles::without_scenario(&args.inputs)?,
        args.out.clone(),
        &args.rules,
        &args.solve,
    )?;
    let (base, changed) = inputs::load_scenarios(
        &config.inputs,
        &args.inputs.scenario,
        config.from,
        &config.rules,
    )?;
    warn(&base.warnings);
    let jobs: Vec<(String, Loaded)> = std::iter::once((BASE.to_string(), base))
        .chain(labels.into_iter().zip(changed))
        .collect();

    // As many plans at once as there are cores (or --at-once), the cores shared among
    // them. Side by side halves the wall time on two cores; one core a plan costs its
    // bound most (no bound core beside the search): docs/benchmarks.md.
    let cores = config.limits.threads as usize;
    let at_once = match args.at_once {
        Some(0) => return Err(Error::Usage("--at-once must be 1 or more".into())),
        Some(n) => n,
        None => cores,
    }
    .min(jobs.len())
    .max(1);
    let each = SolverLimits {
        threads: (cores / at_once).max(1) as u32,
        ..config.limits
    };
    eprintln!(
        "planning {} plans, {at_once} at a time with {} core(s) each, up to {} s each",
        jobs.len(),
        each.threads,
        each.time_limit_s
    );
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Planned>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..at_once {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::SeqCst);
                let Some((label, loaded)) = jobs.get(k) else {
                    break;
                };
                let one = PlanConfig {
                    limits: each,
                    out: config.out.join(label),
                    ..config.clone()
                };
                let planned = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    plan_files(&one, loaded, None, Instant::now(), &Progress::hidden())
                }))
                .unwrap_or_else(|_| Err(Error::Solver(format!("planning {label} failed"))));
                if let Ok(planned) = &planned {
                    eprintln!("  {label}: {}", one_line(&planned.summary));
                }
                if let Ok(mut results) = results.lock() {
                    results[k] = Some(planned);
                }
            });
        }
    });
    // A worker that panicked is caught inside its loop, so the lock is never poisoned;
    // were it, every plan would read as not planned.
    let results = results
        .into_inner()
        .unwrap_or_else(|_| (0..jobs.len()).map(|_| None).collect());
    let mut planned = Vec::new();
    for ((label, _), result) in jobs.iter().zip(results) {
        match result {
            Some(Ok(plan)) => planned.push((label.clone(), plan)),
            Some(Err(e)) => return Err(Error::Solver(format!("{label}: {e}"))),
            None => return Err(Error::Solver(format!("{label} was not planned"))),
        }
    }
    // Every plan drawn before any is written: a failure leaves nothing half done.
    let columns = planned
        .iter()
        .map(|(label, plan)| column(label, &plan.files))
        .collect::<Result<Vec<Column>>>()?;
    for (label, plan) in &planned {
        write_all(&config.out.join(label), &plan.files)?;
    }
    let comparison = write_comparison(&config.out, &columns)?;
    let folders: Vec<String> = planned.iter().map(|(l, _)| format!("{l}/")).collect();
    print(&format!(
        "{}written to {}: {}, compare.csv, compare.html\n",
        table_text(&comparison),
        config.out.display(),
        folders.join(", ")
    ))
}

/// `rebook compare`: compare.csv and compare.html from plan folders already written.
pub fn compare_folders(args: &CompareArgs) -> Result<()> {
    let mut errors = Vec::new();
    let mut columns = Vec::new();
    let mut seen = BTreeSet::new();
    for dir in &args.plans {
        let mut label = dir.file_name().map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        // Two folders of one name (a/base, b/base) are told apart by their paths.
        if !seen.insert(label.clone()) {
            label = dir.display().to_string();
        }
        match read_plan(dir, &label) {
            Ok(column) => columns.push(column),
            Err(Error::Input(mut found)) => errors.append(&mut found),
            Err(other) => return Err(other),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let comparison = write_comparison(&args.out, &columns)?;
    print(&format!(
        "{}written to {}: compare.csv, compare.html\n",
        table_text(&comparison),
        args.out.display()
    ))
}

/// A plan folder's files as a column of the comparison.
fn read_plan(dir: &Path, label: &str) -> Result<Column> {
    let mut errors = Vec::new();
    let mut read = |name: &str| {
        let path = dir.join(name);
        read_file(&path, &path.display().to_string()).unwrap_or_else(|e| {
            errors.push(e);
            Vec::new()
        })
    };
    let files = Rendered {
        files: vec![
            ("schedule.csv".into(), read("schedule.csv")),
            ("unscheduled.csv".into(), read("unscheduled.csv")),
            ("summary.json".into(), read("summary.json")),
        ],
    };
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    column(label, &files).map_err(|e| match e {
        Error::Solver(message) => {
            Error::Input(vec![InputError::file(&dir.display().to_string(), message)])
        }
        other => other,
    })
}

/// A plan's files, read back as `rebook report` reads them.
fn column(label: &str, files: &Rendered) -> Result<Column> {
    let file = |name: &str| {
        files
            .files
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[][..], |(_, bytes)| bytes.as_slice())
    };
    let plan = data::read(
        file("schedule.csv"),
        file("unscheduled.csv"),
        file("summary.json"),
        None,
    )
    .map_err(Error::Solver)?;
    Ok(Column {
        label: label.to_string(),
        plan,
    })
}

/// Writes compare.csv and compare.html; returns the comparison for the terminal.
fn write_comparison(out: &Path, columns: &[Column]) -> Result<Comparison> {
    let comparison = compare::compare(columns);
    write_all(
        out,
        &Rendered {
            files: vec![
                ("compare.csv".into(), compare::csv(&comparison)),
                (
                    "compare.html".into(),
                    compare::html(&comparison, columns).into_bytes(),
                ),
            ],
        },
    )?;
    Ok(comparison)
}

/// A folder name for each scenario file: its stem; two files of one stem are refused
/// (their plans would overwrite each other).
fn folder_names(scenarios: &[PathBuf]) -> Result<Vec<String>> {
    let mut seen = BTreeSet::from([BASE.to_string()]);
    let mut names = Vec::new();
    for path in scenarios {
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        if stem.is_empty() || !seen.insert(stem.clone()) {
            return Err(Error::Usage(format!(
                "--scenario {}: its plan would go in {stem}/, {}: give each scenario file its own name",
                path.display(),
                if stem == BASE { "the folder of the inputs as they are" } else { "as another's" }
            )));
        }
        names.push(stem);
    }
    Ok(names)
}

fn one_line(summary: &crate::output::summary::Summary) -> String {
    format!(
        "{} booked, {} not booked, cost {:.0}, gap {:.2}%, {:.1} s",
        summary.cases.booked,
        summary.cases.unbooked,
        summary.objective_total,
        summary.solver.gap * 100.0,
        summary.time_seconds
    )
}

/// The headline rows of the comparison, for the terminal.
fn table_text(comparison: &Comparison) -> String {
    let wanted = [
        "booked",
        "unbooked",
        "booked after the deadline: all",
        "booked after the deadline: P2",
        "unbooked, deadline in the horizon: all",
        "date differs from the base plan",
        "cost",
        "cost against the base",
        "gap",
    ];
    let width = comparison
        .labels
        .iter()
        .map(|l| l.len().max(12))
        .collect::<Vec<_>>();
    let mut out = format!("{:<40}", "");
    for (label, w) in comparison.labels.iter().zip(&width) {
        out.push_str(&format!(" {label:>w$}"));
    }
    out.push('\n');
    for row in comparison
        .rows
        .iter()
        .filter(|r| wanted.contains(&r.measure.as_str()))
    {
        out.push_str(&format!("{:<40}", row.measure));
        for (figure, w) in row.figures.iter().zip(&width) {
            let text = match figure {
                compare::Figure::Count(n) => n.to_string(),
                compare::Figure::Number(x) if row.measure == "gap" => format!("{:.2}%", x * 100.0),
                compare::Figure::Number(x) => format!("{x:.0}"),
                compare::Figure::Text(t) => t.clone(),
            };
            out.push_str(&format!(" {text:>w$}"));
        }
        out.push('\n');
    }
    out
}
