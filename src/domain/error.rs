//! The errors a run can end with, and the exit code each maps to.

use std::fmt;
use std::path::PathBuf;

/// One problem found in an input file, located as a text editor shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// File name as the user gave it (for messages, the base name).
    pub file: String,
    /// Physical line, header = 1; `None` when the problem concerns the whole file.
    pub line: Option<u64>,
    /// Column header, when one column is at fault.
    pub column: Option<String>,
    /// What is wrong, in plain words (the value is quoted inside when relevant).
    pub message: String,
}

impl InputError {
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        InputError {
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(file: &str, line: u64, column: Option<&str>, message: impl Into<String>) -> Self {
        InputError {
            file: file.to_string(),
            line: Some(line),
            column: column.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(column) = &self.column {
            write!(f, "column {column}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input files are invalid; every problem found is listed.
    #[error("{}", input_report(.0, ""))]
    Input(Vec<InputError>),
    /// A flag or option is wrong.
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The solver failed in a way the fallback could not cover.
    #[error("solver failed: {0}")]
    Solver(String),
    /// `rebook check` found broken rules (they were printed).
    #[error("the schedule breaks {0} hard rule(s)")]
    CheckFailed(usize),
    /// The plan about to be written broke a hard rule (a bug: nothing was written).
    #[error("internal error: the plan failed the independent check, nothing was written:\n{0}")]
    PlanRejected(String),
}

/// Every problem on its own line, then the count (after `last_prefix`).
fn input_report(errors: &[InputError], last_prefix: &str) -> String {
    let mut text = String::new();
    for error in errors {
        text.push_str(&error.to_string());
        text.push('\n');
    }
    let count = errors.len();
    text.push_str(&format!(
        "{last_prefix}invalid input: {count} problem{} found, nothing written",
        if count == 1 { "" } else { "s" }
    ));
    text
}

impl Error {
    /// Two results read side by side: both values, or every input error of both (one
    /// run reports all of them), or the first other error.
    pub fn both<A, B>(a: Result<A>, b: Result<B>) -> Result<(A, B)> {
        match (a, b) {
            (Ok(a), Ok(b)) => Ok((a, b)),
            (Err(Error::Input(mut a)), Err(Error::Input(mut b))) => {
                a.append(&mut b);
                Err(Error::Input(a))
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// What the user sees on stderr: every input problem on its own line, then one
    /// `error:` line.
    pub fn report(&self) -> String {
        match self {
            Error::Input(errors) => input_report(errors, "error: "),
            other => format!("error: {other}"),
        }
    }

    /// The process exit code for this error (README, "Exit codes": 2 invalid input or usage, 1 other;
    /// `rebook check`: 3 when the schedule breaks a rule).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) => 2,
            Error::CheckFailed(_) => 3,
            Error::Io { .. } | Error::Solver(_) | Error::PlanRejected(_) => 1,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
