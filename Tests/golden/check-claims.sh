#!/usr/bin/env bash
# The READMEs' claims hold: each line of Tests/golden/claims.tsv (scenario, seed, exit code,
# invariants with violations) is run with the given binary and compared. A claim that no longer
# holds fails CI, so the prose cannot drift from what the scenarios do.
#
# Usage (from the project root): Tests/golden/check-claims.sh path/to/stampede
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:?usage: Tests/golden/check-claims.sh path/to/stampede}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export bin work

# One claim (line n of the table): run it, and write what it said and what it got.
one() {
  local n=$1 scenario=$2 seed=$3 want_exit=$4 want_invariants=$5 out="$work/$1" rc=0 got want
  "$bin" run "$scenario" --seed "$seed" --out "$out" --quiet >"$out.log" 2>&1 || rc=$?
  got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(",".join(sorted(k for k,c in r["violations"]["by_invariant"].items() if c)) or "-")' "$out/result.json" 2>/dev/null || echo "no result")
  want=$(echo "$want_invariants" | tr , '\n' | sort | paste -sd, -)
  if [ "$rc" != "$want_exit" ] || [ "$got" != "$want" ]; then
    echo "claim broken: $scenario --seed $seed: said exit $want_exit with $want, got exit $rc with $got" >"$work/$n.broken"
  fi
}
export -f one

# The claims run side by side, one per core; each is its own process, so the results are
# those of running them one after another. (No field holds a space.)
claims=$(grep -v -e '^#' -e '^$' Tests/golden/claims.tsv)
awk -F'\t' '{ print NR, $1, $2, $3, $4 }' <<<"$claims" | xargs -P "$(nproc)" -n 5 bash -c 'one "$@"' _
n=$(wc -l <<<"$claims")
if ls "$work"/*.broken >/dev/null 2>&1; then
  cat "$work"/*.broken
  exit 1
fi
echo "all $n claims hold"
