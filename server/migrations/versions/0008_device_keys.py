"""Devices' sealing keys (issue 14): the public half registered at each login, kept for checking seals.

Revision ID: 0008
Revises: 0007
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
        "device_keys",
        sa.Column("username", sa.String(100), primary_key=True),
        sa.Column("public_key", sa.String(64), primary_key=True),
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("device_keys")
