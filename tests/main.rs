//! The integration tests: one binary, shared helpers in `util`.

mod util;

mod checker;
mod cli;
mod components;
mod error_messages;
mod hard_rules;
mod hostile;
mod improve;
mod properties;
mod report;
