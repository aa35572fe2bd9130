#!/usr/bin/env bash
# Browser test of the HTML reports: renders the default scenario's report and a comparison
# page in headless Chromium at 1280 and 390 px wide, and fails if the console shows an error,
# an expected section is missing, or the page is wider than the window.
#
# Usage (from the project root): Tests/browser/check-report.sh [path/to/stampede]
#        Tests/browser/check-report.sh --install-only   (installs chromium if missing, then stops)
# Environment: OUT (default /tmp/stampede-browser) receives the reports and the screenshots
# report-1280.png, report-390.png, compare-1280.png, compare-390.png; SCENARIO overrides the
# default scenario. Installs Debian's chromium when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-/tmp/stampede-browser}
scenario=${SCENARIO:-scenarios/login-storm.yaml}
fail() { echo "FAIL: $*" >&2; exit 1; }

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  .ci/install-packages.sh chromium=chromium
  browser=$(command -v chromium) || fail "chromium did not install"
fi
[ "${1:-}" = --install-only ] && exit 0

bin=${1:-}
if [ -z "$bin" ]; then
  swift build -c release >/tmp/check-report-build.log 2>&1 || { tail -20 /tmp/check-report-build.log; fail "release build"; }
  bin="$(swift build -c release --show-bin-path)/stampede"
fi
[ -x "$bin" ] || fail "no stampede binary at $bin"

rm -rf "$out"; mkdir -p "$out"
echo "== reports"
"$bin" run "$scenario" --out "$out/report" --quiet >"$out/run.log" 2>&1 || [ $? = 1 ] || fail "run: $(tail -3 "$out/run.log")"
"$bin" run scenarios/smoke.yaml --out "$out/compare" --matrix system.store.pool=4,16 --quiet >"$out/compare.log" 2>&1 \
  || [ $? = 1 ] || fail "matrix run: $(tail -3 "$out/compare.log")"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() { "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$profile" "$@"; }

# Loads a page and prints its console messages (stderr of --enable-logging) to $2.
console() { chrome --enable-logging=stderr --v=0 --virtual-time-budget=3000 --dump-dom "file://$1" >/dev/null 2>"$2" || true; }

# The check must be able to fail: a page that logs an error has to be caught.
printf '<!DOCTYPE html><title>t</title><script>console.error("stampede-selftest-error")</script>' >"$out/selftest.html"
console "$out/selftest.html" "$out/selftest.log"
grep -q "stampede-selftest-error" "$out/selftest.log" || fail "console capture does not work (see $out/selftest.log)"

# Headless Chromium will not make a window narrower than 500 px, so a page is shown at a
# width inside an iframe of that width; media queries in the page see the iframe's width.
# frame PAGE WIDTH HEIGHT SUFFIX: writes PAGE's frame page and prints its path.
frame() {
  local page=$1 width=$2 height=$3 harness="${1%.html}.$4.frame.html"
  printf '<!DOCTYPE html><html><head><title>pending</title></head><body style="margin:0">
<iframe src="%s" style="width:%spx;height:%spx;border:0;display:block"></iframe>
<script>addEventListener("message",function(e){document.title=e.data})</script></body></html>' \
    "$(basename "$page")" "$width" "$height" >"$harness"
  echo "$harness"
}

# Prints "scrollWidth innerWidth scrollHeight" of a page shown WIDTH px wide, by framing a
# copy that reports them to its parent.
measure() {
  local page=$1 width=$2 probe="${1%.html}.probe.html"
  sed 's#</body>#<script>parent.postMessage([document.documentElement.scrollWidth,innerWidth,document.documentElement.scrollHeight].join(" "),"*")</script></body>#' "$page" >"$probe"
  local harness; harness=$(frame "$probe" "$width" 900 measure)
  chrome --window-size="$(( width < 500 ? 500 : width )),900" --virtual-time-budget=5000 --dump-dom "file://$harness" 2>/dev/null \
    | sed -n 's#.*<title>\([0-9]* [0-9]* [0-9]*\)</title>.*#\1#p' | head -1
  rm -f "$probe" "$harness"
}

check() {
  local name=$1 page=$2; shift 2
  [ -s "$page" ] || fail "$name: no page at $page"
  console "$page" "$out/$name-console.log"
  if grep -E "CONSOLE|Uncaught|Failed to load|ERROR:.*(Refused|blocked)" "$out/$name-console.log" | grep -v "stampede-selftest" >"$out/$name-errors.log"; then
    cat "$out/$name-errors.log" >&2; fail "$name: console errors (above)"
  fi
  chrome --dump-dom "file://$page" >"$out/$name.dom.html" 2>/dev/null || fail "$name: chromium could not load the page"
  for id in "$@"; do grep -q "id=\"$id\"" "$out/$name.dom.html" || fail "$name: section #$id missing"; done
  for width in 1280 390; do
    read -r scroll inner height < <(measure "$page" "$width") || fail "$name: could not measure the page at $width px"
    [ "$scroll" -le "$inner" ] || fail "$name at $width px: page is $scroll px wide, wider than the window ($inner px)"
    [ "$inner" = "$width" ] || fail "$name: the page was shown $inner px wide, not $width px"
    local harness; harness=$(frame "$page" "$width" "$height" "shot$width")
    chrome --window-size="$(( width < 500 ? 500 : width )),$height" --virtual-time-budget=5000 \
      --screenshot="$out/$name-$width.png" "file://$harness" >/dev/null 2>&1 || fail "$name: screenshot at $width px"
    rm -f "$harness"
    echo "  $name at $width px: no console errors, sections present, ${scroll}px wide, ${height}px tall -> $out/$name-$width.png"
  done
}

echo "== browser checks ($("$browser" --version 2>/dev/null | head -1))"
check report "$out/report/index.html" overview slos latency charts correctness cache
check compare "$out/compare/index.html" overview runs metrics charts correctness
echo "browser checks passed"
