"""Push: apply a batch of mutations in one transaction, answering each (accepted, conflict or rejected).

A mutation seen before gets its stored answer again and changes nothing. A stale `base_version` merges when the
fields changed on the server since that version are not the ones the mutation changes; for the same field the
ownership rules decide, and otherwise the answer is a conflict with the server's record.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.models import ENTITY_MODELS, Record
from app.models.wire import Mutation, MutationResult, PushRequest
from server.codes import log_inspection_start
from server.db.tables import MutationRow, UserRow
from server.sync.ownership import caller_wins
from server.sync.records import FieldMark, RecordCache, RecordState, lock_change_log
from server.sync.scope import Actor, Scope, may_write, parent_ref

SERVER_FIELDS = frozenset({"id", "version"})
UNCOMPARED = frozenset({"updated_at"})  # every save touches it; it never makes a conflict
_CHANGED_ON_SERVER = "服务器上的同一字段已被修改 / the server changed the same fields since your version"
_OTHER_DEVICE = "您已在另一台设备上修改了同一字段 / you changed the same fields on another device"


def actor_of(user: UserRow) -> Actor:
    return Actor(user.username, user.role, user.team, user.district, user.inspector_id)


class _Batch:
    def __init__(self, session: Session, actor: Actor, device_id: str) -> None:
        self.session = session
        self.actor = actor
        self.device_id = device_id
        self.cache = RecordCache(session)
        self.writers: dict[str, Actor | None] = {actor.username: actor}
        self.started: list[dict[str, Any]] = []  # inspections created by this batch: uses of their codes

    def writer(self, username: str) -> Actor | None:
        if username not in self.writers:
            user = self.session.get(UserRow, username)
            self.writers[username] = actor_of(user) if user else None
        return self.writers[username]

    def apply(self, m: Mutation) -> MutationResult:
        model = ENTITY_MODELS.get(m.entity)
        if model is None:
            return _rejected(m, "unknown_entity", f"未知的记录类型 / unknown entity {m.entity!r}")
        unknown = sorted(set(m.fields) - set(model.model_fields))
        if unknown:
            return _rejected(m, "invalid_record", f"未知字段 / unknown fields: {', '.join(unknown)}")
        if "id" in m.fields and m.fields["id"] != m.id:
            return _rejected(m, "invalid_record", "记录编号不一致 / the id in fields differs from the mutation's id")
        current = self.cache.get(m.entity, m.id)
        if current is not None and not may_write(self.actor, m.entity, current.scope):
            return _forbidden(m)
        if m.op == "delete":
            return self._delete(m, current)
        return self._upsert(m, model, current)

    def _delete(self, m: Mutation, current: RecordState | None) -> MutationResult:
        if current is None:
            return _rejected(m, "not_found", "记录不存在 / no such record on the server")
        if current.deleted:
            return MutationResult(mutation_id=m.mutation_id, status="accepted", version=current.version)
        if current.version != m.base_version:
            changed = sorted(
                f
                for f, stored in current.field_meta.items()
                if FieldMark.of(stored).version > m.base_version and f not in UNCOMPARED
            )
            return self._conflict(m, current, changed)
        current.version += 1
        current.deleted = True
        current.data = {**current.data, "version": current.version}
        current.updated_by = self.actor.username
        self.cache.put(current)
        return MutationResult(mutation_id=m.mutation_id, status="accepted", version=current.version)

    def _upsert(self, m: Mutation, model: type[Record], current: RecordState | None) -> MutationResult:
        fields = {k: v for k, v in m.fields.items() if k not in SERVER_FIELDS}
        base = dict(current.data) if current else {}
        merged_input = {**base, **fields, "id": m.id, "version": current.version if current else 0}
        ref = parent_ref(m.entity, merged_input)
        if ref:
            self.cache.load([ref])
        try:
            merged = model.model_validate(merged_input).model_dump(mode="json")
        except ValidationError as exc:
            return _rejected(m, "invalid_record", _validation_message(exc))
        scope = self.cache.scope_of(m.entity, merged)
        if scope is None:
            return _rejected(m, "unknown_parent", f"上级记录不存在 / the parent record {ref} is not on the server")
        if not may_write(self.actor, m.entity, scope):
            return _forbidden(m)
        if current is None:
            return self._create(m, merged, scope)
        changed = [f for f in fields if merged.get(f) != current.data.get(f)]
        conflicts = self._conflicting(m, current, merged, changed)
        if conflicts:
            return self._conflict(m, current, conflicts)
        if not [f for f in changed if f not in UNCOMPARED] and not current.deleted:
            return MutationResult(mutation_id=m.mutation_id, status="accepted", version=current.version)
        current.version += 1
        merged["version"] = current.version
        for f in changed:
            current.field_meta[f] = self._mark(current.version)
        current.data, current.scope, current.deleted = merged, scope, False
        current.updated_by = self.actor.username
        self.cache.put(current)
        return MutationResult(mutation_id=m.mutation_id, status="accepted", version=current.version)

    def _mark(self, version: int) -> list[Any]:
        return FieldMark(version, self.actor.username, self.device_id).stored()

    def _conflicting(self, m: Mutation, current: RecordState, merged: dict[str, Any], changed: list[str]) -> list[str]:
        """Fields changed by both sides since `base_version` that the caller does not win by ownership.

        The caller's own device never conflicts with itself; another device of the same user always does (neither
        copy may silently replace the other, whatever the ownership rules say)."""
        conflicts = []
        for f in changed:
            if f in UNCOMPARED or f not in current.field_meta:
                continue
            mark = FieldMark.of(current.field_meta[f])
            if mark.version <= m.base_version or self._is_mine(mark):
                continue
            same_user = mark.username == self.actor.username
            last_writer = self.writer(mark.username)
            if same_user or not caller_wins(self.actor, last_writer, self.cache, m.entity, f, merged, current.data):
                conflicts.append(f)
        return sorted(conflicts)

    def _is_mine(self, mark: FieldMark) -> bool:
        return mark.username == self.actor.username and mark.device_id == self.device_id

    def _conflict(self, m: Mutation, current: RecordState, fields: list[str]) -> MutationResult:
        marks = [FieldMark.of(current.field_meta[f]) for f in fields if f in current.field_meta]
        own_other_device = bool(marks) and all(k.username == self.actor.username for k in marks)
        return MutationResult(
            mutation_id=m.mutation_id,
            status="conflict",
            record=current.data,
            conflict_fields=fields,
            message=_OTHER_DEVICE if own_other_device else _CHANGED_ON_SERVER,
        )

    def _create(self, m: Mutation, merged: dict[str, Any], scope: Scope) -> MutationResult:
        merged["version"] = 1
        if m.entity == "inspections":
            self.started.append(merged)
        self.cache.put(
            RecordState(
                entity=m.entity,
                id=m.id,
                version=1,
                data=merged,
                field_meta={f: self._mark(1) for f in merged},
                scope=scope,
                updated_by=self.actor.username,
                is_new=True,
            )
        )
        return MutationResult(mutation_id=m.mutation_id, status="accepted", version=1)


def push(session: Session, user: UserRow, request: PushRequest) -> list[MutationResult]:
    """Apply the batch inside the caller's transaction (the caller commits); answers in request order."""
    lock_change_log(session)
    ids = [m.mutation_id for m in request.mutations]
    answered = {
        row.mutation_id: MutationResult.model_validate(row.result)
        for row in session.execute(select(MutationRow).where(MutationRow.mutation_id.in_(ids))).scalars()
    }
    batch = _Batch(session, actor_of(user), request.device_id)
    batch.cache.load((m.entity, m.id) for m in request.mutations)
    results, new_rows = [], []
    now = datetime.now(UTC)
    for m in request.mutations:
        if m.mutation_id not in answered:
            answered[m.mutation_id] = batch.apply(m)
            new_rows.append(
                {
                    "mutation_id": m.mutation_id,
                    "username": user.username,
                    "device_id": request.device_id,
                    "result": answered[m.mutation_id].model_dump(mode="json"),
                    "created_at": now,
                }
            )
        results.append(answered[m.mutation_id])
    batch.cache.flush()
    for inspection in batch.started:
        log_inspection_start(session, user, request.device_id, inspection)
    if new_rows:
        session.execute(insert(MutationRow), new_rows)
    return results


def _rejected(m: Mutation, code: str, message: str) -> MutationResult:
    return MutationResult(mutation_id=m.mutation_id, status="rejected", error=code, message=message)


def _forbidden(m: Mutation) -> MutationResult:
    return _rejected(m, "forbidden", "无权修改此记录 / you may not write this record (another district or team)")


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "record"
        parts.append(f"{where}: {error['msg']}")
    return "记录无效 / invalid record: " + "; ".join(parts)
