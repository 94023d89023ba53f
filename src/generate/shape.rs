//! The knobs that vary a generated scenario on purpose, so the planner can be judged on
//! families of backlogs rather than one (scripts/bench-families.sh, docs/benchmarks.md):
//! how loaded the theatres are, the priority mix, the length of lists, lists open to any
//! specialty, named surgeons and their on-call days, the laboratory's outage, the
//! horizon, and specialties left with no lists at all. The defaults are the incident
//! scenario's, and give the same files as before the knobs existed.

/// The waiting list's priority mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mix {
    /// A trust's usual elective waiting list (mostly P3 and P4).
    Standard,
    /// A backlog re-prioritised after an incident: a third P2, more P1.
    Urgent,
    /// Mostly routine P4, few urgent cases.
    Routine,
}

impl Mix {
    pub const NAMES: &'static [&'static str] = &["standard", "urgent", "routine"];

    pub fn parse(text: &str) -> Option<Mix> {
        match text {
            "standard" => Some(Mix::Standard),
            "urgent" => Some(Mix::Urgent),
            "routine" => Some(Mix::Routine),
            _ => None,
        }
    }

    /// Each priority's share of the backlog.
    pub(super) fn shares(self) -> &'static [(&'static str, f64)] {
        match self {
            Mix::Standard => super::catalogue::PRIORITY_MIX,
            Mix::Urgent => &[
                ("P1a", 0.01),
                ("P1b", 0.04),
                ("P2", 0.35),
                ("P3", 0.30),
                ("P4", 0.27),
                ("P5", 0.02),
                ("P6", 0.01),
            ],
            Mix::Routine => &[
                ("P1a", 0.001),
                ("P1b", 0.004),
                ("P2", 0.05),
                ("P3", 0.20),
                ("P4", 0.70),
                ("P5", 0.03),
                ("P6", 0.015),
            ],
        }
    }
}

/// How long the specialties' lists run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListLength {
    /// All-day lists (08:00-18:00) for the specialties that work that way (orthopaedics,
    /// ophthalmology, cardiothoracic surgery), half-day lists for the others.
    Mixed,
    /// Every list a half day (4 hours).
    HalfDay,
    /// Every list all day (10 hours).
    AllDay,
}

impl ListLength {
    pub const NAMES: &'static [&'static str] = &["mixed", "half-day", "all-day"];

    pub fn parse(text: &str) -> Option<ListLength> {
        match text {
            "mixed" => Some(ListLength::Mixed),
            "half-day" => Some(ListLength::HalfDay),
            "all-day" => Some(ListLength::AllDay),
            _ => None,
        }
    }

    /// Whether a list of the specialty with treatment function `code` runs all day.
    pub(super) fn all_day(self, code: &str) -> bool {
        match self {
            ListLength::Mixed => super::catalogue::all_day(code),
            ListLength::HalfDay => false,
            ListLength::AllDay => true,
        }
    }
}

/// The knobs of one scenario (see the module's comment).
#[derive(Clone, Debug)]
pub struct Shape {
    /// Demand (the backlog's minutes with a 15-minute turnaround each) over the theatre
    /// minutes of the specialties' lists: 1.05 by default, lists for about 95% of the
    /// demand, so the plan has choices to make and some routine cases wait. Small
    /// backlogs round to whole theatre-days, so the load reached is near, not exact.
    pub load: f64,
    pub mix: Mix,
    pub lists: ListLength,
    /// The share of the specialties' lists open to any specialty (no surgeon, no
    /// equipment), like lists lent by another team: 0 by default.
    pub open_lists: f64,
    /// The share of cases waiting for a named consultant: 0.7 by default.
    pub named_surgeons: f64,
    /// The share of a consultant's working days on call, operating half a day: 0.08.
    pub on_call: f64,
    /// Weeks the laboratory is down (no cross-matched blood) from the first day: 3.
    pub outage_weeks: i64,
    /// The horizon in weeks; by default from the backlog's size (6 to 13).
    pub weeks: Option<i64>,
    /// How many specialties get no lists at all (their cases can only go to open
    /// lists): 0. Taken from the end of the catalogue.
    pub unstaffed: usize,
}

impl Default for Shape {
    fn default() -> Shape {
        Shape {
            load: 1.0 / 0.95,
            mix: Mix::Standard,
            lists: ListLength::Mixed,
            open_lists: 0.0,
            named_surgeons: 0.7,
            on_call: 0.08,
            outage_weeks: 3,
            weeks: None,
            unstaffed: 0,
        }
    }
}
