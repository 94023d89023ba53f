//! A surgeon's unbooked floor as the model sees it: the fewest of the surgeon's cases at
//! one level of unbooked penalty that every plan booking the dearer ones leaves unbooked
//! (computed by `solver::floors`), and what a plan breaking its row costs at least.

/// One surgeon's floor at one level of unbooked penalty: of `cases` (the surgeon's
/// cases at that level), every plan that books all the surgeon's dearer cases leaves at
/// least `unbooked` unbooked; a plan that does not costs at least `dearer` (the least
/// penalty above the level; `None` when no case is dearer and the floor always holds).
#[derive(Debug, Clone, PartialEq)]
pub struct UnbookedFloor {
    pub surgeon: String,
    pub cases: Vec<usize>,
    pub unbooked: usize,
    pub dearer: Option<f64>,
}

/// The least cost of a plan that breaks one of `floors`' rows: a bound on the day
/// relaxation with those rows holds for the problem only up to this.
pub fn broken_cost(floors: &[UnbookedFloor]) -> f64 {
    floors
        .iter()
        .filter_map(|floor| floor.dearer)
        .fold(f64::INFINITY, f64::min)
}
