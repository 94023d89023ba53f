//! `rebook plan`: read and validate, solve within the time limit, finish the plan with
//! its explanations, check the files exactly as they will be written, write them as a
//! set, print the summary.

use crate::app::config::PlanConfig;
use crate::app::inputs::{self, Replan};
use crate::app::{print, warn};
use crate::domain::error::{Error, Result};
use crate::domain::weights::Weights;
use crate::domain::{Problem, Rules};
use crate::explain::{self, Plan};
use crate::io::file_set::{write_all, Rendered};
use crate::io::validate::Loaded;
use crate::output::{self, changes, report};
use crate::pricing::Pricing;
use crate::rules::check::files::check_files;
use crate::solver::progress::Progress;
use crate::solver::{change_cap, interrupt, orchestrate, SolverLimits};
use std::io::IsTerminal;
use std::time::Instant;

/// Plans `problem` within the time limit counted from `started`, without progress
/// output: the solver's plan, checked against every hard rule, with its explanations.
pub fn plan(
    problem: &Problem,
    rules: &Rules,
    limits: &SolverLimits,
    weights: &Weights,
    started: Instant,
) -> Result<Plan> {
    let progress = Progress::hidden();
    let solution = orchestrate::solve(problem, rules, limits, weights, started, &progress)?;
    Ok(explain::finish(
        problem,
        rules,
        &Pricing::new(problem, weights),
        solution,
    ))
}

/// With `--baseline`, the share of the time limit left to planning the same inputs from
/// scratch (summary.json's `replan.from_scratch`, the price of keeping the baseline):
/// enough for a comparable plan on the demo's 1,700 cases, while the re-plan, the plan
/// that is written, keeps most of the time.
const FROM_SCRATCH_SHARE: f64 = 0.25;

pub fn run(config: &PlanConfig) -> Result<()> {
    let started = Instant::now();
    interrupt::install();
    let (loaded, replan) = inputs::load_with_baseline(
        &config.inputs,
        config.from,
        &config.rules,
        config.baseline.as_ref(),
    )?;
    warn(&loaded.warnings);
    let progress = Progress::new(std::io::stderr().is_terminal());
    let planned = plan_files(config, &loaded, replan.as_ref(), started, &progress)?;
    write_all(&config.out, &planned.files)?;
    progress.phase("written");
    print(&output::terminal::render(
        &planned.summary,
        &config.out.display().to_string(),
    ))
}

/// A plan's files as they will be written, and its summary.
pub struct Planned {
    pub summary: output::summary::Summary,
    pub files: Rendered,
}

/// Plans validated inputs within the time limit counted from `started` and draws the
/// plan's files: solved, explained, the files checked exactly as they will be written,
/// the report and the workbook drawn from their bytes. Nothing is written.
pub fn plan_files(
    config: &PlanConfig,
    loaded: &Loaded,
    replan: Option<&Replan>,
    started: Instant,
    progress: &Progress,
) -> Result<Planned> {
    let problem = &loaded.problem;
    let (rules, weights) = (&config.rules, &config.weights);
    // A re-plan leaves part of the time to the same inputs planned from scratch.
    let limits = match &replan {
        Some(_) => SolverLimits {
            time_limit_s: config.limits.time_limit_s * (1.0 - FROM_SCRATCH_SHARE),
            ..config.limits
        },
        None => config.limits,
    };
    let (solution, cap) = match (&replan, rules.max_moves) {
        (Some(_), Some(most)) => match change_cap::solve_within(
            problem, rules, &limits, weights, started, progress, most,
        ) {
            Ok((solution, cap)) => (Ok(solution), Some(cap)),
            Err(e) => (Err(e), None),
        },
        _ => (
            orchestrate::solve(problem, rules, &limits, weights, started, progress),
            None,
        ),
    };
    progress.finish();
    let pricing = Pricing::new(problem, weights);
    progress.phase("explaining");
    let plan = explain::finish(problem, rules, &pricing, solution?);
    let mut summary = output::summary::summarise(
        problem,
        &pricing,
        &plan,
        &output::summary::Context {
            rules: &config.rules,
            limits: &config.limits,
            weights: &config.weights,
            weights_file: config
                .weights_file
                .as_ref()
                .map(|p| p.display().to_string()),
            checksums: &loaded.checksums,
            warnings: &loaded.warnings,
            seconds: 0.0,
        },
    );
    summary.scenario = loaded.scenario.clone();
    let mut changed_files = Vec::new();
    if let Some(replan) = replan {
        let rows = changes::plan_changes(problem, &plan, &replan.removed);
        let mut replanned = changes::ReplanSummary::of(
            &rows,
            replan.baseline.clone(),
            replan.freeze_days,
            replan.frozen,
            plan.costs.clinical(),
        );
        replanned.max_moves = cap;
        if !interrupt::requested() {
            progress.phase("planning the same inputs from scratch");
            let scratch = &replan.scratch;
            let solving = Instant::now();
            let solution = orchestrate::solve(
                scratch,
                rules,
                &SolverLimits {
                    time_limit_s: (config.limits.time_limit_s - started.elapsed().as_secs_f64())
                        .max(0.1),
                    ..config.limits
                },
                weights,
                solving,
                &Progress::hidden(),
            );
            match solution {
                Ok(solution) => {
                    let scratch_pricing = Pricing::new(scratch, weights);
                    let scratch_plan = explain::finish(scratch, rules, &scratch_pricing, solution);
                    // Its changes against the same baseline: the re-plan's problem knows it.
                    let scratch_rows =
                        changes::plan_changes(problem, &scratch_plan, &replan.removed);
                    replanned.beside(
                        &scratch_rows,
                        scratch_plan.costs.clinical(),
                        scratch_plan.solver.gap,
                        solving.elapsed().as_secs_f64(),
                    );
                }
                // The comparison is a figure beside the plan: without it the plan stands.
                Err(e) => summary
                    .warnings
                    .push(format!("the plan from scratch for comparison failed: {e}")),
            }
        }
        summary.replan = Some(replanned);
        changed_files.push((
            "changes.csv".to_string(),
            changes::changes_csv(&rows, Some(problem.planning_start)),
        ));
        changed_files.push(("contacts.csv".to_string(), changes::contacts_csv(&rows)));
    }
    progress.phase("checking the files");
    let schedule = output::tables::schedule_csv(problem, &pricing, &plan);
    let unscheduled = output::tables::unscheduled_csv(problem, &pricing, &plan);
    // Check the files exactly as they will be written, not just the plan in memory.
    match check_files(
        problem,
        &config.rules,
        ("schedule.csv", &schedule),
        Some(("unscheduled.csv", &unscheduled)),
    ) {
        Ok(violations) if violations.is_empty() => {}
        Ok(violations) => {
            let text: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
            return Err(Error::PlanRejected(text.join("\n")));
        }
        Err(errors) => {
            let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            return Err(Error::PlanRejected(text.join("\n")));
        }
    }
    summary.time_seconds = (started.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    summary.cpu_seconds = cpu_seconds().map(|s| (s * 100.0).round() / 100.0);
    let json = serde_json::to_vec_pretty(&summary).map_err(|e| Error::Solver(e.to_string()))?;
    progress.phase("drawing the report and writing");
    // The report is drawn from the files' own bytes, as `rebook report` would.
    let changes = changed_files
        .iter()
        .find(|(name, _)| name == "changes.csv")
        .map(|(_, bytes)| bytes.as_slice());
    let files = report::PlanFiles {
        schedule: &schedule,
        unscheduled: &unscheduled,
        summary: &json,
        changes,
    };
    let report = report::render(&files, config.report_identifiers)
        .map_err(|e| Error::Solver(format!("the report could not be drawn: {e}")))?;
    // plan.xlsx from the same bytes as the CSV files, so the two never disagree.
    let mut tables: Vec<(&str, &[u8])> =
        vec![("Schedule", &schedule), ("Unscheduled", &unscheduled)];
    tables.extend(changes.map(|bytes| ("Changes", bytes)));
    let workbook = output::workbook::plan_workbook(&tables, &json)
        .map_err(|e| Error::Solver(format!("plan.xlsx could not be drawn: {e}")))?;
    Ok(Planned {
        summary,
        files: Rendered {
            files: vec![
                ("schedule.csv".into(), schedule),
                ("unscheduled.csv".into(), unscheduled),
                ("summary.json".into(), json),
                ("report.html".into(), report.into_bytes()),
                ("plan.xlsx".into(), workbook),
            ]
            .into_iter()
            .chain(changed_files)
            .collect(),
        },
    })
}

/// The processor time this process has used so far, all threads together.
#[cfg(target_os = "linux")]
fn cpu_seconds() -> Option<f64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the whole struct it is given a pointer to, or fails.
    let done = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
    if done != 0 {
        return None;
    }
    // SAFETY: getrusage succeeded, so the struct is initialised.
    let usage = unsafe { usage.assume_init() };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

#[cfg(not(target_os = "linux"))]
fn cpu_seconds() -> Option<f64> {
    None
}
