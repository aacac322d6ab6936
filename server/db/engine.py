"""Engine and sessions for the configured `DATABASE_URL` (SQLite file by default, PostgreSQL in production)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from server.db.bulk import dumps, loads


def normalize_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here (the driver we ship), not psycopg2."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(
    url: str, pool_size: int | None = None, pool_timeout: float = 30.0, connect_args: dict[str, Any] | None = None
) -> Engine:
    """An engine for `url`; with `pool_size` exactly that many pooled connections (no overflow), else the defaults.

    The server sizes its pool against its threads (`Settings.pool_size`); the command-line tools keep the defaults.
    """
    url = normalize_url(url)
    parsed = make_url(url)
    json_text = {"json_serializer": dumps, "json_deserializer": loads}  # server/db/bulk.py: one JSON writer
    pool: dict[str, Any] = {"pool_timeout": pool_timeout, **json_text}
    if pool_size is not None:
        pool.update(pool_size=pool_size, max_overflow=0)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args or {}, **pool)
    if not parsed.database or parsed.database == ":memory:":
        return create_engine(url, **json_text)  # one connection per thread anyway: no pool to size
    Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30}, **pool)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (pull) do not wait for the writer (push)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
