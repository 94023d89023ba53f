//! One trust's files: consultants with leave and on-call days, a weekly timetable of
//! theatre lists (and mutual-aid lists at a neighbouring hospital), the backlog, and the
//! laboratory's and ICU's daily limits. Draws happen in that order, so a seed always
//! gives the same rows.

use super::catalogue::{Procedure, Specialty, SPECIALTIES};
use super::random::{format_nhs, nhs_number, Random};
use super::rows::{CaseRow, ResourceRow, SessionRow, SurgeonRow, Tables};
use super::Scenario;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::{HashMap, HashSet};

/// The hospital sites of a trust (the mutual-aid site is a third).
const SITES: [&str; 2] = ["Northgate", "Southbank"];
const MUTUAL_AID_SITE: &str = "Westfield (mutual aid)";

/// A theatre list as drawn, before it gets its id.
struct List {
    site: String,
    theatre: String,
    date: NaiveDate,
    start: &'static str,
    end: &'static str,
    minutes: u32,
    specialty: usize,
    /// An open (any specialty) mutual-aid list.
    open: bool,
    surgeon: Option<String>,
    equipment: &'static str,
    id: String,
}

/// A consultant's week of leave, first and last day.
type Leave = HashMap<String, (NaiveDate, NaiveDate)>;

/// The trust being drawn: its scenario, the prefix of every id and name, its working
/// days, and the random stream every draw takes from in turn.
struct Trust<'s> {
    scenario: &'s Scenario,
    prefix: &'s str,
    random: Random,
    weeks: i64,
    /// Weekdays of the horizon.
    days: Vec<NaiveDate>,
}

impl Scenario {
    /// One trust's rows (this scenario's cases and seed), every id and name prefixed.
    /// `taken`: NHS numbers (as written) of other trusts' patients, not to be drawn.
    pub(super) fn one_trust(&self, prefix: &str, taken: &HashSet<String>) -> Tables {
        let weeks = self.weeks();
        let days = (0..weeks * 7)
            .map(|d| self.start + Duration::days(d))
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .collect();
        let mut trust = Trust {
            scenario: self,
            prefix,
            random: Random(self.seed ^ 0x005E_ED0F_2024),
            weeks,
            days,
        };
        let consultants = trust.consultants();
        let (leave, mut surgeons) = trust.leave_and_on_call(&consultants);
        let lists = trust.lists(&consultants, &leave);
        let cases = trust.backlog(&consultants, &lists, &surgeons, taken);
        let resources = trust.limits(&cases);
        surgeons.sort_by(|a, b| {
            (&a.surgeon, a.date, a.max_minutes).cmp(&(&b.surgeon, b.date, b.max_minutes))
        });
        Tables {
            cases,
            sessions: lists.iter().map(|list| trust.session_row(list)).collect(),
            resources,
            surgeons,
        }
    }
}

impl Trust<'_> {
    fn named(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// Consultants per specialty, in proportion to the backlog's size.
    fn consultants(&self) -> Vec<Vec<String>> {
        let scale = (self.scenario.cases as f64 / 1700.0).max(0.3);
        SPECIALTIES
            .iter()
            .map(|s| {
                let n = ((s.consultants as f64 * scale).round() as usize).max(1);
                (1..=n)
                    .map(|i| self.named(&format!("{}{i:02}", s.prefix)))
                    .collect()
            })
            .collect()
    }

    /// Each consultant's week of leave (0 minutes those days) and on-call days (half a
    /// day of operating).
    fn leave_and_on_call(&mut self, consultants: &[Vec<String>]) -> (Leave, Vec<SurgeonRow>) {
        let (start, shape) = (self.scenario.start, &self.scenario.shape);
        let mut leave = Leave::new();
        let mut rows = Vec::new();
        for name in consultants.iter().flatten() {
            let week = self.random.between(0, self.weeks - 1);
            let first = start + Duration::days(week * 7);
            let last = first + Duration::days(4);
            leave.insert(name.clone(), (first, last));
            for day in self.days.iter().filter(|d| first <= **d && **d <= last) {
                rows.push(SurgeonRow::new(name, *day, 0));
            }
            for day in &self.days {
                if (day < &first || day > &last) && self.random.chance(shape.on_call) {
                    rows.push(SurgeonRow::new(name, *day, 240));
                }
            }
        }
        (leave, rows)
    }

    /// The weekly timetable: theatre-days for the demand (turnaround included) over the
    /// shape's load, by default about 95% of it, so the plan has choices to make and some
    /// routine cases wait for later lists. Each theatre-day goes to the specialty
    /// furthest below its share, as one all-day list or two half-day lists; unstaffed
    /// specialties get none (and their demand is not counted). Returns (site, theatre,
    /// weekday, specialties).
    fn timetable(&self) -> Vec<(usize, usize, u32, Vec<usize>)> {
        let minutes_of = |s: &Specialty| {
            s.share
                * s.procedures
                    .iter()
                    .map(|p| p.share * f64::from(p.minutes + 15))
                    .sum::<f64>()
        };
        let shape = &self.scenario.shape;
        let staffed = SPECIALTIES.len() - shape.unstaffed.min(SPECIALTIES.len() - 1);
        let demand: Vec<f64> = SPECIALTIES
            .iter()
            .enumerate()
            .map(|(k, s)| {
                if k < staffed {
                    self.scenario.cases as f64 * minutes_of(s)
                } else {
                    0.0
                }
            })
            .collect();
        // Patients who chose to wait (P5, P6) are not demand on the lists.
        let waiting: f64 = (shape.mix.shares().iter())
            .filter(|(p, _)| matches!(*p, "P5" | "P6"))
            .map(|(_, share)| share)
            .sum();
        let total_demand: f64 = demand.iter().sum::<f64>() * (1.0 - waiting) / shape.load;
        let mut given = vec![0.0f64; SPECIALTIES.len()];
        let all_day = |k: usize| shape.lists.all_day(SPECIALTIES[k].code);
        let deficit = |given: &[f64], half_day_only: bool| {
            (0..staffed)
                .filter(|&k| !half_day_only || !all_day(k))
                .max_by(|&a, &b| (demand[a] - given[a]).total_cmp(&(demand[b] - given[b])))
                .unwrap_or(0)
        };
        let weeks = self.weeks as f64;
        let mut week_plan = Vec::new();
        // Theatre-days until the lists' minutes are within half a theatre-day of the
        // target (at least two, one per site), each counted at its lists' own minutes.
        let half_day_all_weeks = 240.0 * weeks;
        let mut unit = 0;
        while unit < 2 || given.iter().sum::<f64>() + half_day_all_weeks < total_demand {
            let (site, rest) = (unit % 2, unit / 2);
            let (theatre, weekday) = (rest / 5 + 1, (rest % 5) as u32);
            let first = deficit(&given, false);
            let lists = if all_day(first) {
                given[first] += 600.0 * weeks;
                vec![first]
            } else {
                given[first] += 240.0 * weeks;
                let second = deficit(&given, true);
                given[second] += 240.0 * weeks;
                vec![first, second]
            };
            week_plan.push((site, theatre, weekday, lists));
            unit += 1;
        }
        week_plan
    }

    /// Every list of the horizon, sorted by date, site, theatre and start, with its id:
    /// the timetable's lists each week (led by one of the specialty's consultants unless
    /// on leave, or open to any of them; the shape's share of them open to any
    /// specialty), then the mutual-aid lists.
    fn lists(&mut self, consultants: &[Vec<String>], leave: &Leave) -> Vec<List> {
        let open_share = self.scenario.shape.open_lists;
        let mut lists = Vec::new();
        for (site, theatre, weekday, specialties) in &self.timetable() {
            let site_name = self.named(SITES[*site]);
            let theatre_name = format!("{} T{theatre}", &SITES[*site][..1]);
            let days: Vec<NaiveDate> = self
                .days
                .iter()
                .copied()
                .filter(|d| d.weekday().num_days_from_monday() == *weekday)
                .collect();
            for day in days {
                let halves: Vec<(usize, &'static str, &'static str, u32)> =
                    match specialties.as_slice() {
                        [whole] => vec![(*whole, "08:00", "18:00", 600)],
                        [am, pm, ..] => {
                            vec![(*am, "08:00", "12:00", 240), (*pm, "13:00", "17:00", 240)]
                        }
                        [] => vec![],
                    };
                for (specialty, start, end, minutes) in halves {
                    let team = &consultants[specialty];
                    let lead = &team[self.random.between(0, team.len() as i64 - 1) as usize];
                    let (first, last) = leave[lead];
                    let on_leave = first <= day && day <= last;
                    let surgeon = (!on_leave && !self.random.chance(0.15)).then(|| lead.clone());
                    // Drawn only when asked for, so the default shape's stream is as before.
                    let open = open_share > 0.0 && self.random.chance(open_share);
                    // The robot is in Northgate's urology theatre, the laser at Southbank.
                    let equipment = match (site, SPECIALTIES[specialty].code) {
                        _ if open => "",
                        (0, "101") => "robot",
                        (1, "130" | "107") => "laser",
                        _ => "",
                    };
                    let surgeon = surgeon.filter(|_| !open);
                    lists.push(List {
                        site: site_name.clone(),
                        theatre: theatre_name.clone(),
                        date: day,
                        start,
                        end,
                        minutes,
                        specialty,
                        open,
                        surgeon,
                        equipment,
                        id: String::new(),
                    });
                }
            }
        }
        lists.extend(self.mutual_aid_lists());
        lists.sort_by(|a, b| {
            (a.date, &a.site, &a.theatre, a.start).cmp(&(b.date, &b.site, &b.theatre, b.start))
        });
        for (i, list) in lists.iter_mut().enumerate() {
            list.id = self.named(&format!("S{:05}", i + 1));
        }
        lists
    }

    /// Mutual aid: a neighbouring hospital offers open lists on Tuesdays and Thursdays
    /// from week 3 to week 6 (not in a region: open lists would link the trusts).
    fn mutual_aid_lists(&self) -> Vec<List> {
        let start = self.scenario.start;
        self.days
            .iter()
            .filter(|_| self.scenario.trusts == 1)
            .filter(|d| (14..42).contains(&(**d - start).num_days()))
            .filter(|d| d.weekday() == Weekday::Tue || d.weekday() == Weekday::Thu)
            .map(|day| List {
                site: self.named(MUTUAL_AID_SITE),
                theatre: "W T1".into(),
                date: *day,
                start: "08:30",
                end: "16:30",
                minutes: 480,
                specialty: 0,
                open: true,
                surgeon: None,
                equipment: "",
                id: String::new(),
            })
            .collect()
    }

    /// The backlog: patients (about 4% with a second operation), procedures by
    /// specialty, priorities, waits, on-the-day cancellations under the 28-day rule,
    /// earliest dates, explicit due dates, holidays, blood and ICU needs, and bookings
    /// kept from before the outage (a few confirmed, locked where they fit).
    fn backlog(
        &mut self,
        consultants: &[Vec<String>],
        lists: &[List],
        surgeons: &[SurgeonRow],
        taken: &HashSet<String>,
    ) -> Vec<CaseRow> {
        let (start, weeks) = (self.scenario.start, self.weeks);
        let incident = NaiveDate::from_ymd_opt(2024, 6, 3)
            .expect("valid date")
            .min(start - Duration::days(7));
        let shares: Vec<f64> = SPECIALTIES.iter().map(|s| s.share).collect();
        let mix = self.scenario.shape.mix.shares();
        let named_surgeons = self.scenario.shape.named_surgeons;
        let priority_weights: Vec<f64> = mix.iter().map(|(_, w)| *w).collect();
        let mut rows: Vec<CaseRow> = Vec::with_capacity(self.scenario.cases);
        let mut minutes_locked: HashMap<usize, u32> = HashMap::new();
        let mut patient = 0usize;
        let mut previous: Option<(String, String, usize)> = None;
        let random = &mut self.random;
        for index in 1..=self.scenario.cases {
            // About 4% of cases are a second operation for the previous patient.
            let second = previous.take().filter(|_| random.chance(0.04));
            let second_operation = second.is_some();
            let (patient_id, nhs, specialty) = match second {
                Some(same) => same,
                None => {
                    patient += 1;
                    (
                        format!("{}P{patient:06}", self.prefix),
                        loop {
                            let nhs = nhs_number(random);
                            if !taken.contains(&format_nhs(&nhs)) {
                                break nhs;
                            }
                        },
                        random.weighted(&shares),
                    )
                }
            };
            let spec = &SPECIALTIES[specialty];
            let procedure: &Procedure = &spec.procedures
                [random.weighted(&spec.procedures.iter().map(|p| p.share).collect::<Vec<_>>())];
            let priority = mix[random.weighted(&priority_weights)].0;
            let spread = random.between(-2, 2) as f64 * 0.1;
            let duration = ((f64::from(procedure.minutes) * (1.0 + spread) / 5.0).round() * 5.0)
                .max(15.0) as u32;
            let waited_days = match priority {
                "P1a" | "P1b" => random.between(0, 2),
                "P2" => random.between(0, 35),
                "P3" => random.between(7, 100),
                _ => random.between(30, 540),
            };
            let listed_on = start - Duration::days(waited_days);
            let referral = listed_on - Duration::days(random.between(28, 280));
            let surgeon = random.chance(named_surgeons).then(|| {
                consultants[specialty]
                    [random.between(0, consultants[specialty].len() as i64 - 1) as usize]
                    .clone()
            });
            let (mut cancelled_on, mut cancel_type) = (String::new(), String::new());
            if random.chance(0.3) && listed_on < start - Duration::days(3) {
                let first = incident.max(listed_on + Duration::days(1));
                let last = start - Duration::days(3);
                if first <= last {
                    let day = first + Duration::days(random.between(0, (last - first).num_days()));
                    cancelled_on = day.to_string();
                    cancel_type = if random.chance(0.6) {
                        "on_day_non_clinical"
                    } else {
                        "pre_admission_non_clinical"
                    }
                    .into();
                }
            }
            let earliest = if random.chance(0.1) {
                (start + Duration::days(random.between(1, 20))).to_string()
            } else {
                String::new()
            };
            let due = if priority != "P5" && priority != "P6" && random.chance(0.03) {
                (start + Duration::days(random.between(14, 70))).to_string()
            } else {
                String::new()
            };
            let unavailable = if random.chance(0.1) {
                let first = start + Duration::days(random.between(0, weeks * 7 - 14));
                let last = first + Duration::days(random.between(3, 14));
                format!("{first}..{last}")
            } else {
                String::new()
            };
            let mut resources = Vec::new();
            if procedure.blood {
                resources.push(format!("{}xmatch_blood", self.prefix));
            }
            if procedure.icu {
                resources.push("icu_bed".to_string());
            }
            // Some cases keep a booking from before the outage; a few are confirmed (locked).
            let mut booked = String::new();
            let mut locked = String::new();
            let simple = resources.is_empty()
                && unavailable.is_empty()
                && earliest.is_empty()
                && procedure.equipment.is_empty();
            if !matches!(priority, "P5" | "P6") && random.chance(0.2) {
                let candidates: Vec<usize> = lists
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| {
                        !s.open
                            && s.specialty == specialty
                            && s.equipment.contains(procedure.equipment)
                    })
                    .filter(|(_, s)| {
                        surgeon.is_none() || s.surgeon.is_none() || s.surgeon == surgeon
                    })
                    .filter(|(_, s)| s.minutes >= duration)
                    .map(|(i, _)| i)
                    .collect();
                if !candidates.is_empty() {
                    let s = candidates[random.between(0, candidates.len() as i64 - 1) as usize];
                    booked = lists[s].id.clone();
                    let operating = surgeon.clone().or_else(|| lists[s].surgeon.clone());
                    let away = operating.as_ref().is_some_and(|g| {
                        surgeons.iter().any(|row| {
                            &row.surgeon == g && row.date == lists[s].date && row.max_minutes < 600
                        })
                    });
                    let used = minutes_locked.entry(s).or_default();
                    let extra = if *used == 0 { duration } else { duration + 15 };
                    if simple
                        && !away
                        && !second_operation
                        && random.chance(0.1)
                        && *used + extra <= lists[s].minutes
                    {
                        *used += extra;
                        locked = "yes".into();
                    }
                }
            }
            previous = Some((patient_id.clone(), nhs.clone(), specialty));
            rows.push(CaseRow {
                case_id: format!("{}C{index:06}", self.prefix),
                patient_id,
                nhs_number: format_nhs(&nhs),
                specialty: format!("{}{}", self.prefix, spec.code),
                procedure: format!("{} {}", procedure.code, procedure.name),
                priority: priority.into(),
                duration_min: duration,
                surgeon: surgeon.unwrap_or_default(),
                listed_on,
                referral_date: referral,
                cancelled_on,
                cancel_type,
                earliest,
                due,
                equipment: procedure.equipment.into(),
                resources: resources.join(";"),
                unavailable,
                booked_session: booked,
                locked,
            });
        }
        rows
    }

    /// The daily limits: the laboratory down for the shape's outage (three weeks by
    /// default), then blood rationed to about 80% of what the waiting cases need; ICU
    /// beds per site (none at the mutual-aid hospital).
    fn limits(&self, cases: &[CaseRow]) -> Vec<ResourceRow> {
        let start = self.scenario.start;
        let end = *self.days.last().unwrap_or(&start);
        let recovery = start + Duration::days(7 * self.scenario.shape.outage_weeks);
        let blood_cases = cases
            .iter()
            .filter(|row| row.resources.contains("xmatch_blood"))
            .count();
        let days_after = self.days.iter().filter(|d| **d >= recovery).count().max(1);
        let blood_per_day = ((blood_cases as f64 * 0.8 / days_after as f64).round() as u32).max(1);
        let scale = self.scenario.cases as f64 / 1700.0;
        let icu_north = (scale * 3.0).round().max(1.0) as u32;
        let icu_south = (scale * 2.0).round().max(1.0) as u32;
        let blood = self.named("xmatch_blood");
        let outage = (recovery > start)
            .then(|| ResourceRow::new(&blood, "", start, recovery - Duration::days(1), 0));
        let ration =
            (recovery <= end).then(|| ResourceRow::new(&blood, "", recovery, end, blood_per_day));
        outage
            .into_iter()
            .chain(ration)
            .chain([
                ResourceRow::new("icu_bed", &self.named(SITES[0]), start, end, icu_north),
                ResourceRow::new("icu_bed", &self.named(SITES[1]), start, end, icu_south),
                ResourceRow::new("icu_bed", &self.named(MUTUAL_AID_SITE), start, end, 0),
            ])
            .collect()
    }

    fn session_row(&self, list: &List) -> SessionRow {
        SessionRow {
            session_id: list.id.clone(),
            site: list.site.clone(),
            theatre: list.theatre.clone(),
            date: list.date,
            start: list.start.into(),
            end: list.end.into(),
            specialty: if list.open {
                "any".into()
            } else {
                self.named(SPECIALTIES[list.specialty].code)
            },
            surgeon: list.surgeon.clone().unwrap_or_default(),
            equipment: list.equipment.into(),
            turnaround_min: if list.open {
                "20".into()
            } else {
                String::new()
            },
        }
    }
}
