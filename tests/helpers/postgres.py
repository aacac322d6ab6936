"""A throw-away PostgreSQL database per test session on 127.0.0.1:5432 (trust auth, user postgres).

When PostgreSQL is unreachable the tests that need it skip with the reason, except under `CI=true`, where they
fail: CI must exercise PostgreSQL.
"""

from __future__ import annotations

import os
import secrets

import psycopg
import pytest
from psycopg import sql

ADMIN_DSN = os.environ.get("FI_TEST_PG_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3")


def _admin() -> psycopg.Connection:
    return psycopg.connect(ADMIN_DSN, autocommit=True)


def unreachable_reason() -> str | None:
    try:
        with _admin() as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"PostgreSQL ({ADMIN_DSN}) is not reachable: {exc}".strip()
    return None


def require_postgres() -> None:
    reason = unreachable_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true requires PostgreSQL: {reason}")
    pytest.skip(reason)


def create_database() -> str:
    """A new empty database; returns its SQLAlchemy URL."""
    name = f"fi_test_{secrets.token_hex(6)}"
    with _admin() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with _admin() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
