//! Workbooks in and out: the inputs read from one .xlsx (built here, cell by cell, from
//! the CSV files), problems named by sheet and cell, plan.xlsx read back with calamine,
//! and an edited plan.xlsx checked.

use crate::util::{succeeds as ok, Run, Scenario};
use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};
use std::path::Path;

/// Columns holding dates, times and counts in the input files.
const DATE_COLUMNS: [&str; 8] = [
    "listed_on",
    "referral_date",
    "cancelled_on",
    "earliest",
    "due",
    "date",
    "from",
    "to",
];
const TIME_COLUMNS: [&str; 2] = ["start", "end"];
const NUMBER_COLUMNS: [&str; 4] = ["duration_min", "turnaround_min", "per_day", "max_minutes"];

/// How the helper writes a value.
#[derive(Clone, Copy, PartialEq)]
enum Cells {
    /// Dates and times as date cells, counts as numbers: as Excel keeps a typed sheet.
    Typed,
    /// Every cell as text, as a sheet pasted from a text export.
    Text,
}

/// Writes one CSV file's rows into `sheet`.
fn fill(sheet: &mut Worksheet, csv_text: &str, cells: Cells) {
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let time = Format::new().set_num_format("hh:mm");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    let mut header: Vec<String> = Vec::new();
    for (r, record) in reader.records().enumerate() {
        let record = record.unwrap();
        if r == 0 {
            header = record.iter().map(str::to_string).collect();
        }
        for (c, value) in record.iter().enumerate() {
            let (row, col) = (r as u32, c as u16);
            let column = header[c].as_str();
            if value.is_empty() {
                continue;
            }
            if r > 0 && cells == Cells::Typed {
                if DATE_COLUMNS.contains(&column) {
                    let p: Vec<&str> = value.split('-').collect();
                    if let [y, m, d] = p[..] {
                        let d = ExcelDateTime::from_ymd(
                            y.parse().unwrap(),
                            m.parse().unwrap(),
                            d.parse().unwrap(),
                        )
                        .unwrap();
                        sheet
                            .write_datetime_with_format(row, col, d, &date)
                            .unwrap();
                        continue;
                    }
                }
                if TIME_COLUMNS.contains(&column) {
                    let (h, m) = value.split_once(':').unwrap();
                    let t =
                        ExcelDateTime::from_hms(h.parse().unwrap(), m.parse().unwrap(), 0).unwrap();
                    sheet
                        .write_datetime_with_format(row, col, t, &time)
                        .unwrap();
                    continue;
                }
                if NUMBER_COLUMNS.contains(&column) {
                    sheet
                        .write_number(row, col, value.parse::<f64>().unwrap())
                        .unwrap();
                    continue;
                }
            }
            sheet.write_string(row, col, value).unwrap();
        }
    }
}

/// A workbook with a sheet for each CSV file of `dir` that exists, named as the file.
fn workbook_of(dir: &Path, cells: Cells) -> Workbook {
    let mut book = Workbook::new();
    for name in ["cases", "sessions", "resources", "surgeons"] {
        let path = dir.join(format!("{name}.csv"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        fill(sheet, &text, cells);
    }
    book
}

fn save(mut book: Workbook, s: &Scenario, name: &str) {
    book.save(s.join(name)).unwrap();
}

/// Replaces `from` by `to` in every sheet of the workbook at `path`.
fn unsave(path: &Path, from: &str, to: &str) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut replaced = false;
    for k in 0..archive.len() {
        let mut entry = archive.by_index(k).unwrap();
        let name = entry.name().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name.starts_with("xl/worksheets/") {
            let text = String::from_utf8(content).unwrap();
            replaced |= text.contains(from);
            content = text.replace(from, to).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    assert!(replaced, "{from} not in {}", path.display());
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs rebook, which must refuse its input (exit 2, nothing written); returns stderr.
fn refused(s: &Scenario, args: &[&str]) -> String {
    let output = s.rebook(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    stderr
}

#[test]
fn the_demo_from_one_workbook_is_the_same_model_as_from_its_csv_files() {
    let s = Scenario::new();
    let data = repo("data");
    save(workbook_of(&data, Cells::Typed), &s, "demo.xlsx");
    save(workbook_of(&data, Cells::Text), &s, "demo-text.xlsx");
    ok(
        &s,
        &["model", "--in", data.to_str().unwrap(), "--out", "csv.lp"],
    );
    ok(&s, &["model", "--in", "demo.xlsx", "--out", "typed.lp"]);
    ok(&s, &["model", "--in", "demo-text.xlsx", "--out", "text.lp"]);
    // The same model, column for column: the same cases, lists, rules and costs.
    let csv = s.read("csv.lp");
    assert!(csv == s.read("typed.lp"), "dates as cells read differently");
    assert!(csv == s.read("text.lp"), "dates as text read differently");
}

#[test]
fn a_plan_from_a_workbook_is_the_plan_from_the_csv_files_and_plan_xlsx_holds_it() {
    let s = Scenario::new();
    let incident = repo("tests/fixtures/incident");
    save(workbook_of(&incident, Cells::Typed), &s, "incident.xlsx");
    let one_thread = ["--threads", "1", "--time-limit", "20"];
    let mut from_csv = vec!["plan", "--in", incident.to_str().unwrap(), "--out", "csv"];
    from_csv.extend_from_slice(&one_thread);
    ok(&s, &from_csv);
    let mut from_book = vec!["plan", "--in", "incident.xlsx", "--out", "book"];
    from_book.extend_from_slice(&one_thread);
    let printed = ok(&s, &from_book);
    assert!(printed.contains("plan.xlsx"), "{printed}");
    assert_eq!(s.read("csv/schedule.csv"), s.read("book/schedule.csv"));

    // plan.xlsx's Schedule sheet is schedule.csv row for row, dates as date cells.
    let mut plan = open_workbook_auto(s.join("book/plan.xlsx")).unwrap();
    assert_eq!(
        plan.sheet_names(),
        ["Schedule", "Unscheduled", "Summary"].map(String::from)
    );
    let sheet = plan.worksheet_range("Schedule").unwrap();
    let csv_text = s.read("book/schedule.csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(sheet.height(), rows.len());
    let header: Vec<String> = rows[0].iter().map(str::to_string).collect();
    let date_col = header.iter().position(|h| h == "date").unwrap();
    let start_col = header.iter().position(|h| h == "start").unwrap();
    for (r, record) in rows.iter().enumerate() {
        for (c, value) in record.iter().enumerate() {
            let cell = sheet.get((r, c)).unwrap_or(&Data::Empty);
            let shown = match cell {
                Data::DateTime(d) if c == start_col || header[c] == "end" => {
                    d.as_datetime().unwrap().time().format("%H:%M").to_string()
                }
                Data::DateTime(d) => d
                    .as_datetime()
                    .unwrap()
                    .date()
                    .format("%Y-%m-%d")
                    .to_string(),
                Data::Float(f) => format!("{f}"),
                Data::String(text) => text.clone(),
                Data::Empty => String::new(),
                other => panic!("row {r} column {c}: unexpected cell {other:?}"),
            };
            assert_eq!(shown, value, "row {r} column {}", header[c]);
            if r > 0 && c == date_col {
                assert!(matches!(cell, Data::DateTime(_)), "{cell:?}");
            }
        }
    }

    // The plan, edited in Excel and saved, is checked as the CSV is.
    ok(
        &s,
        &[
            "check",
            "--in",
            "incident.xlsx",
            "--schedule",
            "book/plan.xlsx",
        ],
    );
}

#[test]
fn an_id_stored_as_a_number_keeps_its_digits() {
    let s = Scenario::new();
    let mut book = Workbook::new();
    let cases = book.add_worksheet();
    cases.set_name("Cases").unwrap();
    fill(
        cases,
        "case_id,patient_id,specialty,priority,duration_min\nX,P1,110,P3,60\n",
        Cells::Typed,
    );
    // An id typed into Excel becomes a number: 1234 and a specialty code of 110.
    cases.write_number(1, 0, 1234.0).unwrap();
    cases.write_number(1, 2, 110.0).unwrap();
    let sessions = book.add_worksheet();
    sessions.set_name("sessions").unwrap();
    fill(
        sessions,
        "session_id,site,theatre,date,start,end,specialty\nS1,North,T1,2024-07-01,08:00,12:00,110\n",
        Cells::Typed,
    );
    save(book, &s, "book.xlsx");
    ok(
        &s,
        &[
            "plan",
            "--in",
            "book.xlsx",
            "--out",
            "out",
            "--time-limit",
            "5",
        ],
    );
    let schedule = s.read("out/schedule.csv");
    assert!(
        schedule.lines().nth(1).unwrap().starts_with("1234,P1,110,"),
        "{schedule}"
    );
}

#[test]
fn a_bad_cell_is_named_by_sheet_and_cell_and_nothing_is_written() {
    let s = Scenario::new();
    let mut book = workbook_of(&repo("tests/fixtures/incident"), Cells::Typed);
    let cases = book.worksheet_from_name("cases").unwrap();
    // H14: listed_on of the 13th case shows #N/A; F3 a duration of "an hour".
    cases
        .write_formula(13, 7, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    cases.write_string(2, 5, "an hour").unwrap();
    cases
        .write_formula(4, 7, Formula::new("=TODAY()-30"))
        .unwrap();
    let sessions = book.worksheet_from_name("sessions").unwrap();
    sessions
        .merge_range(3, 1, 3, 2, "Northgate", &Format::new())
        .unwrap();
    save(book, &s, "bad.xlsx");
    // A formula never calculated, as a program other than Excel writes it: no value.
    unsave(
        &s.join("bad.xlsx"),
        "<f>TODAY()-30</f><v>0</v>",
        "<f>TODAY()-30</f>",
    );
    let stderr = refused(&s, &["plan", "--in", "bad.xlsx", "--out", "out"]);
    for expected in [
        "bad.xlsx [cases] H14: the cell shows the error #N/A: give a value",
        "bad.xlsx [cases] H5: the formula =TODAY()-30 has no saved value",
        "bad.xlsx [sessions] B4:C4: merged cells: give each cell its own value",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(!s.join("out").exists());

    // Once the sheet reads, a value that breaks the data contract is named by its cell.
    let mut book = workbook_of(&repo("tests/fixtures/incident"), Cells::Typed);
    let cases = book.worksheet_from_name("cases").unwrap();
    cases.write_string(2, 5, "an hour").unwrap();
    save(book, &s, "bad.xlsx");
    let stderr = refused(&s, &["plan", "--in", "bad.xlsx", "--out", "out"]);
    assert!(
        stderr.contains("bad.xlsx [cases] F3: column duration_min: "),
        "{stderr}"
    );
}

#[test]
fn a_missing_sheet_and_unexpected_headers_are_named() {
    let s = Scenario::new();
    let mut book = Workbook::new();
    let cases = book.add_worksheet();
    cases.set_name("cases").unwrap();
    fill(cases, "Case Ref,Clinical Priority\nC1,P2\n", Cells::Text);
    save(book, &s, "export.xlsx");
    let stderr = refused(&s, &["plan", "--in", "export.xlsx", "--out", "out"]);
    assert!(
        stderr.contains("export.xlsx: has no sheet named \"sessions\" (its sheets: cases)"),
        "{stderr}"
    );
    let sessions = s.join("sessions.csv");
    std::fs::write(
        &sessions,
        "session_id,site,theatre,date,start,end,specialty\nS1,North,T1,2024-07-01,08:00,12:00,110\n",
    )
    .unwrap();
    let stderr = refused(
        &s,
        &[
            "plan",
            "--cases",
            "export.xlsx",
            "--sessions",
            "sessions.csv",
            "--out",
            "out",
        ],
    );
    assert!(
        stderr.contains(
            "export.xlsx [cases] row 1: missing required column \"case_id\" (the header has: \
             Case Ref, Clinical Priority;"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("case_id"), "{stderr}");
}

#[test]
fn a_column_map_reads_an_export_as_it_comes() {
    let s = Scenario::new();
    let incident = repo("tests/fixtures/incident");
    // The backlog as a PAS exports it: its own headers, its own priority labels.
    let cases = std::fs::read_to_string(incident.join("cases.csv")).unwrap();
    let mut lines = cases.lines();
    let header = lines.next().unwrap().replace(
        "case_id,patient_id,specialty,procedure,priority,duration_min,surgeon,listed_on",
        "Case Ref,Patient,Specialty,Proc Code,Clinical Priority,Mins,Consultant,TCI Date",
    );
    let mut export = vec![header];
    for line in lines {
        export.push(
            line.replace(",P2,", ",Urgent (P2),")
                .replace(",P3,", ",Soon (P3),")
                .replace(",P4,", ",Routine (P4),"),
        );
    }
    std::fs::create_dir_all(s.join("pas")).unwrap();
    for file in ["sessions.csv", "resources.csv", "surgeons.csv"] {
        std::fs::copy(incident.join(file), s.join("pas").join(file)).unwrap();
    }
    std::fs::write(s.join("pas/cases.csv"), export.join("\n") + "\n").unwrap();
    save(workbook_of(&s.join("pas"), Cells::Typed), &s, "export.xlsx");
    // Without a map: the missing fields are named, with the headers seen.
    let stderr = refused(&s, &["model", "--in", "export.xlsx", "--out", "m.lp"]);
    assert!(
        stderr.contains(
            "export.xlsx [cases] row 1: missing required column \"case_id\" (the header has: Case Ref, \
             Patient, Specialty, Proc Code, Clinical Priority, Mins, Consultant, TCI Date"
        ),
        "{stderr}"
    );
    let template = ok(&s, &["columns"]);
    assert!(
        template.contains("# case_id = \"\"    # required: unique id of the case"),
        "{template}"
    );
    s.file(
        "pas.toml",
        &[
            "[cases.columns]",
            "case_id = \"Case Ref\"",
            "patient_id = \"Patient\"",
            "procedure = \"Proc Code\"",
            "priority = \"Clinical Priority\"",
            "duration_min = \"Mins\"",
            "surgeon = \"Consultant\"",
            "listed_on = \"TCI Date\"",
            "[cases.values.priority]",
            "\"Urgent (P2)\" = \"P2\"",
            "\"soon (p3)\" = \"P3\"",
            "\"Routine (P4)\" = \"P4\"",
        ],
    );
    ok(
        &s,
        &[
            "model",
            "--in",
            "export.xlsx",
            "--columns",
            "pas.toml",
            "--out",
            "mapped.lp",
        ],
    );
    ok(
        &s,
        &[
            "model",
            "--in",
            incident.to_str().unwrap(),
            "--out",
            "csv.lp",
        ],
    );
    assert!(
        s.read("mapped.lp") == s.read("csv.lp"),
        "the mapped export reads differently"
    );
    // A bad value in a mapped column is named by the export's own cell.
    let mut bad = export.clone();
    let row: Vec<&str> = bad[1].split(',').collect();
    let mut row: Vec<String> = row.into_iter().map(str::to_string).collect();
    row[5] = "an hour".into();
    bad[1] = row.join(",");
    std::fs::write(s.join("pas/cases.csv"), bad.join("\n") + "\n").unwrap();
    save(workbook_of(&s.join("pas"), Cells::Typed), &s, "export.xlsx");
    let stderr = refused(
        &s,
        &[
            "model",
            "--in",
            "export.xlsx",
            "--columns",
            "pas.toml",
            "--out",
            "m.lp",
        ],
    );
    assert!(
        stderr.contains("export.xlsx [cases] F2: column duration_min: \"an hour\""),
        "{stderr}"
    );
}
