"""the VROOM document behind a solve job submitted to /v1/vroom

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vroom_requests",
        sa.Column("job_id", sa.String(32), sa.ForeignKey("solve_jobs.id"), primary_key=True),
        sa.Column("tenant_id", sa.String(32), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_index("ix_vroom_requests_tenant_id", "vroom_requests", ["tenant_id"])


def downgrade() -> None:
    op.drop_table("vroom_requests")
