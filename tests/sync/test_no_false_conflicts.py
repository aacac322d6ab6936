"""No false conflicts (issue 12): the server's own bookkeeping (a code request sets the task `code_requested`) and the
inspector's next transition (starting the inspection, offline, on the version pulled before the request) are ordered:
the task ends `in_progress` on the server with no conflict anywhere."""

from __future__ import annotations

from pathlib import Path

from app.models import Task, TaskStatus
from app.onsite import inspection as onsite
from app.sync.codes import request_codes
from server.db.engine import make_engine, make_sessionmaker
from server.db.tables import UserRow
from server.sync.records import RecordCache, write_records
from tests.browser.site import _records
from tests.helpers.devices import enrol, server_record
from tests.helpers.live_server import LiveServer


def planned_tasks(server: LiveServer) -> list[Task]:
    """A filed plan with two planned tasks for zhang and li, written with the server's own functions."""
    engine = make_engine(server.database_url or f"sqlite:///{server.db_path}")
    try:
        with make_sessionmaker(engine)() as session:
            inspector_ids = [session.get(UserRow, u).inspector_id for u in ("zhang", "li")]
            records, tasks = _records(inspector_ids)
            cache = RecordCache(session)
            write_records(cache, records, username="seed")
            cache.flush()
            session.commit()
    finally:
        engine.dispose()
    return tasks


def test_a_code_request_then_a_start_before_the_next_pull_is_no_conflict(
    live_server: LiveServer, tmp_path: Path
) -> None:
    task, _other = planned_tasks(live_server)
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    zhang.engine.sync()
    assert zhang.store.get(Task, task.id).status == TaskStatus.PLANNED
    [answer] = request_codes(zhang.store, zhang.client, [task.id])  # the server sets the task code_requested
    assert answer.code is not None and server_record(live_server, "tasks", task.id)[1]["status"] == "code_requested"

    onsite.start(zhang.store, answer.code.id)  # offline, on the version pulled before the request
    summary = zhang.engine.sync()

    assert (summary.conflicts, summary.rejected) == (0, 0) and zhang.store.open_conflicts() == []
    assert server_record(live_server, "tasks", task.id)[1]["status"] == "in_progress"
    assert zhang.store.get(Task, task.id).status == TaskStatus.IN_PROGRESS
    assert zhang.store.sync_state(Task, task.id) == "sent"
    zhang.close()
