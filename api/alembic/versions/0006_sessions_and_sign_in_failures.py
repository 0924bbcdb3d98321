"""revocable console sessions and failed sign-ins kept for the throttle

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.db import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "planner_users",
        sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("email_digest", sa.String(64), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("failed_at", UTCDateTime(), nullable=False),
    )
    for column in ("email_digest", "address", "failed_at"):
        op.create_index(f"ix_sign_in_failures_{column}", "sign_in_failures", [column])


def downgrade() -> None:
    op.drop_table("sign_in_failures")
    with op.batch_alter_table("planner_users") as batch:
        batch.drop_column("session_generation")
