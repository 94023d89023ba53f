//! Packing cases into the lists of the day they were given: the second half of the day
//! relaxation (`model::days`), which decides the date, site and operating surgeon of
//! each case and leaves open which of that day's lists it goes in.
//!
//! First greedily, one surgeon's cases of a day as a block (`pack_blocks`), then what
//! did not fit on its day wherever it fits (`construct::fill`). Then date by date: the
//! cases given that date are free among that date's lists (and their greedy place) and
//! HiGHS packs them, the rest of the plan fixed. Once the days are chosen the dates share
//! no row, so many small models (one day's cases, a second or so each) do what one model
//! of every date at once did not (on IHTC test10 that one model stopped 10% from its own
//! bound and kept the greedy plan: docs/benchmarks.md). In each date's model, alike
//! cases (one surgeon's cases of one length, released on different days) share one
//! integer column per list (`model::build_packing`): with a column each HiGHS spent its
//! half second on permutations of them.

use crate::domain::Problem;
use crate::domain::{Booking, Rules};
use crate::model;
use crate::pricing::lists_used::ListsUsed;
use crate::pricing::{cheaper, no_dearer, Pricing};
use crate::rules::capacity::Load;
use crate::solver::construct;
use crate::solver::highs::Budget;
use crate::solver::search::cost_if_better;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The plan that books each case on the day of `days[c]` (a session of the case's
/// day-group: date, site and operating surgeon), where it fits, within `seconds`.
pub fn pack(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    eligible: &[Vec<usize>],
    days: &[Option<usize>],
    budget: &Budget,
    seconds: f64,
) -> Booking {
    let end = Instant::now() + Duration::from_secs_f64(seconds.max(0.0));
    let on_its_day: Vec<Vec<usize>> = (0..problem.cases.len())
        .map(|c| match days[c] {
            Some(day) => eligible[c]
                .iter()
                .copied()
                .filter(|&s| day_group(problem, c, s) == day_group(problem, c, day))
                .collect(),
            None => Vec::new(),
        })
        .collect();
    let mut plan = pack_blocks(problem, rules, pricing, days, &on_its_day);
    construct::fill(problem, rules, pricing, &on_its_day, &mut plan);
    construct::fill(problem, rules, pricing, eligible, &mut plan);

    // Each case may stay where the greedy pass put it.
    let candidates: Vec<Vec<usize>> = on_its_day
        .into_iter()
        .enumerate()
        .map(|(c, mut list)| {
            list.extend(plan[c].filter(|s| !list.contains(s)));
            list
        })
        .collect();
    let mut by_date: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (c, day) in days.iter().enumerate() {
        if let Some(s) = day {
            by_date
                .entry(problem.sessions[*s].date)
                .or_default()
                .push(c);
        }
    }
    let mut cost = pricing.plan_cost(&plan).total();
    let dates = by_date.len();
    for (k, (date, cases)) in by_date.into_iter().enumerate() {
        let left = end.saturating_duration_since(Instant::now()).as_secs_f64();
        let seconds = left / (dates - k) as f64;
        if seconds < 0.01 || crate::solver::interrupt::requested() {
            break;
        }
        let mut free = vec![false; problem.cases.len()];
        for &c in &cases {
            free[c] = true;
        }
        let packing = model::build_packing(problem, rules, pricing, &candidates, &plan, &free);
        let label = format!("packing {date} into lists ({} cases)", cases.len());
        let outcome = budget.solve_on_one_thread(packing, &label, Some(&plan), seconds);
        let Some(found) = outcome.booking else {
            continue;
        };
        let mut candidate = plan.clone();
        for &c in &cases {
            candidate[c] = found[c];
        }
        if let Some(better) = cost_if_better(problem, rules, pricing, &candidate, cost) {
            plan = candidate;
            cost = better;
        }
    }
    plan
}

/// A case's day in the day relaxation: date, site and operating surgeon.
type DayGroup<'p> = (NaiveDate, &'p str, Option<&'p str>);

fn day_group(problem: &Problem, c: usize, s: usize) -> DayGroup<'_> {
    let session = &problem.sessions[s];
    let surgeon = problem.operating_surgeon(&problem.cases[c], session);
    (session.date, session.site.as_str(), surgeon)
}

/// The greedy packing: each day-group's cases (one surgeon's cases of one day) as a
/// block, largest block first. Each block tries every list of its day as the one it
/// starts in: its cases, longest first, go there while they fit and then each to its
/// cheapest list with room (counting a list it opens and a theatre it adds to its
/// surgeon's day); the start with the least added cost wins (ties: the list left with
/// least room, as in best-fit). A block that fits in an open list thus goes there whole,
/// and one that fits nowhere is split where splitting costs least. Cases that fit
/// nowhere on their day are left for `construct::fill`. Returns the plan of the blocks.
fn pack_blocks(
    problem: &Problem,
    rules: &Rules,
    pricing: &Pricing,
    days: &[Option<usize>],
    on_its_day: &[Vec<usize>],
) -> Booking {
    let mut plan = vec![None; problem.cases.len()];
    let mut load = Load::new(problem, rules);
    let mut openings = pricing.lists_used(&plan);
    let mut blocks: BTreeMap<DayGroup, Vec<usize>> = BTreeMap::new();
    for (c, day) in days.iter().enumerate() {
        if let Some(s) = *day {
            if !on_its_day[c].is_empty() {
                blocks.entry(day_group(problem, c, s)).or_default().push(c);
            }
        }
    }
    let minutes = |c: usize| problem.cases[c].duration_min;
    let mut blocks: Vec<Vec<usize>> = blocks.into_values().collect();
    for block in &mut blocks {
        block.sort_by_key(|&c| (std::cmp::Reverse(minutes(c)), c));
    }
    blocks.sort_by_key(|block| std::cmp::Reverse(block.iter().map(|&c| minutes(c)).sum::<u32>()));
    for block in blocks {
        let mut starts: Vec<usize> = block
            .iter()
            .flat_map(|&c| on_its_day[c].iter().copied())
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let mut best: Option<Trial> = None;
        let before = pricing.plan_level(openings.counts()).total();
        for &start in &starts {
            let placed = place_block(pricing, &block, start, on_its_day, &mut load, &mut openings);
            let booked: f64 = placed
                .iter()
                .map(|&(c, s)| pricing.booked(c, s).total())
                .sum();
            let unplaced: f64 = block
                .iter()
                .filter(|&&c| !placed.iter().any(|&(p, _)| p == c))
                .map(|&c| pricing.unbooked(c).total())
                .sum();
            let trial = Trial {
                cost: booked + unplaced + pricing.plan_level(openings.counts()).total() - before,
                room_left: load.room(start),
                placed,
            };
            for &(c, s) in trial.placed.iter().rev() {
                load.remove(c, s);
                openings.remove(c, s);
            }
            if best.as_ref().is_none_or(|b| trial.beats(b)) {
                best = Some(trial);
            }
        }
        for (c, s) in best.map(|b| b.placed).unwrap_or_default() {
            load.add(c, s);
            openings.add(c, s);
            plan[c] = Some(s);
        }
    }
    plan
}

/// One way to place a block: what it adds to the plan's cost, the minutes left in the
/// list it started in, and the (case, list) bookings.
struct Trial {
    cost: f64,
    room_left: u32,
    placed: Vec<(usize, usize)>,
}

impl Trial {
    /// Cheaper, or as cheap and leaving its first list fuller.
    fn beats(&self, other: &Trial) -> bool {
        cheaper(self.cost, other.cost)
            || (no_dearer(self.cost, other.cost) && self.room_left < other.room_left)
    }
}

/// Books `block`'s cases (longest first) into `start` while they fit, then each into its
/// cheapest list with room; returns the (case, list) booked, applied to `load` and
/// `openings` (the caller undoes them).
fn place_block(
    pricing: &Pricing,
    block: &[usize],
    start: usize,
    on_its_day: &[Vec<usize>],
    load: &mut Load,
    openings: &mut ListsUsed,
) -> Vec<(usize, usize)> {
    let mut placed = Vec::with_capacity(block.len());
    let mut rest = Vec::new();
    for &c in block {
        if on_its_day[c].contains(&start) && load.fits(c, start) {
            load.add(c, start);
            openings.add(c, start);
            placed.push((c, start));
        } else {
            rest.push(c);
        }
    }
    for c in rest {
        let fits = |s: usize| load.fits(c, s);
        if let Some((s, _)) = pricing.cheapest_with_room(Some(openings), c, &on_its_day[c], fits) {
            load.add(c, s);
            openings.add(c, s);
            placed.push((c, s));
        }
    }
    placed
}
