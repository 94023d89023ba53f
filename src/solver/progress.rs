//! Progress on stderr while planning — the phase, the best plan's cost, the bound and the
//! gap — shown only when stderr is a terminal, so logs and pipes stay clean. For
//! developers, `REBOOK_PHASES=1` logs each phase with the seconds since the start.

use indicatif::{ProgressBar, ProgressStyle};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A live status line, or nothing.
pub struct Progress {
    bar: Option<ProgressBar>,
    phase: Mutex<String>,
    last_update: Mutex<Instant>,
    /// Whether the solver's figures describe the whole plan (not one neighbourhood).
    whole_plan: AtomicBool,
    /// With `REBOOK_PHASES` set: when the run started, to log each phase's start.
    log_from: Option<Instant>,
}

impl Progress {
    /// Shows progress when `visible` (stderr is a terminal).
    pub fn new(visible: bool) -> Self {
        let bar = visible.then(|| {
            let bar = ProgressBar::new_spinner();
            let style = ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            phase: Mutex::new(String::new()),
            last_update: Mutex::new(Instant::now()),
            whole_plan: AtomicBool::new(false),
            log_from: std::env::var_os("REBOOK_PHASES").map(|_| Instant::now()),
        }
    }

    /// No output at all (tests, library use).
    pub fn hidden() -> Self {
        Progress::new(false)
    }

    /// Starts a phase ("first plan", "neighbourhood search ...").
    pub fn phase(&self, text: impl Into<String>) {
        self.whole_plan.store(false, Ordering::Relaxed);
        self.set_phase(text.into());
    }

    /// Starts a solver phase whose plan cost and bound are the whole plan's, so they are
    /// shown as they improve.
    pub fn solver_phase(&self, text: impl Into<String>) {
        self.whole_plan.store(true, Ordering::Relaxed);
        self.set_phase(text.into());
    }

    fn set_phase(&self, text: String) {
        if let Some(from) = self.log_from {
            eprintln!("[{:7.2} s] {text}", from.elapsed().as_secs_f64());
        }
        if let Some(bar) = &self.bar {
            bar.set_message(text.clone());
        }
        if let Ok(mut phase) = self.phase.lock() {
            *phase = text;
        }
    }

    /// Reports the solver's best plan cost and bound (at most a few times a second).
    pub fn solver(&self, plan_cost: f64, bound: f64) {
        let Some(bar) = &self.bar else { return };
        if !self.whole_plan.load(Ordering::Relaxed) {
            return;
        }
        if let Ok(mut last) = self.last_update.lock() {
            if last.elapsed() < Duration::from_millis(250) {
                return;
            }
            *last = Instant::now();
        }
        let phase = self.phase.lock().map(|p| p.clone()).unwrap_or_default();
        let mut text = phase;
        if plan_cost.is_finite() {
            text.push_str(&format!(" · plan {plan_cost:.0}"));
        }
        if bound.is_finite() && plan_cost.is_finite() && plan_cost.abs() > 0.0 {
            let gap = (plan_cost - bound) / plan_cost.abs() * 100.0;
            text.push_str(&format!(" · bound {bound:.0} · gap {gap:.2}%"));
        }
        bar.set_message(text);
    }

    /// Removes the status line before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
