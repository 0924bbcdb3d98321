#!/usr/bin/env bash
# Load benchmark, both execution modes, each against a bare FastAPI endpoint measured just before:
# embedded (SQLite, local solvers) then scale-out (PostgreSQL + Redis + two Celery workers).
# Per mode: 100 locust users for 45 s, 10 users with no pause for 15 s, a burst of 30 solve jobs,
# then every plan fetched and checked. Results in benchmarks/LOAD.md.
# The scale-out mode needs PostgreSQL and Redis (scripts/services.sh, as root); it uses the
# database foodroute_load (created here when run as root) and Redis db 14, emptied at its start:
# FOODROUTE_LOAD_POSTGRES_URL and FOODROUTE_LOAD_REDIS_URL choose others.
# Extra arguments go to benchmarks/load.py (e.g. --users 50 --duration 20 --burst 10 --modes embedded).
set -euo pipefail
cd "$(dirname "$0")/.."

db=foodroute_load
if [ -z "${FOODROUTE_LOAD_POSTGRES_URL:-}" ] && [ "$(id -u)" = 0 ] \
    && ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='${db}'\"" | grep -q 1; then
    su postgres -c "createdb -O foodroute ${db}"
fi

# The benchmark leads its own process group (setsid): on any exit, everything it started —
# servers, solver processes, Celery workers, locust — is stopped with it.
setsid .venv/bin/python -m benchmarks.load "$@" &
group=$!
stop_group() {
    kill -TERM -- "-${group}" 2>/dev/null || return 0
    for _ in $(seq 1 40); do
        kill -0 -- "-${group}" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -KILL -- "-${group}" 2>/dev/null || true
}
trap stop_group EXIT
trap 'exit 130' INT TERM
wait "${group}"
