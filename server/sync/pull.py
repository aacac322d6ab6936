"""Pull: the changes after a cursor that the caller may see, in sequence order, a page at a time.

The cursor is the last sequence number scanned, not the last one sent, so a page of records the caller may not
see still moves the cursor on. Writers are serialised (see `lock_change_log`), so every sequence number at or
below the head read with the page (in the same statement, so the same snapshot) has committed and a later pull
cannot miss one.

A page is one query: the head, and each change with its record's JSON as stored (text, never decoded) and
`blob_pending` from the blobs table; the answer is assembled by joining strings. (Assembling each entry's text in
the database instead cost PostgreSQL more than Python's f-strings: 500-record pages 11 ms against 4-6 ms here.)
"""

from __future__ import annotations

from functools import cache
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any

from sqlalchemy import BigInteger, Integer, Select, String, Text, and_, bindparam, cast, exists, func, or_, select, true
from sqlalchemy.orm import Session

from app.models import Role
from server.db.tables import BlobRow, ChangeRow, RecordRow
from server.sync.blob_refs import BLOB_ENTITIES
from server.sync.scope import Actor, hidden_entities

_changes = ChangeRow.__table__
_records = RecordRow.__table__
_blobs = BlobRow.__table__


def _visible(admin: bool, hidden: frozenset[str]) -> Any:
    """Shared records, the caller's district, and within it (admins aside) shared or own-team records.

    Written through coalesce on purpose: no index on district applies, so the database walks the change log in
    sequence order and stops at the end of the page. With `district IS NULL OR district = ?` both SQLite and
    PostgreSQL gathered and sorted every visible change after the cursor at every page (quadratic in the log).
    """
    district = func.coalesce(_changes.c.district, "")
    in_scope = district.in_(["", bindparam("district", type_=String)])
    if not admin:
        team = func.coalesce(_changes.c.team, "").in_(["", bindparam("team", type_=String)])
        in_scope = and_(in_scope, or_(district == "", team))
    return and_(in_scope, _changes.c.entity.not_in(sorted(hidden))) if hidden else in_scope


def page_query(actor: Actor, since: int, limit: int, head: int | None = None) -> tuple[Select[Any], dict[str, Any]]:
    """The page's statement and its parameters: rows (head, seq, entity, id, version, deleted, blob_pending, data),
    the head and the visible changes after `since` (up to `head` when given), oldest first, at most `limit`, `data`
    the record's JSON text as stored; one row with a NULL seq when nothing is visible. The statement is made once
    per kind of caller (its parameters bound at execution), so a small page costs no statement building or
    compiling."""
    statement = _page_statement(actor.role == Role.ADMIN, hidden_entities(actor), head is not None)
    params = {"since": since, "limit": limit, "district": actor.district, "team": actor.team, "head": head}
    return statement, params


@cache
def _page_statement(admin: bool, hidden: frozenset[str], with_head: bool) -> Select[Any]:
    """The page is cut from the change log alone and only then joined to the records: a planner that misjudges how
    many changes are visible (PostgreSQL guesses a handful) then sorts a scan of the small log, not a join of it."""
    window = [_changes.c.seq > bindparam("since", type_=BigInteger), _visible(admin, hidden)]
    if with_head:  # read before, by the caller (the replica's head): the page stays within it
        window.append(_changes.c.seq <= bindparam("head", type_=BigInteger))
    page = select(_changes.c.seq, _changes.c.entity, _changes.c.record_id).where(*window)
    page = page.order_by(_changes.c.seq).limit(bindparam("limit", type_=Integer)).subquery("page")
    sha256 = _records.c.data["sha256"].as_string()
    pending = and_(
        _records.c.entity.in_(sorted(BLOB_ENTITIES)),
        _records.c.deleted.is_(False),
        sha256.is_not(None),
        sha256 != "",
        ~exists().where(_blobs.c.sha256 == sha256, _blobs.c.complete.is_(True)),
    )
    rows = (
        select(
            page.c.seq,
            _records.c.entity,
            _records.c.id,
            _records.c.version,
            _records.c.deleted,
            pending.label("blob_pending"),
            cast(_records.c.data, Text).label("data"),
        )
        .join(_records, and_(_records.c.entity == page.c.entity, _records.c.id == page.c.record_id))
        .subquery("rows")
    )
    top = bindparam("head", type_=BigInteger) if with_head else select(func.max(_changes.c.seq)).scalar_subquery()
    heads = select(top.label("head")).subquery("heads")
    return select(heads.c.head, rows).select_from(heads.outerjoin(rows, true()))  # in order by `pull`: no sort of
    # the rows with their JSON in the database (SQLite copied each page into a temporary b-tree for it)


def pull(session: Session, actor: Actor, since: int, limit: int, max_bytes: int, head: int | None = None) -> bytes:
    """A `PullResponse` as JSON bytes, from one query: the stored JSON of each record is passed through, never
    decoded.

    A page ends at `limit` records or once `max_bytes` of record JSON are in it (at least one record is sent,
    whatever its size). Records whose blob is not complete yet are marked `blob_pending` (`sync/blob_refs.py`).
    """
    rows = session.connection().execute(*page_query(actor, since, limit + 1, head)).all()
    head = rows[0].head or 0 if rows else since  # `heads` always yields a row; an empty log has no head
    # rows are read by position: a row's attributes cost a lookup each, and a page is hundreds of rows
    entries = sorted((row for row in rows if row[_SEQ] is not None), key=itemgetter(_SEQ))
    has_more = len(entries) > limit
    entries = entries[:limit]
    size, datas = 0, []
    for count, row in enumerate(entries):
        data = row[_DATA].encode()  # stored as UTF-8 text (server/db/bulk.py): the cap counts its bytes
        size += len(data)
        if size > max_bytes and count > 0:
            entries, has_more = entries[:count], True
            break
        datas.append(data)
    cursor = entries[-1][_SEQ] if has_more else max(head, since)
    changes = b",".join(
        f'{{"seq":{seq},"entity":{_text(entity)},"id":{_text(record_id)},"version":{version},'
        f'"deleted":{_BOOL[bool(deleted)]},"blob_pending":{_BOOL[bool(pending)]},"data":'.encode()
        + data
        + b"}"
        for (_head, seq, entity, record_id, version, deleted, pending, _data), data in zip(entries, datas, strict=True)
    )
    tail = f'],"cursor":{cursor},"has_more":{_BOOL[has_more]}}}'
    return b"".join((b'{"changes":[', changes, tail.encode()))


_SEQ, _DATA = 1, 7  # positions in a page's row: head, seq, entity, id, version, deleted, blob_pending, data
_BOOL = {True: "true", False: "false"}
_text = encode_basestring  # a JSON string literal, in C
