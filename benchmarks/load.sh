#!/usr/bin/env bash
# Load benchmark of the embedded service: 200 locust users for 60 s, then 100 solve jobs at once.
# Extra arguments go to benchmarks/load.py (e.g. --users 50 --duration 20 --burst 20).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m benchmarks.load "$@"
