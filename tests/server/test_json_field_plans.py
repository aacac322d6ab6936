"""Lookups by a JSON field use its expression index (migrations 0009, 0010), never a read of every record's JSON.

SQLite's plans are deterministic for an empty table, so they are checked there; PostgreSQL's depend on its
statistics. The number of a case is looked for at every push of a case and again under the write lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Select, event, select, text
from sqlalchemy.orm import Session

from server.case_rule import number_holders
from server.db.engine import make_engine
from server.db.json_fields import INDEXED_FIELDS, index_name, record_field
from server.db.migrate import upgrade
from server.db.tables import RecordRow


def _plan(tmp_path: Path, query: Select) -> list[str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    upgrade(engine)
    compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        plan = [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]
    engine.dispose()
    return plan


@pytest.mark.parametrize("field", INDEXED_FIELDS)
def test_a_lookup_by_an_indexed_field_searches_its_index(tmp_path: Path, field: str) -> None:
    query = select(RecordRow.id).where(RecordRow.entity == "cases", record_field(field) == "x")
    plan = _plan(tmp_path, query)
    assert any(step.startswith(f"SEARCH records USING INDEX {index_name(field)} ") for step in plan), plan


def test_the_case_number_lookup_searches_the_case_number_index(tmp_path: Path) -> None:
    """`number_holders` as it runs: its statement, caught at execution, planned on the same database."""
    engine = make_engine(f"sqlite:///{tmp_path / 'cases.db'}")
    upgrade(engine)
    seen: list[tuple[str, tuple]] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, params, _ctx, _many: seen.append((sql, params)))
    with Session(engine) as session:
        assert number_holders(session, "310105", "长卫立〔2026〕1号") == frozenset()
    sql, params = seen[-1]
    with engine.connect() as conn:
        plan = [row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
    engine.dispose()
    assert any(step.startswith("SEARCH records USING INDEX ix_records_case_no ") for step in plan), plan
