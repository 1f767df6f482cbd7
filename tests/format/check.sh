#!/usr/bin/env bash
# The style check: every C++ source is as clang-format writes it with the repository's
# .clang-format (pinned to clang-format 14, Debian bookworm's). Run `clang-format -i FILE...` to fix.
# Skipped (exit 77) without clang-format 14: another version formats some constructs differently.
#
# Files that predate the check and are not formatted yet are listed in tests/format/unformatted.txt
# and skipped, so that formatting them (one area at a time, by whoever works there) never has to
# come as one commit touching everything while several branches are open. A file formatted since
# must leave the list: the check fails on a listed file that needs no formatting.
#   tests/format/check.sh SRC            check
#   tests/format/check.sh SRC --fix      clang-format -i every file not listed
#   tests/format/check.sh SRC --list     rewrite the list as the files not formatted now (after
#                                        merging branches that predate the check, once)
set -euo pipefail
src=$1
mode=${2:-check}
if ! command -v clang-format >/dev/null || ! clang-format --version | grep -q 'version 14\.'; then
  echo "clang-format 14 not installed: style not checked"
  exit 77
fi
cd "$src"
list=tests/format/unformatted.txt
mapfile -t all < <(find lib apps tests -name '*.cpp' -o -name '*.hpp' | LC_ALL=C sort)
mapfile -t listed < <(grep -v '^#' "$list" | grep -v '^$' || true)
declare -A skip=()
for f in "${listed[@]}"; do skip[$f]=1; done
files=()
for f in "${all[@]}"; do [ -z "${skip[$f]:-}" ] && files+=("$f"); done
if [ "$mode" = --list ]; then
  header=$(grep '^#' "$list")
  {
    echo "$header"
    for f in "${all[@]}"; do clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"; done
  } >"$list.new"
  mv "$list.new" "$list"
  exit 0
fi
if [ "$mode" = --fix ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
status=0
clang-format --dry-run --Werror "${files[@]}" || status=1
for f in "${listed[@]}"; do
  if [ ! -e "$f" ]; then
    echo "$list: '$f' no longer exists: remove it from the list"; status=1
  elif clang-format --dry-run --Werror "$f" 2>/dev/null; then
    echo "$list: '$f' is formatted now: remove it from the list"; status=1
  fi
done
echo "${#files[@]} files formatted, ${#listed[@]} not yet (listed in $list)"
exit $status
