#!/usr/bin/env bash
# Builds the fuzz seed corpus from the test fixtures (fields joined with the 0x1E byte).
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus/inputs
mkdir -p "$out"
sep=$'\x1e'
join() { local first=1; for f in "$@"; do [ $first = 1 ] || printf '%s' "$sep"; first=0; cat "$f"; done; }
join tests/fixtures/small/cases.csv tests/fixtures/small/sessions.csv tests/fixtures/small/resources.csv tests/fixtures/small/surgeons.csv > "$out/small"
for f in tests/hostile/cases-*.csv; do join "$f" tests/hostile/sessions.csv > "$out/$(basename "$f" .csv)"; done
for f in tests/hostile/sessions-*.csv; do join tests/hostile/cases.csv "$f" > "$out/$(basename "$f" .csv)"; done
head -c 20000 data/cases.csv > /tmp/rebook-seed-cases.csv
join /tmp/rebook-seed-cases.csv data/sessions.csv data/resources.csv data/surgeons.csv > "$out/demo-head"
# With a schedule (the plan of the small fixture is not needed: any schedule header will
# do) and a weights file, so the weights reader and the schedule checker get seeds too.
printf 'case_id,session_id,start,end\n' > /tmp/rebook-seed-schedule.csv
cargo run --release --quiet -- weights > /tmp/rebook-seed-weights.toml
join tests/fixtures/small/cases.csv tests/fixtures/small/sessions.csv tests/fixtures/small/resources.csv tests/fixtures/small/surgeons.csv /tmp/rebook-seed-schedule.csv /tmp/rebook-seed-weights.toml > "$out/small-weights"
echo "seeds in $out: $(ls "$out" | wc -l)"
