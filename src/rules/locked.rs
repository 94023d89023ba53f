//! Locked bookings (`locked` = yes in cases.csv) are confirmed with the patient: they
//! must keep every hard rule themselves (except the notice, which is about new offers),
//! or the input is refused naming the case's line and the rule.

use crate::domain::error::{Error, InputError, Result};
use crate::domain::{Booking, Problem, Rules};
use crate::rules::check;
use crate::rules::eligibility::pair_conflict;

/// Locked bookings must satisfy every hard rule on their own: each alone, then together.
pub fn check_locked(problem: &Problem, rules: &Rules, file: &str, lines: &[u64]) -> Result<()> {
    let mut errors = Vec::new();
    for (case, &line) in problem.cases.iter().zip(lines) {
        let (true, Some(s)) = (case.locked, case.booked_session) else {
            continue;
        };
        let session = &problem.sessions[s];
        if let Some(conflict) = pair_conflict(problem, rules, case, session, true) {
            errors.push(InputError::at(
                file,
                line,
                Some("locked"),
                format!(
                    "case {} is locked in session {}, but {}",
                    case.id,
                    session.id,
                    conflict.describe(problem, case, session, rules)
                ),
            ));
        }
    }
    if errors.is_empty() {
        let locked_only: Booking = problem
            .cases
            .iter()
            .map(|c| if c.locked { c.booked_session } else { None })
            .collect();
        // The cap on a re-plan's changes is about the whole plan, not these bookings.
        let rules = Rules {
            max_moves: None,
            ..*rules
        };
        for violation in check::check(problem, &rules, &locked_only) {
            errors.push(InputError::file(
                file,
                format!("locked bookings break a hard rule: {violation}"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(errors))
    }
}
