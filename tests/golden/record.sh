#!/bin/sh
# Records what ./score prints now as the expected output of a golden case.
# For authoring only: read every recorded file before committing it.
#   tests/golden/record.sh CASE      (CASE is a folder with a `cmd` file:
#   a name in tests/golden, or a path such as tests/hostile/NAME)
set -eu
case "$1" in */*) case_dir="$1" ;; *) case_dir="tests/golden/$1" ;; esac
bin="$(pwd)/score"
cd "$case_dir"
set +e
LC_ALL=C LANGUAGE= LANG= LC_MESSAGES= SCORE="$bin" sh -c "'$bin' $(cat cmd)" >expected.out 2>expected.err
echo $? >expected.status
set -e
[ -s expected.err ] || rm -f expected.err
echo "== $case_dir (status $(cat expected.status))"; cat expected.out; [ -f expected.err ] && cat expected.err || true
