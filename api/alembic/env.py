"""Alembic environment: migrations run on the connection the service hands over, or on a URL.

``api.db.migrate`` passes a connection; the ``alembic`` command line reads
``FOODROUTE_DATABASE_URL`` (default: the embedded SQLite file).
"""

from __future__ import annotations

from alembic import context

from api.db import Base, make_engine
from api.models import Tenant

target_metadata = Base.metadata
assert Tenant.__tablename__ in target_metadata.tables


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
        return
    from api.config import get_settings

    engine = make_engine(get_settings().database_url)
    with engine.begin() as owned:
        context.configure(connection=owned, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


run()
