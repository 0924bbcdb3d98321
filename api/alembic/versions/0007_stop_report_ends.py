"""stop reports per end: a shipment's pickup and delivery are reported apart

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 21:00:00

Existing reports were keyed by job only, and a shipment's one report counted for both of its
stops (docs/decisions/020-stop-reports-per-end.md). Each report is given the end(s) of its job on
its vehicle's route in the stored plan: a pickup or delivery job its one end, a shipment both (the
report is copied), so every figure computed from them stays what it was. A report whose stop the
plan does not show (no plan stored) gets the delivery end.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_END_OF_KIND = {
    "pickup": "pickup",
    "shipment_pickup": "pickup",
    "delivery": "delivery",
    "shipment_delivery": "delivery",
}
_FALLBACK_END = "delivery"
#: The name PostgreSQL gave the unnamed (job_id, stop_job) constraint of revision 0002.
_OLD_PG_UNIQUE = "stop_reports_job_id_stop_job_key"
#: The name SQLite's reflected, unnamed constraint gets under this naming convention.
_OLD_SQLITE_UNIQUE = "uq_stop_reports_job_id"
_SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def plan_ends(document: str | None, vehicle: str, job: str) -> list[str]:
    """The ends of ``job`` on ``vehicle``'s route of a stored plan document, in driving order."""
    if document is None:
        return []
    ends: list[str] = []
    for route in json.loads(document).get("routes", []):
        if route.get("vehicle") != vehicle:
            continue
        for stop in route.get("stops", []):
            end = _END_OF_KIND.get(stop.get("kind", ""))
            if end is not None and stop.get("job") == job and end not in ends:
                ends.append(end)
    return ends


def _give_reports_their_ends(bind: sa.Connection) -> None:
    reports = sa.Table("stop_reports", sa.MetaData(), autoload_with=bind)
    rows = [dict(row) for row in bind.execute(sa.select(reports)).mappings()]
    documents: dict[str, str | None] = {}
    for row in rows:
        job_id = row["job_id"]
        if job_id not in documents:
            documents[job_id] = bind.execute(
                sa.text("SELECT document FROM plans WHERE job_id = :job_id"), {"job_id": job_id}
            ).scalar()
        ends = plan_ends(documents[job_id], row["vehicle"], row["stop_job"]) or [_FALLBACK_END]
        bind.execute(reports.update().where(reports.c.id == row["id"]).values(stop_end=ends[0]))
        copies: list[dict[str, Any]] = [
            {**row, "id": uuid.uuid4().hex, "stop_end": end} for end in ends[1:]
        ]
        if copies:
            bind.execute(reports.insert(), copies)


def upgrade() -> None:
    # The old one-report-per-job constraint goes first: a shipment's report gets a copy.
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        with op.batch_alter_table("stop_reports", naming_convention=_SQLITE_NAMES) as batch:
            batch.drop_constraint(_OLD_SQLITE_UNIQUE, type_="unique")
            batch.add_column(sa.Column("stop_end", sa.String(length=20), nullable=True))
    else:
        op.drop_constraint(_OLD_PG_UNIQUE, "stop_reports", type_="unique")
        op.add_column("stop_reports", sa.Column("stop_end", sa.String(length=20), nullable=True))
    _give_reports_their_ends(op.get_bind())
    with op.batch_alter_table("stop_reports") as batch:
        batch.alter_column("stop_end", existing_type=sa.String(20), nullable=False)
        batch.create_unique_constraint("uq_stop_reports_stop", ["job_id", "stop_job", "stop_end"])


def downgrade() -> None:
    """One report per job again: a shipment keeps its delivery end's report, the later one."""
    op.execute(
        "DELETE FROM stop_reports WHERE stop_end = 'pickup' AND EXISTS ("
        "SELECT 1 FROM stop_reports AS other WHERE other.job_id = stop_reports.job_id"
        " AND other.stop_job = stop_reports.stop_job AND other.stop_end = 'delivery')"
    )
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("stop_reports", naming_convention=_SQLITE_NAMES) as batch:
            batch.drop_constraint("uq_stop_reports_stop", type_="unique")
            batch.drop_column("stop_end")
            batch.create_unique_constraint(_OLD_SQLITE_UNIQUE, ["job_id", "stop_job"])
        return
    op.drop_constraint("uq_stop_reports_stop", "stop_reports", type_="unique")
    op.drop_column("stop_reports", "stop_end")
    op.create_unique_constraint(_OLD_PG_UNIQUE, "stop_reports", ["job_id", "stop_job"])
