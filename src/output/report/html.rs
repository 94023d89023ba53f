//! Drawing the report: one HTML page with inline CSS, SVG and a little script (week
//! navigation, sorting), nothing fetched from anywhere.

use super::data::{
    backlog, priority_index, reason_kinds, resource_series, site_weeks, BookedCase, PlanData,
    PRIORITIES,
};
use chrono::{NaiveDate, NaiveTime, Timelike};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write;

/// Colours by priority (colour-blind safe, dark for urgent), indexed like `PRIORITIES`.
const COLOURS: [&str; 7] = [
    "#67001f", "#b2182b", "#d6604d", "#4393c3", "#92c5de", "#bababa", "#bababa",
];

/// The timeline's day columns (each spans the hours of the plan's lists).
const DAY_WIDTH: f64 = 170.0;
const ROW_HEIGHT: f64 = 26.0;
const LABEL_WIDTH: f64 = 90.0;

/// Escapes text for HTML and SVG.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or(0.0)
}

fn count(value: &Value) -> u64 {
    value.as_u64().unwrap_or(0)
}

/// Thousands separated, as a scheduler reads figures.
fn grouped(n: f64) -> String {
    let whole = n.round() as i64;
    let digits = whole.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if whole < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn minutes_of(time: NaiveTime) -> f64 {
    f64::from(time.hour() * 60 + time.minute())
}

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
        esc(s["tool"].as_str().unwrap_or("rebook")),
        grouped(number(&s["cases"]["in"])),
        esc(s["solver"]["status"].as_str().unwrap_or("")),
        100.0 * number(&s["solver"]["gap"]),
    );
    headline(&mut out, plan);
    timeline(&mut out, plan, identifiers);
    backlog_chart(&mut out, plan);
    resources(&mut out, plan);
    unbooked(&mut out, plan);
    inputs(&mut out, s);
    let _ = write!(out, "</main>\n<script>{SCRIPT}</script>\n</body></html>\n");
    out
}

fn headline(out: &mut String, plan: &PlanData) {
    let s = &plan.summary;
    let solver = &s["solver"];
    let breaches = &s["breaches"];
    let late = count(&breaches["booked_late"]["total"]);
    let missed = count(&breaches["unbooked_deadline_in_horizon"]["total"]);
    let passed = count(&breaches["deadline_passed_at_start"]["total"]);
    let rule28 = |group: &str| count(&breaches[group]["by_rule"]["28_day_rule"]);
    let cards = [
        (
            "Booked",
            grouped(number(&s["cases"]["booked"])),
            format!("of {} cases", grouped(number(&s["cases"]["in"]))),
            "booked",
        ),
        (
            "Not booked",
            grouped(number(&s["cases"]["unbooked"])),
            "each with its reason below".to_string(),
            "unbooked",
        ),
        (
            "Booked after deadline",
            grouped(late as f64),
            format!("28-day rule: {}", rule28("booked_late")),
            "late",
        ),
        (
            "Deadline in horizon, not booked",
            grouped(missed as f64),
            format!("28-day rule: {}", rule28("unbooked_deadline_in_horizon")),
            "missed",
        ),
        (
            "Deadline passed before the start",
            grouped(passed as f64),
            format!("28-day rule: {}", rule28("deadline_passed_at_start")),
            "passed",
        ),
        (
            "Theatre utilisation",
            format!("{:.1}%", 100.0 * number(&s["utilisation"]["utilisation"])),
            format!(
                "{} of {} lists used",
                grouped(number(&s["utilisation"]["sessions_used"])),
                grouped(s["utilisation"]["sessions"].as_array().map_or(0, Vec::len) as f64)
            ),
            "utilisation",
        ),
        (
            "Plan cost",
            grouped(number(&solver["objective"])),
            format!(
                "proven bound {} ({}) · gap {:.2}%",
                grouped(number(&solver["best_bound"])),
                esc(solver["bound_source"].as_str().unwrap_or("")),
                100.0 * number(&solver["gap"])
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
        let row = &s["cases_by_priority"][p];
        if count(&row["in"]) == 0 {
            continue;
        }
        let by = |group: &str| count(&breaches[group]["by_priority"][p]);
        let _ = write!(
            out,
            "<tr><td><span class=\"dot\" style=\"background:{}\"></span>{p}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            COLOURS[priority_index(p)],
            count(&row["in"]),
            count(&row["booked"]),
            count(&row["unbooked"]),
            by("booked_late"),
            by("unbooked_deadline_in_horizon"),
            by("deadline_passed_at_start"),
        );
    }
    out.push_str("</tbody></table>");
    // By rule.
    out.push_str(
        "<table class=\"small\"><caption>Deadline breaches by rule</caption><thead><tr><th>Rule</th>\
         <th>Booked late</th><th>Missed in horizon</th><th>Passed at start</th></tr></thead><tbody>",
    );
    if let Some(rules) = breaches["booked_late"]["by_rule"].as_object() {
        for rule in rules.keys() {
            let by = |group: &str| count(&breaches[group]["by_rule"][rule]);
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&rule.replace('_', " ")),
                by("booked_late"),
                by("unbooked_deadline_in_horizon"),
                by("deadline_passed_at_start"),
            );
        }
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
            count(&s["rtt_weeks_waited_at_booking"][format!("over_{weeks}")])
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

fn timeline(out: &mut String, plan: &PlanData, identifiers: bool) {
    // Each day column runs over the whole hours that hold every list of the plan.
    let first = plan
        .sessions
        .iter()
        .map(|s| minutes_of(s.start))
        .fold(f64::INFINITY, f64::min);
    let last = plan
        .sessions
        .iter()
        .map(|s| minutes_of(s.end))
        .fold(0.0, f64::max);
    let day_start = if first.is_finite() {
        (first / 60.0).floor() * 60.0
    } else {
        0.0
    };
    let day_minutes = ((last / 60.0).ceil() * 60.0 - day_start).max(60.0);
    let mut by_session: HashMap<&str, Vec<&BookedCase>> = HashMap::new();
    for case in &plan.booked {
        by_session
            .entry(case.session_id.as_str())
            .or_default()
            .push(case);
    }
    out.push_str(
        "<section id=\"timeline\"><h2>Theatre lists</h2><p class=\"help\">Each bar is a list; \
         its cases are coloured by priority (hover for details, or open the table under each \
         week). Grey is time left unused.</p>",
    );
    legend(out, true);
    for (k, (site, weeks)) in site_weeks(plan).iter().enumerate() {
        let _ = write!(
            out,
            "<div class=\"site\" data-site=\"{k}\"><h3>{}</h3><nav class=\"weeknav\" \
             aria-label=\"Weeks at {}\"><button type=\"button\" class=\"prev\">◀ Previous week</button>\
             <select aria-label=\"Week\">",
            esc(site),
            esc(site)
        );
        for (w, week) in weeks.iter().enumerate() {
            let _ = write!(
                out,
                "<option value=\"{w}\">Week of {}</option>",
                week.monday.format("%a %d %b %Y")
            );
        }
        out.push_str("</select><button type=\"button\" class=\"next\">Next week ▶</button></nav>");
        for (w, week) in weeks.iter().enumerate() {
            let _ = write!(
                out,
                "<div class=\"week\" data-week=\"{w}\"><h4>Week of {}</h4>",
                week.monday.format("%a %d %b %Y")
            );
            let width = LABEL_WIDTH + DAY_WIDTH * week.days.len() as f64;
            let height = 24.0 + ROW_HEIGHT * week.theatres.len() as f64;
            let _ = write!(
                out,
                "<svg class=\"tl\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
                 role=\"img\" aria-label=\"Lists at {} in the week of {}\">",
                esc(site),
                week.monday
            );
            for (d, day) in week.days.iter().enumerate() {
                let x = LABEL_WIDTH + DAY_WIDTH * d as f64;
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"15\" class=\"day\">{}</text><line x1=\"{x}\" y1=\"20\" x2=\"{x}\" \
                     y2=\"{height}\" class=\"grid\"/>",
                    x + 4.0,
                    day.format("%a %d %b")
                );
            }
            for (r, theatre) in week.theatres.iter().enumerate() {
                let y = 24.0 + ROW_HEIGHT * r as f64;
                let _ = write!(
                    out,
                    "<text x=\"4\" y=\"{}\" class=\"th\">{}</text>",
                    y + 17.0,
                    esc(theatre)
                );
            }
            let mut rows = String::new();
            for &i in &week.sessions {
                let session = &plan.sessions[i];
                let (Some(d), Some(r)) = (
                    week.days.iter().position(|d| *d == session.date),
                    week.theatres.iter().position(|t| *t == session.theatre),
                ) else {
                    continue;
                };
                let x_of = |time: NaiveTime| {
                    let into = ((minutes_of(time) - day_start) / day_minutes).clamp(0.0, 1.0);
                    LABEL_WIDTH + DAY_WIDTH * d as f64 + 2.0 + (DAY_WIDTH - 4.0) * into
                };
                let y = 24.0 + ROW_HEIGHT * r as f64 + 3.0;
                let (x0, x1) = (x_of(session.start), x_of(session.end));
                let _ = write!(
                    out,
                    "<rect x=\"{x0:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"{}\" class=\"list\">\
                     <title>{} · {} · {}–{} · {} of {} min used</title></rect>",
                    (x1 - x0).max(1.0),
                    ROW_HEIGHT - 6.0,
                    esc(&session.session_id),
                    esc(&session.specialty),
                    session.start.format("%H:%M"),
                    session.end.format("%H:%M"),
                    session.used_minutes,
                    session.minutes
                );
                let cases = by_session
                    .get(session.session_id.as_str())
                    .cloned()
                    .unwrap_or_default();
                let _ = write!(
                    rows,
                    "<tr><th scope=\"row\">{} {}</th><td>{}</td><td>{}–{}</td><td>{}</td><td>",
                    session.date.format("%a %d %b"),
                    esc(&session.theatre),
                    esc(&session.session_id),
                    session.start.format("%H:%M"),
                    session.end.format("%H:%M"),
                    esc(&session.specialty)
                );
                if cases.is_empty() {
                    rows.push_str("(no case)");
                }
                for case in &cases {
                    let (a, b) = (x_of(case.start), x_of(case.end));
                    let who = if identifiers && !case.patient_id.is_empty() {
                        format!(" · patient {}", esc(&case.patient_id))
                    } else {
                        String::new()
                    };
                    let describe = format!(
                        "{} · {} · {} · {} · {}–{}{}",
                        esc(&case.case_id),
                        esc(&case.priority),
                        esc(if case.procedure.is_empty() {
                            &case.specialty
                        } else {
                            &case.procedure
                        }),
                        esc(if case.surgeon.is_empty() {
                            "no surgeon named"
                        } else {
                            &case.surgeon
                        }),
                        case.start.format("%H:%M"),
                        case.end.format("%H:%M"),
                        who
                    );
                    let _ = write!(
                        out,
                        "<rect x=\"{a:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"{}\" fill=\"{}\" class=\"case\">\
                         <title>{describe}</title></rect>",
                        (b - a).max(0.8),
                        ROW_HEIGHT - 6.0,
                        COLOURS[priority_index(&case.priority)]
                    );
                    let _ = write!(rows, "<div>{describe}</div>");
                }
                rows.push_str("</td></tr>");
            }
            let _ = write!(
                out,
                "</svg><details><summary>Table of this week's lists</summary><table class=\"small\">\
                 <thead><tr><th>Day and theatre</th><th>List</th><th>Times</th><th>Specialty</th>\
                 <th>Cases (id · priority · procedure · surgeon · times)</th></tr></thead><tbody>{rows}\
                 </tbody></table></details></div>"
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
}

fn legend(out: &mut String, unused: bool) {
    out.push_str("<p class=\"legend\">");
    for (p, colour) in PRIORITIES.iter().zip(COLOURS).take(5) {
        let _ = write!(
            out,
            "<span><span class=\"dot\" style=\"background:{colour}\"></span>{p}</span>"
        );
    }
    if unused {
        out.push_str("<span><span class=\"dot free\"></span>unused time</span>");
    }
    out.push_str("</p>");
}

fn backlog_chart(out: &mut String, plan: &PlanData) {
    let days = backlog(plan);
    out.push_str(
        "<section id=\"backlog\"><h2>The backlog over time</h2><p class=\"help\">Cases still \
         waiting at the end of each day, by priority (P5 and P6, who chose to wait, left out), \
         and how many of them have passed their deadline (dashed black line).</p>",
    );
    legend(out, false);
    let (width, height, left, bottom) = (900.0, 280.0, 60.0, 30.0);
    let top = days
        .iter()
        .map(|d| d.waiting.iter().sum::<usize>().max(d.overdue))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = days.len().max(2) as f64 - 1.0;
    let x = |i: usize| left + (width - left - 10.0) * i as f64 / n;
    let y = |v: f64| 10.0 + (height - bottom - 10.0) * (1.0 - v / top);
    let _ = write!(
        out,
        "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-label=\"Cases waiting per day by priority\">"
    );
    // Stacked areas, most urgent at the bottom.
    let mut below = vec![0.0; days.len()];
    for (p, colour) in COLOURS.iter().enumerate().take(5) {
        let above: Vec<f64> = days
            .iter()
            .zip(&below)
            .map(|(d, b)| b + d.waiting[p] as f64)
            .collect();
        let mut path = path_through(above.iter().enumerate().map(|(i, v)| (x(i), y(*v))));
        for (i, v) in below.iter().enumerate().rev() {
            let _ = write!(path, "L{:.1},{:.1} ", x(i), y(*v));
        }
        let _ = write!(
            out,
            "<path d=\"{path}Z\" fill=\"{}\" opacity=\"0.85\"/>",
            colour
        );
        below = above;
    }
    let line = path_through(
        days.iter()
            .enumerate()
            .map(|(i, d)| (x(i), y(d.overdue as f64))),
    );
    let _ = write!(out, "<path d=\"{line}\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>");
    axes(
        out,
        &days.iter().map(|d| d.date).collect::<Vec<_>>(),
        top,
        &x,
        &y,
        height - bottom,
    );
    out.push_str("</svg><details><summary>Table of the backlog by week</summary><table class=\"small\"><thead><tr><th>Day</th>");
    for p in PRIORITIES.iter().take(5) {
        let _ = write!(out, "<th>{p}</th>");
    }
    out.push_str("<th>Waiting</th><th>Past deadline</th></tr></thead><tbody>");
    for d in days.iter().step_by(7) {
        let _ = write!(out, "<tr><td>{}</td>", d.date.format("%a %d %b %Y"));
        for w in d.waiting {
            let _ = write!(out, "<td>{w}</td>");
        }
        let _ = write!(
            out,
            "<td>{}</td><td>{}</td></tr>",
            d.waiting.iter().sum::<usize>(),
            d.overdue
        );
    }
    out.push_str("</tbody></table></details></section>\n");
}

/// An SVG path through the points, in order.
fn path_through(points: impl Iterator<Item = (f64, f64)>) -> String {
    let mut path = String::new();
    for (i, (x, y)) in points.enumerate() {
        let _ = write!(path, "{}{x:.1},{y:.1} ", if i == 0 { "M" } else { "L" });
    }
    path
}

/// Date ticks (about six) and value ticks (five) for a chart.
fn axes(
    out: &mut String,
    dates: &[NaiveDate],
    top: f64,
    x: &dyn Fn(usize) -> f64,
    y: &dyn Fn(f64) -> f64,
    base: f64,
) {
    let step = (dates.len() / 6).max(1);
    for (i, date) in dates.iter().enumerate().step_by(step) {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
            x(i),
            base + 18.0,
            date.format("%d %b")
        );
    }
    for k in 0..=4 {
        let v = top * f64::from(k) / 4.0;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text><line x1=\"{:.1}\" \
             y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"grid\"/>",
            x(0) - 6.0,
            y(v) + 4.0,
            grouped(v),
            x(0),
            y(v),
            x(dates.len().saturating_sub(1)),
            y(v)
        );
    }
}

fn resources(out: &mut String, plan: &PlanData) {
    let series = resource_series(plan);
    out.push_str("<section id=\"resources\"><h2>Daily counted resources</h2>");
    if series.is_empty() {
        out.push_str("<p>No resource limits were given (resources.csv).</p></section>\n");
        return;
    }
    out.push_str(
        "<p class=\"help\">Cases booked that use each limited resource per day (bars) against \
         what is available (line).</p><div class=\"resources\">",
    );
    for ((resource, site), days) in &series {
        let (width, height, left, bottom) = (440.0, 170.0, 40.0, 26.0);
        let top = days
            .iter()
            .map(|d| d.used.max(d.available))
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        let n = days.len().max(1) as f64;
        let bar = (width - left - 10.0) / n;
        let x = |i: usize| left + bar * i as f64;
        let y = |v: f64| 10.0 + (height - bottom - 10.0) * (1.0 - v / top);
        let place = if site.is_empty() {
            "all sites".to_string()
        } else {
            site.clone()
        };
        let used: u64 = days.iter().map(|d| d.used).sum();
        let available: u64 = days.iter().map(|d| d.available).sum();
        let _ = write!(
            out,
            "<figure><figcaption>{} · {} · {used} used of {available}</figcaption><svg viewBox=\"0 0 {width} {height}\" \
             width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{} at {} per day\">",
            esc(resource),
            esc(&place),
            esc(resource),
            esc(&place)
        );
        let mut line = String::new();
        for (i, d) in days.iter().enumerate() {
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#4393c3\"><title>{}: {} used of {}</title></rect>",
                x(i) + 0.5,
                y(d.used as f64),
                (bar - 1.0).max(0.5),
                y(0.0) - y(d.used as f64),
                d.date.format("%a %d %b"),
                d.used,
                d.available
            );
            let _ = write!(
                line,
                "{}{:.1},{:.1} L{:.1},{:.1} ",
                if i == 0 { "M" } else { "L" },
                x(i),
                y(d.available as f64),
                x(i) + bar,
                y(d.available as f64)
            );
        }
        let _ = write!(
            out,
            "<path d=\"{line}\" fill=\"none\" stroke=\"#b2182b\" stroke-width=\"2\"/>"
        );
        let dates: Vec<NaiveDate> = days.iter().map(|d| d.date).collect();
        axes(out, &dates, top, &|i| x(i) + bar / 2.0, &y, height - bottom);
        out.push_str("</svg></figure>");
    }
    out.push_str("</div></section>\n");
}

fn unbooked(out: &mut String, plan: &PlanData) {
    let _ = write!(
        out,
        "<section id=\"unbooked\"><h2>Not booked: {} cases</h2>",
        plan.unbooked.len()
    );
    if let Some(needed) = plan.summary["capacity_to_book_unbooked"]
        .as_array()
        .filter(|n| !n.is_empty())
    {
        out.push_str(
            "<table class=\"small\"><caption>What capacity would book them (P5 and P6 left \
             out)</caption><thead><tr><th>Specialty</th><th>Cases</th><th>Theatre minutes \
             (with turnaround)</th><th>About this many 4-hour lists</th></tr></thead><tbody>",
        );
        for row in needed {
            let minutes = count(&row["minutes"]);
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(row["specialty"].as_str().unwrap_or("")),
                count(&row["cases"]),
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

fn inputs(out: &mut String, s: &Value) {
    out.push_str("<section id=\"inputs\"><h2>Inputs</h2><table class=\"small\"><thead><tr><th>File</th><th>SHA-256</th></tr></thead><tbody>");
    for input in s["inputs"].as_array().into_iter().flatten() {
        let _ = write!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td></tr>",
            esc(input["file"].as_str().unwrap_or("")),
            esc(input["sha256"].as_str().unwrap_or(""))
        );
    }
    out.push_str("</tbody></table></section>\n");
}

const STYLE: &str = "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222;background:#fafafa}\
header{background:#005eb8;color:#fff;padding:12px 24px}header h1{margin:0;font-size:22px}.sub{margin:2px 0 0;opacity:.9}\
main{padding:8px 24px 40px}h2{margin:28px 0 8px;font-size:18px;border-bottom:2px solid #005eb8}h3{margin:16px 0 4px}h4{margin:8px 0 4px;font-weight:normal;color:#555}\
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:160px}\
.card .t{font-size:12px;color:#555}.card .f{font-size:26px;font-weight:600}.card .n{font-size:12px;color:#555}\
.tables{display:flex;flex-wrap:wrap;gap:16px;margin-top:12px;align-items:flex-start}\
table{border-collapse:collapse;background:#fff}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}\
caption{text-align:left;font-weight:600;padding:4px 0}table.small{font-size:12px}th[data-sort]{cursor:pointer;background:#eef3f8}\
.dot{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:middle}.dot.free{background:#e6e6e6;border:1px solid #999}\
.legend span{margin-right:12px;font-size:12px}.help{color:#555;font-size:12px;margin:2px 0 6px}\
svg{background:#fff;border:1px solid #ddd;max-width:100%;height:auto}svg text{font-size:11px;fill:#333}\
.grid{stroke:#e3e3e3;stroke-width:1}.list{fill:#e6e6e6;stroke:#999;stroke-width:.6}.case{stroke:#fff;stroke-width:.5}\
.weeknav{margin:4px 0}.weeknav button,.weeknav select{font:inherit;margin-right:6px}\
.js .week{display:none}.js .week.shown{display:block}.resources{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px;font-weight:600}\
details{margin:4px 0 12px}summary{cursor:pointer;color:#005eb8}";

const SCRIPT: &str = r#"
(function () {
  document.documentElement.classList.add('js');
  document.querySelectorAll('.site').forEach(function (site) {
    var weeks = site.querySelectorAll('.week');
    var select = site.querySelector('select');
    var show = function (k) {
      k = Math.max(0, Math.min(weeks.length - 1, k));
      weeks.forEach(function (w, i) { w.classList.toggle('shown', i === k); });
      if (select) { select.value = String(k); }
    };
    site.querySelector('.prev').addEventListener('click', function () { show(Number(select.value) - 1); });
    site.querySelector('.next').addEventListener('click', function () { show(Number(select.value) + 1); });
    select.addEventListener('change', function () { show(Number(select.value)); });
    show(0);
  });
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th[data-sort]').forEach(function (th, column) {
      var ascending = true;
      th.addEventListener('click', function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[column];
          return th.dataset.sort === 'priority' ? Number(cell.dataset.key) : cell.textContent;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        ascending = !ascending;
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  document.body.dataset.ready = 'yes';
  document.body.dataset.loadedMs = String(Math.round(performance.now()));
})();
"#;
