//! report.html: the plan at a glance for a scheduler and a manager. Drawn from the plan's
//! own files (schedule.csv, unscheduled.csv, summary.json), so `rebook plan` and
//! `rebook report --in DIR` give the same page. Self-contained: inline CSS and SVG, a
//! little script for week navigation and sorting, nothing fetched.
//!
//! Privacy: patient ids appear only with `--report-identifiers`; NHS numbers never
//! (the plan's files do not carry them).

mod assets;
mod charts;
pub mod data;
pub mod html;
mod text;

/// Draws the report from the bytes of a plan's three files.
pub fn render(
    schedule: &[u8],
    unscheduled: &[u8],
    summary: &[u8],
    identifiers: bool,
) -> Result<String, String> {
    let plan = data::read(schedule, unscheduled, summary)?;
    Ok(html::page(&plan, identifiers))
}
