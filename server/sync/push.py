"""Push: apply a batch of mutations in one transaction, answering each (accepted, conflict or rejected).

A mutation seen before (by the same user) gets its stored answer again and changes nothing. Each write is judged
first: on-site work by the code rule (server/sync/code_rule.py), every field by the write-authorization table
(server/sync/authz.py); a refusal is `rejected` with a stable reason. A stale `base_version` merges when the fields
changed on the server since that version are not the ones the mutation changes; for the same field the ownership
rules decide, and otherwise the answer is a conflict with the server's record.

Only the writing is serialised. The batch is read and merged first, holding no lock (`_merge`: the answers already
given, the records, their parents and codes, every rule); then, under the write lock, one query checks that nothing
the merge read has moved since (the rows' versions, the keys found missing, the mutation ids, the codes a follow-up
was judged by). When something has, the batch is merged again there, where nothing can move (one retry, bounded).
The writes are in bulk (one statement per table, an executemany for the records' updates), for all the pushes
queued for the lock at once (group commit), and the change log's sequence numbers are drawn under the lock, so they
commit in order: server/sync/push_writer.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from app.models import ENTITY_MODELS, Record, Role
from app.models.wire import Mutation, MutationResult, PushRequest
from server import case_rule, catalogue_edit, draw_rule, recording_rule
from server.codes import find_records
from server.conflicts import CONFLICT, OVERWRITTEN, Lost
from server.db.bulk import one_of
from server.db.tables import MutationRow, UserRow
from server.sync import authz
from server.sync.code_rule import CodeRule
from server.sync.ownership import caller_wins, follows_bookkeeping
from server.sync.push_writer import Job, Merged, PushWriter, code_versions
from server.sync.records import SERVER_DEVICE, FieldMark, RecordCache, RecordState
from server.sync.scope import Actor, Scope, actor_of, parent_ref

SERVER_FIELDS = frozenset({"id", "version"})
CATALOGUE = frozenset({"checklists", "checklist_items"})
UNCOMPARED = frozenset({"updated_at"})  # every save touches it; it never makes a conflict
_CHANGED_ON_SERVER = "服务器上的同一字段已被修改 / the server changed the same fields since your version"
_OTHER_DEVICE = "您已在另一台设备上修改了同一字段 / you changed the same fields on another device"


class _Batch(authz.Facts):
    def __init__(self, session: Session, actor: Actor, device_id: str, public_keys: Mapping[str, Any]) -> None:
        self.session = session
        self.actor = actor
        self.device_id = device_id
        self.cache = RecordCache(session)
        self.code_rule = CodeRule(self.cache, public_keys, actor)
        self.writers: dict[str, Actor | None] = {actor.username: actor}
        self.started: list[dict[str, Any]] = []  # inspections created by this batch: uses of their codes
        self.lost: list[Lost] = []  # values not kept (overwritten by ownership, or refused as a conflict)
        self.codes_read: dict[str, list[tuple[str, int]]] = {}  # target id -> its codes (id, version) as judged
        self.numbers_read: dict[case_rule.NumberKey, frozenset[str]] = {}  # case numbers judged -> holders seen

    # --- authz.Facts: what the table's relations ask beyond the record ---------------------------------------

    def on_code(self, entity: str, data: dict[str, Any]) -> bool:
        return self.code_rule.names_caller(entity, data)

    def holds_code_for(self, target_id: str, inspector_ids: list[str]) -> bool:
        """A live, unrevoked code for the target names the caller and every one of `inspector_ids` (复查)."""
        me = self.actor.inspector_id
        codes = find_records(self.session, "inspection_codes", "target_id", [target_id])
        self.codes_read[target_id] = code_versions(codes)
        for code in codes:
            named = set(code.get("inspector_ids") or [])
            if me in named and set(inspector_ids) <= named and not code.get("revoked_at"):
                return True
        return False

    def inspected(self, inspection_id: str) -> bool:
        """The caller is one of the inspectors of this inspection (a case opened from it)."""
        inspection = self.cache.get("inspections", inspection_id)
        me = self.actor.inspector_id
        return inspection is not None and me is not None and me in (inspection.data.get("inspector_ids") or [])

    def judge(
        self, m: Mutation, before: RecordState | None, after: tuple[dict[str, Any], Scope] | None, changed: list[str]
    ) -> MutationResult | None:
        """The rejection of this write, or None when the code rule, the authorization table and the case rule allow
        it."""
        op = authz.DELETE if after is None else (authz.UPDATE if before is not None else authz.CREATE)
        if m.entity in authz.SITE_ENTITIES:
            refusal = self.code_rule.check(
                m.entity, before.data if before else None, after[0] if after else None, changed
            )
            if refusal is not None:
                return _rejected(m, refusal.code, refusal.message)
        if drawn := draw_rule.check(self.cache, m.entity, before.data if before else None, after[0] if after else None):
            return _rejected(m, *drawn)  # a draw's seed must be the one its plan committed to (server/draw_rule.py)
        if m.entity in CATALOGUE and self.actor.role == Role.ADMIN:  # the only role that writes the catalogue
            before_data, after_data = before.data if before else None, after[0] if after else None
            if frozen := catalogue_edit.check(self.session, self.cache, m.entity, before_data, after_data):
                return _rejected(m, *frozen)  # a used checklist version is frozen (server/catalogue_edit.py)
        sides = (authz.Side(before.data, before.scope) if before else None, authz.Side(*after) if after else None)
        refused = authz.refused_fields(self.actor, m.entity, op, *sides, changed, self)
        if refused:
            return _forbidden(m, refused)
        if m.entity == "cases":  # 立案 → 决定, once the caller may write it: the server's enforcement configuration
            before_data, after_data = before.data if before else None, after[0] if after else None
            verdict = case_rule.check(
                self.session, self.cache, self.actor, before_data, after_data, changed, numbers_read=self.numbers_read
            )
            if verdict is not None:
                return _rejected(m, *verdict)
        if m.entity == "recordings":  # 执法记录仪: its time range is its visit's, its file and inspection fixed
            before_data, after_data = before.data if before else None, after[0] if after else None
            verdict = recording_rule.check(self.cache, before_data, after_data, changed)
            if verdict is not None:
                return _rejected(m, *verdict)
        return None

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
        if m.op == "delete":
            return self._delete(m, current)
        return self._upsert(m, model, current)

    def _delete(self, m: Mutation, current: RecordState | None) -> MutationResult:
        if current is None:
            return _rejected(m, "not_found", "记录不存在 / no such record on the server")
        if current.deleted:
            return _accepted(m, current.version)
        refusal = self.judge(m, current, None, [])
        if refusal is not None:
            return refusal
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
        return _accepted(m, current.version)

    def _upsert(self, m: Mutation, model: type[Record], current: RecordState | None) -> MutationResult:
        fields = {k: v for k, v in m.fields.items() if k not in SERVER_FIELDS}
        base = dict(current.data) if current else {}
        merged_input = {**base, **fields, "id": m.id, "version": current.version if current else 0}
        try:  # first: nothing below may read a field the model has not checked
            merged = model.model_validate(merged_input).model_dump(mode="json")
        except ValidationError as exc:
            return _rejected(m, "invalid_record", _validation_message(exc))
        ref = parent_ref(m.entity, merged)
        scope = self.cache.scope_of(m.entity, merged)
        if scope is None:
            return _rejected(m, "unknown_parent", f"上级记录不存在 / the parent record {ref} is not on the server")
        if current is None:
            refusal = self.judge(m, None, (merged, scope), list(merged))
            return refusal or self._create(m, merged, scope)
        changed = [f for f in fields if merged.get(f) != current.data.get(f)]
        # updated_at alone stores nothing (below): judged as before clients sent it with every change
        if [f for f in changed if f not in UNCOMPARED] or current.deleted:
            refusal = self.judge(m, current, (merged, scope), changed or list(merged))
            if refusal is not None:
                return refusal
        conflicts = self._conflicting(m, current, merged, changed)
        if conflicts:
            return self._conflict(m, current, conflicts)
        self._note_overwritten(m, current, merged, changed)
        if not [f for f in changed if f not in UNCOMPARED] and not current.deleted:
            return _accepted(m, current.version)
        current.version += 1
        merged["version"] = current.version
        mark = self._mark(current.version)  # one list for every field: marks are replaced, never changed in place
        for f in changed:
            current.field_meta[f] = mark
        current.data, current.scope, current.deleted = merged, scope, False
        current.updated_by = self.actor.username
        self.cache.put(current)
        return _accepted(m, current.version)

    def _mark(self, version: int) -> list[Any]:
        return FieldMark(version, self.actor.username, self.device_id).stored()

    def _raced(
        self, m: Mutation, current: RecordState, merged: dict[str, Any], changed: list[str]
    ) -> Iterator[tuple[str, FieldMark]]:
        """The fields this write changes that someone else changed on the server since `base_version`: not this
        device, and not the server's own bookkeeping when the caller's value is its next step (follows_bookkeeping)."""
        for f in changed:
            if f in UNCOMPARED or f not in current.field_meta:
                continue
            mark = FieldMark.of(current.field_meta[f])
            if mark.version <= m.base_version or self._is_mine(mark):
                continue
            if follows_bookkeeping(mark, m.entity, f, merged, current.data):  # the server's step, then the caller's
                continue
            yield f, mark

    def _conflicting(self, m: Mutation, current: RecordState, merged: dict[str, Any], changed: list[str]) -> list[str]:
        """Raced fields the caller does not win by ownership. Another device of the same user always conflicts
        (neither copy may silently replace the other, whatever the ownership rules say)."""
        conflicts = []
        for f, mark in self._raced(m, current, merged, changed):
            same_user = mark.username == self.actor.username
            last_writer = self.writer(mark.username)
            if same_user or not caller_wins(self.actor, last_writer, self.cache, m.entity, f, merged, current.data):
                conflicts.append(f)
        return sorted(conflicts)

    def _note_overwritten(self, m: Mutation, current: RecordState, merged: dict[str, Any], changed: list[str]) -> None:
        """Keep the values the caller's write replaces although someone else changed them since its base version:
        the caller won them by ownership, and the team's lead can see (and undo) that."""
        for f, mark in self._raced(m, current, merged, changed):
            self.lost.append(
                Lost(
                    OVERWRITTEN,
                    m.entity,
                    m.id,
                    f,
                    merged.get(f),
                    self.actor.username,
                    current.data.get(f),
                    mark.username,
                    current.scope,
                )
            )

    def _is_mine(self, mark: FieldMark) -> bool:
        return mark.username == self.actor.username and mark.device_id == self.device_id

    def _conflict(self, m: Mutation, current: RecordState, fields: list[str]) -> MutationResult:
        marks = [FieldMark.of(current.field_meta[f]) for f in fields if f in current.field_meta]
        for f in fields:
            mine = None if m.op == "delete" else m.fields.get(f)  # a refused delete: the device wanted it gone
            writer = FieldMark.of(current.field_meta[f]).username if f in current.field_meta else current.updated_by
            lost = Lost(
                CONFLICT, m.entity, m.id, f, current.data.get(f), writer, mine, self.actor.username, current.scope
            )
            self.lost.append(lost)
        own_other_device = bool(marks) and all(
            k.username == self.actor.username and k.device_id != SERVER_DEVICE for k in marks
        )
        return MutationResult(
            mutation_id=m.mutation_id,
            status="conflict",
            record=current.data,
            conflict_fields=fields,
            message=_OTHER_DEVICE if own_other_device else _CHANGED_ON_SERVER,
        )

    def _create(self, m: Mutation, merged: dict[str, Any], scope: Scope) -> MutationResult:
        merged["version"] = 1
        mark = self._mark(1)  # shared by the fields, as above
        if m.entity == "inspections":
            self.started.append(merged)
        self.cache.put(
            RecordState(
                entity=m.entity,
                id=m.id,
                version=1,
                data=merged,
                field_meta=dict.fromkeys(merged, mark),
                scope=scope,
                updated_by=self.actor.username,
                is_new=True,
            )
        )
        return _accepted(m, 1)


def push(
    session: Session,
    user: UserRow,
    request: PushRequest,
    public_keys: Mapping[str, Any],
    writer: PushWriter | None = None,
) -> list[MutationResult]:
    """Merge the batch, then have `writer` write and commit it under the write lock (with whatever other pushes
    are queued: server/sync/push_writer.py); answers in request order.

    The reads' transaction ends before the lock is asked for, so no connection is held while waiting for it (lock
    order: the write lock, then a connection). `public_keys`: the server's code-signing keys by key id
    (`KeyRing.public_keys()`), for the code rule."""
    merged = _merge(session, user, request, public_keys)
    session.commit()
    job = Job(user, request.device_id, merged, lambda locked: _merge(locked, user, request, public_keys))
    (writer or PushWriter()).write(session, job)
    return job.merged.results


def _merge(session: Session, user: UserRow, request: PushRequest, public_keys: Mapping[str, Any]) -> Merged:
    """Answer every mutation in memory: replays from the mutations table, the rest by `_Batch.apply`."""
    ids = [m.mutation_id for m in request.mutations]
    mine = and_(MutationRow.username == user.username, one_of(MutationRow.mutation_id, ids))
    answered = {
        mutation_id: MutationResult.model_validate(result)
        for mutation_id, result in session.connection().execute(
            select(MutationRow.mutation_id, MutationRow.result).where(mine)
        )
    }
    batch = _Batch(session, actor_of(user), request.device_id, public_keys)
    _preload(batch.cache, request.mutations)
    merged = Merged(
        batch.cache,
        lost=batch.lost,
        started=batch.started,
        codes_read=batch.codes_read,
        numbers_read=batch.numbers_read,
    )
    now = datetime.now(UTC)
    for m in request.mutations:
        if m.mutation_id not in answered:
            answered[m.mutation_id] = batch.apply(m)
            merged.new_rows.append(
                {
                    "mutation_id": m.mutation_id,
                    "username": user.username,
                    "device_id": request.device_id,
                    "result": answered[m.mutation_id].model_dump(mode="json"),
                    "created_at": now,
                }
            )
        merged.results.append(answered[m.mutation_id])
    return merged


def _preload(cache: RecordCache, mutations: list[Mutation]) -> None:
    """Load what the batch will read, one query per entity and level: the records, their parents, the codes."""
    cache.load((m.entity, m.id) for m in mutations)
    merged = [{**(s.data if (s := cache.states.get((m.entity, m.id))) else {}), **m.fields} for m in mutations]
    cache.load(ref for m, data in zip(mutations, merged, strict=True) if (ref := _unchecked_ref(m.entity, data)))
    code_ids = {c for data in merged if isinstance(c := data.get("code_id"), str)} | {
        s.data.get("code_id") for (entity, _id), s in cache.states.items() if entity == "inspections"
    }
    cache.load(("inspection_codes", c) for c in code_ids if isinstance(c, str) and c)


def _unchecked_ref(entity: str, data: dict[str, Any]) -> tuple[str, str] | None:
    """The parent named by fields the model has not checked yet: None when they name none (the model refuses them)."""
    try:
        ref = parent_ref(entity, data)
    except (LookupError, TypeError):  # e.g. task_ids a number or a mapping
        return None
    return ref if ref and isinstance(ref[1], str) else None


def _accepted(m: Mutation, version: int) -> MutationResult:
    """Built, not validated: the values are the server's own (most of a push's answers; validation cost a tenth).
    Every field given: pydantic would copy each default left out."""
    return MutationResult.model_construct(
        mutation_id=m.mutation_id,
        status="accepted",
        version=version,
        record=None,
        conflict_fields=[],
        error=None,
        message=None,
    )


def _rejected(m: Mutation, code: str, message: str) -> MutationResult:
    return MutationResult(mutation_id=m.mutation_id, status="rejected", error=code, message=message)


def _forbidden(m: Mutation, fields: list[str]) -> MutationResult:
    if fields == [authz.ALL]:
        return _rejected(m, "forbidden", "无权删除此记录 / you may not delete this record")
    names = ", ".join(fields)
    message = f"无权修改此记录的字段：{names} / you may not write these fields of this record: {names}"
    return _rejected(m, "forbidden", message)


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "record"
        parts.append(f"{where}: {error['msg']}")
    return "记录无效 / invalid record: " + "; ".join(parts)
