"""drivers' stop reports, one per plan and stop

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 17:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stop_reports",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=32), nullable=False),
        sa.Column("job_id", sa.String(length=32), nullable=False),
        sa.Column("vehicle", sa.String(length=120), nullable=False),
        sa.Column("stop_job", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("actual_ambient_kg", sa.Float(), nullable=True),
        sa.Column("actual_chilled_kg", sa.Float(), nullable=True),
        sa.Column("actual_frozen_kg", sa.Float(), nullable=True),
        sa.Column("reported_at", UTCDateTime(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["solve_jobs.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id", "stop_job"),
    )
    op.create_index(op.f("ix_stop_reports_job_id"), "stop_reports", ["job_id"], unique=False)
    op.create_index(op.f("ix_stop_reports_tenant_id"), "stop_reports", ["tenant_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_stop_reports_tenant_id"), table_name="stop_reports")
    op.drop_index(op.f("ix_stop_reports_job_id"), table_name="stop_reports")
    op.drop_table("stop_reports")
