//! Reading the inputs for every subcommand that plans or checks: the files read and
//! validated into a `Problem` (`io::validate`), a re-plan's published plan attached
//! (`io::baseline`, `rules::freeze`), then the locked bookings held to the hard rules
//! (`rules::locked`).

use crate::app::cli::{InputArgs, RuleArgs};
use crate::app::config::{from_date, weights_from};
use crate::app::warn;
use crate::domain::error::{Error, Result};
use crate::domain::weights::Weights;
use crate::domain::{Problem, Rules};
use crate::io::baseline::RemovedBooking;
use crate::io::scenario::Scenario;
use crate::io::validate::{self, InputBytes, Loaded};
use crate::io::InputFiles;
use crate::rules::freeze;
use crate::rules::locked::check_locked;
use chrono::NaiveDate;
use std::path::PathBuf;

/// Reads and validates the input files. `from` is `--from`; without it the planning
/// starts on the first session date.
pub fn load(files: &InputFiles, from: Option<NaiveDate>, rules: &Rules) -> Result<Loaded> {
    locked_kept(validate::load(files, from, rules)?, rules)
}

/// A re-plan's starting point: the published plan attached to the new inputs.
pub struct Replan {
    /// The baseline folder as given.
    pub baseline: String,
    pub freeze_days: u32,
    /// Published bookings whose case is no longer in cases.csv.
    pub removed: Vec<RemovedBooking>,
    /// Notified bookings inside the freeze window, kept in their list.
    pub frozen: usize,
    /// The same inputs without the baseline: planned too, for the price of keeping it.
    pub scratch: Problem,
}

/// `load`, then, with `--baseline DIR` (and its `--freeze-days`), the published plan
/// read and attached to the cases, and the freeze window's bookings locked
/// (`rules::freeze`) before the locked bookings are checked.
pub fn load_with_baseline(
    files: &InputFiles,
    from: Option<NaiveDate>,
    rules: &Rules,
    baseline: Option<&(PathBuf, u32)>,
) -> Result<(Loaded, Option<Replan>)> {
    let Some((dir, freeze_days)) = baseline else {
        return Ok((load(files, from, rules)?, None));
    };
    // Both read before either is refused: every error in one run.
    let loaded = validate::load(files, from, rules);
    let published = crate::io::baseline::read(dir);
    let (mut loaded, published) = Error::both(loaded, published)?;
    let scratch = loaded.problem.clone();
    let removed =
        crate::io::baseline::attach(&mut loaded, &published).map_err(|e| loaded.in_cells(e))?;
    let frozen = freeze::apply(&mut loaded.problem, rules, *freeze_days);
    let loaded = locked_kept(loaded, rules)?;
    Ok((
        loaded,
        Some(Replan {
            baseline: dir.display().to_string(),
            freeze_days: *freeze_days,
            removed,
            frozen,
            scratch,
        }),
    ))
}

/// The input and rule flags of a subcommand that reads a backlog without planning it
/// (`validate`, `model`): the files read and validated, warnings printed, with the
/// rules and weights the flags give.
pub fn load_from_flags(inputs: &InputArgs, rules: &RuleArgs) -> Result<(Loaded, Rules, Weights)> {
    let files = InputFiles::from_args(inputs)?;
    let weights = weights_from(rules)?;
    let checked = Rules::from_args(rules, &weights)?;
    let loaded = load(&files, from_date(rules)?, &checked)?;
    warn(&loaded.warnings);
    Ok((loaded, checked, weights))
}

/// The inputs as they are and changed by each scenario (`rebook whatif`): the files
/// read and validated once, then each scenario applied to them and its result
/// validated. Every problem of every scenario is reported together.
pub fn load_scenarios(
    files: &InputFiles,
    scenarios: &[PathBuf],
    from: Option<NaiveDate>,
    rules: &Rules,
) -> Result<(Loaded, Vec<Loaded>)> {
    let mut read_scenarios = Ok(Vec::new());
    for path in scenarios {
        read_scenarios = Error::both(read_scenarios, Scenario::read(path)).map(|(mut all, one)| {
            all.push(one);
            all
        });
    }
    let (read, read_scenarios) = Error::both(validate::read(files), read_scenarios)?;
    let base = locked_kept(read.parse(from, rules)?, rules)?;
    let mut changed = Ok(Vec::new());
    for scenario in read_scenarios {
        let loaded = validate::with_scenario(&read, &base, scenario, from, rules)
            .and_then(|loaded| locked_kept(loaded, rules));
        changed = Error::both(changed, loaded).map(|(mut all, one)| {
            all.push(one);
            all
        });
    }
    Ok((base, changed?))
}

/// Validates input files already in memory.
pub fn parse(files: &InputBytes, from: Option<NaiveDate>, rules: &Rules) -> Result<Loaded> {
    locked_kept(validate::parse(files, from, rules)?, rules)
}

fn locked_kept(loaded: Loaded, rules: &Rules) -> Result<Loaded> {
    check_locked(
        &loaded.problem,
        rules,
        &loaded.cases_file,
        &loaded.case_lines,
    )
    .map_err(|e| loaded.in_cells(e))?;
    Ok(loaded)
}
