"""Migrations: from an empty database to head on SQLite and PostgreSQL, matching the models exactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

import server.api.app  # noqa: F401 (imports every module that declares tables)
from server.db.engine import make_engine
from server.db.migrate import MIGRATIONS, alembic_config, upgrade
from server.db.tables import Base
from tests.helpers import postgres


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    postgres.require_postgres()
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


@pytest.mark.filterwarnings(  # SQLite cannot reflect the expression index on blob references (migration 0005)
    "ignore:Skipped unsupported reflection of expression-based index",
    "ignore:autogenerate skipping metadata-specified expression-based index",
)
def test_upgrade_from_empty_creates_the_schema_of_the_models(empty_db: str) -> None:
    engine = make_engine(empty_db)
    try:
        assert inspect(engine).get_table_names() == []
        upgrade(engine)
        upgrade(engine)  # a second start finds it at head and changes nothing
        with engine.connect() as conn:
            context = MigrationContext.configure(conn)
            head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
            assert context.get_current_revision() == head
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_migrations_live_in_the_server_package() -> None:
    assert (MIGRATIONS / "versions" / "0001_initial.py").exists()
