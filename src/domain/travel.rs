//! Mutual aid: where a patient may be treated. A case's home site, the most travel it
//! accepts and whether it consents to another site at all; the trust that runs each
//! list; travel times between sites (travel.csv). Without any of them every site is
//! equally open to every case, as before mutual aid was known.

use std::collections::HashMap;

/// A case's own travel terms (cases.csv `home_site`, `max_travel_min`, `transfer_ok`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseTravel {
    /// Where the patient is listed; `None`: every site is home (no travel rule).
    pub home_site: Option<String>,
    /// The most minutes of travel from the home site the patient accepts; `None`: the
    /// `--max-travel` setting, else no limit within the home trust.
    pub max_travel_min: Option<u32>,
    /// `Some(false)`: treated at the home site only.
    pub transfer_ok: Option<bool>,
}

impl CaseTravel {
    /// The travel limit that holds for the case: its own, capped by `--max-travel`
    /// (`setting`) when both are given; `None` when neither is.
    pub fn limit(&self, setting: Option<u32>) -> Option<u32> {
        match (self.max_travel_min, setting) {
            (Some(own), Some(cap)) => Some(own.min(cap)),
            (own, cap) => own.or(cap),
        }
    }
}

/// Travel times between sites, the same both ways.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Travel {
    minutes: HashMap<(String, String), u32>,
}

impl Travel {
    /// Records the time from `from` to `to` (and back).
    pub fn insert(&mut self, from: &str, to: &str, minutes: u32) {
        self.minutes.insert(key(from, to), minutes);
    }

    /// The minutes between two sites: 0 for a site and itself; `None` when travel.csv
    /// gives no time for the pair.
    pub fn minutes(&self, from: &str, to: &str) -> Option<u32> {
        if from == to {
            return Some(0);
        }
        self.minutes.get(&key(from, to)).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.minutes.is_empty()
    }
}

fn key(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// The problem's mutual-aid facts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MutualAid {
    pub travel: Travel,
    /// The trust that runs each site's lists (sessions.csv `trust`; "" for the home
    /// trust, which is also a blank cell).
    pub site_trust: HashMap<String, String>,
}

impl MutualAid {
    /// The trust of a site ("" when it runs no list or is the home trust's).
    pub fn trust_of(&self, site: &str) -> &str {
        self.site_trust.get(site).map_or("", String::as_str)
    }
}
