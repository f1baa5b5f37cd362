#!/bin/sh
# The two number paths give the same bytes: N random rubrics of each
# generator, each over its rows, scored by score as built (machine words
# where they fit) and with SCORE_DECIMAL=gmp (every value in GMP): output,
# messages and exit status must be equal, in CSV with --explain and in JSON.
# In words a rule of a usual form runs without its instructions (form.h),
# with GMP every rule runs as instructions.
# Usage: run.sh [N]
set -eu
cd "$(dirname "$0")/../.."
n=${1:-40}
bin=${SCORE_BIN:-./score}
work=build/paths
mkdir -p "$work"
fail=0 compared=0 big=0
# gen.awk: every kind of rule; deduct.awk: deductions of every shape, whose
# word way is its own arithmetic (vm.c)
for gen in gen deduct; do
for s in $(seq 1 "$n"); do
	awk -v s="$s" -v mode=rule -f "tests/paths/$gen.awk" >"$work/r.rule"
	awk -v s="$s" -v mode=rows -f "tests/paths/$gen.awk" >"$work/d.csv"
	for fmt in "--explain" "-f json"; do
		# shellcheck disable=SC2086
		st1=0; "$bin" $fmt "$work/r.rule" "$work/d.csv" >"$work/fast.out" 2>"$work/fast.err" || st1=$?
		# shellcheck disable=SC2086
		st2=0; SCORE_DECIMAL=gmp "$bin" $fmt "$work/r.rule" "$work/d.csv" >"$work/gmp.out" 2>"$work/gmp.err" || st2=$?
		if [ "$st1" -gt 1 ] && [ "$st1" -ne 3 ]; then
			echo "paths: $gen.awk seed $s: exit status $st1"; cat "$work/fast.err"; fail=1
		fi
		if [ "$st1" != "$st2" ] || ! cmp -s "$work/fast.out" "$work/gmp.out" || ! cmp -s "$work/fast.err" "$work/gmp.err"; then
			echo "paths: $gen.awk seed $s ($fmt): the number paths differ (exit $st1 vs $st2)"
			diff "$work/fast.out" "$work/gmp.out" | head -10 || true
			diff "$work/fast.err" "$work/gmp.err" | head -10 || true
			cp "$work/r.rule" "$work/failed-$gen-$s.rule"; cp "$work/d.csv" "$work/failed-$gen-$s.csv"
			fail=1
		fi
		compared=$((compared + $(wc -l <"$work/fast.out")))
		# rows whose 扣分说明 shows a value no machine word holds
		[ "$fmt" = "--explain" ] && big=$((big + $(grep -c '[0-9]\{19\}' "$work/fast.out" || true)))
	done
done
done
if [ "$fail" = 0 ]; then
	echo "paths: $n rubrics of each generator, $compared output lines equal in both paths ($big with numbers of 19+ digits)"
else
	echo "paths: FAILED: the number paths differ (above)"
fi
exit $fail
