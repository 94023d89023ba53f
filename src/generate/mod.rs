//! `rebook generate --scenario incident`: a realistic, reproducible backlog after a
//! pathology outage, written in the input format. `--scenario region --trusts N`: N such
//! trusts hit at once, each with its own sites, surgeons, specialties' lists and
//! laboratory (ids and names prefixed `A-`, `B-`, ...; no mutual-aid open lists, which
//! would link them), so the backlog splits into independent parts.
//!
//! Two hospital sites (and mutual-aid lists at a third), nine specialties by treatment
//! function code with typical procedures and durations, a waiting-list priority mix,
//! cross-matched blood unavailable for the first three weeks and rationed after, ICU
//! beds per site, a surgical robot and a laser, named consultants with leave and on-call
//! days, patients' holidays, and on-the-day cancellations under the 28-day rule. NHS
//! numbers are in the 999 range, which the NHS keeps for test data.

use crate::domain::error::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// SplitMix64: tiny, fast and stable forever, so a seed always gives the same files.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// Index drawn with the given weights.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

struct Procedure {
    code: &'static str,
    name: &'static str,
    minutes: u32,
    share: f64,
    equipment: &'static str,
    /// Needs cross-matched blood.
    blood: bool,
    /// Needs an ICU bed after surgery.
    icu: bool,
}

struct Specialty {
    code: &'static str,
    prefix: &'static str,
    share: f64,
    consultants: usize,
    procedures: &'static [Procedure],
}

const fn p(
    code: &'static str,
    name: &'static str,
    minutes: u32,
    share: f64,
    equipment: &'static str,
    blood: bool,
    icu: bool,
) -> Procedure {
    Procedure {
        code,
        name,
        minutes,
        share,
        equipment,
        blood,
        icu,
    }
}

const SPECIALTIES: &[Specialty] = &[
    Specialty {
        code: "110",
        prefix: "TO",
        share: 0.22,
        consultants: 6,
        procedures: &[
            p(
                "W371",
                "Primary total hip replacement",
                120,
                0.30,
                "",
                true,
                false,
            ),
            p(
                "W401",
                "Primary total knee replacement",
                110,
                0.30,
                "",
                true,
                false,
            ),
            p("W852", "Knee arthroscopy", 45, 0.25, "", false, false),
            p("T521", "Carpal tunnel release", 30, 0.15, "", false, false),
        ],
    },
    Specialty {
        code: "100",
        prefix: "GS",
        share: 0.16,
        consultants: 5,
        procedures: &[
            p(
                "J183",
                "Laparoscopic cholecystectomy",
                75,
                0.40,
                "",
                false,
                false,
            ),
            p("T201", "Inguinal hernia repair", 60, 0.40, "", false, false),
            p("H071", "Right hemicolectomy", 180, 0.20, "", true, true),
        ],
    },
    Specialty {
        code: "130",
        prefix: "OP",
        share: 0.14,
        consultants: 4,
        procedures: &[
            p(
                "C751",
                "Cataract extraction and lens implant",
                30,
                0.80,
                "",
                false,
                false,
            ),
            p("C792", "Vitrectomy", 75, 0.20, "laser", false, false),
        ],
    },
    Specialty {
        code: "101",
        prefix: "UR",
        share: 0.10,
        consultants: 4,
        procedures: &[
            p(
                "M651",
                "Transurethral resection of prostate",
                60,
                0.40,
                "",
                true,
                false,
            ),
            p("M452", "Flexible cystoscopy", 30, 0.45, "", false, false),
            p(
                "M611",
                "Robotic radical prostatectomy",
                200,
                0.15,
                "robot",
                true,
                true,
            ),
        ],
    },
    Specialty {
        code: "502",
        prefix: "GY",
        share: 0.10,
        consultants: 4,
        procedures: &[
            p(
                "Q074",
                "Total abdominal hysterectomy",
                120,
                0.30,
                "",
                true,
                false,
            ),
            p(
                "Q181",
                "Diagnostic hysteroscopy",
                30,
                0.40,
                "",
                false,
                false,
            ),
            p("Q381", "Diagnostic laparoscopy", 60, 0.30, "", false, false),
        ],
    },
    Specialty {
        code: "120",
        prefix: "EN",
        share: 0.08,
        consultants: 3,
        procedures: &[
            p("F341", "Tonsillectomy", 45, 0.45, "", false, false),
            p("E036", "Septoplasty", 60, 0.35, "", false, false),
            p(
                "E133",
                "Endoscopic sinus surgery",
                90,
                0.20,
                "",
                false,
                false,
            ),
        ],
    },
    Specialty {
        code: "160",
        prefix: "PL",
        share: 0.08,
        consultants: 3,
        procedures: &[
            p(
                "S061",
                "Excision of skin lesion",
                30,
                0.60,
                "",
                false,
                false,
            ),
            p(
                "B291",
                "Breast reconstruction with free flap",
                300,
                0.15,
                "",
                true,
                true,
            ),
            p(
                "S571",
                "Debridement and skin graft",
                90,
                0.25,
                "",
                false,
                false,
            ),
        ],
    },
    Specialty {
        code: "107",
        prefix: "VA",
        share: 0.07,
        consultants: 2,
        procedures: &[
            p(
                "L881",
                "Endovenous laser ablation of varicose veins",
                60,
                0.65,
                "laser",
                false,
                false,
            ),
            p(
                "L191",
                "Open abdominal aortic aneurysm repair",
                240,
                0.15,
                "",
                true,
                true,
            ),
            p("L291", "Carotid endarterectomy", 120, 0.20, "", true, false),
        ],
    },
    Specialty {
        code: "170",
        prefix: "CT",
        share: 0.05,
        consultants: 2,
        procedures: &[
            p(
                "K401",
                "Coronary artery bypass graft",
                300,
                0.70,
                "",
                true,
                true,
            ),
            p(
                "K261",
                "Aortic valve replacement",
                270,
                0.30,
                "",
                true,
                true,
            ),
        ],
    },
];

/// Specialties whose lists run all day (08:00-18:00) rather than in halves.
fn all_day(code: &str) -> bool {
    matches!(code, "170" | "107" | "160")
}

const PRIORITY_MIX: &[(&str, f64)] = &[
    ("P1a", 0.002),
    ("P1b", 0.008),
    ("P2", 0.15),
    ("P3", 0.33),
    ("P4", 0.47),
    ("P5", 0.025),
    ("P6", 0.015),
];

/// The settings of one scenario.
pub struct Scenario {
    pub cases: usize,
    pub seed: u64,
    pub start: NaiveDate,
    /// Independent trusts (`region`): each with its own sites, surgeons, laboratory and
    /// mutual-aid lists, so no rule links two trusts' cases. 1 for `incident`.
    pub trusts: usize,
}

/// The four files' rows.
#[derive(Default)]
struct Tables {
    cases: Vec<Vec<String>>,
    sessions: Vec<Vec<String>>,
    resources: Vec<Vec<String>>,
    surgeons: Vec<Vec<String>>,
}

/// What a scenario wrote.
pub struct Written {
    pub cases: usize,
    pub sessions: usize,
}

struct SessionRow {
    id: String,
    site: String,
    theatre: String,
    date: NaiveDate,
    start: &'static str,
    end: &'static str,
    minutes: u32,
    specialty: usize,
    /// `None`: an open (any specialty) mutual-aid list.
    open: bool,
    surgeon: Option<String>,
    equipment: &'static str,
}

impl Scenario {
    /// Weeks of theatre time offered: about a quarter at most.
    fn weeks(&self) -> i64 {
        ((self.cases as f64 / 250.0).round() as i64).clamp(6, 13)
    }

    /// Writes the scenario's four files into `dir`.
    pub fn write(&self, dir: &Path) -> Result<Written> {
        let tables = if self.trusts == 1 {
            self.one_trust("", &HashSet::new())
        } else {
            // Trust A, B, ...: ids, sites, surgeons and the laboratory's resource carry
            // the trust's letter, so the files join without clashes.
            // NHS numbers are drawn afresh where another trust has them: the same number
            // would be the same patient, linking the trusts.
            let mut all = Tables::default();
            let mut taken: HashSet<String> = HashSet::new();
            for k in 0..self.trusts {
                let cases = self.cases / self.trusts + usize::from(k < self.cases % self.trusts);
                let letter = char::from(b'A' + k as u8);
                let trust = Scenario {
                    cases,
                    seed: self.seed.wrapping_add(k as u64),
                    start: self.start,
                    trusts: self.trusts,
                };
                let part = trust.one_trust(&format!("{letter}-"), &taken);
                taken.extend(part.cases.iter().map(|row| row[2].clone()));
                all.cases.extend(part.cases);
                all.sessions.extend(part.sessions);
                all.resources.extend(part.resources);
                all.surgeons.extend(part.surgeons);
            }
            all
        };
        write_tables(dir, &tables)?;
        Ok(Written {
            cases: tables.cases.len(),
            sessions: tables.sessions.len(),
        })
    }

    /// One trust's rows (this scenario's cases and seed), every id and name prefixed.
    /// `taken`: NHS numbers (as written) of other trusts' patients, not to be drawn.
    fn one_trust(&self, prefix: &str, taken: &HashSet<String>) -> Tables {
        let mut random = Random(self.seed ^ 0x005E_ED0F_2024);
        let weeks = self.weeks();
        let days: Vec<NaiveDate> = (0..weeks * 7)
            .map(|d| self.start + Duration::days(d))
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .collect();

        // Consultants per specialty, each with a week of leave and on-call days.
        let scale = (self.cases as f64 / 1700.0).max(0.3);
        let consultants: Vec<Vec<String>> = SPECIALTIES
            .iter()
            .map(|s| {
                let n = ((s.consultants as f64 * scale).round() as usize).max(1);
                (1..=n)
                    .map(|i| format!("{prefix}{}{i:02}", s.prefix))
                    .collect()
            })
            .collect();
        let mut leave: HashMap<String, (NaiveDate, NaiveDate)> = HashMap::new();
        let mut surgeon_rows = Vec::new();
        for name in consultants.iter().flatten() {
            let week = random.between(0, weeks - 1);
            let first = self.start + Duration::days(week * 7);
            let last = first + Duration::days(4);
            leave.insert(name.clone(), (first, last));
            for day in days.iter().filter(|d| first <= **d && **d <= last) {
                surgeon_rows.push((name.clone(), *day, 0u32));
            }
            for day in &days {
                if (day < &first || day > &last) && random.chance(0.08) {
                    surgeon_rows.push((name.clone(), *day, 240)); // on call: half a day
                }
            }
        }

        // Theatre-days: enough for about 95% of the demand (turnaround included), so
        // the plan has choices to make and some routine cases wait for later lists.
        let minutes_of = |s: &Specialty| {
            s.share
                * s.procedures
                    .iter()
                    .map(|p| p.share * f64::from(p.minutes + 15))
                    .sum::<f64>()
        };
        let demand: Vec<f64> = SPECIALTIES
            .iter()
            .map(|s| self.cases as f64 * minutes_of(s))
            .collect();
        let total_demand: f64 = demand.iter().sum::<f64>() * 0.95;
        let units_per_week = ((total_demand / 480.0 / weeks as f64).round() as usize).max(2);
        let sites = ["Northgate", "Southbank"];
        // The weekly timetable: each theatre-day goes to the specialty furthest below its
        // share, as one all-day list or two half-day lists.
        let mut given = vec![0.0f64; SPECIALTIES.len()];
        let deficit = |given: &[f64], half_day_only: bool| {
            (0..SPECIALTIES.len())
                .filter(|&k| !half_day_only || !all_day(SPECIALTIES[k].code))
                .max_by(|&a, &b| (demand[a] - given[a]).total_cmp(&(demand[b] - given[b])))
                .unwrap_or(0)
        };
        let mut week_plan: Vec<(usize, usize, u32, Vec<usize>)> = Vec::new();
        for unit in 0..units_per_week {
            let (site, rest) = (unit % 2, unit / 2);
            let (theatre, weekday) = (rest / 5 + 1, (rest % 5) as u32);
            let first = deficit(&given, false);
            let lists = if all_day(SPECIALTIES[first].code) {
                given[first] += 600.0 * weeks as f64;
                vec![first]
            } else {
                given[first] += 240.0 * weeks as f64;
                let second = deficit(&given, true);
                given[second] += 240.0 * weeks as f64;
                vec![first, second]
            };
            week_plan.push((site, theatre, weekday, lists));
        }
        let shares: Vec<f64> = SPECIALTIES.iter().map(|s| s.share).collect();
        let mut sessions = Vec::new();
        for (site, theatre, weekday, lists) in &week_plan {
            let site_name = format!("{prefix}{}", sites[*site]);
            let theatre_name = format!("{} T{theatre}", &sites[*site][..1]);
            for day in days
                .iter()
                .filter(|d| d.weekday().num_days_from_monday() == *weekday)
            {
                let halves: Vec<(usize, &'static str, &'static str, u32)> = match lists.as_slice() {
                    [whole] => vec![(*whole, "08:00", "18:00", 600)],
                    [am, pm, ..] => {
                        vec![(*am, "08:00", "12:00", 240), (*pm, "13:00", "17:00", 240)]
                    }
                    [] => vec![],
                };
                for (specialty, start, end, minutes) in halves {
                    let team = &consultants[specialty];
                    let lead = &team[random.between(0, team.len() as i64 - 1) as usize];
                    let (first, last) = leave[lead];
                    let on_leave = first <= *day && *day <= last;
                    let surgeon = (!on_leave && !random.chance(0.15)).then(|| lead.clone());
                    // The robot is in Northgate's urology theatre, the laser at Southbank.
                    let equipment = match (site, SPECIALTIES[specialty].code) {
                        (0, "101") => "robot",
                        (1, "130" | "107") => "laser",
                        _ => "",
                    };
                    sessions.push(SessionRow {
                        id: String::new(),
                        site: site_name.clone(),
                        theatre: theatre_name.clone(),
                        date: *day,
                        start,
                        end,
                        minutes,
                        specialty,
                        open: false,
                        surgeon,
                        equipment,
                    });
                }
            }
        }
        // Mutual aid: a neighbouring hospital offers open lists from week 3 to week 6
        // (not in a region: open lists would link the trusts).
        for day in days
            .iter()
            .filter(|_| self.trusts == 1)
            .filter(|d| (14..42).contains(&(**d - self.start).num_days()))
        {
            if day.weekday() == Weekday::Tue || day.weekday() == Weekday::Thu {
                sessions.push(SessionRow {
                    id: String::new(),
                    site: format!("{prefix}Westfield (mutual aid)"),
                    theatre: "W T1".into(),
                    date: *day,
                    start: "08:30",
                    end: "16:30",
                    minutes: 480,
                    specialty: 0,
                    open: true,
                    surgeon: None,
                    equipment: "",
                });
            }
        }
        sessions.sort_by(|a, b| {
            (a.date, &a.site, &a.theatre, a.start).cmp(&(b.date, &b.site, &b.theatre, b.start))
        });
        for (i, session) in sessions.iter_mut().enumerate() {
            session.id = format!("{prefix}S{:05}", i + 1);
        }

        // The backlog.
        let incident = NaiveDate::from_ymd_opt(2024, 6, 3)
            .expect("valid date")
            .min(self.start - Duration::days(7));
        let priority_weights: Vec<f64> = PRIORITY_MIX.iter().map(|(_, w)| *w).collect();
        let mut case_rows: Vec<Vec<String>> = Vec::with_capacity(self.cases);
        let mut minutes_locked: HashMap<usize, u32> = HashMap::new();
        let mut patient = 0usize;
        let mut previous: Option<(String, String, usize)> = None;
        for index in 1..=self.cases {
            // About 4% of cases are a second operation for the previous patient.
            let second = previous.take().filter(|_| random.chance(0.04));
            let second_operation = second.is_some();
            let (patient_id, nhs, specialty) = match second {
                Some(same) => same,
                None => {
                    patient += 1;
                    (
                        format!("{prefix}P{patient:06}"),
                        loop {
                            let nhs = nhs_number(&mut random);
                            if !taken.contains(&format_nhs(&nhs)) {
                                break nhs;
                            }
                        },
                        random.weighted(&shares),
                    )
                }
            };
            let spec = &SPECIALTIES[specialty];
            let procedure = &spec.procedures
                [random.weighted(&spec.procedures.iter().map(|p| p.share).collect::<Vec<_>>())];
            let priority = PRIORITY_MIX[random.weighted(&priority_weights)].0;
            let spread = random.between(-2, 2) as f64 * 0.1;
            let duration = ((f64::from(procedure.minutes) * (1.0 + spread) / 5.0).round() * 5.0)
                .max(15.0) as u32;
            let waited_days = match priority {
                "P1a" | "P1b" => random.between(0, 2),
                "P2" => random.between(0, 35),
                "P3" => random.between(7, 100),
                _ => random.between(30, 540),
            };
            let listed_on = self.start - Duration::days(waited_days);
            let referral = listed_on - Duration::days(random.between(28, 280));
            let surgeon = random.chance(0.7).then(|| {
                consultants[specialty]
                    [random.between(0, consultants[specialty].len() as i64 - 1) as usize]
                    .clone()
            });
            let (mut cancelled_on, mut cancel_type) = (String::new(), String::new());
            if random.chance(0.3) && listed_on < self.start - Duration::days(3) {
                let first = incident.max(listed_on + Duration::days(1));
                let last = self.start - Duration::days(3);
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
                (self.start + Duration::days(random.between(1, 20))).to_string()
            } else {
                String::new()
            };
            let due = if priority != "P5" && priority != "P6" && random.chance(0.03) {
                (self.start + Duration::days(random.between(14, 70))).to_string()
            } else {
                String::new()
            };
            let unavailable = if random.chance(0.1) {
                let first = self.start + Duration::days(random.between(0, weeks * 7 - 14));
                let last = first + Duration::days(random.between(3, 14));
                format!("{first}..{last}")
            } else {
                String::new()
            };
            let mut resources = Vec::new();
            if procedure.blood {
                resources.push(format!("{prefix}xmatch_blood"));
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
                let candidates: Vec<usize> = sessions
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
                    booked = sessions[s].id.clone();
                    let operating = surgeon.clone().or_else(|| sessions[s].surgeon.clone());
                    let away = operating.as_ref().is_some_and(|g| {
                        surgeon_rows.iter().any(|(name, day, max)| {
                            name == g && *day == sessions[s].date && *max < 600
                        })
                    });
                    let used = minutes_locked.entry(s).or_default();
                    let extra = if *used == 0 { duration } else { duration + 15 };
                    if simple
                        && !away
                        && !second_operation
                        && random.chance(0.1)
                        && *used + extra <= sessions[s].minutes
                    {
                        *used += extra;
                        locked = "yes".into();
                    }
                }
            }
            previous = Some((patient_id.clone(), nhs.clone(), specialty));
            case_rows.push(vec![
                format!("{prefix}C{index:06}"),
                patient_id,
                format_nhs(&nhs),
                format!("{prefix}{}", spec.code),
                format!("{} {}", procedure.code, procedure.name),
                priority.into(),
                duration.to_string(),
                surgeon.unwrap_or_default(),
                listed_on.to_string(),
                referral.to_string(),
                cancelled_on,
                cancel_type,
                earliest,
                due,
                procedure.equipment.into(),
                resources.join(";"),
                unavailable,
                booked,
                locked,
            ]);
        }

        // Resources: the laboratory is down for three weeks, then blood is rationed.
        let end = *days.last().unwrap_or(&self.start);
        let recovery = self.start + Duration::days(21);
        // After recovery, blood is rationed to about 80% of what the waiting cases need.
        let blood_cases = case_rows
            .iter()
            .filter(|row| row[15].contains("xmatch_blood"))
            .count();
        let days_after = days.iter().filter(|d| **d >= recovery).count().max(1);
        let blood_per_day = ((blood_cases as f64 * 0.8 / days_after as f64).round() as u32).max(1);
        let icu_north = ((self.cases as f64 / 1700.0) * 3.0).round().max(1.0) as u32;
        let icu_south = ((self.cases as f64 / 1700.0) * 2.0).round().max(1.0) as u32;
        let blood = format!("{prefix}xmatch_blood");
        let site = |name: &str| format!("{prefix}{name}");
        let resource_rows = [
            (
                blood.clone(),
                String::new(),
                self.start,
                recovery - Duration::days(1),
                0,
            ),
            (blood, String::new(), recovery, end, blood_per_day),
            (
                "icu_bed".into(),
                site("Northgate"),
                self.start,
                end,
                icu_north,
            ),
            (
                "icu_bed".into(),
                site("Southbank"),
                self.start,
                end,
                icu_south,
            ),
            (
                "icu_bed".into(),
                site("Westfield (mutual aid)"),
                self.start,
                end,
                0,
            ),
        ];
        surgeon_rows.sort();
        Tables {
            cases: case_rows,
            sessions: sessions
                .iter()
                .map(|s| {
                    vec![
                        s.id.clone(),
                        s.site.clone(),
                        s.theatre.clone(),
                        s.date.to_string(),
                        s.start.into(),
                        s.end.into(),
                        if s.open {
                            "any".into()
                        } else {
                            format!("{prefix}{}", SPECIALTIES[s.specialty].code)
                        },
                        s.surgeon.clone().unwrap_or_default(),
                        s.equipment.into(),
                        if s.open { "20".into() } else { String::new() },
                    ]
                })
                .collect(),
            resources: resource_rows
                .into_iter()
                .map(|(r, site, from, to, n)| {
                    vec![r, site, from.to_string(), to.to_string(), n.to_string()]
                })
                .collect(),
            surgeons: surgeon_rows
                .iter()
                .map(|(g, d, m)| vec![g.clone(), d.to_string(), m.to_string()])
                .collect(),
        }
    }
}

fn write_tables(dir: &Path, tables: &Tables) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    write_csv(
        &dir.join("cases.csv"),
        &[
            "case_id",
            "patient_id",
            "nhs_number",
            "specialty",
            "procedure",
            "priority",
            "duration_min",
            "surgeon",
            "listed_on",
            "referral_date",
            "cancelled_on",
            "cancel_type",
            "earliest",
            "due",
            "equipment",
            "resources",
            "unavailable",
            "booked_session",
            "locked",
        ],
        &tables.cases,
    )?;
    write_csv(
        &dir.join("sessions.csv"),
        &[
            "session_id",
            "site",
            "theatre",
            "date",
            "start",
            "end",
            "specialty",
            "surgeon",
            "equipment",
            "turnaround_min",
        ],
        &tables.sessions,
    )?;
    write_csv(
        &dir.join("resources.csv"),
        &["resource", "site", "from", "to", "per_day"],
        &tables.resources,
    )?;
    write_csv(
        &dir.join("surgeons.csv"),
        &["surgeon", "date", "max_minutes"],
        &tables.surgeons,
    )
}

/// A valid NHS number in the 999 range kept for test data.
fn nhs_number(random: &mut Random) -> String {
    loop {
        let mut digits = vec![9u32, 9, 9];
        for _ in 0..6 {
            digits.push(random.between(0, 9) as u32);
        }
        let sum: u32 = digits.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => continue,
            c => c,
        };
        digits.push(check);
        return digits
            .iter()
            .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
            .collect();
    }
}

fn format_nhs(digits: &str) -> String {
    format!("{} {} {}", &digits[..3], &digits[3..6], &digits[6..])
}

fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut writer = csv::Writer::from_path(path).map_err(|e| Error::io(path, e.into()))?;
    writer
        .write_record(header)
        .map_err(|e| Error::io(path, e.into()))?;
    for row in rows {
        writer
            .write_record(row)
            .map_err(|e| Error::io(path, e.into()))?;
    }
    writer.flush().map_err(|e| Error::io(path, e))
}
