"""Results record the checklist version they answered (issue 15): the server takes only the version their item
belongs to, and the public page shows the code's items under their checklist's name and version; a version used by a
code stays as it was when the catalogue moves on, so the page of an old code still shows what was checked."""

from __future__ import annotations

from typing import Any

from app.models import ItemResult
from tests.server.codes_world import inspection_under, issued, ready, register_plan
from tests.server.test_import_catalogue import V1, _catalogue, _post
from tests.server.world import World, mutation


def _result(inspection: Any, item_id: str, **fields: Any) -> dict[str, Any]:
    made = ItemResult(inspection_id=inspection.id, code_id=inspection.code_id, item_id=item_id, result="compliant")
    return mutation(entity="item_results", record_id=made.id, fields={**mutation(made)["fields"], **fields})


def _answers(world: World, *mutations: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["status"], r["error"]) for r in world["zhang"].push(*mutations)]


def test_a_result_naming_another_version_than_its_items_is_refused(world: World) -> None:
    task, items = ready(world)
    inspection = inspection_under(issued(world["lead"], [task.id]))
    assert _answers(world, mutation(inspection)) == [("accepted", None)]
    forged = [
        _result(inspection, items[0].id, checklist_version=2),  # a version the item is not of
        _result(inspection, items[0].id, checklist_version=10**12),  # huge
        _result(inspection, items[0].id, checklist_version=0),
    ]
    answers = _answers(world, *forged)
    nul = world["zhang"].push_raw(_result(inspection, items[0].id, checklist_version="1\x00"))
    assert nul.status_code == 422  # refused whole, before any rule
    assert answers[0] == ("rejected", "checklist_version_mismatch")
    assert all(status == "rejected" for status, _ in answers[1:]), answers
    assert _answers(world, _result(inspection, items[0].id, checklist_version=1)) == [("accepted", None)]
    assert _answers(world, _result(inspection, items[1].id)) == [("accepted", None)]  # an older client says none
    records, _ = world["lead"].pull_all()
    stored = [c["data"] for (entity, _), c in records.items() if entity == "item_results"]
    assert sorted(str(r.get("checklist_version")) for r in stored) == ["1", "None"]


def test_the_public_page_shows_the_version_a_code_was_issued_with(world: World) -> None:
    _post(world, V1)
    sheets, _ = _catalogue(world)
    [hotel] = sheets["TST-A"]
    task, _ = ready(world)
    register_plan(world, [hotel["id"]])
    old_code = issued(world["lead"], [task.id])
    _post(world, V1.replace("卫生许可证公示", "卫生许可证在有效期内并公示"))  # used: becomes version 2
    sheets, _ = _catalogue(world)
    new = max(sheets["TST-A"], key=lambda s: s["checklist_version"])
    assert new["checklist_version"] == 2
    old_page = world.client.get(f"/c/{old_code['short_code']}").text
    assert "宾馆卫生检查表" in old_page and "第 1 版" in old_page
    assert "卫生许可证公示" in old_page and "卫生许可证在有效期内并公示" not in old_page
    revoked = world.client.post(
        f"/api/codes/{old_code['id']}/revoke", json={"reason": "检查表更新"}, headers=world["lead"].headers
    )
    assert revoked.status_code == 200, revoked.text
    new_code = issued(world["lead"], [task.id])
    new_page = world.client.get(f"/c/{new_code['short_code']}").text
    assert "第 2 版" in new_page and "卫生许可证在有效期内并公示" in new_page
