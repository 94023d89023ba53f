#!/usr/bin/env bash
# Plan quality across families of backlogs, so a change is judged on many kinds of
# scenario, not one (issue 17). Each family varies one thing on purpose against a tight
# base (demand at about 110% of the specialties' theatre minutes): the load itself, the
# priority mix, the list length, open lists, named surgeons and their on-call days, the
# laboratory's outage, a specialty with no lists, the horizon, independent trusts.
# For every family and size it generates the scenario (`rebook generate`, seed 1),
# plans it and prints one row: wall time, peak memory, cost, bound, gap, where the bound
# comes from, the clerk's first-fit cost and how much cheaper the plan is, unbooked cases
# and of those how many the explanation says still fit a list (should be 0), and the
# weighted days late against the clerk's.
#
# Usage: bash scripts/bench-families.sh [SIZES...]        (default: 1500 5000 20000)
#   REBOOK_FAMILIES="base urgent"   only these families (default: all)
#   REBOOK_PLAN_ARGS="--time-limit 10"   extra flags for `rebook plan` (default: 60 s)
#   REBOOK_BIN=/path/to/rebook      another build to plan with (e.g. an older commit's),
#                                   the scenarios still come from this one's generator
#   REBOOK_KEEP=DIR                 keep the scenarios and plans in DIR
# Backlogs of 300 cases or fewer get a two-week horizon (the default horizon of six
# weeks at least would leave them far under their load). Not a test: figures depend on
# the machine; compare ratios within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build-env.sh
cargo build --release --quiet
generator=./target/release/rebook
planner=${REBOOK_BIN:-./target/release/rebook}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1500 5000 20000)

# name | flags for `rebook generate`
families=(
  "base|--load 1.1"
  "light|--load 0.7"
  "full|--load 0.9"
  "over|--load 1.3"
  "urgent|--load 1.1 --mix urgent"
  "routine|--load 1.1 --mix routine"
  "half-day|--load 1.1 --lists half-day"
  "all-day|--load 1.1 --lists all-day"
  "open-lists|--load 1.1 --open-lists 0.3"
  "surgeons|--load 1.1 --named-surgeons 1 --on-call 0.25"
  "long-outage|--load 1.1 --outage-weeks 6"
  "unstaffed|--load 1.1 --unstaffed 1"
  "short|--load 1.1 --weeks 3"
  "region|--load 1.1 --scenario region --trusts 4"
)
wanted=" ${REBOOK_FAMILIES:-} "

source scripts/work-dir.sh
echo "| family | cases | load | wall s | peak MB | cost | bound | gap | bound from | clerk | vs clerk | unbooked | still fit | late / clerk's |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for entry in "${families[@]}"; do
  name=${entry%%|*}
  flags=${entry#*|}
  if [ "$wanted" != "  " ] && [[ "$wanted" != *" $name "* ]]; then continue; fi
  for n in "${sizes[@]}"; do
    horizon=()
    if [ "$n" -le 300 ] && [[ "$flags" != *--weeks* ]]; then horizon=(--weeks 2); fi
    dir="$work/$name-$n"
    load=$($generator generate --cases "$n" --seed 1 $flags "${horizon[@]}" --out "$dir/in" |
      sed -n 's/.*demand at \([0-9]*\)%.*/\1/p')
    /usr/bin/time -f '%e %M' -o "$dir/time" \
      "$planner" plan --in "$dir/in" --out "$dir/out" ${REBOOK_PLAN_ARGS:-} >/dev/null 2>"$dir/stderr" ||
      { echo "| $name | $n | plan failed: $(tail -1 "$dir/stderr") |"; continue; }
    read -r wall kb <"$dir/time"
    python3 - "$dir/out" "$name" "$n" "$load" "$wall" "$kb" <<'EOF'
import csv, json, sys
out, name, n, load, wall, kb = sys.argv[1:]
d = json.load(open(out + "/summary.json"))
s = d["solver"]
rows = list(csv.DictReader(open(out + "/unscheduled.csv")))
still_fit = sum("still have room" in r["reason"] for r in rows)
clerk, cost = s["first_fit_objective"], s["objective"]
late_ff = s["first_fit_weighted_days_late"]
late = d["objective"]["late"] / late_ff if late_ff else float("nan")
print("| %s | %s | %s%% | %.1f | %.0f | %.0f | %.0f | %.2f%% | %s | %.0f | %.1f%% | %d | %d | %.2f |" % (
    name, n, load, float(wall), int(kb) / 1024, cost, s["best_bound"], 100 * s["gap"],
    s["bound_source"], clerk, 100 * (clerk - cost) / clerk if clerk else 0.0, len(rows),
    still_fit, late))
EOF
  done
done
