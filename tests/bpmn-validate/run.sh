#!/usr/bin/env bash
# Exports every sample process (and tests/data/bpmn/timers-instances.yaml: boundary timers and
# multi-instance tasks; the samples include processes/insurance-claims.yaml: streams, data, several pools;
# tests/data/constructs/fragments.yaml: calls as sub-processes, an end inside one (an error end
# event and error boundaries); call-file/onboarding.yaml: a call activity of another process file;
# call-end/main.yaml: an end in a fragment of a called file, caught on the call activity;
# constructs/timers-batches.yaml and bpmn/wait-timers-fragment.yaml: a wait's timeout and
# escalation, as boundary timers of a receive task, also inside a sub-process)
# for Camunda 8 and Camunda 7 and checks the files with the
# independent validators of validate.mjs (bpmnlint + bpmnlint-plugin-camunda-compat, and the
# engines' moddle extensions). `scripts/dev test` installs them with `npm ci` into
# BUILD_DIR/bpmn-validate from the committed package-lock.json; without them the test is skipped
# (exit 77), as the browser check is without chromium.
#   run.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
dir=$build/bpmn-validate
if ! command -v node >/dev/null 2>&1 || [ ! -d "$dir/node_modules/bpmnlint-plugin-camunda-compat" ]; then
  echo "skipped: the npm validators are not installed (scripts/dev test installs them)"
  exit 77
fi
cp "$src/tests/bpmn-validate/validate.mjs" "$dir/validate.mjs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in "$src"/processes/*.yaml "$src"/tests/data/bpmn/timers-instances.yaml \
  "$src"/tests/data/constructs/fragments.yaml "$src"/tests/data/constructs/call-file/onboarding.yaml \
  "$src"/tests/data/constructs/call-nested/main.yaml "$src"/tests/data/constructs/call-end/main.yaml \
  "$src"/tests/data/constructs/timers-batches.yaml "$src"/tests/data/bpmn/wait-timers-fragment.yaml; do
  name=$(basename "$f" .yaml)
  "$build/apps/bpm-design" export "$f" --format camunda8 -o "$work/$name.camunda8.bpmn"
  "$build/apps/bpm-design" export "$f" --format camunda7 -o "$work/$name.camunda7.bpmn"
done
node "$dir/validate.mjs" camunda8 "$work"/*.camunda8.bpmn
node "$dir/validate.mjs" camunda7 "$work"/*.camunda7.bpmn
echo "every sample's camunda8 and camunda7 export passes the validators"
