//! Drawing the report: one HTML page with inline CSS, SVG and a little script (week
//! navigation, sorting), nothing fetched from anywhere.

use super::assets::{SCRIPT, STYLE};
use super::charts::{backlog_chart, resources, timeline};
use super::data::{priority_index, reason_kinds, PlanData, PRIORITIES};
use super::text::{esc, grouped, name_of, COLOURS};
use crate::output::summary::{Breaches, Summary};
use std::fmt::Write;

/// The whole page.
pub fn page(plan: &PlanData, identifiers: bool) -> String {
    let s = &plan.summary;
    let mut out = String::with_capacity(1 << 20);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>rebook plan {} to {}</title><style>{}</style></head><body>\n",
        plan.planning_start, plan.horizon_end, STYLE
    );
    let _ = write!(
        out,
        "<header><h1>Theatre plan {} to {}</h1><p class=\"sub\">{} · {} cases in the backlog · \
         solver {} · gap {:.2}%</p></header>\n<main>\n",
        plan.planning_start,
        plan.horizon_end,
        esc(&s.tool),
        grouped(s.cases.total as f64),
        esc(&name_of(&s.solver.status)),
        100.0 * s.solver.gap,
    );
    headline(&mut out, plan);
    timeline(&mut out, plan, identifiers);
    backlog_chart(&mut out, plan);
    resources(&mut out, plan);
    changes(&mut out, plan);
    mutual_aid(&mut out, s);
    unbooked(&mut out, plan);
    inputs(&mut out, s);
    let _ = write!(out, "</main>\n<script>{SCRIPT}</script>\n</body></html>\n");
    out
}

fn headline(out: &mut String, plan: &PlanData) {
    let s = &plan.summary;
    let solver = &s.solver;
    let breaches = &s.breaches;
    let groups = [
        &breaches.booked_late,
        &breaches.unbooked_deadline_in_horizon,
        &breaches.deadline_passed_at_start,
    ];
    let [late, missed, passed] = groups.map(|group| group.total);
    let rule28 = |group: &Breaches| group.by_rule.get("28_day_rule").copied().unwrap_or(0);
    let cards = [
        (
            "Booked",
            grouped(s.cases.booked as f64),
            format!("of {} cases", grouped(s.cases.total as f64)),
            "booked",
        ),
        (
            "Not booked",
            grouped(s.cases.unbooked as f64),
            "each with its reason below".to_string(),
            "unbooked",
        ),
        (
            "Booked after deadline",
            grouped(late as f64),
            format!("28-day rule: {}", rule28(groups[0])),
            "late",
        ),
        (
            "Deadline in horizon, not booked",
            grouped(missed as f64),
            format!("28-day rule: {}", rule28(groups[1])),
            "missed",
        ),
        (
            "Deadline passed before the start",
            grouped(passed as f64),
            format!("28-day rule: {}", rule28(groups[2])),
            "passed",
        ),
        (
            "Theatre utilisation",
            format!("{:.1}%", 100.0 * s.utilisation.utilisation),
            format!(
                "{} of {} lists used",
                grouped(s.utilisation.sessions_used as f64),
                grouped(s.utilisation.sessions.len() as f64)
            ),
            "utilisation",
        ),
        (
            "Plan cost",
            grouped(solver.objective),
            format!(
                "proven bound {} ({}) · gap {:.2}%",
                grouped(solver.best_bound),
                esc(&name_of(&solver.bound_source)),
                100.0 * solver.gap
            ),
            "cost",
        ),
    ];
    out.push_str("<section id=\"glance\"><h2>At a glance</h2><div class=\"cards\">\n");
    for (title, figure, note, id) in cards {
        let _ = writeln!(
            out,
            "<div class=\"card\" id=\"card-{id}\"><div class=\"t\">{title}</div>\
             <div class=\"f\" data-figure=\"{id}\">{figure}</div><div class=\"n\">{note}</div></div>"
        );
    }
    out.push_str("</div>\n<div class=\"tables\">");
    // By priority.
    out.push_str(
        "<table class=\"small\"><caption>Cases by priority</caption><thead><tr><th>Priority</th>\
         <th>In</th><th>Booked</th><th>Not booked</th><th>Booked late</th><th>Missed in horizon</th>\
         <th>Passed at start</th></tr></thead><tbody>",
    );
    for p in PRIORITIES {
        let row = s.cases_by_priority.get(p).copied().unwrap_or_default();
        if row.total == 0 {
            continue;
        }
        let by = |group: &Breaches| group.by_priority.get(p).copied().unwrap_or(0);
        let _ = write!(
            out,
            "<tr><td><span class=\"dot\" style=\"background:{}\"></span>{p}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            COLOURS[priority_index(p)],
            row.total,
            row.booked,
            row.unbooked,
            by(groups[0]),
            by(groups[1]),
            by(groups[2]),
        );
    }
    out.push_str("</tbody></table>");
    // By rule.
    out.push_str(
        "<table class=\"small\"><caption>Deadline breaches by rule</caption><thead><tr><th>Rule</th>\
         <th>Booked late</th><th>Missed in horizon</th><th>Passed at start</th></tr></thead><tbody>",
    );
    for rule in breaches.booked_late.by_rule.keys() {
        let by = |group: &Breaches| group.by_rule.get(rule).copied().unwrap_or(0);
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&rule.replace('_', " ")),
            by(groups[0]),
            by(groups[1]),
            by(groups[2]),
        );
    }
    out.push_str("</tbody></table>");
    // Long waits.
    out.push_str(
        "<table class=\"small\"><caption>Long waiters booked (RTT weeks since referral)</caption>\
         <thead><tr><th>Waited</th><th>Cases</th></tr></thead><tbody>",
    );
    for weeks in [52, 65, 78, 104] {
        let _ = write!(
            out,
            "<tr><td>over {weeks} weeks</td><td data-figure=\"rtt-{weeks}\">{}</td></tr>",
            s.rtt_weeks_waited_at_booking
                .get(&format!("over_{weeks}"))
                .copied()
                .unwrap_or(0)
        );
    }
    out.push_str("</tbody></table>");
    // Why cases were not booked, in a few lines; the full list is further down.
    out.push_str(
        "<table class=\"small\" id=\"reasons\"><caption>Why cases were not booked \
         (<a href=\"#unbooked\">full list</a>)</caption><thead><tr><th>Reason</th><th>Cases</th>\
         </tr></thead><tbody>",
    );
    for (kind, n) in reason_kinds(plan) {
        let _ = write!(out, "<tr><td>{}</td><td>{n}</td></tr>", esc(&kind));
    }
    out.push_str("</tbody></table></div></section>\n");
}

fn unbooked(out: &mut String, plan: &PlanData) {
    let _ = write!(
        out,
        "<section id=\"unbooked\"><h2>Not booked: {} cases</h2>",
        plan.unbooked.len()
    );
    let needed = &plan.summary.capacity_to_book_unbooked;
    if !needed.is_empty() {
        out.push_str(
            "<table class=\"small\"><caption>What capacity would book them (P5 and P6 left \
             out)</caption><thead><tr><th>Specialty</th><th>Cases</th><th>Theatre minutes \
             (with turnaround)</th><th>About this many 4-hour lists</th></tr></thead><tbody>",
        );
        for row in needed {
            let minutes = row.minutes;
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&row.specialty),
                row.cases,
                grouped(minutes as f64),
                minutes.div_ceil(240)
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str(
        "<p class=\"help\">Click a column heading to sort.</p><table class=\"sortable\" id=\"unbooked-table\">\
         <thead><tr><th data-sort=\"text\">Case</th><th data-sort=\"priority\">Priority</th>\
         <th data-sort=\"text\">Deadline</th><th data-sort=\"text\">Why not booked</th></tr></thead><tbody>",
    );
    for case in &plan.unbooked {
        let _ = write!(
            out,
            "<tr><td>{}</td><td data-key=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&case.case_id),
            priority_index(&case.priority),
            esc(&case.priority),
            case.deadline.map(|d| d.to_string()).unwrap_or_default(),
            esc(&case.reason)
        );
    }
    out.push_str("</tbody></table></section>\n");
}

/// A re-plan's changes: counts by kind, the price of keeping the baseline, and the
/// patients to tell.
fn changes(out: &mut String, plan: &PlanData) {
    let Some(replan) = &plan.summary.replan else {
        return;
    };
    let _ = write!(
        out,
        "<section id=\"changes\"><h2>Changes since the published plan</h2><p>Against {} \
         (freeze window {} days: {} bookings kept in it). Bookings the patient was told, \
         changed: {} chosen by the plan, {} forced by the new inputs; {} patients to \
         contact (contacts.csv).</p>",
        esc(&replan.baseline),
        replan.freeze_days,
        replan.frozen_kept,
        replan.notified_changed_unforced,
        replan.notified_changed_forced,
        replan.patients_to_contact
    );
    if let (Some(scratch), Some(price)) = (&replan.from_scratch, replan.price_of_stability) {
        let _ = write!(
            out,
            "<p>Planned from scratch instead ({:.0} s), the same inputs would change {} \
             chosen and {} forced bookings, at a clinical cost {} ({:+.2}% for keeping \
             the baseline).</p>",
            scratch.seconds,
            scratch.notified_changed_unforced,
            scratch.notified_changed_forced,
            grouped(scratch.clinical_cost),
            100.0 * price
        );
    }
    out.push_str("<table class=\"small\"><thead><tr>");
    for kind in replan.changes.keys() {
        let _ = write!(out, "<th>{}</th>", esc(kind));
    }
    out.push_str("</tr></thead><tbody><tr>");
    for count in replan.changes.values() {
        let _ = write!(out, "<td>{}</td>", grouped(*count as f64));
    }
    out.push_str("</tr></tbody></table>");
    out.push_str(
        "<table class=\"sortable\" id=\"changes-table\"><thead><tr>\
         <th data-sort=\"text\">Case</th><th data-sort=\"priority\">Priority</th>\
         <th data-sort=\"text\">Change</th><th data-sort=\"text\">Was</th>\
         <th data-sort=\"text\">Now</th><th data-sort=\"text\">Cause</th></tr></thead><tbody>",
    );
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for row in &plan.changes {
        let _ = write!(
            out,
            "<tr><td>{}</td><td data-key=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&row.case_id),
            priority_index(&row.priority),
            esc(&row.priority),
            esc(&row.change),
            date(row.old_date),
            date(row.new_date),
            esc(&row.cause)
        );
    }
    out.push_str("</tbody></table></section>\n");
}

/// Where patients were treated against where they are listed, each trust's lists lent
/// and used, and breaches by home site (plans whose cases give home sites).
fn mutual_aid(out: &mut String, s: &Summary) {
    let Some(aid) = &s.mutual_aid else { return };
    let trust = |t: &str| {
        if t.is_empty() {
            "home trust".to_string()
        } else {
            esc(t)
        }
    };
    let _ = write!(
        out,
        "<section id=\"mutual-aid\"><h2>Mutual aid</h2><p class=\"help\">{} patients treated \
         away from their home site, {} minutes of travel between them.</p><div class=\"tables\">\
         <table class=\"small\"><caption>Home site → site treated</caption><thead><tr>\
         <th data-sort>Home site</th><th data-sort>Site treated</th><th data-sort>Trust</th>\
         <th data-sort>Cases</th><th data-sort>Travel minutes</th></tr></thead><tbody>",
        grouped(aid.treated_away as f64),
        grouped(aid.travel_minutes as f64)
    );
    for t in &aid.transfers {
        let here = if t.home_site == t.site { " (home)" } else { "" };
        let site = format!("{}{here}", esc(&t.site));
        let cells = [esc(&t.home_site), site, trust(&t.trust)];
        table_row(out, &cells, &[t.cases as u64, t.travel_minutes]);
    }
    out.push_str(
        "</tbody></table><table class=\"small\"><caption>Each trust's lists</caption><thead><tr>\
         <th>Trust</th><th>Lists</th><th>Used</th><th>Lent (used by another trust's \
         patients)</th><th>Other trusts' cases</th></tr></thead><tbody>",
    );
    for t in &aid.trusts {
        let counts = [
            t.lists,
            t.lists_used,
            t.lists_lent,
            t.cases_from_other_trusts,
        ];
        table_row(out, &[trust(&t.trust)], &counts.map(|n| n as u64));
    }
    out.push_str(
        "</tbody></table><table class=\"small\"><caption>Deadline breaches by home site</caption>\
         <thead><tr><th>Home site</th><th>Cases</th><th>Booked late</th><th>Unbooked, deadline \
         in the horizon</th><th>Of them P1/P2</th></tr></thead><tbody>",
    );
    for h in &aid.breaches_by_home_site {
        let counts = [
            h.cases,
            h.booked_late,
            h.unbooked_deadline_in_horizon,
            h.urgent_breaches,
        ];
        table_row(out, &[esc(&h.home_site)], &counts.map(|n| n as u64));
    }
    out.push_str("</tbody></table></div></section>\n");
}

/// A table row: cells of escaped text, then counts.
fn table_row(out: &mut String, text: &[String], counts: &[u64]) {
    out.push_str("<tr>");
    for cell in text {
        let _ = write!(out, "<td>{cell}</td>");
    }
    for n in counts {
        let _ = write!(out, "<td>{}</td>", grouped(*n as f64));
    }
    out.push_str("</tr>");
}

fn inputs(out: &mut String, s: &Summary) {
    out.push_str("<section id=\"inputs\"><h2>Inputs</h2><table class=\"small\"><thead><tr><th>File</th><th>SHA-256</th></tr></thead><tbody>");
    for input in &s.inputs {
        let _ = write!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td></tr>",
            esc(&input.file),
            esc(&input.sha256)
        );
    }
    out.push_str("</tbody></table></section>\n");
}
