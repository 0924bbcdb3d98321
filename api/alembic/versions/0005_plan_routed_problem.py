"""a plan's routed problem and allocation, for a day with warehouse stock

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("plans", sa.Column("routed_problem", sa.Text(), nullable=True))
    op.add_column("plans", sa.Column("allocation", sa.Text(), nullable=True))


def downgrade() -> None:
    # SQLite cannot drop a column in place: batch mode copies the table without them.
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("allocation")
        batch.drop_column("routed_problem")
