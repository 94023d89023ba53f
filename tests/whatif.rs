//! What-if: `rebook plan --scenario`, `rebook whatif` and `rebook compare` on files. The
//! demo with the laboratory back on four dates and Saturday lists (data/scenarios): every
//! plan passes `rebook check` under its own scenario, the comparison's figures are each
//! plan's own summary.json's, `rebook compare` draws the same comparison from the
//! folders, and compare.html renders in a browser without console errors.

use crate::util::{chromium, refused, rendered, succeeds, Scenario};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

fn data(path: &str) -> String {
    format!("{}/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

const SCENARIOS: [&str; 5] = [
    "lab-back-08-jul",
    "lab-back-15-jul",
    "lab-back-29-jul",
    "lab-back-05-aug",
    "weekend-lists",
];

/// The figure at a summary.json path such as `cases_by_priority.P2.booked`.
fn at<'v>(summary: &'v Value, path: &str) -> &'v Value {
    path.split('.').fold(summary, |v, key| {
        v.get(key).unwrap_or_else(|| panic!("{path}: no {key}"))
    })
}

/// compare.csv as rows of cells, keyed by measure.
fn comparison(text: &str) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            (
                r[0].to_string(),
                r.iter().skip(1).map(String::from).collect(),
            )
        })
        .collect();
    (header, rows)
}

/// Each case's date in a plan's schedule.csv (unbooked cases: blank).
fn dates(s: &Scenario, dir: &str) -> HashMap<String, String> {
    let mut dates = HashMap::new();
    for file in ["schedule.csv", "unscheduled.csv"] {
        let mut reader = csv::Reader::from_path(s.join(&format!("{dir}/{file}"))).expect(file);
        let header = reader.headers().expect("header").clone();
        let date = header.iter().position(|h| h == "date");
        for row in reader.records() {
            let row = row.expect("row");
            dates.insert(
                row[0].to_string(),
                date.map_or(String::new(), |d| row[d].to_string()),
            );
        }
    }
    dates
}

#[test]
fn whatif_plans_every_scenario_checks_each_and_compares_them_with_their_own_figures() {
    let s = Scenario::new();
    let mut args = vec!["whatif".to_string(), "--in".into(), data("")];
    for name in SCENARIOS {
        args.extend([
            "--scenario".to_string(),
            data(&format!("scenarios/{name}.toml")),
        ]);
    }
    args.extend(["--out", "wi", "--time-limit", "3", "--threads", "2"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let printed = succeeds(&s, &args);
    assert!(printed.contains("compare.csv, compare.html"), "{printed}");

    // Every plan passes the independent check under its own inputs.
    let folders: Vec<&str> = std::iter::once("base").chain(SCENARIOS).collect();
    for folder in &folders {
        let plan = format!("wi/{folder}");
        let mut check = vec![
            "check".to_string(),
            "--in".into(),
            data(""),
            "--plan".into(),
            plan,
        ];
        if *folder != "base" {
            check.extend([
                "--scenario".to_string(),
                data(&format!("scenarios/{folder}.toml")),
            ]);
        }
        let check: Vec<&str> = check.iter().map(String::as_str).collect();
        let said = succeeds(&s, &check);
        assert!(said.starts_with("valid:"), "{folder}: {said}");
    }

    // Every figure is the plan's own summary.json's, found by the path the row names.
    let (header, rows) = comparison(&s.read("wi/compare.csv"));
    assert_eq!(
        header[2..],
        folders.iter().map(|f| f.to_string()).collect::<Vec<_>>()[..]
    );
    let summaries: Vec<Value> = folders
        .iter()
        .map(|f| serde_json::from_str(&s.read(&format!("wi/{f}/summary.json"))).expect("json"))
        .collect();
    let mut checked = 0;
    for (measure, cells) in &rows {
        let source = &cells[0];
        for (k, summary) in summaries.iter().enumerate() {
            let cell = &cells[k + 1];
            if source.contains("resources_by_day") {
                let resource = measure.trim_end_matches(" used");
                let used: u64 = summary["resources_by_day"]
                    .as_array()
                    .expect("days")
                    .iter()
                    .filter(|d| d["resource"] == resource)
                    .map(|d| d["used"].as_u64().expect("used"))
                    .sum();
                assert_eq!(cell, &used.to_string(), "{measure} of {}", folders[k]);
            } else if measure == "cost against the base" {
                let cost = |v: &Value, key: &str| at(v, key).as_f64().expect("f64");
                let said = if k == 0 {
                    "base"
                } else if cost(summary, "objective_total")
                    < cost(&summaries[0], "solver.best_bound")
                {
                    "cheaper, proven"
                } else if cost(summary, "solver.best_bound")
                    > cost(&summaries[0], "objective_total")
                {
                    "dearer, proven"
                } else {
                    "within the gaps"
                };
                assert_eq!(cell, said, "{measure} of {}", folders[k]);
            } else if source.starts_with("schedule.csv") {
                // Patients whose date differs from the base plan, counted again here.
                let base = dates(&s, "wi/base");
                let mine = dates(&s, &format!("wi/{}", folders[k]));
                let differ = mine
                    .iter()
                    .filter(|(id, d)| base.get(*id).is_some_and(|b| b != *d))
                    .count();
                assert_eq!(cell, &differ.to_string(), "{measure} of {}", folders[k]);
            } else {
                let value = at(summary, source);
                match value {
                    Value::Number(n) => assert_eq!(
                        cell.parse::<f64>().expect("a number"),
                        n.as_f64().expect("f64"),
                        "{measure} of {}",
                        folders[k]
                    ),
                    Value::String(text) => assert_eq!(cell, text, "{measure}"),
                    other => panic!("{measure}: {other}"),
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 6 * 50, "only {checked} figures compared");
    // Each scenario is named in its summary, with the file's checksum, and did what it
    // says: the laboratory back earlier books more P3 cases than the base.
    for (k, folder) in folders.iter().enumerate().skip(1) {
        let scenario = &summaries[k]["scenario"];
        assert_eq!(scenario["file"], format!("{folder}.toml"));
        assert_eq!(scenario["sha256"].as_str().map(str::len), Some(64));
    }
    assert!(summaries[0].get("scenario").is_none());
    assert_eq!(
        summaries[1]["scenario"]["changes"][0],
        "xmatch_blood back on 2024-07-08"
    );
    assert_eq!(
        at(&summaries[5], "utilisation.session_minutes").as_u64(),
        at(&summaries[0], "utilisation.session_minutes")
            .as_u64()
            .map(|m| m + 12 * 540),
        "twelve Saturday lists of nine hours"
    );

    // `rebook compare` draws the same comparison from the folders.
    let mut again = vec!["compare"];
    let plans: Vec<String> = folders.iter().map(|f| format!("wi/{f}")).collect();
    again.extend(plans.iter().map(String::as_str));
    again.extend(["--out", "again"]);
    succeeds(&s, &again);
    assert_eq!(s.read("again/compare.csv"), s.read("wi/compare.csv"));
    assert_eq!(s.read("again/compare.html"), s.read("wi/compare.html"));

    // compare.html renders in a browser without console errors.
    if let Some(browser) = chromium() {
        let dom = rendered(&browser, &s.join("profile"), &s.join("wi/compare.html"));
        assert_eq!(
            dom.matches("class=\"plan-line\"").count(),
            6,
            "a backlog line a plan"
        );
    }
}

#[test]
fn a_scenario_file_s_problems_are_named_by_line_and_key_and_nothing_is_written() {
    let s = Scenario::new();
    s.file(
        "bad.toml",
        &[
            "name = \"bad\"",
            "[[closed]]",
            "site = \"Nowhere\"",
            "from = \"2024-07-15\"",
            "[[surgeon_away]]",
            "surgeon = \"ZZ99\"",
            "from = \"2024-07-15\"",
            "[[resource]]",
            "resource = \"o_neg_blood\"",
            "per_day = 2",
        ],
    );
    let plan = |file: &str| {
        let args = [
            "plan",
            "--in",
            &data(""),
            "--scenario",
            file,
            "--out",
            "out",
        ];
        refused(&s, &args)
    };
    let stderr = plan("bad.toml");
    assert_eq!(
        stderr.lines().take(3).collect::<Vec<_>>(),
        [
            "bad.toml:3: [closed[1]]: site Nowhere has no list on 2024-07-15",
            "bad.toml:6: key surgeon_away[1].surgeon: \"ZZ99\" is named on no list, case or surgeons.csv row",
            "bad.toml:9: key resource[1].resource: \"o_neg_blood\" is not a resource of the inputs (resources.csv or a case's resources)",
        ]
    );
    assert!(!s.join("out").exists());

    s.file(
        "typo.toml",
        &[
            "[[outage]]",
            "resorce = \"xmatch_blood\"",
            "back_on = 2024-07-15",
        ],
    );
    let stderr = plan("typo.toml");
    assert_eq!(
        stderr.lines().take(2).collect::<Vec<_>>(),
        [
            "typo.toml:2: key outage[1].resorce: is not a key of [outage]; it takes resource, back_on",
            "typo.toml:2: key outage[1].resource: is missing",
        ]
    );
    assert!(!s.join("out").exists());
}
#[test]
fn each_kind_of_change_changes_what_the_plan_may_do() {
    let s = Scenario::new();
    s.file(
        "all.toml",
        &[
            "name = \"everything at once\"",
            "[[closed]]",
            "site = \"Northgate\"",
            "theatre = \"N T1\"",
            "from = \"2024-07-01\"",
            "to = \"2024-07-12\"",
            "[[surgeon_away]]",
            "surgeon = \"TO04\"",
            "from = \"2024-07-01\"",
            "to = \"2024-07-31\"",
            "[[resource]]",
            "resource = \"xmatch_blood\"",
            "from = \"2024-07-22\"",
            "to = \"2024-07-26\"",
            "per_day = 2",
            "[[extra_list]]",
            "session_id = \"SAT1\"",
            "site = \"Southbank\"",
            "theatre = \"S T9\"",
            "date = \"2024-07-06\"",
            "start = \"08:00\"",
            "end = \"12:00\"",
            "specialty = \"any\"",
            "[arriving]",
            "share = 0.1",
            "[declining]",
            "share = 0.2",
            "weeks = 3",
        ],
    );
    succeeds(
        &s,
        &[
            "plan",
            "--in",
            &data(""),
            "--scenario",
            "all.toml",
            "--out",
            "out",
            "--time-limit",
            "3",
        ],
    );
    succeeds(
        &s,
        &[
            "check",
            "--in",
            &data(""),
            "--scenario",
            "all.toml",
            "--plan",
            "out",
        ],
    );
    let summary: Value = serde_json::from_str(&s.read("out/summary.json")).expect("json");
    let changes: Vec<&str> = summary["scenario"]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c.as_str().expect("text"))
        .collect();
    assert_eq!(changes.len(), 6, "{changes:?}");
    assert_eq!(
        summary["cases"]["in"],
        1700 + 170,
        "a tenth again as new cases"
    );
    let mut reader = csv::Reader::from_path(s.join("out/schedule.csv")).expect("schedule");
    let header = reader.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (theatre, site, date, surgeon, session) = (
        col("theatre"),
        col("site"),
        col("date"),
        col("surgeon"),
        col("session_id"),
    );
    let mut on_saturday = 0;
    for row in reader.records() {
        let row = row.expect("row");
        let day = &row[date];
        let in_july = ("2024-07-01"..="2024-07-31").contains(&day);
        assert!(
            !(row[site] == *"Northgate" && row[theatre] == *"N T1" && day <= "2024-07-12"),
            "a case in the closed theatre: {row:?}"
        );
        assert!(
            !(row[surgeon] == *"TO04" && in_july),
            "the away surgeon operates: {row:?}"
        );
        on_saturday += usize::from(&row[session] == "SAT1");
    }
    assert!(on_saturday > 0, "the extra list is used");
    let blood: Vec<&Value> = summary["resources_by_day"]
        .as_array()
        .expect("days")
        .iter()
        .filter(|d| d["resource"] == "xmatch_blood")
        .filter(|d| {
            d["date"]
                .as_str()
                .is_some_and(|d| ("2024-07-22"..="2024-07-26").contains(&d))
        })
        .collect();
    assert!(!blood.is_empty());
    assert!(blood
        .iter()
        .all(|d| d["available"] == 2 && d["used"].as_u64() <= Some(2)));
}

#[test]
fn whatif_refuses_two_scenarios_that_would_share_a_folder() {
    let s = Scenario::new();
    for (dir, date) in [("a", "2024-07-15"), ("b", "2024-07-29")] {
        std::fs::create_dir_all(s.join(dir)).expect("folder");
        let back_on = format!("back_on = {date}");
        let lines = ["[[outage]]", "resource = \"xmatch_blood\"", &back_on];
        s.file(&format!("{dir}/lab.toml"), &lines);
    }
    let data = data("");
    let both = ["--scenario", "a/lab.toml", "--scenario", "b/lab.toml"];
    let whatif = [&["whatif", "--in", &data][..], &both, &["--out", "wi"]].concat();
    assert!(refused(&s, &whatif)
        .contains("--scenario b/lab.toml: its plan would go in lab/, as another's"));
    let plan = [&["plan", "--in", &data][..], &both, &["--out", "o"]].concat();
    assert!(refused(&s, &plan).contains("use rebook whatif"));
    let none = [
        "whatif",
        "--in",
        &data,
        "--scenario",
        "a/lab.toml",
        "--out",
        "wi",
    ];
    let none = [&none[..], &["--at-once", "0"]].concat();
    assert!(refused(&s, &none).contains("--at-once must be 1 or more"));
    assert!(!s.join("wi").exists() && !s.join("o").exists());
}

#[test]
fn a_scenario_moves_the_planning_start() {
    let s = Scenario::new();
    s.file(
        "later.toml",
        &["name = \"a week later\"", "from = \"2024-07-08\""],
    );
    let data = data("");
    let plan = [
        "plan",
        "--in",
        &data,
        "--scenario",
        "later.toml",
        "--out",
        "out",
    ];
    succeeds(&s, &[&plan[..], &["--time-limit", "2"]].concat());
    let summary: Value = serde_json::from_str(&s.read("out/summary.json")).expect("json");
    assert_eq!(summary["planning_start"], "2024-07-08");
    assert_eq!(summary["scenario"]["name"], "a week later");
    assert_eq!(
        summary["scenario"]["changes"][0],
        "planning start moved to 2024-07-08"
    );
    // Checked under the plan's own settings, the same scenario given.
    let check = [
        "check",
        "--in",
        &data,
        "--scenario",
        "later.toml",
        "--plan",
        "out",
    ];
    assert!(succeeds(&s, &check).starts_with("valid:"));
}
