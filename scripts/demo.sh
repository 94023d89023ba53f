#!/usr/bin/env bash
# Plans the bundled incident scenario in data/ and writes the plan to out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build-env.sh
cargo build --release --quiet
./target/release/rebook plan --in data --out out/demo "$@"
echo "Open out/demo/report.html in a browser, or out/demo/plan.xlsx in Excel; the files are out/demo/schedule.csv, unscheduled.csv and summary.json."
