#!/usr/bin/env python3
"""Per (task, engine) of full-preset quality files: the cell's status, the seeds trained, the worst and best
value of the task's target metric over the seeds, and the training seconds per seed (min-max).

usage: summary.py FILE...   (quality.json or results.json files; a shard's engines/*/quality.json for the seeds of
an engine whose cell is still running)"""
import json
import sys
from collections import defaultdict

rows = defaultdict(lambda: {"values": {}, "train": {}, "status": "running", "target": None})
for path in sys.argv[1:]:
    r = json.load(open(path))
    targets = {t["id"]: t["target"] for t in r["tasks"]}
    for m in r["measurements"]:
        if m["scenario"] != "quality":
            continue
        key = (m["task"], m["engine"], m.get("device", "cpu"))
        seed = m["params"].get("seed", "-")
        t = targets.get(m["task"])
        if t is not None:
            rows[key]["target"] = t
        metric = t and t["metric"].lower().replace("_", "-")
        if m["metric"] == "train-time":
            rows[key]["train"][seed] = m["value"]
        elif m.get("accuracy") is not None and m["metric"] == metric:
            rows[key]["values"][seed] = m["value"]
    for c in r["cells"]:
        if c["stage"] == "quality":
            key = (c["task"], c["engine"], c.get("device", "cpu"))
            rows[key]["status"] = c["status"] + (": " + c["reason"] if c["status"] not in ("OK",) else "")

print("| task | engine | status | seeds | target | worst seed | best seed | train s per seed |")
print("|---|---|---|---|---|---|---|---|")
for (task, engine, device), row in sorted(rows.items()):
    v = list(row["values"].values())
    tr = list(row["train"].values())
    t = row["target"]
    higher = t is not None and t["metric"] in ("ACCURACY", "R2")  # core's QualityTarget.Metric.higherIsBetter
    target = "" if t is None else t["metric"].lower().replace("_", "-") + (" >= " if higher else " <= ") + str(t["threshold"])
    status = row["status"]
    if status.startswith("UNSUPPORTED"):
        status = "unsupported"
    print("| %s | %s | %s | %d | %s | %s | %s | %s |" % (
        task, engine, status, len(v), target,
        "%.4f" % (min(v) if higher else max(v)) if v else "", "%.4f" % (max(v) if higher else min(v)) if v else "",
        ("%.1f-%.1f" % (min(tr), max(tr))) if tr else ""))
