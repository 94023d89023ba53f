//! `rebook generate`: the flags checked into a scenario's settings, and the files written;
//! with `--event`, the inputs of a published plan a few days on, after an event.

use crate::app::cli::GenerateArgs;
use crate::app::inputs;
use crate::app::print;
use crate::domain::error::{Error, Result};
use crate::domain::Rules;
use crate::generate::events::{self, Event, EventSettings};
use crate::generate::{ListLength, Mix, Scenario, Shape};
use crate::io::input::field::parse_date;
use crate::io::InputFiles;
use chrono::NaiveDate;

pub fn run(args: &GenerateArgs) -> Result<()> {
    if let Some(kind) = &args.event {
        return run_event(args, kind);
    }
    let scenario = settings(args)?;
    if args.scenario == "mutual-aid" {
        let (cases, sessions) = crate::generate::mutual_aid::write(&scenario, &args.out)?;
        let hit = crate::generate::mutual_aid::hit(scenario.trusts);
        return print(&format!(
            "rebook: wrote {cases} cases and {sessions} sessions of {} trusts ({hit} without \
             cross-matched blood for weeks) and travel.csv to {}\n",
            scenario.trusts,
            args.out.display()
        ));
    }
    let written = scenario.write(&args.out)?;
    print(&format!(
        "rebook: wrote {} cases and {} sessions to {} (demand at {:.0}% of the lists' minutes)\n",
        written.cases,
        written.sessions,
        args.out.display(),
        100.0 * written.load
    ))
}

/// The scenario the flags ask for.
fn settings(args: &GenerateArgs) -> Result<Scenario> {
    let trusts = match args.scenario.as_str() {
        "incident" if args.trusts.is_none() => 1,
        "incident" => {
            return Err(Error::Usage(
                "--trusts is for --scenario region or mutual-aid (incident is one trust)".into(),
            ))
        }
        "region" => args.trusts.unwrap_or(4),
        "mutual-aid" => match args.trusts.unwrap_or(4) {
            1 => {
                return Err(Error::Usage(
                    "--scenario mutual-aid needs at least 2 trusts (one hit, one lending)".into(),
                ))
            }
            n => n,
        },
        other => {
            return Err(Error::Usage(format!(
                "unknown scenario \"{other}\" (available: incident, region, mutual-aid)"
            )))
        }
    };
    if args.cases == 0 || args.cases > 1_000_000 {
        return Err(Error::Usage("--cases must be from 1 to 1000000".into()));
    }
    if trusts == 0 || trusts > 26 || trusts > args.cases {
        return Err(Error::Usage(
            "--trusts must be from 1 to 26 and at most --cases".into(),
        ));
    }
    let start = match &args.start {
        Some(text) => parse_date(text).map_err(|e| Error::Usage(format!("--start: {e}")))?,
        None => NaiveDate::from_ymd_opt(2024, 7, 1).expect("valid date"),
    };
    Ok(Scenario {
        cases: args.cases,
        seed: args.seed,
        start,
        trusts,
        shape: shape(args)?,
    })
}

/// The scenario's knobs, each checked against its range.
fn shape(args: &GenerateArgs) -> Result<Shape> {
    let usage = |text: String| Err(Error::Usage(text));
    let defaults = Shape::default();
    let load = args.load.unwrap_or(defaults.load);
    if !(0.1..=5.0).contains(&load) {
        return usage("--load must be from 0.1 to 5".into());
    }
    let Some(mix) = Mix::parse(&args.mix) else {
        return usage(format!(
            "unknown --mix \"{}\" (available: {})",
            args.mix,
            Mix::NAMES.join(", ")
        ));
    };
    let Some(lists) = ListLength::parse(&args.lists) else {
        return usage(format!(
            "unknown --lists \"{}\" (available: {})",
            args.lists,
            ListLength::NAMES.join(", ")
        ));
    };
    for (flag, share) in [
        ("--open-lists", args.open_lists),
        ("--named-surgeons", args.named_surgeons),
        ("--on-call", args.on_call),
    ] {
        if !(0.0..=1.0).contains(&share) {
            return usage(format!("{flag} must be from 0 to 1"));
        }
    }
    if let Some(weeks) = args.weeks {
        if !(1..=52).contains(&weeks) {
            return usage("--weeks must be from 1 to 52".into());
        }
    }
    if !(0..=52).contains(&args.outage_weeks) {
        return usage("--outage-weeks must be from 0 to 52".into());
    }
    if args.unstaffed > 8 {
        return usage("--unstaffed must be from 0 to 8 (one specialty keeps its lists)".into());
    }
    Ok(Shape {
        load,
        mix,
        lists,
        open_lists: args.open_lists,
        named_surgeons: args.named_surgeons,
        on_call: args.on_call,
        outage_weeks: args.outage_weeks,
        weeks: args.weeks,
        unstaffed: args.unstaffed,
    })
}

/// `--event KIND`: the inputs of `--in` a few days on, after the event.
fn run_event(args: &GenerateArgs, kind: &str) -> Result<()> {
    let days = |default: i64| -> Result<i64> {
        let days = args.days.unwrap_or(default);
        if !(1..=365).contains(&days) {
            return Err(Error::Usage("--days must be from 1 to 365".into()));
        }
        Ok(days)
    };
    let share = |default: f64| -> Result<f64> {
        let share = args.share.unwrap_or(default);
        if !(share > 0.0 && share <= 1.0) {
            return Err(Error::Usage("--share must be above 0 and at most 1".into()));
        }
        Ok(share)
    };
    let event = match kind {
        "advance" => Event::Advance,
        "lab-early" => Event::LabEarly(days(7)?),
        "lab-late" => Event::LabLate(days(7)?),
        "surgeon-away" => Event::SurgeonAway(days(14)?),
        "theatre-closed" => Event::TheatreClosed(days(3)?),
        "more-cancellations" => Event::MoreCancellations(share(0.1)?),
        "patients-declining" => Event::PatientsDeclining(share(0.05)?),
        other => {
            return Err(Error::Usage(format!(
                "unknown event \"{other}\" (available: advance, lab-early, lab-late, \
                 surgeon-away, theatre-closed, more-cancellations, patients-declining)"
            )))
        }
    };
    if !(0..=365).contains(&args.advance_days) {
        return Err(Error::Usage("--advance-days must be from 0 to 365".into()));
    }
    let (Some(input), Some(baseline)) = (&args.input_dir, &args.baseline) else {
        return Err(Error::Usage(
            "--event needs --in DIR and --baseline PLAN_DIR".into(),
        ));
    };
    // The inputs must be valid before they are changed: their errors, not ours.
    let given_from = match &args.from {
        Some(text) => Some(parse_date(text).map_err(|e| Error::Usage(format!("--from: {e}")))?),
        None => None,
    };
    let files = InputFiles::in_folder(input);
    let loaded = inputs::load(&files, given_from, &Rules::default())?;
    let published = crate::io::baseline::read(baseline)?;
    let outcome = events::apply(
        input,
        Some(&published),
        &EventSettings {
            event,
            from: loaded.problem.planning_start,
            advance_days: args.advance_days,
            seed: args.seed,
            lab_resource: args.resource.clone(),
        },
        &args.out,
    )?;
    print(&format!(
        "rebook: {}; written to {} (re-plan with --from {} --baseline {})\n",
        outcome.summary,
        args.out.display(),
        outcome.new_start,
        baseline.display()
    ))
}
