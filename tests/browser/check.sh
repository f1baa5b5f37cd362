#!/bin/sh
# The HTML report in a real headless browser (Debian's chromium): the page
# it builds (--dump-dom) holds the overview, the charts and each unit's
# 评分表, and a screenshot of it is not blank. make check runs it.
set -eu
cd "$(dirname "$0")/../.."
out=build/browser
mkdir -p "$out"
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "browser-check: chromium is not installed (scripts/deps.sh test)" >&2; exit 1; }
run() { "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$out/profile" "$@" 2>/dev/null; }
fail() { echo "browser-check: $*" >&2; exit 1; }

./score -f html -o "$out/provinces.html" examples/provinces/policy.rule examples/provinces/data.csv
./score -f html -o "$out/seed-001.html" examples/seed-001/policy.rule examples/seed-001/data.csv
run --dump-dom "file://$PWD/$out/provinces.html" >"$out/provinces.dom"
run --dump-dom "file://$PWD/$out/seed-001.html" >"$out/seed-001.dom"

want() { grep -q -- "$2" "$out/$1.dom" || fail "$1: the page lacks $2"; }
want provinces '<b id="scored">8</b>'
want provinces '<b id="unscored">0</b>'
for unit in 北京 河北 山西 河南 湖南 四川 甘肃 广东; do want provinces "$unit 评分表"; done
want provinces 'href="#u9"'
want provinces 'id="u9"'
want provinces '26.31'
[ "$(grep -o '<svg' "$out/provinces.dom" | wc -l)" -eq 3 ] || fail "provinces: not 3 charts"
want seed-001 '94.07'
want seed-001 '以上要求，符合一条得 0.8 分，最高得 4 分。'
want seed-001 '未制定项目管理制度文件'
want seed-001 '等级：优'
! grep -q 'http' "$out/seed-001.html" || fail "seed-001: the report names a network address; it must open offline"

# a screenshot of the report against one of an empty page
echo '<!DOCTYPE html><html><body></body></html>' >"$out/blank.html"
run --screenshot="$out/blank.png" --window-size=1200,1400 "file://$PWD/$out/blank.html" >/dev/null
run --screenshot="$out/report.png" --window-size=1200,1400 "file://$PWD/$out/provinces.html" >/dev/null
blank=$(wc -c <"$out/blank.png")
report=$(wc -c <"$out/report.png")
[ "$report" -gt $((blank * 4)) ] || fail "the screenshot looks blank ($report bytes, an empty page $blank)"
echo "browser-check: chromium shows the report's overview, charts and 评分表 ($report-byte screenshot)"
