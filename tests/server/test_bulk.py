"""server/db/bulk.py against the real databases: a list bound as one parameter finds exactly its values."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from server.db.bulk import execute_many, one_of
from server.db.engine import make_engine, make_sessionmaker
from server.db.migrate import upgrade
from server.db.tables import MutationRow

NOW = datetime(2026, 11, 28, tzinfo=UTC)
# Values an array literal or a JSON text would mangle if they were pasted rather than bound.
AWKWARD = ["a,b", "{c}", '"d"', "e'f", "g\\h", "检查码", "NULL", " i ", ""]


@pytest.fixture
def session(db_url: str):
    engine = make_engine(db_url)
    upgrade(engine)
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


def _answers(session, username: str, ids: list[str]) -> None:
    rows = [{"username": username, "mutation_id": i, "device_id": "d", "result": {}, "created_at": NOW} for i in ids]
    execute_many(session, MutationRow.__table__.insert(), rows)


def _found(session, username: str, ids: list[str]) -> set[str]:
    query = select(MutationRow.mutation_id).where(
        MutationRow.username == username, one_of(MutationRow.mutation_id, ids)
    )
    return set(session.scalars(query))


def test_one_of_finds_exactly_the_listed_values_however_they_are_written(session) -> None:
    _answers(session, "u1", [*AWKWARD, "other"])
    _answers(session, "u2", AWKWARD)
    assert _found(session, "u1", AWKWARD) == set(AWKWARD)
    assert _found(session, "u1", ["a", "b", "c}", "{c", "missing"]) == set()  # pieces of a value match nothing
    assert _found(session, "u1", []) == set()
    assert _found(session, "u2", ["other"]) == set()


def test_one_of_takes_more_values_than_a_statement_may_bind(session) -> None:
    """One parameter, however long the list: SQLite binds at most 32,766 and PostgreSQL 65,535 parameters."""
    ids = [f"m{i:06d}" for i in range(70_000)]
    _answers(session, "u1", ids[::7])
    assert _found(session, "u1", ids) == set(ids[::7])
