"""An index on the cases' number (`case_no`, 立案编号), after `entity`, as those of migration 0009.

A case's number is unique in its district (server/case_rule.py): every push of a case looks for the live cases of
its number, and the write lock's stale check looks again. Without an index each look read the JSON of every case on
the server, under the write lock for the second.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

EXPRESSION = {"postgresql": "(data ->> 'case_no')", "sqlite": "json_extract(data, '$.case_no')"}


def upgrade() -> None:
    expression = EXPRESSION[op.get_bind().dialect.name]
    op.execute(f"CREATE INDEX ix_records_case_no ON records (entity, {expression})")


def downgrade() -> None:
    op.execute("DROP INDEX ix_records_case_no")
