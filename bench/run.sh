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
measure() {
	file=$1
	n=$(($(wc -l <"$file") - 1))
	if command -v /usr/bin/time >/dev/null 2>&1 && /usr/bin/time -f '%e %M' true >/dev/null 2>&1; then
		/usr/bin/time -f '%e %M' -o build/bench/time.txt ./score bench/rubric.rule "$file" >build/bench/out.csv
		read -r secs kb <build/bench/time.txt
	else
		start=$(date +%s.%N)
		./score bench/rubric.rule "$file" >build/bench/out.csv
		secs=$(echo "$(date +%s.%N) - $start" | bc)
		kb="?"
	fi
	scored=$(($(wc -l <build/bench/out.csv) - 1))
	[ "$scored" -eq "$n" ] || { echo "bench: $scored of $n rows scored" >&2; exit 1; }
	awk -v n="$n" -v s="$secs" -v kb="$kb" 'BEGIN { printf "%9d rows  %6.2f s  %9.0f rows/s  peak memory %s KiB\n", n, s, n / s, kb }'
}
measure "$small"
measure "$data"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine --warmup 1 --runs 3 "./score bench/rubric.rule $data >/dev/null"
fi

# half of the leaves as Lua hooks (the same rules, written in Lua)
echo "== bench/rubric-lua.rule: 10 of its 20 leaves are Lua hooks"
cp bench/rubric-lua.rule build/bench/ 2>/dev/null || true
measure_lua() {
	file=$1
	n=$(($(wc -l <"$file") - 1))
	/usr/bin/time -f '%e %M' -o build/bench/time.txt ./score bench/rubric-lua.rule "$file" >build/bench/out-lua.csv
	read -r secs kb <build/bench/time.txt
	scored=$(($(wc -l <build/bench/out-lua.csv) - 1))
	[ "$scored" -eq "$n" ] || { echo "bench: $scored of $n rows scored" >&2; exit 1; }
	cmp -s build/bench/out.csv build/bench/out-lua.csv && same="same scores as the rule-only rubric" || same="SCORES DIFFER"
	awk -v n="$n" -v s="$secs" -v kb="$kb" -v same="$same" 'BEGIN { printf "%9d rows  %6.2f s  %9.0f rows/s  peak memory %s KiB  (%s)\n", n, s, n / s, kb, same }'
}
./score bench/rubric.rule "$data" >build/bench/out.csv
measure_lua "$data"

# one leaf scored by its rank over all units: two passes over the file,
# and one number per row kept for the rank
echo "== bench/rubric-rank.rule: 执行率得分 by rank(执行率) over every row"
measure_rank() {
	file=$1
	n=$(($(wc -l <"$file") - 1))
	/usr/bin/time -f '%e %M' -o build/bench/time.txt ./score bench/rubric-rank.rule "$file" >build/bench/out-rank.csv
	read -r secs kb <build/bench/time.txt
	scored=$(($(wc -l <build/bench/out-rank.csv) - 1))
	[ "$scored" -eq "$n" ] || { echo "bench: $scored of $n rows scored" >&2; exit 1; }
	awk -v n="$n" -v s="$secs" -v kb="$kb" 'BEGIN { printf "%9d rows  %6.2f s  %9.0f rows/s  peak memory %s KiB\n", n, s, n / s, kb }'
}
measure_rank "$small"
measure_rank "$data"
