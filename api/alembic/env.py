"""Alembic environment: migrations run on the connection the service hands over, or on a URL.

``api.db.migrate`` passes a connection; the ``alembic`` command line reads
``FOODROUTE_DATABASE_URL`` (default: the embedded SQLite file).

On SQLite a migration that changes a table's constraints rebuilds the table (Alembic's batch
mode: copy, drop, rename). With foreign keys enforced, dropping a table that other rows refer
to fails, so, as SQLite's documentation prescribes for such rebuilds, enforcement is off while
the migrations run and ``PRAGMA foreign_key_check`` must find nothing before they are committed.
The engine turns enforcement back on for every connection it hands out (``api.db``).
"""

from __future__ import annotations

from typing import Any

from alembic import context

from api.db import Base, make_engine
from api.models import Tenant

target_metadata = Base.metadata
assert Tenant.__tablename__ in target_metadata.tables


def _migrate_on(connection: Any) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:  # before any statement opens a transaction, or SQLite ignores the pragma
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the migration leaves rows without their parent: {broken}")


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate_on(connection)
        return
    from api.config import get_settings

    engine = make_engine(get_settings().database_url)
    with engine.begin() as owned:
        _migrate_on(owned)


run()
