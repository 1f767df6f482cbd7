# Set-up shared by the benchmarks that read bpm-sim's lead-to-cash log (sourced, not run), given
# the benchmark's name and its BUILD_DIR argument; needs $src. Sets $build, the tools $kpi and $sim
# (exit 2 when not built), a scratch directory $work removed on exit, and $log inside it.
build=${2:-${BUILD_DIR:-$src/build}}
kpi=$build/apps/bpm-kpi
sim=$build/apps/bpm-sim
for tool in "$kpi" "$sim"; do
  [ -x "$tool" ] || { echo "$1: $tool not built" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/events.csv
process=$src/processes/lead-to-cash.yaml

# write_log CASES: bpm-sim's lead-to-cash log of that many cases at $log, grouped by case as bpm-sim
# writes it (fixed seed: the same log every run). About 660 bytes per case (5.2 rows of ~128 bytes).
write_log() {
  "$sim" "$process" --replications 1 --seed 7 --cases "$1" --log "$log" -o /dev/null --no-progress
}
