"""A pull page walks the change log in sequence order and stops at its end, whatever the caller's scope.

With an OR over the district index, SQLite gathered and sorted every visible change after the cursor at every page
(quadratic in the log); the plan must be a range scan of the sequence number with no sort.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from server.db.engine import make_engine
from server.db.migrate import upgrade
from server.sync.pull import page_query
from server.sync.scope import Actor


@pytest.mark.parametrize("role", ["admin", "team_lead", "inspector"])
def test_a_page_is_a_range_scan_of_the_log_without_a_sort(tmp_path: Path, role: str) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    upgrade(engine)
    query = page_query(Actor("u", role, "公共场所科", "310105"), since=10, head=10_000, limit=501)
    compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        plan = [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]
    engine.dispose()
    assert plan[0].startswith("SEARCH changes USING INTEGER PRIMARY KEY"), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
