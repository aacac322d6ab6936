"""Indexes on the records' JSON fields that lookups go by (issue 11): `target_id`, `short_code`, `checklist_id`,
`inspection_id`, each after `entity`.

申码 runs under the write lock and looked for a target's codes and for an unused short code by reading the JSON of
every code; the public evaluation page finds its code by short code; grading reads a target's penalties, inspections
and correction orders and an inspection's results. The expressions are those of `server.db.json_fields`, character for
character (the planner uses an expression index only for the same expression).

On PostgreSQL also statistics on the scope expressions pull filters the change log by (`coalesce(district, '')`,
`coalesce(team, '')`, server/sync/pull.py): without them the planner guesses that a handful of changes are visible
and sorts every change after the cursor at each page of a first sync (37 ms a page of 500 at 20,582 changes) instead
of walking the log in sequence order and stopping at the page's end (2.5 ms). They are gathered by ANALYZE
(autovacuum's, after a load).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

FIELDS = ("target_id", "short_code", "checklist_id", "inspection_id")
EXPRESSION = {"postgresql": "(data ->> '{}')", "sqlite": "json_extract(data, '$.{}')"}


SCOPE_STATISTICS = {"changes_district_scope": "district", "changes_team_scope": "team"}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for field in FIELDS:
        op.execute(f"CREATE INDEX ix_records_{field} ON records (entity, {EXPRESSION[dialect].format(field)})")
    if dialect == "postgresql":
        for name, column in SCOPE_STATISTICS.items():
            op.execute(f"CREATE STATISTICS {name} ON (coalesce({column}, '')) FROM changes")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in SCOPE_STATISTICS:
            op.execute(f"DROP STATISTICS {name}")
    for field in FIELDS:
        op.execute(f"DROP INDEX ix_records_{field}")
