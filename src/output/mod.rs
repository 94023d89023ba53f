//! Writing a plan: schedule.csv, unscheduled.csv, summary.json and the terminal summary.
//! Every file is written to a temporary name and renamed into place, and every CSV cell
//! is made safe to open in a spreadsheet.

pub mod profile;
pub mod summary;
pub mod tables;
pub mod terminal;

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// A cell that a spreadsheet would run as a formula gets a leading `'`.
pub fn excel_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A cell as written by `excel_safe`, with its guard removed.
pub fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// The files of one plan, rendered in memory before anything touches the disk.
pub struct Rendered {
    pub files: Vec<(String, Vec<u8>)>,
}

/// Writes every file into `dir` (created if missing): each to a temporary file first,
/// then renamed, so an interrupted run never leaves a half-written file.
pub fn write_all(dir: &Path, rendered: &Rendered) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut staged = Vec::new();
    for (name, bytes) in &rendered.files {
        let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(bytes)?;
            file.sync_all()
        };
        if let Err(e) = write() {
            let _ = std::fs::remove_file(&temporary);
            for (path, _) in &staged {
                let _ = std::fs::remove_file(path);
            }
            return Err(Error::io(&temporary, e));
        }
        staged.push((temporary, dir.join(name)));
    }
    for (temporary, path) in &staged {
        std::fs::rename(temporary, path).map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for cell in ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"] {
            assert!(excel_safe(cell).starts_with('\''), "{cell}");
        }
        assert_eq!(excel_safe("C-12"), "C-12");
    }
}
