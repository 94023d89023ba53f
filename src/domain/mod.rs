//! The validated planning problem in the users' words: cases, sessions and limits.
//!
//! Nothing here knows about CSV positions or the solver. Names that compare
//! case-insensitively (specialty, equipment, resource) are stored as [`Name`]s.

pub mod baseline;
pub mod deadline;
pub mod error;
pub mod ordering;
pub mod random;
pub mod schedule;
mod settings;
pub mod travel;
pub mod weights;

pub use settings::Rules;

use chrono::{NaiveDate, NaiveTime};
use std::collections::HashMap;
use std::fmt;

/// A plan's decision for every case, by case index: the index of the session it is
/// booked into, or `None` when it is not booked.
pub type Booking = Vec<Option<usize>>;

/// Where each id stands in a list (ids are unique once validated).
pub fn positions<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    ids.enumerate().map(|(i, id)| (id, i)).collect()
}

/// A name compared case-insensitively after trimming, shown as the user first wrote it.
#[derive(Debug, Clone)]
pub struct Name {
    key: String,
    shown: String,
}

impl Name {
    pub fn new(text: &str) -> Self {
        let shown = text.trim().to_string();
        Name {
            key: shown.to_lowercase(),
            shown,
        }
    }

    /// The comparison key (trimmed, lower case).
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Name {}
impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Name {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}
impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state)
    }
}
impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// FSSA clinical priority, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    P1a,
    P1b,
    P2,
    P3,
    P4,
    P5,
    P6,
}

impl Priority {
    pub const ALL: [Priority; 7] = [
        Priority::P1a,
        Priority::P1b,
        Priority::P2,
        Priority::P3,
        Priority::P4,
        Priority::P5,
        Priority::P6,
    ];

    /// Parses `P1a` .. `P6`, case-insensitively.
    pub fn parse(text: &str) -> Option<Priority> {
        match text.trim().to_ascii_lowercase().as_str() {
            "p1a" => Some(Priority::P1a),
            "p1b" => Some(Priority::P1b),
            "p2" => Some(Priority::P2),
            "p3" => Some(Priority::P3),
            "p4" => Some(Priority::P4),
            "p5" => Some(Priority::P5),
            "p6" => Some(Priority::P6),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Priority::P1a => "P1a",
            Priority::P1b => "P1b",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
            Priority::P4 => "P4",
            Priority::P5 => "P5",
            Priority::P6 => "P6",
        }
    }

    /// Days from listing to the deadline (README, "The rules it follows"); `None` for P4 and the deferred codes.
    pub fn window_days(self) -> Option<i64> {
        match self {
            Priority::P1a => Some(1),
            Priority::P1b => Some(3),
            Priority::P2 => Some(28),
            Priority::P3 => Some(90),
            Priority::P4 | Priority::P5 | Priority::P6 => None,
        }
    }

    /// P5 and P6: the patient chose to defer, so the case is never booked.
    pub fn is_deferred(self) -> bool {
        matches!(self, Priority::P5 | Priority::P6)
    }

    /// Routine priorities, to which the minimum notice applies (README, "The rules it follows").
    pub fn is_routine(self) -> bool {
        matches!(self, Priority::P3 | Priority::P4)
    }
}

/// A set of priorities, small enough to copy with the settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrioritySet(u8);

impl PrioritySet {
    pub fn of(priorities: &[Priority]) -> Self {
        PrioritySet(priorities.iter().fold(0, |set, &p| set | 1 << p as u8))
    }

    pub fn contains(self, priority: Priority) -> bool {
        self.0 & 1 << priority as u8 != 0
    }
}

impl serde::Serialize for Priority {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

impl<'de> serde::Deserialize<'de> for Priority {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Priority::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{text:?} is not a priority (P1a, P1b, P2, P3, P4, P5 or P6)"
            ))
        })
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An inclusive range of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl DateRange {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }
}

/// What a session is allocated to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionSpecialty {
    Any,
    Only(Name),
}

impl SessionSpecialty {
    pub fn admits(&self, specialty: &Name) -> bool {
        match self {
            SessionSpecialty::Any => true,
            SessionSpecialty::Only(name) => name == specialty,
        }
    }
}

impl fmt::Display for SessionSpecialty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionSpecialty::Any => f.write_str("any"),
            SessionSpecialty::Only(name) => name.fmt(f),
        }
    }
}

/// One operation for one patient, to be (re)booked.
#[derive(Debug, Clone)]
pub struct Case {
    pub id: String,
    pub patient_id: Option<String>,
    pub nhs_number: Option<String>,
    /// Patients are grouped by shared `patient_id` or `nhs_number`; cases of one group
    /// are the same person. `None` when the case names no patient.
    pub patient: Option<usize>,
    pub specialty: Name,
    pub procedure: Option<String>,
    pub priority: Priority,
    pub duration_min: u32,
    pub surgeon: Option<String>,
    pub listed_on: Option<NaiveDate>,
    pub referral_date: Option<NaiveDate>,
    pub cancelled_on: Option<NaiveDate>,
    pub cancel_type: Option<String>,
    pub earliest: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub equipment: Vec<Name>,
    pub resources: Vec<Name>,
    pub unavailable: Vec<DateRange>,
    /// Index into [`Problem::sessions`] of the current booking.
    pub booked_session: Option<usize>,
    pub locked: bool,
    /// cases.csv `notified`: whether the patient was told the published date (blank:
    /// `None`, read as yes when the case has a published booking).
    pub notified: Option<bool>,
    /// cases.csv `short_notice_ok`: the patient accepts a new date inside the minimum
    /// notice.
    pub short_notice_ok: bool,
    /// The case's booking in the published plan a re-plan starts from (`--baseline`).
    pub published: Option<baseline::Published>,
    /// Where the patient is listed and how far they will travel (mutual aid).
    pub travel: travel::CaseTravel,
}

impl Case {
    /// Cancelled on the day for non-clinical reasons: the 28-day rule applies.
    pub fn is_on_day_non_clinical(&self) -> bool {
        self.cancel_type
            .as_deref()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("on_day_non_clinical"))
    }

    /// Whether a booking on `date` is a new offer that must give the minimum notice
    /// (`--notice-days`): for P3/P4 cases, unless the booking is confirmed (`locked`),
    /// the patient accepts short notice, or it is the date the patient was already told.
    pub fn owes_notice_on(&self, date: NaiveDate) -> bool {
        self.priority.is_routine()
            && !self.locked
            && !self.short_notice_ok
            && !self
                .published
                .as_ref()
                .is_some_and(|p| p.notified && p.slot.date == date)
    }

    pub fn is_unavailable_on(&self, date: NaiveDate) -> bool {
        self.unavailable.iter().any(|range| range.contains(date))
    }
}

/// A theatre list: one theatre, one date, a start and an end.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub site: String,
    pub theatre: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub specialty: SessionSpecialty,
    pub surgeon: Option<String>,
    pub equipment: Vec<Name>,
    pub turnaround_min: u32,
    /// The trust that runs the list ("" for the home trust): another trust's lists are
    /// mutual aid.
    pub trust: String,
}

impl Session {
    /// `end - start` in minutes.
    pub fn length_min(&self) -> u32 {
        (self.end - self.start).num_minutes().max(0) as u32
    }

    pub fn has_equipment(&self, needed: &Name) -> bool {
        self.equipment.contains(needed)
    }
}

/// A daily cap on a counted resource (resources.csv row).
#[derive(Debug, Clone)]
pub struct ResourceLimit {
    pub resource: Name,
    /// `None`: the limit applies to all sites together.
    pub site: Option<String>,
    pub dates: DateRange,
    pub per_day: u32,
}

impl ResourceLimit {
    /// Whether a case at `site` on `date` counts against this limit.
    pub fn applies(&self, site: &str, date: NaiveDate) -> bool {
        self.dates.contains(date) && self.site.as_deref().is_none_or(|s| s == site)
    }
}

/// Most operating minutes per surgeon and date (surgeons.csv); a surgeon or date
/// without a row is unconstrained. Looked up by `&str` without allocating: every
/// capacity question of the search and every case-session pair asks it.
#[derive(Debug, Clone, Default)]
pub struct SurgeonLimits(HashMap<String, HashMap<NaiveDate, u32>>);

impl SurgeonLimits {
    pub fn get(&self, surgeon: &str, date: NaiveDate) -> Option<u32> {
        self.0.get(surgeon)?.get(&date).copied()
    }

    /// Sets the limit; returns the one it replaced.
    pub fn insert(&mut self, surgeon: &str, date: NaiveDate, max_minutes: u32) -> Option<u32> {
        self.0
            .entry(surgeon.to_string())
            .or_default()
            .insert(date, max_minutes)
    }

    /// (surgeon, date, most minutes), in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, NaiveDate, u32)> + '_ {
        self.0.iter().flat_map(|(surgeon, days)| {
            days.iter()
                .map(move |(&date, &max)| (surgeon.as_str(), date, max))
        })
    }

    pub fn len(&self) -> usize {
        self.0.values().map(HashMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The validated problem: everything the planner and the checker need.
#[derive(Debug, Clone)]
pub struct Problem {
    pub cases: Vec<Case>,
    pub sessions: Vec<Session>,
    pub resource_limits: Vec<ResourceLimit>,
    /// Most operating minutes per surgeon and date; absent: unconstrained.
    pub surgeon_limits: SurgeonLimits,
    /// First date that may be booked; sessions before it are not used.
    pub planning_start: NaiveDate,
    /// Last session date (equal to the start when there is no session).
    pub horizon_end: NaiveDate,
    /// Travel times and the trusts of the sites (mutual aid).
    pub mutual_aid: travel::MutualAid,
}

impl Problem {
    /// The surgeon whose minutes a case uses in a session: the case's, else the session's.
    pub fn operating_surgeon<'a>(&self, case: &'a Case, session: &'a Session) -> Option<&'a str> {
        case.surgeon.as_deref().or(session.surgeon.as_deref())
    }

    /// The minutes the session may be filled to, after `--max-fill`.
    pub fn usable_minutes(&self, session: &Session, max_fill: f64) -> u32 {
        (f64::from(session.length_min()) * max_fill + 1e-9).floor() as u32
    }

    /// Resource limits that apply to a case of this resource at `site` on `date`.
    pub fn limits_for<'a>(
        &'a self,
        resource: &'a Name,
        site: &'a str,
        date: NaiveDate,
    ) -> impl Iterator<Item = &'a ResourceLimit> + 'a {
        self.resource_limits
            .iter()
            .filter(move |limit| &limit.resource == resource && limit.applies(site, date))
    }
}
