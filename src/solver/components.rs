//! Independent parts of a problem: groups of cases that no rule links.
//!
//! Two cases are linked when an allowed session of each uses a common coupling row of the
//! model (see `model::constraints`): the same session, the same surgeon's limited day
//! (any day of the surgeon's when a theatre change has a cost, since `model::plan_level`
//! then couples the surgeon's theatres), the same daily resource limit on the same
//! date, or the same patient on the same date.
//! The parts are the connected groups of that relation. A plan is then the union of the
//! parts' plans, its cost the sum of theirs, and the sum of the parts' lower bounds is a
//! lower bound for the whole; so each part can be solved on its own (see `plan`).
//!
//! One trust after an incident is usually one part (its cross-matched blood is rationed
//! across all its sites); several trusts planned together, or specialties with nothing
//! shared, split.

use crate::domain::Problem;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// The parts, each a list of cases in input order, largest first (ties by first case).
/// Every case is in exactly one part; a case with no allowed session is a part of its own.
/// `every_surgeon_day`: a surgeon's day links cases even without a daily limit (set when
/// `theatre_change` has a cost).
pub fn parts<'p>(
    problem: &'p Problem,
    eligible: &[Vec<usize>],
    every_surgeon_day: bool,
) -> Vec<Vec<usize>> {
    let cases = problem.cases.len();
    let mut groups = UnionFind::new(cases);
    let limited: HashSet<(&'p str, NaiveDate)> = problem
        .surgeon_limits
        .keys()
        .map(|(surgeon, date)| (surgeon.as_str(), *date))
        .collect();
    // The first case seen on each row; later cases on the row join its group.
    let mut session_first: Vec<Option<usize>> = vec![None; problem.sessions.len()];
    let mut day_first: HashMap<Row<'p>, usize> = HashMap::new();
    let mut link = |groups: &mut UnionFind, row: Row<'p>, c: usize| {
        let first = *day_first.entry(row).or_insert(c);
        groups.union(first, c);
    };
    for (c, sessions) in eligible.iter().enumerate() {
        let case = &problem.cases[c];
        for &s in sessions {
            match session_first[s] {
                Some(first) => groups.union(first, c),
                None => session_first[s] = Some(c),
            }
            let session = &problem.sessions[s];
            let date = session.date;
            if let Some(surgeon) = problem.operating_surgeon(case, session) {
                if every_surgeon_day || limited.contains(&(surgeon, date)) {
                    link(&mut groups, Row::Surgeon(surgeon, date), c);
                }
            }
            for resource in &case.resources {
                for (l, limit) in problem.resource_limits.iter().enumerate() {
                    if &limit.resource == resource && limit.applies(&session.site, date) {
                        link(&mut groups, Row::Resource(l, date), c);
                    }
                }
            }
            if let Some(patient) = case.patient {
                link(&mut groups, Row::Patient(patient, date), c);
            }
        }
    }
    let mut index_of_root: HashMap<usize, usize> = HashMap::new();
    let mut parts: Vec<Vec<usize>> = Vec::new();
    for c in 0..cases {
        let root = groups.find(c);
        let index = *index_of_root.entry(root).or_insert_with(|| {
            parts.push(Vec::new());
            parts.len() - 1
        });
        parts[index].push(c);
    }
    parts.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    parts
}

/// A coupling row that spans sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Row<'p> {
    Surgeon(&'p str, NaiveDate),
    /// (resource limit row, date)
    Resource(usize, NaiveDate),
    Patient(usize, NaiveDate),
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}
