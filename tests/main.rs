//! The integration tests: the binary run on files. One binary; shared helpers in `util`
//! and `scenario`. The model and the solver's steps are unit tests in `src/solver/tests`.

mod scenario;
mod util;

mod checker;
mod cli;
mod costs;
mod error_messages;
mod hostile;
mod ihtc;
mod layers;
mod mutual_aid;
mod replan;
mod replan_events;
mod report;
mod whatif;
mod workbook;
