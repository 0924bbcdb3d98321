"""Revision 0007 on a database holding reports made before ends existed (SQLite and PostgreSQL).

At revision 0006 the shipment-day plan (factories.shipment_day, route P1, S1, D1, S1, D2 on T1)
has four reports keyed by job: P1 skipped, S1 done with 45 kg, D1 done; and a job with no stored
plan has one report on X9. After the upgrade each report sits on its end(s): S1's on both, as it
was counted before; X9's, whose stop no plan shows, on the delivery end.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from conftest import POSTGRES_URL, needs_postgres, reset_postgres
from factories import shipment_day
from sqlalchemy.orm import Session

from api.db import ALEMBIC_DIR, make_engine
from api.stop_reports import planned_vs_actual
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import BackendResult, Plan, RouteSequence
from optimizer.solving.assemble import assemble_plan

MOMENT = dt.datetime(2025, 3, 10, 8, 30, tzinfo=dt.UTC)
OLD_REPORTS = [  # job id, stop job, status, reason, actual ambient kg
    ("planned", "P1", "skipped", "Rien à donner", None),
    ("planned", "S1", "done", "", 45.0),
    ("planned", "D1", "done", "", None),
    ("unplanned", "X9", "done", "", None),
]


def _alembic(engine: sa.Engine, action: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def _filler(column: sa.Column[Any]) -> Any:
    """A value for a required column the test does not care about."""
    python = column.type.python_type
    if python is dt.datetime:
        return MOMENT
    return {str: "x", int: 1, float: 1.0, bool: True, dt.date: MOMENT.date()}[python]


def _insert(connection: sa.Connection, table_name: str, **values: Any) -> str:
    table = sa.Table(table_name, sa.MetaData(), autoload_with=connection)
    row = {"id": uuid.uuid4().hex, **values}
    for column in table.columns:
        if column.name not in row and not column.nullable:
            row[column.name] = _filler(column)
    connection.execute(table.insert().values(row))
    return str(row["id"])


def shipment_plan() -> Plan:
    problem = Problem.model_validate(shipment_day())
    routes = [RouteSequence("T1", (("P1", "S1", "D1", "S1", "D2"),))]
    plan, _ = assemble_plan(Context(problem), BackendResult("hand", routes, runtime_s=0.0))
    return plan


def _old_database(engine: sa.Engine, plan: Plan) -> dict[str, str]:
    """The schema at 0006 with two jobs, one plan and the old reports; the jobs' ids by name."""
    _alembic(engine, "upgrade", "0006")
    with engine.begin() as connection:
        tenant = _insert(connection, "tenants", name="BAB")
        key = _insert(connection, "api_keys", tenant_id=tenant, key_hash=uuid.uuid4().hex)
        problem = _insert(connection, "problems", tenant_id=tenant, created_by=key)
        jobs = {
            name: _insert(
                connection, "solve_jobs", tenant_id=tenant, created_by=key, problem_id=problem
            )
            for name in ("planned", "unplanned")
        }
        _insert(
            connection,
            "plans",
            tenant_id=tenant,
            job_id=jobs["planned"],
            document=plan.model_dump_json(),
        )
        for job, stop, status, reason, ambient in OLD_REPORTS:
            _insert(
                connection,
                "stop_reports",
                tenant_id=tenant,
                job_id=jobs[job],
                vehicle="T1",
                stop_job=stop,
                status=status,
                reason=reason,
                actual_ambient_kg=ambient,
                actual_chilled_kg=0.0 if ambient else None,
                actual_frozen_kg=0.0 if ambient else None,
                reported_at=MOMENT,
            )
    return jobs


def _reports(engine: sa.Engine) -> list[tuple[str, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT stop_job, stop_end, status, reason, actual_ambient_kg FROM stop_reports"
                " ORDER BY stop_job, stop_end"
            )
        )
        return [tuple(row) for row in rows]


def _reports_at_0006(engine: sa.Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT stop_job, status, actual_ambient_kg FROM stop_reports ORDER BY stop_job"
            )
        )
        return [tuple(row) for row in rows]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    if request.param == "sqlite":
        made = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    else:
        reset_postgres()
        made = make_engine(POSTGRES_URL)
        _alembic(made, "downgrade", "base")
    yield made
    made.dispose()


def test_old_reports_keep_their_meaning_on_their_ends(engine: sa.Engine) -> None:
    plan = shipment_plan()
    jobs = _old_database(engine, plan)
    _alembic(engine, "upgrade", "head")
    assert _reports(engine) == [
        ("D1", "delivery", "done", "", None),
        ("P1", "pickup", "skipped", "Rien à donner", None),
        ("S1", "delivery", "done", "", 45.0),  # one report for the shipment: both ends
        ("S1", "pickup", "done", "", 45.0),
        ("X9", "delivery", "done", "", None),  # no plan shows X9: the delivery end
    ]
    with Session(engine) as session:
        figures = planned_vs_actual(session, job_id=jobs["planned"], plan=plan)
        by_stop = {(d.job, d.end.value): d for d in figures.data}
        assert by_stop["S1", "pickup"].reported_at == MOMENT
        assert by_stop["S1", "delivery"].reported_at == MOMENT
    # Counted as before the migration: S1 done at both stops, P1 not collected.
    assert (figures.done, figures.skipped) == (3, 1)
    assert (figures.not_collected, figures.not_collected_kg) == (1, 80.0)
    assert figures.collected_not_delivered == 0
    assert figures.actual_kg == 45.0 + 45.0 + 100.0


def test_downgrade_keeps_one_report_per_job(engine: sa.Engine) -> None:
    _old_database(engine, shipment_plan())
    before = _reports_at_0006(engine)
    _alembic(engine, "upgrade", "head")
    _alembic(engine, "downgrade", "0006")
    assert _reports_at_0006(engine) == before
    _alembic(engine, "upgrade", "head")
    assert len(_reports(engine)) == 5
