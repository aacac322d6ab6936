"""Pull pages read from a PostgreSQL streaming replica when one is configured (`FI_REPLICA_DATABASE_URL`).

Why a replica may answer at all: writers commit sequence numbers in order (the write lock), and a streaming replica
replays commits in the primary's order, so what a replica holds is always a prefix of the primary's change log: a
page read there is a page the primary served a moment ago. The one rule: a device's cursor never goes back. A
device whose cursor is past the replica's head (it last pulled from the primary, or from a replica further on) is
served by the primary; so is everyone while the replica cannot be reached. Lag therefore delays news, never loses or
repeats it (`tests/server/test_replica.py`: a lagging, paused and stopped replica).
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from server.core.config import Settings
from server.db.engine import make_engine, make_sessionmaker
from server.db.tables import ChangeRow
from server.sync.pull import pull
from server.sync.scope import Actor

log = logging.getLogger("server.replica")
_CONNECT_TIMEOUT = 2  # s: a replica that does not answer at once is skipped for the primary
APPLICATION_NAME = "field-inspector-pull"  # how the replica's pg_stat_activity names our connections


class PullReader:
    """Reads pull pages: from the replica when it has reached the device's cursor, else from the primary."""

    def __init__(self, primary: sessionmaker[Session], settings: Settings) -> None:
        self._primary = primary
        self._replica: sessionmaker[Session] | None = None
        if settings.replica_database_url:
            engine = make_engine(
                settings.replica_database_url,
                settings.pool_size,
                settings.db_pool_timeout,
                connect_args={"connect_timeout": _CONNECT_TIMEOUT, "application_name": APPLICATION_NAME},
            )
            self._replica = make_sessionmaker(engine)

    def page(self, actor: Actor, since: int, limit: int, max_bytes: int) -> bytes:
        if self._replica is not None:
            try:
                with self._replica() as session:
                    head = session.scalar(select(func.max(ChangeRow.seq))) or 0
                    if head >= since:
                        return pull(session, actor, since, limit, max_bytes, head)
            except DBAPIError as exc:  # stopped, restarting, unreachable: the primary answers meanwhile
                log.warning("replica unavailable, pull served by the primary", extra={"fields": {"error": str(exc)}})
        with self._primary() as session:
            return pull(session, actor, since, limit, max_bytes)

    def dispose(self) -> None:
        if self._replica is not None:
            self._replica.kw["bind"].dispose()  # the engine made above
