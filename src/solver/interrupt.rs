//! Ctrl-C (SIGINT): the first press asks the solver to stop, and the best valid plan found
//! so far is written as usual; a second press exits at once, writing nothing.

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Installs the handler (once per process; later calls do nothing).
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            eprintln!("rebook: interrupted again, stopping without writing");
            std::process::exit(130);
        }
        eprintln!("rebook: interrupted, stopping the solver and writing the best plan so far (Ctrl-C again to abort)");
    });
}

/// Whether the user asked to stop.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}
