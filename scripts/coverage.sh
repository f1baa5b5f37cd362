#!/bin/sh
# make coverage: runs the CUnit binary (unit tests, then every golden,
# example, bad-input and hostile case against build/cov/score), again with
# every value in GMP, the random rubrics of both number paths, the fault,
# progress, thread and workbook suites, and each fuzz harness over its kept corpus in
# the coverage build, and sums gcov's counts of interp/ by file.
set -eu
cd "$(dirname "$0")/.."
find build/cov -name '*.gcda' -delete
# a case that limits the file size (ulimit -f) sees gcov's own counts fail
# to be written, and its messages differ: the counts are what is wanted here
SCORE_BIN=build/cov/score build/cov/unit_tests >build/cov/tests.log 2>&1 ||
	echo "coverage: $(grep -c 'differs:' build/cov/tests.log) expected files differ under the coverage build (gcov's messages)"
# make check's two number paths: every test again with each value in GMP,
# and random rubrics scored both ways
SCORE_DECIMAL=gmp SCORE_BIN=build/cov/score build/cov/unit_tests >build/cov/gmp.log 2>&1 ||
	echo "coverage: $(grep -c 'differs:' build/cov/gmp.log) expected files differ with every value in GMP (gcov's messages)"
SCORE_BIN=build/cov/score sh tests/paths/run.sh 200 >>build/cov/tests.log 2>&1 || echo "coverage: tests/paths failed under the coverage build"
# the suites that take the binary: a full disk at every step, the
# progress line on a terminal, -j on 2-4 threads
sh tests/faults/run.sh build/cov/score build/faults/inject.so >>build/cov/tests.log 2>&1 ||
	echo "coverage: tests/faults failed under the coverage build"
[ -s build/progress/rows.csv ] || { mkdir -p build/progress && awk -v n=20000 -f bench/gen.awk >build/progress/rows.csv; }
for j in 1 2; do
	SCORE_PROGRESS_AFTER=0 script -qc "build/cov/score -j $j -o /dev/null bench/rubric.rule build/progress/rows.csv" /dev/null \
		>>build/cov/tests.log 2>&1 || echo "coverage: the progress run failed"
done
SCORE_PROGRESS_AFTER=0 script -qc "cat build/progress/rows.csv | build/cov/score -o /dev/null bench/rubric.rule -" /dev/null \
	>>build/cov/tests.log 2>&1 || echo "coverage: the progress run failed"
sh tests/threads/tsan.sh build/cov/score >>build/cov/tests.log 2>&1 || echo "coverage: tests/threads failed under the coverage build"
# workbooks as Excel users make them: filled by openpyxl, saved by LibreOffice
if command -v soffice >/dev/null 2>&1; then
	sh tests/workbook/check.sh build/cov/score >>build/cov/tests.log 2>&1 || echo "coverage: tests/workbook failed under the coverage build"
fi
# the kept fuzz corpora, each through its harness
for h in tests/fuzz/corpus/*; do
	build/cov/replay_"$(basename "$h")" "$h"/* >>build/cov/tests.log 2>&1 ||
		echo "coverage: the corpus $h failed under its harness"
done
# gcov finds the sources from where they were compiled (here), and writes
# its .gcov files where it runs: they are moved into build/cov/gcov
rm -rf build/cov/gcov
mkdir -p build/cov/gcov
for f in interp/*.c; do
	gcov -b -c -o build/cov "$f" >/dev/null 2>&1 || true
done
mv ./*.gcov build/cov/gcov/
cd build/cov/gcov
# each interp/*.c.gcov: lines run or not, branches taken or not
awk '
FNR == 1 { file = FILENAME; sub(/\.c\.gcov$/, ".c", file) }
/^ *#####:/ { lines[file]++; }
/^ *[0-9]+\*?:/ { lines[file]++; hit[file]++ }
/^branch / { br[file]++; if ($0 ~ /taken [1-9]/) bhit[file]++ }
END {
	for (f in lines) {
		tl += lines[f]; th += hit[f]; tb += br[f]; tbh += bhit[f]
		printf "%-14s lines %5.1f%% of %5d   branches %5.1f%% of %5d\n", f, 100 * hit[f] / lines[f], lines[f],
			br[f] ? 100 * bhit[f] / br[f] : 100, br[f] | "sort -k3 -n"
	}
	close("sort -k3 -n")
	printf "%-14s lines %5.1f%% of %5d   branches %5.1f%% of %5d\n", "interp/ in all", 100 * th / tl, tl, 100 * tbh / tb, tb
}' $(ls *.c.gcov | grep -v '^main\.c\.gcov$' || true)
