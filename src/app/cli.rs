//! Command-line flags as typed, before any checking (see `config` for that).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Reschedule cancelled elective surgery into theatre sessions.
#[derive(Debug, Parser)]
#[command(name = "rebook", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Plan a backlog: writes schedule.csv, unscheduled.csv, summary.json, report.html
    /// and plan.xlsx into --out.
    Plan(PlanArgs),
    /// Draw report.html again from a plan's folder (schedule.csv, unscheduled.csv,
    /// summary.json).
    Report(ReportArgs),
    /// Check the input files only, and print a profile of the backlog.
    Validate(ValidateArgs),
    /// Re-check a schedule against every hard rule: exit 0 valid, 3 not, 2 invalid input.
    Check(CheckArgs),
    /// Print the default objective weights as a ready-to-edit TOML file.
    Weights,
    /// Print a column map to fill in (--columns): every input field and its meaning.
    Columns,
    /// Write a realistic, reproducible scenario in the input format.
    Generate(GenerateArgs),
    /// Write the whole MILP for another solver (MPS or LP) and a table of its columns.
    Model(ModelArgs),
    /// Compare two plans' folders: what changed for each case, as changes.csv.
    Diff(DiffArgs),
    /// Plan the inputs as they are and under each --scenario, side by side: a plan
    /// folder each, and compare.csv and compare.html.
    Whatif(WhatifArgs),
    /// Compare plans already written: compare.csv and compare.html from their folders.
    Compare(CompareArgs),
    /// Convert another format into rebook's input files.
    #[command(subcommand)]
    Import(ImportFormat),
}

#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// An IHTC-2024 competition instance (JSON): writes cases.csv, sessions.csv,
    /// surgeons.csv and weights.toml whose objective is the competition's surgical cost.
    Ihtc(IhtcArgs),
}

#[derive(Debug, Args)]
pub struct IhtcArgs {
    /// The instance file (e.g. i01.json).
    #[arg(value_name = "INSTANCE.json")]
    pub instance: PathBuf,
    /// Folder to write the files into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Where the input files are.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Folder holding cases.csv, sessions.csv and, if present, resources.csv and
    /// surgeons.csv; or a workbook (.xlsx, .xls, .ods) with sheets of those names.
    #[arg(long = "in", value_name = "DIR")]
    pub input_dir: Option<PathBuf>,
    /// The backlog of cases to (re)book [default: DIR/cases.csv]. A workbook's first
    /// sheet, or FILE.xlsx#SHEET; the same for the files below.
    #[arg(long, value_name = "FILE")]
    pub cases: Option<PathBuf>,
    /// Theatre sessions [default: DIR/sessions.csv].
    #[arg(long, value_name = "FILE")]
    pub sessions: Option<PathBuf>,
    /// Daily counted resources (optional) [default: DIR/resources.csv if present].
    #[arg(long, value_name = "FILE")]
    pub resources: Option<PathBuf>,
    /// Surgeons' daily operating limits (optional) [default: DIR/surgeons.csv if present].
    #[arg(long, value_name = "FILE")]
    pub surgeons: Option<PathBuf>,
    /// Travel times between sites, for mutual aid (optional) [default: DIR/travel.csv if
    /// present].
    #[arg(long, value_name = "FILE")]
    pub travel: Option<PathBuf>,
    /// A column map (TOML): your system's headers and values mapped to rebook's, so an
    /// export is read as it comes (`rebook columns` prints a template).
    #[arg(long, value_name = "MAP")]
    pub columns: Option<PathBuf>,
    /// A what-if scenario (TOML): changes to these inputs by date, in the users' words
    /// (a resource back on a date, theatres closed, extra lists, a surgeon away, ...).
    /// `rebook whatif` takes it more than once.
    #[arg(long, value_name = "FILE.toml")]
    pub scenario: Vec<PathBuf>,
}

/// Settings that change which bookings are allowed. Optional, so that `check --plan`
/// can tell a flag given from one left to the plan's own setting.
#[derive(Debug, Clone, Args)]
pub struct RuleArgs {
    /// Planning start (YYYY-MM-DD or DD/MM/YYYY); sessions before it are not used
    /// [default: the first session date].
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Changeover minutes after each case, for sessions without turnaround_min
    /// [default: 15].
    #[arg(long, value_name = "MINUTES")]
    pub turnaround: Option<u32>,
    /// Fraction of each session's minutes that may be booked (0 < F <= 1) [default: 1].
    #[arg(long, value_name = "F")]
    pub max_fill: Option<f64>,
    /// Mutual aid: the most minutes of travel from a case's home site, for every case
    /// (a row's own max_travel_min, when lower, holds; 0: nobody travels) [default: the
    /// rows' own limits; without one, the home trust's sites only].
    #[arg(long, value_name = "MINUTES")]
    pub max_travel: Option<u32>,
    /// Minimum days of notice for new P3/P4 bookings, counted from the planning start
    /// [default: 0].
    #[arg(long, value_name = "DAYS")]
    pub notice_days: Option<u32>,
    /// Objective weights (TOML; see `rebook weights`). Its `hard_deadlines` also decide
    /// which bookings are allowed, so `validate` and `check` take it too.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Folder to write the plan into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub solve: SolveArgs,
    /// Re-plan against a published plan: the folder holding its schedule.csv. Also
    /// writes changes.csv and contacts.csv.
    #[arg(long, value_name = "PLAN_DIR")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: notified bookings dated within this many days of the planning
    /// start are kept, unless the new inputs make them impossible.
    #[arg(long, value_name = "DAYS", default_value_t = 7, requires = "baseline")]
    pub freeze_days: u32,
    /// With --baseline: at most K notified bookings changed by choice (forced changes
    /// apart), a hard cap on top of the [disruption] weights.
    #[arg(long, value_name = "K", requires = "baseline")]
    pub max_moves: Option<usize>,
}

/// How long and how hard to plan.
#[derive(Debug, Args)]
pub struct SolveArgs {
    /// Wall-clock budget for the whole run, in seconds (`whatif`: for each plan).
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub time_limit: f64,
    /// Relative optimality gap at which the solver may stop.
    #[arg(long, value_name = "GAP", default_value_t = 0.005)]
    pub gap: f64,
    /// Cores the planner may use: 1 runs everything on one core; with more, one proves
    /// the bound while the others search (`whatif`: plans run side by side, a core
    /// each) [default: the machine's cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<u32>,
    /// Show patient ids in report.html (left out by default).
    #[arg(long)]
    pub report_identifiers: bool,
}

#[derive(Debug, Args)]
pub struct WhatifArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Folder to write into: a subfolder per plan (base, and each scenario file's name),
    /// and compare.csv and compare.html.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub solve: SolveArgs,
    /// Plans run at the same time, the cores shared among them: 1 plans one after
    /// another with every core (each plan proves a tighter bound, the run takes longer)
    /// [default: as many as the cores].
    #[arg(long, value_name = "N")]
    pub at_once: Option<usize>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The plans' folders, as written by `rebook plan` or `rebook whatif`; the first is
    /// the reference.
    #[arg(value_name = "PLAN_DIR", required = true, num_args = 2..)]
    pub plans: Vec<PathBuf>,
    /// Folder to write compare.csv and compare.html into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The plan's folder, as written by `rebook plan --out`.
    #[arg(long = "in", value_name = "DIR")]
    pub plan: PathBuf,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Show patient ids in the report (left out by default).
    #[arg(long)]
    pub report_identifiers: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Scenario kind: `incident` (a pathology outage after a cyber attack at one trust),
    /// `region` (several trusts hit at once, each with its own sites, surgeons and
    /// laboratory: independent parts that rebook plans side by side) or `mutual-aid`
    /// (one or two trusts of a region without blood for weeks, the others lending lists;
    /// patients' home sites and travel limits, and travel.csv).
    #[arg(long, default_value = "incident")]
    pub scenario: String,
    /// Number of trusts in a `region` or `mutual-aid` scenario (1 to 26) [default: 4].
    #[arg(long, value_name = "N")]
    pub trusts: Option<usize>,
    /// Number of cases in the backlog.
    #[arg(long, value_name = "N", default_value_t = 1700)]
    pub cases: usize,
    /// Random seed: the same seed gives the same files.
    #[arg(long, value_name = "S", default_value_t = 2024)]
    pub seed: u64,
    /// First planning day (a Monday is best) [default: 2024-07-01].
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Demand over the specialties' theatre minutes (turnaround included), e.g. 0.7,
    /// 0.9, 1.1 [default: 1.05, lists for about 95% of the demand].
    #[arg(long, value_name = "F")]
    pub load: Option<f64>,
    /// Priority mix: standard, urgent (a third P2, more P1) or routine (mostly P4).
    #[arg(long, value_name = "MIX", default_value = "standard")]
    pub mix: String,
    /// List length: mixed (all-day lists for orthopaedics, ophthalmology and cardiac
    /// surgery, half days for the rest), half-day or all-day.
    #[arg(long, value_name = "LENGTH", default_value = "mixed")]
    pub lists: String,
    /// Share of the specialties' lists open to any specialty (0 to 1).
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    pub open_lists: f64,
    /// Share of cases waiting for a named consultant (0 to 1).
    #[arg(long, value_name = "F", default_value_t = 0.7)]
    pub named_surgeons: f64,
    /// Share of a consultant's working days on call, operating half a day (0 to 1).
    #[arg(long, value_name = "F", default_value_t = 0.08)]
    pub on_call: f64,
    /// Weeks the laboratory is down from the first day (no cross-matched blood).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub outage_weeks: i64,
    /// Horizon in weeks (1 to 52) [default: from the backlog's size, 6 to 13].
    #[arg(long, value_name = "N")]
    pub weeks: Option<i64>,
    /// Specialties with no lists at all (0 to 8): their cases can go to open lists only.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub unstaffed: usize,
    /// Folder to write cases.csv, sessions.csv, resources.csv and surgeons.csv into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Instead of a new scenario, the inputs of --in a few days on, after an event:
    /// advance (the clock only), lab-early, lab-late, surgeon-away, theatre-closed,
    /// more-cancellations, patients-declining. Needs --in and --baseline.
    #[arg(long, value_name = "KIND", requires_all = ["input_dir", "baseline"])]
    pub event: Option<String>,
    /// With --event: the inputs the published plan was made from.
    #[arg(long = "in", value_name = "DIR")]
    pub input_dir: Option<PathBuf>,
    /// With --event: the published plan (its schedule.csv).
    #[arg(long, value_name = "PLAN_DIR")]
    pub baseline: Option<PathBuf>,
    /// With --event: the planning start the plan was made from [default: the first
    /// list's date].
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// With --event: days the clock moves on; lists before the new start are past and
    /// cases booked before it are done.
    #[arg(long, value_name = "D", default_value_t = 7)]
    pub advance_days: i64,
    /// With --event: days the laboratory moves (lab-early, lab-late: 7), the surgeon is
    /// away (14) or the theatre closed (3).
    #[arg(long, value_name = "N")]
    pub days: Option<i64>,
    /// With --event: share of the backlog arriving again (more-cancellations: 0.1) or of
    /// booked patients declining (patients-declining: 0.05).
    #[arg(long, value_name = "F")]
    pub share: Option<f64>,
    /// With --event lab-early or lab-late: the laboratory's resource.
    #[arg(long, value_name = "NAME", default_value = "xmatch_blood")]
    pub resource: String,
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// The model file: FILE.mps or FILE.lp; the columns' table goes beside it as
    /// FILE-columns.csv (each pair's column, case, priority and session).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier plan's folder (its schedule.csv).
    #[arg(value_name = "OLD_PLAN_DIR")]
    pub old: PathBuf,
    /// The later plan's folder (its schedule.csv; its unscheduled.csv, when present,
    /// tells a dropped booking from a case no longer planned at all).
    #[arg(value_name = "NEW_PLAN_DIR")]
    pub new: PathBuf,
    /// The changes file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// A plan's folder: its schedule.csv and unscheduled.csv are checked under the
    /// settings in its summary.json (planning start, turnaround, fill cap, notice,
    /// weights); flags given explicitly win over them.
    #[arg(long, value_name = "DIR")]
    pub plan: Option<PathBuf>,
    /// The schedule to check (schedule.csv as written by `rebook plan`, or by hand)
    /// [default: DIR/schedule.csv with --plan].
    #[arg(long, value_name = "FILE")]
    pub schedule: Option<PathBuf>,
    /// The unbooked cases; with it, every case must be in exactly one of the two files
    /// [default: DIR/unscheduled.csv with --plan].
    #[arg(long, value_name = "FILE")]
    pub unscheduled: Option<PathBuf>,
    /// The published plan the schedule re-plans: an unforced change to a notified
    /// booking inside the freeze window, and a moved patient's notice, are broken rules.
    #[arg(long, value_name = "PLAN_DIR")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: the freeze window, in days from the planning start.
    #[arg(long, value_name = "DAYS", default_value_t = 7, requires = "baseline")]
    pub freeze_days: u32,
    /// With --baseline: at most K notified bookings changed by choice (forced changes
    /// apart), a hard cap on top of the [disruption] weights.
    #[arg(long, value_name = "K", requires = "baseline")]
    pub max_moves: Option<usize>,
}
