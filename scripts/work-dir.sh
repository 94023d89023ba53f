# Sourced by the benchmark scripts: sets `work` to the folder for their inputs and plans,
# REBOOK_KEEP when given (kept afterwards), else a temporary folder removed on exit.
if [ -n "${REBOOK_KEEP:-}" ]; then
  work=$REBOOK_KEEP
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
