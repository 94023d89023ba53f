//! cases.csv rows into [`Case`]s: cell formats and the checks within one file.

use crate::domain::error::InputError;
use crate::domain::travel::CaseTravel;
use crate::domain::{Case, Name, Priority};
use crate::io::input::field::shown;
use crate::io::input::{Cells, Column, Table};
use crate::io::validate::travel::MAX_TRAVEL_MIN;
use std::collections::HashMap;

pub const COLUMNS: &[Column] = &[
    Column::required("case_id"),
    Column::optional("patient_id"),
    Column::optional("nhs_number"),
    Column::required("specialty"),
    Column::optional("procedure"),
    Column::required("priority"),
    Column::required("duration_min"),
    Column::optional("surgeon"),
    Column::optional("listed_on"),
    Column::optional("referral_date"),
    Column::optional("cancelled_on"),
    Column::optional("cancel_type"),
    Column::optional("earliest"),
    Column::optional("due"),
    Column::optional("equipment"),
    Column::optional("resources"),
    Column::optional("unavailable"),
    Column::optional("booked_session"),
    Column::optional("locked"),
    Column::optional("notified"),
    Column::optional("short_notice_ok"),
    Column::optional("home_site"),
    Column::optional("max_travel_min"),
    Column::optional("transfer_ok"),
];

/// A case as read, before session references are resolved.
pub struct CaseRow {
    pub line: u64,
    pub case: Case,
    pub booked_session: Option<String>,
}

/// Reads every row; rows with a bad cell are reported and left out.
pub fn read(table: &Table, errors: &mut Vec<InputError>) -> Vec<CaseRow> {
    let mut rows = Vec::with_capacity(table.len());
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in table.rows() {
        let mut cells = Cells::new(row, errors);
        let id = cells.required_text("case_id");
        if let Some(id) = id {
            if let Some(first) = first_line.get(id) {
                cells.error(
                    "case_id",
                    format!("\"{}\" is used again (first on line {first})", shown(id)),
                );
            } else {
                first_line.insert(id.to_string(), cells.line());
            }
        }
        let specialty = cells.required_text("specialty");
        let priority = cells.required_text("priority").and_then(|text| {
            let parsed = Priority::parse(text);
            if parsed.is_none() {
                cells.error(
                    "priority",
                    format!(
                        "\"{}\" is not a priority (expected P1a, P1b, P2, P3, P4, P5 or P6)",
                        shown(text)
                    ),
                );
            }
            parsed
        });
        let duration = cells.required_whole_number("duration_min", 1, 1440, "minutes");
        let nhs_number = cells.nhs_number("nhs_number");
        let listed_on = cells.date("listed_on");
        let referral_date = cells.date("referral_date");
        let cancelled_on = cells.date("cancelled_on");
        let earliest = cells.date("earliest");
        let due = cells.date("due");
        let unavailable = cells.date_ranges("unavailable");
        let locked = cells.flag("locked");
        let notified = cells.optional_flag("notified");
        let short_notice_ok = cells.flag("short_notice_ok");
        let max_travel_min = cells.whole_number("max_travel_min", 0, MAX_TRAVEL_MIN, "minutes");
        let transfer_ok = cells.optional_flag("transfer_ok");
        let home_site = cells.text("home_site").map(str::to_string);
        if home_site.is_none() {
            for column in ["max_travel_min", "transfer_ok"] {
                if cells.text(column).is_some() {
                    cells.error(
                        column,
                        "a travel term needs the case's home_site (travel is counted from it)",
                    );
                }
            }
        }
        let booked_session = cells.text("booked_session").map(str::to_string);
        let cancel_type = cells.text("cancel_type").map(str::to_string);

        let on_day = cancel_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("on_day_non_clinical"));
        if on_day && cancelled_on.is_none() && cells.text("cancelled_on").is_none() {
            cells.error(
                "cancelled_on",
                "value is missing: cancel_type on_day_non_clinical needs the date of cancellation \
                 (the 28-day rule counts from it)",
            );
        }
        if locked && booked_session.is_none() {
            cells.error("locked", "the case is locked but has no booked_session");
        }
        if locked && priority.is_some_and(Priority::is_deferred) {
            cells.error(
                "locked",
                "a P5/P6 case (patient chose to defer) cannot be locked into a session",
            );
        }

        if cells.failed() {
            continue;
        }
        let (Some(id), Some(specialty), Some(priority), Some(duration_min)) =
            (id, specialty, priority, duration)
        else {
            continue;
        };
        let names = |column: &str| cells.list(column).into_iter().map(Name::new).collect();
        let case = Case {
            id: id.to_string(),
            patient_id: cells.text("patient_id").map(str::to_string),
            nhs_number,
            patient: None,
            specialty: Name::new(specialty),
            procedure: cells.text("procedure").map(str::to_string),
            priority,
            duration_min,
            surgeon: cells.text("surgeon").map(str::to_string),
            listed_on,
            referral_date,
            cancelled_on,
            cancel_type,
            earliest,
            due,
            equipment: names("equipment"),
            resources: names("resources"),
            unavailable,
            booked_session: None,
            locked,
            notified,
            short_notice_ok,
            published: None,
            travel: CaseTravel {
                home_site,
                max_travel_min,
                transfer_ok,
            },
        };
        rows.push(CaseRow {
            line: cells.line(),
            case,
            booked_session,
        });
    }
    rows
}

/// Groups cases that share a `patient_id` or an NHS number: one group is one person.
pub fn group_patients(cases: &mut [Case]) {
    let mut parent: Vec<usize> = (0..cases.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut owner: HashMap<(u8, &str), usize> = HashMap::new();
    for (index, case) in cases.iter().enumerate() {
        let keys = [
            case.patient_id.as_deref().map(|p| (0u8, p)),
            case.nhs_number.as_deref().map(|n| (1u8, n)),
        ];
        for key in keys.into_iter().flatten() {
            match owner.get(&key) {
                Some(&other) => {
                    let (a, b) = (root(&mut parent, index), root(&mut parent, other));
                    parent[a] = b;
                }
                None => {
                    owner.insert(key, index);
                }
            }
        }
    }
    let groups: Vec<Option<usize>> = (0..cases.len())
        .map(|i| {
            let named = cases[i].patient_id.is_some() || cases[i].nhs_number.is_some();
            named.then(|| root(&mut parent, i))
        })
        .collect();
    for (case, group) in cases.iter_mut().zip(groups) {
        case.patient = group;
    }
}
