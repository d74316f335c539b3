#!/usr/bin/env bash
# The long fuzz run: every reader of tests/test_fuzz.py with 10,000 generated inputs (CI runs 1,000, the
# default suite 25). Usage: bench/fuzz.sh [N]; prints pytest's summary and the wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
MTQA_FUZZ_EXAMPLES="${1:-10000}" .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py
echo "fuzz: ${1:-10000} inputs per reader, $(( $(date +%s) - start )) s"
