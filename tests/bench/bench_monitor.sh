#!/usr/bin/env bash
# Benchmark of the monitor commands (issue 16): map, conformance and funnel on a large log against
# the KPI pass they ride on. Target: each within 2x the time of `bpm-kpi LOG -p PROCESS`, and
# memory that does not grow with the log (O(cases in flight) for a log grouped by case).
#
#   tests/bench/bench_monitor.sh [BUILD_DIR]     (default: build; SIZE_MB=1000 sets the log size)
#
# The log is bpm-sim's lead-to-cash log (grouped by case, as bpm-sim writes it): every command
# streams it. Each figure is the best of REPEAT runs (default 3): wall and CPU seconds, peak RSS,
# and the CPU time as a multiple of the KPI pass's. The load average is printed beside them: on a
# shared machine wall time counts the waiting, CPU time much less so. Not a ctest test.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
size_mb=${SIZE_MB:-1000}
repeat=${REPEAT:-3}
# shellcheck source=lead_to_cash_log.sh
source "$src/tests/bench/lead_to_cash_log.sh" bench_monitor "${1:-}"

cases=$(( size_mb * 1000000 / 660 ))
echo "generating ~${size_mb} MB: bpm-sim lead-to-cash --cases $cases --log ..."
write_log "$cases"
bytes=$(stat -c %s "$log")
echo "log: $bytes bytes, $(( $(wc -l <"$log") - 1 )) rows; load average $(cut -d' ' -f1-3 /proc/loadavg)"

base_cpu=""
run() {  # label, then the command
  local label=$1
  shift
  local best="" cpu="" rss=""
  for ((i = 0; i < repeat; i++)); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null
    read -r seconds user sys kb <"$work/time"
    if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$seconds
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
      rss=$kb
    fi
  done
  [ -n "$base_cpu" ] || base_cpu=$cpu
  awk -v label="$label" -v s="$best" -v c="$cpu" -v base="$base_cpu" -v b="$bytes" -v kb="$rss" \
      -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    if (c <= 0) c = 0.001
    printf "%-24s wall %7.2f s | cpu %7.2f s %6.1f MB/s | %4.2fx the KPI pass | RSS %7.1f MB | load %s\n",
           label, s, c, b / c / 1e6, c / base, kb / 1024, load
  }'
}

run "KPI pass (baseline)" "$kpi" "$log" -p "$process" -f json -o /dev/null
run "map" "$kpi" map "$log" -p "$process" -f json -o /dev/null
run "conformance" "$kpi" conformance "$log" -p "$process" -f json -o /dev/null
run "funnel" "$kpi" funnel "$log" -p "$process" -f json -o /dev/null
run "stalls" "$kpi" stalls "$log" -f json -o /dev/null
