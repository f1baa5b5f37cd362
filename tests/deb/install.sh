#!/bin/sh
# The packages as a user gets them: dpkg -i on this machine's root, then
# the installed command, its Chinese manual page, its documents, the Python
# module under the system's python3 and the C library through pkg-config,
# then every package purged again. Only as root, and only where no score
# package is installed already (a user's own installation is never touched):
# otherwise it says why it did not run.   Usage: install.sh DEB_FOLDER
set -eu
debs=$1
if [ "$(id -u)" != 0 ]; then
	echo "deb install check: not run (needs root for dpkg -i)"; exit 0
fi
for p in score libscore0 libscore-dev python3-score; do
	if dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		echo "deb install check: not run ($p is installed on this machine already)"; exit 0
	fi
done
purge() { dpkg -P python3-score libscore-dev score libscore0 >/dev/null 2>&1 || true; }
trap purge EXIT
dpkg -i "$debs"/score_*.deb "$debs"/libscore0_*.deb "$debs"/libscore-dev_*.deb "$debs"/python3-score_*.deb >"$debs/install.log" 2>&1 ||
	{ tail -20 "$debs/install.log"; exit 1; }
tmp=$(mktemp -d)
cd "$tmp"
/usr/bin/score /usr/share/doc/score/examples/readme/policy.rule /usr/share/doc/score/examples/readme/data.csv >out.csv
grep -q "18.89" out.csv
man -Tutf8 score 2>/dev/null | grep -q 评分表 || { echo "man score shows no 评分表"; exit 1; }
if man -Tutf8 score 2>/dev/null | grep -q '??'; then echo "man score shows ??"; exit 1; fi
man -Tutf8 5 score-rule 2>/dev/null | grep -q 指标 || { echo "man score-rule shows no 指标"; exit 1; }
ls /usr/share/doc/score/README.md* /usr/share/doc/score/language.md* >/dev/null
env -u PYTHONPATH /usr/bin/python3 -B -c "
import decimal, score
r = score.load('/usr/share/doc/score/examples/readme/policy.rule').score_file('/usr/share/doc/score/examples/readme/data.csv')
assert score.__file__.startswith('/usr/lib/python3/dist-packages/'), score.__file__
assert [x['total'] for x in r] == [decimal.Decimal('18.89'), decimal.Decimal('16.17'), decimal.Decimal('13')]
"
cat >embed.c <<'EOC'
#include <score.h>
#include <stdio.h>
int main(void) { printf("%s\n", score_version()); return 0; }
EOC
cc embed.c $(pkg-config --cflags --libs score) -o embed
./embed | grep -q "^[0-9]*\.[0-9]*\.[0-9]*$"
cd /
rm -rf "$tmp"
echo "deb install check: dpkg -i of the four packages: score, man score in Chinese, the docs, python3 -c 'import score' and a C program through pkg-config work; purged again"
