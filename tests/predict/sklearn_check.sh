#!/usr/bin/env bash
# bpm-optimize score against scikit-learn's LogisticRegression on the same data and penalty: the
# coefficients of the model written, the test AUC and the scores of `score apply` agree to 1e-4.
# Usage: sklearn_check.sh BIN_DIR WORK_DIR PYTHON. Exit 77 (skipped) without scikit-learn.
set -euo pipefail
bin=$1
work=$2
python=$3
here=$(cd "$(dirname "$0")" && pwd)
"$python" -c "import sklearn" 2>/dev/null || { echo "scikit-learn is not installed: skipped"; exit 77; }
mkdir -p "$work"
export PATH="$bin:$PATH"
bpm-sim "$here/leads.yaml" --log "$work/leads.csv" -o /dev/null
for cut in arrival 12h; do
  tag=${cut//:/-}
  bpm-optimize score train "$work/leads.csv" --outcome won --exclude draw --cut "$cut" --lambda 0.001 \
    --calibration none --features "$work/features-$tag.csv" --model "$work/model-$tag.yaml" --format json \
    -o "$work/report-$tag.json" 2>"$work/warnings-$tag.txt"
  bpm-optimize score apply "$work/leads.csv" --model "$work/model-$tag.yaml" --all --reasons 0 \
    -o "$work/scores-$tag.csv"
  "$python" "$here/sklearn_check.py" "$work/features-$tag.csv" "$work/model-$tag.yaml" "$work/report-$tag.json" \
    "$work/scores-$tag.csv" 0.001
done
