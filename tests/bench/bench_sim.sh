#!/usr/bin/env bash
# Simulator benchmark (issue 3): bpm-sim's engine on the M/M/3 queue against a hand-written event
# loop of the same queue, on lead-to-cash with and without the CSV event log, memory for 10
# million M/M/3 cases, and the speed-up of two threads.
#
# usage: tests/bench/bench_sim.sh [BUILD_DIR] [CASES]
#   BUILD_DIR  a build with BPM_TESTS on (default: build); needs bpm_bench_sim and
#              bpm_bench_mm3_reference (tests/bench/CMakeLists.txt)
#   CASES      cases per run (default 1000000)
#
# Rates are given per second of CPU time of the process (std::clock), which on a busy machine is
# steadier than wall time; the speed-up of threads is necessarily wall time. Each figure is the
# best of REPEAT runs (default 3), the usual way to filter out interference.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
cases=${2:-1000000}
repeat=${REPEAT:-3}
driver=$build/tests/bench/bpm_bench_sim
reference=$build/tests/bench/bpm_bench_mm3_reference
for exe in "$driver" "$reference"; do
  [[ -x $exe ]] || { echo "bench_sim.sh: error: $exe not built (cmake --build $build)" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "bench_sim.sh: error: /usr/bin/time is needed (Debian package time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# field NAME FILE: the value printed after NAME.
field() { awk -v name="$1" '$1 == name { print $2; exit }' "$2"; }
# rss FILE: peak resident set size in MB from /usr/bin/time -v.
rss() { awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"; }

# best LABEL KEY COMMAND...: runs COMMAND $repeat times and keeps the output with the highest KEY.
best() {
  local label=$1 key=$2
  shift 2
  local top=0
  for ((i = 0; i < repeat; i++)); do
    /usr/bin/time -v "$@" >"$work/run.out" 2>"$work/run.time"
    local value
    value=$(field "$key" "$work/run.out")
    if awk -v a="$value" -v b="$top" 'BEGIN { exit !(a > b) }'; then
      top=$value
      cp "$work/run.out" "$work/$label.out"
      cp "$work/run.time" "$work/$label.time"
    fi
  done
}

echo "bpm-sim benchmark: $cases cases per run, best of $repeat, $(nproc) cores, $(uname -m)"
echo

best reference events/cpu-s "$reference" "$cases"
best mm3 events/cpu-s "$driver" "$here/mm3.yaml" --cases "$cases" --replications 1
best l2c execs/cpu-s "$driver" "$root/processes/lead-to-cash.yaml" --cases "$cases" --replications 1
best l2c_log execs/cpu-s "$driver" "$root/processes/lead-to-cash.yaml" --cases "$cases" --replications 1 --log "$work/events.csv"
log_size=$(du -m "$work/events.csv" | cut -f1)
best mm3_10m events/cpu-s "$driver" "$here/mm3.yaml" --cases 10000000 --replications 1

# Two threads: 8 replications of lead-to-cash, wall time with 1 and 2 threads.
per_rep=$((cases / 8))
best threads1 cases/s "$driver" "$root/processes/lead-to-cash.yaml" --cases "$per_rep" --replications 8 --threads 1
best threads2 cases/s "$driver" "$root/processes/lead-to-cash.yaml" --cases "$per_rep" --replications 8 --threads 2

ref_events=$(field events/cpu-s "$work/reference.out")
mm3_events=$(field events/cpu-s "$work/mm3.out")
printf '%-44s %14s %14s %14s %9s\n' "run" "events/s" "cases/s" "task execs/s" "RSS MB"
row() {  # row LABEL NAME
  printf '%-44s %14s %14s %14s %9s\n' "$1" "$(field events/cpu-s "$work/$2.out")" \
    "$(field cases/cpu-s "$work/$2.out")" "$(field execs/cpu-s "$work/$2.out")" "$(rss "$work/$2.time")"
}
printf '%-44s %14s %14s %14s %9s\n' "M/M/3 hand-written reference loop" "$ref_events" \
  "$(awk -v e="$ref_events" 'BEGIN { printf "%.0f", e / 2 }')" "-" "$(rss "$work/reference.time")"
row "M/M/3 bpm-sim engine" mm3
row "M/M/3 bpm-sim engine, 10M cases" mm3_10m
row "lead-to-cash, no log" l2c
row "lead-to-cash, CSV log ($log_size MB)" l2c_log

# End to end through the bpm-sim tool (load, lint, simulate, summary), when it is built.
app=$build/apps/bpm-sim
if [[ -x $app ]]; then
  e2e() {  # e2e LABEL ARGS...: wall-clock cases/s and peak RSS of one bpm-sim run
    local label=$1
    shift
    /usr/bin/time -f '%e %M' -o "$work/e2e.time" "$app" "$@" --cases "$cases" -r 1 -j 1 -o /dev/null
    read -r secs kb <"$work/e2e.time"
    printf '%-44s %14s %14s %14s %9s\n' "$label" "-" \
      "$(awk -v c="$cases" -v s="$secs" 'BEGIN { printf "%.0f", c / s }')" "-" "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')"
  }
  e2e "bpm-sim M/M/3 (wall clock)" "$here/mm3.yaml"
  e2e "bpm-sim lead-to-cash (wall clock)" "$root/processes/lead-to-cash.yaml"
  e2e "bpm-sim lead-to-cash --log (wall clock)" "$root/processes/lead-to-cash.yaml" --log "$work/app.csv"
fi
echo
awk -v a="$mm3_events" -v b="$ref_events" 'BEGIN { printf "M/M/3: bpm-sim reaches %.0f%% of the hand-written loop (target >= 50%%)\n", 100 * a / b }'
awk -v a="$(field seconds "$work/threads1.out")" -v b="$(field seconds "$work/threads2.out")" \
  'BEGIN { printf "2 threads: %.2fx the speed of 1 (8 replications of lead-to-cash; target >= 1.8x)\n", a / b }'
echo "task execs = task and timer-wait executions (event-log rows); events = scheduled events processed"
