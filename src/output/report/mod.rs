//! report.html: the plan at a glance for a scheduler and a manager. Drawn from the plan's
//! own files (schedule.csv, unscheduled.csv, summary.json, and a re-plan's changes.csv),
//! so `rebook plan` and
//! `rebook report --in DIR` give the same page. Self-contained: inline CSS and SVG, a
//! little script for week navigation and sorting, nothing fetched.
//!
//! Privacy: patient ids appear only with `--report-identifiers`; NHS numbers never
//! (the plan's files do not carry them).

mod assets;
pub(crate) mod charts;
pub mod data;
pub mod html;
pub(crate) mod text;

/// The report's stylesheet, for compare.html too.
pub(crate) use assets::STYLE;
/// The priority colours of report.html, for plan.xlsx too.
pub(crate) use text::COLOURS as PRIORITY_COLOURS;

/// The bytes of a plan's files, as written.
pub struct PlanFiles<'a> {
    pub schedule: &'a [u8],
    pub unscheduled: &'a [u8],
    pub summary: &'a [u8],
    /// A re-plan's changes.csv.
    pub changes: Option<&'a [u8]>,
}

/// Draws the report from the bytes of a plan's files.
pub fn render(files: &PlanFiles, identifiers: bool) -> Result<String, String> {
    let plan = data::read(
        files.schedule,
        files.unscheduled,
        files.summary,
        files.changes,
    )?;
    Ok(html::page(&plan, identifiers))
}
