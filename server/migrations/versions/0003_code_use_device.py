"""Code uses: the device a use came from (an inspection pushed under the code names its device).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("code_uses", sa.Column("device_id", sa.String(100), nullable=True))


def downgrade() -> None:
    op.drop_column("code_uses", "device_id")
