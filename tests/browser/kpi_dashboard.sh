#!/usr/bin/env bash
# Browser check of bpm-kpi's HTML dashboard, run by ctest as "browser: kpi dashboard" (skipped,
# exit 77, when Debian's chromium is not installed; `scripts/dev test` installs it).
#
#   tests/browser/kpi_dashboard.sh [BUILD_DIR] [OUT_DIR]
#
# Renders two dashboards in headless Chromium — the simulated lead-to-cash log and a real log
# (PurchasingExample, Simod format) — and checks that the page loads as one self-contained
# document (no request leaves the machine: the network is off), that the browser's DOM holds the
# KPI cards and the inline-SVG charts (and, for a log, the process map, funnel and trend panels),
# and that a screenshot was drawn. The screenshots stay
# in OUT_DIR for a person to look at. Then the layout, in the browser's DOM (dom_check.js, run on a
# copy of the page): no element overflows its card or panel, no panel scrolls sideways, every chart
# has a title and two axis titles, and no chart text is cut off at the chart's edge. A live
# dashboard (--watch) must also reload itself. Exit 0 all good, 1 a check failed, 77 no Chromium.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${BUILD_DIR:-$src/build}}
out=${2:-$(mktemp -d)}
mkdir -p "$out"
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "kpi_dashboard: chromium not installed (apt-get install -y chromium): skipped" >&2; exit 77; }
"$browser" --version >/dev/null 2>&1 || { echo "kpi_dashboard: $browser does not start: skipped" >&2; exit 77; }
export PATH="$build/apps:$PATH"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() {
  "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$profile" "$@" 2>/dev/null
}

status=0
check() {  # name, html
  local name=$1 html=$2
  chrome --window-size=1280,2400 --screenshot="$out/$name.png" "file://$html" >/dev/null
  chrome --dump-dom "file://$html" >"$out/$name.dom.html"
  local svgs cards
  svgs=$(grep -o '<svg' "$out/$name.dom.html" | wc -l)
  cards=$(grep -o 'class="card' "$out/$name.dom.html" | wc -l)
  # The layout checks, on a copy of the page with the checking script (and without the live
  # dashboard's self-reload, which would replace the page before the result is read).
  sed -e 's|</body>|<script src="file://'"$src"'/tests/browser/dom_check.js"></script></body>|' \
    -e 's|<meta http-equiv="refresh"[^>]*>||' "$html" >"$out/$name.checked.html"
  chrome --virtual-time-budget=5000 --allow-file-access-from-files --dump-dom "file://$out/$name.checked.html" \
    >"$out/$name.checked.dom.html"
  local layout
  layout=$(sed -n '/<pre id="dom-check">/,/<\/pre>/p' "$out/$name.checked.dom.html" | sed 's/<[^>]*>//g')
  local png_size
  png_size=$(stat -c %s "$out/$name.png" 2>/dev/null || echo 0)
  printf '%-14s %2d svg charts, %2d cards, screenshot %7d bytes: ' "$name" "$svgs" "$cards" "$png_size"
  if [ "$svgs" -ge 4 ] && [ "$cards" -ge 3 ] && [ "$png_size" -gt 50000 ] &&
     grep -q 'Cycle time of completed cases' "$out/$name.dom.html" &&
     ! grep -Eq '<script|https?://[^w]' "$html" && [ "$layout" = OK ]; then
    echo ok
  else
    echo FAILED
    [ "$layout" = OK ] || echo "layout: ${layout:-the check did not run}"
    status=1
  fi
}

bpm-sim "$src/processes/lead-to-cash.yaml" --replications 3 --seed 1 --log "$out/lead-to-cash.csv" -o /dev/null
bpm-kpi "$out/lead-to-cash.csv" -p "$src/processes/lead-to-cash.yaml" -f html -o "$out/lead-to-cash.html"
check lead-to-cash "$out/lead-to-cash.html"
bpm-kpi "$src/tests/data/logs/PurchasingExample.csv.gz" -f html -o "$out/purchasing.html"
check purchasing "$out/purchasing.html"
# A log's dashboard also shows the monitor panels: the process map (a Graphviz diagram when dot is
# installed), the funnel and the trend control charts, all under the layout checks above.
monitor_panels() {  # name
  local dom="$out/$1.dom.html" missing=()
  grep -q '<h2>Process map</h2>' "$dom" || missing+=("process map")
  if command -v dot >/dev/null; then grep -q '<svg[^>]*class="diagram"' "$dom" || missing+=("map diagram"); fi
  grep -q '<h2>Funnel: where cases drop off</h2>' "$dom" || missing+=("funnel")
  grep -q 'aria-label="Cases reaching each stage"' "$dom" || missing+=("funnel chart")
  grep -q '<h2>Trends per [a-z]* with control limits</h2>' "$dom" || missing+=("trends")
  grep -q 'aria-label="throughput per [a-z]* (individuals chart)"' "$dom" || missing+=("throughput control chart")
  if [ ${#missing[@]} -gt 0 ]; then
    echo "$1: monitor panels missing: ${missing[*]}"
    status=1
  fi
}
monitor_panels lead-to-cash
monitor_panels purchasing
# The live dashboard: one pass of --watch writes the same page, which reloads itself.
bpm-kpi "$out/lead-to-cash.csv" -p "$src/processes/lead-to-cash.yaml" --watch --interval 5 --passes 1 \
  -o "$out/live.html"
check live "$out/live.html"
grep -q '<meta http-equiv="refresh" content="5">' "$out/live.html" || { echo "live: no self-reload"; status=1; }
echo "screenshots: $out/lead-to-cash.png $out/purchasing.png $out/live.png"
exit $status
