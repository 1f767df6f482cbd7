#!/usr/bin/env bash
# Installs the built tree into a temporary prefix, then builds and runs tests/package against it.
set -euo pipefail
build=$1
compiler=${2:-c++}
flags=${3:-}
src=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$work/consumer" >/dev/null
LD_LIBRARY_PATH="$work/prefix/lib:$work/prefix/lib/$(gcc -print-multiarch 2>/dev/null || true)" "$work/consumer/bpm_consumer"
# pkg-config sees the same library.
PKG_CONFIG_PATH=$(dirname "$(find "$work/prefix" -name bpm.pc)") pkg-config --modversion bpm
