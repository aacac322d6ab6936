"""The target profile (画像) built from demo data."""

from __future__ import annotations

from datetime import date

import pytest

from app import demo
from app.store import RecordNotFoundError, Store


def test_profile_has_licences_grade_history_findings_and_tasks(store: Store) -> None:
    data = demo.generate(60, seed=3, today=date(2026, 3, 2))
    store.save_many(data.all_records(), synced=True)
    failed = next(r for r in data.item_results if r.result == "non_compliant")
    inspection = next(i for i in data.inspections if i.id == failed.inspection_id)
    profile = store.target_profile(inspection.target_id)

    target = next(t for t in data.targets if t.id == inspection.target_id)
    assert (profile["name"], profile["grade"], profile["licences"]) == (target.name, target.grade, target.licences)
    assert profile["grade_reasons"] == target.grade_reasons and profile["do_not_disturb"] == target.do_not_disturb
    [past] = [i for i in profile["inspections"] if i["id"] == inspection.id]
    names = {p.id: p.name for p in data.inspectors}
    assert past["inspectors"] == [names[i] for i in inspection.inspector_ids]
    assert past["date"] == inspection.started_at.date().isoformat() and past["findings"].startswith("发现")
    item = next(i for i in data.checklist_items if i.id == failed.item_id)
    assert {"item_id": item.id, "code": item.code, "title": item.title, "legal_basis": item.legal_basis,
            "note": failed.note} in past["non_compliant"]  # fmt: skip
    tasks = [t for t in data.tasks if t.target_id == target.id]
    assert sorted(t["id"] for t in profile["tasks"]) == sorted(t.id for t in tasks)


def test_an_unknown_target_has_no_profile(store: Store) -> None:
    with pytest.raises(RecordNotFoundError) as err:
        store.target_profile("nope")
    assert "找不到记录" in err.value.zh and "no such record" in err.value.en
