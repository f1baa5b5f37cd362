#!/bin/sh
# Records what ./score prints now as the expected output of a golden case.
# For authoring only: read every recorded file before committing it.
#   tests/golden/record.sh CASE      (CASE is a folder with a `cmd` file)
set -eu
case_dir="tests/golden/$1"
bin="$(pwd)/score"
cd "$case_dir"
set +e
sh -c "'$bin' $(cat cmd)" >expected.out 2>expected.err
echo $? >expected.status
set -e
[ -s expected.err ] || rm -f expected.err
echo "== $case_dir (status $(cat expected.status))"; cat expected.out; [ -f expected.err ] && cat expected.err || true
