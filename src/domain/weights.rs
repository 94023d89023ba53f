//! The objective's weights: every soft preference has a documented default and can be
//! changed from a TOML file (`--weights FILE`) without touching code.

use crate::domain::Priority;
use serde::{Deserialize, Serialize};

/// One number per bookable priority.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerPriority {
    #[serde(rename = "P1a")]
    pub p1a: f64,
    #[serde(rename = "P1b")]
    pub p1b: f64,
    #[serde(rename = "P2")]
    pub p2: f64,
    #[serde(rename = "P3")]
    pub p3: f64,
    #[serde(rename = "P4")]
    pub p4: f64,
}

impl PerPriority {
    /// The weight of a priority; deferred codes are never booked and weigh nothing.
    pub fn get(&self, priority: Priority) -> f64 {
        match priority {
            Priority::P1a => self.p1a,
            Priority::P1b => self.p1b,
            Priority::P2 => self.p2,
            Priority::P3 => self.p3,
            Priority::P4 => self.p4,
            Priority::P5 | Priority::P6 => 0.0,
        }
    }

    /// The weight `f` gives each bookable priority.
    pub fn from_fn(f: impl Fn(Priority) -> f64) -> PerPriority {
        PerPriority {
            p1a: f(Priority::P1a),
            p1b: f(Priority::P1b),
            p2: f(Priority::P2),
            p3: f(Priority::P3),
            p4: f(Priority::P4),
        }
    }

    pub(crate) fn values(&self) -> [f64; 5] {
        [self.p1a, self.p1b, self.p2, self.p3, self.p4]
    }
}

/// The objective's weights (cost points; only their ratios matter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Penalty for leaving a case unbooked (added to its cost as if booked the day after
    /// the horizon, so booking late always beats not booking).
    pub unbooked: PerPriority,
    /// Cost per day booked past the deadline.
    pub late_per_day: PerPriority,
    /// Cost per day between the planning start and the booked date.
    pub wait_per_day: PerPriority,
    /// Waiting cost multiplier grows by this much per year already waited since referral
    /// (RTT), so the longest waiters within a priority go first.
    pub long_wait_factor: f64,
    /// Cost of moving a case away from its current `booked_session`.
    pub move_booking: f64,
    /// Cost of each session (theatre list) the plan uses: staffing a list costs money,
    /// and a list released early can go to another team.
    pub open_session: f64,
    /// Cost per extra theatre a surgeon operates in on one day (a surgeon in two
    /// theatres on a day costs this once).
    pub theatre_change: f64,
    /// Where waiting is counted from: the planning start, or the later of the planning
    /// start and the case's `earliest` date (a patient not yet ready is not waiting on
    /// the plan).
    pub wait_from: WaitFrom,
    /// Whether an unbooked case also pays the lateness and waiting of a booking the day
    /// after the horizon (so that booking late always beats not booking). When false an
    /// unbooked case pays its `unbooked` penalty alone, and a late booking may cost more
    /// than leaving the case for a later plan.
    pub unbooked_pays_delay: bool,
    /// Priorities whose deadline is hard: never booked after it (left unbooked, with
    /// the reason, when it cannot be met).
    pub hard_deadlines: Vec<Priority>,
    /// The price of changing a booking the patient was told (`--baseline`).
    pub disruption: Disruption,
    /// The price of treating a patient away from their home site (mutual aid).
    #[serde(default)]
    pub mutual_aid: MutualAidWeights,
}

/// What treating a patient at a site other than their home site costs (`[mutual_aid]`
/// of the weights file), on top of the booking's own cost.
///
/// The defaults make travel a patient's inconvenience, below clinical urgency: an hour
/// away costs 100 + 60 = 160, less than a P2 one day past its deadline (300), so an
/// urgent patient goes where the list is; more than a routine P4 waiting a few months
/// (1 a day), so routine patients stay home while home lists can take them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MutualAidWeights {
    /// Per patient treated away from their home site.
    pub away: f64,
    /// Per minute of travel from the home site to the site treated (travel.csv).
    pub per_travel_minute: f64,
}

impl Default for MutualAidWeights {
    fn default() -> Self {
        MutualAidWeights {
            away: 100.0,
            per_travel_minute: 1.0,
        }
    }
}

/// What changing a notified patient's published booking costs, by kind of change
/// (`[disruption]` of the weights file). Replaces `move_booking` for those cases.
///
/// The defaults price mostly the change itself, the booking office's call to the
/// patient (`per_change` 200), and keep clinical urgency first (docs/model.md,
/// "Re-planning"): moving a routine patient a week later costs 200 + 7 x 5 = 235
/// points, less than a P2 case pays for a single day past its deadline (300); dropping
/// a published booking (200 + 500 plus the case's own unbooked penalty) costs less
/// than leaving a P2 case unbooked (10,000), and, for a told P4 patient (1,000), less
/// than leaving a P3 unbooked (2,000): a more urgent case may take a routine place,
/// while a routine case never displaces a told routine patient for a few days' less
/// waiting (2 points a day for P3 against 200 a change). Measured against planning from
/// scratch on six events (docs/benchmarks.md), dearer prices by kind (40 a day later,
/// 400 earlier, 4,000 dropped) cost up to 2.9% more than the plan from scratch for
/// about as many changes: what a change gains the patients is seldom worth as much as
/// those prices, while the count of calls is what the booking office feels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Disruption {
    /// Per day a notified booking moves later.
    pub later_per_day: f64,
    /// A notified booking moved to an earlier date (the patient rearranges their life
    /// at shorter notice).
    pub earlier: f64,
    /// Same date and site, another list.
    pub retimed: f64,
    /// Another site (added to the date's cost when the date changes too).
    pub other_site: f64,
    /// A published booking withdrawn (the patient is cancelled a second time), on top
    /// of the case's unbooked penalty.
    pub dropped: f64,
    /// On every chosen change (not forced) of whatever kind, on top of its own price:
    /// a flat price per patient to phone (each call costs the booking office the same,
    /// whatever the change). `--max-moves K` searches for the least price at or above
    /// this one at which the plan keeps within K changes (`solver::change_cap`).
    pub per_change: f64,
    /// Set by `--max-moves` alone, never read from a file: each case's `per_change` is
    /// raised by up to this fraction (a fixed spread over the cases), so that changes
    /// of equal worth are not all kept or all made at one price (`solver::change_cap`).
    #[serde(skip)]
    pub per_change_spread: f64,
}

impl Default for Disruption {
    fn default() -> Self {
        Disruption {
            later_per_day: 5.0,
            earlier: 0.0,
            retimed: 0.0,
            other_site: 100.0,
            dropped: 500.0,
            per_change: 200.0,
            per_change_spread: 0.0,
        }
    }
}

impl Disruption {
    pub(crate) fn values(&self) -> [f64; 6] {
        [
            self.later_per_day,
            self.earlier,
            self.retimed,
            self.other_site,
            self.dropped,
            self.per_change,
        ]
    }
}

/// Where a case's waiting is counted from (see [`Weights::wait_from`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitFrom {
    PlanningStart,
    Earliest,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            unbooked: PerPriority {
                p1a: 100_000.0,
                p1b: 50_000.0,
                p2: 10_000.0,
                p3: 2_000.0,
                p4: 1_000.0,
            },
            late_per_day: PerPriority {
                p1a: 10_000.0,
                p1b: 5_000.0,
                p2: 300.0,
                p3: 50.0,
                p4: 10.0,
            },
            wait_per_day: PerPriority {
                p1a: 100.0,
                p1b: 50.0,
                p2: 10.0,
                p3: 2.0,
                p4: 1.0,
            },
            long_wait_factor: 1.0,
            move_booking: 100.0,
            open_session: 0.0,
            theatre_change: 0.0,
            wait_from: WaitFrom::PlanningStart,
            unbooked_pays_delay: true,
            hard_deadlines: Vec::new(),
            disruption: Disruption::default(),
            mutual_aid: MutualAidWeights::default(),
        }
    }
}
