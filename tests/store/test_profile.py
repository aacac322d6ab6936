"""The target profile (画像) built from demo data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import demo
from app.models import Licence, ResultValue, Task, TaskStatus
from app.models.domain import Complaint, Penalty
from app.onsite import inspection as onsite
from app.onsite.follow_up import issue_correction_order
from app.store import RecordNotFoundError, Store
from tests.onsite.world import site_world


def test_profile_has_licences_grade_history_findings_and_tasks(store: Store) -> None:
    data = demo.generate(60, seed=3, today=date(2026, 3, 2))
    store.save_many(data.all_records(), synced=True)
    failed = next(r for r in data.item_results if r.result == "non_compliant")
    inspection = next(i for i in data.inspections if i.id == failed.inspection_id)
    profile = store.target_profile(inspection.target_id)

    target = next(t for t in data.targets if t.id == inspection.target_id)
    licences = [Licence.model_validate(licence) for licence in profile["licences"]]
    assert (profile["name"], profile["grade"], licences) == (target.name, target.grade, target.licences)
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


def test_profile_has_open_correction_orders_penalties_and_complaints(store: Store) -> None:
    world = site_world(store)
    inspection = onsite.start(store, world.code_for(world.task).id)
    failing = world.items[0]
    onsite.answer(store, inspection, failing.id, ResultValue.NON_COMPLIANT)
    soon = onsite.shanghai_today(store) + timedelta(days=10)
    open_order, _ = issue_correction_order(store, inspection, [failing.id], "补全消毒记录", soon)
    _, done_follow_up = issue_correction_order(store, inspection, [failing.id], "更换紫外灯", soon + timedelta(days=5))
    store.save(store.get(Task, done_follow_up.id).model_copy(update={"status": TaskStatus.COMPLETED}))
    target_id = world.gate.target.id
    store.save_many(
        [
            Penalty(target_id=target_id, decision_no="长卫医罚〔2026〕12号", decided_on=date(2026, 5, 6),
                    summary="警告", team="医疗机构科", published_on=date(2026, 5, 9)),
            Complaint(target_id=target_id, received_on=date(2026, 3, 1), summary="诊室消毒不规范", status="closed",
                      reply="经核查，已责令改正", replied_on=date(2026, 3, 10)),
            Complaint(target_id=target_id, received_on=date(2026, 2, 1), summary="器械未灭菌"),
        ],
        synced=True,
    )  # fmt: skip
    profile = store.target_profile(target_id)
    [order] = profile["open_orders"]  # the one whose follow-up is done is no longer open
    assert order["id"] == open_order.id and order["deadline"] == soon.isoformat()
    assert order["items"] == [f"{failing.code} {failing.title}"] and order["requirements"] == "补全消毒记录"
    assert [p["decision_no"] for p in profile["penalties"]] == ["长卫医罚〔2026〕12号"]
    assert [c["summary"] for c in profile["complaints"]] == ["器械未灭菌", "诊室消毒不规范"]  # open first
