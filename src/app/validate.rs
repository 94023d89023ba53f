//! `rebook validate`: the input files checked, and a profile of the backlog printed.

use crate::app::cli::ValidateArgs;
use crate::app::{inputs, print};
use crate::domain::error::Result;
use crate::output::profile;

pub fn run(args: &ValidateArgs) -> Result<()> {
    let (loaded, _, _) = inputs::load_from_flags(&args.inputs, &args.rules)?;
    print(&profile::render(&loaded.problem))
}
