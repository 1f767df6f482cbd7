#!/usr/bin/env python3
"""Splits an XES event log by time for the discovery benchmark, as split_log.py does for CSV: the
cases that start first (the share given, 0.8 for 80/20) are the training log, the rest the test
log. Keeps the completion events (lifecycle 'complete' or none) and writes two CSV files with the
columns case_id, activity, resource, end_time (UTC).

usage: split_xes.py LOG.xes[.gz] TRAIN_OUT TEST_OUT [SHARE]"""
import csv
import datetime
import gzip
import sys
import xml.etree.ElementTree as ET


def utc(text):
    t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is not None:
        t = t.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return t


def main():
    log, train_out, test_out = sys.argv[1:4]
    share = float(sys.argv[4]) if len(sys.argv) > 4 else 0.8
    opener = gzip.open if log.endswith(".gz") else open
    root = ET.parse(opener(log)).getroot()
    rows = []
    for trace in (e for e in root if e.tag.split("}")[-1] == "trace"):
        case = next((a.get("value") for a in trace if a.get("key") == "concept:name"), None)
        for event in (e for e in trace if e.tag.split("}")[-1] == "event"):
            keys = {a.get("key"): a.get("value") for a in event}
            if keys.get("lifecycle:transition", "complete").lower() != "complete":
                continue
            rows.append((case, keys.get("concept:name"), keys.get("org:resource", ""), utc(keys["time:timestamp"])))
    first = {}
    for case, _, _, t in rows:
        first[case] = min(first.get(case, t), t)
    ordered = sorted(first, key=lambda c: (first[c], c))
    train = set(ordered[: round(share * len(ordered))])
    for path, keep in ((train_out, True), (test_out, False)):
        with open(path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["case_id", "activity", "resource", "end_time"])
            for case, activity, resource, t in rows:
                if (case in train) == keep:
                    writer.writerow([case, activity, resource, t.isoformat()])


if __name__ == "__main__":
    main()
