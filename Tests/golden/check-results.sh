#!/usr/bin/env bash
# Behaviour is unchanged: every shipped scenario, run at a fixed seed, gives the same result.json
# outside `meta` as recorded in Tests/golden/results.sha256 (SHA-256 of the result with meta
# removed, keys sorted). Protects refactors: a difference must be explained in the commit that
# causes it, and the digests regenerated with --update.
#
# Usage (from the project root): Tests/golden/check-results.sh path/to/stampede [--update] [--keep DIR]
#   --keep DIR  leaves each run's canonical result (DIR/<scenario>.json) to diff against another binary's.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:?usage: Tests/golden/check-results.sh path/to/stampede [--update] [--keep DIR]}; shift
update=false; keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --update) update=true ;;
    --keep) keep=${2:?--keep needs a folder}; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
digests=Tests/golden/results.sha256
seed=1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
[ -n "$keep" ] && mkdir -p "$keep"

canonical() { # result.json -> canonical text without meta
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r.pop("meta",None); print(json.dumps(r,sort_keys=True,separators=(",",":")))' "$1"
}
export -f canonical
export bin seed work keep

one() {
  local f=$1 name; name=$(echo "${f#scenarios/}" | tr / _); name=${name%.yaml}
  local rc=0
  "$bin" run "$f" --seed "$seed" --out "$work/$name" --quiet >"$work/$name.log" 2>&1 || rc=$?
  case $rc in 0|1|3) ;; *) echo "$f: exit $rc: $(tail -2 "$work/$name.log")" >&2; return 1 ;; esac
  canonical "$work/$name/result.json" >"$work/$name.json"
  [ -z "$keep" ] || cp "$work/$name.json" "$keep/$name.json"
  echo "$(sha256sum <"$work/$name.json" | cut -c1-64)  $f  exit=$rc" >"$work/$name.digest"
}
export -f one

# scenarios/real/ runs on the wall clock against real servers: not deterministic, not here.
find scenarios -name '*.yaml' -not -path 'scenarios/real/*' | sort | xargs -P "$(nproc)" -I{} bash -c 'one "$@"' _ {}
cat $(find "$work" -maxdepth 1 -name '*.digest' | sort) | sort -k2 >"$work/now"

if $update; then
  cp "$work/now" "$digests"
  echo "recorded $(wc -l <"$digests") results in $digests"
  exit 0
fi
[ -f "$digests" ] || { echo "FAIL: no $digests; run with --update to record them" >&2; exit 1; }
if ! diff -u "$digests" "$work/now" >"$work/diff"; then
  echo "FAIL: results differ from $digests (seed $seed, meta excluded):" >&2
  grep '^[-+][0-9a-f]' "$work/diff" >&2
  echo "Explain each difference in the commit that causes it, then: Tests/golden/check-results.sh $bin --update" >&2
  echo "(--keep DIR writes the canonical results, to diff against a run of the previous binary)" >&2
  exit 1
fi
echo "golden results: $(wc -l <"$work/now") shipped scenarios at seed $seed, each result.json identical outside meta"
