"""The checklist catalogue imported by an admin: checklists and their items with legal bases, versioned.

A file lists items row by row under their checklist's code. A checklist new to the server is created (version 1).
A changed checklist whose items no code has carried yet is updated in place. A changed checklist already used (a code
was issued with one of its items) is frozen: the change becomes a new version (a new checklist record, version + 1,
with new items), the old version and its items stay as they were for the codes, results and documents that name
them, and the plans and the not-yet-coded tasks that listed the old version are moved to the new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Checklist, ChecklistItem
from app.models.domain import utcnow
from app.models.ids import new_id
from app.models.imports import ChangedRow, FieldChange, ImportReport, RefusedRow
from server.db.tables import RecordRow
from server.imports.reader import Progress, Row, counted, first_error, read_table
from server.imports.targets import INDUSTRY_WORDS
from server.sync.records import FieldMark, RecordCache, RecordState, lock_change_log, write_records

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "checklist_code": ("检查表编号", "检查表代码", "checklist_code"),
    "checklist_name": ("检查表名称", "检查表", "checklist_name"),
    "industry": ("行业", "专业类别", "industry"),
    "item_code": ("事项编号", "检查事项编号", "item_code"),
    "title": ("检查事项", "检查内容", "检查项目", "title"),
    "legal_basis": ("法律依据", "检查依据", "legal_basis"),
}
REQUIRED = tuple(COLUMN_ALIASES)
_records = RecordRow.__table__


@dataclass
class _Sheet:
    code: str
    name: str
    industry: str
    first_row: int
    items: list[tuple[str, str, str]] = field(default_factory=list)  # (code, title, legal basis) in file order


def _live(session: Session, entity: str) -> list[Any]:
    return list(
        session.execute(
            select(_records.c.id, _records.c.data).where(_records.c.entity == entity, _records.c.deleted.is_(False))
        )
    )


def _refused(row: Row, reasons: list[tuple[str, str]]) -> RefusedRow:
    return RefusedRow(
        row=row.number,
        key=f"{row.first('checklist_code')}/{row.first('item_code')}",
        name=row.first("title")[:200],
        reasons=[c for c, _ in reasons],
        messages=[m for _, m in reasons],
    )


def _read(data: bytes, progress: Progress | None) -> tuple[dict[str, _Sheet], list[RefusedRow], int, list[str]]:
    if progress is not None:
        progress("reading", 0, 0)
    table = read_table(data, COLUMN_ALIASES, REQUIRED)
    sheets: dict[str, _Sheet] = {}
    seen_items: dict[tuple[str, str], int] = {}
    refused: list[RefusedRow] = []
    for row in counted(table.rows, progress):
        reasons: list[tuple[str, str]] = []
        values = {f: row.first(f) for f in REQUIRED}
        for name, value in values.items():
            if not value:
                reasons.append(("missing_field", f"{COLUMN_ALIASES[name][0]}为空 / the {name} is empty"))
        industry = INDUSTRY_WORDS.get(re.sub(r"\s", "", values["industry"]))
        if values["industry"] and industry is None:
            reasons.append(("unknown_industry", f"行业无法识别：{values['industry']} / unknown industry"))
        code, item_code = values["checklist_code"], values["item_code"]
        sheet = sheets.get(code)
        if sheet and industry and (sheet.name, sheet.industry) != (values["checklist_name"], industry.value):
            reasons.append(
                (
                    "inconsistent",
                    f"与第 {sheet.first_row} 行的检查表名称或行业不一致 / the checklist's name or industry differs "
                    f"from row {sheet.first_row}",
                )
            )
        if (code, item_code) in seen_items:
            reasons.append(
                (
                    "duplicate",
                    f"事项编号与第 {seen_items[(code, item_code)]} 行重复 / the item repeats row "
                    f"{seen_items[(code, item_code)]}",
                )
            )
        if reasons:
            refused.append(_refused(row, reasons))
            continue
        seen_items[(code, item_code)] = row.number
        if sheet is None:
            sheet = sheets[code] = _Sheet(code, values["checklist_name"], industry.value, row.number)  # type: ignore[union-attr]
        sheet.items.append((item_code, values["title"], values["legal_basis"]))
    return sheets, refused, len(table.rows), table.ignored


def import_catalogue(
    session: Session, data: bytes, *, username: str, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Check every row, then (unless `dry_run`) create, update in place or version the checklists. The caller
    commits."""
    sheets, refused, rows, ignored = _read(data, progress)
    checklists = [r.data for r in _live(session, "checklists")]
    items_by_sheet: dict[str, list[dict[str, Any]]] = {}
    for r in _live(session, "checklist_items"):
        items_by_sheet.setdefault(r.data["checklist_id"], []).append(r.data)
    used = {i for r in _live(session, "inspection_codes") for i in r.data.get("checklist_item_ids") or []}
    newest: dict[str, dict[str, Any]] = {}
    for c in checklists:
        if c["code"] not in newest or c["checklist_version"] > newest[c["code"]]["checklist_version"]:
            newest[c["code"]] = c
    created: list[ChangedRow] = []
    updated: list[ChangedRow] = []
    unchanged = 0
    writes: list[Any] = []
    deletes: list[tuple[str, str]] = []
    moved: dict[str, str] = {}  # old checklist id -> its new version's id
    for sheet in sheets.values():
        current = newest.get(sheet.code)
        old_items = sorted(items_by_sheet.get(current["id"], []) if current else [], key=lambda i: i["position"])
        try:
            if current is None:
                fresh = Checklist(id=new_id(), code=sheet.code, name=sheet.name, industry=sheet.industry)
                writes += [fresh, *_items(fresh, sheet, {})]
                created.append(ChangedRow(row=sheet.first_row, key=sheet.code, name=sheet.name, record_id=fresh.id))
                continue
            wanted = [(c, t, b) for c, t, b in sheet.items]
            have = [(i["code"], i["title"], i["legal_basis"]) for i in old_items]
            changes = [
                FieldChange(field=name, old=current[name], new=new)
                for name, new in (("name", sheet.name), ("industry", sheet.industry))
                if current[name] != new
            ]
            if have != wanted:
                changes.append(FieldChange(field="items", old=[c for c, _, _ in have], new=[c for c, _, _ in wanted]))
            if not changes:
                unchanged += 1
                continue
            frozen = any(i["id"] in used for i in old_items)
            if frozen:
                version = current["checklist_version"] + 1
                fresh = Checklist(
                    id=new_id(), code=sheet.code, name=sheet.name, industry=sheet.industry, checklist_version=version
                )
                writes += [fresh, *_items(fresh, sheet, {})]
                moved[current["id"]] = fresh.id
                changes.append(FieldChange(field="checklist_version", old=current["checklist_version"], new=version))
                record_id = fresh.id
            else:
                kept = Checklist.model_validate({**current, "name": sheet.name, "industry": sheet.industry})
                kept = kept.model_copy(update={"updated_at": utcnow()})
                by_code = {i["code"]: i for i in old_items}
                writes += [kept, *_items(kept, sheet, by_code)]
                wanted_codes = {c for c, _, _ in wanted}
                deletes += [("checklist_items", i["id"]) for i in old_items if i["code"] not in wanted_codes]
                record_id = kept.id
        except ValidationError as exc:
            message = first_error(exc)
            refused.append(
                RefusedRow(
                    row=sheet.first_row, key=sheet.code, name=sheet.name, reasons=["invalid_row"], messages=[message]
                )
            )
            continue
        updated.append(
            ChangedRow(row=sheet.first_row, key=sheet.code, name=sheet.name, record_id=record_id, changes=changes)
        )
    if not dry_run and (writes or deletes):
        if progress is not None:
            progress("writing", 0, len(writes) + len(deletes))
        write_catalogue(session, writes, deletes, moved, username)
    return ImportReport.of(
        "catalogue",
        dry_run=dry_run,
        rows=rows,
        created=created,
        updated=updated,
        unchanged=unchanged,
        refused=refused,
        ignored_columns=ignored,
    )


def _items(sheet_record: Checklist, sheet: _Sheet, existing: dict[str, dict[str, Any]]) -> list[ChecklistItem]:
    """The checklist's items in file order, keeping the ids of items already there (by item code)."""
    return [
        ChecklistItem(
            id=existing[code]["id"] if code in existing else new_id(),
            checklist_id=sheet_record.id,
            code=code,
            title=title,
            legal_basis=basis,
            industry=sheet_record.industry,
            checklist_version=sheet_record.checklist_version,
            position=position,
        )
        for position, (code, title, basis) in enumerate(sheet.items, 1)
    ]


def write_catalogue(
    session: Session, writes: list[Any], deletes: list[tuple[str, str]], moved: dict[str, str], username: str
) -> None:
    """Write the records, delete the items, and move the plans and uncoded tasks listing a frozen version (a key of
    `moved`) to its new one (also for an admin's edit: server/catalogue_edit.py)."""
    lock_change_log(session)
    cache = RecordCache(session)
    write_records(cache, writes, username=username)
    for key in deletes:
        state = cache.get(*key)
        if state is not None and not state.deleted:
            _put_version(cache, state, state.data, username, deleted=True)
    if moved:  # plans and uncoded tasks that listed a frozen version now list the new one
        for entity in ("plans", "tasks"):
            for row in _live(session, entity):
                ids = row.data.get("checklist_ids") or []
                if not any(i in moved for i in ids):
                    continue
                if entity == "tasks" and row.data.get("status") != "planned":
                    continue
                state = cache.get(entity, row.id)
                if state is not None:
                    data = {**state.data, "checklist_ids": [moved.get(i, i) for i in ids]}
                    _put_version(cache, state, data, username)
    cache.flush()


def _put_version(
    cache: RecordCache, state: RecordState, data: dict[str, Any], username: str, *, deleted: bool = False
) -> None:
    version = state.version + 1
    mark = FieldMark(version, username, "server").stored()
    meta = dict(state.field_meta)
    for name, value in data.items():
        if state.data.get(name) != value:
            meta[name] = mark
    cache.put(
        RecordState(
            entity=state.entity,
            id=state.id,
            version=version,
            data={**data, "version": version},
            field_meta=meta,
            scope=state.scope,
            deleted=deleted,
            updated_by=username,
        )
    )
