# Timing helpers shared by the wall-clock benchmarks (sourced, not run). Needs $repeat.

# best COMMAND...: the least wall time in seconds of $repeat runs (the usual filter for
# interference on a shared machine).
best() {
  local top=""
  for ((i = 0; i < repeat; i++)); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    top=$(awk -v a="$t0" -v b="$t1" -v top="$top" 'BEGIN { t = b - a; print (top == "" || t < top) ? t : top }')
  done
  echo "$top"
}

# load: the load averages, printed beside every wall-clock figure.
load() { cut -d' ' -f1-3 /proc/loadavg; }
