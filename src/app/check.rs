//! `rebook check`: a schedule file verified against every hard rule, from the input files.

use crate::app::cli::CheckArgs;
use crate::app::config::{from_date, weights_from};
use crate::app::{inputs, print, warn};
use crate::domain::error::{Error, InputError, Result};
use crate::domain::Rules;
use crate::io::input::table::display_name;
use crate::io::InputFiles;
use crate::rules::check::files::check_files;

pub fn run(args: &CheckArgs) -> Result<()> {
    let files = InputFiles::from_args(&args.inputs)?;
    let weights = weights_from(&args.rules)?;
    let rules = Rules::from_args(&args.rules, &weights)?;
    let loaded = inputs::load(&files, from_date(&args.rules)?, &rules)?;
    warn(&loaded.warnings);
    let read = |path: &std::path::Path| -> Result<(String, Vec<u8>)> {
        let name = display_name(path);
        std::fs::read(path)
            .map(|bytes| (name.clone(), bytes))
            .map_err(|e| {
                Error::Input(vec![InputError::file(
                    &name,
                    format!("cannot be read: {e}"),
                )])
            })
    };
    let schedule = read(&args.schedule)?;
    let unscheduled = args.unscheduled.as_deref().map(read).transpose()?;
    let violations = check_files(
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
