#!/bin/sh
# A full disk at every step: each command that writes a file is run once to
# count its calls of the functions that write, sync, close, create or read
# (tests/faults/inject.c, through LD_PRELOAD), then again with the disk
# filling at the 1st, 2nd, middle, next-to-last and last call of each (and
# each creation, rename, sync or read failing once). Every such run must leave the
# file it writes either as it was before (here: a file holding "before"; a
# page folder: none),
# with status 4 and a message, or whole, as a run without a fault writes it;
# and nothing else behind. FAULTS_EVERY=1 fails every call in turn, not five
# of each (a campaign: thousands of runs); FAULTS_ONLY=NAME runs one command.
#   Usage: run.sh SCORE INJECT.so
set -eu
score=$(realpath "$1")
inject=$(realpath "$2")
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/run"
ex=$root/examples
cp "$ex/seed-001/policy.rule" "$work/p.rule"
cp "$ex/seed-001/data.csv" "$work/data.csv"
cp "$root/tests/golden/init-seeds/seed-001.csv" "$work/table.csv"
cp "$root/tests/golden/diff-table/new.rule" "$work/new.rule"
cp "$ex/provinces/policy.rule" "$work/rank.rule"
cp "$ex/provinces/data.csv" "$work/rank.csv"
cp "$ex/readme/policy.rule" "$work/readme.rule"
cp "$ex/readme/data.xlsx" "$work/readme.xlsx"
cd "$work/run"
# name | output | command (the output named as OUT)
scenarios='csv|out.csv|-o OUT ../p.rule ../data.csv
json|out.json|-e -f json -o OUT ../p.rule ../data.csv
xlsx|out.xlsx|--unit-sheets -o OUT ../p.rule ../data.csv
html|out.html|-o OUT ../p.rule ../data.csv
htmldir|out/|-o OUT ../p.rule ../data.csv
template|form.xlsx|template -o OUT ../p.rule
init|init.rule|init -o OUT ../table.csv
diff|diff.csv|diff -o OUT ../p.rule ../new.rule ../data.csv
stdout|-|../p.rule ../data.csv
rank|rank.csv|-o OUT ../rank.rule ../rank.csv
workbook-in|in.csv|-o OUT ../readme.rule ../readme.xlsx'
# what a file holds, for comparing: a workbook's parts but its dates
content() {
	if [ -d "$1" ]; then (cd "$1" && find . -type f | sort | xargs cat); 
	elif [ "${1%.xlsx}" != "$1" ]; then python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in sorted(z.namelist()):
    if not n.endswith("core.xml"): sys.stdout.buffer.write(z.read(n))' "$1" 2>/dev/null || echo "not a workbook"
	else cat "$1"; fi
}
: >"$work/runs"
: >"$work/failures"
# each command twice: on a file system with unnamed files (O_TMPFILE), and
# on one without, where score writes a named file beside the output
printf '%s\n' "$scenarios" | sed 's/^/tmpfile|/' >"$work/plan"
printf '%s\n' "$scenarios" | sed 's/^/named|/' >>"$work/plan"
while IFS='|' read -r fs name out cmd; do
	[ -z "${FAULTS_ONLY:-}" ] || [ "$FAULTS_ONLY" = "$name" ] || continue
	if [ "$fs" = named ]; then export SCORE_NO_TMPFILE=1; name="$name (no unnamed files)"; else unset SCORE_NO_TMPFILE; fi
	args=$(echo "$cmd" | sed "s|OUT|$out|")
	rm -rf ./* ./.[!.]* "$work/counts"
	# shellcheck disable=SC2086
	SCORE_FAULT_COUNT=$work/counts LD_PRELOAD=$inject "$score" $args >stdout.txt 2>/dev/null || true
	if [ "$out" = - ]; then content stdout.txt >"$work/whole"; else content "$out" >"$work/whole"; fi
	while read -r fn count; do
		[ "$count" -gt 0 ] || continue
		if [ -n "${FAULTS_EVERY:-}" ]; then ns=$(seq 1 "$count"); else ns=$(printf '%s\n' 1 2 $((count / 2)) $((count - 1)) "$count"); fi
		for n in $(echo "$ns" | awk -v c="$count" '$1 >= 1 && $1 <= c' | sort -un); do
			rm -rf ./* ./.[!.]*
			# a page folder is made new (a folder holding files is refused before anything is written)
			[ "$out" = out/ ] || [ "$out" = - ] || echo before >"$out"
			ls -A >"$work/before.ls"
			# shellcheck disable=SC2086
			st=0; SCORE_FAULT=$fn:$n LD_PRELOAD=$inject "$score" $args >stdout.txt 2>"$work/stderr" || st=$?
			ls -A | grep -vx -e stdout.txt -e out >"$work/after.ls" || true
			grep -vx stdout.txt "$work/before.ls" >"$work/before2.ls" || true
			why=""
			if [ "$out" = - ]; then got=stdout.txt; else got=$out; fi
			if [ "$out" = out/ ] && [ ! -e out ] ||
				{ [ "$out" != out/ ] && [ "$out" != - ] && [ "$(cat "$out" 2>/dev/null)" = before ]; }; then
				[ "$st" -eq 4 ] || why="$why; status $st with the file as before"
			elif content "$got" | cmp -s - "$work/whole"; then
				[ "$st" -eq 0 ] || [ "$st" -eq 4 ] || why="$why; status $st"
			elif [ "$out" = - ] && [ "$st" -eq 4 ]; then
				: # standard output cut, and said so
			else
				why="$why; $got is neither as before nor whole (status $st)"
			fi
			[ "$st" -eq 0 ] || [ -s "$work/stderr" ] || why="$why; status $st and no message"
			cmp -s "$work/before2.ls" "$work/after.ls" || why="$why; left behind: $(comm -13 "$work/before2.ls" "$work/after.ls" | tr '\n' ' ')"
			if [ -n "$why" ]; then
				echo "faults: $name, the disk fills at $fn call $n of $count: ${why#; }"
				sed 's/^/    /' "$work/stderr" | head -3
				echo x >>"$work/failures"
			fi
			echo "$name" >>"$work/runs"
		done
	done <"$work/counts"
done <"$work/plan"
runs=$(wc -l <"$work/runs")
fail=$(wc -l <"$work/failures")
echo "faults: $(sort -u "$work/runs" | wc -l) commands ($(sort -u "$work/runs" | tr '\n' ',' | sed 's/,$//; s/,/, /g')), $runs runs with the disk filling or a creation, rename, sync or read failing"
echo "$((runs - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
