#!/bin/sh
# One command to build score and score a bundled example (README, "Quick start").
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh build
make -j2 score
make demo
