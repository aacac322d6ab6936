"""The UI-thread guard: in tests and debug runs, a database call made on the UI thread raises instead of freezing it.

The UI's runner does all database work on its own worker; the UI thread must never wait on SQLite. With the guard on
(`FIELD_INSPECTOR_UI_THREAD_GUARD=1`, or `forbid()` from a test), every statement a store connection runs checks the
calling thread and raises `UIThreadDatabaseError` on the forbidden one. Off, the check is one attribute read.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from typing import Any

ENV = "FIELD_INSPECTOR_UI_THREAD_GUARD"

_forbidden: int | None = None  # the thread ident that may not touch a database


class UIThreadDatabaseError(RuntimeError):
    """A database call on the UI thread while the guard is on: a bug, never shown to a user."""


def enabled_by_environment() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def forbid(thread: threading.Thread | None = None) -> None:
    """From now on, database calls on `thread` (default: the calling one) raise."""
    global _forbidden
    _forbidden = (thread or threading.current_thread()).ident


def allow() -> None:
    global _forbidden
    _forbidden = None


def check() -> None:
    if _forbidden is not None and threading.get_ident() == _forbidden:
        raise UIThreadDatabaseError(f"database call on the UI thread ({threading.current_thread().name})")


class GuardMixin:
    """Every statement passes `check()` first; mixed into the connection classes of Store connections."""

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        check()
        return super().execute(*args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        check()
        return super().executemany(*args, **kwargs)

    def executescript(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        check()
        return super().executescript(*args, **kwargs)

    def cursor(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        check()
        return super().cursor(*args, **kwargs)


class GuardedConnection(GuardMixin, sqlite3.Connection):
    """A plain sqlite3 connection under the guard (the factory of unencrypted Store connections)."""
