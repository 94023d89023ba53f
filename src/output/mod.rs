//! What a plan shows its users: schedule.csv and unscheduled.csv (`tables`), a re-plan's
//! changes.csv and contacts.csv (`changes`), summary.json
//! (`summary`), report.html (`report`), plan.xlsx (`workbook`), plans side by side
//! (`compare`: compare.csv and compare.html), summary.json's mutual aid (`mutual_aid`), the terminal summary (`terminal`) and the
//! backlog profile of `rebook validate` (`profile`). The files' columns, the spreadsheet
//! guard and the writing of the files as a set are `io::plan_files`.

pub mod changes;
pub mod compare;
pub mod mutual_aid;
pub mod profile;
pub mod report;
pub mod summary;
pub mod tables;
pub mod terminal;
pub mod workbook;
