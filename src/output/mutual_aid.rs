//! summary.json's `mutual_aid`: where patients are treated against where they are listed
//! (transfers by site pair and trust, travel minutes), each trust's lists and how many of
//! them patients of another trust used, and the deadline breaches by home site. Present
//! when cases.csv gives home sites.

use crate::domain::{Priority, Problem};
use crate::explain::Plan;
use crate::pricing::Pricing;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct MutualAidSummary {
    /// Cases with a home site booked elsewhere.
    pub treated_away: usize,
    /// Their travel minutes from home, summed (pairs travel.csv gives).
    pub travel_minutes: u64,
    /// Booked cases by home site and site treated (home included).
    pub transfers: Vec<Transfer>,
    /// Each trust's lists ("" the home trust): how many, used, and used by patients of
    /// another trust.
    pub trusts: Vec<TrustLists>,
    /// Deadline breaches by home site (booked late, unbooked with the deadline in the
    /// horizon), all priorities and P1/P2.
    pub breaches_by_home_site: Vec<HomeBreaches>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Transfer {
    pub home_site: String,
    pub home_trust: String,
    pub site: String,
    pub trust: String,
    pub cases: usize,
    pub travel_minutes: u64,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct TrustLists {
    pub trust: String,
    pub lists: usize,
    pub lists_used: usize,
    /// Lists with at least one patient of another trust (mutual aid given).
    pub lists_lent: usize,
    /// Cases of other trusts' patients in them.
    pub cases_from_other_trusts: usize,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct HomeBreaches {
    pub home_site: String,
    pub cases: usize,
    pub booked_late: usize,
    pub unbooked_deadline_in_horizon: usize,
    /// P1a, P1b and P2 cases booked late or unbooked with the deadline in the horizon.
    pub urgent_breaches: usize,
}

/// The section, or `None` when no case has a home site.
pub fn summarise(problem: &Problem, pricing: &Pricing, plan: &Plan) -> Option<MutualAidSummary> {
    if problem.cases.iter().all(|c| c.travel.home_site.is_none()) {
        return None;
    }
    let aid = &problem.mutual_aid;
    let mut summary = MutualAidSummary::default();
    let mut transfers: BTreeMap<(String, String), Transfer> = BTreeMap::new();
    let mut trusts: BTreeMap<String, TrustLists> = BTreeMap::new();
    let mut used = vec![(false, false); problem.sessions.len()];
    for session in &problem.sessions {
        trusts.entry(session.trust.clone()).or_default().lists += 1;
    }
    let mut homes: BTreeMap<String, HomeBreaches> = BTreeMap::new();
    for (c, case) in problem.cases.iter().enumerate() {
        let booked = plan.booking[c];
        if let Some(s) = booked {
            used[s].0 = true;
        }
        let Some(home) = case.travel.home_site.as_deref() else {
            continue;
        };
        let breach = homes
            .entry(home.to_string())
            .or_insert_with(|| HomeBreaches {
                home_site: home.to_string(),
                ..HomeBreaches::default()
            });
        breach.cases += 1;
        if let Some(deadline) = pricing.deadline(c).filter(|_| !case.priority.is_deferred()) {
            let urgent = case.priority <= Priority::P2;
            let late = match booked {
                Some(s) => problem.sessions[s].date > deadline.date,
                None => false,
            };
            let missed = booked.is_none() && deadline.date <= problem.horizon_end;
            if deadline.date >= problem.planning_start && (late || missed) {
                breach.booked_late += usize::from(late);
                breach.unbooked_deadline_in_horizon += usize::from(missed);
                breach.urgent_breaches += usize::from(urgent);
            }
        }
        let Some(s) = booked else { continue };
        let session = &problem.sessions[s];
        let minutes = u64::from(aid.travel.minutes(home, &session.site).unwrap_or(0));
        let transfer = transfers
            .entry((home.to_string(), session.site.clone()))
            .or_insert_with(|| Transfer {
                home_site: home.to_string(),
                home_trust: aid.trust_of(home).to_string(),
                site: session.site.clone(),
                trust: session.trust.clone(),
                ..Transfer::default()
            });
        transfer.cases += 1;
        transfer.travel_minutes += minutes;
        if session.site != home {
            summary.treated_away += 1;
            summary.travel_minutes += minutes;
        }
        if session.trust != aid.trust_of(home) {
            used[s].1 = true;
            trusts
                .entry(session.trust.clone())
                .or_default()
                .cases_from_other_trusts += 1;
        }
    }
    for (session, (any, lent)) in problem.sessions.iter().zip(&used) {
        let lists = trusts.entry(session.trust.clone()).or_default();
        lists.lists_used += usize::from(*any);
        lists.lists_lent += usize::from(*lent);
    }
    summary.transfers = transfers.into_values().collect();
    summary.trusts = trusts
        .into_iter()
        .map(|(trust, lists)| TrustLists { trust, ..lists })
        .collect();
    summary.breaches_by_home_site = homes.into_values().collect();
    Some(summary)
}
