//! Scenario files (`--scenario FILE.toml`): a what-if said as changes to a base set of
//! inputs, without copying them. Each section compiles to the [`Edit`]s of `io::edit`,
//! the same changes `rebook generate --event` makes. An error names the file, the line
//! and the key (`lab-20th.toml:7: key resource[1].from: ...`).
//!
//! ```toml
//! name = "Lab back on the 20th"
//! from = "2024-07-08"          # planning start moved (optional)
//!
//! [[outage]]                   # an outage ends on another date; the ramp moves with it
//! resource = "xmatch_blood"
//! back_on = "2024-07-20"
//!
//! [[resource]]                 # a daily count over dates (rows it overlaps are cut)
//! resource = "xmatch_blood"
//! from = "2024-07-20"          # default: the planning start
//! to = "2024-08-16"            # default: the last list's date
//! per_day = 6
//!
//! [[closed]]                   # a theatre or a whole site closed on dates
//! site = "Southgate"
//! theatre = "S T2"             # without it, the whole site
//! from = "2024-07-15"
//! to = "2024-07-19"            # default: from
//!
//! [[extra_list]]               # extra lists, one a date
//! site = "Northgate"
//! theatre = "N T1"
//! dates = ["2024-07-13", "2024-07-20"]
//! start = "08:00"
//! end = "17:00"
//! specialty = "110"
//!
//! [[surgeon_away]]
//! surgeon = "TO04"
//! from = "2024-07-15"
//! to = "2024-07-26"
//!
//! [arriving]                   # a share of the backlog again as new cases
//! share = 0.1
//!
//! [declining]                  # a share of the patients decline: half unavailable
//! share = 0.05                 # for `weeks` from the start, half defer (P5/P6)
//! weeks = 2
//! ```

use crate::domain::error::{Error, InputError, Result};
use crate::io::edit::{Edit, OutageEnd, Tables};
use crate::io::input::field::{parse_date, parse_time};
use crate::io::input::table::display_name;
use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::Spanned;

/// What a scenario is, for summary.json and the comparison.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScenarioInfo {
    pub name: String,
    pub file: String,
    pub sha256: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What each change did to the inputs, in order.
    #[serde(default)]
    pub changes: Vec<String>,
}

/// A scenario file, read and checked on its own (the inputs are checked when it is
/// applied to them).
#[derive(Debug, Clone)]
pub struct Scenario {
    pub info: ScenarioInfo,
    /// The planning start the scenario moves to.
    pub from: Option<NaiveDate>,
    seed: u64,
    sections: Vec<Section>,
}

type Fields = BTreeMap<String, Spanned<toml::Value>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: Option<Spanned<toml::Value>>,
    description: Option<Spanned<toml::Value>>,
    from: Option<Spanned<toml::Value>>,
    seed: Option<Spanned<toml::Value>>,
    #[serde(default)]
    outage: Vec<Fields>,
    #[serde(default)]
    resource: Vec<Fields>,
    #[serde(default)]
    closed: Vec<Fields>,
    #[serde(default)]
    extra_list: Vec<Fields>,
    #[serde(default)]
    surgeon_away: Vec<Fields>,
    arriving: Option<Fields>,
    declining: Option<Fields>,
}

/// The keys each section takes, and which of them it needs.
const KINDS: &[(&str, &[&str], &[&str])] = &[
    ("outage", &["resource", "back_on"], &["resource", "back_on"]),
    (
        "resource",
        &["resource", "site", "from", "to", "per_day"],
        &["resource", "per_day"],
    ),
    ("closed", &["site", "theatre", "from", "to"], &["from"]),
    (
        "extra_list",
        // and the sessions.csv columns of LIST_COLUMNS
        &["session_id", "date", "dates"],
        &["theatre", "start", "end", "specialty"],
    ),
    (
        "surgeon_away",
        &["surgeon", "from", "to"],
        &["surgeon", "from"],
    ),
    ("arriving", &["share", "listed_on"], &["share"]),
    ("declining", &["share", "weeks"], &["share"]),
];

/// The sessions.csv columns an `[[extra_list]]` gives, beside its id and dates.
const LIST_COLUMNS: [&str; 8] = [
    "site",
    "theatre",
    "start",
    "end",
    "specialty",
    "surgeon",
    "equipment",
    "turnaround_min",
];

/// One section of the file: its kind, its place (`closed[2]`) and its keys.
#[derive(Debug, Clone)]
struct Section {
    kind: &'static str,
    label: String,
    fields: BTreeMap<String, (u64, toml::Value)>,
    /// The line of its first key, for a problem with the section as a whole.
    line: u64,
}

/// Finds the problems of one scenario file, each with its line and key.
struct Reader<'a> {
    file: &'a str,
    errors: Vec<InputError>,
}

impl Reader<'_> {
    fn fail(&mut self, line: u64, key: &str, message: impl AsRef<str>) {
        self.errors.push(InputError::at(
            self.file,
            line,
            None,
            format!("key {key}: {}", message.as_ref()),
        ));
    }
}

fn line_of(text: &str, at: usize) -> u64 {
    1 + text[..at.min(text.len())].matches('\n').count() as u64
}

/// A TOML value as text: strings as they are, dates and numbers as TOML writes them.
fn as_text(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

impl Section {
    fn key(&self, key: &str) -> String {
        format!("{}.{key}", self.label)
    }

    fn text(&self, key: &str, reader: &mut Reader) -> Option<String> {
        let (line, value) = self.fields.get(key)?;
        match as_text(value) {
            Some(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
            Some(_) => {
                reader.fail(*line, &self.key(key), "is empty");
                None
            }
            None => {
                reader.fail(*line, &self.key(key), "give text in quotes");
                None
            }
        }
    }

    fn date(&self, key: &str, reader: &mut Reader) -> Option<NaiveDate> {
        let text = self.text(key, reader)?;
        let line = self.fields[key].0;
        parse_date(&text)
            .map_err(|e| reader.fail(line, &self.key(key), e))
            .ok()
    }

    fn number(&self, key: &str, reader: &mut Reader) -> Option<f64> {
        let (line, value) = self.fields.get(key)?;
        match value {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) if f.is_finite() => Some(*f),
            other => {
                reader.fail(*line, &self.key(key), format!("{other} is not a number"));
                None
            }
        }
    }

    fn whole(&self, key: &str, most: i64, reader: &mut Reader) -> Option<i64> {
        let (line, value) = self.fields.get(key)?;
        match value {
            toml::Value::Integer(i) if (0..=most).contains(i) => Some(*i),
            other => {
                reader.fail(
                    *line,
                    &self.key(key),
                    format!("{other} is not a whole number from 0 to {most}"),
                );
                None
            }
        }
    }

    fn share(&self, reader: &mut Reader) -> Option<f64> {
        let share = self.number("share", reader)?;
        if (0.0..=1.0).contains(&share) {
            Some(share)
        } else {
            let line = self.fields["share"].0;
            reader.fail(
                line,
                &self.key("share"),
                format!("{share} is not from 0 to 1"),
            );
            None
        }
    }
}

impl Scenario {
    /// Reads and checks a scenario file.
    pub fn read(path: &Path) -> Result<Scenario> {
        let file = display_name(path);
        let bytes = std::fs::read(path).map_err(|e| {
            Error::Input(vec![InputError::file(
                &file,
                format!("cannot be read: {e}"),
            )])
        })?;
        let stem = path
            .file_stem()
            .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
        Scenario::parse(&file, &stem, &bytes).map_err(Error::Input)
    }

    /// Checks a scenario file's text; `stem` names a scenario without a `name`.
    pub fn parse(
        file: &str,
        stem: &str,
        bytes: &[u8],
    ) -> std::result::Result<Scenario, Vec<InputError>> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| vec![InputError::file(file, "is not UTF-8 text")])?;
        let parsed: File = toml::from_str(text).map_err(|e| {
            let message = e.message().to_string();
            vec![match e.span() {
                Some(span) => InputError::at(file, line_of(text, span.start), None, message),
                None => InputError::file(file, message),
            }]
        })?;
        let mut reader = Reader {
            file,
            errors: Vec::new(),
        };
        let top = |value: &Option<Spanned<toml::Value>>, key: &str, reader: &mut Reader| {
            let value = value.as_ref()?;
            let line = line_of(text, value.span().start);
            match as_text(value.get_ref()) {
                Some(text) => Some((line, text.trim().to_string())),
                None => {
                    reader.fail(line, key, "give text in quotes");
                    None
                }
            }
        };
        let name = top(&parsed.name, "name", &mut reader)
            .map(|(_, n)| n)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| stem.to_string());
        let description = top(&parsed.description, "description", &mut reader)
            .map(|(_, d)| d)
            .unwrap_or_default();
        let from = top(&parsed.from, "from", &mut reader).and_then(|(line, text)| {
            parse_date(&text)
                .map_err(|e| reader.fail(line, "from", e))
                .ok()
        });
        let seed = match &parsed.seed {
            Some(value) => match value.get_ref() {
                toml::Value::Integer(i) if *i >= 0 => *i as u64,
                other => {
                    let line = line_of(text, value.span().start);
                    reader.fail(line, "seed", format!("{other} is not a whole number"));
                    1
                }
            },
            None => 1,
        };

        let mut sections = Vec::new();
        let mut add = |kind: &'static str, label: String, fields: Fields| {
            let fields: BTreeMap<String, (u64, toml::Value)> = fields
                .into_iter()
                .map(|(k, v)| {
                    let line = line_of(text, v.span().start);
                    (k, (line, v.into_inner()))
                })
                .collect();
            let line = fields.values().map(|(l, _)| *l).min().unwrap_or(1);
            sections.push(Section {
                kind,
                label,
                fields,
                line,
            });
        };
        let lists: [(&'static str, Vec<Fields>); 5] = [
            ("outage", parsed.outage),
            ("resource", parsed.resource),
            ("closed", parsed.closed),
            ("extra_list", parsed.extra_list),
            ("surgeon_away", parsed.surgeon_away),
        ];
        for (kind, items) in lists {
            for (k, fields) in items.into_iter().enumerate() {
                add(kind, format!("{kind}[{}]", k + 1), fields);
            }
        }
        for (kind, fields) in [
            ("arriving", parsed.arriving),
            ("declining", parsed.declining),
        ] {
            if let Some(fields) = fields {
                add(kind, kind.to_string(), fields);
            }
        }
        for section in &sections {
            check_keys(section, &mut reader);
        }
        let scenario = Scenario {
            info: ScenarioInfo {
                name,
                file: file.to_string(),
                sha256: hex(&Sha256::digest(bytes)),
                description,
                changes: Vec::new(),
            },
            from,
            seed,
            sections,
        };
        // Every value checked now, before any input is read: the widest dates stand in
        // for the planning start and the last list, which only give defaults.
        let mut probe = Reader {
            file,
            errors: Vec::new(),
        };
        let (first, last) = (
            NaiveDate::from_ymd_opt(1, 1, 1).expect("a date"),
            NaiveDate::from_ymd_opt(9999, 12, 31).expect("a date"),
        );
        scenario.compile(first, last, None, &mut probe);
        reader.errors.append(&mut probe.errors);
        if reader.errors.is_empty() {
            Ok(scenario)
        } else {
            reader.errors.sort_by_key(|e| e.line);
            reader
                .errors
                .dedup_by(|a, b| a.to_string() == b.to_string());
            Err(reader.errors)
        }
    }

    /// Applies the scenario to the inputs planned from `start` (the planning start
    /// before the scenario moves it): every change in order, each said in
    /// `info.changes`. A change the inputs do not allow (a resource or surgeon they do
    /// not name, a theatre with no list on those dates) is refused with its line.
    pub fn apply(
        &mut self,
        tables: &mut Tables,
        start: NaiveDate,
    ) -> std::result::Result<(), Vec<InputError>> {
        let file = self.info.file.clone();
        let mut reader = Reader {
            file: &file,
            errors: Vec::new(),
        };
        let start = self.from.unwrap_or(start);
        let last = tables
            .list_dates()
            .map_or(start, |(_, last)| last.max(start));
        let edits = self.compile(start, last, Some(tables), &mut reader);
        let mut said: Vec<String> = self
            .from
            .map(|d| format!("planning start moved to {d}"))
            .into_iter()
            .collect();
        for (section, edit) in edits {
            match edit.apply(tables) {
                Ok(what) => said.push(what),
                Err(why) => reader.errors.push(InputError::at(
                    &file,
                    section.line,
                    None,
                    format!("[{}]: {why}", section.label),
                )),
            }
        }
        crate::io::edit::forget_gone_lists(tables);
        if reader.errors.is_empty() {
            self.info.changes = said;
            Ok(())
        } else {
            reader.errors.sort_by_key(|e| e.line);
            Err(reader.errors)
        }
    }

    /// The edits of every section, with the defaults of the planning start `start` and
    /// the last list's date `last`; with `tables`, names checked against the inputs.
    fn compile(
        &self,
        start: NaiveDate,
        last: NaiveDate,
        tables: Option<&Tables>,
        reader: &mut Reader,
    ) -> Vec<(&Section, Edit)> {
        let resources = tables.map(Tables::resource_names);
        let surgeons = tables.map(Tables::surgeon_names);
        let mut edits = Vec::new();
        for section in &self.sections {
            let s = section;
            let dates = |reader: &mut Reader, from_default: Option<NaiveDate>| {
                let from = match s.fields.contains_key("from") {
                    true => s.date("from", reader),
                    false => from_default,
                }?;
                let to = match s.fields.contains_key("to") {
                    true => s.date("to", reader)?,
                    false if s.kind == "resource" => last,
                    false => from,
                };
                if to < from {
                    match s.fields.get("to") {
                        Some((line, _)) => {
                            reader.fail(*line, &s.key("to"), format!("{to} is before from {from}"))
                        }
                        None => reader.fail(
                            s.line,
                            &s.key("from"),
                            format!("{from} is after the last list's date, {to}: give to"),
                        ),
                    }
                    return None;
                }
                Some((from, to))
            };
            let known_resource = |name: &str, reader: &mut Reader| {
                let known = resources
                    .as_ref()
                    .is_none_or(|r| r.contains(&name.to_lowercase()));
                if !known {
                    reader.fail(
                        s.fields["resource"].0,
                        &s.key("resource"),
                        format!("\"{name}\" is not a resource of the inputs (resources.csv or a case's resources)"),
                    );
                }
                known
            };
            let site = s.text("site", reader).unwrap_or_default();
            match s.kind {
                "outage" => {
                    let (Some(resource), Some(back_on)) =
                        (s.text("resource", reader), s.date("back_on", reader))
                    else {
                        continue;
                    };
                    if known_resource(&resource, reader) {
                        let end = OutageEnd::BackOn(back_on);
                        edits.push((
                            s,
                            Edit::OutageEnds {
                                resource,
                                running_on: start,
                                end,
                            },
                        ));
                    }
                }
                "resource" => {
                    let resource = s.text("resource", reader);
                    let per_day = s.whole("per_day", 1_000_000, reader);
                    let span = dates(reader, Some(start));
                    let (Some(resource), Some(per_day), Some((from, to))) =
                        (resource, per_day, span)
                    else {
                        continue;
                    };
                    if known_resource(&resource, reader) {
                        edits.push((
                            s,
                            Edit::Resource {
                                resource,
                                site,
                                from,
                                to,
                                per_day: per_day as u32,
                            },
                        ));
                    }
                }
                "closed" => {
                    let theatre = s.text("theatre", reader);
                    if site.is_empty() && theatre.is_none() {
                        reader.fail(s.line, &s.label, "give a site, a theatre or both");
                        continue;
                    }
                    if let Some((from, to)) = dates(reader, None) {
                        let site = (!site.is_empty()).then_some(site);
                        edits.push((
                            s,
                            Edit::Closed {
                                site,
                                theatre,
                                from,
                                to,
                            },
                        ));
                    }
                }
                "extra_list" => edits.extend(extra_lists(s, reader).into_iter().map(|e| (s, e))),
                "surgeon_away" => {
                    let (Some(surgeon), Some((from, to))) =
                        (s.text("surgeon", reader), dates(reader, None))
                    else {
                        continue;
                    };
                    if surgeons
                        .as_ref()
                        .is_some_and(|known| !known.contains(&surgeon))
                    {
                        reader.fail(
                            s.fields["surgeon"].0,
                            &s.key("surgeon"),
                            format!("\"{surgeon}\" is named on no list, case or surgeons.csv row"),
                        );
                        continue;
                    }
                    edits.push((s, Edit::SurgeonAway { surgeon, from, to }));
                }
                "arriving" => {
                    let listed_on = match s.fields.contains_key("listed_on") {
                        true => s.date("listed_on", reader),
                        false => Some(start),
                    };
                    if let (Some(share), Some(listed_on)) = (s.share(reader), listed_on) {
                        edits.push((
                            s,
                            Edit::Arriving {
                                share,
                                listed_on,
                                seed: self.seed,
                            },
                        ));
                    }
                }
                "declining" => {
                    let weeks = match s.fields.contains_key("weeks") {
                        true => s.whole("weeks", 52, reader),
                        false => Some(2),
                    };
                    let (Some(share), Some(weeks)) = (s.share(reader), weeks) else {
                        continue;
                    };
                    // Every case still to book may decline, from the planning start.
                    let on = tables.map_or_else(BTreeMap::new, |t| {
                        let (id, priority) = (t.cases.find("case_id"), t.cases.find("priority"));
                        (0..t.cases.rows.len())
                            .filter(|&i| {
                                let p = t.cases.text(i, priority);
                                !(p.eq_ignore_ascii_case("P5") || p.eq_ignore_ascii_case("P6"))
                            })
                            .map(|i| (t.cases.text(i, id).to_string(), start))
                            .collect()
                    });
                    edits.push((
                        s,
                        Edit::Declining {
                            share,
                            on,
                            weeks,
                            seed: self.seed,
                        },
                    ));
                }
                _ => {}
            }
        }
        edits
    }
}

/// Unknown keys refused, required keys asked for, each with the section's line.
fn check_keys(section: &Section, reader: &mut Reader) {
    let (_, own, required) = KINDS
        .iter()
        .find(|(kind, _, _)| *kind == section.kind)
        .expect("every section kind is listed");
    let mut allowed = own.to_vec();
    if section.kind == "extra_list" {
        allowed.extend(LIST_COLUMNS);
    }
    for (key, (line, _)) in &section.fields {
        if !allowed.contains(&key.as_str()) {
            reader.fail(
                *line,
                &section.key(key),
                format!(
                    "is not a key of [{}]; it takes {}",
                    section.kind,
                    allowed.join(", ")
                ),
            );
        }
    }
    for key in *required {
        if !section.fields.contains_key(*key) {
            reader.fail(section.line, &section.key(key), "is missing");
        }
    }
    if section.kind == "extra_list"
        && section.fields.contains_key("date") == section.fields.contains_key("dates")
    {
        reader.fail(
            section.line,
            &section.label,
            "give date or dates (one of the two)",
        );
    }
}

/// The lists an `[[extra_list]]` adds, one a date, with sessions.csv's columns.
fn extra_lists(s: &Section, reader: &mut Reader) -> Vec<Edit> {
    let mut dates = Vec::new();
    if s.fields.contains_key("date") {
        dates.extend(s.date("date", reader));
    }
    if let Some((line, value)) = s.fields.get("dates") {
        match value {
            toml::Value::Array(items) if !items.is_empty() => {
                for item in items {
                    match as_text(item).map(|t| parse_date(&t)) {
                        Some(Ok(date)) => dates.push(date),
                        Some(Err(e)) => reader.fail(*line, &s.key("dates"), e),
                        None => {
                            reader.fail(*line, &s.key("dates"), format!("{item} is not a date"))
                        }
                    }
                }
            }
            _ => reader.fail(
                *line,
                &s.key("dates"),
                "give a list of dates, [\"2024-07-13\", ...]",
            ),
        }
    }
    let (start, end) = (s.text("start", reader), s.text("end", reader));
    let times = match (&start, &end) {
        (Some(a), Some(b)) => match (parse_time(a), parse_time(b)) {
            (Ok(first), Ok(last)) if last > first => true,
            (Ok(_), Ok(_)) => {
                reader.fail(
                    s.fields["end"].0,
                    &s.key("end"),
                    format!("{b} is not after start {a}"),
                );
                false
            }
            (a, b) => {
                if let Err(e) = a {
                    reader.fail(s.fields["start"].0, &s.key("start"), e);
                }
                if let Err(e) = b {
                    reader.fail(s.fields["end"].0, &s.key("end"), e);
                }
                false
            }
        },
        _ => false,
    };
    if s.fields.contains_key("turnaround_min") {
        s.whole("turnaround_min", 1440, reader);
    }
    let id = s.text("session_id", reader);
    if id.is_some() && dates.len() > 1 {
        reader.fail(
            s.fields["session_id"].0,
            &s.key("session_id"),
            "one session_id names one list: give date, not dates",
        );
    }
    let unique: BTreeSet<NaiveDate> = dates.iter().copied().collect();
    if unique.len() < dates.len() {
        reader.fail(s.line, &s.key("dates"), "a date is given twice");
    }
    if !times {
        return Vec::new();
    }
    let theatre = s.text("theatre", reader).unwrap_or_default();
    dates
        .into_iter()
        .map(|date| {
            let mut cells = vec![(
                "session_id".to_string(),
                id.clone().unwrap_or_else(|| {
                    format!(
                        "{}-{}-{}",
                        s.label.replace(['[', ']'], ""),
                        date.format("%Y%m%d"),
                        theatre
                    )
                }),
            )];
            cells.push(("date".to_string(), date.to_string()));
            for key in LIST_COLUMNS {
                if let Some((_, value)) = s.fields.get(key) {
                    cells.push((
                        key.to_string(),
                        as_text(value).unwrap_or_default().trim().to_string(),
                    ));
                }
            }
            Edit::ExtraList { cells }
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 7, d).expect("a date")
    }

    fn errors(text: &str) -> Vec<String> {
        match Scenario::parse("s.toml", "s", text.as_bytes()) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn every_problem_is_named_by_line_and_key() {
        let text = "name = \"lab\"\n\
                    [[resource]]\n\
                    resource = \"xmatch_blood\"\n\
                    from = \"2024-07-32\"\n\
                    per_day = -1\n\
                    [[closed]]\n\
                    from = 2024-07-15\n\
                    to = 2024-07-14\n\
                    [declining]\n\
                    share = 1.5\n\
                    colour = \"red\"\n";
        assert_eq!(
            errors(text),
            [
                "s.toml:4: key resource[1].from: \"2024-07-32\" is not a valid date (use YYYY-MM-DD or DD/MM/YYYY)",
                "s.toml:5: key resource[1].per_day: -1 is not a whole number from 0 to 1000000",
                "s.toml:7: key closed[1]: give a site, a theatre or both",
                "s.toml:10: key declining.share: 1.5 is not from 0 to 1",
                "s.toml:11: key declining.colour: is not a key of [declining]; it takes share, weeks",
            ]
        );
        assert_eq!(
            errors("[[closed]]\nsite = \"North\"\nfrom = 2024-07-15\nto = 2024-07-14\n"),
            ["s.toml:4: key closed[1].to: 2024-07-14 is before from 2024-07-15"]
        );
        let unknown = errors("[lab]\nback = 1\n");
        assert_eq!(unknown.len(), 1);
        assert!(
            unknown[0].starts_with("s.toml:1: unknown field `lab`"),
            "{unknown:?}"
        );
    }

    #[test]
    fn extra_lists_are_one_a_date() {
        let text = "[[extra_list]]\nsite = \"North\"\ntheatre = \"T1\"\n\
                    dates = [2024-07-13, \"2024-07-20\"]\nstart = \"08:00\"\nend = \"17:00\"\n\
                    specialty = \"110\"\n";
        let scenario = Scenario::parse("s.toml", "s", text.as_bytes()).expect("valid");
        let mut reader = Reader {
            file: "s.toml",
            errors: Vec::new(),
        };
        let edits = scenario.compile(day(1), day(31), None, &mut reader);
        assert!(reader.errors.is_empty());
        let ids: Vec<String> = edits
            .iter()
            .map(|(_, e)| match e {
                Edit::ExtraList { cells } => format!("{}={}", cells[0].1, cells[1].1),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            ids,
            [
                "extra_list1-20240713-T1=2024-07-13",
                "extra_list1-20240720-T1=2024-07-20"
            ]
        );
    }
}
