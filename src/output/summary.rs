//! summary.json: counts, deadline breaches, long waits, utilisation, the objective by
//! term, the solver's figures and the inputs' checksums. The report reads it back through
//! the same types (`Summary` is `Deserialize`), so a renamed field fails to compile there.

use crate::domain::deadline::DeadlineRule;
use crate::domain::weights::Weights;
use crate::domain::Rules;
use crate::domain::{Priority, Problem, SessionSpecialty};
use crate::explain::Plan;
use crate::io::scenario::ScenarioInfo;
use crate::io::validate::InputChecksum;
use crate::output::changes::ReplanSummary;
use crate::output::mutual_aid::MutualAidSummary;
use crate::pricing::{CostTerms, Pricing};
use crate::solver::result::SolverReport;
use crate::solver::SolverLimits;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize)]
pub struct Counts {
    #[serde(rename = "in")]
    pub total: usize,
    pub booked: usize,
    pub unbooked: usize,
}

/// One group of deadline breaches.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Breaches {
    pub total: usize,
    pub by_priority: BTreeMap<String, usize>,
    pub by_rule: BTreeMap<String, usize>,
}

impl Breaches {
    fn new() -> Self {
        let mut breaches = Breaches::default();
        for p in Priority::ALL.iter().filter(|p| !p.is_deferred()) {
            breaches.by_priority.insert(p.label().to_string(), 0);
        }
        for rule in DeadlineRule::ALL {
            breaches.by_rule.insert(rule.label().to_string(), 0);
        }
        breaches
    }

    fn count(&mut self, priority: Priority, rule: DeadlineRule) {
        self.total += 1;
        *self
            .by_priority
            .entry(priority.label().to_string())
            .or_default() += 1;
        *self.by_rule.entry(rule.label().to_string()).or_default() += 1;
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct BreachGroups {
    /// Booked after a deadline that had not passed at the planning start.
    pub booked_late: Breaches,
    /// Not booked although the deadline falls inside the horizon.
    pub unbooked_deadline_in_horizon: Breaches,
    /// The deadline had already passed at the planning start (booked or not).
    pub deadline_passed_at_start: Breaches,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct LateCaseRow {
    pub case_id: String,
    pub priority: String,
    pub deadline: NaiveDate,
    pub rule: String,
    pub date: NaiveDate,
    pub days_late: i64,
    pub reason: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SessionUse {
    pub session_id: String,
    pub site: String,
    pub theatre: String,
    pub date: NaiveDate,
    /// `HH:MM`, as in sessions.csv.
    pub start: String,
    pub end: String,
    /// The specialty the list is allocated to, or `any`.
    pub specialty: String,
    pub minutes: u32,
    pub used_minutes: u32,
    pub cases: usize,
    pub utilisation: f64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Utilisation {
    pub session_minutes: u64,
    pub used_minutes: u64,
    pub utilisation: f64,
    pub sessions_used: usize,
    pub sessions: Vec<SessionUse>,
}

/// One daily counted resource limit on one date: what the plan uses of it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ResourceDay {
    pub resource: String,
    /// Blank: the limit is for all sites together.
    pub site: String,
    pub date: NaiveDate,
    pub used: usize,
    pub available: u32,
}

/// The unbooked cases of one specialty and the theatre time that would book them.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct CapacityNeeded {
    pub specialty: String,
    pub cases: usize,
    /// Their durations plus a turnaround each (`--turnaround`).
    pub minutes: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Settings {
    pub time_limit_seconds: f64,
    pub gap: f64,
    pub threads: u32,
    pub turnaround_min: u32,
    pub max_fill: f64,
    pub notice_days: u32,
    /// `--max-travel` (mutual aid), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_travel_min: Option<u32>,
    /// The `--weights` file, if one was given (its values are in `weights`).
    pub weights_file: Option<String>,
    pub weights: Weights,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    pub tool: String,
    pub planning_start: NaiveDate,
    pub horizon_end: NaiveDate,
    pub cases: Counts,
    pub cases_by_priority: BTreeMap<String, Counts>,
    pub breaches: BreachGroups,
    pub late_cases: Vec<LateCaseRow>,
    /// Booked cases by the weeks since referral on their booked date (cumulative).
    pub rtt_weeks_waited_at_booking: BTreeMap<String, usize>,
    pub utilisation: Utilisation,
    /// Each resource limit row, per date from the planning start to the horizon's end.
    pub resources_by_day: Vec<ResourceDay>,
    /// Unbooked cases (P5/P6 left out: they chose to wait) by specialty.
    pub capacity_to_book_unbooked: Vec<CapacityNeeded>,
    pub objective: CostTerms,
    pub objective_total: f64,
    pub solver: SolverReport,
    pub time_seconds: f64,
    /// Processor time the run used, all its threads together (about `time_seconds`
    /// times the cores it kept busy; absent where the system does not say).
    #[serde(default)]
    pub cpu_seconds: Option<f64>,
    pub inputs: Vec<InputChecksum>,
    pub settings: Settings,
    pub warnings: Vec<String>,
    /// What a re-plan changed (`--baseline`); absent for a plan from scratch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replan: Option<ReplanSummary>,
    /// The what-if scenario the inputs were changed by (`--scenario`): its name, file,
    /// SHA-256 and what each of its changes did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<ScenarioInfo>,
    /// Mutual aid (cases.csv `home_site`): transfers, trusts' lists, breaches by home.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutual_aid: Option<MutualAidSummary>,
}

/// Everything summary.json reports that is not already in the plan.
pub struct Context<'a> {
    pub rules: &'a Rules,
    pub limits: &'a SolverLimits,
    pub weights: &'a Weights,
    pub weights_file: Option<String>,
    pub checksums: &'a [InputChecksum],
    pub warnings: &'a [String],
    pub seconds: f64,
}

pub fn summarise(problem: &Problem, pricing: &Pricing, plan: &Plan, context: &Context) -> Summary {
    let mut by_priority: BTreeMap<String, Counts> = Priority::ALL
        .iter()
        .map(|p| (p.label().to_string(), Counts::default()))
        .collect();
    let mut totals = Counts::default();
    let mut breaches = BreachGroups {
        booked_late: Breaches::new(),
        unbooked_deadline_in_horizon: Breaches::new(),
        deadline_passed_at_start: Breaches::new(),
    };
    let thresholds = [
        (18, "over_18"),
        (52, "over_52"),
        (65, "over_65"),
        (78, "over_78"),
        (104, "over_104"),
    ];
    let mut rtt: BTreeMap<String, usize> = thresholds
        .iter()
        .map(|&(_, k)| (k.to_string(), 0))
        .collect();
    for (c, case) in problem.cases.iter().enumerate() {
        let booked_date = plan.booking[c].map(|s| problem.sessions[s].date);
        let counts = by_priority
            .entry(case.priority.label().to_string())
            .or_default();
        for target in [counts, &mut totals] {
            target.total += 1;
            match booked_date {
                Some(_) => target.booked += 1,
                None => target.unbooked += 1,
            }
        }
        if let (Some(date), Some(referral)) = (booked_date, case.referral_date) {
            let weeks = (date - referral).num_days() / 7;
            for &(limit, key) in &thresholds {
                if weeks > limit {
                    *rtt.entry(key.to_string()).or_default() += 1;
                }
            }
        }
        let Some(deadline) = pricing.deadline(c).filter(|_| !case.priority.is_deferred()) else {
            continue;
        };
        if deadline.date < problem.planning_start {
            breaches
                .deadline_passed_at_start
                .count(case.priority, deadline.rule);
        } else {
            match booked_date {
                Some(date) if date > deadline.date => {
                    breaches.booked_late.count(case.priority, deadline.rule)
                }
                None if deadline.date <= problem.horizon_end => breaches
                    .unbooked_deadline_in_horizon
                    .count(case.priority, deadline.rule),
                _ => {}
            }
        }
    }

    let late_cases = plan
        .late
        .iter()
        .filter_map(|late| {
            let case = &problem.cases[late.case];
            let deadline = pricing.deadline(late.case)?;
            Some(LateCaseRow {
                case_id: case.id.clone(),
                priority: case.priority.label().to_string(),
                deadline: deadline.date,
                rule: deadline.rule.label().to_string(),
                date: problem.sessions[plan.booking[late.case]?].date,
                days_late: late.days_late,
                reason: late.reason.clone(),
            })
        })
        .collect();

    Summary {
        tool: format!("rebook {}", env!("CARGO_PKG_VERSION")),
        planning_start: problem.planning_start,
        horizon_end: problem.horizon_end,
        cases: totals,
        cases_by_priority: by_priority,
        breaches,
        late_cases,
        rtt_weeks_waited_at_booking: rtt,
        utilisation: utilisation(problem, plan),
        resources_by_day: resources_by_day(problem, plan),
        capacity_to_book_unbooked: capacity_needed(problem, plan, context.rules),
        objective: plan.costs,
        objective_total: plan.costs.total(),
        solver: plan.solver.clone(),
        time_seconds: context.seconds,
        cpu_seconds: None,
        inputs: context.checksums.to_vec(),
        settings: Settings {
            time_limit_seconds: context.limits.time_limit_s,
            gap: context.limits.gap,
            threads: context.limits.threads,
            turnaround_min: context.rules.turnaround_min,
            max_fill: context.rules.max_fill,
            notice_days: context.rules.notice_days,
            max_travel_min: context.rules.max_travel_min,
            weights_file: context.weights_file.clone(),
            weights: context.weights.clone(),
        },
        warnings: context.warnings.to_vec(),
        replan: None,
        scenario: None,
        mutual_aid: crate::output::mutual_aid::summarise(problem, pricing, plan),
    }
}

/// Minutes used per session (durations plus turnaround between cases) against the
/// session's length, for the sessions on or after the planning start.
fn utilisation(problem: &Problem, plan: &Plan) -> Utilisation {
    let mut per_session: Vec<(u32, usize)> = vec![(0, 0); problem.sessions.len()];
    for (c, booked) in plan.booking.iter().enumerate() {
        if let Some(s) = *booked {
            per_session[s].0 += problem.cases[c].duration_min;
            per_session[s].1 += 1;
        }
    }
    let mut sessions = Vec::new();
    let (mut total, mut used_total) = (0u64, 0u64);
    for (s, session) in problem.sessions.iter().enumerate() {
        if session.date < problem.planning_start {
            continue;
        }
        let (minutes, count) = per_session[s];
        let used = minutes + session.turnaround_min * (count.saturating_sub(1) as u32);
        let length = session.length_min();
        total += u64::from(length);
        used_total += u64::from(used);
        sessions.push(SessionUse {
            session_id: session.id.clone(),
            site: session.site.clone(),
            theatre: session.theatre.clone(),
            date: session.date,
            start: session.start.format("%H:%M").to_string(),
            end: session.end.format("%H:%M").to_string(),
            specialty: match &session.specialty {
                SessionSpecialty::Any => "any".to_string(),
                SessionSpecialty::Only(name) => name.to_string(),
            },
            minutes: length,
            used_minutes: used,
            cases: count,
            utilisation: ratio(used as f64, length as f64),
        });
    }
    Utilisation {
        session_minutes: total,
        used_minutes: used_total,
        utilisation: ratio(used_total as f64, total as f64),
        sessions_used: sessions.iter().filter(|s| s.cases > 0).count(),
        sessions,
    }
}

/// What each resource limit row allows and what the plan uses, per date in the horizon
/// that has a list (a resource is used on no other day; a list dated thousands of years
/// ahead would otherwise give a row for every day in between).
fn resources_by_day(problem: &Problem, plan: &Plan) -> Vec<ResourceDay> {
    let list_days: std::collections::BTreeSet<NaiveDate> =
        problem.sessions.iter().map(|s| s.date).collect();
    let mut rows = Vec::new();
    for limit in &problem.resource_limits {
        let first = limit.dates.first.max(problem.planning_start);
        let last = limit.dates.last.min(problem.horizon_end);
        if first > last {
            continue;
        }
        let mut used: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for (c, booked) in plan.booking.iter().enumerate() {
            let Some(s) = *booked else { continue };
            let session = &problem.sessions[s];
            if problem.cases[c].resources.contains(&limit.resource)
                && limit.applies(&session.site, session.date)
            {
                *used.entry(session.date).or_default() += 1;
            }
        }
        for &date in list_days.range(first..=last) {
            rows.push(ResourceDay {
                resource: limit.resource.to_string(),
                site: limit.site.clone().unwrap_or_default(),
                date,
                used: used.get(&date).copied().unwrap_or(0),
                available: limit.per_day,
            });
        }
    }
    rows
}

/// The unbooked cases by specialty with the minutes that would book them.
fn capacity_needed(problem: &Problem, plan: &Plan, rules: &Rules) -> Vec<CapacityNeeded> {
    let mut by_specialty: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    for (c, _) in &plan.unbooked {
        let case = &problem.cases[*c];
        if case.priority.is_deferred() {
            continue;
        }
        let entry = by_specialty.entry(case.specialty.to_string()).or_default();
        entry.0 += 1;
        entry.1 += u64::from(case.duration_min + rules.turnaround_min);
    }
    by_specialty
        .into_iter()
        .map(|(specialty, (cases, minutes))| CapacityNeeded {
            specialty,
            cases,
            minutes,
        })
        .collect()
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        (part / whole * 10_000.0).round() / 10_000.0
    } else {
        0.0
    }
}
