//! report.html: written by `rebook plan`, redrawn identically by `rebook report`, and
//! rendered by a real browser without errors.

use crate::util::{chromium, headless, plan_demo, rendered, Run, Scenario};

fn summary(s: &Scenario) -> serde_json::Value {
    serde_json::from_str(&s.read("out/summary.json")).expect("summary.json")
}

#[test]
fn rebook_report_redraws_the_plans_report_byte_for_byte() {
    let s = plan_demo(&["--time-limit", "3"]);
    let output = s.rebook(&["report", "--in", "out", "--out", "again.html"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = std::fs::read(s.join("out/report.html")).expect("report.html");
    assert_eq!(
        written,
        std::fs::read(s.join("again.html")).expect("again.html")
    );
    // Self-contained and small: nothing fetched, a few MB at most.
    let page = String::from_utf8(written).expect("UTF-8");
    for fetch in ["src=\"http", "href=\"http", "@import", "url("] {
        assert!(
            !page.contains(fetch),
            "the report fetches something: {fetch}"
        );
    }
    assert!(page.len() < 3_000_000, "{} bytes", page.len());
    // Patient ids only when asked for.
    let patient = "P000001";
    assert!(s.read("out/schedule.csv").contains(patient));
    assert!(!page.contains(patient));
    let output = s.rebook(&[
        "report",
        "--in",
        "out",
        "--out",
        "ids.html",
        "--report-identifiers",
    ]);
    assert!(output.status.success());
    assert!(s.read("ids.html").contains(patient));
}

#[test]
fn a_resource_chart_has_whole_distinct_ticks_and_an_empty_one_is_a_sentence() {
    let s = Scenario::new();
    s.file(
        "sessions.csv",
        &[
            "session_id,site,theatre,date,start,end,specialty",
            "S1,North,T1,2024-07-01,08:00,12:00,110",
            "S2,South,T2,2024-07-02,08:00,12:00,110",
        ],
    )
    .file(
        "cases.csv",
        &[
            "case_id,specialty,priority,duration_min,resources",
            "C1,110,P2,60,icu_bed",
            "C2,110,P2,60,icu_bed",
        ],
    )
    .file(
        "resources.csv",
        &[
            "resource,site,from,to,per_day",
            "icu_bed,North,2024-07-01,2024-07-02,3",
            "icu_bed,South,2024-07-01,2024-07-02,0",
        ],
    );
    let output = s.rebook(&["plan", "--in", ".", "--out", "out", "--time-limit", "5"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = s.read("out/report.html");
    let resources = &page[page
        .find("id=\"resources\"")
        .expect("the resources section")..];
    // North, a limit of 3: ticks 0, 1, 2, 3 once each.
    let north = &resources[..resources.find("</figure>").unwrap()];
    let ticks: Vec<&str> = north
        .split("class=\"tick\" text-anchor=\"end\">")
        .skip(1)
        .map(|rest| &rest[..rest.find('<').unwrap()])
        .collect();
    assert_eq!(ticks, ["0", "1", "2", "3"], "{north}");
    // South: nothing available and nothing used is said, not drawn.
    assert!(
        resources.contains("icu_bed · South</figcaption><p class=\"help\">None available on any day of the horizon, and none used.</p>"),
        "{resources}"
    );
}

#[test]
fn rebook_report_without_a_plan_names_the_missing_files_and_writes_nothing() {
    let s = Scenario::new();
    std::fs::create_dir_all(s.join("empty")).expect("folder");
    let output = s.rebook(&["report", "--in", "empty", "--out", "r.html"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for file in ["schedule.csv", "unscheduled.csv", "summary.json"] {
        assert!(stderr.contains(&format!("empty/{file}")), "{stderr}");
    }
    assert!(!s.join("r.html").exists());
}

#[test]
fn the_demo_report_renders_in_a_browser_without_errors() {
    let Some(browser) = chromium() else {
        return;
    };
    let s = plan_demo(&["--time-limit", "5"]);
    let page = s.join("out/report.html");
    let figures = summary(&s);

    // The DOM after the page's script has run.
    let dom = rendered(&browser, &s.join("profile1"), &page);
    // How long the page took to be ready, for the record (not a timed assertion).
    if let Some(ms) = dom
        .split("data-loaded-ms=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
    {
        let bytes = std::fs::metadata(&page).map_or(0, |m| m.len());
        eprintln!("report.html ready {ms} ms after navigation started ({bytes} bytes)");
    }
    let booked = figures["cases"]["booked"].as_u64().expect("booked");
    let grouped = if booked >= 1000 {
        format!("{},{:03}", booked / 1000, booked % 1000)
    } else {
        booked.to_string()
    };
    assert!(
        dom.contains(&format!("data-figure=\"booked\">{grouped}<")),
        "booked figure {grouped} not shown"
    );
    let unbooked_rows = dom.matches("<tr><td>").count();
    assert!(unbooked_rows > 0);
    // The script showed exactly one week per site.
    let sites = dom.matches("class=\"site\"").count();
    assert_eq!(
        dom.matches("class=\"week shown\"").count(),
        sites,
        "one week shown per site"
    );

    // A screenshot, which must not be blank.
    let shot = s.join("shot.png");
    let output = headless(
        &browser,
        &s.join("profile2"),
        &[
            "--window-size=1280,1600",
            &format!("--screenshot={}", shot.display()),
        ],
        &page,
    );
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let decoder = png::Decoder::new(std::fs::File::open(&shot).expect("screenshot"));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    let channels = info.color_type.samples();
    let mut colours = std::collections::HashSet::new();
    let mut ink = 0usize;
    for pixel in pixels[..info.buffer_size()].chunks(channels) {
        colours.insert(pixel[..3].to_vec());
        if pixel[..3].iter().any(|&v| v < 200) {
            ink += 1;
        }
    }
    let total = (info.width * info.height) as usize;
    assert!(colours.len() > 20, "only {} colours: blank?", colours.len());
    assert!(ink * 20 > total, "only {ink} of {total} pixels drawn");
}
