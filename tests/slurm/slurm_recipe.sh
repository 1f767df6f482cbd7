#!/usr/bin/env bash
# Opt-in: runs share/examples/slurm-array.sbatch for real on a throw-away single-node Slurm
# (slurmctld + slurmd on localhost, Debian `slurm-wlm`, as root) and checks that the merged
# summary equals the single run byte for byte. Not part of ctest: it needs root, munge and a few
# seconds of daemon start-up.
#
#   apt-get install -y slurm-wlm && tests/slurm/slurm_recipe.sh [BUILD_DIR]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
export PATH="$build/apps:$PATH"
command -v slurmctld >/dev/null || { echo "slurm_recipe: slurmctld not installed (apt-get install slurm-wlm)" >&2; exit 77; }
[ "$(id -u)" = 0 ] || { echo "slurm_recipe: needs root" >&2; exit 77; }

dir=$(mktemp -d /tmp/bpm-slurm.XXXXXX)
host=$(hostname -s)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 2
  # slurmd may linger on a job step; the daemons are ours alone, so force them.
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
chmod 755 "$dir"
mkdir -p "$dir/state" "$dir/spool" "$dir/munge" "$dir/work"
cat >"$dir/slurm.conf" <<CONF
ClusterName=bpmtest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${BPM_SLURMCTLD_PORT:-16817}
SlurmdPort=${BPM_SLURMD_PORT:-16818}
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) RealMemory=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"

munged --force --socket="$dir/munge/munge.socket" --pid-file="$dir/munge/munged.pid" \
  --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/seed" --foreground >"$dir/munge/stderr" 2>&1 &
pids+=($!)
sleep 1
slurmctld -D -i -f "$SLURM_CONF" >/dev/null 2>&1 &
pids+=($!)
sleep 2
slurmd -D -f "$SLURM_CONF" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 30); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 1; done
sinfo -h -o %T | grep -q idle || { echo "slurm_recipe: node did not come up" >&2; cat "$dir/slurmctld.log" "$dir/slurmd.log" >&2; exit 1; }

cd "$dir/work"
cp "$src/tests/data/sim-claims.yaml" claims.yaml
jid=$(sbatch --parsable --array=1-5 "$src/share/examples/slurm-array.sbatch" claims.yaml 23 --seed 11 --cases 30)
merge=$(sbatch --parsable --dependency=afterok:"$jid" --output=merge.log \
  --wrap "bpm-sim merge parts/$jid/part-*.yaml -o summary.yaml")
for _ in $(seq 120); do [ -z "$(squeue -h -j "$jid,$merge" 2>/dev/null)" ] && break; sleep 1; done
bpm-sim claims.yaml --replications 23 --seed 11 --cases 30 -o single.yaml
if cmp summary.yaml single.yaml; then
  echo "slurm_recipe: 5 array tasks merged = single run, byte for byte"
else
  echo "slurm_recipe: FAILED" >&2; cat merge.log bpm-sim-*.log >&2 || true; exit 1
fi
