//! `rebook report`: report.html drawn again from a plan's folder.

use crate::app::cli::ReportArgs;
use crate::app::print;
use crate::domain::error::{Error, InputError, Result};
use crate::io::file_set::{write_all, Rendered};
use crate::io::read_file;
use crate::output::report;

/// `rebook report`: report.html again from a plan's folder.
pub fn run(args: &ReportArgs) -> Result<()> {
    let mut errors = Vec::new();
    let mut read = |name: &str| {
        let path = args.plan.join(name);
        read_file(&path, &path.display().to_string()).unwrap_or_else(|e| {
            errors.push(e);
            Vec::new()
        })
    };
    let (schedule, unscheduled, summary) = (
        read("schedule.csv"),
        read("unscheduled.csv"),
        read("summary.json"),
    );
    // A re-plan's folder also holds its changes.
    let changes = args
        .plan
        .join("changes.csv")
        .exists()
        .then(|| read("changes.csv"));
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let files = report::PlanFiles {
        schedule: &schedule,
        unscheduled: &unscheduled,
        summary: &summary,
        changes: changes.as_deref(),
    };
    let html = report::render(&files, args.report_identifiers)
        .map_err(|e| Error::Input(vec![InputError::file(&args.plan.display().to_string(), e)]))?;
    let (dir, name) = match (args.out.parent(), args.out.file_name()) {
        (Some(dir), Some(name)) => (dir, name.to_string_lossy().to_string()),
        _ => {
            return Err(Error::Usage(format!(
                "--out {}: give a file name for the report",
                args.out.display()
            )))
        }
    };
    let dir = if dir.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        dir
    };
    write_all(
        dir,
        &Rendered {
            files: vec![(name, html.into_bytes())],
        },
    )?;
    print(&format!("report written to {}\n", args.out.display()))
}
