"""Pull: the changes after a cursor that the caller may see, in sequence order, a page at a time.

The cursor is the last sequence number scanned, not the last one sent, so a page of records the caller may not
see still moves the cursor on. Writers are serialised (see `lock_change_log`), so every sequence number at or
below the head read first has committed and a later pull cannot miss one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from app.models import Role
from server.db.tables import ChangeRow, RecordRow
from server.sync.blob_refs import mark_pending
from server.sync.scope import Actor, hidden_entities

_changes = ChangeRow.__table__
_records = RecordRow.__table__


def _visible_to(actor: Actor) -> Any:
    """Shared records, the caller's district, and within it (admins aside) shared or own-team records.

    Written through coalesce on purpose: no index on district applies, so the database walks the change log in
    sequence order and stops at the end of the page. With `district IS NULL OR district = ?` both SQLite and
    PostgreSQL gathered and sorted every visible change after the cursor at every page (quadratic in the log).
    """
    district = func.coalesce(_changes.c.district, "")
    in_scope = district.in_(["", actor.district])
    if actor.role != Role.ADMIN:
        in_scope = and_(in_scope, or_(district == "", func.coalesce(_changes.c.team, "").in_(["", actor.team])))
    hidden = hidden_entities(actor)
    return and_(in_scope, _changes.c.entity.not_in(hidden)) if hidden else in_scope


def page_query(actor: Actor, since: int, head: int, limit: int) -> Select[Any]:
    """The visible changes in (since, head], oldest first, at most `limit`.

    The page is cut from the change log alone and only then joined to the records: a planner that misjudges how
    many changes are visible (PostgreSQL guesses a handful) then sorts a scan of the small log, not a join of it.
    """
    page = (
        select(_changes.c.seq, _changes.c.entity, _changes.c.record_id)
        .where(_changes.c.seq > since, _changes.c.seq <= head, _visible_to(actor))
        .order_by(_changes.c.seq)
        .limit(limit)
        .subquery("page")
    )
    return (
        select(page.c.seq, _records.c.entity, _records.c.id, _records.c.version, _records.c.deleted, _records.c.data)
        .join(_records, and_(_records.c.entity == page.c.entity, _records.c.id == page.c.record_id))
        .order_by(page.c.seq)
    )


def pull(session: Session, actor: Actor, since: int, limit: int) -> dict[str, Any]:
    """A `PullResponse` as plain data (the route serialises it without re-validating thousands of records)."""
    head = session.scalar(select(func.max(_changes.c.seq))) or 0
    rows = session.execute(page_query(actor, since, head, limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    cursor = rows[-1].seq if has_more else max(head, since)
    changes = [
        {"seq": r.seq, "entity": r.entity, "id": r.id, "version": r.version, "deleted": r.deleted, "data": r.data}
        for r in rows
    ]
    mark_pending(session, changes)
    return {"changes": changes, "cursor": cursor, "has_more": has_more}
