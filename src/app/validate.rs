//! `rebook validate`: the input files checked, and a profile of the backlog printed.

use crate::app::cli::ValidateArgs;
use crate::app::config::{from_date, weights_from};
use crate::app::{inputs, print, warn};
use crate::domain::error::Result;
use crate::domain::Rules;
use crate::io::InputFiles;
use crate::output::profile;

pub fn run(args: &ValidateArgs) -> Result<()> {
    let files = InputFiles::from_args(&args.inputs)?;
    let weights = weights_from(&args.rules)?;
    let rules = Rules::from_args(&args.rules, &weights)?;
    let loaded = inputs::load(&files, from_date(&args.rules)?, &rules)?;
    warn(&loaded.warnings);
    print(&profile::render(&loaded.problem))
}
