#!/usr/bin/env bash
# Install (if missing) and start the PostgreSQL and Redis servers that the scale-out tests use.
# Idempotent; run as root on a Debian machine (CI does it before `make test`).
# Afterwards: postgresql://foodroute:foodroute@127.0.0.1:5432/foodroute_test and
# redis://127.0.0.1:6379/0 answer locally.
set -euo pipefail

PG_USER=foodroute
PG_PASSWORD=foodroute
PG_DB=foodroute_test

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Redis: a daemon on the loopback interface, no persistence needed for tests.
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no
fi
for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break
    sleep 0.2
done

# PostgreSQL: the distribution's cluster, started without systemd (containers have none).
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^${version} main"; then
    pg_createcluster "${version}" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^${version} main .* online"; then
    pg_ctlcluster "${version}" main start
fi
for _ in $(seq 1 50); do
    su postgres -c "pg_isready -q -h 127.0.0.1" && break
    sleep 0.2
done
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='${PG_USER}'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"CREATE ROLE ${PG_USER} LOGIN PASSWORD '${PG_PASSWORD}'\""
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='${PG_DB}'\"" | grep -q 1 \
    || su postgres -c "createdb -O ${PG_USER} ${PG_DB}"

echo "services: postgresql ${version} and redis-server are up"
