"""A pull page walks the change log in sequence order and stops at its end, whatever the caller's scope.

With an OR over the district index, SQLite gathered and sorted every visible change after the cursor at every page
(quadratic in the log). The plan must cut the page by a range scan of the sequence number, with no sort of the log;
nor is the joined page sorted in the database (with each record's JSON): `pull` puts its few rows in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from server.db.engine import make_engine
from server.db.migrate import upgrade
from server.sync.pull import page_query
from server.sync.scope import Actor


@pytest.mark.parametrize("head", [10_000, None])
@pytest.mark.parametrize("role", ["admin", "team_lead", "inspector"])
def test_a_page_is_a_range_scan_of_the_log_and_nothing_is_sorted(tmp_path: Path, role: str, head: int | None) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    upgrade(engine)
    query, params = page_query(Actor("u", role, "公共场所科", "310105"), since=10, limit=501, head=head)
    compiled = query.params(**params).compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        plan = [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]
    engine.dispose()
    cut = "(rowid>? AND rowid<?)" if head is not None else "(rowid>?)"
    page_cut = plan.index(f"SEARCH changes USING INTEGER PRIMARY KEY {cut}")
    page_read = plan.index("SCAN page")
    assert page_cut < page_read, plan
    assert not any("TEMP B-TREE" in step or "MULTI-INDEX" in step for step in plan), plan
