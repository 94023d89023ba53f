//! compare.csv and compare.html: plans side by side, one column each, the first the
//! reference ("base"). Drawn from the plans' own files, as `rebook report` draws a
//! report, so `rebook whatif` (the plans it has just made) and `rebook compare` (plan
//! folders already written) give the same comparison, and every figure is the one in
//! that plan's summary.json: each row names where it comes from.

use crate::io::plan_files::csv_bytes;
use crate::output::report::charts;
use crate::output::report::data::{backlog, PlanData, PRIORITIES};
use crate::output::report::text::{esc, grouped};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

/// One plan of the comparison.
pub struct Column {
    /// The folder name (`base`, a scenario file's stem): compare.csv's column header.
    pub label: String,
    pub plan: PlanData,
}

/// A figure of a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Count(u64),
    Number(f64),
    Text(String),
}

impl Figure {
    /// As compare.csv writes it: counts whole, numbers as summary.json writes them.
    fn csv(&self) -> String {
        match self {
            Figure::Count(n) => n.to_string(),
            Figure::Number(x) => x.to_string(),
            Figure::Text(t) => t.clone(),
        }
    }
}

/// One measure across the plans.
pub struct Row {
    /// The group of rows it belongs to, for compare.html's headings.
    pub group: &'static str,
    pub measure: String,
    /// Where the figure is in each plan's files: a summary.json path, or the file it is
    /// counted from.
    pub source: String,
    pub figures: Vec<Figure>,
    /// Fewer is better (breaches, unbooked, cost), more is better, or neither: how
    /// compare.html colours a change from the base.
    pub better: Better,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Better {
    Fewer,
    More,
    Neither,
}

/// The plans side by side.
pub struct Comparison {
    pub labels: Vec<String>,
    /// Each plan's scenario name (blank for the base and plans without one).
    pub names: Vec<String>,
    pub rows: Vec<Row>,
}

/// The comparison of `columns`, the first the reference (none: no rows).
pub fn compare(columns: &[Column]) -> Comparison {
    let mut rows = Vec::new();
    let Some(first) = columns.first() else {
        return Comparison {
            labels: Vec::new(),
            names: Vec::new(),
            rows,
        };
    };
    let mut row =
        |group, measure: String, source: String, better, figure: &dyn Fn(&PlanData) -> Figure| {
            rows.push(Row {
                group,
                measure,
                source,
                figures: columns.iter().map(|c| figure(&c.plan)).collect(),
                better,
            });
        };
    let count = |n: usize| Figure::Count(n as u64);
    row(
        "Cases",
        "cases in".into(),
        "cases.in".into(),
        Better::Neither,
        &|p| count(p.summary.cases.total),
    );
    row(
        "Cases",
        "booked".into(),
        "cases.booked".into(),
        Better::More,
        &|p| count(p.summary.cases.booked),
    );
    row(
        "Cases",
        "unbooked".into(),
        "cases.unbooked".into(),
        Better::Fewer,
        &|p| count(p.summary.cases.unbooked),
    );
    for (what, better) in [("booked", Better::More), ("unbooked", Better::Fewer)] {
        for priority in PRIORITIES {
            row(
                "By priority",
                format!("{what} {priority}"),
                format!("cases_by_priority.{priority}.{what}"),
                better,
                &|p| {
                    let counts = p
                        .summary
                        .cases_by_priority
                        .get(priority)
                        .copied()
                        .unwrap_or_default();
                    count(if what == "booked" {
                        counts.booked
                    } else {
                        counts.unbooked
                    })
                },
            );
        }
    }
    let groups: [(&str, &str); 2] = [
        ("booked_late", "booked after the deadline"),
        (
            "unbooked_deadline_in_horizon",
            "unbooked, deadline in the horizon",
        ),
    ];
    fn pick<'p>(p: &'p PlanData, key: &str) -> &'p crate::output::summary::Breaches {
        match key {
            "booked_late" => &p.summary.breaches.booked_late,
            _ => &p.summary.breaches.unbooked_deadline_in_horizon,
        }
    }
    for (key, label) in groups {
        row(
            "Deadline breaches",
            format!("{label}: all"),
            format!("breaches.{key}.total"),
            Better::Fewer,
            &|p| count(pick(p, key).total),
        );
        for priority in PRIORITIES.iter().take(5) {
            row(
                "Deadline breaches",
                format!("{label}: {priority}"),
                format!("breaches.{key}.by_priority.{priority}"),
                Better::Fewer,
                &|p| {
                    count(
                        pick(p, key)
                            .by_priority
                            .get(*priority)
                            .copied()
                            .unwrap_or(0),
                    )
                },
            );
        }
        for (rule, said) in [("priority_window", "priority window"), ("due", "due date")] {
            row(
                "Deadline breaches",
                format!("{label}: by {said}"),
                format!("breaches.{key}.by_rule.{rule}"),
                Better::Fewer,
                &|p| count(pick(p, key).by_rule.get(rule).copied().unwrap_or(0)),
            );
        }
    }
    row(
        "Deadline breaches",
        "deadline already past at the start".into(),
        "breaches.deadline_passed_at_start.total".into(),
        Better::Neither,
        &|p| count(p.summary.breaches.deadline_passed_at_start.total),
    );
    // The 28-day rule (a cancellation on the day for non-clinical reasons: a new date
    // within 28 days) apart from the clinical deadlines.
    for (key, label) in groups {
        row(
            "28-day rule",
            format!("{label}: 28-day rule"),
            format!("breaches.{key}.by_rule.28_day_rule"),
            Better::Fewer,
            &|p| {
                count(
                    pick(p, key)
                        .by_rule
                        .get("28_day_rule")
                        .copied()
                        .unwrap_or(0),
                )
            },
        );
    }
    let waits: BTreeSet<String> = columns
        .iter()
        .flat_map(|c| c.plan.summary.rtt_weeks_waited_at_booking.keys().cloned())
        .collect();
    let mut waits: Vec<String> = waits.into_iter().collect();
    waits.sort_by_key(|k| {
        k.trim_start_matches("over_")
            .parse::<u32>()
            .unwrap_or(u32::MAX)
    });
    for key in waits {
        let weeks = key.trim_start_matches("over_").to_string();
        row(
            "Long waiters",
            format!("booked after waiting over {weeks} weeks"),
            format!("rtt_weeks_waited_at_booking.{key}"),
            Better::Neither,
            &|p| {
                count(
                    p.summary
                        .rtt_weeks_waited_at_booking
                        .get(&key)
                        .copied()
                        .unwrap_or(0),
                )
            },
        );
    }
    row(
        "Theatres",
        "utilisation".into(),
        "utilisation.utilisation".into(),
        Better::More,
        &|p| Figure::Number(p.summary.utilisation.utilisation),
    );
    row(
        "Theatres",
        "lists used".into(),
        "utilisation.sessions_used".into(),
        Better::Neither,
        &|p| count(p.summary.utilisation.sessions_used),
    );
    row(
        "Theatres",
        "list minutes".into(),
        "utilisation.session_minutes".into(),
        Better::Neither,
        &|p| Figure::Count(p.summary.utilisation.session_minutes),
    );
    row(
        "Theatres",
        "minutes booked".into(),
        "utilisation.used_minutes".into(),
        Better::Neither,
        &|p| Figure::Count(p.summary.utilisation.used_minutes),
    );
    let resources: BTreeSet<String> = columns
        .iter()
        .flat_map(|c| {
            c.plan
                .summary
                .resources_by_day
                .iter()
                .map(|d| d.resource.clone())
        })
        .collect();
    for resource in resources {
        row(
            "Resources",
            format!("{resource} used"),
            format!("resources_by_day[resource={resource}].used, summed"),
            Better::Neither,
            &|p| {
                count(
                    p.summary
                        .resources_by_day
                        .iter()
                        .filter(|d| d.resource == resource)
                        .map(|d| d.used)
                        .sum(),
                )
            },
        );
    }
    let reference = dates(&first.plan);
    row(
        "Patients",
        "date differs from the base plan".into(),
        "schedule.csv against the first plan's".into(),
        Better::Neither,
        &|p| count(differ(&reference, &dates(p))),
    );
    row(
        "Cost",
        "cost".into(),
        "objective_total".into(),
        Better::Fewer,
        &|p| Figure::Number(p.summary.objective_total),
    );
    // Whether a plan is proven cheaper or dearer than the base: a cost below the other's
    // bound is below every plan of the other's inputs. Otherwise the two are not told
    // apart within the solver's gaps (a longer --time-limit narrows them).
    let base_plan = &first.plan.summary;
    row(
        "Cost",
        "cost against the base".into(),
        "objective_total and solver.best_bound of both".into(),
        Better::Neither,
        &|p| {
            let s = &p.summary;
            Figure::Text(if std::ptr::eq(s, base_plan) {
                "base".into()
            } else if s.objective_total < base_plan.solver.best_bound {
                "cheaper, proven".into()
            } else if s.solver.best_bound > base_plan.objective_total {
                "dearer, proven".into()
            } else {
                "within the gaps".into()
            })
        },
    );
    row(
        "Cost",
        "bound".into(),
        "solver.best_bound".into(),
        Better::Neither,
        &|p| Figure::Number(p.summary.solver.best_bound),
    );
    row(
        "Cost",
        "gap".into(),
        "solver.gap".into(),
        Better::Neither,
        &|p| Figure::Number(p.summary.solver.gap),
    );
    row(
        "Cost",
        "solver status".into(),
        "solver.status".into(),
        Better::Neither,
        &|p| {
            Figure::Text(crate::output::report::text::name_of(
                &p.summary.solver.status,
            ))
        },
    );
    row(
        "Cost",
        "seconds".into(),
        "time_seconds".into(),
        Better::Neither,
        &|p| Figure::Number(p.summary.time_seconds),
    );
    Comparison {
        labels: columns.iter().map(|c| c.label.clone()).collect(),
        names: columns
            .iter()
            .map(|c| {
                c.plan
                    .summary
                    .scenario
                    .as_ref()
                    .map_or_else(String::new, |s| s.name.clone())
            })
            .collect(),
        rows,
    }
}

/// Each case's booked date (`None`: unbooked).
fn dates(plan: &PlanData) -> HashMap<&str, Option<chrono::NaiveDate>> {
    plan.booked
        .iter()
        .map(|b| (b.case_id.as_str(), Some(b.date)))
        .chain(plan.unbooked.iter().map(|u| (u.case_id.as_str(), None)))
        .collect()
}

/// Cases in both plans whose date differs (booked in one and not the other included);
/// cases in one plan only (new arrivals) are not counted.
fn differ(
    reference: &HashMap<&str, Option<chrono::NaiveDate>>,
    other: &HashMap<&str, Option<chrono::NaiveDate>>,
) -> usize {
    other
        .iter()
        .filter(|(id, date)| reference.get(*id).is_some_and(|r| r != *date))
        .count()
}

/// compare.csv: `measure, source`, then a column per plan.
pub fn csv(comparison: &Comparison) -> Vec<u8> {
    let mut header = vec!["measure", "source"];
    header.extend(comparison.labels.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = comparison
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.measure.clone(), row.source.clone()];
            cells.extend(row.figures.iter().map(Figure::csv));
            cells
        })
        .collect();
    csv_bytes(&header, rows.into_iter())
}

/// compare.html: the table, changes from the base coloured, and the backlog over time,
/// one line a plan.
pub fn html(comparison: &Comparison, columns: &[Column]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>rebook: {} plans \
         compared</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <style>{}{STYLE}</style></head><body><header><h1>What-if: {} plans side by side</h1>\
         <p class=\"sub\">Each column is a plan; the first, {}, is the reference. Green: better \
         than the reference, red: worse.</p></header><main>",
        comparison.labels.len(),
        crate::output::report::STYLE,
        comparison.labels.len(),
        esc(comparison.labels.first().map_or("", String::as_str)),
    );
    table(&mut out, comparison);
    backlog_lines(&mut out, columns);
    out.push_str(
        "</main><script>document.documentElement.setAttribute('data-ready','yes');</script>\
         </body></html>\n",
    );
    out
}

const STYLE: &str = "td.n{text-align:right;font-variant-numeric:tabular-nums}td.better{background:#e3f4e1}\
td.worse{background:#fbe3e1}tr.group th{background:#eef3f8;text-align:left}.scenario{font-weight:normal;font-size:12px;color:#555}";

fn shown(figure: &Figure, measure: &str) -> String {
    match figure {
        Figure::Count(n) => grouped(*n as f64),
        Figure::Number(x) if measure == "utilisation" || measure == "gap" => {
            format!("{:.2}%", x * 100.0)
        }
        Figure::Number(x) if measure == "seconds" => format!("{x:.1}"),
        Figure::Number(x) => grouped(x.round()),
        Figure::Text(t) => esc(t),
    }
}

fn table(out: &mut String, comparison: &Comparison) {
    out.push_str("<section><h2>Figures</h2><table class=\"compare\"><thead><tr><th>Measure</th>");
    for (label, name) in comparison.labels.iter().zip(&comparison.names) {
        let _ = write!(out, "<th>{}", esc(label));
        if !name.is_empty() && name != label {
            let _ = write!(out, "<br><span class=\"scenario\">{}</span>", esc(name));
        }
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody>");
    let mut group = "";
    for row in &comparison.rows {
        if row.group != group {
            group = row.group;
            let _ = write!(
                out,
                "<tr class=\"group\"><th colspan=\"{}\">{}</th></tr>",
                comparison.labels.len() + 1,
                esc(group)
            );
        }
        let _ = write!(
            out,
            "<tr><td title=\"{}\">{}</td>",
            esc(&row.source),
            esc(&row.measure)
        );
        let reference = row.figures.first();
        for figure in &row.figures {
            let class = match (reference, figure) {
                (Some(r), f) if r != f => direction(r, f, row.better),
                _ => "",
            };
            let _ = write!(
                out,
                "<td class=\"n {class}\">{}</td>",
                shown(figure, &row.measure)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></section>");
}

/// "better" or "worse" than the reference, or "" when the row has no better side.
fn direction(reference: &Figure, figure: &Figure, better: Better) -> &'static str {
    let value = |f: &Figure| match f {
        Figure::Count(n) => Some(*n as f64),
        Figure::Number(x) => Some(*x),
        Figure::Text(_) => None,
    };
    match (value(reference), value(figure), better) {
        (Some(r), Some(f), Better::Fewer) => {
            if f < r {
                "better"
            } else {
                "worse"
            }
        }
        (Some(r), Some(f), Better::More) => {
            if f > r {
                "better"
            } else {
                "worse"
            }
        }
        _ => "",
    }
}

/// Cases waiting (P1 to P4) at the end of each day, one line a plan, on one date axis.
fn backlog_lines(out: &mut String, columns: &[Column]) {
    let series: Vec<Vec<(chrono::NaiveDate, usize)>> = columns
        .iter()
        .map(|c| {
            backlog(&c.plan)
                .iter()
                .map(|d| (d.date, d.waiting.iter().sum::<usize>()))
                .collect()
        })
        .collect();
    let all: BTreeSet<chrono::NaiveDate> = series.iter().flatten().map(|(d, _)| *d).collect();
    if all.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"backlog\"><h2>The backlog over time</h2><p class=\"help\">Cases still \
         waiting (P1 to P4) at the end of each day, one line a plan.</p><p class=\"legend\">",
    );
    let colour = |k: usize| LINE_COLOURS[k % LINE_COLOURS.len()];
    for (k, label) in columns.iter().map(|c| &c.label).enumerate() {
        let _ = write!(
            out,
            "<span><span class=\"dot\" style=\"background:{}\"></span>{}</span>",
            colour(k),
            esc(label)
        );
    }
    out.push_str("</p>");
    let most = series
        .iter()
        .flatten()
        .map(|(_, w)| *w as u64)
        .max()
        .unwrap_or(0);
    // The days any plan has a point on (each plan's backlog is sampled on a long
    // horizon): the x axis, in order.
    let days: Vec<chrono::NaiveDate> = all.iter().copied().collect();
    let at: HashMap<chrono::NaiveDate, usize> =
        days.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let plot = charts::DayPlot::new(300.0, days.len(), most);
    let (x, y) = (plot.x(), plot.y());
    plot.open(out, "Cases waiting per day, one line a plan");
    charts::axes(out, &days, (plot.top, plot.step), &x, &y, plot.base());
    for (k, points) in series.iter().enumerate() {
        let path = charts::path_through(points.iter().map(|(d, w)| (x(at[d]), y(*w as f64))));
        let _ = write!(
            out,
            "<path class=\"plan-line\" d=\"{path}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
            colour(k)
        );
    }
    out.push_str("</svg>");
    // The same figures as a table, a row a week.
    out.push_str("<details><summary>Table of the backlog by week</summary><table class=\"small\"><thead><tr><th>Day</th>");
    for c in columns {
        let _ = write!(out, "<th>{}</th>", esc(&c.label));
    }
    out.push_str("</tr></thead><tbody>");
    let by_day: Vec<BTreeMap<chrono::NaiveDate, usize>> =
        series.iter().map(|s| s.iter().copied().collect()).collect();
    let every = match days.as_slice() {
        [first, second, ..] => (7 / (*second - *first).num_days().max(1) as usize).max(1),
        _ => 1,
    };
    for day in days.iter().step_by(every) {
        let _ = write!(out, "<tr><td>{}</td>", day.format("%a %d %b %Y"));
        for plan in &by_day {
            match plan.get(day) {
                Some(w) => {
                    let _ = write!(out, "<td class=\"n\">{}</td>", grouped(*w as f64));
                }
                None => out.push_str("<td></td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></details></section>");
}

/// Line colours told apart by most readers, colour-blind ones included (Okabe-Ito).
const LINE_COLOURS: [&str; 8] = [
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_plans_make_an_empty_comparison_not_a_panic() {
        let comparison = compare(&[]);
        assert!(comparison.rows.is_empty() && comparison.labels.is_empty());
        assert_eq!(csv(&comparison), b"measure,source\n");
        assert!(html(&comparison, &[]).contains("0 plans side by side"));
    }
}
