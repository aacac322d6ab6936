"""The write side of push: batches merged before the write lock are written under it, several in one transaction.

A push merges with no lock held (server/sync/push.py), then queues here as a `Job` and asks for the write lock. The
first to get it takes every job queued by then and writes them all in one transaction (group commit): the lock, one
query checking that nothing any of them read has moved (`_stale`), one statement per table for all their records,
change-log rows, answers and history, one commit. The others find their job written when they get the lock and
return at once. So the serialised section costs about the same for eight pushes as for one.

A job is stale when a row it read has a new version, a key it found missing now exists, one of its mutation ids is
now answered, a follow-up's codes changed, a case number it judged has new holders (server/case_rule.py), or an
earlier job of the group writes what it read, answers the same mutation or takes a case number it judged. Stale
jobs are merged again under the lock after the others are written, each seeing everything before it, so the order of
commits is: the fresh jobs, then the stale ones. A group that fails is written again one job at a time, so one bad
push fails alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, literal, or_, select, union_all
from sqlalchemy.orm import Session

from app.models.wire import MutationResult
from server import grading
from server.case_rule import NumberKey, number_holders, numbers_written
from server.codes import find_records, log_inspection_start
from server.conflicts import Lost
from server.db.bulk import execute_many, one_of
from server.db.tables import FieldHistoryRow, MutationRow, RecordRow, UserRow
from server.sync.records import Key, RecordCache, flush_all, keys_in, lock_change_log

_records = RecordRow.__table__
_ANSWER_INSERT = MutationRow.__table__.insert()
_HISTORY_INSERT = FieldHistoryRow.__table__.insert()


@dataclass
class Merged:
    """A batch merged in memory: the answers in request order and what is to be written."""

    cache: RecordCache  # the records read (with their versions) and those to write (`touched`)
    results: list[MutationResult] = field(default_factory=list)
    new_rows: list[dict[str, Any]] = field(default_factory=list)  # answers given now, for the mutations table
    lost: list[Lost] = field(default_factory=list)  # values not kept, for the field history
    started: list[dict[str, Any]] = field(default_factory=list)  # inspections created: uses of their codes
    codes_read: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # target -> its codes (id, version)
    numbers_read: dict[NumberKey, frozenset[str]] = field(default_factory=dict)  # case numbers -> holders seen

    def reads(self) -> set[Key]:
        return {*self.cache.read, *self.cache.absent}


@dataclass(eq=False)
class Job:
    """One push waiting to be written: `remerge` merges its batch again (under the lock, on the writer's session)."""

    user: UserRow
    device_id: str
    merged: Merged
    remerge: Callable[[Session], Merged]
    done: bool = False
    error: BaseException | None = None


class PushWriter:
    """Writes merged pushes under `lock` (the process's write lock), all those queued at once (group commit)."""

    def __init__(self, lock: AbstractContextManager[Any] | None = None) -> None:
        self.lock = lock if lock is not None else threading.Lock()
        self._queue: list[Job] = []
        self._queue_lock = threading.Lock()

    def write(self, session: Session, job: Job) -> None:
        """Queue `job`, take the write lock, and write what is queued unless another writer already wrote `job`
        (a job is marked done before the lock is given back). Raises the job's error, if any."""
        with self._queue_lock:
            self._queue.append(job)
        with self.lock:
            if not job.done:  # else a writer before took it: each job taken is done before the lock is given back
                with self._queue_lock:
                    jobs, self._queue = self._queue, []
                if jobs:
                    _write_group(session, jobs)
        if not job.done:  # only if a writer that had taken it was stopped short (a BaseException): never answer it
            raise RuntimeError("push not written: the writer that took it stopped")
        if job.error is not None:
            raise job.error


def _write_group(session: Session, jobs: list[Job]) -> None:
    """Write `jobs` in one transaction and mark each done (with its error, if it failed alone)."""
    try:
        lock_change_log(session)
        stale = _stale(session, jobs)
        _write(session, [job for job in jobs if job not in stale])
        for job in stale:
            job.merged = job.remerge(session)  # sees every write before it, this group's too
            _write(session, [job])
        for job in jobs:
            grading.after_push(session, job.merged.cache)  # re-grade targets whose signals moved (server/grading.py)
            for inspection in job.merged.started:
                log_inspection_start(session, job.user, job.device_id, inspection)
        session.commit()
    except Exception as exc:
        session.rollback()
        if len(jobs) == 1:
            jobs[0].error = exc
        else:
            for job in jobs:  # each alone, merged afresh: one bad push fails alone
                _write_alone(session, job)
            return
    for job in jobs:
        job.done = True


def _write_alone(session: Session, job: Job) -> None:
    try:
        job.merged = job.remerge(session)
        session.commit()  # the reads' transaction
    except Exception as exc:
        session.rollback()
        job.error, job.done = exc, True
        return
    _write_group(session, [job])


def _write(session: Session, jobs: list[Job]) -> None:
    """The jobs' writes, in bulk: records and change log, answers, field history."""
    if not jobs:
        return
    flush_all(session, [job.merged.cache for job in jobs])
    execute_many(session, _ANSWER_INSERT, [row for job in jobs for row in job.merged.new_rows])
    now = datetime.now(UTC)
    execute_many(session, _HISTORY_INSERT, [lost.row(now) for job in jobs for lost in job.merged.lost])


def _stale(session: Session, jobs: list[Job]) -> list[Job]:
    """The jobs that must be merged again: see the module's docstring. One statement for the whole group (each list
    of keys or mutation ids one parameter), plus one per follow-up target judged (rare)."""
    keys = sorted(set().union(*(job.merged.reads() for job in jobs)))
    asked: dict[str, list[str]] = {}
    for job in jobs:
        asked.setdefault(job.user.username, []).extend(row["mutation_id"] for row in job.merged.new_rows)
    parts = []
    asked_terms = [
        and_(MutationRow.username == u, one_of(MutationRow.mutation_id, ids)) for u, ids in asked.items() if ids
    ]
    if asked_terms:
        parts.append(
            select(literal("m"), MutationRow.username, MutationRow.mutation_id, literal(0)).where(or_(*asked_terms))
        )
    if keys:
        parts.append(select(literal("r"), _records.c.entity, _records.c.id, _records.c.version).where(keys_in(keys)))
    rows = session.connection().execute(parts[0] if len(parts) == 1 else union_all(*parts)).all() if parts else []
    versions = {(a, b): version for kind, a, b, version in rows if kind == "r"}
    answered = {(a, b) for kind, a, b, _version in rows if kind == "m"}

    stale: list[Job] = []
    written: set[Key] = set()  # by the fresh jobs before this one
    numbers: set[NumberKey] = set()  # case numbers the fresh jobs before this one take
    for job in jobs:
        merged, user = job.merged, job.user.username
        ids = {(user, row["mutation_id"]) for row in merged.new_rows}
        moved = (
            any(versions.get(key) != version for key, version in merged.cache.read.items())
            or any(key in versions for key in merged.cache.absent)
            or bool(ids & answered)
            or bool(merged.reads() & written)
            or any(
                code_versions(find_records(session, "inspection_codes", "target_id", [target_id])) != seen
                for target_id, seen in merged.codes_read.items()
            )
            or bool(numbers & set(merged.numbers_read))
            or any(number_holders(session, *key) != seen for key, seen in merged.numbers_read.items())
        )
        if moved:
            stale.append(job)
        else:
            written |= set(merged.cache.touched)
            numbers |= numbers_written(merged.cache)
        answered |= ids  # a later job answering the same mutation is stale (it is merged again after this one)
    return stale


def code_versions(codes: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return sorted((str(c.get("id")), int(c.get("version") or 0)) for c in codes)
