"""The catalogue edited by an admin, one item at a time (issue 15): an item's title and legal basis changed, or an
item added to a checklist. The server decides what the edit becomes.

A checklist version no code has carried yet is edited in place. A version in use (a code was issued with one of its
items) is frozen: the edit makes a new version (a new checklist record, version + 1, with copies of its items and the
edit applied), the frozen version and its items stay as they were for the codes, results and documents that name
them, and the plans and not-yet-coded tasks that listed it move to the new one (as the catalogue import does:
server/imports/catalogue.py). Only the newest version of a checklist is edited. Push applies the same freeze to the
checklists and items an admin's client sends (`check`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from app.models import Checklist, ChecklistItem
from app.models.domain import utcnow
from app.models.ids import new_id
from app.models.limits import Code, FilledText, Id
from server.codes import find_records
from server.db.tables import RecordRow
from server.imports.catalogue import write_catalogue
from server.imports.reader import first_error
from server.refusal import Refusal
from server.sync.records import RecordCache

_records = RecordRow.__table__


class CatalogueRefusal(Refusal):
    """An edit refused: not found, not the newest version, a repeated item code, or an invalid value."""


class ItemEdit(BaseModel):
    """The body of `POST /api/catalogue/items`: `item_id` names the item changed; none adds one."""

    checklist_id: Id
    item_id: Id | None = None
    code: Code
    title: FilledText
    legal_basis: FilledText


@dataclass(frozen=True)
class Edited:
    checklist: Checklist  # the version that holds the edit (a new one when the edited version was frozen)
    item: ChecklistItem
    new_version: bool
    frozen_id: str | None = None  # the frozen version left as it was


def _live(session: Session, entity: str, field: str, value: str) -> list[dict[str, Any]]:
    return find_records(session, entity, field, [value])


def used(session: Session, item_ids: list[str]) -> bool:
    """A code was issued with one of these items (the version is frozen). Ids are UUIDs: found in a code's JSON text
    they are in its item list."""
    if not item_ids:
        return False
    text = cast(_records.c.data, String)
    query = (
        select(_records.c.id)
        .where(_records.c.entity == "inspection_codes", or_(*(text.contains(i, autoescape=True) for i in item_ids)))
        .limit(1)
    )
    return session.execute(query).first() is not None


def frozen(session: Session, checklist_id: str) -> bool:
    return used(session, [i["id"] for i in _live(session, "checklist_items", "checklist_id", checklist_id)])


def _checklist(session: Session, checklist_id: str) -> dict[str, Any]:
    state = RecordCache(session).get("checklists", checklist_id)
    if state is None or state.deleted:
        raise CatalogueRefusal(404, "not_found", "检查表不存在 / no such checklist")
    newer = [
        c
        for c in _live(session, "checklists", "code", state.data["code"])
        if c["checklist_version"] > state.data["checklist_version"]
    ]
    if newer:
        raise CatalogueRefusal(
            409,
            "not_newest",
            f"该检查表已有第 {max(c['checklist_version'] for c in newer)} 版，只能修改最新版本 / "
            "a newer version of this checklist exists: edit the newest",
        )
    return state.data


def edit_item(session: Session, edit: ItemEdit, *, username: str) -> Edited:
    """Apply the edit (in place, or as a new version when frozen). The caller holds the write lock and commits."""
    sheet = _checklist(session, edit.checklist_id)
    items = sorted(
        _live(session, "checklist_items", "checklist_id", sheet["id"]), key=lambda i: (i["position"], i["code"])
    )
    if edit.item_id is not None and all(i["id"] != edit.item_id for i in items):
        raise CatalogueRefusal(404, "not_found", "该检查表中没有这个检查事项 / the checklist has no such item")
    if any(i["code"] == edit.code and i["id"] != edit.item_id for i in items):
        raise CatalogueRefusal(
            409, "duplicate_code", f"事项编号 {edit.code} 已在该检查表中 / item code {edit.code} is already listed"
        )
    is_frozen = used(session, [i["id"] for i in items])
    try:
        checklist = Checklist.model_validate(sheet)
        if is_frozen:
            checklist = Checklist(
                id=new_id(),
                code=checklist.code,
                name=checklist.name,
                industry=checklist.industry,
                checklist_version=checklist.checklist_version + 1,
            )
        else:
            checklist = checklist.model_copy(update={"updated_at": utcnow()})
        fresh = _items(checklist, items, edit, copy=is_frozen)
    except ValidationError as exc:
        raise CatalogueRefusal(422, "invalid_item", first_error(exc)) from exc
    before = {i["id"]: i for i in items}
    writes: list[Any] = [checklist, *fresh] if is_frozen else [i for i in fresh if _differs(before.get(i.id), i)]
    moved = {sheet["id"]: checklist.id} if is_frozen else {}
    write_catalogue(session, writes, [], moved, username)
    item = next(i for i in fresh if i.code == edit.code)
    return Edited(checklist, item, is_frozen, sheet["id"] if is_frozen else None)


def _differs(before: dict[str, Any] | None, after: ChecklistItem) -> bool:
    if before is None:
        return True
    fresh = after.model_dump(mode="json", exclude={"version", "updated_at"})
    return any(before.get(name) != value for name, value in fresh.items())


def _items(checklist: Checklist, items: list[dict[str, Any]], edit: ItemEdit, *, copy: bool) -> list[ChecklistItem]:
    """The checklist's items after the edit: copies with new ids for a new version, else the same records."""
    made = []
    for position, data in enumerate(items, 1):
        record = ChecklistItem.model_validate(data)
        update: dict[str, Any] = {"position": position, "checklist_version": checklist.checklist_version}
        if data["id"] == edit.item_id:
            update |= {"code": edit.code, "title": edit.title, "legal_basis": edit.legal_basis}
        if copy:
            update |= {"id": new_id(), "version": 0, "checklist_id": checklist.id}
        made.append(record.model_copy(update={**update, "updated_at": utcnow()}))
    if edit.item_id is None:
        made.append(
            ChecklistItem(
                checklist_id=checklist.id,
                code=edit.code,
                title=edit.title,
                legal_basis=edit.legal_basis,
                industry=checklist.industry,
                checklist_version=checklist.checklist_version,
                position=len(made) + 1,
            )
        )
    return [ChecklistItem.model_validate(i.model_dump()) for i in made]  # validated again after the copy


def check(
    session: Session, cache: RecordCache, entity: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[str, str] | None:
    """(code, message) refusing a push that changes a frozen checklist version or its items, or None."""
    if entity not in ("checklists", "checklist_items") or (before is None and entity == "checklists"):
        return None
    record = before if before is not None else after
    assert record is not None
    checklist_id = record["id"] if entity == "checklists" else record.get("checklist_id") or ""
    moved_to = after.get("checklist_id") or "" if entity == "checklist_items" and after is not None else checklist_id
    if moved_to != checklist_id and frozen(session, moved_to):  # an item moved into a frozen version
        return _FROZEN
    return _FROZEN if frozen(session, checklist_id) else None


_FROZEN = (
    "checklist_frozen",
    "该检查表版本已被检查码使用，不能修改；请在管理页修改，系统将生成新版本 / this checklist version is used by a code "
    "and frozen: edit it in the admin pages, which make a new version",
)
