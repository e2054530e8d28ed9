#!/usr/bin/env bash
# Measures a head commit against its base with each commit's own code, on this machine, back to back:
# base, head, base; then compares the head with the two base runs (their per-figure median, per-fork means
# pooled) through the head's `jmlbench compare`. The pull-request workflow calls this script; run it yourself the
# same way:
#
#   ci/compare-commits.sh BASE HEAD [--preset smoke] [--forks 4] [--tasks iris-logreg] [--engines reference,djl]
#                                   [--out DIR] [-- extra compare options]
#
# --forks: JMH forks per figure in every measurement (default 4: two forks per side cannot tell a 30% change from
# fork-to-fork noise). An alert is confirmed by measuring base, head, base again, with each commit's own code, and
# judging the fresh head against the fresh base figures (compare --base-launcher), not against the first ones.
# Each commit is checked out in a worktree of its own and built there with `mvn package` (no `install`): its
# `./jmlbench` runs that worktree's own class path (target/ folders of that checkout), so nothing one build
# writes can be read by the other's measurement. Both commits must have the ./jmlbench launcher.
# Exit: 0 no regression, 1 confirmed regression / model below its quality target / parity broken / a failed cell
# in the head's run, 2 usage error or a build or measurement that failed.
set -euo pipefail

usage() {
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 2 ] || usage
base_rev=$1
head_rev=$2
shift 2
preset=smoke
forks=4
tasks=iris-logreg
engines=
out=
compare_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset=${2:?--preset needs a value}; shift 2 ;;
    --forks) forks=${2:?--forks needs a value}; shift 2 ;;
    --tasks) tasks=${2:?--tasks needs a value}; shift 2 ;;
    --engines) engines=${2:?--engines needs a value}; shift 2 ;;
    --out) out=${2:?--out needs a value}; shift 2 ;;
    --) shift; compare_extra=("$@"); break ;;
    -h|--help) usage ;;
    *) echo "compare-commits: unknown option '$1'" >&2; usage ;;
  esac
done

repo=$(git rev-parse --show-toplevel)
out=${out:-$repo/target/compare-commits}
mvn=${MVN:-mvn}
base_sha=$(git -C "$repo" rev-parse --verify "$base_rev^{commit}") || { echo "compare-commits: unknown base '$base_rev'" >&2; exit 2; }
head_sha=$(git -C "$repo" rev-parse --verify "$head_rev^{commit}") || { echo "compare-commits: unknown head '$head_rev'" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)

checkout() { # $1 = name, $2 = sha
  local tree="$out/$1"
  git -C "$repo" worktree add --detach --force "$tree" "$2" >/dev/null
  echo "[compare-commits] building $1 ($2) in $tree" >&2
  if ! (cd "$tree" && $mvn -B -q package -DskipTests); then
    echo "compare-commits: the $1 commit $2 does not build" >&2
    exit 2
  fi
  if [ ! -x "$tree/jmlbench" ]; then
    echo "compare-commits: the $1 commit $2 has no ./jmlbench launcher; pick a base from after it was added" >&2
    exit 2
  fi
  if ! "$tree/jmlbench" run --help 2>&1 | grep -q -- '--forks'; then
    echo "compare-commits: the $1 commit $2 has no 'jmlbench run --forks'; pick a base from after it was added" >&2
    exit 2
  fi
}

cleanup() {
  git -C "$repo" worktree remove --force "$out/base" >/dev/null 2>&1 || true
  git -C "$repo" worktree remove --force "$out/head" >/dev/null 2>&1 || true
}
trap cleanup EXIT

checkout base "$base_sha"
checkout head "$head_sha"

select=(--preset "$preset" --forks "$forks" --tasks "$tasks")
[ -z "$engines" ] || select+=(--engines "$engines")

measure() { # $1 = tree, $2 = output folder
  echo "[compare-commits] measuring $(basename "$1") into $2" >&2
  if ! "$1/jmlbench" run "${select[@]}" --out "$2"; then
    echo "compare-commits: the measurement in $2 failed (see above)" >&2
    exit 2
  fi
  # A run goes on past a failed cell and exits 0; a comparison of figures that were never measured would pass
  # for nothing, so every run must pass its own gate (every cell measured, every model at its quality target).
  if ! "$1/jmlbench" gate --results "$2/results.json"; then
    if [ "$(basename "$1")" = head ]; then
      echo "compare-commits: the head's run in $2 failed its gate (a cell failed or a model missed its target)" >&2
      exit 1
    fi
    echo "compare-commits: the base's run in $2 failed its gate (see above): nothing to compare with" >&2
    exit 2
  fi
}

measure "$out/base" "$out/base-1"
measure "$out/head" "$out/head-run"
measure "$out/base" "$out/base-2"

# Record which code each measurement ran: the class path of each checkout and the checksum of its jars.
for tree in base head; do
  {
    echo "commit $(git -C "$out/$tree" rev-parse HEAD)"
    tr ':' '\n' < "$out/$tree/suites/target/launcher/classpath" | grep "$out/$tree/" | while read -r jar; do
      echo "$(sha256sum "$jar" | cut -c1-16) $jar"
    done
  } > "$out/$tree-code.txt"
done

set +e
"$out/head/jmlbench" compare --results "$out/head-run/results.json" \
  --baseline "$out/base-1/results.json" --baseline "$out/base-2/results.json" \
  --no-record --preset "$preset" --forks "$forks" --base-launcher "$out/base/jmlbench" \
  "${compare_extra[@]}"
code=$?
set -e
echo "[compare-commits] head $head_sha vs base $base_sha: exit $code (verdict: $out/head-run/verdict.json;" \
  "code measured: $out/base-code.txt, $out/head-code.txt)" >&2
exit $code
