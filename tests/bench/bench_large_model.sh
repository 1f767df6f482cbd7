#!/usr/bin/env bash
# Benchmark of large models (issue 12): CPU seconds and peak memory of `bpm-design validate`,
# `bpm-design analyze` and a short `bpm-sim` run on generated processes of N steps, N doubling.
#
#   tests/bench/bench_large_model.sh [BUILD_DIR]     (SIZES="5000 10000 20000 40000" by default)
#
# Two shapes (tests/cli/hostile.py): step-chain (N tasks in a row on one pool) and wide-model
# (N tasks, each with its own role and pool, on N/10 calendars), which exercises every id look-up.
# Every stage should scale linearly: the "x" column is the CPU time over that of half the size, so
# about 2 means linear and 4 quadratic. Not a ctest test: timings depend on the machine (the
# golden cases hostile-step-chain and hostile-wide-model run the 20,000-step models under a
# ctest TIMEOUT instead).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${BUILD_DIR:-$src/build}}
sizes=${SIZES:-5000 10000 20000 40000}
design=$build/apps/bpm-design
sim=$build/apps/bpm-sim
for tool in "$design" "$sim"; do
  [ -x "$tool" ] || { echo "bench_large_model: $tool not built" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpu=0
measure() {  # label size stage previous-cpu command...: prints one row and sets $cpu
  local label=$1 size=$2 stage=$3 previous=$4
  shift 4
  /usr/bin/time -f "%U %S %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
  read -r user sys kb <"$work/time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  awk -v l="$label" -v st="$stage" -v n="$size" -v c="$cpu" -v kb="$kb" -v p="$previous" 'BEGIN {
    ratio = (p > 0 && c > 0) ? sprintf("%5.1f", c / p) : "    -"
    printf "%-11s %-9s %6d steps  cpu %7.2f s  x%s  RSS %7.1f MB\n", l, st, n, c, ratio, kb / 1024
  }'
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for shape in step-chain wide-model; do
  declare -A previous=([validate]=0 [analyze]=0 [sim]=0)
  for n in $sizes; do
    model=$work/$shape-$n.yaml
    python3 "$src/tests/cli/hostile.py" "$shape" "$n" >"$model"
    for stage in validate analyze sim; do
      case $stage in
        validate) cmd=("$design" validate "$model") ;;
        analyze) cmd=("$design" analyze "$model") ;;
        sim) cmd=("$sim" "$model" --replications 1 --cases 20 --format table) ;;
      esac
      measure "$shape" "$n" "$stage" "${previous[$stage]}" "${cmd[@]}"
      previous[$stage]=$cpu
    done
  done
done
