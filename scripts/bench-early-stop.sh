#!/usr/bin/env bash
# The early stop (issue: stop when proven): a backlog of CASES cases (default 200,000)
# for three four-hour lists, so almost nothing fits and the first plan is already proven
# within --gap. Prints the run's wall time, status and gap at the default time limit
# (60 s): the run should end well inside it. Not a test: the figures depend on the
# machine. Usage: bash scripts/bench-early-stop.sh [CASES]
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-200000}
source scripts/build-env.sh
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$cases" <<'PY'
import sys
work, n = sys.argv[1], int(sys.argv[2])
with open(f"{work}/sessions.csv", "w") as f:
    f.write("session_id,site,theatre,date,start,end,specialty\n")
    for k in range(3):
        f.write(f"S{k+1},main,T1,2024-07-0{k+1},08:00,12:00,110\n")
with open(f"{work}/cases.csv", "w") as f:
    f.write("case_id,specialty,priority,duration_min\n")
    for i in range(n):
        f.write(f"C{i:06d},110,{('P2','P3','P4')[i % 3]},{60 + 15 * (i % 4)}\n")
PY
began=$(date +%s.%N)
./target/release/rebook plan --in "$work" --out "$work/plan" >/dev/null 2>"$work/stderr" \
  || { cat "$work/stderr"; exit 1; }
ended=$(date +%s.%N)
python3 - "$work/plan/summary.json" "$began" "$ended" "$cases" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
solver = s["solver"]
print(f"{int(sys.argv[4]):,} cases, 3 lists: {wall:.1f} s wall (limit 60), status {solver['status']}, "
      f"gap {100 * solver['gap']:.3f}% (bound from {solver['bound_source']}), "
      f"{s['cases']['booked']} booked")
PY
