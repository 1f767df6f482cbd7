"""Refits bpm-optimize score's models with scikit-learn and compares (see sklearn_check.sh).

bpm-optimize minimises sum(log-loss) + lambda * n / 2 * |beta|^2 over columns standardised by the
training part's mean and (population) sd, intercept unpenalised: LogisticRegression with
C = 1 / (lambda * n) on the same standardised columns.
"""
import csv
import json
import sys

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

TOLERANCE = 1e-4


def fit(x, y, lam):
    model = LogisticRegression(C=1.0 / (lam * len(y)), solver="newton-cg", tol=1e-8, max_iter=1000)
    model.fit(x, y)
    return model


def main(features_path, model_path, report_path, scores_path, lam):
    with open(features_path, newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    first = header.index("label") + 1
    ids = [r[0] for r in rows]
    sets = np.array([r[header.index("set")] for r in rows])
    y = np.array([int(r[header.index("label")]) for r in rows])
    x = np.array([[float(v) for v in r[first:]] for r in rows])
    train = sets == "train"
    test = sets == "test"
    mean = x[train].mean(axis=0)
    sd = x[train].std(axis=0)
    z = (x - mean) / sd

    failures = []

    def check(what, ours, theirs):
        if abs(ours - theirs) > TOLERANCE:
            failures.append(f"{what}: bpm-optimize {ours:.8g}, scikit-learn {theirs:.8g}")

    # The test AUC of the training part's fit.
    report = json.load(open(report_path))
    test_row = [v for v in report["validation"] if v["set"].startswith("test")][0]
    on_train = fit(z[train], y[train], lam)
    check("test AUC", test_row["auc"], roc_auc_score(y[test], on_train.predict_proba(z[test])[:, 1]))

    # The model written: every labelled case, the same standardisation.
    final = fit(z, y, lam)
    model = yaml.safe_load(open(model_path))
    columns = model["columns"]
    if len(columns) != x.shape[1]:
        failures.append(f"{len(columns)} model columns, {x.shape[1]} feature columns")
    for j, c in enumerate(columns):
        # Coefficients compared on the standardised scale, where both are of order 1.
        check(f"coefficient of {header[first + j]}", c["coefficient"] * sd[j], final.coef_[0][j])
    intercept = final.intercept_[0] - float(np.sum(final.coef_[0] * mean / sd))
    check("intercept", model["intercept"], intercept)

    # The scores of `score apply` on the same cases.
    with open(scores_path, newline="") as f:
        applied = {r["case_id"]: float(r["score"]) for r in csv.DictReader(f)}
    theirs = final.predict_proba(z)[:, 1]
    worst = max(abs(applied[i] - p) for i, p in zip(ids, theirs))
    check("largest score difference", worst, 0.0)

    print(f"{features_path}: {x.shape[1]} columns, {len(y)} cases ({train.sum()} train, {test.sum()} test), "
          f"test AUC {test_row['auc']:.4f}, largest score difference {worst:.2e}")
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
