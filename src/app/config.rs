//! Checked settings: what the command line asked for, with every value validated.
//! Nothing past this module sees a raw flag.

use crate::domain::weights::Weights;
use crate::domain::{PrioritySet, Rules};
use crate::io::validate::travel::MAX_TRAVEL_MIN;
use crate::io::{workbook, InputFiles};
use crate::solver::SolverLimits;
use chrono::NaiveDate;
use std::path::PathBuf;

/// The longest `--time-limit`: a run's deadline must be a point in time the clock can
/// hold, and no incident waits 11 days for a plan.
const MAX_TIME_LIMIT_S: f64 = 1_000_000.0;

/// The most `--notice-days`: dates stay in the calendar's range, and no offer is made
/// ten years ahead.
const MAX_NOTICE_DAYS: u32 = 3650;

/// The most `--threads`: one search worker a thread, each with its own HiGHS models.
const MAX_THREADS: u32 = 256;

/// The cores this machine offers the process (1 when it cannot say).
pub(crate) fn machine_cores() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS as usize) as u32)
}

/// Everything `rebook plan` needs.
#[derive(Debug, Clone)]
pub struct PlanConfig {
    pub inputs: InputFiles,
    pub out: PathBuf,
    pub from: Option<NaiveDate>,
    pub rules: Rules,
    pub limits: SolverLimits,
    pub weights: Weights,
    pub weights_file: Option<PathBuf>,
    /// Patient ids in report.html.
    pub report_identifiers: bool,
    /// `--baseline PLAN_DIR` and `--freeze-days`: re-planning a published plan.
    pub baseline: Option<(PathBuf, u32)>,
}

use crate::app::cli::{InputArgs, PlanArgs, RuleArgs, SolveArgs};
use crate::domain::error::{Error, Result};
use crate::io::input::field::parse_date;

impl InputFiles {
    /// The files of one folder: cases.csv and sessions.csv, and resources.csv and
    /// surgeons.csv when present.
    pub fn in_folder(dir: &std::path::Path) -> InputFiles {
        let optional = |name: &str| Some(dir.join(name)).filter(|p| p.exists());
        InputFiles {
            cases: dir.join("cases.csv"),
            sessions: dir.join("sessions.csv"),
            resources: optional("resources.csv"),
            surgeons: optional("surgeons.csv"),
            columns: None,
            scenario: None,
            travel: optional("travel.csv"),
        }
    }

    /// The sheets of one workbook (`--in book.xlsx`): sheets named cases and sessions,
    /// and resources and surgeons when it has them (names matched as headers are).
    pub fn in_workbook(book: &std::path::Path) -> Result<InputFiles> {
        let names = workbook::sheet_names(book).map_err(|e| Error::Input(vec![e]))?;
        let named = |wanted: &str| {
            names
                .iter()
                .find(|n| n.trim().eq_ignore_ascii_case(wanted))
                .map(|n| PathBuf::from(format!("{}#{n}", book.display())))
        };
        // A missing required sheet is read as named, and refused naming the sheets seen.
        let required = |wanted: &str| {
            named(wanted).unwrap_or_else(|| PathBuf::from(format!("{}#{wanted}", book.display())))
        };
        Ok(InputFiles {
            cases: required("cases"),
            sessions: required("sessions"),
            resources: named("resources"),
            surgeons: named("surgeons"),
            columns: None,
            scenario: None,
            travel: named("travel"),
        })
    }

    /// Resolves the input flags: explicit files win over `--in DIR` (a folder, or a
    /// workbook with a sheet for each file); optional files are taken from the folder
    /// only when present there. One `--scenario` at most (`rebook whatif` takes more and
    /// calls `from_args_each`).
    pub fn from_args(args: &InputArgs) -> Result<InputFiles> {
        if args.scenario.len() > 1 {
            return Err(Error::Usage(
                "give one --scenario; to compare several side by side, use rebook whatif".into(),
            ));
        }
        Ok(InputFiles {
            scenario: args.scenario.first().cloned(),
            ..InputFiles::without_scenario(args)?
        })
    }

    /// The input files of the flags, without their scenarios.
    pub fn without_scenario(args: &InputArgs) -> Result<InputFiles> {
        let folder = match args.input_dir.as_deref() {
            Some(book) if workbook::is_workbook(book) => Some(InputFiles::in_workbook(book)?),
            Some(dir) => Some(InputFiles::in_folder(dir)),
            None => None,
        };
        let required = |given: &Option<PathBuf>, in_dir: Option<&PathBuf>, flag: &str| {
            given
                .clone()
                .or_else(|| in_dir.cloned())
                .ok_or_else(|| Error::Usage(format!("give --{flag} FILE or --in DIR")))
        };
        let optional = |given: &Option<PathBuf>, in_dir: Option<&Option<PathBuf>>| {
            given.clone().or_else(|| in_dir.cloned().flatten())
        };
        let dir = folder.as_ref();
        Ok(InputFiles {
            cases: required(&args.cases, dir.map(|f| &f.cases), "cases")?,
            sessions: required(&args.sessions, dir.map(|f| &f.sessions), "sessions")?,
            resources: optional(&args.resources, dir.map(|f| &f.resources)),
            surgeons: optional(&args.surgeons, dir.map(|f| &f.surgeons)),
            columns: args.columns.clone(),
            scenario: None,
            travel: optional(&args.travel, dir.map(|f| &f.travel)),
        })
    }
}

/// The weights file given with `--weights`, else the defaults.
pub fn weights_from(args: &RuleArgs) -> Result<Weights> {
    match &args.weights {
        Some(path) => Weights::read(path),
        None => Ok(Weights::default()),
    }
}

impl Rules {
    /// The rules the flags and the weights' `hard_deadlines` set.
    pub fn from_args(args: &RuleArgs, weights: &Weights) -> Result<Rules> {
        let defaults = Rules::default();
        let max_fill = args.max_fill.unwrap_or(defaults.max_fill);
        let turnaround = args.turnaround.unwrap_or(defaults.turnaround_min);
        let notice_days = args.notice_days.unwrap_or(defaults.notice_days);
        if !(max_fill > 0.0 && max_fill <= 1.0) {
            return Err(Error::Usage(format!(
                "--max-fill {max_fill} is out of range: give a fraction above 0 and at most 1"
            )));
        }
        if turnaround > 1440 {
            return Err(Error::Usage("--turnaround is more than a day".into()));
        }
        if args.max_travel.is_some_and(|m| m > MAX_TRAVEL_MIN) {
            return Err(Error::Usage(format!(
                "--max-travel is more than {MAX_TRAVEL_MIN} minutes (a day)"
            )));
        }
        if notice_days > MAX_NOTICE_DAYS {
            return Err(Error::Usage(format!(
                "--notice-days {notice_days} is more than {MAX_NOTICE_DAYS} days (ten years)"
            )));
        }
        Ok(Rules {
            turnaround_min: turnaround,
            max_fill,
            notice_days,
            hard_deadlines: PrioritySet::of(&weights.hard_deadlines),
            max_moves: None,
            max_travel_min: args.max_travel,
        })
    }
}

/// Parses `--from`.
pub fn from_date(args: &RuleArgs) -> Result<Option<NaiveDate>> {
    args.from
        .as_deref()
        .map(|text| parse_date(text).map_err(|e| Error::Usage(format!("--from: {e}"))))
        .transpose()
}

impl PlanConfig {
    pub fn from_args(args: &PlanArgs) -> Result<PlanConfig> {
        if args.freeze_days > MAX_NOTICE_DAYS {
            return Err(Error::Usage(format!(
                "--freeze-days {} is more than {MAX_NOTICE_DAYS} days (ten years)",
                args.freeze_days
            )));
        }
        let config = PlanConfig::new(
            InputFiles::from_args(&args.inputs)?,
            args.out.clone(),
            &args.rules,
            &args.solve,
        )?;
        Ok(PlanConfig {
            rules: Rules {
                max_moves: args.max_moves,
                ..config.rules
            },
            baseline: args.baseline.clone().map(|dir| (dir, args.freeze_days)),
            ..config
        })
    }

    /// The settings of a plan from scratch of `inputs` into `out`.
    pub fn new(
        inputs: InputFiles,
        out: PathBuf,
        rules: &RuleArgs,
        solve: &SolveArgs,
    ) -> Result<PlanConfig> {
        if !(solve.time_limit.is_finite() && solve.time_limit > 0.0) {
            return Err(Error::Usage(
                "--time-limit must be a positive number of seconds".into(),
            ));
        }
        if solve.time_limit > MAX_TIME_LIMIT_S {
            return Err(Error::Usage(format!(
                "--time-limit {} is more than {MAX_TIME_LIMIT_S} seconds (about 11 days)",
                solve.time_limit
            )));
        }
        if !(solve.gap.is_finite() && solve.gap >= 0.0) {
            return Err(Error::Usage(
                "--gap must be 0 or more (0.005 = 0.5%)".into(),
            ));
        }
        let threads = solve.threads.unwrap_or_else(machine_cores);
        if !(1..=MAX_THREADS).contains(&threads) {
            return Err(Error::Usage(format!(
                "--threads must be from 1 to {MAX_THREADS}"
            )));
        }
        let weights = weights_from(rules)?;
        Ok(PlanConfig {
            inputs,
            out,
            from: from_date(rules)?,
            rules: Rules::from_args(rules, &weights)?,
            limits: SolverLimits {
                time_limit_s: solve.time_limit,
                gap: solve.gap,
                threads,
            },
            weights,
            weights_file: rules.weights.clone(),
            report_identifiers: solve.report_identifiers,
            baseline: None,
        })
    }
}
