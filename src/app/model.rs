//! `rebook model`: the whole MILP written for another solver (MPS or LP, by the file's
//! extension), with a table naming each pair's column, e.g. to compare with the textbook
//! model solved elsewhere (scripts/textbook-peer.py).

use crate::app::cli::ModelArgs;
use crate::app::config::machine_cores;
use crate::app::{inputs, print};
use crate::domain::error::{Error, Result};
use crate::io::plan_files::csv_bytes;
use crate::model;
use crate::pricing::Pricing;
use crate::rules::eligibility::eligible_sessions_on;
use crate::solver::highs::write_model;
use std::path::PathBuf;

pub fn run(args: &ModelArgs) -> Result<()> {
    let extension = args.out.extension().and_then(|e| e.to_str());
    if !matches!(extension, Some("mps" | "lp")) {
        return Err(Error::Usage(format!(
            "--out {}: give a file ending in .mps or .lp",
            args.out.display()
        )));
    }
    let (loaded, rules, weights) = inputs::load_from_flags(&args.inputs, &args.rules)?;
    let problem = &loaded.problem;
    let pricing = Pricing::new(problem, &weights);
    let eligible = eligible_sessions_on(problem, &rules, machine_cores() as usize);
    let built = model::build(problem, &rules, &pricing, &eligible);
    let (variables, constraints) = (built.variable_count(), built.constraint_count());
    let header = [
        "column",
        "case_id",
        "priority",
        "session_id",
        "date",
        "start",
        "theatre",
    ];
    let table = csv_bytes(
        &header,
        built.pairs.iter().map(|&(c, s)| {
            let (case, session) = (&problem.cases[c], &problem.sessions[s]);
            vec![
                format!("x_{c}_{s}"),
                case.id.clone(),
                case.priority.label().to_string(),
                session.id.clone(),
                session.date.to_string(),
                session.start.format("%H:%M").to_string(),
                session.theatre.clone(),
            ]
        }),
    );
    let columns = columns_path(&args.out);
    write_model(built, &args.out)
        .map_err(|why| Error::Solver(format!("{}: {why}", args.out.display())))?;
    std::fs::write(&columns, table).map_err(|e| Error::io(&columns, e))?;
    print(&format!(
        "rebook: wrote the model ({variables} pair columns, {constraints} rows) to {} and its columns to {}\n",
        args.out.display(),
        columns.display()
    ))
}

/// `plan.mps` → `plan-columns.csv`, beside it.
fn columns_path(model: &std::path::Path) -> PathBuf {
    let stem = model
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("model");
    model.with_file_name(format!("{stem}-columns.csv"))
}
