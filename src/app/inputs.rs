//! Reading the inputs for every subcommand that plans or checks: the files read and
//! validated into a `Problem` (`io::validate`), then the locked bookings held to the
//! hard rules (`rules::locked`).

use crate::app::cli::{InputArgs, RuleArgs};
use crate::app::config::{from_date, weights_from};
use crate::app::warn;
use crate::domain::error::Result;
use crate::domain::weights::Weights;
use crate::domain::Rules;
use crate::io::validate::{self, InputBytes, Loaded};
use crate::io::InputFiles;
use crate::rules::locked::check_locked;
use chrono::NaiveDate;

/// Reads and validates the input files. `from` is `--from`; without it the planning
/// starts on the first session date.
pub fn load(files: &InputFiles, from: Option<NaiveDate>, rules: &Rules) -> Result<Loaded> {
    locked_kept(validate::load(files, from, rules)?, rules)
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
    )?;
    Ok(loaded)
}
