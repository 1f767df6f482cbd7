#!/usr/bin/env bash
# Benchmark of bpm-optimize score: trains on CASES cases (default 1 000 000) with 50 feature
# columns and prints the time of each phase, peak memory, and the throughput of scoring.
#
#   tests/bench/bench_score.sh [BUILD_DIR]        (CASES=200000 for a quicker run)
#
# The log is simulated by bpm-sim from a generated process: 40 numeric attributes, 5 categorical
# ones of 3 levels (10 one-hot columns) and the case's own draw that decides its outcome through a
# logistic formula of them (left out of the features). One row per case, about 850 bytes.
# Target (issue 17): training on 1 M cases x 50 features in seconds; scoring streams (memory of
# one case with --order case). Not a ctest test: timings depend on the machine.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${BUILD_DIR:-$src/build}}
cases=${CASES:-1000000}
sim=$build/apps/bpm-sim
optimize=$build/apps/bpm-optimize
for tool in "$sim" "$optimize"; do
  [ -x "$tool" ] || { echo "bench_score: $tool not built" >&2; exit 2; }
done
# shellcheck source=tests/bench/timing.sh
source "$src/tests/bench/timing.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

{
  echo "process: score-bench"
  echo "arrivals:"
  echo "  every: exponential(1m)"
  echo "  attributes:"
  formula="-0.5"
  for k in $(seq 1 40); do
    echo "    x$k: \"normal(0, 1)\""
    formula="$formula + 0.0$(( k % 9 + 1 )) * x$k"
  done
  for k in $(seq 1 5); do
    echo "    c$k: { a: 0.5, b: 0.3, c: 0.2 }"
    formula="$formula + 0.3 * (c$k == 'b') - 0.2 * (c$k == 'c')"
  done
  echo "    draw: uniform(0, 1)"
  echo "start: work"
  echo "steps:"
  echo "  work: { duration: 1m, next: decide }"
  echo "  decide:"
  echo "    xor:"
  echo "      - { to: won, when: \"draw < logistic($formula)\" }"
  echo "      - { to: lost, p: 1 }"
  echo "  won: { end: won }"
  echo "  lost: { end: lost }"
  echo "simulation: { cases: $cases, replications: 1, seed: 3 }"
} >"$work/bench.yaml"

echo "generating: bpm-sim, $cases cases (load $(load))"
"$sim" "$work/bench.yaml" --log "$work/log.csv" -o /dev/null
echo "log: $(stat -c %s "$work/log.csv") bytes, $(( $(wc -l <"$work/log.csv") - 1 )) rows"

echo "== score train (load $(load))"
/usr/bin/time -f "%e s wall, %U s user, %M KB peak" -o "$work/time" \
  "$optimize" score train "$work/log.csv" --outcome won --exclude draw --order case --timings \
  --model "$work/model.yaml" -o "$work/report.txt" 2>"$work/timings"
cat "$work/timings"
echo "total: $(cat "$work/time")"
grep -E "^  (test|5-fold)" "$work/report.txt" | cut -c1-80

echo "== score apply --all --order case (streaming; load $(load))"
/usr/bin/time -f "%e s wall, %U s user, %M KB peak" -o "$work/time" \
  "$optimize" score apply "$work/log.csv" --model "$work/model.yaml" --all --order case -o "$work/scores.csv"
echo "total: $(cat "$work/time"); $(( $(wc -l <"$work/scores.csv") - 1 )) cases scored"
