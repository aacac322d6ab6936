"""信用+风险 grading: every step of a target's grade (never rewritten) and the signals filed for targets.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grade_history",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("target_id", sa.String(64), nullable=False),
        sa.Column("district", sa.String(20), nullable=True),
        sa.Column("grade", sa.String(1), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("config_version", sa.String(64), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("graded_by", sa.String(100), nullable=False),
    )
    op.create_index("ix_grade_history_target", "grade_history", ["target_id", "graded_at"])
    op.create_table(
        "grading_signals",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("target_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("filed_by", sa.String(100), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_grading_signals_target", "grading_signals", ["target_id", "filed_at"])


def downgrade() -> None:
    op.drop_index("ix_grading_signals_target", table_name="grading_signals")
    op.drop_table("grading_signals")
    op.drop_index("ix_grade_history_target", table_name="grade_history")
    op.drop_table("grade_history")
