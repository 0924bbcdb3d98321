#!/usr/bin/env bash
# Create a tenant and print its first API key: scripts/create-tenant.sh NAME [ROLE]
# The database is FOODROUTE_DATABASE_URL (default: foodroute.db in the current folder).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m api.admin create-tenant "$1" --role "${2:-admin}"
