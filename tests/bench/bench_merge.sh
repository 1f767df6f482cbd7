#!/usr/bin/env bash
# Scale-out benchmark (issue 7): time to merge 1,000 partial summaries (target: under a second),
# checked to equal the single run byte for byte; and the speed-up of 2 shards run in parallel
# over one process on one core (target: at least 1.8x on 2 idle cores).
#
# usage: tests/bench/bench_merge.sh [BUILD_DIR] [SHARDS]
#   BUILD_DIR  a build (default: build); uses BUILD_DIR/apps/bpm-sim
#   SHARDS     partial summaries to merge (default 1000)
#
# Each figure is the best of REPEAT runs (default 3) of wall time. Needs GNU parallel.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
shards=${2:-1000}
repeat=${REPEAT:-3}
sim=$build/apps/bpm-sim
[[ -x $sim ]] || { echo "bench_merge.sh: error: $sim not built" >&2; exit 2; }
command -v parallel >/dev/null || { echo "bench_merge.sh: error: GNU parallel is needed (Debian package parallel)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
model=processes/lead-to-cash.yaml

# best COMMAND...: the least wall time in seconds of $repeat runs.
best() {
  local top=""
  for ((i = 0; i < repeat; i++)); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    top=$(awk -v a="$t0" -v b="$t1" -v top="$top" 'BEGIN { t = b - a; print (top == "" || t < top) ? t : top }')
  done
  echo "$top"
}

echo "partial summaries: $shards shards of $shards replications of $model (--cases 20)"
seq 1 "$shards" | parallel --will-cite -j2 \
  "$sim" "$model" --replications "$shards" --cases 20 --seed 5 --threads 1 --no-progress \
  --shard {}/"$shards" -o "$work/part-{}.yaml"
"$sim" "$model" --replications "$shards" --cases 20 --seed 5 --threads 2 --no-progress -o "$work/single.yaml"
bytes=$(cat "$work"/part-*.yaml | wc -c)
echo "  $(ls "$work"/part-*.yaml | wc -l) files, $((bytes / 1024)) KiB in all"

merge() { "$sim" merge "$work"/part-*.yaml -o "$work/merged.yaml"; }
t=$(best merge)
cmp -s "$work/merged.yaml" "$work/single.yaml" && same=identical || same=DIFFERENT
printf 'merge of %d parts: %.3f s (target < 1 s); merged vs single run: %s\n' "$shards" "$t" "$same"
stream() { cat "$work"/part-*.yaml | awk 'FNR == 1 { print "---" } { print }' | "$sim" merge - -o "$work/merged-stdin.yaml"; }
t=$(best stream)
printf 'merge of %d parts from one stream on stdin: %.3f s\n' "$shards" "$t"

echo "throughput: 200 replications of 200 cases of $model"
one() { "$sim" "$model" --replications 200 --cases 200 --threads 1 --no-progress; }
two() {
  parallel --will-cite -j2 "$sim" "$model" --replications 200 --cases 200 --threads 1 --no-progress \
    --shard {}/2 -o "$work/t-{}.yaml" ::: 1 2
}
t1=$(best one)
t2=$(best two)
awk -v a="$t1" -v b="$t2" 'BEGIN { printf "  1 process: %.2f s; 2 shards in parallel: %.2f s; speed-up %.2fx (target >= 1.8x on 2 idle cores)\n", a, b, a / b }'
