#!/usr/bin/env bash
# Scale-out benchmark (issue 7): time to merge 1,000 partial summaries (target: under a second),
# in YAML and in JSON, each checked to equal the single run byte for byte. The speed-up of shards
# run in parallel is measured by bench_shards.sh.
#
# usage: tests/bench/bench_merge.sh [BUILD_DIR] [SHARDS]
#   BUILD_DIR  a build (default: build); uses BUILD_DIR/apps/bpm-sim
#   SHARDS     partial summaries to merge (default 1000): shard K of SHARDS of a run of SHARDS
#              replications of processes/lead-to-cash.yaml, one replication each
#
# The parts are generated once (2 at a time, GNU parallel). Each figure is the best of REPEAT
# runs (default 3) of wall time; the load average is printed next to it, since other work on the
# machine slows the merge down.
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
opts=(--replications "$shards" --seed 5 --no-progress)

# shellcheck source=timing.sh
source "$here/timing.sh"

echo "partial summaries: $shards shards of a run of $shards replications of $model"
mkdir "$work/yaml" "$work/json"
for format in yaml json; do
  seq 1 "$shards" | parallel --will-cite -j2 \
    "$sim" "$model" "${opts[@]}" --threads 1 --shard {}/"$shards" --format "$format" -o "$work/$format/part-{}.$format"
  "$sim" "$model" "${opts[@]}" --threads 2 --format "$format" -o "$work/single.$format"
  bytes=$(cat "$work/$format"/part-* | wc -c)
  echo "  $format: $(ls "$work/$format" | wc -l) files, $((bytes / 1024)) KiB in all"
done

for format in yaml json; do
  merge() { "$sim" merge "$work/$format"/part-* --format "$format" -o "$work/merged.$format"; }
  t=$(best merge)
  cmp -s "$work/merged.$format" "$work/single.$format" && same=identical || same=DIFFERENT
  awk -v t="$t" -v n="$shards" -v f="$format" -v s="$same" -v l="$(load)" 'BEGIN {
    printf "merge of %d %s parts: %.3f s, %.0f parts/s (target < 1 s); merged vs single run: %s; load %s\n",
      n, f, t, n / t, s, l }'
done
stream() {
  awk 'FNR == 1 { print "---" } { print }' "$work/yaml"/part-* | "$sim" merge - -o "$work/merged-stdin.yaml"
}
t=$(best stream)
cmp -s "$work/merged-stdin.yaml" "$work/single.yaml" && same=identical || same=DIFFERENT
awk -v t="$t" -v n="$shards" -v s="$same" -v l="$(load)" 'BEGIN {
  printf "merge of %d yaml parts from one stream on stdin: %.3f s, %.0f parts/s; vs single run: %s; load %s\n",
    n, t, n / t, s, l }'
