//! Each event of an unfolding incident on a small hand-made trust
//! (`tests/fixtures/incident`: three theatres, three surgeons, 48 cases, the laboratory
//! out for the first two weeks), with changes.csv and contacts.csv pinned whole.
//!
//! The published plan and every re-plan run on one thread, where the solver is
//! deterministic, and all are proven optimal within seconds, so the pinned files are the
//! plans' and not a timing's. After a deliberate change of behaviour, rewrite the pinned
//! files with `REBOOK_BLESS=1 cargo test --release --test integration replan_events`
//! and read the difference before committing it.

use crate::util::{succeeds, Scenario};
use std::path::{Path, PathBuf};

const EVENTS: [&str; 6] = [
    "lab-early",
    "lab-late",
    "surgeon-away",
    "theatre-closed",
    "more-cancellations",
    "patients-declining",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/incident")
}

/// `written` equals the pinned file, or becomes it with `REBOOK_BLESS=1`.
fn pinned(written: &str, pin: &Path) {
    if std::env::var_os("REBOOK_BLESS").is_some() {
        std::fs::create_dir_all(pin.parent().unwrap()).unwrap();
        std::fs::write(pin, written).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(pin)
        .unwrap_or_else(|e| panic!("{}: {e} (REBOOK_BLESS=1 writes it)", pin.display()));
    assert!(
        written == expected,
        "{} differs from what the re-plan wrote:\n--- pinned\n{expected}\n--- written\n{written}",
        pin.display()
    );
}

#[test]
fn each_event_s_changes_and_contacts_are_pinned() {
    let s = Scenario::new();
    let inputs = fixtures();
    let inputs = inputs.to_str().unwrap();
    let one_thread = ["--threads", "1", "--time-limit", "20"];
    let mut publish = vec!["plan", "--in", inputs, "--out", "published"];
    publish.extend_from_slice(&one_thread);
    succeeds(&s, &publish);
    for event in EVENTS {
        succeeds(
            &s,
            &[
                "generate",
                "--event",
                event,
                "--in",
                inputs,
                "--baseline",
                "published",
                "--out",
                event,
                "--seed",
                "1",
            ],
        );
        let out = format!("{event}-plan");
        let mut replan = vec![
            "plan",
            "--in",
            event,
            "--from",
            "2024-07-08",
            "--baseline",
            "published",
            "--out",
            &out,
        ];
        replan.extend_from_slice(&one_thread);
        succeeds(&s, &replan);
        succeeds(
            &s,
            &[
                "check",
                "--in",
                event,
                "--plan",
                &out,
                "--baseline",
                "published",
            ],
        );
        // plan.xlsx carries the changes too.
        let book = calamine::open_workbook_auto(s.join(&format!("{out}/plan.xlsx"))).unwrap();
        use calamine::Reader;
        assert_eq!(
            book.sheet_names(),
            ["Schedule", "Unscheduled", "Changes", "Summary"].map(String::from)
        );
        for file in ["changes.csv", "contacts.csv"] {
            let pin = fixtures().join("events").join(event).join(file);
            pinned(&s.read(&format!("{out}/{file}")), &pin);
        }
    }
}
