"""申码 is checked and signed with no lock held; under the write lock only a check that nothing it read has moved, then
the writes (server/codes.py `prepare_code`, `write_prepared`). These put another writer between the two."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.orm import Session

from server import codes as domain
from server.db.tables import UserRow
from tests.server.codes_world import complete_inspection, extra_task, issued, ready
from tests.server.world import XUHUI, World, target


@contextmanager
def _prepared(world: World, username: str, task_ids: list[str]) -> Iterator[tuple[Session, domain.PreparedCode]]:
    """A request prepared by `username` with its reads' transaction ended, as the route leaves it before the lock."""
    state = world.client.app.state
    with state.sessions() as session:
        user = session.get(UserRow, username)
        assert user is not None
        prepared = domain.prepare_code(session, state.keys, user, task_ids)
        session.rollback()
        yield session, prepared


def _codes(world: World) -> list[dict]:
    records, _ = world["lead"].pull_all()
    return [r["data"] for key, r in records.items() if key[0] == "inspection_codes"]


def test_a_code_issued_meanwhile_for_the_task_is_seen_under_the_lock(world: World) -> None:
    task, _ = ready(world)
    with _prepared(world, "lead", [task.id]) as (session, prepared):
        assert prepared.cache is not None
        other = issued(world["zhang"], [task.id])  # another request wins the race
        with world.client.app.state.write_lock:
            assert domain.write_prepared(session, prepared) is False  # nothing written
            session.rollback()
            with pytest.raises(domain.CodeRefusal) as refused:  # the request run again under the lock
                domain.request_code(session, world.client.app.state.keys, session.get(UserRow, "lead"), [task.id])
            session.rollback()
    assert refused.value.code == "code_exists"
    assert [c["id"] for c in _codes(world)] == [other["id"]]  # one valid code for the task, never two


def test_a_visit_recorded_meanwhile_at_the_target_is_seen_under_the_lock(world: World) -> None:
    """The yearly cap and the repeat-visit guard count the target's inspections: one arriving in between moves them."""
    task, _ = ready(world)
    first = issued(world["lead"], [task.id])
    second = extra_task(world)  # the same target, planned again
    with _prepared(world, "lead", [second.id]) as (session, prepared):
        assert prepared.cache is not None
        complete_inspection(world["zhang"], first)  # the first visit recorded in between
        with world.client.app.state.write_lock:
            assert domain.write_prepared(session, prepared) is False
            session.rollback()
    assert [c["id"] for c in _codes(world)] == [first["id"]]


def test_a_request_nothing_moved_for_is_written_as_prepared(world: World) -> None:
    task, _ = ready(world)
    with _prepared(world, "lead", [task.id]) as (session, prepared):
        assert prepared.cache is not None
        world.insert_directly(target(XUHUI, "另一家宾馆"))  # a write elsewhere moves nothing the request read
        with world.client.app.state.write_lock:
            assert domain.write_prepared(session, prepared) is True
            session.commit()
    records, _ = world["lead"].pull_all()
    assert [c["id"] for c in _codes(world)] == [prepared.code.id]
    assert records[("tasks", task.id)]["data"]["status"] == "code_requested"
