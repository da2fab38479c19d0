#!/usr/bin/env bash
# Runs every fuzz target for the given time each (default 10s), one after the other, and
# prints each figure. `make fuzz` runs them 60s each; FUZZTIME=10m make fuzz for longer.
set -euo pipefail
cd "$(dirname "$0")/.."
time=${1:-10s}
targets=(
  "./relay FuzzParseSignal"
  "./relay FuzzRewriteAdd"
  "./cmd/initty FuzzParseOptions"
  "./cmd/initty FuzzParseGrace"
)
for t in "${targets[@]}"; do
  set -- $t
  echo "fuzz: $2 in $1 for $time"
  go test -run '^$' -fuzz "^$2\$" -fuzztime "$time" "$1" 2>&1 | grep -E "^(fuzz: elapsed.*execs|ok|FAIL|---|\s+\w+_test.go)" | tail -3
  # grep ate the exit status: go test's own is what counts.
  test "${PIPESTATUS[0]}" -eq 0
done
echo "fuzz: all ${#targets[@]} targets ran $time each without a finding"
