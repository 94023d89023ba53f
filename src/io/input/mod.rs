//! Reading the users' CSV exports: files into rows with their positions kept, and the
//! cell formats of the data contract (dates, times, lists). Turning rows into the domain
//! is `validate`'s job.

pub mod field;
pub mod table;

pub use field::Cells;
pub use table::{Column, Row, Table};
