//! The integration tests: one binary, shared helpers in `util`.

mod util;

mod checker;
mod cli;
mod components;
mod costs;
mod error_messages;
mod hard_rules;
mod hostile;
mod ihtc;
mod improve;
mod packing;
mod properties;
mod report;
mod unbooked_floor;
