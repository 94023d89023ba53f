//! The settings of the hard rules (turnaround, fill cap, notice, hard deadlines): what
//! the planner and the checker must both respect, whatever the flags that set them.

use crate::domain::PrioritySet;

/// Settings that change which bookings are allowed (hard rules), shared by the
/// planner and the checker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// Turnaround for sessions whose row does not give one.
    pub turnaround_min: u32,
    /// Fraction of a session's minutes that may be booked, in (0, 1].
    pub max_fill: f64,
    /// Minimum days between the planning start and a new P3/P4 booking.
    pub notice_days: u32,
    /// Priorities whose deadline must not be missed (the weights file's `hard_deadlines`).
    pub hard_deadlines: PrioritySet,
    /// Re-planning (`--max-moves`): the most notified bookings a plan may change by
    /// choice (forced changes apart). `None`: no cap, the disruption weights alone.
    pub max_moves: Option<usize>,
    /// `--max-travel`: the most minutes from the home site for every case (a row's own
    /// `max_travel_min`, when lower, holds). `None`: the rows' own limits; a case without
    /// one goes to its home trust's sites only.
    pub max_travel_min: Option<u32>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            turnaround_min: 15,
            max_fill: 1.0,
            notice_days: 0,
            hard_deadlines: PrioritySet::default(),
            max_moves: None,
            max_travel_min: None,
        }
    }
}
