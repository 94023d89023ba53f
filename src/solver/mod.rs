//! Everything that searches for plans or proves bounds on them: HiGHS (`highs`), the
//! first plans (`construct`), the LP bound by capacity prices (`bound`), the surgeons'
//! unbooked floors (`floors`), the cap on a re-plan's changes (`change_cap`), independent parts (`parts`), packing day plans into
//! lists (`packing`), the neighbourhood search (`search`), the bound's core
//! (`bound_core`), and `orchestrate`, which runs them on the cores within the time limit
//! (its shares and size limits: `policy`) and returns a `Solution`.

pub mod bound;
mod bound_core;
pub mod change_cap;
pub mod construct;
pub mod faults;
pub mod floors;
pub mod highs;
pub mod interrupt;
pub mod list_bound;
pub mod orchestrate;
pub mod packing;
pub mod parts;
mod policy;
pub mod progress;
pub mod result;
pub mod search;
pub mod standing;
#[cfg(test)]
mod tests;

/// Solver limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolverLimits {
    /// Wall-clock budget for the whole run, in seconds (reading to writing).
    pub time_limit_s: f64,
    /// Relative MIP gap at which the solver may stop.
    pub gap: f64,
    pub threads: u32,
}

impl Default for SolverLimits {
    fn default() -> Self {
        SolverLimits {
            time_limit_s: 60.0,
            gap: 0.005,
            threads: 2,
        }
    }
}
