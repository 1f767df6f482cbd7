#!/usr/bin/env python3
"""Splits an event log by time for the discovery benchmark: the cases that start first (the share
given, 0.8 for 80/20) are the training log, the rest the test log. Reads CSV or CSV.gz with ISO
8601 timestamps; writes two plain CSV files with the same columns.

usage: split_log.py LOG TRAIN_OUT TEST_OUT [SHARE] [START_COLUMN]"""
import csv
import datetime
import gzip
import sys


def main():
    log, train_out, test_out = sys.argv[1:4]
    share = float(sys.argv[4]) if len(sys.argv) > 4 else 0.8
    start_column = sys.argv[5] if len(sys.argv) > 5 else "start_time"
    opener = gzip.open if log.endswith(".gz") else open
    with opener(log, "rt", newline="") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames
        rows = list(reader)
    first = {}
    for row in rows:
        t = datetime.datetime.fromisoformat(row[start_column])
        case = row["case_id"]
        if case not in first or t < first[case]:
            first[case] = t
    ordered = sorted(first, key=lambda c: (first[c], c))
    train = set(ordered[: round(share * len(ordered))])
    for path, keep in ((train_out, True), (test_out, False)):
        with open(path, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                if (row["case_id"] in train) == keep:
                    writer.writerow(row)


if __name__ == "__main__":
    main()
