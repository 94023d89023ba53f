//! The neighbourhoods the search frees in turn (see `search`): *priced* (a specialty's
//! cases among their few cheapest sessions under the capacity prices), *window* (a
//! specialty over two weeks) and *days* (every case of two consecutive days, when lists
//! cost money to open or surgeons to change theatre).

use super::Search;
use crate::domain::Problem;
use crate::pricing::Pricing;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A neighbourhood much larger than this takes HiGHS more than a few seconds.
const MAX_NEIGHBOURHOOD_PAIRS: usize = 20_000;
/// The sessions a case may take in a priced neighbourhood, besides its current one.
const PRICED_CANDIDATES: usize = 3;
/// The days a window neighbourhood spans, and how far the next one starts.
const WINDOW_DAYS: i64 = 14;
const WINDOW_STEP_DAYS: i64 = 7;
/// The days a days neighbourhood spans (the next one starts a day later).
const PACKING_DAYS: i64 = 2;

/// One neighbourhood: the free cases and the sessions each may take.
pub(super) struct Neighbourhood {
    pub(super) cases: Vec<usize>,
    /// `sessions[i]`: the candidates of `cases[i]` (its current session is added later).
    pub(super) sessions: Vec<Vec<usize>>,
}

impl Neighbourhood {
    /// Splits into pieces of at most `max` pairs, keeping the cases' order.
    fn split(self, max: usize) -> Vec<Neighbourhood> {
        let mut pieces = Vec::new();
        let mut piece = Neighbourhood {
            cases: Vec::new(),
            sessions: Vec::new(),
        };
        let mut size = 0;
        for (c, sessions) in self.cases.into_iter().zip(self.sessions) {
            if size + sessions.len() + 1 > max && !piece.cases.is_empty() {
                pieces.push(std::mem::replace(
                    &mut piece,
                    Neighbourhood {
                        cases: Vec::new(),
                        sessions: Vec::new(),
                    },
                ));
                size = 0;
            }
            size += sessions.len() + 1;
            piece.cases.push(c);
            piece.sessions.push(sessions);
        }
        if !piece.cases.is_empty() {
            pieces.push(piece);
        }
        pieces
    }
}

/// The cases that may move (not locked, with somewhere to go), by specialty.
pub(super) fn movable_by_specialty<'p>(
    problem: &'p Problem,
    eligible: &[Vec<usize>],
) -> BTreeMap<&'p str, Vec<usize>> {
    let mut by_specialty: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (c, case) in problem.cases.iter().enumerate() {
        if !case.locked && !eligible[c].is_empty() {
            by_specialty
                .entry(case.specialty.key())
                .or_default()
                .push(c);
        }
    }
    by_specialty
}

/// Priced neighbourhoods: each case limited to its `PRICED_CANDIDATES` sessions of least
/// `guide[c][k]`; all cases at once when that is small enough, else by specialty (split
/// in clinical order when a specialty is still too large).
pub(super) fn priced_neighbourhoods(
    problem: &Problem,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    guide: &[Vec<f64>],
) -> Vec<Neighbourhood> {
    let cheapest = |c: usize| {
        let mut order: Vec<usize> = (0..eligible[c].len()).collect();
        order.sort_by(|&a, &b| guide[c][a].total_cmp(&guide[c][b]).then(a.cmp(&b)));
        order
            .into_iter()
            .take(PRICED_CANDIDATES)
            .map(|k| eligible[c][k])
            .collect::<Vec<usize>>()
    };
    let by_specialty = movable_by_specialty(problem, eligible);
    let groups: Vec<Vec<usize>> = {
        let all: Vec<usize> = by_specialty.values().flatten().copied().collect();
        if all.len() * (PRICED_CANDIDATES + 1) <= MAX_NEIGHBOURHOOD_PAIRS {
            vec![all]
        } else {
            by_specialty.into_values().collect()
        }
    };
    let mut list = Vec::new();
    for mut cases in groups {
        cases.sort_by(|&a, &b| {
            crate::domain::ordering::clinical_order(problem, pricing.deadlines(), a, b)
        });
        let sessions = cases.iter().map(|&c| cheapest(c)).collect();
        list.extend(Neighbourhood { cases, sessions }.split(MAX_NEIGHBOURHOOD_PAIRS));
    }
    list
}

/// A neighbourhood as listed: fixed in advance (priced), or a specialty's window whose
/// free cases depend on the plan at the time it is solved.
pub(super) enum Listed {
    Fixed(Neighbourhood),
    /// `cases`: the movable cases (of one specialty, or all for a days neighbourhood)
    /// in clinical order; days from the planning start `first..first + span`.
    Window {
        cases: Arc<Vec<usize>>,
        first: i64,
        span: i64,
    },
}

impl Listed {
    /// The free cases and their sessions for `booking`: for a window, the cases booked
    /// in its sessions and the late or unbooked cases that could go there, each free
    /// among its allowed sessions in the window (the most urgent first, up to the size
    /// limit).
    pub(super) fn resolve(&self, search: &Search, booking: &[Option<usize>]) -> Neighbourhood {
        let (cases, first, span) = match self {
            Listed::Fixed(fixed) => {
                return Neighbourhood {
                    cases: fixed.cases.clone(),
                    sessions: fixed.sessions.clone(),
                }
            }
            Listed::Window { cases, first, span } => (cases, *first, *span),
        };
        let Search {
            problem,
            pricing,
            eligible,
            ..
        } = *search;
        let inside = |s: usize| {
            let day = (problem.sessions[s].date - problem.planning_start).num_days();
            (first..first + span).contains(&day)
        };
        let waiting = |c: usize| match booking[c] {
            None => true,
            Some(s) => pricing
                .deadline(c)
                .is_some_and(|d| problem.sessions[s].date > d.date),
        };
        let mut free = Neighbourhood {
            cases: Vec::new(),
            sessions: Vec::new(),
        };
        let mut size = 0;
        for &c in cases.iter() {
            if !booking[c].is_some_and(inside) && !waiting(c) {
                continue;
            }
            let sessions: Vec<usize> = eligible[c].iter().copied().filter(|&s| inside(s)).collect();
            if sessions.is_empty() || size + sessions.len() + 1 > MAX_NEIGHBOURHOOD_PAIRS {
                continue;
            }
            size += sessions.len() + 1;
            free.cases.push(c);
            free.sessions.push(sessions);
        }
        free
    }
}

/// The last day with a session, counted from the planning start.
pub(super) fn last_day(problem: &Problem) -> i64 {
    problem
        .sessions
        .iter()
        .map(|s| (s.date - problem.planning_start).num_days())
        .max()
        .unwrap_or(0)
}

/// Window neighbourhoods: per two-week window (earliest first) and specialty.
pub(super) fn window_neighbourhoods(
    problem: &Problem,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
) -> Vec<Listed> {
    let by_specialty: Vec<Arc<Vec<usize>>> = movable_by_specialty(problem, eligible)
        .into_values()
        .map(|mut cases| {
            cases.sort_by(|&a, &b| {
                crate::domain::ordering::clinical_order(problem, pricing.deadlines(), a, b)
            });
            Arc::new(cases)
        })
        .collect();
    let mut list = Vec::new();
    let mut first = 0;
    while first <= last_day(problem) {
        for cases in &by_specialty {
            list.push(Listed::Window {
                cases: Arc::clone(cases),
                first,
                span: WINDOW_DAYS,
            });
        }
        first += WINDOW_STEP_DAYS;
    }
    list
}

/// Days neighbourhoods: every movable case, per `PACKING_DAYS` consecutive days,
/// starting on each day in turn.
pub(super) fn days_neighbourhoods(
    problem: &Problem,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
) -> Vec<Listed> {
    let mut cases: Vec<usize> = movable_by_specialty(problem, eligible)
        .into_values()
        .flatten()
        .collect();
    cases.sort_by(|&a, &b| {
        crate::domain::ordering::clinical_order(problem, pricing.deadlines(), a, b)
    });
    let cases = Arc::new(cases);
    (0..=last_day(problem))
        .map(|first| Listed::Window {
            cases: Arc::clone(&cases),
            first,
            span: PACKING_DAYS,
        })
        .collect()
}

/// The neighbourhoods for `booking`: priced ones first when there is a guide.
pub(super) fn neighbourhoods(search: &Search, guide: Option<&[Vec<f64>]>) -> Vec<Listed> {
    let Search {
        problem,
        pricing,
        eligible,
        ..
    } = *search;
    let mut list: Vec<Listed> = Vec::new();
    if pricing.has_plan_level_terms() {
        list.extend(days_neighbourhoods(problem, pricing, eligible));
    }
    list.extend(match guide {
        Some(guide) => priced_neighbourhoods(problem, pricing, eligible, guide)
            .into_iter()
            .map(Listed::Fixed)
            .collect(),
        None => Vec::new(),
    });
    list.extend(window_neighbourhoods(problem, pricing, eligible));
    list
}
