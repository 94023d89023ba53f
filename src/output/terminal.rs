//! The short human summary printed after a plan.

use crate::domain::Priority;
use crate::output::summary::Summary;
use std::fmt::Write;

pub fn render(summary: &Summary, out_dir: &str) -> String {
    let mut text = String::new();
    let c = &summary.cases;
    let _ = writeln!(
        text,
        "rebook: planned {} cases from {} to {}: {} booked, {} not booked",
        c.total, summary.planning_start, summary.horizon_end, c.booked, c.unbooked
    );
    if let Some(scenario) = &summary.scenario {
        let _ = writeln!(
            text,
            "  scenario \"{}\" ({}): {}",
            scenario.name,
            scenario.file,
            scenario.changes.join("; ")
        );
    }
    let mut parts = Vec::new();
    for p in Priority::ALL {
        if let Some(counts) = summary
            .cases_by_priority
            .get(p.label())
            .filter(|n| n.total > 0)
        {
            parts.push(format!("{p} {}/{}", counts.booked, counts.total));
        }
    }
    let _ = writeln!(text, "  booked by priority: {}", parts.join(", "));
    let b = &summary.breaches;
    let _ = writeln!(
        text,
        "  deadline breaches: {} booked late (P1/P2: {}), {} unbooked with a deadline in the horizon, {} already past at the start",
        b.booked_late.total,
        ["P1a", "P1b", "P2"].iter().map(|p| b.booked_late.by_priority.get(*p).copied().unwrap_or(0)).sum::<usize>(),
        b.unbooked_deadline_in_horizon.total,
        b.deadline_passed_at_start.total
    );
    let _ = writeln!(
        text,
        "  28-day rule breaches: {} booked late, {} unbooked",
        b.booked_late
            .by_rule
            .get("28_day_rule")
            .copied()
            .unwrap_or(0),
        b.unbooked_deadline_in_horizon
            .by_rule
            .get("28_day_rule")
            .copied()
            .unwrap_or(0)
    );
    let u = &summary.utilisation;
    let _ = writeln!(
        text,
        "  theatre utilisation: {:.1}% of {} sessions' minutes ({} sessions used)",
        u.utilisation * 100.0,
        u.sessions.len(),
        u.sessions_used
    );
    let s = &summary.solver;
    let bound = format!("bound {:.0}, gap {:.2}%", s.best_bound, s.gap * 100.0);
    let _ = writeln!(
        text,
        "  objective {:.0} ({bound}); solver {:?}, plan from {:?}; {:.1} s",
        s.objective, s.status, s.plan_source, summary.time_seconds
    );
    let mut files =
        "schedule.csv, unscheduled.csv, summary.json, report.html, plan.xlsx".to_string();
    if let Some(replan) = &summary.replan {
        let _ = writeln!(
            text,
            "  re-plan against {}: told bookings changed {} by choice, {} forced; {} patients to contact",
            replan.baseline,
            replan.notified_changed_unforced,
            replan.notified_changed_forced,
            replan.patients_to_contact
        );
        if let Some(cap) = &replan.max_moves {
            let how = match cap.price {
                Some(price) if price > 0.0 => {
                    format!("kept by a price of {price:.0} points a change")
                }
                Some(_) => "not binding".to_string(),
                None => "kept by keeping every told booking".to_string(),
            };
            let _ = writeln!(
                text,
                "  --max-moves {}: {how} ({} runs)",
                cap.max_moves,
                cap.runs.len()
            );
        }
        if let (Some(scratch), Some(price)) = (&replan.from_scratch, replan.price_of_stability) {
            let _ = writeln!(
                text,
                "  from scratch instead: {} changed by choice, clinical cost {:+.2}% for keeping the baseline",
                scratch.notified_changed_unforced,
                100.0 * price
            );
        }
        files.push_str(", changes.csv, contacts.csv");
    }
    let _ = writeln!(text, "  written to {out_dir}: {files}");
    text
}
