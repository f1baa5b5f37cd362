#!/bin/sh
# One command to build score and pass every test (README, "Quick start").
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh build test
make -j2 check
