#!/bin/sh
# make bench: scores generated rows (1,000,000 by default; BENCH_ROWS=N;
# each measurement the fastest of BENCH_RUNS runs, 5 by default, 2 for the
# Lua rubric) with
# bench/rubric.rule and reports rows per second and peak memory: beside the
# hand-written exact program (bench/handwritten.c) as a ratio, the same for
# the wide sheet (bench/wide.rule beside bench/wide.c), in each output
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

# once OUT CMD…: runs CMD into OUT; sets s (seconds), c (CPU seconds, user
# and system: on a shared machine, the time the run was not pushed aside)
# and k (peak KiB). Timed runs write to /dev/null: what is timed is score,
# not the file system (on the CI machine, writing JSON's 640 MB to a file
# cost up to 1.6 s of system time, half the CSV run); each command's output
# is then written once, untimed, and checked.
once() {
	out=$1
	shift
	if $have_time; then
		/usr/bin/time -f '%e %M %U %S' -o build/bench/time.txt "$@" >"$out"
		read -r s k u y <build/bench/time.txt
		c=$(awk -v u="$u" -v y="$y" 'BEGIN { print u + y }')
	else
		start=$(date +%s.%N)
		"$@" >"$out"
		s=$(echo "$(date +%s.%N) - $start" | bc)
		c=$s k=0
	fi
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
max() { [ "$2" -gt "$1" ] && echo "$2" || echo "$1"; }

# report FILE LABEL OUT SECS KB CMD CPU: checks that OUT has a line for
# every row of FILE, and prints time, rows/s, CPU time and peak memory
report() {
	n=$(($(wc -l <"$1") - 1))
	lines=$(($(wc -l <"$3") - 1))
	case $6 in *"-f json"*) lines=$((lines - 1)) ;; esac
	[ "$lines" -eq "$n" ] || { echo "bench: $2: $lines of $n rows scored" >&2; exit 1; }
	awk -v l="$2" -v n="$n" -v s="$4" -v kb="$5" -v c="$7" \
		'BEGIN { printf "%-28s %9d rows  %6.2f s  %9.0f rows/s  cpu %6.2f s  peak memory %s KiB\n", l, n, s, n / s, c, kb }'
}

# pair FILE LABEL_A OUT_A "CMD_A" LABEL_B OUT_B "CMD_B" [RUNS]: runs A and
# B in turn RUNS times (BENCH_RUNS, 5 by default) and keeps each one's
# fastest time: on a shared machine the fastest run is the least disturbed,
# and taking turns gives both the same machine. Then writes each output to
# its file once and checks that it has a line for every row of FILE; prints
# both; sets secs_a, secs_b, cpu_a and cpu_b.
pair() {
	file=$1 la=$2 oa=$3 ca=$4 lb=$5 ob=$6 cb=$7 runs=${8:-${BENCH_RUNS:-5}}
	secs_a="" secs_b="" cpu_a="" cpu_b="" kb_a=0 kb_b=0 i=0
	while [ "$i" -lt "$runs" ]; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		once /dev/null $ca
		secs_a=$(min "$secs_a" "$s") cpu_a=$(min "$cpu_a" "$c") kb_a=$(max "$kb_a" "$k")
		# shellcheck disable=SC2086
		once /dev/null $cb
		secs_b=$(min "$secs_b" "$s") cpu_b=$(min "$cpu_b" "$c") kb_b=$(max "$kb_b" "$k")
	done
	# shellcheck disable=SC2086
	$ca >"$oa"
	# shellcheck disable=SC2086
	$cb >"$ob"
	report "$file" "$la" "$oa" "$secs_a" "$kb_a" "$ca" "$cpu_a"
	report "$file" "$lb" "$ob" "$secs_b" "$kb_b" "$cb" "$cpu_b"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "== bench/rubric.rule: 21 leaves over 20 columns"
pair "$data" "handwritten (exact C)" build/bench/out-hand.csv "build/release/handwritten $data" \
	"score, CSV" build/bench/out.csv "./score bench/rubric.rule $data"
cmp -s build/bench/out.csv build/bench/out-hand.csv || { echo "bench: score and handwritten differ" >&2; exit 1; }
echo "  score/handwritten speed: $(ratio "$secs_a" "$secs_b"), by CPU time $(ratio "$cpu_a" "$cpu_b") (the same bytes out)"
hand_ratio=$(ratio "$cpu_a" "$cpu_b")
# the wide sheet: 53 columns, mostly yes/no and small counts
wide=build/bench/wide-$rows.csv
[ -s "$wide" ] || awk -v n="$rows" -f bench/gen-wide.awk >"$wide"
echo "== bench/wide.rule: 21 leaves over 53 columns"
pair "$wide" "wide (exact C)" build/bench/out-wide-hand.csv "build/release/wide $wide" \
	"score, CSV" build/bench/out-wide.csv "./score bench/wide.rule $wide"
cmp -s build/bench/out-wide.csv build/bench/out-wide-hand.csv || { echo "bench: score and wide differ" >&2; exit 1; }
echo "  score/wide speed: $(ratio "$secs_a" "$secs_b"), by CPU time $(ratio "$cpu_a" "$cpu_b") (the same bytes out)"
echo "  targets by CPU time: >= 0.35 on rubric.rule (now $hand_ratio), >= 0.25 on wide.rule (now $(ratio "$cpu_a" "$cpu_b"))"
pair "$data" "score, CSV" build/bench/out.csv "./score bench/rubric.rule $data" \
	"score, JSON" build/bench/out.json "./score -f json bench/rubric.rule $data"
echo "  JSON time / CSV time: $(ratio "$secs_b" "$secs_a"), by CPU time $(ratio "$cpu_b" "$cpu_a") (target: 1.3 or less)"
pair "$data" "score, CSV" build/bench/out.csv "./score bench/rubric.rule $data" \
	"score, CSV --explain" build/bench/out-explain.csv "./score --explain bench/rubric.rule $data"
echo "  --explain time / CSV time: $(ratio "$secs_b" "$secs_a"), by CPU time $(ratio "$cpu_b" "$cpu_a") (target: 2 or less)"
pair "$data" "score -j 1, CSV" build/bench/out-j1.csv "./score -j 1 bench/rubric.rule $data" \
	"score -j 2, CSV" build/bench/out-j2.csv "./score -j 2 bench/rubric.rule $data"
cmp -s build/bench/out-j1.csv build/bench/out-j2.csv || { echo "bench: -j 2 output differs" >&2; exit 1; }
echo "  -j 2 speed-up over -j 1: $(ratio "$secs_a" "$secs_b") ($(nproc) cores)"
# What the machine gives two busy cores, for comparison: two separate
# one-thread runs at once, the fastest of BENCH_RUNS. On a shared VM the
# second core may run slower while the first is busy, and -j 2 with it.
j1=$secs_a both="" i=0
$have_time || i=${BENCH_RUNS:-5}
while [ "$i" -lt "${BENCH_RUNS:-5}" ]; do
	i=$((i + 1))
	/usr/bin/time -f '%e' -o build/bench/time.txt sh -c \
		"./score bench/rubric.rule $data >/dev/null & ./score bench/rubric.rule $data >/dev/null; wait"
	both=$(min "$both" "$(tail -1 build/bench/time.txt)")
done
[ -z "$both" ] || echo "  two separate -j 1 runs at once: $both s, $(ratio "$(awk -v a="$j1" 'BEGIN { print 2 * a }')" "$both")× the rows of one -j 1 run in its time"
pair "$small" "score, CSV" build/bench/out-small.csv "./score bench/rubric.rule $small" \
	"score -j 2, CSV" build/bench/out-small-j2.csv "./score -j 2 bench/rubric.rule $small"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine --warmup 1 --runs 3 "./score bench/rubric.rule $data >/dev/null" "build/release/handwritten $data >/dev/null"
fi

# half of the leaves as Lua hooks (the same rules, written in Lua)
echo "== bench/rubric-lua.rule: 10 of its 20 leaves are Lua hooks"
pair "$data" "score -j 1, CSV" build/bench/out-lua.csv "./score bench/rubric-lua.rule $data" \
	"score -j 2, CSV" build/bench/out-lua-j2.csv "./score -j 2 bench/rubric-lua.rule $data" "${BENCH_LUA_RUNS:-2}"
cmp -s build/bench/out.csv build/bench/out-lua.csv && echo "  (same scores as the rule-only rubric)" || echo "  (SCORES DIFFER)"

# one leaf scored by its rank over all units: two passes over the file,
# and one number per row kept for the rank
echo "== bench/rubric-rank.rule: 执行率得分 by rank(执行率) over every row"
pair "$data" "score, rubric.rule" build/bench/out.csv "./score bench/rubric.rule $data" \
	"score, rubric-rank.rule" build/bench/out-rank.csv "./score bench/rubric-rank.rule $data"
echo "  time with the rank / without: $(ratio "$secs_b" "$secs_a")"

# the same rows as an Excel workbook (bench/csv2xlsx.py, written once):
# streamed, so memory stays as CSV's; the same bytes out
echo "== the same rows read from a workbook (.xlsx)"
xlsx=build/bench/rows-$rows.xlsx
if [ -s "$xlsx" ] || /usr/bin/python3 bench/csv2xlsx.py "$data" "$xlsx"; then
	pair "$data" "score, CSV" build/bench/out.csv "./score bench/rubric.rule $data" \
		"score, workbook" build/bench/out-xlsx.csv "./score bench/rubric.rule $xlsx" "${BENCH_XLSX_RUNS:-2}"
	cmp -s build/bench/out.csv build/bench/out-xlsx.csv || { echo "bench: the workbook scores differently" >&2; exit 1; }
	echo "  workbook time / CSV time: $(ratio "$secs_b" "$secs_a") ($(du -m "$xlsx" | cut -f1) MB of workbook, $(du -m "$data" | cut -f1) MB of CSV)"
fi
