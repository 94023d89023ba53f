//! rebook: reschedule cancelled elective surgery into theatre lists with mixed-integer
//! programming.
//!
//! The layers, from the bottom up; each imports only those below it (checked by
//! `tests/layers.rs`):
//! `domain` (cases, lists, weights, deadlines) → `io` (input tables, validation, the
//! plan's files) → `rules` (eligibility, capacity, the independent checker) → `pricing`
//! (what a decision costs) → `model` (the MILPs; the only user of good_lp) → `solver`
//! (everything that searches or bounds) → `explain` (the finished plan and its reasons)
//! → `output` (CSV, JSON, HTML, terminal), `import`, `generate` → `app` (one file per
//! subcommand). This file dispatches the subcommands and names the library's public
//! surface: load, plan, check, and the types they take and return.

mod app;
mod domain;
mod explain;
mod generate;
mod import;
mod io;
mod model;
mod output;
mod pricing;
mod rules;
mod solver;

pub use app::cli::Cli;
pub use app::inputs::{load, parse};
pub use app::plan::plan;
pub use domain::error::{Error, InputError, Result};
pub use domain::weights::{PerPriority, WaitFrom, Weights};
pub use domain::{
    Booking, Case, DateRange, Name, Priority, PrioritySet, Problem, ResourceLimit, Rules, Session,
    SessionSpecialty,
};
pub use explain::Plan;
pub use io::validate::{InputBytes, Loaded};
pub use io::InputFiles;
pub use rules::check::files::check_files;
pub use rules::check::{check, Violation};
pub use solver::highs::SolverStatus;
pub use solver::result::{BoundSource, PlanSource, SolverReport};
pub use solver::SolverLimits;

use app::cli::{Command, ImportFormat};
use app::config::PlanConfig;

/// Runs one command; what it prints for the user goes to stdout, warnings to stderr.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Plan(args) => app::plan::run(&PlanConfig::from_args(&args)?),
        Command::Validate(args) => app::validate::run(&args),
        Command::Check(args) => app::check::run(&args),
        Command::Report(args) => app::report::run(&args),
        Command::Weights => app::print(&Weights::default_file()),
        Command::Columns => app::print(&io::column_map::template()),
        Command::Import(ImportFormat::Ihtc(args)) => app::import::run(&args),
        Command::Generate(args) => app::generate::run(&args),
        Command::Model(args) => app::model::run(&args),
        Command::Diff(args) => app::diff::run(&args),
        Command::Whatif(args) => app::whatif::run(&args),
        Command::Compare(args) => app::whatif::compare_folders(&args),
    }
}
