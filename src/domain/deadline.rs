//! Each case's deadline and the rule that sets it (README, "The rules it follows").

use crate::domain::Case;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// Which rule gives a case its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineRule {
    /// The explicit `due` date.
    Due,
    /// `listed_on` (or the planning start) plus the priority's window.
    PriorityWindow,
    /// `cancelled_on` + 28 days after an on-the-day non-clinical cancellation.
    TwentyEightDay,
}

impl DeadlineRule {
    pub const ALL: [DeadlineRule; 3] = [
        DeadlineRule::Due,
        DeadlineRule::PriorityWindow,
        DeadlineRule::TwentyEightDay,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DeadlineRule::Due => "due",
            DeadlineRule::PriorityWindow => "priority_window",
            DeadlineRule::TwentyEightDay => "28_day_rule",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub date: NaiveDate,
    pub rule: DeadlineRule,
}

/// The deadline of a case: the earliest of `due` (else the priority window from
/// `listed_on` or the planning start) and, for `on_day_non_clinical`, `cancelled_on` +
/// 28 days. Deferred cases (P5/P6) have none. The 28-day rule is a national standard and
/// applies to P4 cases too.
pub fn deadline(case: &Case, planning_start: NaiveDate) -> Option<Deadline> {
    if case.priority.is_deferred() {
        return case.due.map(|date| Deadline {
            date,
            rule: DeadlineRule::Due,
        });
    }
    let base = match case.due {
        Some(date) => Some(Deadline {
            date,
            rule: DeadlineRule::Due,
        }),
        None => case.priority.window_days().map(|days| Deadline {
            date: case.listed_on.unwrap_or(planning_start) + Duration::days(days),
            rule: DeadlineRule::PriorityWindow,
        }),
    };
    let twenty_eight = case
        .is_on_day_non_clinical()
        .then_some(case.cancelled_on)
        .flatten()
        .map(|cancelled| Deadline {
            date: cancelled + Duration::days(28),
            rule: DeadlineRule::TwentyEightDay,
        });
    match (base, twenty_eight) {
        (Some(a), Some(b)) => Some(if b.date < a.date { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Days booked after the deadline (0 when on time or without a deadline).
pub fn days_late(deadline: Option<Deadline>, date: NaiveDate) -> i64 {
    deadline.map_or(0, |d| (date - d.date).num_days().max(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Name, Priority};

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn case(priority: Priority) -> Case {
        Case {
            id: "C1".into(),
            patient_id: None,
            nhs_number: None,
            patient: None,
            specialty: Name::new("110"),
            procedure: None,
            priority,
            duration_min: 60,
            surgeon: None,
            listed_on: None,
            referral_date: None,
            cancelled_on: None,
            cancel_type: None,
            earliest: None,
            due: None,
            equipment: vec![],
            resources: vec![],
            unavailable: vec![],
            booked_session: None,
            locked: false,
            notified: None,
            short_notice_ok: false,
            published: None,
            travel: Default::default(),
        }
    }

    #[test]
    fn window_counts_from_listing_or_planning_start() {
        let start = date("2024-07-01");
        let mut c = case(Priority::P2);
        assert_eq!(deadline(&c, start).unwrap().date, date("2024-07-29"));
        c.listed_on = Some(date("2024-06-10"));
        let d = deadline(&c, start).unwrap();
        assert_eq!(
            (d.date, d.rule),
            (date("2024-07-08"), DeadlineRule::PriorityWindow)
        );
    }

    #[test]
    fn twenty_eight_day_rule_wins_when_earlier() {
        let mut c = case(Priority::P3);
        c.listed_on = Some(date("2024-06-01"));
        c.cancel_type = Some("On_Day_Non_Clinical".into());
        c.cancelled_on = Some(date("2024-06-10"));
        let d = deadline(&c, date("2024-07-01")).unwrap();
        assert_eq!(
            (d.date, d.rule),
            (date("2024-07-08"), DeadlineRule::TwentyEightDay)
        );
    }

    #[test]
    fn due_overrides_the_window_and_p4_has_none() {
        let mut c = case(Priority::P4);
        assert_eq!(deadline(&c, date("2024-07-01")), None);
        c.due = Some(date("2024-08-01"));
        assert_eq!(
            deadline(&c, date("2024-07-01")).unwrap().rule,
            DeadlineRule::Due
        );
        assert_eq!(
            days_late(deadline(&c, date("2024-07-01")), date("2024-08-03")),
            2
        );
    }
}
