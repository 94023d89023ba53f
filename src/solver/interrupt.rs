//! Ctrl-C (SIGINT), and SIGTERM and SIGHUP alike (how `timeout`, Slurm, Kubernetes and
//! `docker stop` end a job, or a closed terminal): the first asks the solver to stop,
//! and the best valid plan found so far is checked and written as usual; a second exits
//! at once with code 130, writing nothing (files already in place stay whole).

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Installs the handler (once per process; later calls do nothing).
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            eprintln!("rebook: stopped again, exiting without writing");
            std::process::exit(130);
        }
        eprintln!("rebook: asked to stop, stopping the solver and writing the best plan so far (Ctrl-C again to abort)");
    });
}

/// Whether the user asked to stop.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}
