"""Load the checklist catalogue (resources/checklists/catalogue.json) into the server database: a production server
needs the checklists without any demo data. Records already there unchanged are left alone, so loading twice is a
no-op and a catalogue edit reaches the clients as new versions of the changed items only. A checklist version already
used by a code is frozen (server/catalogue_edit.py): its changes are left out and counted (`frozen`); an admin's
catalogue import or edit gives it a new version."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Checklist, ChecklistItem, Record
from app.resources import load_catalogue
from server.catalogue_edit import frozen
from server.sync.records import RecordCache, RecordState, lock_change_log, write_records


def load(session: Session, catalogue: tuple[list[Checklist], list[ChecklistItem]] | None = None) -> dict[str, int]:
    """Write the catalogue's (by default resources/checklists/catalogue.json) new and changed checklists and items;
    returns how many of each, and how many frozen checklists were left as they are. The caller commits."""
    checklists, items = catalogue or load_catalogue()
    records: list[Record] = [*checklists, *items]
    lock_change_log(session)
    cache = RecordCache(session)
    cache.load((r.entity, r.id) for r in records)
    changed = [r for r in records if _differs(cache.states.get((r.entity, r.id)), r)]
    sheets = {getattr(r, "checklist_id", r.id) for r in changed}
    kept = {c for c in sheets if cache.states.get(("checklists", c)) is not None and frozen(session, c)}
    changed = [r for r in changed if getattr(r, "checklist_id", r.id) not in kept]
    write_records(cache, changed, username="catalogue-loader")
    cache.flush()
    counts = {"checklists": 0, "checklist_items": 0, "frozen": len(kept)}
    for record in changed:
        counts[record.entity] += 1
    return counts


def _differs(current: RecordState | None, record: Record) -> bool:
    if current is None:
        return True
    fresh = record.model_dump(mode="json")
    return any(current.data.get(name) != value for name, value in fresh.items() if name != "version")
