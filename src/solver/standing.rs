//! Where the run stands: the cost of the best plan found so far and the best lower bound
//! proven on every plan, shared by every phase on every core. Once the bound proves the
//! plan within `--gap`, the run has nothing left to find: `Budget::remaining` then says
//! no time is left, so every phase ends at its next look at the clock, and HiGHS is
//! interrupted from its callback.

use std::sync::atomic::{AtomicU64, Ordering};

/// The best plan's cost and the best bound so far, each only ever improved.
pub struct Standing {
    /// `f64` bits; starts at +∞.
    plan: AtomicU64,
    /// `f64` bits; starts at −∞.
    bound: AtomicU64,
    /// `--gap`: the relative gap at which a plan counts as proven.
    gap: f64,
}

impl Standing {
    pub fn new(gap: f64) -> Self {
        Standing {
            plan: AtomicU64::new(f64::INFINITY.to_bits()),
            bound: AtomicU64::new(f64::NEG_INFINITY.to_bits()),
            gap,
        }
    }

    /// A plan of this cost exists (one the check accepts, or one a checked plan improves).
    pub fn plan_found(&self, cost: f64) {
        improve(&self.plan, cost, |new, old| new < old);
    }

    /// Every plan costs at least `bound`.
    pub fn bound_found(&self, bound: f64) {
        improve(&self.bound, bound, |new, old| new > old);
    }

    /// The best plan's cost so far, once there is one.
    pub fn plan(&self) -> Option<f64> {
        Some(f64::from_bits(self.plan.load(Ordering::Relaxed))).filter(|p| p.is_finite())
    }

    /// Whether the best bound proves the best plan within the gap.
    pub fn proven(&self) -> bool {
        let plan = f64::from_bits(self.plan.load(Ordering::Relaxed));
        let bound = f64::from_bits(self.bound.load(Ordering::Relaxed));
        plan.is_finite() && bound.is_finite() && plan - bound <= self.gap * plan.abs() + 1e-9
    }
}

/// Stores `value` in `slot` when `better(value, current)`, and it is a number.
fn improve(slot: &AtomicU64, value: f64, better: impl Fn(f64, f64) -> bool) {
    if value.is_nan() {
        return;
    }
    let _ = slot.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| {
        better(value, f64::from_bits(bits)).then_some(value.to_bits())
    });
}

#[cfg(test)]
mod tests {
    use super::Standing;

    #[test]
    fn a_plan_is_proven_once_the_bound_is_within_the_gap() {
        let standing = Standing::new(0.01);
        assert!(!standing.proven());
        standing.plan_found(1000.0);
        assert!(!standing.proven(), "no bound yet");
        standing.bound_found(980.0);
        assert!(!standing.proven(), "2% apart");
        standing.bound_found(950.0);
        standing.plan_found(1005.0);
        assert!(!standing.proven(), "neither figure gets worse");
        standing.plan_found(989.0);
        assert!(standing.proven(), "0.9% apart");
    }
}
