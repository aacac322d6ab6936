"""The conflict inbox of a team: values the server did not keep, listed for the team's lead and resolved by choice.

Push records two kinds (server/sync/push.py): a value an ownership rule overwrote (the owner's write replaced
someone else's; `overwritten`) and a write a device was refused as a conflict (`conflict`). Resolving puts the
chosen value on the record as a server write in the resolver's name (every device pulls it), or keeps the record as
it is; either way the entry is closed. Who may list and resolve: the authorization table (`authz.permits`, entity
`conflicts`): a lead for his team, an admin for his district.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import new_id
from server.db.tables import FieldHistoryRow, UserRow
from server.refusal import Refusal
from server.sync import authz
from server.sync.records import SERVER_DEVICE, FieldMark, RecordCache, lock_change_log
from server.sync.scope import Actor, Scope, actor_of

OVERWRITTEN, CONFLICT = "overwritten", "conflict"
Choice = Literal["kept", "other"]


class ConflictRefusal(Refusal):
    """A conflict inbox request refused."""


@dataclass(frozen=True)
class Lost:
    """One value the server did not keep, as push notes it."""

    kind: str
    entity: str
    record_id: str
    field: str
    kept_value: Any
    kept_by: str
    other_value: Any
    other_by: str
    scope: Scope

    def row(self, now: datetime) -> dict[str, Any]:
        return {
            "id": new_id(),
            "kind": self.kind,
            "entity": self.entity,
            "record_id": self.record_id,
            "field": self.field,
            "kept_value": self.kept_value,
            "kept_by": self.kept_by,
            "other_value": self.other_value,
            "other_by": self.other_by,
            "district": self.scope.district,
            "team": self.scope.team,
            "created_at": now,
        }


def _relation_holds(actor: Actor, district: str | None, team: str | None) -> Callable[[authz.Relation], bool]:
    def holds(relation: authz.Relation) -> bool:
        in_district = district is not None and district == actor.district
        if relation is authz.Relation.DISTRICT:
            return in_district
        if relation is authz.Relation.OWN_TEAM:  # a district-wide record (a target: no team) is every team's
            return in_district and team in (actor.team, None)
        return False

    return holds


def _may(actor: Actor, op: str, district: str | None = None, team: str | None = None, *, any_row: bool = False) -> bool:
    if any_row:  # may the caller list conflicts at all (of some team or district of his)
        mine = (authz.Relation.OWN_TEAM, authz.Relation.DISTRICT)
        return authz.permits(actor, authz.CONFLICTS, op, lambda r: r in mine)
    return authz.permits(actor, authz.CONFLICTS, op, _relation_holds(actor, district, team))


def _refuse_role() -> ConflictRefusal:
    return ConflictRefusal(
        403, "not_allowed", "只有科室负责人或管理员可以处理冲突 / only a team lead or an admin may handle conflicts"
    )


def open_for(session: Session, user: UserRow, include_resolved: bool = False) -> list[FieldHistoryRow]:
    """The entries the caller may see: his team's (a lead) or his district's (an admin), oldest first."""
    actor = actor_of(user)
    if not _may(actor, authz.LIST, any_row=True):
        raise _refuse_role()
    query = select(FieldHistoryRow).where(FieldHistoryRow.district == actor.district)
    if not include_resolved:
        query = query.where(FieldHistoryRow.resolved_at.is_(None))
    rows = session.execute(query.order_by(FieldHistoryRow.created_at, FieldHistoryRow.id)).scalars()
    return [r for r in rows if _may(actor, authz.LIST, r.district, r.team)]


def resolve(session: Session, user: UserRow, entry_id: str, choice: Choice) -> FieldHistoryRow:
    """Close an entry: `other` writes its other value back onto the record, `kept` states the record's value again;
    either way as a new version in the resolver's name, which every device pulls: the device that met the conflict
    learns from it that the disagreement is settled and closes its own copy (app/store/conflicts.py
    `settled_by_pull`). The caller commits."""
    actor = actor_of(user)
    if not _may(actor, authz.RESOLVE, any_row=True):
        raise _refuse_role()
    lock_change_log(session)
    row = session.get(FieldHistoryRow, entry_id)
    if row is None or not _may(actor, authz.RESOLVE, row.district, row.team):
        raise ConflictRefusal(404, "not_found", "没有这条冲突记录 / no such conflict in your team")
    if row.resolved_at is not None:
        who = row.resolved_by
        raise ConflictRefusal(409, "already_resolved", f"已由 {who} 处理 / already resolved by {who}")
    _write_back(session, user, row, choice)
    row.resolved_at, row.resolved_by = datetime.now(UTC), user.username
    return row


def _write_back(session: Session, user: UserRow, row: FieldHistoryRow, choice: Choice) -> None:
    cache = RecordCache(session)
    state = cache.get(row.entity, row.record_id)
    if state is None or state.deleted:
        if choice == "kept":  # nothing to state again: the entry just closes
            return
        raise ConflictRefusal(409, "record_gone", "记录已被删除 / the record was deleted since")
    value = row.other_value if choice == "other" else state.data.get(row.field)
    state.version += 1
    state.data = {**state.data, row.field: value, "version": state.version}
    state.field_meta[row.field] = FieldMark(state.version, user.username, SERVER_DEVICE).stored()
    state.updated_by = user.username
    cache.put(state)
    cache.flush()
