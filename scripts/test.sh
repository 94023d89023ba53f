#!/usr/bin/env bash
# Runs the whole test suite (unit, model, end-to-end and error-message tests).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build-env.sh
cargo test --release "$@"
