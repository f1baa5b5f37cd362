#!/bin/sh
# -j under ThreadSanitizer (make tsan-check): rows in batches on 2 to 4
# threads, with bad rows and lines of every kind, --explain, JSON, Lua hooks (a state per thread)
# and a rank over all units (a population the threads share), must raise no
# race report and give the bytes one thread of the release build gives.
# Usage: tsan.sh TSAN_SCORE
set -eu
cd "$(dirname "$0")/../.."
tsan=$1
work=build/tsan/check
mkdir -p "$work"
awk -v n=5000 -f bench/gen.awk >"$work/rows.csv"
(cd tests/golden/threads && awk -f rows.awk) >"$work/bad.csv"
(cd tests/golden/threads-lines && LC_ALL=C awk -f rows.awk) >"$work/lines.csv"
fail=0 runs=0
check() { # check THREADS ARGS…: the tsan build on THREADS threads against ./score on one
	j=$1
	shift
	st1=0; ./score "$@" >"$work/one.out" 2>"$work/one.err" || st1=$?
	st2=0; TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$tsan" -j "$j" "$@" >"$work/many.out" 2>"$work/many.err" || st2=$?
	runs=$((runs + 1))
	if [ "$st2" -eq 66 ] || grep -q "ThreadSanitizer" "$work/many.err"; then
		echo "tsan: -j $j $*: a data race"; head -30 "$work/many.err"; fail=1
	elif [ "$st1" != "$st2" ] || ! cmp -s "$work/one.out" "$work/many.out" || ! cmp -s "$work/one.err" "$work/many.err"; then
		echo "tsan: -j $j $*: differs from one thread (exit $st1 vs $st2)"; fail=1
	fi
}
check 2 bench/rubric.rule "$work/rows.csv"
check 3 -e -f json bench/rubric.rule "$work/rows.csv"
check 4 -f jsonl bench/rubric-lua.rule "$work/rows.csv"
check 2 bench/rubric-rank.rule "$work/rows.csv"
check 4 -e tests/golden/threads/policy.rule "$work/bad.csv"
check 3 tests/golden/threads/limit.rule "$work/bad.csv"
check 2 -e tests/golden/threads-lines/policy.rule "$work/lines.csv"
[ "$fail" -eq 0 ] && echo "tsan-check: $runs runs on 2-4 threads, no race, the same bytes as one thread"
exit "$fail"
