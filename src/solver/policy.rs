//! How a planning run spends its time and which models it is willing to build: every
//! time share and size limit of `orchestrate`, named, with what it is for. The measured
//! figures behind them are in docs/benchmarks.md.

/// How the time limit is shared out: each a fraction of the time left when the step
/// starts (so what one step leaves unused goes to the next).
pub mod shares {
    /// Kept back from the solver for checking and writing (clamped to 0.5..5 s), plus
    /// `RESERVE_PER_CASE` (outside this module: seconds, not a share) for each case.
    pub const RESERVE: f64 = 0.05;
    /// Moving late cases onto time in the first plan, before the cores start (the search
    /// moves them too): at most this share of the time left. With thousands of late
    /// cases it ran to the end (50,000 cases: 29 of the 30 s left, and the search never
    /// started). Measured at 20,000 cases, 60 s, half against all: 0.7% cheaper (tight
    /// base family), 0.1% cheaper (urgent mix), 0.05% dearer (all-day lists), 0.2% dearer
    /// (four trusts); at 50,000 cases 0.14% dearer: within the runs' noise but for the
    /// first, and the search gets its turn. Small backlogs finish it in milliseconds.
    pub const FIRST_REPAIR: f64 = 0.5;
    /// The subgradient search for capacity prices before the cores start (at most 5 s):
    /// enough for prices that guide the first plan, little of a short limit.
    pub const PRICES: f64 = 0.08;
    /// The LP bound by column generation when HiGHS will run on the whole model next and
    /// the objective has no plan-level terms: the whole model's root cuts give a stronger
    /// bound, so it gets most of the time.
    pub const LP_BEFORE_WHOLE_MODEL: f64 = 0.25;
    /// The LP bound when lists cost money to open or surgeons to change theatre: the LP
    /// leaves those costs out, so the day relaxations get nearly all the time.
    pub const LP_BEFORE_DAY_RELAXATIONS: f64 = 0.05;
    /// When nothing else runs on the bound's core (too large for the whole model, or
    /// split into parts solved after it) and the LP bound converged early, the lists'
    /// knapsacks' steps (`solver::list_bound`) get at most this share of the bound's
    /// time; then the core joins the search. Their first evaluation, at the LP's prices,
    /// gives most of their gain (tight base family: +0.25% over the converged LP at
    /// 5,000 cases); their steps add up to 0.5% more, and for all the time left they
    /// cost the plan 0.4% (the search had one core instead of two).
    pub const LIST_KNAPSACKS: f64 = 0.15;
    /// The surgeons' unbooked floors (about 1-2 s on IHTC-2024's largest instances).
    pub const FLOORS: f64 = 0.05;
    /// The day relaxation by minutes, twice at once (with and without the floors).
    pub const DAYS_BY_MINUTES: f64 = 0.7;
    /// The day relaxation by theatre, after that: its bound comes within seconds.
    pub const DAYS_BY_THEATRE: f64 = 0.5;
    /// Packing a day plan into lists, after each day relaxation.
    pub const PACKING: f64 = 0.6;
}

/// Seconds kept back per case for the work after the solver (the last check, the
/// explanations, the files checked as written, the report): about 5.6 s at 50,000
/// cases with the other core busy (110 µs a case), which overran a 60 s limit by 3 s
/// when the reserve did not grow with the backlog. Capped at half the limit.
pub const RESERVE_PER_CASE: f64 = 120e-6;

/// Above this many allowed case-session pairs the whole model is not given to HiGHS: at
/// 1.3 million (5,000 cases) its root LP alone takes most of a minute, and at 7 million
/// (20,000 cases) it took 5.4 GB without finishing the root LP in 60 s.
pub const MAX_MODEL_PAIRS: usize = 400_000;

/// The least time HiGHS is given for one independent part (when that much is left): a
/// part of a few pairs solves in milliseconds, so the floor costs the larger parts
/// after it little, while a share by pairs alone would give it too little to start.
pub const PART_MIN_SECONDS: f64 = 0.5;

/// Above this many pairs the capacity prices and the LP bound are not computed (memory:
/// about 40 bytes per pair).
pub const MAX_PRICED_PAIRS: usize = 25_000_000;

/// The pairs per case that start the LP bound's column generation.
pub const LP_COLUMNS_PER_CASE: usize = 4;
