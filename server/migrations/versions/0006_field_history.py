"""History of values the server did not keep: those an ownership rule overwrote, and those a device disputed.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_history",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("field", sa.String(100), nullable=False),
        sa.Column("kept_value", sa.JSON(), nullable=False),
        sa.Column("kept_by", sa.String(100), nullable=False),
        sa.Column("other_value", sa.JSON(), nullable=False),
        sa.Column("other_by", sa.String(100), nullable=False),
        sa.Column("district", sa.String(20), nullable=True),
        sa.Column("team", sa.String(100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(100), nullable=True),
    )
    op.create_index("ix_field_history_scope", "field_history", ["district", "team", "resolved_at"])


def downgrade() -> None:
    op.drop_index("ix_field_history_scope", table_name="field_history")
    op.drop_table("field_history")
