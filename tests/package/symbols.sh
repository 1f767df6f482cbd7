#!/usr/bin/env bash
# libbpm.so exports its public API and nothing else: the functions of the internal namespaces
# (bpm::sim, bpm::design, bpm::lint_detail, bpm::optimize_detail) stay hidden, and what the
# public headers declare, typeinfo of the error classes included, is there.
set -euo pipefail
library=$1
symbols=$(nm -DC --defined-only "$library" | awk '{ $1 = ""; $2 = ""; print }')
status=0
internal=$(grep -E '^ +(bpm::(sim|design|lint_detail|optimize_detail)::|typeinfo for bpm::sim::)' <<<"$symbols" || true)
if [ -n "$internal" ]; then
  echo "internal symbols exported (give them no BPM_API, or move them out of a public header):"
  echo "$internal" | head -20
  status=1
fi
for wanted in 'bpm::simulate(' 'bpm::parse_process(' 'bpm::lint(' 'bpm::kpi::analyze(' 'typeinfo for bpm::ModelError' \
              'typeinfo for bpm::UsageError' 'bpm::OutputFile::commit()'; do
  if ! grep -qF " $wanted" <<<"$symbols"; then
    echo "public symbol missing: $wanted"
    status=1
  fi
done
count=$(grep -c '^ *bpm::' <<<"$symbols" || true)
echo "exported bpm symbols: $count"
exit $status
