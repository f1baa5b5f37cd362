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
