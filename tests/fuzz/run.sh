#!/usr/bin/env bash
# Builds every fuzz target with clang (ASan + UBSan + libFuzzer) and runs each for SECONDS
# (default 60) from its seed corpus: tests/fuzz/run.sh [SECONDS] [TARGET...]. Exit 0 when no
# target found anything. `BPM_SANITIZE=1 scripts/dev test` runs them for a
# shorter time through ctest.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
shift || true
build=${FUZZ_BUILD_DIR:-$src/build-fuzz}
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DBPM_FUZZ=ON -DBPM_SANITIZE=ON -DBPM_TESTS=OFF -DBPM_APPS=OFF -DBPM_INSTALL=OFF \
  -DBPM_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build "$build" -j "${BPM_JOBS:-$(nproc)}" >/dev/null
cd "$build"
if [ $# -gt 0 ]; then
  regex="fuzz: ($(IFS='|'; echo "$*"))\$"
else
  regex="^fuzz: "
fi
ctest -R "$regex" --output-on-failure
