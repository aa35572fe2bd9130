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
failed=0; n=0
while IFS=$'\t' read -r scenario seed want_exit want_invariants; do
  case "$scenario" in ''|'#'*) continue ;; esac
  n=$((n + 1))
  out="$work/$n"; rc=0
  "$bin" run "$scenario" --seed "$seed" --out "$out" --quiet >"$out.log" 2>&1 || rc=$?
  got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(",".join(sorted(k for k,c in r["violations"]["by_invariant"].items() if c)) or "-")' "$out/result.json" 2>/dev/null || echo "no result")
  want=$(echo "$want_invariants" | tr , '\n' | sort | paste -sd, -)
  if [ "$rc" != "$want_exit" ] || [ "$got" != "$want" ]; then
    echo "claim broken: $scenario --seed $seed: said exit $want_exit with $want, got exit $rc with $got"
    failed=1
  fi
done < Tests/golden/claims.tsv
[ "$failed" = 0 ] && echo "all $n claims hold"
exit $failed
