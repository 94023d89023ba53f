//! The subcommands, one file each: each turns checked settings (`config`, from the raw
//! flags of `cli`) into calls on the layers below, and prints for the user.

pub mod check;
pub mod cli;
pub mod config;
pub mod diff;
pub mod generate;
pub mod import;
pub mod inputs;
pub mod model;
pub mod plan;
pub mod report;
pub mod validate;
pub mod whatif;

use crate::domain::error::{Error, Result};
use std::io::Write;

/// Prints to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}

/// Prints each warning on stderr.
pub(crate) fn warn(warnings: &[String]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
}
