//! Other formats read into rebook's input files (`rebook import FORMAT ...`).

pub mod ihtc;
