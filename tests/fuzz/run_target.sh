#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time from seed files: run_target.sh BINARY SECONDS
# DICT|"" SEED...  Exit 0 when no crash, leak, sanitizer error or timeout was found; otherwise the
# fuzzer's report (and the input that caused it, under fuzz-findings/) is kept for the log.
set -euo pipefail
binary=$1
seconds=$2
dict=$3
shift 3
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
i=0
for seed in "$@"; do
  [ -f "$seed" ] || continue
  # Large seeds slow every run down; the fuzzer works from their first 64 KiB as well.
  head -c 65536 "$seed" >"$corpus/seed-$i"
  i=$((i + 1))
done
findings=${FUZZ_FINDINGS_DIR:-$PWD/fuzz-findings}
mkdir -p "$findings"
args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
      -artifact_prefix="$findings/$(basename "$binary")-")
[ -n "$dict" ] && args+=(-dict="$dict")
# One worker process: CI has two cores, and the rest of the suite runs beside it.
if "$binary" "${args[@]}" "$corpus" >"$corpus.log" 2>&1; then
  tail -n 3 "$corpus.log"
  rm -f "$corpus.log"
  exit 0
fi
cat "$corpus.log"
rm -f "$corpus.log"
exit 1
