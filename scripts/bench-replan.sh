#!/usr/bin/env bash
# Re-planning against planning from scratch (issue 19): plans the demo in data/, then for
# each event (the laboratory 7 days early or late, a surgeon away two weeks, a theatre
# closed three days, 10% more cancellations, 5% of booked patients declining; each with
# the clock advanced 7 days, `rebook generate --event`) re-plans the new inputs against
# the published plan (`--baseline`) and plans them from scratch, each with the full time
# limit. One row per event: changes to notified bookings (unforced, forced) of both,
# clinical cost of both (the objective without its `moves` term), time, and whether the
# re-plan passes `rebook check --baseline` (no unforced change inside the freeze window,
# notice kept).
#
# Usage: bash scripts/bench-replan.sh
#   REBOOK_TIME_LIMIT=60   seconds per plan (default 60)
#   REBOOK_KEEP=DIR        keep the inputs and plans in DIR (its published plan is reused)
#   REBOOK_EVENTS="lab-late"   only these events
# Not a test: the figures depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build-env.sh
cargo build --release --quiet
bin=./target/release/rebook
limit=${REBOOK_TIME_LIMIT:-60}
source scripts/work-dir.sh
# A kept folder's published plan is reused, so one event can be rerun against it.
[ -f "$work/published/schedule.csv" ] ||
  $bin plan --in data --out "$work/published" --time-limit "$limit" >/dev/null 2>&1
echo "| event | notified changed: re-plan (unforced + forced) | from scratch (unforced + forced) | re-plan / scratch unforced | clinical cost: re-plan | from scratch | difference | time s: re-plan | scratch | check --baseline |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for event in ${REBOOK_EVENTS:-lab-early lab-late surgeon-away theatre-closed more-cancellations patients-declining}; do
  dir="$work/$event"
  mkdir -p "$dir"
  from=$($bin generate --event "$event" --in data --baseline "$work/published" --out "$dir/in" --seed 1 |
    sed -n 's/.*--from \([0-9-]*\).*/\1/p')
  /usr/bin/time -f '%e' -o "$dir/replan.time" $bin plan --in "$dir/in" --from "$from" \
    --baseline "$work/published" --out "$dir/replan" --time-limit "$limit" >/dev/null 2>&1
  /usr/bin/time -f '%e' -o "$dir/scratch.time" $bin plan --in "$dir/in" --from "$from" \
    --out "$dir/scratch" --time-limit "$limit" >/dev/null 2>&1
  check=no
  $bin check --in "$dir/in" --plan "$dir/replan" --baseline "$work/published" >/dev/null 2>&1 && check=yes
  $bin diff "$work/published" "$dir/scratch" --out "$dir/scratch-changes.csv" >/dev/null
  python3 - "$dir" "$event" "$check" <<'PY'
import csv, json, sys
d, event, check = sys.argv[1:]
re = json.load(open(d + "/replan/summary.json"))
sc = json.load(open(d + "/scratch/summary.json"))
rp = re["replan"]
forced = {r["case_id"] for r in csv.DictReader(open(d + "/replan/changes.csv")) if r["change"] == "forced"}
in_inputs = {r["case_id"] for r in csv.DictReader(open(d + "/in/cases.csv"))}
moved = [r["case_id"] for r in csv.DictReader(open(d + "/scratch-changes.csv"))
         if r["old_session"] and r["case_id"] in in_inputs and r["change"] != "kept"]
s_forced = sum(c in forced for c in moved)
s_unforced = len(moved) - s_forced
clinical = lambda s: s["objective_total"] - s["objective"]["moves"]
rc, scc = clinical(re), clinical(sc)
ratio = rp["notified_changed_unforced"] / s_unforced if s_unforced else float("nan")
t = lambda name: float(open(d + "/" + name + ".time").read().split()[-1])
print(f"| {event} | {rp['notified_changed_unforced']} + {rp['notified_changed_forced']} | "
      f"{s_unforced} + {s_forced} | {ratio:.2f} | {rc:,.0f} | {scc:,.0f} | "
      f"{100 * (rc - scc) / scc:+.2f}% | {t('replan'):.1f} | {t('scratch'):.1f} | {check} |")
PY
done
