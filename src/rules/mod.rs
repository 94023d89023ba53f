//! The hard rules and nothing about solving: which lists a case may use
//! (`eligibility`), what a partial plan uses of each limit (`capacity`), locked bookings
//! that must obey the rules themselves (`locked`), published bookings a re-plan keeps or
//! must change (`freeze`), and the independent checker
//! (`check`), which reads only the domain and the plan's files.

pub mod capacity;
pub mod check;
pub mod eligibility;
pub mod freeze;
pub mod locked;
