//! Faults the run survives: a panic in one of the solver's threads is caught, the best
//! plan that passes the check is kept, and the fault is recorded in summary.json
//! (`solver.faults`). For tests, `REBOOK_INJECT_PANIC=POINT` makes the named point panic
//! (`bound`, `floors`, `search`), so that promise is tested on the binary itself.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

/// Panics at `point` when `REBOOK_INJECT_PANIC` names it.
pub fn inject(point: &str) {
    static NAMED: OnceLock<Option<String>> = OnceLock::new();
    let named = NAMED.get_or_init(|| std::env::var("REBOOK_INJECT_PANIC").ok());
    if named.as_deref() == Some(point) {
        panic!("injected panic at {point} (REBOOK_INJECT_PANIC)");
    }
}

/// Runs `work`; a panic becomes `Err` with a sentence naming `what` and the message.
pub fn caught<T>(what: &str, work: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| described(what, payload.as_ref()))
}

/// A panic's payload as a sentence for summary.json.
pub fn described(what: &str, payload: &(dyn Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    format!("{what} stopped with an internal error ({message}); the run went on without it")
}
