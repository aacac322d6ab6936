"""Cases (立案 → 行政处罚) at push: the server decides with its own enforcement configuration and records
(server/case_rule.py, resources/enforcement.json). Abuse first: someone else's inspection, items it did not fail,
photos of another visit, a fine outside the range without a reason, a general decision by an inspector, a major
decision without legal review, a review by one who inspected, a decision without its credit-repair notice, a decided
case changed, NUL and huge values, a replayed mutation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from app.models import Checklist, ChecklistItem, Evidence, Inspection, ItemResult
from app.models.domain import Case
from app.rules.shanghai import shanghai_date
from tests.server.world import CHANGNING, MEDICAL, PUBLIC, XUHUI, World, mutation

SHA = "ab" * 32


def _today() -> date:
    """Today in Shanghai: the day of the scene's inspection, when a summary decision is made on the spot."""
    return shanghai_date(datetime.now(UTC))


@dataclass
class Scene:
    inspection: Inspection
    items: dict[str, ChecklistItem]  # by code
    photo: Evidence


def _items(world: World) -> dict[str, ChecklistItem]:
    sheet = Checklist(code="HTL", name="宾馆旅馆卫生检查表", industry="hotel")
    items = {
        code: ChecklistItem(checklist_id=sheet.id, code=code, title=code, legal_basis="细则", industry="hotel")
        for code in ("HTL-01", "HTL-04", "HTL-09")
    }
    world.insert_directly(sheet, *items.values())
    return items


def _finished(world: World, items: dict[str, ChecklistItem], failed: tuple[str, ...], days_ago: int) -> Inspection:
    """A finished inspection by zhang and li that failed `failed`, held on the server as a push would leave it."""
    started = datetime.now(UTC) - timedelta(days=days_ago)
    inspection = world.inspection("zhang", "li").model_copy(
        update={"status": "completed", "started_at": started, "completed_at": started + timedelta(hours=1)}
    )
    results = [
        ItemResult(
            inspection_id=inspection.id,
            code_id=inspection.code_id,
            item_id=item.id,
            result="non_compliant" if code in failed else "compliant",
            note="现场发现",
        )
        for code, item in items.items()
    ]
    world.insert_directly(inspection, *results)
    return inspection


@pytest.fixture
def scene(world: World) -> Scene:
    items = _items(world)
    inspection = _finished(world, items, ("HTL-01", "HTL-04"), days_ago=0)  # on site today: summary decisions
    photo = Evidence(
        inspection_id=inspection.id,
        code_id=inspection.code_id,
        item_id=items["HTL-01"].id,
        sha256=SHA,
        size=10,
        taken_at=inspection.started_at,
    )
    world.insert_directly(photo)
    return Scene(inspection, items, photo)


def _case(scene: Scene, *codes: str, **fields: Any) -> Case:
    values: dict[str, Any] = {
        "inspection_id": scene.inspection.id,
        "target_id": scene.inspection.target_id,
        "case_no": "长卫立〔2026〕1号",
        "opened_on": _today(),
        "item_ids": [scene.items[c].id for c in codes or ("HTL-04",)],
        "facts": "从业人员未取得有效健康合格证明上岗",
        **fields,
    }
    return Case(**values)


def _answer(world: World, who: str, *mutations: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["status"], r["error"]) for r in world[who].push(*mutations)]


def _update(case: Case, version: int, **fields: Any) -> dict[str, Any]:
    changed = case.model_copy(update=fields)  # validated below by the server, as the client's store would send it
    data = changed.model_dump(mode="json")
    return mutation(entity="cases", record_id=case.id, base_version=version, fields={k: data[k] for k in fields})


DECIDED = {"status": "decided", "decision_no": "长卫罚〔2026〕7号", "notice_no": "长卫信提〔2026〕7号"}


# --- who may open a case --------------------------------------------------------------------------------------


def test_an_inspector_of_the_visit_opens_a_case_with_its_photo_and_the_lead_sees_it(world: World, scene: Scene) -> None:
    case = _case(scene, "HTL-01", evidence_ids=[scene.photo.id])
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    records, _ = world["lead"].pull_all()
    assert records[("cases", case.id)]["data"]["evidence_ids"] == [scene.photo.id]
    other_team, _ = world["wang"].pull_all()
    assert ("cases", case.id) not in other_team  # scoped as its inspection


def test_someone_else_s_inspection_is_refused(world: World, scene: Scene) -> None:
    case = _case(scene)
    assert _answer(world, "wang", mutation(case)) == [("rejected", "forbidden")]  # another team
    assert _answer(world, "zhao", mutation(case)) == [("rejected", "forbidden")]  # another district
    records, _ = world["lead"].pull_all()
    assert ("cases", case.id) not in records


def test_an_inspector_of_the_team_who_did_not_inspect_is_refused(world: World, scene: Scene) -> None:
    world.add_users({"chen": ("inspector", PUBLIC, "310105")})
    assert _answer(world, "chen", mutation(_case(scene))) == [("rejected", "forbidden")]


def test_only_items_the_visit_failed_and_only_its_photos(world: World, scene: Scene) -> None:
    assert _answer(world, "zhang", mutation(_case(scene, "HTL-09"))) == [("rejected", "item_not_failed")]
    other = _finished(world, scene.items, ("HTL-09",), days_ago=3)
    elsewhere = Evidence(inspection_id=other.id, code_id=other.code_id, sha256=SHA, size=10, taken_at=other.started_at)
    world.insert_directly(elsewhere)
    case = _case(scene, evidence_ids=[elsewhere.id])
    assert _answer(world, "zhang", mutation(case)) == [("rejected", "evidence_elsewhere")]
    unfinished = world.inspection("zhang", "li")
    world.insert_directly(unfinished)
    case = _case(scene).model_copy(update={"inspection_id": unfinished.id})
    assert _answer(world, "zhang", mutation(case)) == [("rejected", "inspection_not_finished")]


def test_a_result_amended_to_compliant_is_no_longer_a_case(world: World, scene: Scene) -> None:
    from app.models.domain import Amendment

    records, _ = world["lead"].pull_all()
    result_id = next(
        rid
        for (e, rid), r in records.items()
        if e == "item_results" and r["data"]["item_id"] == scene.items["HTL-04"].id
    )
    amendment = Amendment(
        inspection_id=scene.inspection.id,
        code_id=scene.inspection.code_id,
        record_entity="item_results",
        record_id=result_id,
        field="result",
        old_value="non_compliant",
        new_value="compliant",
        reason="复核后符合",
    )
    world.insert_directly(amendment)
    assert _answer(world, "zhang", mutation(_case(scene))) == [("rejected", "item_not_failed")]


# --- the case number is the district's alone --------------------------------------------------------------------


def test_a_number_used_by_another_case_of_the_district_is_refused_with_what_to_do(world: World, scene: Scene) -> None:
    first = _case(scene, "HTL-01")
    assert _answer(world, "zhang", mutation(first)) == [("accepted", None)]
    again = mutation(_case(scene))  # another case, the same number: the laptop counted only the cases it holds
    answer = world["lead"].push(again)
    assert [(a["status"], a["error"]) for a in answer] == [("rejected", "case_no_taken")]
    assert "长卫立〔2026〕1号" in answer[0]["message"] and "另选" in answer[0]["message"]
    assert world["lead"].push(again) == answer  # a replay gets the same answer
    wang_items = _items(world)  # 医疗机构科 of the same district: one numbering for the district
    world.add_users({"chen": ("inspector", MEDICAL, CHANGNING)})
    wang_visit = world.inspection("wang", "chen", team=MEDICAL).model_copy(update={"status": "completed"})
    failed = ItemResult(
        inspection_id=wang_visit.id,
        code_id=wang_visit.code_id,
        item_id=wang_items["HTL-04"].id,
        result="non_compliant",
    )
    world.insert_directly(wang_visit, failed)
    other_team = Case(
        inspection_id=wang_visit.id,
        target_id=wang_visit.target_id,
        case_no="长卫立〔2026〕1号",
        opened_on=_today(),
        item_ids=[wang_items["HTL-04"].id],
        facts="未取得健康证明",
    )
    assert _answer(world, "wang", mutation(other_team)) == [("rejected", "case_no_taken")]
    for padded in (
        " 长卫立〔2026〕1号",
        "长卫立〔2026〕1号\u3000",
        "长卫立〔2026〕1号\t",
    ):  # forged: not another number
        forged = other_team.model_copy(update={"case_no": padded})
        assert _answer(world, "wang", mutation(forged)) == [("rejected", "case_no_invalid")], padded
    records, _ = world["lead"].pull_all()
    assert [rid for (e, rid) in records if e == "cases"] == [first.id]
    renumbered = _case(scene, case_no="长卫立〔2026〕2号")
    assert _answer(world, "lead", mutation(renumbered)) == [("accepted", None)]  # another number: accepted


def test_two_cases_with_one_number_in_one_push_and_a_deleted_case_frees_its_number(world: World, scene: Scene) -> None:
    first, second = _case(scene, "HTL-01"), _case(scene)
    assert _answer(world, "zhang", mutation(first), mutation(second)) == [
        ("accepted", None),
        ("rejected", "case_no_taken"),
    ]
    delete = mutation(entity="cases", record_id=first.id, base_version=1, op="delete")  # still open: deletable
    assert _answer(world, "lead", delete, mutation(second)) == [("accepted", None), ("accepted", None)]


def test_another_district_may_use_the_same_number(world: World, scene: Scene) -> None:
    assert _answer(world, "zhang", mutation(_case(scene))) == [("accepted", None)]
    items = _items(world)
    world.add_users({"qian": ("inspector", PUBLIC, XUHUI)})
    visit = world.inspection("zhao", "qian", team=XUHUI).model_copy(update={"status": "completed"})
    failed = ItemResult(
        inspection_id=visit.id, code_id=visit.code_id, item_id=items["HTL-04"].id, result="non_compliant"
    )
    world.insert_directly(visit, failed)
    xuhui = Case(
        inspection_id=visit.id,
        target_id=visit.target_id,
        case_no="长卫立〔2026〕1号",
        opened_on=_today(),
        item_ids=[items["HTL-04"].id],
        facts="未取得健康证明",
    )
    assert _answer(world, "zhao", mutation(xuhui)) == [("accepted", None)]


@pytest.mark.parametrize("writers", [1, 2], ids=["one-group", "one-after-the-other"])
def test_two_pushes_at_once_cannot_both_take_a_number(world: World, scene: Scene, writers: int) -> None:
    """Both merged before either writes: in one group commit the later is stale within the group; written one after
    the other, the later finds the number taken under the lock. Either way it is merged again and refused."""
    from concurrent.futures import ThreadPoolExecutor

    from server.sync.push_writer import PushWriter
    from tests.server.test_push_group import TIMEOUT, GatedLock, _push

    cases = [_case(scene, "HTL-01"), _case(scene)]
    lock = GatedLock(world.client, 2)
    pool_writers = [PushWriter(lock) for _ in range(writers)]
    try:
        with ThreadPoolExecutor(2) as pool:
            futures = [
                pool.submit(_push, world.client, pool_writers[n % writers], who, f"dev-{n}", [mutation(case)])
                for n, (who, case) in enumerate(zip(("zhang", "lead"), cases, strict=True))
            ]
            answers = [f.result(TIMEOUT)[0] for f in futures]
    finally:
        lock.close()
    assert sorted((a.status, a.error) for a in answers) == [("accepted", None), ("rejected", "case_no_taken")]
    records, _ = world["lead"].pull_all()
    assert len([1 for (e, _rid) in records if e == "cases"]) == 1


def test_the_opening_is_fixed(world: World, scene: Scene) -> None:
    case = _case(scene)
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    moved = _update(case, 1, case_no="长卫立〔2026〕99号")
    assert _answer(world, "zhang", moved) == [("rejected", "case_immutable")]


# --- the decision ---------------------------------------------------------------------------------------------


def test_the_summary_procedure_on_site_by_the_inspector(world: World, scene: Scene) -> None:
    """HTL-04 failed first: a warning (PUB-STAFF), which the summary procedure allows."""
    case = _case(scene, procedure="summary")
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    decide = _update(case, 1, outcome="warning", decided_on=_today(), **DECIDED)
    assert _answer(world, "zhang", decide) == [("accepted", None)]


def test_an_inspector_cannot_make_a_general_decision_but_the_lead_can(world: World, scene: Scene) -> None:
    case = _case(scene)
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    decide = _update(case, 1, outcome="warning", decided_on=_today(), **DECIDED)
    assert _answer(world, "zhang", decide) == [("rejected", "decision_not_allowed")]
    assert _answer(world, "lead", decide) == [("accepted", None)]


def test_a_summary_decision_is_made_on_the_spot(world: World, scene: Scene) -> None:
    case = _case(scene, procedure="summary")
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    later = _update(case, 1, outcome="warning", decided_on=_today() + timedelta(days=1), **DECIDED)
    assert _answer(world, "zhang", later) == [("rejected", "summary_not_on_site")]
    assert _answer(world, "lead", later) == [("rejected", "summary_not_on_site")]  # whoever decides it


def test_a_summary_fine_beyond_the_threshold_is_refused(world: World, scene: Scene) -> None:
    case = _case(scene, "HTL-01", procedure="summary")  # PUB-LICENCE first: a fine of 500–5000
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    decide = _update(case, 1, outcome="fine", fine_yuan=3001, decided_on=_today(), **DECIDED)
    assert _answer(world, "zhang", decide) == [("rejected", "summary_not_allowed")]
    decide = _update(case, 1, outcome="fine", fine_yuan=3000, decided_on=_today(), **DECIDED)
    assert _answer(world, "zhang", decide) == [("accepted", None)]


def test_a_fine_outside_the_range_needs_a_reason(world: World, scene: Scene) -> None:
    case = _case(scene, "HTL-01")
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    beyond = _update(case, 1, outcome="fine", fine_yuan=5001)
    assert _answer(world, "zhang", beyond) == [("rejected", "fine_outside_range")]
    reasoned = _update(case, 1, outcome="fine", fine_yuan=8000, deviation_reason="经营面积大，从重处罚")
    assert _answer(world, "zhang", reasoned) == [("accepted", None)]


def test_a_repeat_failure_is_judged_by_the_server_s_own_records(world: World, scene: Scene) -> None:
    """HTL-04 failed at an earlier visit held on the server: the repeat tier (a fine) whatever the laptop says."""
    _finished(world, scene.items, ("HTL-04",), days_ago=200)
    case = _case(scene, outcome="warning", repeat_item_ids=[])  # the laptop saw no earlier failure
    assert _answer(world, "zhang", mutation(case)) == [("rejected", "outcome_differs")]
    fined = _case(scene, outcome="fine", fine_yuan=500)
    assert _answer(world, "zhang", mutation(fined)) == [("accepted", None)]


def test_the_no_penalty_list_for_a_first_failure_corrected(world: World, scene: Scene) -> None:
    other = _finished(world, scene.items, ("HTL-09",), days_ago=0)
    case = Case(
        inspection_id=other.id,
        target_id=other.target_id,
        case_no="长卫立〔2026〕3号",
        opened_on=_today(),
        item_ids=[scene.items["HTL-09"].id],
        facts="未公示卫生许可证",
        corrected=True,
        outcome="no_penalty",
    )
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    decided = _update(case, 1, status="decided", decided_on=_today(), decision_no="长卫不罚〔2026〕1号")
    assert _answer(world, "lead", decided) == [("accepted", None)]  # no penalty: no credit-repair notice needed
    uncorrected = Case(
        **{
            **case.model_dump(exclude={"id", "version", "updated_at"}),
            "corrected": False,
            "case_no": "长卫立〔2026〕4号",
        }
    )
    assert _answer(world, "zhang", mutation(uncorrected)) == [("rejected", "outcome_differs")]


def test_a_major_decision_needs_legal_review_by_someone_who_did_not_inspect(world: World, scene: Scene) -> None:
    big = {"outcome": "fine", "fine_yuan": 20_000, "deviation_reason": "拒不改正，从重"}
    cleared = _case(scene, "HTL-01", **big)
    assert _answer(world, "zhang", mutation(cleared)) == [("rejected", "review_flag_mismatch")]
    case = _case(scene, "HTL-01", review_required=True, **big)
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    decide = _update(case, 1, decided_on=_today(), **DECIDED)
    assert _answer(world, "lead", decide) == [("rejected", "legal_review_required")]
    review = {"review_result": "approved", "reviewed_on": _today(), "review_opinion": "事实清楚，依据正确"}
    assert _answer(world, "zhang", _update(case, 1, reviewed_by="zhang", **review)) == [
        ("rejected", "review_not_allowed")
    ]
    assert _answer(world, "lead", _update(case, 1, reviewed_by="admin", **review)) == [
        ("rejected", "reviewer_mismatch")
    ]
    assert _answer(world, "lead", _update(case, 1, reviewed_by="lead", **review)) == [("accepted", None)]
    assert _answer(world, "lead", _update(case, 2, decided_on=_today(), **DECIDED)) == [("accepted", None)]


def test_a_penalty_decision_without_its_credit_repair_notice_is_refused(world: World, scene: Scene) -> None:
    case = _case(scene)
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    bare = mutation(
        entity="cases",
        record_id=case.id,
        base_version=1,
        fields={"status": "decided", "outcome": "warning", "decided_on": _today().isoformat(), "decision_no": "X1"},
    )
    assert _answer(world, "lead", bare) == [("rejected", "invalid_record")]


def test_a_decided_case_is_fixed_but_delivered_and_published(world: World, scene: Scene) -> None:
    case = _case(scene, outcome="warning", decided_on=_today(), procedure="summary", **DECIDED)
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    assert _answer(world, "lead", _update(case, 1, outcome="fine", fine_yuan=800)) == [("rejected", "case_decided")]
    assert _answer(world, "lead", _update(case, 1, status="open")) == [("rejected", "case_decided")]
    assert _answer(world, "lead", _update(case, 1, delivered_on=_today(), published_on=_today())) == [
        ("accepted", None)
    ]
    delete = mutation(entity="cases", record_id=case.id, base_version=2, op="delete")
    assert _answer(world, "lead", delete) == [("rejected", "case_decided")]


# --- malformed and replayed ------------------------------------------------------------------------------------


def test_nul_huge_and_out_of_range_values_are_refused(world: World, scene: Scene) -> None:
    case = _case(scene)
    nul = mutation(entity="cases", record_id=case.id, fields={**case.model_dump(mode="json"), "facts": "违法\x00事实"})
    assert world["zhang"].push_raw(nul).status_code == 422  # the request itself is refused
    for bad in ({"facts": "长" * 2_001}, {"fine_yuan": 2**40}, {"item_ids": []}, {"case_no": "号" * 65}):
        fields = {**case.model_dump(mode="json"), **bad}
        answer = _answer(world, "zhang", mutation(entity="cases", record_id=case.id, fields=fields))
        assert answer == [("rejected", "invalid_record")], bad
    records, _ = world["lead"].pull_all()
    assert ("cases", case.id) not in records


def test_a_replayed_mutation_gets_the_same_answer_and_changes_nothing(world: World, scene: Scene) -> None:
    case = _case(scene, "HTL-01")
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    fine = _update(case, 1, outcome="fine", fine_yuan=600)
    first = world["zhang"].push(fine)
    again = world["zhang"].push(fine)
    assert first == again and first[0]["version"] == 2
    records, _ = world["lead"].pull_all()
    assert records[("cases", case.id)]["version"] == 2


def test_a_decided_penalty_case_counts_in_the_target_s_grade(world: World, scene: Scene) -> None:
    """A case decided with a warning counts as a minor penalty, a fine by its amount (server/grading.py)."""
    from app.resources import load_grading_config
    from server import grading

    config = load_grading_config()
    target = world.targets[CHANGNING].model_dump(mode="json")

    def signals() -> tuple[int, int]:
        with world.client.app.state.sessions() as session:
            found = grading.collect(session, [target], config, _today())[target["id"]].signals
        return found.penalties_minor, found.penalties_serious

    case = _case(scene, procedure="summary")
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    assert signals() == (0, 0)  # opened, not decided: no penalty yet
    decide = _update(case, 1, outcome="warning", decided_on=_today(), **DECIDED)
    assert _answer(world, "zhang", decide) == [("accepted", None)]
    assert signals() == (1, 0)
    fined = _case(
        scene, "HTL-01", case_no="长卫立〔2026〕2号", outcome="fine", fine_yuan=5000, decided_on=_today(), **DECIDED
    )
    assert _answer(world, "lead", mutation(fined)) == [("accepted", None)]
    assert signals() == (1, 1)  # 5,000 yuan: above the minor fines' 3,000


def test_a_case_is_closed_only_once_delivered_and_published(world: World, scene: Scene) -> None:
    case = _case(scene, outcome="warning", decided_on=_today(), procedure="summary", **DECIDED)
    assert _answer(world, "zhang", mutation(case)) == [("accepted", None)]
    assert _answer(world, "lead", _update(case, 1, status="closed")) == [("rejected", "case_not_closable")]
    assert _answer(world, "lead", _update(case, 1, delivered_on=_today(), status="closed")) == [
        ("rejected", "case_not_closable")  # a penalty is published first
    ]
    done = _update(case, 1, delivered_on=_today(), published_on=_today(), status="closed")
    assert _answer(world, "lead", done) == [("accepted", None)]


def test_a_case_opened_offline_arrives_in_one_push_with_its_inspection(world: World) -> None:
    """The summary procedure on site, offline: the inspection, its results and the case reach the server together."""
    items = _items(world)
    live = world.inspection("zhang", "li")
    done = live.model_copy(update={"status": "completed", "completed_at": live.started_at + timedelta(minutes=40)})
    result = ItemResult(
        inspection_id=live.id,
        code_id=live.code_id,
        item_id=items["HTL-04"].id,
        result="non_compliant",
        note="一名服务员无健康证明",
    )
    scene = Scene(done, items, photo=None)  # type: ignore[arg-type]
    case = _case(scene, outcome="warning", procedure="summary", decided_on=shanghai_date(live.started_at), **DECIDED)
    answers = _answer(world, "zhang", mutation(live), mutation(result), mutation(done), mutation(case))
    assert answers[-1] == ("accepted", None), answers
