#!/bin/sh
# The README's picture of the HTML report (make pictures): examples/provinces
# scored to HTML and photographed by headless chromium.
set -eu
cd "$(dirname "$0")/.."
mkdir -p build/pictures docs/pictures
./score -f html -o build/pictures/provinces.html examples/provinces/policy.rule examples/provinces/data.csv
chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir=build/pictures/profile \
	--screenshot=docs/pictures/report-overview.png --window-size=1100,1300 \
	"file://$PWD/build/pictures/provinces.html" 2>/dev/null >/dev/null
echo "pictures: docs/pictures/report-overview.png"

# and seed 001's 评分表 sheet, as LibreOffice prints it (when it is installed)
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
	./score -f xlsx --unit-sheets -o build/pictures/seed-001.xlsx examples/seed-001/policy.rule examples/seed-001/data.csv
	rm -f build/pictures/seed-001.pdf
	soffice --headless --convert-to pdf --outdir build/pictures build/pictures/seed-001.xlsx >/dev/null 2>&1
	pages=$(pdfinfo build/pictures/seed-001.pdf | sed -n 's/^Pages: *//p')
	first=1 # the 评分表's first page: the first that names the unit
	while [ "$first" -le "$pages" ] && ! pdftotext -f "$first" -l "$first" build/pictures/seed-001.pdf - | grep -q 被评价单位; do
		first=$((first + 1))
	done
	pdftoppm -png -r 80 -singlefile -f "$first" -l "$first" build/pictures/seed-001.pdf docs/pictures/xlsx-rubric
	echo "pictures: docs/pictures/xlsx-rubric.png (the 评分表 sheet, page $first of the workbook as printed)"
else
	echo "pictures: soffice or pdftoppm missing: no picture of the workbook (apt-get install libreoffice-calc-nogui poppler-utils)"
fi
