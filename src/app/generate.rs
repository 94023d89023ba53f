//! `rebook generate`: the flags checked into a scenario's settings, and the files written.

use crate::app::cli::GenerateArgs;
use crate::app::print;
use crate::domain::error::{Error, Result};
use crate::generate::Scenario;
use crate::io::input::field::parse_date;
use chrono::NaiveDate;

pub fn run(args: &GenerateArgs) -> Result<()> {
    let scenario = settings(args)?;
    let written = scenario.write(&args.out)?;
    print(&format!(
        "rebook: wrote {} cases and {} sessions to {}\n",
        written.cases,
        written.sessions,
        args.out.display()
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
    })
}
