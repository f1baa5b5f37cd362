#!/bin/sh
# make workbook-check: the Excel loop with the tools evaluators and their
# scripts use. Every example goes round template → filled by openpyxl →
# scored → saved again by LibreOffice → scored (tests/workbook/roundtrip.py),
# and LibreOffice, as another writer, saves the test workbooks again: each
# scores as before.
set -eu
score=$(realpath "${1:-./score}")
py=/usr/bin/python3
work=build/workbook
rm -rf "$work"
mkdir -p "$work"
if ! command -v soffice >/dev/null 2>&1 || ! $py -c 'import openpyxl' 2>/dev/null; then
	echo "workbook-check: needs LibreOffice and python3-openpyxl (sh scripts/deps.sh test)" >&2
	exit 1
fi
for ex in readme provinces lua-quarterly seed-000 seed-001 seed-002 seed-003 seed-004; do
	$py tests/workbook/roundtrip.py "$score" examples/$ex/policy.rule examples/$ex/data.csv "$work/$ex"
	if [ -f examples/$ex/variants.csv ]; then
		$py tests/workbook/roundtrip.py "$score" examples/$ex/policy.rule examples/$ex/variants.csv "$work/$ex-variants"
	fi
done
# LibreOffice writes the fixtures again (and recalculates their formulas)
fx=tests/golden/workbook-read
home=$(realpath "$work")/lo-home
HOME=$home soffice -env:UserInstallation=file://$home --headless --convert-to "xlsx:Calc MS Excel 2007 XML" \
	--outdir "$work/lo" $fx/readme.xlsx $fx/kinds.xlsx $fx/provinces.xlsx >/dev/null 2>&1
"$score" $fx/readme.rule "$work/lo/readme.xlsx" 2>/dev/null | cmp - $fx/readme.expected.csv
"$score" $fx/provinces.rule "$work/lo/provinces.xlsx" | cmp - $fx/provinces.expected.csv
# kinds: the same rows, and 丁's formula, saved without its value, now has one
"$score" --sheet 数据 $fx/policy.rule $fx/kinds.xlsx >"$work/kinds.csv" 2>/dev/null || true
"$score" --sheet 数据 $fx/policy.rule "$work/lo/kinds.xlsx" >"$work/kinds-lo.csv" 2>/dev/null || true
grep -v '^丁,' "$work/kinds-lo.csv" | cmp - "$work/kinds.csv"
grep -q '^丁,000009,' "$work/kinds-lo.csv"
# a part that inflates past its limit is refused at once, in bounded memory
$py - "$work/bomb.xlsx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('_rels/.rels', '<Relationships><Relationship Id="r" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="a" sheetId="1" r:id="r1"/></sheets></workbook>')
    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="r1" Type="x/worksheet" Target="s.xml"/><Relationship Id="r2" Type="x/sharedStrings" Target="t.xml"/></Relationships>')
    z.writestr('xl/s.xml', '<worksheet><sheetData/></worksheet>')
    with z.open('xl/t.xml', 'w', force_zip64=True) as t:
        t.write(b'<sst><si><t>')
        for _ in range(300):
            t.write(b' ' * (1 << 20))
        t.write(b'</t></si></sst>')
PY
status=0
/usr/bin/time -f '%M' -o "$work/bomb.kb" "$score" tests/golden/workbook-read/policy.rule "$work/bomb.xlsx" 2>"$work/bomb.err" || status=$?
grep -q 'inflates beyond 256 MiB: refused' "$work/bomb.err" && [ "$status" -eq 4 ] && [ "$(tail -1 "$work/bomb.kb")" -lt 65536 ] ||
	{ echo "workbook-check: a part of 300 MiB was not refused in bounded memory (status $status)"; cat "$work/bomb.err"; exit 1; }
echo "workbook-check: every example round the Excel loop, and LibreOffice's copies of the test workbooks, score as their CSV"
