"""Group commit (issue 11): pushes queued for the write lock are written together, in one transaction.

The write lock is held shut until every push of the test has merged and queued; then the first to get the lock
writes them all. Among them: two devices editing the same field of one record, and a laptop's batch sent twice. The
later of each pair is stale within the group and merged again after the others are written: one edit is accepted
and the other is a conflict (no lost update), the batch sent twice is answered once, and the records' updates go out
as one statement for the whole group. And when the database refuses one push's write (a trigger of the test's), the
group is written again one push at a time: that push fails alone.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event, func, select

from app.models.wire import MutationResult, PushRequest
from server.db.tables import MutationRow, RecordRow, UserRow
from server.sync.push import push
from server.sync.push_writer import PushWriter
from tests.server.world import World, mutation, target

TIMEOUT = 60


class GatedLock:
    """A write lock that opens once `expected` writers wait for it; counts the statements run while it is held."""

    def __init__(self, client: TestClient, expected: int) -> None:
        self.engine = client.app.state.engine
        self.expected = expected
        self.arrived = 0
        self.ready = threading.Condition()
        self.inner = threading.Lock()
        self.held = False
        self.statements: list[str] = []
        event.listen(self.engine, "before_cursor_execute", self._count)

    def _count(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.held:
            self.statements.append(statement.split(None, 1)[0].upper())

    def __enter__(self) -> GatedLock:
        with self.ready:
            self.arrived += 1
            self.ready.notify_all()
            assert self.ready.wait_for(lambda: self.arrived >= self.expected, TIMEOUT), "the writers never all queued"
        self.inner.acquire()
        self.held = True
        return self

    def __exit__(self, *_exc: object) -> None:
        self.held = False
        self.inner.release()

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


def _push(client: TestClient, writer: PushWriter, username: str, device: str, batch: list[dict[str, Any]]) -> Any:
    state = client.app.state
    with state.sessions() as session:
        user = session.get(UserRow, username)
        request = PushRequest.model_validate({"device_id": device, "mutations": batch})
        return push(session, user, request, state.keys.public_keys(), writer)


def test_queued_pushes_are_written_together_and_the_stale_ones_merged_again(world: World) -> None:
    client = world.client
    records = [target() for _ in range(4)]
    assert {a["status"] for a in world["lead"].push(*(mutation(r) for r in records))} == {"accepted"}
    ids = [r.id for r in records]

    def edit(record_id: str, value: str) -> dict[str, Any]:
        return mutation(entity="targets", record_id=record_id, base_version=1, fields={"address": value})

    sent_twice = [edit(ids[1], "once")]
    pushes = [
        ("dev-a", [edit(ids[0], "a")]),
        ("dev-b", [edit(ids[0], "b")]),  # the same field of the same record from another device
        ("dev-c", sent_twice),
        ("dev-c", sent_twice),  # the laptop timed out and sent its batch again
        ("dev-d", [edit(ids[2], "d"), edit(ids[3], "d")]),
    ]
    lock = GatedLock(client, len(pushes))
    writer = PushWriter(lock)
    try:
        with ThreadPoolExecutor(len(pushes)) as pool:
            futures = [pool.submit(_push, client, writer, "lead", device, batch) for device, batch in pushes]
            answers: list[list[MutationResult]] = [f.result(TIMEOUT) for f in futures]
    finally:
        lock.close()

    first_edits = sorted(a[0].status for a in answers[:2])
    assert first_edits == ["accepted", "conflict"]  # whichever queued first won; the other saw its version
    assert answers[2] == answers[3] and (answers[2][0].status, answers[2][0].version) == ("accepted", 2)
    assert {(a.status, a.version) for a in answers[4]} == {("accepted", 2)}
    assert lock.statements.count("UPDATE") == 1  # every record of the group in one executemany
    with client.app.state.sessions() as session:
        versions = dict(session.execute(select(RecordRow.id, RecordRow.version).where(RecordRow.id.in_(ids))).all())
        assert versions == dict.fromkeys(ids, 2)
        winner = next(a for a in answers[:2] if a[0].status == "accepted")
        address = session.get(RecordRow, ("targets", ids[0])).data["address"]
        assert address == ("a" if winner is answers[0] else "b")
        ids_sent = [m["mutation_id"] for m in sent_twice]
        count = select(func.count()).select_from(MutationRow).where(MutationRow.mutation_id.in_(ids_sent))
        assert session.scalar(count) == 1


POISON = {  # the database refuses one record's insert: a failure inside a group's transaction, none in the merge
    "postgresql": [
        "CREATE FUNCTION h11_poison() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'poisoned record'; END $$"
        " LANGUAGE plpgsql",
        "CREATE TRIGGER h11_poison BEFORE INSERT ON records FOR EACH ROW WHEN (NEW.id = '{id}')"
        " EXECUTE FUNCTION h11_poison()",
    ],
    "sqlite": [
        "CREATE TRIGGER h11_poison BEFORE INSERT ON records FOR EACH ROW WHEN NEW.id = '{id}'"
        " BEGIN SELECT RAISE(ABORT, 'poisoned record'); END",
    ],
}
CURE = {
    "postgresql": ["DROP TRIGGER h11_poison ON records", "DROP FUNCTION h11_poison()"],
    "sqlite": ["DROP TRIGGER h11_poison"],
}


def test_a_group_that_fails_is_written_again_one_push_at_a_time(world: World) -> None:
    client = world.client
    engine = client.app.state.engine
    poisoned, *healthy = [target() for _ in range(3)]
    with engine.begin() as conn:
        for statement in POISON[engine.dialect.name]:
            conn.exec_driver_sql(statement.replace("{id}", poisoned.id))
    lock = GatedLock(client, 3)
    writer = PushWriter(lock)
    try:
        with ThreadPoolExecutor(3) as pool:
            futures = [
                pool.submit(_push, client, writer, "lead", f"dev-{n}", [mutation(record)])
                for n, record in enumerate([poisoned, *healthy])
            ]
            failed = futures[0].exception(TIMEOUT)
            answers = [f.result(TIMEOUT) for f in futures[1:]]
    finally:
        lock.close()
        with engine.begin() as conn:
            for statement in CURE[engine.dialect.name]:
                conn.exec_driver_sql(statement)

    assert failed is not None and "poisoned record" in str(failed)  # that push alone fails (a 500 at the route)
    assert [[(a.status, a.version) for a in answer] for answer in answers] == [[("accepted", 1)]] * 2
    with client.app.state.sessions() as session:
        found = set(session.scalars(select(RecordRow.id).where(RecordRow.entity == "targets")))
        assert {r.id for r in healthy} <= found and poisoned.id not in found
