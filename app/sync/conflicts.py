"""Open conflicts and their resolution: the user's choice per field is itself a saved change (store.save → outbox)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from app.models import ENTITY_MODELS
from app.store import Store, StoreError
from app.sync.outbox import refresh_state

Choice = Literal["local", "server"]


@dataclass(frozen=True)
class Conflict:
    id: str
    entity: str
    record_id: str
    fields: list[str]
    local: dict[str, Any]
    server: dict[str, Any]
    created_at: str


def open_conflicts(store: Store) -> list[Conflict]:
    rows = store.db.execute(
        "SELECT id, entity, record_id, fields, local, server, created_at FROM conflicts"
        " WHERE resolved_at IS NULL ORDER BY created_at, id"
    ).fetchall()
    return [Conflict(i, e, r, json.loads(f), json.loads(loc), json.loads(srv), c) for i, e, r, f, loc, srv, c in rows]


def resolve(store: Store, conflict: Conflict, choices: dict[str, Choice]) -> None:
    """Apply the chosen value of every disputed field as one local change and mark the conflict resolved."""
    missing = [f for f in conflict.fields if choices.get(f) not in ("local", "server")]
    if missing:
        raise StoreError(f"请为每个字段选择取值：{', '.join(missing)}", f"choose a value for: {', '.join(missing)}")
    model = ENTITY_MODELS[conflict.entity]
    with store.db.atomic():
        if conflict.fields == ["deleted"]:
            if choices["deleted"] == "local":
                store.delete(model, conflict.record_id)
        else:
            record = store.get(model, conflict.record_id)
            if record is None:
                raise StoreError("记录已不存在", f"the record is gone: {conflict.entity} {conflict.record_id}")
            chosen = {f: (conflict.local if choices[f] == "local" else conflict.server)[f] for f in conflict.fields}
            updated = model.model_validate({**record.model_dump(mode="json"), **chosen})
            store.save(updated, changed=conflict.fields)
        store.db.execute(
            "UPDATE conflicts SET resolved_at = ? WHERE id = ?",
            [datetime.now(UTC).isoformat().replace("+00:00", "Z"), conflict.id],
        )
        if store.get(model, conflict.record_id) is not None:
            refresh_state(store, conflict.entity, conflict.record_id)
