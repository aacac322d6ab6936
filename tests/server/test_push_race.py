"""Push merges before the write lock and writes under it (issue 11): what moves in between is caught there.

Each test runs a real push whose write lock, when it is taken, first lets another push through to its commit: the
exact interleaving of two writers that a busy server produces by chance (the other push between this one's merge and
its write). The batch must then be merged again under the lock: no lost update, no duplicate answer, no failed
insert. The statements run under the lock are counted too: when nothing moved, one SELECT (the check) and one
statement per table written, whatever the batch's size.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.models.wire import MutationResult, PushRequest
from server.db.tables import ChangeRow, FieldHistoryRow, MutationRow, RecordRow, UserRow
from server.sync.push import push
from server.sync.push_writer import PushWriter
from tests.server.world import World, mutation, target


class Interleaved:
    """A write lock that, as it is taken, runs `meanwhile` (another writer committing first) and counts the
    statements run while it is held."""

    def __init__(self, client: TestClient, meanwhile: Callable[[], Any] | None = None) -> None:
        self.engine = client.app.state.engine
        self.meanwhile = meanwhile
        self.inner = threading.Lock()
        self.held = False
        self.statements: list[str] = []
        event.listen(self.engine, "before_cursor_execute", self._count)

    def _count(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.held:
            self.statements.append(statement.split(None, 1)[0].upper())

    def __enter__(self) -> Interleaved:
        if self.meanwhile is not None:
            self.meanwhile()
        self.inner.acquire()
        self.held = True
        return self

    def __exit__(self, *_exc: object) -> None:
        self.held = False
        self.inner.release()

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


@contextmanager
def interleaved(client: TestClient, meanwhile: Callable[[], Any] | None = None) -> Iterator[Interleaved]:
    lock = Interleaved(client, meanwhile)
    try:
        yield lock
    finally:
        lock.close()


def run_push(
    client: TestClient, username: str, mutations: list[dict[str, Any]], device: str = "dev-1", lock: Any = None
) -> list[MutationResult]:
    state = client.app.state
    with state.sessions() as session:
        user = session.get(UserRow, username)
        request = PushRequest.model_validate({"device_id": device, "mutations": mutations})
        return push(session, user, request, state.keys.public_keys(), PushWriter(lock) if lock else state.push_writer)


def _count(session: Session, table: Any, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(table).where(*where))


@pytest.fixture
def seeded(world: World) -> tuple[World, str]:
    """A target made by the lead, at version 1."""
    record = target()
    assert world["lead"].push(mutation(record))[0]["status"] == "accepted"
    return world, record.id


def test_the_same_field_changed_meanwhile_is_a_conflict_not_a_lost_update(seeded: tuple[World, str]) -> None:
    world, target_id = seeded
    client = world.client
    theirs = mutation(entity="targets", record_id=target_id, base_version=1, fields={"address": "theirs"})
    mine = mutation(entity="targets", record_id=target_id, base_version=1, fields={"address": "mine"})

    with interleaved(client, lambda: run_push(client, "lead", [theirs], device="dev-2")) as lock:
        (answer,) = run_push(client, "lead", [mine], device="dev-1", lock=lock)

    assert answer.status == "conflict"  # merged as accepted first; under the lock it saw dev-2's version 2
    assert answer.record is not None and answer.record["address"] == "theirs"
    assert lock.statements.count("SELECT") > 1  # merged again under the lock
    with client.app.state.sessions() as session:
        row = session.get(RecordRow, ("targets", target_id))
        assert (row.version, row.data["address"]) == (2, "theirs")
        assert _count(session, FieldHistoryRow, FieldHistoryRow.record_id == target_id) == 1  # the one dispute


def test_other_fields_changed_meanwhile_merge_at_the_next_version(seeded: tuple[World, str]) -> None:
    world, target_id = seeded
    client = world.client
    theirs = mutation(entity="targets", record_id=target_id, base_version=1, fields={"address": "theirs"})
    mine = mutation(entity="targets", record_id=target_id, base_version=1, fields={"name": "改名宾馆"})

    with interleaved(client, lambda: run_push(client, "lead", [theirs], device="dev-2")) as lock:
        (answer,) = run_push(client, "lead", [mine], device="dev-1", lock=lock)

    assert (answer.status, answer.version) == ("accepted", 3)  # not 2: that version is dev-2's
    with client.app.state.sessions() as session:
        row = session.get(RecordRow, ("targets", target_id))
        assert (row.version, row.data["address"], row.data["name"]) == (3, "theirs", "改名宾馆")
        assert _count(session, ChangeRow, ChangeRow.record_id == target_id) == 1


def test_a_record_created_meanwhile_under_the_same_id_is_merged_not_inserted_twice(world: World) -> None:
    client = world.client
    record = target()
    theirs, mine = mutation(record), mutation(record)
    mine["fields"]["address"] = "mine"

    with interleaved(client, lambda: run_push(client, "lead", [theirs], device="dev-2")) as lock:
        (answer,) = run_push(client, "lead", [mine], device="dev-1", lock=lock)

    assert answer.status == "conflict"  # the other device's create came first; its address differs
    with client.app.state.sessions() as session:
        assert session.get(RecordRow, ("targets", record.id)).version == 1
        assert _count(session, ChangeRow, ChangeRow.record_id == record.id) == 1


def test_the_same_batch_sent_again_meanwhile_is_answered_once(seeded: tuple[World, str]) -> None:
    """A laptop that timed out sends its batch again while the first copy still waits for the lock."""
    world, target_id = seeded
    client = world.client
    batch = [
        mutation(entity="targets", record_id=target_id, base_version=1, fields={"address": "once"}),
        mutation(entity="targets", record_id="no-such-target", base_version=3, fields={"address": "x"}),
    ]
    first: list[MutationResult] = []

    with interleaved(client, lambda: first.extend(run_push(client, "lead", batch))) as lock:
        again = run_push(client, "lead", batch, lock=lock)

    assert again == first
    assert [a.status for a in again] == ["accepted", "rejected"]
    with client.app.state.sessions() as session:
        assert session.get(RecordRow, ("targets", target_id)).version == 2
        ids = [m["mutation_id"] for m in batch]
        assert _count(session, MutationRow, MutationRow.mutation_id.in_(ids)) == 2


@pytest.mark.parametrize("edits", [2, 20])
def test_nothing_moved_one_check_and_one_statement_a_table_under_the_lock(world: World, edits: int) -> None:
    client = world.client
    records = [target() for _ in range(edits)]
    assert {a["status"] for a in world["lead"].push(*(mutation(r) for r in records))} == {"accepted"}
    batch = [
        mutation(entity="targets", record_id=r.id, base_version=1, fields={"address": f"新址{n}号"})
        for n, r in enumerate(records)
    ]
    with interleaved(client) as lock:
        answers = run_push(client, "lead", batch, lock=lock)

    assert {(a.status, a.version) for a in answers} == {("accepted", 2)}
    statements = [s for s in lock.statements if s != "LOCK"]  # PostgreSQL's lock on the change log
    # the check; records updated (one executemany); change-log rows moved to the head; the answers
    assert statements == ["SELECT", "UPDATE", "DELETE", "INSERT", "INSERT"]
