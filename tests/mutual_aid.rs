//! Mutual aid on files: each travel rule keeps a case from a list it may not go to (the
//! plan leaves it unbooked with the reason) and the checker refuses a schedule that
//! breaks it (exit 3); the summary counts transfers; bad travel input is refused by file,
//! line and column.
//!
//! The trust: home site Home (a list of another specialty), Near (the home trust, 20
//! minutes away), Other (Trust B, 45 minutes), Far (Trust B, no travel.csv row). Every
//! case is a 120-minute P2 of specialty 100; each list takes one.

use crate::util::{refused, succeeds, Run, Scenario};
use serde_json::Value;

const CASES: &str = "case_id,specialty,priority,duration_min,home_site,max_travel_min,transfer_ok";

/// The lists of `sites` (Home always, too short), travel.csv, and `cases` rows.
fn trust(sites: &[&str], cases: &[&str]) -> Scenario {
    let s = Scenario::new();
    let mut sessions = vec![
        "session_id,site,theatre,date,start,end,specialty,trust",
        "H1,Home,T1,2024-07-01,08:00,12:00,101,",
    ];
    for site in sites {
        sessions.push(match *site {
            "Near" => "N1,Near,T1,2024-07-01,08:00,12:00,100,",
            "Other" => "O1,Other,T1,2024-07-01,08:00,12:00,100,Trust B",
            "Far" => "F1,Far,T1,2024-07-01,08:00,12:00,100,Trust B",
            other => panic!("{other}"),
        });
    }
    let mut rows = vec![CASES];
    rows.extend_from_slice(cases);
    // The region's times, for the sites that have lists here (travel.csv names no other).
    let here = |site: &str| site == "Home" || sites.contains(&site);
    let mut travel = vec!["from_site,to_site,minutes"];
    for row in ["Home,Near,20", "Other,Home,45", "Near,Other,30"] {
        if row.split(',').take(2).all(here) {
            travel.push(row);
        }
    }
    s.file("sessions.csv", &sessions)
        .file("cases.csv", &rows)
        .file("travel.csv", &travel);
    s
}

/// Plans with `flags`; returns the summary.
fn plan(s: &Scenario, flags: &[&str]) -> Value {
    let mut args = vec!["plan", "--in", ".", "--out", "out", "--time-limit", "5"];
    args.extend_from_slice(flags);
    succeeds(s, &args);
    let mut check = vec!["check", "--in", ".", "--plan", "out"];
    check.extend_from_slice(flags);
    succeeds(s, &check);
    serde_json::from_str(&s.read("out/summary.json")).expect("summary")
}

/// The reason C1 is unbooked, or "" when it is booked.
fn reason(s: &Scenario) -> String {
    let unscheduled = s.read("out/unscheduled.csv");
    unscheduled
        .lines()
        .find(|l| l.starts_with("C1,"))
        .map_or(String::new(), str::to_string)
}

/// `rebook check` of C1 booked in `session`: its exit code and what it printed.
fn check_in(s: &Scenario, session: &str, flags: &[&str]) -> (Option<i32>, String) {
    s.file(
        "schedule.csv",
        &[
            "case_id,session_id,date,start,end",
            &format!("C1,{session},2024-07-01,08:00,10:00"),
        ],
    );
    let mut args = vec!["check", "--in", ".", "--schedule", "schedule.csv"];
    args.extend_from_slice(flags);
    let output = s.rebook(&args);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn a_patient_who_will_not_travel_is_treated_at_home_only() {
    let s = trust(&["Near"], &["C1,100,P2,120,Home,,no"]);
    plan(&s, &[]);
    assert!(
        reason(&s).contains("treated at home only"),
        "{}",
        reason(&s)
    );
    let (code, said) = check_in(&s, "N1", &[]);
    assert_eq!(code, Some(3));
    assert!(said.contains("home site only: case C1 in session N1: at Near, but the patient is treated at Home only (transfer_ok no)"), "{said}");
}

#[test]
fn a_patient_goes_no_further_than_their_travel_limit() {
    let s = trust(&["Other"], &["C1,100,P2,120,Home,30,"]);
    plan(&s, &[]);
    assert!(
        reason(&s).contains("travels 30 minutes at most"),
        "{}",
        reason(&s)
    );
    let (code, said) = check_in(&s, "O1", &[]);
    assert_eq!(code, Some(3));
    assert!(said.contains("travel limit: case C1 in session O1: Other is 45 minutes from Home, more than the patient's 30"), "{said}");

    // Within the limit: treated at Other, and the summary counts the transfer.
    let s = trust(&["Other"], &["C1,100,P2,120,Home,60,"]);
    let summary = plan(&s, &[]);
    assert_eq!(reason(&s), "");
    let aid = &summary["mutual_aid"];
    assert_eq!(
        (aid["treated_away"].as_u64(), aid["travel_minutes"].as_u64()),
        (Some(1), Some(45))
    );
    assert_eq!(aid["transfers"][0]["site"], "Other");
    assert_eq!(aid["transfers"][0]["trust"], "Trust B");
    let lent = aid["trusts"]
        .as_array()
        .expect("trusts")
        .iter()
        .find(|t| t["trust"] == "Trust B")
        .expect("B");
    assert_eq!(
        (
            lent["lists_lent"].as_u64(),
            lent["cases_from_other_trusts"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(summary["objective"]["travel"].as_f64(), Some(100.0 + 45.0));

    // --max-travel caps the patient's own limit: 0, and nobody travels.
    plan(&s, &["--max-travel", "0"]);
    assert!(
        reason(&s).contains("travels 0 minutes at most"),
        "{}",
        reason(&s)
    );
}

#[test]
fn a_site_travel_csv_gives_no_time_for_is_out_of_reach_of_a_limited_patient() {
    let s = trust(&["Far"], &["C1,100,P2,120,Home,600,"]);
    plan(&s, &[]);
    assert!(
        reason(&s).contains("travels 600 minutes at most"),
        "{}",
        reason(&s)
    );
    let (code, said) = check_in(&s, "F1", &[]);
    assert_eq!(code, Some(3));
    assert!(
        said.contains(
            "travel limit: case C1 in session F1: travel.csv gives no time from Home to Far"
        ),
        "{said}"
    );
}

#[test]
fn without_a_travel_limit_a_patient_stays_within_the_home_trust() {
    let s = trust(&["Other"], &["C1,100,P2,120,Home,,"]);
    plan(&s, &[]);
    assert!(
        reason(&s).contains("only the home trust's sites"),
        "{}",
        reason(&s)
    );
    let (code, said) = check_in(&s, "O1", &[]);
    assert_eq!(code, Some(3));
    assert!(
        said.contains("home trust: case C1 in session O1: a list of trust Trust B at Other"),
        "{said}"
    );
    // Within the home trust no limit is needed, and no travel.csv row either.
    let s = trust(&["Near"], &["C1,100,P2,120,Home,,"]);
    plan(&s, &[]);
    assert_eq!(reason(&s), "");
    // --max-travel gives every patient a limit: another trust's list within it is open.
    let s = trust(&["Other"], &["C1,100,P2,120,Home,,"]);
    plan(&s, &["--max-travel", "60"]);
    assert_eq!(reason(&s), "");
}

#[test]
fn bad_travel_input_is_named_by_file_line_and_column_and_nothing_is_written() {
    let s = trust(
        &["Near", "Other"],
        &["C1,100,P2,120,Nowhere,,", "C2,100,P2,120,,30,"],
    );
    s.file(
        "travel.csv",
        &[
            "from_site,to_site,minutes",
            "Home,Atlantis,20",
            "Home,Near,-5",
            "Near,Home,25",
            "Home,Near,30",
        ],
    );
    s.file(
        "sessions.csv",
        &[
            "session_id,site,theatre,date,start,end,specialty,trust",
            "H1,Home,T1,2024-07-01,08:00,12:00,101,",
            "N1,Near,T1,2024-07-01,08:00,12:00,100,",
            "O1,Other,T1,2024-07-01,08:00,12:00,100,Trust B",
            "O2,Other,T2,2024-07-01,08:00,12:00,100,Trust C",
        ],
    );
    let stderr = refused(&s, &["plan", "--in", ".", "--out", "out"]);
    for said in [
        "sessions.csv:5: column trust: \"Trust C\": the lists of site Other are run by trust Trust B (line 4); a site belongs to one trust",
        "cases.csv:3: column max_travel_min: a travel term needs the case's home_site (travel is counted from it)",
    ] {
        assert!(stderr.contains(said), "missing {said:?} in:\n{stderr}");
    }
    // Each file's own errors first; the cross-file ones once the files read.
    s.file(
        "sessions.csv",
        &[
            "session_id,site,theatre,date,start,end,specialty,trust",
            "H1,Home,T1,2024-07-01,08:00,12:00,101,",
            "N1,Near,T1,2024-07-01,08:00,12:00,100,",
        ],
    );
    s.file("cases.csv", &[CASES, "C1,100,P2,120,Nowhere,,"]);
    let stderr = refused(&s, &["plan", "--in", ".", "--out", "out"]);
    for said in [
        "travel.csv:2: column to_site: \"Atlantis\" is not a site of any list in sessions.csv",
        "travel.csv:3: column minutes: -5 is out of range (0 to 1440 minutes)",
        "travel.csv:5: column minutes: 30 disagrees with line 4, which gives 25 for the same two sites",
        "cases.csv:2: column home_site: \"Nowhere\" is not the site of any list in sessions.csv",
    ] {
        assert!(stderr.contains(said), "missing {said:?} in:\n{stderr}");
    }
    assert!(!s.join("out").exists());
}

#[test]
fn the_mutual_aid_scenario_plans_within_every_patient_s_terms() {
    let s = Scenario::new();
    succeeds(
        &s,
        &[
            "generate",
            "--scenario",
            "mutual-aid",
            "--trusts",
            "3",
            "--cases",
            "600",
            "--out",
            "in",
        ],
    );
    for file in [
        "cases.csv",
        "sessions.csv",
        "resources.csv",
        "surgeons.csv",
        "travel.csv",
    ] {
        assert!(s.join(&format!("in/{file}")).exists(), "{file}");
    }
    succeeds(
        &s,
        &[
            "plan",
            "--in",
            "in",
            "--out",
            "out",
            "--time-limit",
            "5",
            "--max-travel",
            "60",
        ],
    );
    succeeds(&s, &["check", "--in", "in", "--plan", "out"]);
    let summary: Value = serde_json::from_str(&s.read("out/summary.json")).expect("summary");
    let aid = &summary["mutual_aid"];
    assert!(aid["treated_away"].as_u64() > Some(0), "{aid}");
    assert_eq!(aid["trusts"].as_array().map(Vec::len), Some(3));
}
