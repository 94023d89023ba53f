//! Files in and out, and nothing about planning: the input tables and their cell formats
//! (`input`), rows into the domain `Problem` with every error collected (`validate`),
//! the published plan a re-plan starts from (`baseline`),
//! the weights file (`weights_file`), the plan's files as written (`plan_files`: their
//! columns, the spreadsheet guard), and writing files as a set (`file_set`).

pub mod baseline;
pub mod column_map;
pub mod edit;
pub mod file_set;
pub mod input;
pub mod plan_files;
pub mod scenario;
pub mod validate;
pub mod weights_file;
pub mod workbook;

use crate::domain::error as domain_error;
use std::path::PathBuf;

/// The input files of one run.
#[derive(Debug, Clone)]
pub struct InputFiles {
    pub cases: PathBuf,
    pub sessions: PathBuf,
    pub resources: Option<PathBuf>,
    pub surgeons: Option<PathBuf>,
    /// `--columns MAP.toml`: the export's headers and values mapped to rebook's.
    pub columns: Option<PathBuf>,
    /// `--scenario FILE.toml`: the inputs changed by a what-if scenario.
    pub scenario: Option<PathBuf>,
    /// travel.csv: travel times between sites (mutual aid).
    pub travel: Option<PathBuf>,
}

/// A file's bytes; an error names the file as `name` and says why it cannot be read.
pub fn read_file(path: &std::path::Path, name: &str) -> Result<Vec<u8>, domain_error::InputError> {
    std::fs::read(path)
        .map_err(|e| domain_error::InputError::file(name, format!("cannot be read: {e}")))
}
