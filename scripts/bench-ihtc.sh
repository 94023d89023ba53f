#!/usr/bin/env bash
# rebook against the IHTC-2024 competition (an external yardstick: see README "Measured
# against IHTC-2024"). For every *.json instance in the folders given, it imports the
# instance (`rebook import ihtc`), plans it with a time limit, re-checks the plan with
# `rebook check` and with scripts/ihtc_check.py (the competition's surgical rules and
# cost, computed independently), and prints one row: our cost, our proven bound, the
# gap, the best known surgical cost (column UB_surgical_part_cost of BEST.csv), the
# ratio ours/best known, wall time and peak memory. Not a test: the figures depend on
# the machine.
# Usage: bash scripts/bench-ihtc.sh BEST.csv SECONDS DIR...
# e.g.   bash scripts/bench-ihtc.sh ../shared/bench/ihtc2024/best_known_public.csv 60 \
#          ../shared/bench/ihtc2024/competition_instances ../shared/bench/ihtc2024/test_instances
# Extra options for `rebook plan` in REBOOK_PLAN_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 3 ]; then
  echo "usage: bash scripts/bench-ihtc.sh BEST.csv SECONDS DIR..." >&2
  exit 2
fi
best=$(realpath "$1"); seconds=$2; shift 2
source scripts/build-env.sh
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-8s %9s %9s %7s %9s %6s %7s %8s %7s %6s %s\n' instance cost bound gap best_known ratio wall_s peak_MB check ihtc terms
for dir in "$@"; do
  for instance in "$dir"/*.json; do
    name=$(basename "$instance" .json)
    in="$work/$name"; out="$work/$name/plan"
    ./target/release/rebook import ihtc "$instance" --out "$in" >/dev/null 2>&1
    /usr/bin/time -f '%e %M' -o "$work/time" ./target/release/rebook plan --in "$in" \
      --weights "$in/weights.toml" --out "$out" --time-limit "$seconds" --gap 0.0001 \
      ${REBOOK_PLAN_ARGS:-} >/dev/null 2>"$work/stderr" || { echo "$name: plan failed"; cat "$work/stderr"; continue; }
    read -r wall kb <"$work/time"
    check=ok
    ./target/release/rebook check --in "$in" --weights "$in/weights.toml" \
      --schedule "$out/schedule.csv" --unscheduled "$out/unscheduled.csv" >/dev/null 2>&1 || check=FAILED
    python3 scripts/ihtc_check.py "$instance" "$out" >"$work/ihtc.json" || true
    python3 - "$out/summary.json" "$work/ihtc.json" "$best" "$name" "$wall" "$kb" "$check" <<'PY'
import csv, json, sys
summary, ihtc, best, name, wall, kb, check = sys.argv[1:]
s = json.load(open(summary))["solver"]
c = json.load(open(ihtc))
known = {r["instance"]: float(r["UB_surgical_part_cost"]) for r in csv.DictReader(open(best))
         if r["instance"] != "instance"}.get(name)
ours = s["objective"]
agree = abs(c["cost"] - ours) < 1e-6
verdict = ("ok" if c["valid"] else "INVALID") + ("" if agree else " COST-DIFFERS")
ratio = "%.3f" % (ours / known) if known else "-"
print("%-8s %9.0f %9.0f %6.2f%% %9s %6s %7.1f %8.0f %7s %6s %s" % (
    name, ours, s["best_bound"], 100 * s["gap"], "%.0f" % known if known else "-", ratio,
    float(wall), int(kb) / 1024, check, verdict,
    "open %d transfer %d delay %d unscheduled %d" % (c["open"], c["transfer"], c["delay"], c["unscheduled"])))
PY
  done
done
