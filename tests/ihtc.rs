//! `rebook import ihtc` on small instances written for these tests in the competition's
//! JSON format (the shared competition instances are for measuring only).

use crate::util::{plan_summary, Run, Scenario};

const TINY: &str = include_str!("data/ihtc_tiny.json");

fn imported() -> Scenario {
    let s = Scenario::new();
    s.bytes("tiny.json", TINY.as_bytes());
    let out = s.rebook(&["import", "ihtc", "tiny.json", "--out", "in"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "rebook: wrote 5 cases and 4 sessions to in (day 0 = 2024-07-01); plan with --weights in/weights.toml\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: tiny.json: not imported (ward and nurse data; rebook plans theatres): 2 rooms, 1 nurses, 1 occupants, each patient's length of stay, gender, age group, room incompatibilities and nursing workload, and the room and nurse weights\n"
    );
    s
}

#[test]
fn an_instance_becomes_the_contract_files() {
    let s = imported();
    assert_eq!(
        s.read("in/cases.csv"),
        "case_id,patient_id,specialty,priority,duration_min,surgeon,earliest,due\n\
         m0,m0,surgery,P2,240,s0,2024-07-01,2024-07-01\n\
         m1,m1,surgery,P2,120,s1,2024-07-02,2024-07-03\n\
         o0,o0,surgery,P4,200,s0,2024-07-01,\n\
         o1,o1,surgery,P4,60,s1,2024-07-03,\n\
         o2,o2,surgery,P4,300,s0,2024-07-01,\n"
    );
    assert_eq!(
        s.read("in/sessions.csv"),
        "session_id,site,theatre,date,start,end,specialty,turnaround_min\n\
         t0-d00,IHTC,t0,2024-07-01,08:00,16:00,any,0\n\
         t0-d01,IHTC,t0,2024-07-02,08:00,16:00,any,0\n\
         t1-d00,IHTC,t1,2024-07-01,08:00,13:00,any,0\n\
         t1-d02,IHTC,t1,2024-07-03,08:00,13:00,any,0\n"
    );
    assert_eq!(
        s.read("in/surgeons.csv"),
        "surgeon,date,max_minutes\n\
         s0,2024-07-01,480\ns0,2024-07-02,0\ns0,2024-07-03,480\n\
         s1,2024-07-01,300\ns1,2024-07-02,300\ns1,2024-07-03,300\n"
    );
    let weights = s.read("in/weights.toml");
    for line in [
        "open_session = 50\n",
        "theatre_change = 7\n",
        "wait_from = \"earliest\"\n",
        "unbooked_pays_delay = false\n",
        "hard_deadlines = [\"P2\"]\n",
        "[unbooked]\nP1a = 1000000\nP1b = 1000000\nP2 = 1000000\nP3 = 300\nP4 = 300\n",
        "[wait_per_day]\nP1a = 10\nP1b = 10\nP2 = 10\nP3 = 10\nP4 = 10\n",
    ] {
        assert!(weights.contains(line), "{line} not in\n{weights}");
    }
}

/// By hand: m0 must be on day 0 and o0 fits with it in t0 (s0: 440 of 480 minutes);
/// o1 can only be on day 2, in t1, which pays for t1 being open, so m1 joins it a day
/// after its release (10) rather than open t0 on day 1 (50); o2 (300 min) fits
/// nowhere: s0 has 40 minutes left on day 0, and t1 only 120 on day 2. Cost: two
/// theatre-days 100 + delay 10 + one optional unscheduled 300 = 410.
#[test]
fn the_plan_costs_what_the_competition_counts() {
    let s = imported();
    let summary = plan_summary(&s, "in", "in/weights.toml", "plan", "10");
    assert_eq!(summary["objective_total"], 410.0);
    let terms = &summary["objective"];
    assert_eq!(
        (
            &terms["open_sessions"],
            &terms["waiting"],
            &terms["unbooked"],
            &terms["theatre_changes"]
        ),
        (&100.0.into(), &10.0.into(), &300.0.into(), &0.0.into())
    );
    assert_eq!(summary["solver"]["gap"], 0.0);
    let schedule = s.read("plan/schedule.csv");
    for row in [
        "m0,m0,surgery,,P2,s0,t0-d00,",
        "o0,o0,surgery,,P4,s0,t0-d00,",
        "m1,m1,surgery,,P2,s1,t1-d02,",
        "o1,o1,surgery,,P4,s1,t1-d02,",
    ] {
        assert!(schedule.contains(row), "{row} not in\n{schedule}");
    }
    // The checker with the same weights accepts it; so do the competition's own rules,
    // counted by an independent script, at the same cost.
    let check = s.rebook(&[
        "check",
        "--in",
        "in",
        "--weights",
        "in/weights.toml",
        "--schedule",
        "plan/schedule.csv",
        "--unscheduled",
        "plan/unscheduled.csv",
    ]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/ihtc_check.py");
    let competition = std::process::Command::new("python3")
        .args([
            script,
            s.join("tiny.json").to_str().unwrap(),
            s.join("plan").to_str().unwrap(),
        ])
        .output()
        .expect("python3 runs");
    assert_eq!(
        String::from_utf8_lossy(&competition.stdout),
        "{\"valid\": true, \"violations\": [], \"cost\": 410, \"open\": 100, \"transfer\": 0, \"delay\": 10, \"unscheduled\": 300}\n"
    );
}

#[test]
fn a_broken_instance_is_refused_with_every_problem_and_nothing_written() {
    let s = Scenario::new();
    let broken = TINY
        .replace("\"surgery_due_day\": 0,", "")
        .replace(
            "\"surgeon_id\": \"s1\", \"incompatible_room_ids\": [\"r0\"]",
            "\"surgeon_id\": \"s9\", \"incompatible_room_ids\": []",
        )
        .replace("[480, 480, 0]", "[480, 480]")
        .replace("\"surgery_duration\": 300", "\"surgery_duration\": 0");
    s.bytes("broken.json", broken.as_bytes());
    let out = s.rebook(&["import", "ihtc", "broken.json", "--out", "in"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "broken.json: patients[0] (m0): a mandatory patient needs surgery_due_day\n\
         broken.json: patients[1] (m1): surgeon_id \"s9\" is not a surgeon\n\
         broken.json: patients[4] (o2): surgery_duration 0 is out of range (1 to 1440 minutes)\n\
         broken.json: operating theatre t0: 2 days given, the instance has 3\n\
         error: invalid input: 4 problems found, nothing written\n"
    );
    assert!(!s.join("in").exists());
    s.bytes("bad.json", b"{\"days\": 3,\n \"patients\": [oops]}");
    let out = s.rebook(&["import", "ihtc", "bad.json", "--out", "in"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "bad.json:2: not an IHTC-2024 instance: expected value at line 2 column 15\n\
         error: invalid input: 1 problem found, nothing written\n"
    );
}

/// Two mandatory 300-minute operations of one surgeon due on day 0, and two 300-minute
/// theatres: both theatres open (2 × 40) and the surgeon changes theatre once (25).
#[test]
fn a_surgeon_in_two_theatres_pays_the_transfer() {
    let s = Scenario::new();
    let patient = |id: &str| {
        format!(
            r#"{{"id": "{id}", "mandatory": true, "surgery_release_day": 0, "surgery_due_day": 0,
                "surgery_duration": 300, "surgeon_id": "s0"}}"#
        )
    };
    let instance = format!(
        r#"{{"days": 2,
            "weights": {{"open_operating_theater": 40, "surgeon_transfer": 25,
                         "patient_delay": 3, "unscheduled_optional": 100}},
            "patients": [{}, {}],
            "surgeons": [{{"id": "s0", "max_surgery_time": [600, 600]}}],
            "operating_theaters": [{{"id": "t0", "availability": [300, 300]}},
                                   {{"id": "t1", "availability": [300, 0]}}]}}"#,
        patient("a"),
        patient("b")
    );
    s.bytes("two.json", instance.as_bytes());
    let out = s.rebook(&["import", "ihtc", "two.json", "--out", "in"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 rooms, 0 nurses, 0 occupants"));
    let summary = plan_summary(&s, "in", "in/weights.toml", "plan", "10");
    assert_eq!(summary["objective_total"], 105.0);
    assert_eq!(summary["objective"]["theatre_changes"], 25.0);
    assert_eq!(summary["objective"]["open_sessions"], 80.0);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/ihtc_check.py");
    let competition = std::process::Command::new("python3")
        .args([
            script,
            s.join("two.json").to_str().unwrap(),
            s.join("plan").to_str().unwrap(),
        ])
        .output()
        .expect("python3 runs");
    assert_eq!(
        String::from_utf8_lossy(&competition.stdout),
        "{\"valid\": true, \"violations\": [], \"cost\": 105, \"open\": 80, \"transfer\": 25, \"delay\": 0, \"unscheduled\": 0}\n"
    );
}
