//! The report's charts, drawn as inline SVG: the timeline of each site's weeks, the
//! backlog over time, and each daily resource used against available.

use super::data::{
    backlog, priority_index, resource_series, site_weeks, BookedCase, PlanData, PRIORITIES,
};
use super::text::{esc, grouped, COLOURS};
use chrono::{NaiveDate, NaiveTime, Timelike};
use std::collections::HashMap;
use std::fmt::Write;

/// The timeline's day columns (each spans the hours of the plan's lists).
const DAY_WIDTH: f64 = 170.0;
const ROW_HEIGHT: f64 = 26.0;
const LABEL_WIDTH: f64 = 90.0;

fn minutes_of(time: NaiveTime) -> f64 {
    f64::from(time.hour() * 60 + time.minute())
}

pub(super) fn timeline(out: &mut String, plan: &PlanData, identifiers: bool) {
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

pub(super) fn backlog_chart(out: &mut String, plan: &PlanData) {
    let days = backlog(plan);
    out.push_str(
        "<section id=\"backlog\"><h2>The backlog over time</h2><p class=\"help\">Cases still \
         waiting at the end of each day, by priority (P5 and P6, who chose to wait, left out), \
         and how many of them have passed their deadline (dashed black line).</p>",
    );
    legend(out, false);
    let most = days
        .iter()
        .map(|d| d.waiting.iter().sum::<usize>().max(d.overdue) as u64)
        .max()
        .unwrap_or(0);
    let plot = DayPlot::new(280.0, days.len(), most);
    let (x, y, top, step) = (plot.x(), plot.y(), plot.top, plot.step);
    plot.open(out, "Cases waiting per day by priority");
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
        (top, step),
        &x,
        &y,
        plot.base(),
    );
    // One row a week, or one a point when the points are more than a week apart.
    let apart = match days.as_slice() {
        [first, second, ..] => (second.date - first.date).num_days().max(1) as usize,
        _ => 1,
    };
    let every = (7 / apart).max(1);
    let caption = if apart >= 7 {
        format!("every {apart} days")
    } else {
        "by week".to_string()
    };
    let _ = write!(out, "</svg><details><summary>Table of the backlog {caption}</summary><table class=\"small\"><thead><tr><th>Day</th>");
    for p in PRIORITIES.iter().take(5) {
        let _ = write!(out, "<th>{p}</th>");
    }
    out.push_str("<th>Waiting</th><th>Past deadline</th></tr></thead><tbody>");
    for d in days.iter().step_by(every) {
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

/// A chart of counts over days, 900 wide: where a day's point and a count fall.
pub(crate) struct DayPlot {
    height: f64,
    points: usize,
    /// The count axis' top and step (`whole_ticks`).
    pub top: f64,
    pub step: f64,
}

impl DayPlot {
    const WIDTH: f64 = 900.0;
    const LEFT: f64 = 60.0;
    const BOTTOM: f64 = 30.0;

    /// `points` days on the x axis; counts up to `most`.
    pub fn new(height: f64, points: usize, most: u64) -> DayPlot {
        let (top, step) = whole_ticks(most);
        DayPlot {
            height,
            points,
            top,
            step,
        }
    }

    /// The x of the day at index i.
    pub fn x(&self) -> impl Fn(usize) -> f64 {
        let n = self.points.max(2) as f64 - 1.0;
        move |i| Self::LEFT + (Self::WIDTH - Self::LEFT - 10.0) * i as f64 / n
    }

    /// The y of a count.
    pub fn y(&self) -> impl Fn(f64) -> f64 {
        let (height, top) = (self.height, self.top);
        move |v| 10.0 + (height - Self::BOTTOM - 10.0) * (1.0 - v / top)
    }

    /// The y of the date axis.
    pub fn base(&self) -> f64 {
        self.height - Self::BOTTOM
    }

    /// Opens the chart's `<svg>` with its accessible name.
    pub fn open(&self, out: &mut String, label: &str) {
        let (width, height) = (Self::WIDTH, self.height);
        let _ = write!(
            out,
            "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
             role=\"img\" aria-label=\"{label}\">"
        );
    }
}

/// An SVG path through the points, in order.
pub(crate) fn path_through(points: impl Iterator<Item = (f64, f64)>) -> String {
    let mut path = String::new();
    for (i, (x, y)) in points.enumerate() {
        let _ = write!(path, "{}{x:.1},{y:.1} ", if i == 0 { "M" } else { "L" });
    }
    path
}

/// The top of a count axis and the step between its ticks: whole numbers, distinct,
/// 1, 2 or 5 times a power of ten apart, at most five steps, the top a whole step at or
/// above `most` (at least 1).
pub(crate) fn whole_ticks(most: u64) -> (f64, f64) {
    let most = most.max(1);
    let mut power = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * power;
            if most.div_ceil(step) <= 5 {
                return ((most.div_ceil(step) * step) as f64, step as f64);
            }
        }
        power *= 10;
    }
}

/// Date ticks (about six) and value ticks (`whole_ticks`: top and step) for a chart.
pub(crate) fn axes(
    out: &mut String,
    dates: &[NaiveDate],
    (top, tick): (f64, f64),
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
    let ticks = (top / tick).round() as u32;
    for k in 0..=ticks {
        let v = tick * f64::from(k);
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

pub(super) fn resources(out: &mut String, plan: &PlanData) {
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
        let place = if site.is_empty() {
            "all sites".to_string()
        } else {
            site.clone()
        };
        let used: u64 = days.iter().map(|d| d.used).sum();
        let available: u64 = days.iter().map(|d| d.available).sum();
        // Nothing to draw: a sentence says so rather than an empty chart.
        if used == 0 && available == 0 {
            let _ = write!(
                out,
                "<figure><figcaption>{} · {}</figcaption><p class=\"help\">None available on \
                 any day of the horizon, and none used.</p></figure>",
                esc(resource),
                esc(&place)
            );
            continue;
        }
        let (top, step) = whole_ticks(
            days.iter()
                .map(|d| d.used.max(d.available))
                .max()
                .unwrap_or(0),
        );
        let n = days.len().max(1) as f64;
        let bar = (width - left - 10.0) / n;
        let x = |i: usize| left + bar * i as f64;
        let y = |v: f64| 10.0 + (height - bottom - 10.0) * (1.0 - v / top);
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
        axes(
            out,
            &dates,
            (top, step),
            &|i| x(i) + bar / 2.0,
            &y,
            height - bottom,
        );
        out.push_str("</svg></figure>");
    }
    out.push_str("</div></section>\n");
}

#[cfg(test)]
mod tests {
    use super::whole_ticks;

    #[test]
    fn count_axes_have_distinct_whole_ticks() {
        // A limit of 3: 0, 1, 2, 3 (not 3, 2, 2, 1, 1, 0).
        assert_eq!(whole_ticks(3), (3.0, 1.0));
        assert_eq!(whole_ticks(0), (1.0, 1.0));
        assert_eq!(whole_ticks(7), (8.0, 2.0));
        assert_eq!(whole_ticks(24), (25.0, 5.0));
        assert_eq!(whole_ticks(1_234), (1_500.0, 500.0));
    }
}
