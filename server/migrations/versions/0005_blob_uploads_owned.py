"""Blob uploads owned: one upload per blob, user and device (who declared it), instead of one per blob for anyone.

Complete blobs keep their row (the user who created it, device unknown: ''); unfinished uploads from before are
dropped, since their device was never recorded, and their owners start them over at the next sync (their partial
files under `partial/<sha256>` are no longer read).

Every blob request asks which records reference the blob (who may declare it, who may see it): an index on the
`sha256` of evidence and signature records answers that without reading every record's JSON (600 ms a request at
100,000 photos without it). The expression is the one `server.sync.blob_refs` queries, character for character.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


BLOB_REF_INDEX = {
    "postgresql": "CREATE INDEX ix_records_blob_sha256 ON records ((data ->> 'sha256')) "
    "WHERE entity IN ('evidence', 'signatures')",
    "sqlite": "CREATE INDEX ix_records_blob_sha256 ON records (json_extract(data, '$.sha256')) "
    "WHERE entity IN ('evidence', 'signatures')",
}


def upgrade() -> None:
    op.execute(BLOB_REF_INDEX[op.get_bind().dialect.name])
    op.create_table(
        "blobs_new",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("device_id", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "username", "device_id", name="pk_blobs_new"),
    )
    op.execute(
        "INSERT INTO blobs_new (sha256, username, device_id, size, complete, created_at) "
        "SELECT sha256, created_by, '', size, complete, created_at FROM blobs WHERE complete"
    )
    op.drop_table("blobs")
    op.rename_table("blobs_new", "blobs")


def downgrade() -> None:
    op.execute("DROP INDEX ix_records_blob_sha256")
    op.create_table(
        "blobs_old",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(
        "INSERT INTO blobs_old (sha256, size, complete, created_by, created_at) "
        "SELECT sha256, min(size), TRUE, min(username), min(created_at) FROM blobs WHERE complete "
        "GROUP BY sha256"
    )
    op.drop_table("blobs")
    op.rename_table("blobs_old", "blobs")
