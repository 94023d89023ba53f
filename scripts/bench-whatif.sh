#!/usr/bin/env bash
# What-if on the demo: `rebook whatif` with the five scenarios of data/scenarios (the
# laboratory back on four dates, Saturday lists) against the same six plans (the base and
# the five) run one after another with `rebook plan`, each with the machine's cores.
# Prints each way's wall time and each plan's cost and gap. Usage:
#   bash scripts/bench-whatif.sh [SECONDS_PER_PLAN]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build-env.sh
cargo build --release --quiet
limit="${1:-60}"
out="${REBOOK_KEEP:-$(mktemp -d)}"
bin=target/release/rebook
scenarios=(lab-back-08-jul lab-back-15-jul lab-back-29-jul lab-back-05-aug weekend-lists)
flags=()
for s in "${scenarios[@]}"; do flags+=(--scenario "data/scenarios/$s.toml"); done

began=$(date +%s.%N)
"$bin" whatif --in data "${flags[@]}" --out "$out/whatif" --time-limit "$limit" > /dev/null
whatif=$(echo "$(date +%s.%N) - $began" | bc)

began=$(date +%s.%N)
"$bin" plan --in data --out "$out/apart/base" --time-limit "$limit" > /dev/null
for s in "${scenarios[@]}"; do
  "$bin" plan --in data --scenario "data/scenarios/$s.toml" --out "$out/apart/$s" \
    --time-limit "$limit" > /dev/null
done
apart=$(echo "$(date +%s.%N) - $began" | bc)

printf 'whatif (6 plans side by side): %.1f s; six separate runs: %.1f s\n' "$whatif" "$apart"
printf '%-16s %14s %8s %14s %8s\n' plan "whatif cost" gap "apart cost" gap
for p in base "${scenarios[@]}"; do
  python3 - "$out/whatif/$p/summary.json" "$out/apart/$p/summary.json" "$p" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
print(f"{sys.argv[3]:<16} {a['objective_total']:>14,.0f} {a['solver']['gap']*100:>7.2f}% "
      f"{b['objective_total']:>14,.0f} {b['solver']['gap']*100:>7.2f}%")
PY
done
echo "plans in $out"
