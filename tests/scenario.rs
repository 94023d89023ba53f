//! A folder of input files written from inline CSV, for one test: shared by the
//! integration tests (`tests/util.rs`) and the solver's unit tests (`src/solver/tests`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub const SESSION_HEADER: &str =
    "session_id,site,theatre,date,start,end,specialty,surgeon,equipment,turnaround_min";
pub const CASE_HEADER: &str = "case_id,patient_id,nhs_number,specialty,priority,duration_min,surgeon,listed_on,earliest,due,equipment,resources,unavailable,booked_session,locked";

/// A folder of input files for one test.
pub struct Scenario {
    dir: tempfile::TempDir,
}

impl Scenario {
    pub fn new() -> Self {
        Scenario {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// Writes `lines` (joined with newlines) to `name`.
    pub fn file(&self, name: &str, lines: &[&str]) -> &Self {
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(self.dir.path().join(name), text).expect("write fixture");
        self
    }

    pub fn bytes(&self, name: &str, bytes: &[u8]) -> &Self {
        std::fs::write(self.dir.path().join(name), bytes).expect("write fixture");
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

/// Two lists a day apart; C1 may go to either, C2 only to the second.
pub fn two_lists() -> Scenario {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S1,main,T1,2024-07-01,08:00,12:00,110,,,0",
            "S2,main,T1,2024-07-02,08:00,12:00,110,,,0",
        ],
    )
    .file(
        "cases.csv",
        &[
            CASE_HEADER,
            "C1,,,110,P3,60,,,,,,,,,",
            "C2,,,110,P3,60,,,2024-07-02,,,,,,",
        ],
    );
    s
}

/// `two_lists`, C1 unavailable on the 1st, and a weights file where waiting from the
/// earliest date costs 50 a day against a flat unbooked penalty of 40 (P3).
pub fn flat_penalty_unavailable_first_day() -> Scenario {
    let s = two_lists();
    s.file(
        "cases.csv",
        &[
            CASE_HEADER,
            "C1,,,110,P3,60,,,,,,,2024-07-01,,",
            "C2,,,110,P3,60,,,2024-07-02,,,,,,",
        ],
    )
    .file(
        "weights.toml",
        &[
            "wait_from = \"earliest\"",
            "unbooked_pays_delay = false",
            "[wait_per_day]",
            "P3 = 50",
            "[unbooked]",
            "P3 = 40",
        ],
    );
    s
}

/// A P2 case with a hard deadline on the 2nd whose only list of its specialty is on the
/// 5th (the list on the 1st is another specialty's).
pub fn hard_deadline_out_of_reach() -> Scenario {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            SESSION_HEADER,
            "S0,main,T1,2024-07-01,08:00,10:00,101,,,0",
            "S1,main,T1,2024-07-05,08:00,10:00,110,,,0",
        ],
    )
    .file(
        "cases.csv",
        &[CASE_HEADER, "C1,,,110,P2,60,,,,2024-07-02,,,,,"],
    )
    .file("weights.toml", &["hard_deadlines = [\"P2\"]"]);
    s
}
