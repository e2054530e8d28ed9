#!/usr/bin/env python3
"""Writes SHARD/jmh.json from the tasks a stopped JMH stage finished timing.

The JMH stage writes jmh.json at its end only: the concatenation of its parts (jmh-parts/<task>__*.json), each JMH
record untouched. A stage stopped by hand before its end leaves the parts of the tasks it timed on every engine,
each marked by jmh-parts/<task>.done. This script writes that same concatenation for the marked tasks (and the
calibration), in the stage's order of reading (sorted file names), so that `run-shard.sh K merge` can report them;
the resumed stage (`run-shard.sh K jmh`) keeps those parts, times the rest and writes jmh.json anew.

Only for the pinned commit of this run (COMMIT), whose merge stage reads jmh.json alone: later builds' merge stage
reads the marked tasks' parts itself when jmh.json is absent (suites' JmhParts.timedRecords) and leaves the
interrupted task's fork checks out, which with this script must be removed from jmh-checks by hand.

usage: python3 ci/full-run/jmh-from-parts.py ci/full-run/shard-K
"""
import json
import sys
from pathlib import Path


def main(shard: Path) -> None:
    parts = shard / "jmh-parts"
    if not parts.is_dir():
        sys.exit(f"{parts}: no such folder; name a shard's output folder (ci/full-run/shard-K) whose JMH stage began")
    done = sorted(p.name[: -len(".done")] for p in parts.glob("*.done"))
    if not done:
        sys.exit(f"{parts}: no task is marked timed (<task>.done); nothing to write")
    records = []
    for owner in done:
        for part in sorted(parts.glob(owner + "__*.json")):
            if part.stat().st_size > 0:
                records.extend(json.loads(part.read_text()))
    # a part of an unmarked task is one the stage was timing when stopped: it is not reported
    unmarked = sorted({p.name.split("__")[0] for p in parts.glob("*__*.json")} - set(done))
    (shard / "jmh.json").write_text(json.dumps(records, indent=2))
    print(f"{shard / 'jmh.json'}: {len(records)} records of {', '.join(done)}"
          + (f"; left out (not marked timed): {', '.join(unmarked)}" if unmarked else ""))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
