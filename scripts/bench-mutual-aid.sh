#!/usr/bin/env bash
# Mutual aid: `rebook generate --scenario mutual-aid --trusts 4 --cases 8000` planned at
# travel limits (--max-travel, a cap on every patient's own limit) of 0 (nobody
# travels), 30, 60 and 120 minutes. Prints, per limit: the trusts hit (A, B) P1/P2
# breaches (booked late or unbooked with the deadline in the horizon, by home site),
# all breaches by priority, patients treated away, travel minutes, cost, bound, gap.
# Usage: bash scripts/bench-mutual-aid.sh [SECONDS] [CASES]   (defaults 120, 8000)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build-env.sh
cargo build --release --quiet
limit="${1:-120}"
cases="${2:-8000}"
out="${REBOOK_KEEP:-$(mktemp -d)}"
bin=target/release/rebook
"$bin" generate --scenario mutual-aid --trusts 4 --cases "$cases" --seed 1 --out "$out/in" > /dev/null
for travel in 0 30 60 120; do
  "$bin" plan --in "$out/in" --max-travel "$travel" --out "$out/travel-$travel" \
    --time-limit "$limit" > /dev/null
  "$bin" check --in "$out/in" --plan "$out/travel-$travel" > /dev/null
done
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
print("| max travel | hit trusts' P1/P2 breaches | booked late P1a/P1b/P2/P3/P4 | unbooked in horizon P1a/P1b/P2/P3/P4 | treated away | travel minutes | cost | bound | gap | s |")
print("|---|---|---|---|---|---|---|---|---|---|")
for travel in (0, 30, 60, 120):
    s = json.load(open(f"{out}/travel-{travel}/summary.json"))
    m = s["mutual_aid"]
    hit = sum(h["urgent_breaches"] for h in m["breaches_by_home_site"]
              if h["home_site"][:2] in ("A-", "B-"))
    late = "/".join(str(s["breaches"]["booked_late"]["by_priority"][p]) for p in ("P1a", "P1b", "P2", "P3", "P4"))
    miss = "/".join(str(s["breaches"]["unbooked_deadline_in_horizon"]["by_priority"][p]) for p in ("P1a", "P1b", "P2", "P3", "P4"))
    v = s["solver"]
    print(f"| {travel} | {hit} | {late} | {miss} | {m['treated_away']} | {m['travel_minutes']:,} | "
          f"{s['objective_total']:,.0f} | {v['best_bound']:,.0f} | {v['gap']*100:.2f}% | {s['time_seconds']:.1f} |")
PY
echo "plans in $out"
