"""A pull page walks the change log in sequence order and stops at its end, whatever the caller's scope.

With an OR over the district index, SQLite gathered and sorted every visible change after the cursor at every page
(quadratic in the log). The plan must cut the page by a range scan of the sequence number, with no sort of the log;
only the page itself (at most `limit` rows) may be sorted after the join.
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
def test_a_page_is_a_range_scan_of_the_log_and_only_the_page_is_sorted(tmp_path: Path, role: str) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    upgrade(engine)
    query = page_query(Actor("u", role, "公共场所科", "310105"), since=10, head=10_000, limit=501)
    compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        plan = [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]
    engine.dispose()
    page_cut = plan.index("SEARCH changes USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)")
    page_read = plan.index("SCAN page")
    assert page_cut < page_read, plan
    assert not any("TEMP B-TREE" in step or "MULTI-INDEX" in step for step in plan[:page_read]), plan
