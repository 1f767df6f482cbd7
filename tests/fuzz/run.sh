#!/usr/bin/env bash
# Builds the loader fuzzer with clang (ASan+UBSan+libFuzzer) and runs it for SECONDS (default 60)
# from a corpus of the sample processes and their truncations. Exit 0 when no crash was found.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
build=${FUZZ_BUILD_DIR:-$src/build-fuzz}
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DBPM_FUZZ=ON -DBPM_TESTS=OFF -DBPM_APPS=OFF -DBPM_INSTALL=OFF >/dev/null
cmake --build "$build" --target fuzz_loader -j "${BPM_JOBS:-$(nproc)}" >/dev/null
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
i=0
for f in "$src"/processes/*.yaml "$src"/processes/invalid/*.yaml "$src"/share/templates/*.yaml; do
  [ -f "$f" ] || continue
  cp "$f" "$corpus/$i.yaml"
  size=$(wc -c <"$f")
  # Truncations at a few points: the loader must report, never crash, on half-written files.
  for cut in 3 7 11; do head -c $((size * cut / 13)) "$f" >"$corpus/$i-$cut.yaml"; done
  i=$((i + 1))
done
"$build/tests/fuzz/fuzz_loader" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -dict="$src/tests/fuzz/process.dict" "$corpus" 2>&1 | tail -n 5
