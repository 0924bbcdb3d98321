"""a solve job's decisions: locked routes, removed vehicles, forced stops, warm start

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("solve_jobs", sa.Column("decisions", sa.Text(), nullable=True))


def downgrade() -> None:
    # SQLite cannot drop a column in place: batch mode copies the table without it.
    with op.batch_alter_table("solve_jobs") as batch:
        batch.drop_column("decisions")
