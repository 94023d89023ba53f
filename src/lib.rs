//! rebook: reschedule cancelled elective surgery into theatre sessions with
//! mixed-integer programming. This file wires the pipeline and nothing else:
//! cli → config → input → validate → model → solve → schedule/check → output.

pub mod bound;
pub mod capacity;
pub mod check;
pub mod cli;
pub mod components;
pub mod config;
pub mod cost;
pub mod deadline;
pub mod domain;
pub mod eligibility;
pub mod error;
pub mod explain;
pub mod generate;
pub mod heuristic;
pub mod import;
pub mod improve;
pub mod input;
pub mod interrupt;
pub mod model;
pub mod openings;
pub mod ordering;
pub mod output;
pub mod packing;
pub mod plan;
pub mod progress;
pub mod report;
pub mod schedule;
pub mod solve;
pub mod unbooked_floor;
pub mod validate;
pub mod weights;

use cli::{Cli, Command};
use config::{from_date, InputFiles, PlanConfig, Rules};
use error::{Error, Result};
use std::io::{IsTerminal, Write};
use std::time::Instant;

/// Runs one command; what it prints for the user goes to stdout, warnings to stderr.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Plan(args) => run_plan(&PlanConfig::from_args(&args)?),
        Command::Validate(args) => {
            let files = InputFiles::from_args(&args.inputs)?;
            let weights = config::weights_from(&args.rules)?;
            let rules = Rules::from_args(&args.rules, &weights)?;
            let loaded = validate::load(&files, from_date(&args.rules)?, &rules)?;
            warn(&loaded.warnings);
            print(&output::profile::render(&loaded.problem))
        }
        Command::Check(args) => run_check(&args),
        Command::Report(args) => run_report(&args),
        Command::Weights => print(&weights::Weights::default_file()),
        Command::Import(cli::ImportFormat::Ihtc(args)) => run_import_ihtc(&args),
        Command::Generate(args) => {
            let scenario = generate::Scenario::from_args(&args)?;
            let written = scenario.write(&args.out)?;
            print(&format!(
                "rebook: wrote {} cases and {} sessions to {}\n",
                written.cases,
                written.sessions,
                args.out.display()
            ))
        }
    }
}

fn run_plan(config: &PlanConfig) -> Result<()> {
    let started = Instant::now();
    interrupt::install();
    let loaded = validate::load(&config.inputs, config.from, &config.rules)?;
    warn(&loaded.warnings);
    let problem = &loaded.problem;
    let progress = progress::Progress::new(std::io::stderr().is_terminal());
    let plan = plan::plan_with_progress(
        problem,
        &config.rules,
        &config.limits,
        &config.weights,
        started,
        &progress,
    );
    progress.finish();
    let plan = plan?;
    let pricing = cost::Pricing::new(problem, &config.weights);
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
    let schedule = output::tables::schedule_csv(problem, &pricing, &plan);
    let unscheduled = output::tables::unscheduled_csv(problem, &pricing, &plan);
    // Check the files exactly as they will be written, not just the plan in memory.
    match check::files::check_files(
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
    let json = serde_json::to_vec_pretty(&summary).map_err(|e| Error::Solver(e.to_string()))?;
    // The report is drawn from the files' own bytes, as `rebook report` would.
    let report = report::render(&schedule, &unscheduled, &json, config.report_identifiers)
        .map_err(|e| Error::Solver(format!("the report could not be drawn: {e}")))?;
    output::write_all(
        &config.out,
        &output::Rendered {
            files: vec![
                ("schedule.csv".into(), schedule),
                ("unscheduled.csv".into(), unscheduled),
                ("summary.json".into(), json),
                ("report.html".into(), report.into_bytes()),
            ],
        },
    )?;
    print(&output::terminal::render(
        &summary,
        &config.out.display().to_string(),
    ))
}

fn run_import_ihtc(args: &cli::IhtcArgs) -> Result<()> {
    let name = input::table::display_name(&args.instance);
    let text = std::fs::read_to_string(&args.instance).map_err(|e| {
        Error::Input(vec![error::InputError::file(
            &name,
            format!("cannot be read: {e}"),
        )])
    })?;
    let imported = import::ihtc::import(&name, &text)?;
    output::write_all(&args.out, &imported.rendered)?;
    warn(&[format!("warning: {name}: {}", imported.ignored)]);
    print(&format!(
        "rebook: wrote {} cases and {} sessions to {} (day 0 = {}); plan with --weights {}\n",
        imported.cases,
        imported.sessions,
        args.out.display(),
        import::ihtc::DAY_ZERO,
        args.out.join("weights.toml").display()
    ))
}

fn run_check(args: &cli::CheckArgs) -> Result<()> {
    let files = InputFiles::from_args(&args.inputs)?;
    let weights = config::weights_from(&args.rules)?;
    let rules = Rules::from_args(&args.rules, &weights)?;
    let loaded = validate::load(&files, from_date(&args.rules)?, &rules)?;
    warn(&loaded.warnings);
    let read = |path: &std::path::Path| -> Result<(String, Vec<u8>)> {
        let name = input::table::display_name(path);
        std::fs::read(path)
            .map(|bytes| (name.clone(), bytes))
            .map_err(|e| {
                Error::Input(vec![error::InputError::file(
                    &name,
                    format!("cannot be read: {e}"),
                )])
            })
    };
    let schedule = read(&args.schedule)?;
    let unscheduled = args.unscheduled.as_deref().map(read).transpose()?;
    let violations = check::files::check_files(
        &loaded.problem,
        &rules,
        (&schedule.0, &schedule.1),
        unscheduled
            .as_ref()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice())),
    )
    .map_err(Error::Input)?;
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

/// `rebook report`: report.html again from a plan's folder.
fn run_report(args: &cli::ReportArgs) -> Result<()> {
    let mut errors = Vec::new();
    let mut read = |name: &str| {
        let path = args.plan.join(name);
        std::fs::read(&path).unwrap_or_else(|e| {
            errors.push(error::InputError::file(
                &path.display().to_string(),
                format!("cannot be read: {e}"),
            ));
            Vec::new()
        })
    };
    let (schedule, unscheduled, summary) = (
        read("schedule.csv"),
        read("unscheduled.csv"),
        read("summary.json"),
    );
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let html = report::render(&schedule, &unscheduled, &summary, args.report_identifiers).map_err(
        |e| {
            Error::Input(vec![error::InputError::file(
                &args.plan.display().to_string(),
                e,
            )])
        },
    )?;
    let (dir, name) = match (args.out.parent(), args.out.file_name()) {
        (Some(dir), Some(name)) => (dir, name.to_string_lossy().to_string()),
        _ => {
            return Err(Error::Usage(format!(
                "--out {}: give a file name for the report",
                args.out.display()
            )))
        }
    };
    let dir = if dir.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        dir
    };
    output::write_all(
        dir,
        &output::Rendered {
            files: vec![(name, html.into_bytes())],
        },
    )?;
    print(&format!("report written to {}\n", args.out.display()))
}

/// Prints to stdout; a closed pipe (`| head`) is not an error.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}

fn warn(warnings: &[String]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
}
