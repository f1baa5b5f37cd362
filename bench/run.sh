#!/bin/sh
# make bench: scores generated rows (1,000,000 by default; BENCH_ROWS=N) with
# bench/rubric.rule and reports rows per second and peak memory: beside the
# hand-written exact program (bench/handwritten.c) as a ratio, in each output
# format, on 1 and 2 threads (-j), and at 100,000 rows to show that memory
# stays flat as rows grow.
set -eu
cd "$(dirname "$0")/.."
rows=${BENCH_ROWS:-1000000}
mkdir -p build/bench
data=build/bench/rows-$rows.csv
small=build/bench/rows-100000.csv
[ -s "$data" ] || awk -v n="$rows" -f bench/gen.awk >"$data"
[ -s "$small" ] || awk -v n=100000 -f bench/gen.awk >"$small"
./score check bench/rubric.rule 2>/dev/null || { ./score check bench/rubric.rule; exit 1; }
have_time=false
/usr/bin/time -f '%e %M' true >/dev/null 2>&1 && have_time=true

# run OUT CMD…: runs CMD into OUT; sets secs and kb (peak memory, KiB)
run() {
	out=$1
	shift
	if $have_time; then
		/usr/bin/time -f '%e %M' -o build/bench/time.txt "$@" >"$out"
		read -r secs kb <build/bench/time.txt
	else
		start=$(date +%s.%N)
		"$@" >"$out"
		secs=$(echo "$(date +%s.%N) - $start" | bc)
		kb="?"
	fi
}
# measure LABEL FILE OUT CMD…: runs CMD, checks that it wrote a line for
# every row of FILE, and prints time, rows/s and peak memory
measure() {
	label=$1 file=$2 out=$3
	shift 3
	n=$(($(wc -l <"$file") - 1))
	run "$out" "$@"
	lines=$(($(wc -l <"$out") - 1))
	case $* in *"-f json"*) lines=$((lines - 1)) ;; esac
	[ "$lines" -eq "$n" ] || { echo "bench: $label: $lines of $n rows scored" >&2; exit 1; }
	awk -v l="$label" -v n="$n" -v s="$secs" -v kb="$kb" \
		'BEGIN { printf "%-28s %9d rows  %6.2f s  %9.0f rows/s  peak memory %s KiB\n", l, n, s, n / s, kb }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "== bench/rubric.rule: 21 leaves over 20 columns"
measure "handwritten (exact C)" "$data" build/bench/out-hand.csv build/release/handwritten "$data"
hand=$secs
measure "score, CSV" "$data" build/bench/out.csv ./score bench/rubric.rule "$data"
csv=$secs
cmp -s build/bench/out.csv build/bench/out-hand.csv || { echo "bench: score and handwritten differ" >&2; exit 1; }
echo "  score/handwritten speed: $(ratio "$hand" "$csv") (the same bytes out)"
measure "score, JSON" "$data" build/bench/out.json ./score -f json bench/rubric.rule "$data"
echo "  JSON time / CSV time: $(ratio "$secs" "$csv")"
measure "score, CSV --explain" "$data" build/bench/out-explain.csv ./score --explain bench/rubric.rule "$data"
echo "  --explain time / CSV time: $(ratio "$secs" "$csv")"
measure "score -j 1, CSV" "$data" build/bench/out-j1.csv ./score -j 1 bench/rubric.rule "$data"
j1=$secs
measure "score -j 2, CSV" "$data" build/bench/out-j2.csv ./score -j 2 bench/rubric.rule "$data"
cmp -s build/bench/out-j1.csv build/bench/out-j2.csv || { echo "bench: -j 2 output differs" >&2; exit 1; }
echo "  -j 2 speed-up over -j 1: $(ratio "$j1" "$secs") ($(nproc) cores)"
measure "score, CSV" "$small" build/bench/out-small.csv ./score bench/rubric.rule "$small"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine --warmup 1 --runs 3 "./score bench/rubric.rule $data >/dev/null" "build/release/handwritten $data >/dev/null"
fi

# half of the leaves as Lua hooks (the same rules, written in Lua)
echo "== bench/rubric-lua.rule: 10 of its 20 leaves are Lua hooks"
measure "score, CSV" "$data" build/bench/out-lua.csv ./score bench/rubric-lua.rule "$data"
cmp -s build/bench/out.csv build/bench/out-lua.csv && echo "  (same scores as the rule-only rubric)" || echo "  (SCORES DIFFER)"
measure "score -j 2, CSV" "$data" build/bench/out-lua-j2.csv ./score -j 2 bench/rubric-lua.rule "$data"

# one leaf scored by its rank over all units: two passes over the file,
# and one number per row kept for the rank
echo "== bench/rubric-rank.rule: 执行率得分 by rank(执行率) over every row"
measure "score, CSV" "$small" build/bench/out-rank.csv ./score bench/rubric-rank.rule "$small"
measure "score, CSV" "$data" build/bench/out-rank.csv ./score bench/rubric-rank.rule "$data"
