#!/bin/sh
# The module graph of the sources, from their #include lines: module A uses
# module B when A.c, A.h (or the grammar's A.y / A.l) includes B.h.
#   scripts/include-graph.sh          fail (exit 1) naming any cycle
#   scripts/include-graph.sh --dot    print the graph for Graphviz
set -eu
cd "$(dirname "$0")/.."
mode=${1:-check}
for f in interp/*.c interp/*.h grammar/*.y grammar/*.l grammar/*.h include/*.h; do
	[ -f "$f" ] || continue
	# the public header is a unit of its own: everything may use it, and its
	# implementation (interp/score.c) uses everything
	m=$(basename "$f"); m=${m%.*}
	case "$f" in include/*) m="include/$m" ;; esac
	sed -n 's/^#include "\(.*\)\.h".*/\1/p' "$f" | while read -r dep; do
		case "$dep" in */include/*) dep="include/$(basename "$dep")" ;; *) dep=$(basename "$dep") ;; esac
		[ "$dep" = "$m" ] || echo "$m $dep"
	done
done | sort -u | awk -v mode="$mode" '
	{ out[$1] = out[$1] " " $2; nodes[$1] = 1; nodes[$2] = 1 }
	# depth-first search; state 1 = on the path, 2 = done
	function visit(n,    k, deps, i, d, cyc) {
		state[n] = 1
		path[++depth] = n
		k = split(out[n], deps, " ")
		for (i = 1; i <= k; i++) {
			d = deps[i]
			if (state[d] == 1) {
				cyc = d
				for (j = depth; j >= 1 && path[j] != d; j--)
					cyc = path[j] " -> " cyc
				print "include cycle: " d " -> " cyc > "/dev/stderr"
				bad = 1
			} else if (!state[d])
				visit(d)
		}
		depth--
		state[n] = 2
	}
	END {
		if (mode == "--dot") {
			print "digraph score {\n  rankdir=LR; node [shape=box, fontname=monospace];"
			for (n in out) {
				k = split(out[n], deps, " ")
				for (i = 1; i <= k; i++) print "  \"" n "\" -> \"" deps[i] "\";"
			}
			print "}"
			exit 0
		}
		for (n in nodes) if (!state[n]) visit(n)
		if (bad) exit 1
		print "include graph: no cycles"
	}'
