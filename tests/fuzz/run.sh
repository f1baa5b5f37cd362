#!/bin/sh
# Runs each fuzz harness for SECONDS (default 60) on a working copy of its
# seed corpus; crashes go to build/fuzz/artifacts/. Usage: run.sh SECONDS [HARNESS…]
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-60}
shift || true
harnesses=${*:-"policy csv eval lua paths xlsx init"}
mkdir -p build/fuzz/artifacts
status=0
for h in $harnesses; do
	work=build/fuzz/corpus-$h
	mkdir -p "$work"
	dict=""
	case $h in
	csv) ;;
	xlsx) dict="-dict=tests/fuzz/xlsx.dict" ;;
	lua) dict="-dict=tests/fuzz/lua.dict" ;;
	*) dict="-dict=tests/fuzz/policy.dict" ;;
	esac
	echo "== fuzz_$h for $secs s"
	# shellcheck disable=SC2086
	if ! build/fuzz/fuzz_$h $dict -max_len=8192 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/$h- "$work" tests/fuzz/corpus/$h \
		>build/fuzz/$h.log 2>&1; then
		status=1
		tail -40 build/fuzz/$h.log
	fi
	grep -E "^stat::(number_of_executed_units|peak_rss_mb)|cov: " build/fuzz/$h.log | tail -3
done
exit $status
