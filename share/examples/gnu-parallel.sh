#!/usr/bin/env bash
# Split a bpm-sim study into shards, run them with GNU parallel (locally or over ssh), merge them.
# The merged summary is byte for byte the summary of one `bpm-sim` run of all the replications.
#
#   share/examples/gnu-parallel.sh processes/lead-to-cash.yaml 10000 8 summary.yaml
#   SSH_HOSTS=4/node1,4/node2 share/examples/gnu-parallel.sh lead.yaml 10000 64 summary.yaml
#
# Arguments: PROCESS_FILE REPLICATIONS SHARDS OUTPUT. Extra bpm-sim options (--seed, --scenario,
# --set, --cases) go in BPM_SIM_OPTS, shell-quoted, and are the same for every shard. Over ssh,
# bpm-sim must be on each host's PATH and the process file at the same path (it is recorded in
# the summary). See share/doc/scale-out.md.
set -euo pipefail
process=${1:?usage: gnu-parallel.sh PROCESS_FILE REPLICATIONS SHARDS OUTPUT}
replications=${2:?replications}
shards=${3:?shard count}
output=${4:?output file}

hosts=()
[ -n "${SSH_HOSTS:-}" ] && hosts=(--sshlogin "$SSH_HOSTS")

# Each shard prints its partial summary after a '---' line; parallel prints each job's output
# whole (--group), so the stream is a sequence of documents that `bpm-sim merge -` reads. No
# scratch files, and over ssh the parts come back the same way. --threads 1: one core per job.
# --halt now,fail=1 stops at the first failed shard; merge then refuses the missing part.
seq 1 "$shards" |
  parallel --will-cite --group --halt now,fail=1 "${hosts[@]}" \
    "echo ---; bpm-sim $(printf '%q' "$process") --replications $replications --threads 1 --no-progress \
     ${BPM_SIM_OPTS:-} --shard {}/$shards" |
  bpm-sim merge - -o "$output"
echo "merged $shards shards of $replications replications into $output" >&2
