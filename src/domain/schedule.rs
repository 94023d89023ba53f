//! A plan as theatre lists: which case goes where, in what order, at what times.
//!
//! Inside a session, cases run back to back from its start in the clinical order (most
//! urgent priority first, then deadline, then the order patients were added), with the
//! session's turnaround between consecutive cases.

use crate::domain::deadline::Deadline;
use crate::domain::ordering::clinical_order;
use crate::domain::Problem;
use chrono::{Duration, NaiveTime};

/// One booked case with its times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookedCase {
    pub case: usize,
    pub session: usize,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Orders and times the booked cases (`deadlines[c]`: case c's deadline, for the
/// clinical order); rows come sorted by date, site, theatre, start.
pub fn sequence(
    problem: &Problem,
    deadlines: &[Option<Deadline>],
    booking: &[Option<usize>],
) -> Vec<BookedCase> {
    let mut by_session: Vec<Vec<usize>> = vec![Vec::new(); problem.sessions.len()];
    for (c, booked) in booking.iter().enumerate() {
        if let Some(s) = *booked {
            by_session[s].push(c);
        }
    }
    let mut rows = Vec::new();
    for (s, cases) in by_session.iter_mut().enumerate() {
        let session = &problem.sessions[s];
        cases.sort_by(|&a, &b| clinical_order(problem, deadlines, a, b));
        let mut start = session.start;
        for &c in cases.iter() {
            let end = start + Duration::minutes(i64::from(problem.cases[c].duration_min));
            rows.push(BookedCase {
                case: c,
                session: s,
                start,
                end,
            });
            start = end + Duration::minutes(i64::from(session.turnaround_min));
        }
    }
    rows.sort_by(|a, b| {
        let (x, y) = (&problem.sessions[a.session], &problem.sessions[b.session]);
        (x.date, &x.site, &x.theatre, a.start, &x.id)
            .cmp(&(y.date, &y.site, &y.theatre, b.start, &y.id))
    });
    rows
}
