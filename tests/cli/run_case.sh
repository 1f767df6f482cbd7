#!/usr/bin/env bash
# Runs one golden CLI case: CASE/cmd is a bash command line run from the source tree with the
# freshly built tools first on PATH and CASE/stdin (if any) as standard input. Its stdout, stderr
# and exit code must equal CASE/stdout, CASE/stderr (empty when absent) and CASE/exit (0 when
# absent) exactly. With BPM_APPROVE=1 the expected files are rewritten instead (tests/cli/approve.sh).
set -u
case_dir=$1
bin_dir=$2
export PATH="$bin_dir:$PATH"
export NO_COLOR=1
export LC_ALL=C
cd "${BPM_SOURCE_DIR:?}" || exit 99
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WORK="$work"
stdin=/dev/null
[ -f "$case_dir/stdin" ] && stdin="$case_dir/stdin"
bash -c "$(cat "$case_dir/cmd")" <"$stdin" >"$work/stdout" 2>"$work/stderr"
code=$?
if [ "${BPM_APPROVE:-0}" = 1 ]; then
  cp "$work/stdout" "$case_dir/stdout"
  if [ -s "$work/stderr" ]; then cp "$work/stderr" "$case_dir/stderr"; else rm -f "$case_dir/stderr"; fi
  if [ "$code" != 0 ]; then echo "$code" >"$case_dir/exit"; else rm -f "$case_dir/exit"; fi
  exit 0
fi
status=0
want_code=0
[ -f "$case_dir/exit" ] && want_code=$(cat "$case_dir/exit")
if [ "$code" != "$want_code" ]; then
  echo "exit code: expected $want_code, got $code"; status=1
fi
want_stdout="$case_dir/stdout"; [ -f "$want_stdout" ] || want_stdout=/dev/null
if ! diff -u "$want_stdout" "$work/stdout"; then echo "stdout differs"; status=1; fi
want_stderr="$case_dir/stderr"; [ -f "$want_stderr" ] || want_stderr=/dev/null
if ! diff -u "$want_stderr" "$work/stderr"; then echo "stderr differs"; status=1; fi
exit $status
