//! What the generator draws from: specialties by treatment function code with their
//! share of the backlog, consultants and typical procedures (OPCS-4 code, minutes,
//! equipment, blood and ICU needs), and the waiting list's priority mix.

pub(super) struct Procedure {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) minutes: u32,
    pub(super) share: f64,
    pub(super) equipment: &'static str,
    /// Needs cross-matched blood.
    pub(super) blood: bool,
    /// Needs an ICU bed after surgery.
    pub(super) icu: bool,
}

pub(super) struct Specialty {
    pub(super) code: &'static str,
    pub(super) prefix: &'static str,
    pub(super) share: f64,
    pub(super) consultants: usize,
    pub(super) procedures: &'static [Procedure],
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

pub(super) const SPECIALTIES: &[Specialty] = &[
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
pub(super) fn all_day(code: &str) -> bool {
    matches!(code, "170" | "107" | "160")
}

pub(super) const PRIORITY_MIX: &[(&str, f64)] = &[
    ("P1a", 0.002),
    ("P1b", 0.008),
    ("P2", 0.15),
    ("P3", 0.33),
    ("P4", 0.47),
    ("P5", 0.025),
    ("P6", 0.015),
];
