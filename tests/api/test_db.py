"""The Alembic migration builds exactly the tables the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from conftest import POSTGRES_URL, needs_postgres, reset_postgres
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError

from api.db import ALEMBIC_DIR, Base, make_engine, migrate, normalise_url


def assert_schema_matches_models(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_sqlite_migration_matches_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'schema.db'}")
    migrate(engine)
    migrate(engine)  # a second run is a no-op
    assert_schema_matches_models(engine)
    assert set(inspect(engine).get_table_names()) == {
        "alembic_version",
        "tenants",
        "api_keys",
        "problems",
        "solve_jobs",
        "plans",
        "stop_reports",
        "planner_users",
        "sign_in_failures",
        "vroom_requests",
        "week_runs",
    }


def test_foreign_keys_are_enforced_again_after_a_migration(tmp_path: Path) -> None:
    """Migrations run with enforcement off on SQLite; each connection handed out after has it on."""
    engine = make_engine(f"sqlite:///{tmp_path / 'keys.db'}")
    migrate(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with pytest.raises(IntegrityError):
            connection.exec_driver_sql(
                "INSERT INTO week_runs (job_id, tenant_id, calendar) VALUES ('none', 'none', '{}')"
            )


def test_downgrade_then_upgrade(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'schema.db'}")
    migrate(engine)
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert inspect(engine).get_table_names() == ["alembic_version"]
    migrate(engine)
    assert_schema_matches_models(engine)


@needs_postgres
def test_postgresql_migration_matches_the_models() -> None:
    reset_postgres()
    engine = make_engine(POSTGRES_URL)
    migrate(engine)
    assert_schema_matches_models(engine)
    engine.dispose()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_postgresql_urls_use_psycopg_3(url: str, expected: str) -> None:
    assert normalise_url(url) == expected
