"""Mutation ids are keyed per user: another user re-using an id gets his own answer, not the first user's.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _table(name: str, primary: tuple[str, ...]) -> None:
    op.create_table(
        name,
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("mutation_id", sa.String(64), nullable=False),
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(*primary, name=f"pk_{name}"),
    )


def _move(primary: tuple[str, ...]) -> None:
    """Recreate `mutations` with another primary key (SQLite cannot alter one in place)."""
    _table("mutations_new", primary)
    op.execute(
        "INSERT INTO mutations_new (username, mutation_id, device_id, result, created_at) "
        "SELECT username, mutation_id, device_id, result, created_at FROM mutations"
    )
    op.drop_table("mutations")
    op.rename_table("mutations_new", "mutations")


def upgrade() -> None:
    _move(("username", "mutation_id"))


def downgrade() -> None:
    _move(("mutation_id",))
