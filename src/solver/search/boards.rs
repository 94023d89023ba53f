//! What the two cores share while they work: the plan board (a plan the bound's core
//! found, for the search to continue from, and the hold that keeps the search's first
//! worker waiting while the bound's core needs both cores), and whether the other core
//! is still busy.

use crate::domain::Booking;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Between the bound's core and the search: a plan the bound's core found, for the
/// search to continue from, and whether the bound's core needs both cores.
#[derive(Default)]
pub struct PlanBoard {
    posted: Mutex<Option<Booking>>,
    /// While true the search's first worker waits before its next neighbourhood.
    held: Mutex<bool>,
    changed: Condvar,
}

impl PlanBoard {
    /// Holds (true) or releases (false) the search's first worker: it finishes the
    /// neighbourhood it is solving, then waits until released or the time is up.
    pub fn hold(&self, held: bool) {
        if let Ok(mut state) = self.held.lock() {
            *state = held;
        }
        self.changed.notify_all();
    }

    /// Holds the search's first worker until the guard is dropped, also when the
    /// holder's work panics.
    pub fn held(&self) -> Held<'_> {
        self.hold(true);
        Held(self)
    }

    pub(super) fn wait_while_held(&self, timeout: Duration) {
        if let Ok(held) = self.held.lock() {
            let _ = self.changed.wait_timeout_while(held, timeout, |held| *held);
        }
    }

    pub fn post(&self, plan: Booking) {
        if let Ok(mut posted) = self.posted.lock() {
            *posted = Some(plan);
        }
    }

    pub(super) fn take(&self) -> Option<Booking> {
        self.posted.lock().ok()?.take()
    }
}

/// The search's first worker held (`PlanBoard::held`) while this lives.
pub struct Held<'a>(&'a PlanBoard);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.hold(false);
    }
}

/// Whether the other core is still at its own work (the bound), with a wake-up for the
/// workers waiting on it.
pub struct OtherCore {
    busy: Mutex<bool>,
    changed: Condvar,
}

impl OtherCore {
    /// `busy`: whether the other core starts at work.
    pub fn new(busy: bool) -> Self {
        OtherCore {
            busy: Mutex::new(busy),
            changed: Condvar::new(),
        }
    }

    pub fn is_busy(&self) -> bool {
        self.busy.lock().is_ok_and(|busy| *busy)
    }

    /// The other core is done: wakes every waiting worker.
    pub fn finished(&self) {
        if let Ok(mut busy) = self.busy.lock() {
            *busy = false;
        }
        self.changed.notify_all();
    }

    /// Marks the other core done when the guard is dropped, also when its work panics,
    /// so no worker waits for it in vain.
    pub fn finished_on_drop(&self) -> Finished<'_> {
        Finished(self)
    }

    /// Waits until the other core is done or `timeout` has passed.
    pub(super) fn wait(&self, timeout: Duration) {
        if let Ok(busy) = self.busy.lock() {
            let _ = self.changed.wait_timeout_while(busy, timeout, |busy| *busy);
        }
    }
}

/// The other core marked done (`OtherCore::finished`) when this is dropped.
pub struct Finished<'a>(&'a OtherCore);

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        self.0.finished();
    }
}

#[cfg(test)]
mod tests {
    use super::PlanBoard;
    use std::time::{Duration, Instant};

    #[test]
    fn a_hold_is_released_when_its_holder_panics() {
        let board = PlanBoard::default();
        let result = std::panic::catch_unwind(|| {
            let _held = board.held();
            panic!("the holder fails");
        });
        assert!(result.is_err());
        let began = Instant::now();
        board.wait_while_held(Duration::from_secs(30));
        assert!(began.elapsed() < Duration::from_secs(10), "still held");
    }

    #[test]
    fn a_held_search_waits_until_released_and_a_free_one_does_not_wait() {
        let board = PlanBoard::default();
        let began = Instant::now();
        board.wait_while_held(Duration::from_secs(30));
        assert!(
            began.elapsed() < Duration::from_secs(10),
            "waited while free"
        );
        board.hold(true);
        let began = Instant::now();
        board.wait_while_held(Duration::from_millis(50));
        assert!(
            began.elapsed() >= Duration::from_millis(50),
            "did not wait while held"
        );
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| {
                let began = Instant::now();
                board.wait_while_held(Duration::from_secs(30));
                began.elapsed()
            });
            std::thread::sleep(Duration::from_millis(50));
            board.hold(false);
            let waited = waiter.join().expect("the waiter ends");
            assert!(
                waited < Duration::from_secs(10),
                "not woken on release: {waited:?}"
            );
        });
    }
}
