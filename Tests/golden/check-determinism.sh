#!/usr/bin/env bash
# Determinism across seeds: the smoke scenario at 100 seeds, run twice each (two separate
# `stampede run --seeds 100` invocations), gives byte-identical result.json outside `meta` for
# every seed. The golden results prove one seed per scenario; this proves it holds over seeds,
# where a hash-order or scheduling dependence would show at some seed and not at another.
#
# Usage (from the project root): Tests/golden/check-determinism.sh path/to/stampede [scenario] [seeds]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:?usage: Tests/golden/check-determinism.sh path/to/stampede [scenario] [seeds]}
scenario=${2:-scenarios/smoke.yaml}
seeds=${3:-100}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

canonical() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r.pop("meta",None); print(json.dumps(r,sort_keys=True,separators=(",",":")))' "$1"
}

for pass in a b; do
  rc=0
  "$bin" run "$scenario" --seeds "$seeds" --out "$work/$pass" --quiet >"$work/$pass.log" 2>&1 || rc=$?
  case $rc in 0|1|3) ;; *) echo "FAIL: $bin run $scenario --seeds $seeds exited $rc: $(tail -3 "$work/$pass.log")" >&2; exit 1 ;; esac
done
runs=0; differing=()
for dir in "$work"/a/seed-*; do
  seed=${dir##*/seed-}
  [ -f "$work/b/seed-$seed/result.json" ] || { echo "FAIL: seed $seed ran in the first pass only" >&2; exit 1; }
  if [ "$(canonical "$dir/result.json")" != "$(canonical "$work/b/seed-$seed/result.json")" ]; then differing+=("$seed"); fi
  runs=$((runs + 1))
done
[ "$runs" -eq "$seeds" ] || { echo "FAIL: expected $seeds seeds, found $runs" >&2; exit 1; }
if [ ${#differing[@]} -gt 0 ]; then
  echo "FAIL: $scenario gave different results on two runs at seeds: ${differing[*]}" >&2
  exit 1
fi
echo "determinism: $scenario at $seeds seeds, run twice, each result.json identical outside meta"
