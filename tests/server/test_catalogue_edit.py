"""The catalogue edited by an admin (server/catalogue_edit.py, POST /api/catalogue/items): refused to anyone else and
for bad values; an unused version edited in place; a version used by a code frozen, the edit made a new version that
the plan moves to while the code keeps its items; pushes and the catalogue loader leave a frozen version alone."""

from __future__ import annotations

from typing import Any

from app.models import ChecklistItem
from app.resources import load_catalogue
from server import catalogue as loader
from tests.server.codes_world import LEGAL_BASIS, assign, checklist, issued, ready, register_plan
from tests.server.world import PUBLIC, World, mutation


def _edit(world: World, username: str = "admin", **body: Any) -> Any:
    return world.client.post("/api/catalogue/items", json=body, headers=world[username].headers)


def _records(world: World, entity: str) -> dict[str, dict[str, Any]]:
    records, _ = world["admin"].pull_all()
    return {key[1]: c for key, c in records.items() if key[0] == entity and not c.get("deleted")}


def _body(item: ChecklistItem, **changes: Any) -> dict[str, Any]:
    return {
        "checklist_id": item.checklist_id,
        "item_id": item.id,
        "code": item.code,
        "title": item.title,
        "legal_basis": item.legal_basis,
        **changes,
    }


def test_only_an_admin_edits_and_bad_values_are_refused(world: World) -> None:
    _, items = checklist(world)
    for username in ("lead", "zhang"):
        answer = _edit(world, username, **_body(items[0], title="改"))
        assert (answer.status_code, answer.json()["code"]) == (403, "not_allowed")
    for bad in ({"title": "卫生\x00许可"}, {"legal_basis": "x" * 100_000}, {"title": ""}, {"code": "A\x00"}):
        assert _edit(world, **_body(items[0], **bad)).status_code == 422, bad
    assert _edit(world, **_body(items[0], checklist_id="no-such-id")).json()["code"] == "not_found"
    assert _edit(world, **_body(items[0], item_id="no-such-id")).json()["code"] == "not_found"
    taken = _edit(world, **_body(items[0], code=items[1].code))  # another item's code in the same checklist
    assert (taken.status_code, taken.json()["code"]) == (409, "duplicate_code")
    stored = _records(world, "checklist_items")
    assert {stored[i.id]["data"]["title"] for i in items} == {i.title for i in items}  # nothing changed


def test_an_unused_version_is_edited_in_place(world: World) -> None:
    sheet, items = checklist(world)
    answer = _edit(world, **_body(items[1], title="公共用品用具一客一换一消毒"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["new_version"], body["checklist"]["id"], body["item"]["id"]) == (False, sheet.id, items[1].id)
    added = _edit(world, checklist_id=sheet.id, code="GG-01-9", title="集中空调通风系统清洗", legal_basis=LEGAL_BASIS)
    assert added.status_code == 200 and added.json()["item"]["position"] == 3
    stored = _records(world, "checklist_items")
    assert stored[items[1].id]["data"]["title"] == "公共用品用具一客一换一消毒"
    assert stored[items[0].id]["version"] == 1  # the others untouched
    assert len([c for c in stored.values() if c["data"]["checklist_id"] == sheet.id]) == 3


def test_a_used_version_is_frozen_and_the_edit_makes_a_new_version(world: World) -> None:
    task, items = ready(world)
    code = issued(world["lead"], [task.id])  # the version is used from now on
    sheet_id = items[0].checklist_id
    answer = _edit(world, **_body(items[0], legal_basis="《公共场所卫生管理条例》第十条、第十四条"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["new_version"] and body["frozen_id"] == sheet_id
    new = body["checklist"]
    assert new["id"] != sheet_id and new["checklist_version"] == 2
    stored = _records(world, "checklist_items")
    assert [stored[i.id]["data"]["legal_basis"] for i in items] == [LEGAL_BASIS] * 2  # the frozen items as they were
    copies = sorted(
        (c["data"] for c in stored.values() if c["data"]["checklist_id"] == new["id"]), key=lambda d: d["position"]
    )
    assert [c["code"] for c in copies] == [i.code for i in items] and copies[0]["checklist_version"] == 2
    assert copies[0]["legal_basis"].endswith("第十四条")
    plans = _records(world, "plans")
    assert plans[world.plans[PUBLIC].id]["data"]["checklist_ids"] == [new["id"]]  # the plan moves on
    assert set(_records(world, "inspection_codes")[code["id"]]["data"]["checklist_item_ids"]) == {i.id for i in items}
    stale = _edit(world, **_body(items[0], title="改旧版本"))  # the frozen version is not the newest any more
    assert (stale.status_code, stale.json()["code"]) == (409, "not_newest")


def test_a_push_changing_a_frozen_version_is_refused(world: World) -> None:
    task, items = ready(world)
    issued(world["lead"], [task.id])
    change = mutation(entity="checklist_items", record_id=items[0].id, base_version=1, fields={"title": "改写"})
    added = ChecklistItem(
        checklist_id=items[0].checklist_id, code="GG-01-9", title="新增", legal_basis=LEGAL_BASIS, industry="hotel"
    )
    gone = mutation(entity="checklist_items", record_id=items[1].id, base_version=1, op="delete")
    answers = world["admin"].push(change, mutation(added), gone)
    assert [(a["status"], a["error"]) for a in answers] == [("rejected", "checklist_frozen")] * 3
    unused, unused_items = checklist(world, code="GG-02")  # a version no code carries is still the admin's to push
    fine = mutation(entity="checklist_items", record_id=unused_items[0].id, base_version=1, fields={"title": "改写"})
    assert world["admin"].push(fine)[0]["status"] == "accepted"
    assert unused.id != items[0].checklist_id


def test_the_catalogue_loader_leaves_a_frozen_version_alone(world: World) -> None:
    checklists, catalogue_items = load_catalogue()
    sheet = checklists[0]
    sheet_items = [i for i in catalogue_items if i.checklist_id == sheet.id]
    with world.client.app.state.sessions() as session:
        assert loader.load(session, ([sheet], sheet_items))["frozen"] == 0
        session.commit()
    register_plan(world, [sheet.id])
    assign(world, world.tasks[PUBLIC], "zhang", "li", checklist_ids=[sheet.id])
    issued(world["lead"], [world.tasks[PUBLIC].id])
    changed = [sheet_items[0].model_copy(update={"title": sheet_items[0].title + "（改）"}), *sheet_items[1:]]
    with world.client.app.state.sessions() as session:
        counts = loader.load(session, ([sheet], changed))
        session.commit()
    assert counts == {"checklists": 0, "checklist_items": 0, "frozen": 1}
    assert _records(world, "checklist_items")[sheet_items[0].id]["data"]["title"] == sheet_items[0].title
