//! Running HiGHS on a built model (`model::Model::into_highs`): limits, the warm start,
//! the interrupt and progress callback, and the solver's own report (status, objective,
//! best bound, gap), which good_lp does not expose.

use crate::domain::Booking;
use crate::model::{booking_from, HandedOver, Model};
use crate::solver::progress::Progress;
use crate::solver::standing::Standing;
use crate::solver::SolverLimits;
use highs::{HighsModelStatus, HighsSolutionStatus};
use serde::{Deserialize, Serialize};
use std::ffi::{c_char, c_int, c_void};
use std::time::Instant;

/// What the solving steps of one run share: the limits, when they must be done, and where
/// to report progress.
pub struct Budget<'a> {
    pub limits: &'a SolverLimits,
    /// When solving must stop, leaving time to check and write.
    pub end: Instant,
    pub progress: &'a Progress,
    /// The run's best plan cost and bound: once they prove the plan, no time is left.
    pub standing: &'a Standing,
}

impl<'a> Budget<'a> {
    /// Seconds left before `end` (negative when past it, and −1 once the plan is proven
    /// within `--gap`: then no phase has anything left to find).
    pub fn remaining(&self) -> f64 {
        if self.standing.proven() {
            return -1.0;
        }
        let now = Instant::now();
        if now <= self.end {
            (self.end - now).as_secs_f64()
        } else {
            -(now - self.end).as_secs_f64()
        }
    }

    /// HiGHS on `model` from `start` for `seconds`, on one thread (the bound's core; the
    /// other core is the search's), shown on the progress line as `label`.
    pub fn solve_on_one_thread(
        &self,
        model: Model,
        label: &str,
        start: Option<&[Option<usize>]>,
        seconds: f64,
    ) -> SolveOutcome {
        self.solve_watched(model, label, start, seconds, self.watch(false))
    }

    /// HiGHS on `model` like `solve_on_one_thread`, reporting to and stopping on
    /// `watch` (`self.watch(true)` for the whole model, whose bound is the whole plan's).
    pub fn solve_watched(
        &self,
        model: Model,
        label: &str,
        start: Option<&[Option<usize>]>,
        seconds: f64,
        watch: Watch,
    ) -> SolveOutcome {
        self.progress.solver_phase(label.to_string());
        let limits = SolverLimits {
            threads: 1,
            ..*self.limits
        };
        solve(model, start, &limits, seconds, watch)
    }

    /// What the solver's callback reports to and stops on.
    pub fn watch(&self, bounds_the_plan: bool) -> Watch<'a> {
        Watch {
            progress: self.progress,
            standing: Some(self.standing),
            bounds_the_plan,
        }
    }
}

/// What HiGHS's callback reports to and stops on during one solve.
#[derive(Clone, Copy)]
pub struct Watch<'a> {
    pub progress: &'a Progress,
    /// The run's standing: the solve stops once it proves the plan.
    pub standing: Option<&'a Standing>,
    /// Whether the model's dual bound is a bound on every plan (the whole model's).
    pub bounds_the_plan: bool,
}

impl<'a> Watch<'a> {
    /// Progress only: no run to stop (tests of one model).
    #[cfg(test)]
    pub fn progress(progress: &'a Progress) -> Self {
        Watch {
            progress,
            standing: None,
            bounds_the_plan: false,
        }
    }
}

/// How the solver ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SolverStatus {
    /// Proven optimal within the gap tolerance.
    Optimal,
    /// Stopped at the time limit.
    TimeLimit,
    /// Stopped for another limit (iterations, memory).
    OtherLimit,
    /// Stopped by Ctrl-C.
    Interrupted,
    /// The solver failed; the plan is the constructive heuristic's.
    Failed,
    /// Not run (no time left, or nothing to decide).
    #[default]
    NotRun,
}

/// What the solver returned.
#[derive(Debug, Clone)]
pub struct SolveOutcome {
    pub status: SolverStatus,
    /// The solver's plan, when it has one.
    pub booking: Option<Booking>,
    /// The solver's objective for that plan.
    pub objective: Option<f64>,
    /// A proven lower bound on every plan's objective.
    pub bound: Option<f64>,
    pub seconds: f64,
    pub message: Option<String>,
}

impl SolveOutcome {
    pub fn not_run(message: &str) -> Self {
        SolveOutcome {
            status: SolverStatus::NotRun,
            booking: None,
            objective: None,
            bound: None,
            seconds: 0.0,
            message: Some(message.to_string()),
        }
    }
}

/// Solves `model` with HiGHS within `seconds`, starting from `start` when given; reports
/// the search on `watch.progress` and stops once the run's standing is proven.
pub fn solve(
    model: Model,
    start: Option<&[Option<usize>]>,
    limits: &SolverLimits,
    seconds: f64,
    watch: Watch,
) -> SolveOutcome {
    let began = Instant::now();
    let initial = start.and_then(|booking| model.columns_for(booking));
    if model.pairs.is_empty() {
        // Nothing to decide (HiGHS refuses an empty model): leaving every case unbooked
        // is the only plan, and it is optimal.
        return SolveOutcome {
            status: SolverStatus::Optimal,
            booking: Some(vec![None; model.cases]),
            objective: Some(model.offset),
            bound: Some(model.offset),
            seconds: began.elapsed().as_secs_f64(),
            message: None,
        };
    }
    let failed = |message: String| SolveOutcome {
        status: SolverStatus::Failed,
        booking: None,
        objective: None,
        bound: None,
        seconds: began.elapsed().as_secs_f64(),
        message: Some(message),
    };
    let (mut raw, columns) = match model.into_highs() {
        Ok(handed) => handed,
        Err(e) => return failed(e),
    };
    let HandedOver {
        pairs,
        cases,
        offset,
        presolve,
        classes,
    } = columns;
    raw.make_quiet();
    if std::env::var_os("REBOOK_SOLVER_LOG").is_some() {
        // For developers: HiGHS's own log on stderr-less stdout; never in normal runs.
        raw.set_option("output_flag", true);
        raw.set_option("log_to_console", true);
    }
    raw.set_option("time_limit", seconds.max(0.1));
    raw.set_option("mip_rel_gap", limits.gap);
    // HiGHS's MIP search runs on one worker here whatever this says (its log: "Parallel
    // search off"), so parallelism is rebook's own: each thread builds and owns its
    // HiGHS instances, which share no state but HiGHS's task scheduler, sized to one
    // thread by this option in every run; several models at once never meet.
    raw.set_option("threads", limits.threads.max(1) as i32);
    raw.set_option("random_seed", 0);
    // HiGHS's presolve took 30 s on the 1,700-case demo model without reaching the root
    // LP; without it the root bound is there in 2 s.
    if !presolve {
        raw.set_option("presolve", "off");
    }
    developer_options(&mut raw);
    if let Some(columns) = &initial {
        raw.set_solution(Some(columns), None, None, None);
    }
    watch_solve(&mut raw, &watch);
    // SAFETY: the pointer is the live Highs instance owned by `raw`.
    unsafe { highs_sys::Highs_changeObjectiveOffset(raw.as_mut_ptr(), offset) };
    let solved = match raw.try_solve() {
        Ok(solved) => solved,
        Err(e) => return failed(format!("{e:?}")),
    };
    let status = match solved.status() {
        HighsModelStatus::Optimal => SolverStatus::Optimal,
        HighsModelStatus::ReachedTimeLimit => SolverStatus::TimeLimit,
        HighsModelStatus::ReachedInterrupt => SolverStatus::Interrupted,
        HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedMemoryLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => SolverStatus::OtherLimit,
        other => return failed(format!("HiGHS ended with status {other:?}")),
    };
    let has_plan = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let booking = if has_plan {
        match booking_from(
            &pairs,
            cases,
            classes.as_deref(),
            solved.get_solution().columns(),
        ) {
            Ok(booking) => Some(booking),
            Err(case) => {
                return failed(format!("the solver's plan books case number {case} twice"))
            }
        }
    } else {
        None
    };
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite());
    SolveOutcome {
        status,
        booking,
        objective: has_plan.then(|| solved.objective_value()),
        bound,
        seconds: began.elapsed().as_secs_f64(),
        message: None,
    }
}

/// Writes `model` for another solver, in the format HiGHS gives `path`'s extension (MPS
/// for `.mps`, CPLEX LP for `.lp`), with its objective offset (so the objective is the
/// plan's cost) and each pair's column named `x_<case>_<session>` (0-based positions in
/// the input files, data rows only).
pub fn write_model(model: Model, path: &std::path::Path) -> Result<(), String> {
    if model.pairs.is_empty() {
        return Err("the model has no columns: no case may go to any session".into());
    }
    let (mut raw, columns) = model.into_highs()?;
    let text = path.to_str().ok_or("the file name is not valid UTF-8")?;
    let file = std::ffi::CString::new(text).map_err(|e| e.to_string())?;
    // SAFETY: the pointer is the live Highs instance owned by `raw`; every string is
    // NUL-terminated and outlives its call; column indices are those of the pairs, which
    // are the model's first columns.
    unsafe {
        highs_sys::Highs_changeObjectiveOffset(raw.as_mut_ptr(), columns.offset);
        for (col, (c, s)) in columns.pairs.iter().enumerate() {
            let name = std::ffi::CString::new(format!("x_{c}_{s}")).expect("no NUL");
            highs_sys::Highs_passColName(
                raw.as_mut_ptr(),
                col as highs_sys::HighsInt,
                name.as_ptr(),
            );
        }
        if highs_sys::Highs_writeModel(raw.as_mut_ptr(), file.as_ptr())
            == highs_sys::kHighsStatusError
        {
            return Err("HiGHS could not write it".into());
        }
    }
    Ok(())
}

/// For developers measuring HiGHS: `REBOOK_HIGHS_OPTIONS="name=value,name=value"` sets
/// raw HiGHS options after rebook's own (unknown names or bad values are ignored by
/// HiGHS with a warning in its log).
fn developer_options(raw: &mut highs::Model) {
    let Ok(list) = std::env::var("REBOOK_HIGHS_OPTIONS") else {
        return;
    };
    for item in list.split(',') {
        let Some((name, value)) = item.split_once('=') else {
            continue;
        };
        let (Ok(name), Ok(value)) = (
            std::ffi::CString::new(name.trim()),
            std::ffi::CString::new(value.trim()),
        ) else {
            continue;
        };
        // SAFETY: the pointer is the live Highs instance owned by `raw`; both strings
        // are NUL-terminated and outlive the call.
        unsafe { highs_sys::Highs_setOptionValue(raw.as_mut_ptr(), name.as_ptr(), value.as_ptr()) };
    }
}

/// Called by HiGHS during the branch-and-bound: reports progress, raises the run's bound
/// with a bound on every plan, and stops the search when the user pressed Ctrl-C or the
/// run's standing proves its plan.
unsafe extern "C" fn on_mip_event(
    kind: c_int,
    _message: *const c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    input: *mut highs_sys::HighsCallbackDataIn,
    user: *mut c_void,
) {
    if kind != highs_sys::kHighsCallbackMipInterrupt as c_int {
        return;
    }
    // SAFETY: `user` is the `Watch` registered in `watch_solve`, alive for the whole
    // solve; HiGHS passes valid data_out and data_in for the interrupt callback.
    unsafe {
        let Some(watch) = (user as *const Watch).as_ref() else {
            return;
        };
        if let Some(out) = out.as_ref() {
            watch
                .progress
                .solver(out.mip_primal_bound, out.mip_dual_bound);
            if let (true, Some(standing)) = (watch.bounds_the_plan, watch.standing) {
                standing.bound_found(out.mip_dual_bound);
            }
        }
        let proven = watch.standing.is_some_and(Standing::proven);
        if (crate::solver::interrupt::requested() || proven) && !input.is_null() {
            (*input).user_interrupt = 1;
        }
    }
}

/// Registers the callback on the raw HiGHS instance; `watch` must outlive the solve.
fn watch_solve(raw: &mut highs::Model, watch: &Watch) {
    // SAFETY: the pointer is the live Highs instance owned by `raw`; the callback only
    // reads `watch` through a shared reference while `solve` holds it.
    unsafe {
        let highs = raw.as_mut_ptr();
        let user = watch as *const Watch as *mut c_void;
        highs_sys::Highs_setCallback(highs, Some(on_mip_event), user);
        highs_sys::Highs_startCallback(highs, highs_sys::kHighsCallbackMipInterrupt);
    }
}
