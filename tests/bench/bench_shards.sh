#!/usr/bin/env bash
# Scale-out benchmark (issue 7): 2 shards run in parallel on 2 cores must finish at least 1.8x
# faster than one process running every replication on one core.
#
# usage: tests/bench/bench_shards.sh [BUILD_DIR] [REPLICATIONS]
#   BUILD_DIR     a build (default: build); uses BUILD_DIR/apps/bpm-sim
#   REPLICATIONS  of processes/lead-to-cash.yaml (default 4500: about 10 s on one core)
#
# Each figure is the best of REPEAT runs (default 3) of wall time. The speed-up is only
# meaningful on 2 otherwise idle cores: the load average is printed next to it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
replications=${2:-4500}
repeat=${REPEAT:-3}
sim=$build/apps/bpm-sim
[[ -x $sim ]] || { echo "bench_shards.sh: error: $sim not built" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
model=processes/lead-to-cash.yaml
opts=(--replications "$replications" --seed 5 --threads 1 --no-progress)

# shellcheck source=timing.sh
source "$here/timing.sh"

one() { "$sim" "$model" "${opts[@]}" -o "$work/single.yaml"; }
two() {
  "$sim" "$model" "${opts[@]}" --shard 1/2 -o "$work/part-1.yaml" &
  local first=$!
  "$sim" "$model" "${opts[@]}" --shard 2/2 -o "$work/part-2.yaml"
  wait "$first"
}

echo "throughput: $replications replications of $model, --threads 1 per process"
echo "  load before: $(load)"
t1=$(best one)
echo "  1 process: $(printf '%.2f' "$t1") s (load $(load))"
t2=$(best two)
echo "  2 shards in parallel: $(printf '%.2f' "$t2") s (load $(load))"
# CPU seconds of each process: what the speed-up would be on 2 idle cores, whatever the load now
# (it leaves out contention for memory bandwidth and caches, which the wall figure includes).
cpu() { /usr/bin/time -f "%U %S" -o "$work/cpu" "$@" >/dev/null && awk '{ print $1 + $2 }' "$work/cpu"; }
c1=$(cpu "$sim" "$model" "${opts[@]}" -o "$work/single.yaml")
c2a=$(cpu "$sim" "$model" "${opts[@]}" --shard 1/2 -o "$work/part-1.yaml")
c2b=$(cpu "$sim" "$model" "${opts[@]}" --shard 2/2 -o "$work/part-2.yaml")
awk -v a="$c1" -v b="$c2a" -v c="$c2b" 'BEGIN {
  m = b > c ? b : c
  printf "  CPU: 1 process %.2f s; shards %.2f s and %.2f s: %.2fx on 2 idle cores\n", a, b, c, a / m }'
"$sim" merge "$work/part-1.yaml" "$work/part-2.yaml" -o "$work/merged.yaml"
cmp -s "$work/merged.yaml" "$work/single.yaml" && same=identical || same=DIFFERENT
awk -v a="$t1" -v b="$t2" -v s="$same" 'BEGIN {
  printf "speed-up %.2fx (target >= 1.8x on 2 idle cores); merged shards vs single run: %s\n", a / b, s }'
