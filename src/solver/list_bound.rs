//! A lower bound that knows each list's knapsack: the Lagrangian dual of the model with
//! the one-list-per-case rows priced and each list's minutes kept as a 0-1 knapsack.
//!
//! The LP bound (`solver::bound`) prices every coupling row, a list's minutes among them,
//! so a list may be filled to the minute with fractions of cases. Here each case `c` gets
//! a price `π_c ≥ 0` on its row `Σ_s x[c,s] ≤ 1`, the surgeons', resources' and patients'
//! days keep their prices `λ_r ≥ 0`, and each list takes, on its own, the set of cases of
//! least priced cost that fits its minutes:
//!
//! `L(π, λ) = Σ_c (u_c − π_c) − Σ_r λ_r b_r + Σ_s min { Σ_{c∈K} (a_cs − u_c + π_c +
//! Σ_r λ_r w_rcs) : K fits s }`
//!
//! For any `π, λ ≥ 0` this is at most the cost of every plan that keeps the rules: a plan
//! puts each case in at most one list, within its minutes, so it is one of the choices
//! above and the priced rows only lower its cost. So every value is a valid bound.
//!
//! Started from the LP bound's prices `μ` (lists) and `λ` (the rest), with `π_c` the
//! amount by which case c's cheapest priced option beats leaving it unbooked, `L` is at
//! least the LP bound at those prices: each item then costs at least `−μ_s w_cs` and a
//! list's items fit its capacity, so a list's knapsack is at least `−μ_s b_s`. Where
//! cases are large against their lists (a 150-minute case in a 240-minute list), the
//! knapsacks lose what the LP's fractions fill, and the bound rises above the LP's; the
//! subgradient steps on `(π, λ)` after that raise it further (the dual of the list
//! patterns' master, Dantzig-Wolfe's bound, is its maximum).

use crate::solver::bound::PricedPairs;
use crate::solver::standing::Standing;
use std::time::Instant;

/// A case's candidate in a list's knapsack: its priced cost (negative, or it would not
/// be a candidate), its minutes there, its case and its pair.
#[derive(Clone, Copy)]
struct Item {
    value: f64,
    minutes: u32,
    case: u32,
    pair: u32,
}

/// Above this many knapsack cells (items × capacity in minutes, after the common
/// divisor), a list's knapsack is bounded by its LP relaxation (the best items by cost
/// per minute, the last one in part): a valid, weaker bound at a linear cost. The 0-1
/// table of the exact knapsack is kept for the choice; 4 million cells are 4 MB and
/// about 10 ms.
const MAX_KNAPSACK_CELLS: usize = 4_000_000;

/// What one evaluation of `L` leaves for the next step: each case's count of lists that
/// took it, and each priced row's use by the lists' choices.
struct ListWork {
    buckets: Vec<Vec<Item>>,
    taken: Vec<usize>,
    table: Vec<bool>,
    taken_by: Vec<u32>,
    usage: Vec<f64>,
}

impl ListWork {
    fn new(pairs: &PricedPairs) -> Self {
        ListWork {
            buckets: vec![Vec::new(); pairs.list_allowance.len()],
            taken: Vec::new(),
            table: Vec::new(),
            taken_by: vec![0; pairs.unbooked.len()],
            usage: vec![0.0; pairs.capacity.len()],
        }
    }
}

/// The best knapsack bound found, the prices that gave it and the steps it took.
#[derive(Debug, Clone)]
pub struct ListBound {
    pub value: f64,
    pub prices: ListPrices,
    pub iterations: usize,
}

/// The knapsack bound's prices: `λ` on the coupling rows (lists' rows unused) and `π`
/// on the cases.
#[derive(Debug, Clone, Default)]
pub struct ListPrices {
    pub rows: Vec<f64>,
    pub cases: Vec<f64>,
}

impl PricedPairs {
    /// The rows that are some list's minutes (kept out of the prices here: the knapsacks
    /// enforce them).
    fn list_rows(&self) -> Vec<bool> {
        let mut is_list = vec![false; self.capacity.len()];
        for row in self.list_row.iter().flatten() {
            is_list[*row as usize] = true;
        }
        is_list
    }

    /// The case prices that start the knapsack bound from row prices: each case's gain
    /// from its cheapest priced option over leaving it unbooked (0 for a locked case).
    fn case_prices(&self, row_prices: &[f64]) -> Vec<f64> {
        (0..self.unbooked.len())
            .map(|c| match self.unbooked[c] {
                Some(u) => (u - self.cheapest(c, row_prices).0).max(0.0),
                None => 0.0,
            })
            .collect()
    }

    /// `L(π, λ)` (see the module's comment); `work` is left with each case's count of
    /// lists that took it and each priced row's use.
    fn evaluate_lists(
        &self,
        row_prices: &[f64],
        case_prices: &[f64],
        is_list: &[bool],
        work: &mut ListWork,
    ) -> f64 {
        let mut total = [0.0];
        self.lists_by_part(row_prices, case_prices, is_list, work, None, &mut total);
        total[0]
    }

    /// `L(π, λ)` split over independent parts (see `solver::parts`): entry k is part k's
    /// cases' terms, the knapsacks of the lists they use and the priced capacity of the
    /// rows they use. Parts share no list or row, so entry k is `L` of part k alone: a
    /// lower bound on the part's own cost.
    pub fn evaluate_lists_parts(
        &self,
        prices: &ListPrices,
        part_of_case: &[usize],
        parts: usize,
    ) -> Vec<f64> {
        if prices.rows.len() != self.capacity.len() || prices.cases.len() != self.unbooked.len() {
            return vec![f64::NEG_INFINITY; parts];
        }
        let is_list = self.list_rows();
        let mut work = ListWork::new(self);
        let mut totals = vec![0.0; parts.max(1)];
        self.lists_by_part(
            &prices.rows,
            &prices.cases,
            &is_list,
            &mut work,
            Some(part_of_case),
            &mut totals,
        );
        totals.truncate(parts);
        totals
    }

    /// `L(π, λ)` added up by part into `totals` (`part_of_case`: `None`, all in part 0).
    fn lists_by_part(
        &self,
        row_prices: &[f64],
        case_prices: &[f64],
        is_list: &[bool],
        work: &mut ListWork,
        part_of_case: Option<&[usize]>,
        totals: &mut [f64],
    ) {
        work.buckets.iter_mut().for_each(Vec::clear);
        work.taken_by.iter_mut().for_each(|t| *t = 0);
        work.usage.iter_mut().for_each(|u| *u = 0.0);
        let part = |c: usize| part_of_case.map_or(0, |parts| parts[c]);
        // The part whose cases use each row, when asked by part (a row no case uses is
        // charged to part 0, which only lowers that part's bound).
        let mut row_part: Vec<usize> = match part_of_case {
            Some(_) => vec![usize::MAX; self.capacity.len()],
            None => Vec::new(),
        };
        let mut forced_minutes = vec![0u32; self.list_allowance.len()];
        for (c, (&unbooked, &case_price)) in self.unbooked.iter().zip(case_prices).enumerate() {
            let pairs = self.case_start[c]..self.case_start[c + 1];
            if part_of_case.is_some() {
                for i in pairs.clone() {
                    for &(row, _) in &self.uses[self.use_start[i]..self.use_start[i + 1]] {
                        if row_part[row as usize] == usize::MAX {
                            row_part[row as usize] = part(c);
                        }
                    }
                }
            }
            let Some(u) = unbooked else {
                // A locked case keeps its one pair: a fixed cost and minutes its list
                // cannot give to others.
                if let Some(i) = pairs.clone().next() {
                    totals[part(c)] += self.cost[i] + self.other_rows_price(i, row_prices, is_list);
                    forced_minutes[self.pair_list[i] as usize] += self.pair_minutes[i];
                    self.add_use(i, is_list, &mut work.usage);
                }
                continue;
            };
            totals[part(c)] += u - case_price;
            for i in pairs {
                let value =
                    self.cost[i] - u + case_price + self.other_rows_price(i, row_prices, is_list);
                if value < 0.0 {
                    work.buckets[self.pair_list[i] as usize].push(Item {
                        value,
                        minutes: self.pair_minutes[i],
                        case: c as u32,
                        pair: i as u32,
                    });
                }
            }
        }
        for (r, &b) in self.capacity.iter().enumerate() {
            if !is_list[r] {
                let owner = row_part.get(r).copied().filter(|&k| k != usize::MAX);
                let owner = owner.unwrap_or(0);
                totals[owner] -= row_prices[r] * b;
            }
        }
        let mut buckets = std::mem::take(&mut work.buckets);
        for (s, items) in buckets.iter_mut().enumerate() {
            if items.is_empty() {
                continue;
            }
            let capacity =
                self.list_row[s].map(|_| self.list_allowance[s].saturating_sub(forced_minutes[s]));
            // A list's candidates are all of one part (a list is a coupling row).
            let owner = part(items[0].case as usize);
            totals[owner] += knapsack(items, capacity, &mut work.taken, &mut work.table);
            for &k in &work.taken {
                let item = items[k];
                work.taken_by[item.case as usize] += 1;
                self.add_use(item.pair as usize, is_list, &mut work.usage);
            }
        }
        work.buckets = buckets;
    }

    /// The prices of pair i's rows other than its list's minutes.
    fn other_rows_price(&self, i: usize, row_prices: &[f64], is_list: &[bool]) -> f64 {
        self.uses[self.use_start[i]..self.use_start[i + 1]]
            .iter()
            .filter(|&&(row, _)| !is_list[row as usize])
            .map(|&(row, amount)| row_prices[row as usize] * f64::from(amount))
            .sum()
    }

    fn add_use(&self, i: usize, is_list: &[bool], usage: &mut [f64]) {
        for &(row, amount) in &self.uses[self.use_start[i]..self.use_start[i + 1]] {
            if !is_list[row as usize] {
                usage[row as usize] += f64::from(amount);
            }
        }
    }

    /// Searches `(π, λ)` for a high knapsack bound until `end` or `max_iterations`
    /// steps, starting from the row prices `start` (the LP bound's best): subgradient
    /// steps (Polyak's, towards the best plan's cost on `standing`, or `target` before
    /// there is one), each bound posted on `standing`.
    pub fn list_bound(
        &self,
        start: &[f64],
        target: f64,
        end: Instant,
        max_iterations: usize,
        standing: &Standing,
    ) -> ListBound {
        let is_list = self.list_rows();
        let mut row_prices = start.to_vec();
        for (price, &list) in row_prices.iter_mut().zip(&is_list) {
            if list {
                *price = 0.0;
            }
        }
        let mut case_prices = self.case_prices(start);
        let mut work = ListWork::new(self);
        let mut best = ListBound {
            value: f64::NEG_INFINITY,
            prices: ListPrices::default(),
            iterations: 0,
        };
        // A tenth of Polyak's step at first: the best plan's cost, the step's target, is
        // far above the bound at scale, and full steps threw the prices far off (20,000
        // cases: 20.5 M at the LP's prices, 15.5 M after one full step).
        let mut step_scale = FIRST_STEP_SCALE;
        let mut case_steps = vec![0.0; case_prices.len()];
        let mut row_steps = vec![0.0; row_prices.len()];
        let mut since_best = 0;
        for iteration in 0..max_iterations {
            let value = self.evaluate_lists(&row_prices, &case_prices, &is_list, &mut work);
            best.iterations = iteration + 1;
            if value > best.value + 1e-9 * value.abs().max(1.0) {
                best.value = value;
                standing.bound_found(value);
                best.prices.rows.clone_from(&row_prices);
                best.prices.cases.clone_from(&case_prices);
                since_best = 0;
            } else {
                since_best += 1;
                if since_best >= STEPS_BEFORE_HALVING {
                    step_scale /= 2.0;
                    since_best = 0;
                    row_prices.clone_from(&best.prices.rows);
                    case_prices.clone_from(&best.prices.cases);
                    continue;
                }
            }
            if step_scale < 1e-4 || Instant::now() >= end || standing.proven() {
                break;
            }
            // Subgradient: each case's lists taken less one, each priced row's use less
            // its capacity (0 for locked cases and lists' rows, whose prices stay).
            for (c, g) in case_steps.iter_mut().enumerate() {
                let free = self.unbooked[c].is_some();
                *g = if free {
                    f64::from(work.taken_by[c]) - 1.0
                } else {
                    0.0
                };
            }
            for (r, g) in row_steps.iter_mut().enumerate() {
                *g = if is_list[r] {
                    0.0
                } else {
                    work.usage[r] - self.capacity[r]
                };
            }
            // Only the steps that move a price count (a price at 0 does not fall).
            let norm: f64 = [(&case_prices, &case_steps), (&row_prices, &row_steps)]
                .iter()
                .flat_map(|(prices, steps)| prices.iter().zip(steps.iter()))
                .filter(|&(&price, &g)| price > 0.0 || g > 0.0)
                .map(|(_, g)| g * g)
                .sum();
            if norm == 0.0 {
                // Every case taken once and every priced row within its capacity at
                // complementary prices: the choice is a plan, and optimal for it.
                break;
            }
            let goal = standing.plan().unwrap_or(target);
            let gap = (goal - value).max(1e-6 * goal.abs().max(1.0));
            let step = step_scale * gap / norm;
            for (prices, steps) in [
                (&mut case_prices, &case_steps),
                (&mut row_prices, &row_steps),
            ] {
                for (price, g) in prices.iter_mut().zip(steps.iter()) {
                    *price = (*price + step * g).max(0.0);
                }
            }
        }
        best
    }
}

/// The first steps' share of Polyak's step (see `list_bound`).
const FIRST_STEP_SCALE: f64 = 0.1;

/// Subgradient steps without a better bound before the step is halved (and the prices
/// go back to the best): each step costs a pass over the pairs and every list's
/// knapsack, so fewer than the LP prices' 50.
const STEPS_BEFORE_HALVING: usize = 10;

/// The least total value of items that fit `capacity` minutes (`None`: no limit), with
/// the chosen items' positions in `taken`. Items are reordered. Exact by dynamic
/// programming over the minutes (in units of the items' common divisor), or, above
/// `MAX_KNAPSACK_CELLS`, the LP relaxation's value (a lower bound) with its whole items.
fn knapsack(
    items: &mut Vec<Item>,
    capacity: Option<u32>,
    taken: &mut Vec<usize>,
    table: &mut Vec<bool>,
) -> f64 {
    taken.clear();
    let all_minutes: u64 = items.iter().map(|item| u64::from(item.minutes)).sum();
    let fits_all = capacity.is_none_or(|cap| all_minutes <= u64::from(cap));
    if fits_all {
        taken.extend(0..items.len());
        return items.iter().map(|item| item.value).sum();
    }
    let capacity = capacity.unwrap_or(0);
    // Of the items of one length, a list takes at most capacity / length, the cheapest.
    items.sort_by(|a, b| a.minutes.cmp(&b.minutes).then(a.value.total_cmp(&b.value)));
    let (mut length, mut of_length) = (u32::MAX, 0);
    items.retain(|item| {
        if item.minutes != length {
            (length, of_length) = (item.minutes, 0);
        }
        of_length += 1;
        item.minutes <= capacity && of_length <= capacity / item.minutes.max(1)
    });
    if items.is_empty() {
        return 0.0;
    }
    let unit = items.iter().fold(0, |g, item| gcd(g, item.minutes)).max(1);
    let cells = (capacity / unit) as usize + 1;
    if items.len().saturating_mul(cells) > MAX_KNAPSACK_CELLS {
        return fractional_knapsack(items, capacity, taken);
    }
    // best[m]: the least value within m units; table[k * cells + m]: item k taken there.
    let mut best = vec![0.0f64; cells];
    table.clear();
    table.resize(items.len() * cells, false);
    for (k, item) in items.iter().enumerate() {
        let weight = (item.minutes / unit) as usize;
        for m in (weight..cells).rev() {
            let with = best[m - weight] + item.value;
            if with < best[m] {
                best[m] = with;
                table[k * cells + m] = true;
            }
        }
    }
    let mut m = cells - 1;
    for k in (0..items.len()).rev() {
        if table[k * cells + m] {
            taken.push(k);
            m -= (items[k].minutes / unit) as usize;
        }
    }
    best[cells - 1]
}

/// The LP relaxation of a list's knapsack: items by value per minute, the last one in
/// part. Its value is at most the 0-1 knapsack's; `taken` holds the whole items.
fn fractional_knapsack(items: &mut [Item], capacity: u32, taken: &mut Vec<usize>) -> f64 {
    let per_minute = |item: &Item| item.value / f64::from(item.minutes.max(1));
    items.sort_by(|a, b| per_minute(a).total_cmp(&per_minute(b)));
    let mut room = f64::from(capacity);
    let mut total = 0.0;
    for (k, item) in items.iter().enumerate() {
        let minutes = f64::from(item.minutes);
        if minutes <= room {
            room -= minutes;
            total += item.value;
            taken.push(k);
        } else {
            total += item.value * room / minutes.max(1.0);
            break;
        }
    }
    total
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::{knapsack, Item};

    fn items(list: &[(f64, u32)]) -> Vec<Item> {
        list.iter()
            .enumerate()
            .map(|(k, &(value, minutes))| Item {
                value,
                minutes,
                case: k as u32,
                pair: k as u32,
            })
            .collect()
    }

    #[test]
    fn a_list_takes_the_cheapest_set_that_fits_not_the_best_per_minute() {
        // 255 minutes: two cases of 120 (each −100) beat one of 165 (−150) with one of 60
        // (−30); by cost per minute the 60 would go first.
        let mut list = items(&[(-150.0, 165), (-100.0, 120), (-100.0, 120), (-30.0, 60)]);
        let (mut taken, mut table) = (Vec::new(), Vec::new());
        let value = knapsack(&mut list, Some(255), &mut taken, &mut table);
        assert_eq!(value, -200.0);
        let mut cases: Vec<u32> = taken.iter().map(|&k| list[k].case).collect();
        cases.sort();
        assert_eq!(cases, vec![1, 2]);
        let minutes: u32 = taken.iter().map(|&k| list[k].minutes).sum();
        assert!(minutes <= 255);
    }

    #[test]
    fn a_list_without_a_binding_row_takes_every_candidate() {
        let mut list = items(&[(-5.0, 400), (-7.0, 400)]);
        let (mut taken, mut table) = (Vec::new(), Vec::new());
        assert_eq!(knapsack(&mut list, None, &mut taken, &mut table), -12.0);
        assert_eq!(taken.len(), 2);
    }

    #[test]
    fn a_case_longer_than_the_list_is_never_taken() {
        let mut list = items(&[(-500.0, 300), (-1.0, 100)]);
        let (mut taken, mut table) = (Vec::new(), Vec::new());
        assert_eq!(knapsack(&mut list, Some(255), &mut taken, &mut table), -1.0);
    }
}
