//! `rebook generate`: the flags checked into a scenario's settings, and the files written.

use crate::app::cli::GenerateArgs;
use crate::app::print;
use crate::domain::error::{Error, Result};
use crate::generate::{ListLength, Mix, Scenario, Shape};
use crate::io::input::field::parse_date;
use chrono::NaiveDate;

pub fn run(args: &GenerateArgs) -> Result<()> {
    let scenario = settings(args)?;
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
                "--trusts is for --scenario region (incident is one trust)".into(),
            ))
        }
        "region" => args.trusts.unwrap_or(4),
        other => {
            return Err(Error::Usage(format!(
                "unknown scenario \"{other}\" (available: incident, region)"
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
