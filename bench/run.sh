#!/bin/sh
# make bench: scores 1,000,000 generated rows with bench/rubric.rule and
# reports rows per second and peak memory (also for 100,000 rows, to show
# that memory stays flat as rows grow).
set -eu
cd "$(dirname "$0")/.."
rows=${BENCH_ROWS:-1000000}
mkdir -p build/bench
data=build/bench/rows-$rows.csv
small=build/bench/rows-100000.csv
[ -s "$data" ] || awk -v n="$rows" -f bench/gen.awk >"$data"
[ -s "$small" ] || awk -v n=100000 -f bench/gen.awk >"$small"
./score check bench/rubric.rule 2>/dev/null || { ./score check bench/rubric.rule; exit 1; }
# measure RUBRIC FILE OUT: scores FILE with bench/RUBRIC into OUT, checks
# that every row was scored, and prints time, rows/s and peak memory
measure() {
	rubric=$1 file=$2 out=$3
	n=$(($(wc -l <"$file") - 1))
	if command -v /usr/bin/time >/dev/null 2>&1 && /usr/bin/time -f '%e %M' true >/dev/null 2>&1; then
		/usr/bin/time -f '%e %M' -o build/bench/time.txt ./score "bench/$rubric" "$file" >"$out"
		read -r secs kb <build/bench/time.txt
	else
		start=$(date +%s.%N)
		./score "bench/$rubric" "$file" >"$out"
		secs=$(echo "$(date +%s.%N) - $start" | bc)
		kb="?"
	fi
	scored=$(($(wc -l <"$out") - 1))
	[ "$scored" -eq "$n" ] || { echo "bench: $scored of $n rows scored" >&2; exit 1; }
	awk -v n="$n" -v s="$secs" -v kb="$kb" 'BEGIN { printf "%9d rows  %6.2f s  %9.0f rows/s  peak memory %s KiB", n, s, n / s, kb }'
}
measure rubric.rule "$small" build/bench/out.csv; echo
measure rubric.rule "$data" build/bench/out.csv; echo
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine --warmup 1 --runs 3 "./score bench/rubric.rule $data >/dev/null"
fi

# half of the leaves as Lua hooks (the same rules, written in Lua)
echo "== bench/rubric-lua.rule: 10 of its 20 leaves are Lua hooks"
measure rubric-lua.rule "$data" build/bench/out-lua.csv
cmp -s build/bench/out.csv build/bench/out-lua.csv && echo "  (same scores as the rule-only rubric)" || echo "  (SCORES DIFFER)"

# one leaf scored by its rank over all units: two passes over the file,
# and one number per row kept for the rank
echo "== bench/rubric-rank.rule: 执行率得分 by rank(执行率) over every row"
measure rubric-rank.rule "$small" build/bench/out-rank.csv; echo
measure rubric-rank.rule "$data" build/bench/out-rank.csv; echo
