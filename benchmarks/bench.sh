#!/usr/bin/env bash
# The one entry point for the benchmarks (`make bench`):
#   1. benchmarks/setup.sh  installs Pelican and Hugo into benchmarks/.work/ (skipped when present)
#   2. benchmarks/run.py    generates the corpora, times the builds, writes benchmarks/RESULTS.md
# Arguments go to run.py, e.g.  bash benchmarks/bench.sh --sizes 100,1000 --repeat 5
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$HERE/setup.sh"
exec "${PYTHON:-python3}" "$HERE/run.py" "$@"
