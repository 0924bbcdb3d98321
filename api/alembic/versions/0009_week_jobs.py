"""week jobs: a job's kind, the week a day belongs to, its extra options, the week's calendar

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("solve_jobs") as batch:
        batch.add_column(sa.Column("kind", sa.String(20), nullable=False, server_default="day"))
        batch.add_column(sa.Column("parent_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("options", sa.Text(), nullable=True))
        batch.create_foreign_key("fk_solve_jobs_parent_id", "solve_jobs", ["parent_id"], ["id"])
        batch.create_index("ix_solve_jobs_parent_id", ["parent_id"])
    op.create_table(
        "week_runs",
        sa.Column("job_id", sa.String(32), sa.ForeignKey("solve_jobs.id"), primary_key=True),
        sa.Column("tenant_id", sa.String(32), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("calendar", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
    )
    op.create_index("ix_week_runs_tenant_id", "week_runs", ["tenant_id"])


def downgrade() -> None:
    op.drop_table("week_runs")
    with op.batch_alter_table("solve_jobs") as batch:
        batch.drop_index("ix_solve_jobs_parent_id")
        batch.drop_constraint("fk_solve_jobs_parent_id", type_="foreignkey")
        batch.drop_column("options")
        batch.drop_column("parent_id")
        batch.drop_column("kind")
