#!/usr/bin/env bash
# Snapshot of what the tools make of every process file in the tree: canonical form, lint,
# diagrams, BPMN, analysis, and simulation summaries and event logs (also per scenario). Taken
# with an old and a new build, the two snapshots must be identical wherever a change promised
# not to alter existing files' meaning ("outputs byte for byte"):
#
#   tests/compat/snapshot.sh OLD_BUILD/apps /tmp/before
#   tests/compat/snapshot.sh build/apps /tmp/after
#   diff -r /tmp/before /tmp/after && echo identical
#
# Replications and cases are kept small so that a snapshot takes a minute; every output is
# deterministic for a fixed seed, whatever the thread count.
set -u
bin=${1:?usage: snapshot.sh BIN_DIR OUT_DIR}
out=${2:?usage: snapshot.sh BIN_DIR OUT_DIR}
cd "$(dirname "$0")/../.." || exit 1
mkdir -p "$out"
export NO_COLOR=1 LC_ALL=C

files=$(ls processes/*.yaml share/templates/*.yaml tests/data/*.yaml tests/data/logs/*.yaml tests/bench/*.yaml \
          processes/invalid/*.yaml 2>/dev/null)
for f in $files; do
  name=$(echo "$f" | tr '/' '_')
  d="$out/$name"
  mkdir -p "$d"
  run() {  # run NAME COMMAND...: stdout, stderr and exit code of one command
    local what=$1; shift
    "$@" >"$d/$what.out" 2>"$d/$what.err"
    echo $? >"$d/$what.rc"
  }
  run validate "$bin/bpm-design" validate --format json "$f"
  grep -q '"severity": "error"' "$d/validate.out" && continue
  run fmt "$bin/bpm-design" fmt "$f"
  run dot "$bin/bpm-design" render --format dot "$f"
  run mermaid "$bin/bpm-design" render --format mermaid "$f"
  run bpmn "$bin/bpm-design" export "$f"
  run analyze "$bin/bpm-design" analyze "$f"
  run summary "$bin/bpm-sim" "$f" --replications 3 --seed 11 --format yaml
  run log "$bin/bpm-sim" "$f" --replications 2 --cases 200 --seed 5 --log - -o /dev/null
  run xes "$bin/bpm-sim" "$f" --replications 1 --cases 50 --seed 5 --log - --log-format xes -o /dev/null
  for s in $(sed -n '/^scenarios:/,/^[a-z]/p' "$f" | grep -E '^  [A-Za-z0-9_-]+:' | sed 's/^  \([^:]*\):.*/\1/'); do
    run "scenario-$s" "$bin/bpm-sim" "$f" --scenario "$s" --replications 2 --seed 3 --format yaml
  done
done
