#!/usr/bin/env bash
# Re-approves golden CLI output after an intended change: rewrites stdout/stderr/exit of every case
# (or of the cases named) from the tools in BUILD_DIR (default: build). Review with `git diff`.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$src/build}
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=("$src"/tests/cli/cases/*/)
for c in "${cases[@]}"; do
  BPM_APPROVE=1 BPM_SOURCE_DIR="$src" bash "$src/tests/cli/run_case.sh" "$(cd "$c" && pwd)" "$build/apps"
done
