//! `rebook import ihtc`: an IHTC-2024 competition instance written as input files.

use crate::app::cli::IhtcArgs;
use crate::app::{print, warn};
use crate::domain::error::{Error, InputError, Result};
use crate::import;
use crate::io::file_set::write_all;
use crate::io::input::table::display_name;

pub fn run(args: &IhtcArgs) -> Result<()> {
    let name = display_name(&args.instance);
    let text = std::fs::read_to_string(&args.instance).map_err(|e| {
        Error::Input(vec![InputError::file(
            &name,
            format!("cannot be read: {e}"),
        )])
    })?;
    let imported = import::ihtc::import(&name, &text)?;
    write_all(&args.out, &imported.rendered)?;
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
