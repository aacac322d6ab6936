"""The conflict inbox of a team (server/conflicts.py): list the values the server did not keep, resolve one by
choosing. A team lead sees his team's, an admin his district's (the authorization table, entity `conflicts`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request

from app.models.limits import Id
from app.models.wire import ConflictChoice, ConflictEntry, ConflictInbox
from server import conflicts as domain
from server.api.deps import CurrentUser, SessionDep, WriterSlot
from server.api.errors import ERROR_RESPONSES

router = APIRouter(tags=["conflicts"], responses=ERROR_RESPONSES)


def _entry(row: Any) -> ConflictEntry:
    fields = ConflictEntry.model_fields
    data = {f: getattr(row, f) for f in fields}
    for f in ("created_at", "resolved_at"):
        if isinstance(data[f], datetime):  # SQLite gives the instant back without its zone
            data[f] = (data[f] if data[f].tzinfo else data[f].replace(tzinfo=UTC)).isoformat()
    return ConflictEntry.model_validate(data)


@router.get("/api/conflicts")
def get_conflicts(session: SessionDep, user: CurrentUser, resolved: bool = False) -> ConflictInbox:
    """The caller's team's open entries (with `resolved=true`, the resolved ones too), oldest first."""
    rows = domain.open_for(session, user, include_resolved=resolved)
    return ConflictInbox(conflicts=[_entry(r) for r in rows])


@router.post("/api/conflicts/{entry_id}/resolve")
def post_resolve(
    entry_id: Id, body: ConflictChoice, session: SessionDep, user: CurrentUser, request: Request, _writer: WriterSlot
) -> ConflictEntry:
    """Close one entry: `other` puts its other value back on the record (a new version), `kept` leaves it."""
    with request.app.state.write_lock:
        try:
            row = domain.resolve(session, user, entry_id, body.choice)
        except domain.ConflictRefusal:
            session.rollback()  # before the write lock is let go
            raise
        session.commit()
        return _entry(row)
