#!/bin/sh
# Prints the reports as their readers do and reads the pages back: the
# workbooks through LibreOffice (soffice --convert-to pdf), the pages
# through chromium (--print-to-pdf), then pdfinfo and pdftotext. Checks that
# seed 001's 汇总 fits one page, that every printed page of a 评分表 carries
# its header row and its unit, and that every 评分标准 of the policy is
# printed whole (no cell clipped). make check runs it.
set -eu
cd "$(dirname "$0")/../.."
score=${1:-./score}
out=build/print
rm -rf "$out"
mkdir -p "$out"
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "print-check: chromium is not installed (scripts/deps.sh test)" >&2; exit 1; }
command -v soffice >/dev/null || { echo "print-check: soffice is not installed (scripts/deps.sh test)" >&2; exit 1; }
fail() { echo "print-check: $*" >&2; exit 1; }
to_pdf_office() { timeout 300 soffice -env:UserInstallation="file://$PWD/$out/lo" --headless --convert-to pdf --outdir "$out" "$1" >/dev/null 2>&1; }
to_pdf_browser() { timeout 300 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$out/profile" \
	--no-pdf-header-footer --print-to-pdf="$2" "file://$PWD/$1" >/dev/null 2>&1; }
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
page_text() { pdftotext -layout -f "$2" -l "$2" "$1" - | tr -d ' \t'; }
# every 评分标准 of a policy, whitespace removed, one a line
standards() { /usr/bin/python3 - "$1" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
for s in re.findall(r'评分标准\s+"""(.*?)"""', src, re.S) + re.findall(r'评分标准\s+"((?:[^"\\]|\\.)*)"', src):
    print(re.sub(r"\s", "", s))
PY
}
# each standard must appear whole in the PDF's text (read in drawing order)
whole() {
	pdftotext -raw "$1" - | tr -d ' \t\n' >"$1.txt"
	n=0
	while IFS= read -r s; do
		grep -qF -- "$s" "$1.txt" || fail "$1: a 评分标准 is not printed whole: $(printf '%s' "$s" | cut -c1-60)…"
		n=$((n + 1))
	done
	echo "$n"
}

for ex in seed-001 seed-004 provinces; do
	policy=examples/$ex/policy.rule
	"$score" --unit-sheets -f xlsx -o "$out/$ex.xlsx" "$policy" examples/$ex/data.csv
	to_pdf_office "$out/$ex.xlsx" || fail "$ex: LibreOffice could not print the workbook"
	"$score" -f html -o "$out/$ex.html" "$policy" examples/$ex/data.csv
	to_pdf_browser "$out/$ex.html" "$out/$ex-html.pdf" || fail "$ex: chromium could not print the page"
	"$score" -o "$out/$ex/" "$policy" examples/$ex/data.csv
	n=0
	for f in "$out/$ex"/units/*.html; do
		to_pdf_browser "$f" "${f%.html}.pdf" || fail "$f: chromium could not print it"
		n=$((n + 1))
	done
	# the units, and the pages each prints on
	units=$("$score" -f csv "$policy" examples/$ex/data.csv | tail -n +2 | cut -d, -f1)
	# the workbook: each page names its sheet in its header (title + what)
	wb="$out/$ex.pdf"
	total=$(pages "$wb")
	k=1
	while [ "$k" -le "$total" ]; do
		t=$(page_text "$wb" "$k")
		case "$t" in
		*被评价单位：*)
			case "$t" in *评分标准*得分*) ;; *) fail "$ex.xlsx page $k: a 评分表 page without its header row" ;; esac
			;;
		esac
		k=$((k + 1))
	done
	for u in $units; do
		grep -q "被评价单位：$u" "$out/$ex.pdf.txt" 2>/dev/null || pdftotext -layout "$wb" - | tr -d ' \t' | grep -q "被评价单位：$u" ||
			fail "$ex.xlsx: no page names $u"
	done
	# the summary sheets each on one page (a chart wider than its table
	# once spilled onto a second)
	for sheet in 等级分布 一级指标统计; do
		k=1
		on=0
		while [ "$k" -le "$total" ]; do
			page_text "$wb" "$k" | head -3 | grep -q "$sheet" && on=$((on + 1))
			k=$((k + 1))
		done
		[ "$on" -eq 1 ] || fail "$ex.xlsx: $sheet prints on $on pages"
	done
	w=$(standards "$policy" | whole "$wb")
	h=$(standards "$policy" | whole "$out/$ex-html.pdf")
	# each unit's own page: every printed page names the unit and the header row
	for f in "$out/$ex"/units/*.pdf; do
		k=1
		while [ "$k" -le "$(pages "$f")" ]; do
			t=$(page_text "$f" "$k")
			case "$t" in *被评价单位：*评分标准*得分*) ;; *) fail "$f page $k: the unit or the header row is missing" ;; esac
			k=$((k + 1))
		done
		standards "$policy" | whole "$f" >/dev/null
	done
	echo "print-check: $ex: workbook $total pages, page $(pages "$out/$ex-html.pdf") pages, $n unit pages; $w 评分标准 whole in the workbook, $h in the page"
done
# seed 001's 汇总 on one page: the next page is another sheet's
[ "$(page_text "$out/seed-001.pdf" 1 | grep -c '汇总')" -ge 1 ] || fail "seed-001: page 1 is not the 汇总"
page_text "$out/seed-001.pdf" 2 | grep -q '汇总' && fail "seed-001: the 汇总 takes more than one page"
u=$(pages "$out/seed-001/units/u2.pdf")
[ "$u" -le 2 ] || fail "seed-001: one unit's page prints on $u A4 pages (the workbook's 评分表 takes 2)"
echo "print-check: seed 001's 汇总 fits one page; its unit's 评分表 prints on $u pages from the browser"
