"""The checklist catalogue imported by an admin (server/imports/catalogue.py): created, left alone when unchanged,
updated in place while no code has carried it, and given a new version once used (the old version kept for its
codes, the plan moved to the new one)."""

from __future__ import annotations

from app.models import Task
from server.__main__ import main
from tests.server.codes_world import issued, register_plan, update
from tests.server.world import PUBLIC, World

HEADER = "检查表编号,检查表名称,行业,事项编号,检查事项,法律依据\n"
V1 = (
    HEADER
    + "TST-A,宾馆卫生检查表,宾馆,A-01,卫生许可证公示,《公共场所卫生管理条例》第八条\n"
    + "TST-A,宾馆卫生检查表,宾馆,A-02,床上用品一客一换,《公共场所卫生管理条例实施细则》第十四条\n"
    + "TST-B,美发卫生检查表,美容美发,B-01,工具消毒,《公共场所卫生管理条例实施细则》第十四条\n"
    + "TST-C,网吧检查表,网吧,C-01,通风,无\n"  # unknown industry
    + "TST-B,美发卫生检查表,美容美发,B-01,工具消毒（重复）,同上\n"  # the item repeats
)


def _post(world: World, text: str, dry_run: bool = False) -> dict:
    response = world.client.post(
        "/api/imports/catalogue",
        params={"dry_run": str(dry_run).lower()},
        content=text.encode(),
        headers={**world["admin"].headers, "Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def _catalogue(world: World) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    records, _ = world["lead"].pull_all()
    sheets: dict[str, list[dict]] = {}
    items: dict[str, list[dict]] = {}
    for (entity, _id), change in records.items():
        if entity == "checklists" and not change.get("deleted"):
            sheets.setdefault(change["data"]["code"], []).append(change["data"])
        if entity == "checklist_items" and not change.get("deleted"):
            items.setdefault(change["data"]["checklist_id"], []).append(change["data"])
    return sheets, items


def test_the_catalogue_is_created_updated_and_versioned_once_used(world: World) -> None:
    report = _post(world, V1)
    assert (report["created_count"], report["refused_count"]) == (2, 2)
    assert sorted(r["reasons"][0] for r in report["refused"]) == ["duplicate", "unknown_industry"]
    assert _post(world, V1)["unchanged_count"] == 2
    sheets, items = _catalogue(world)
    [hotel] = sheets["TST-A"]
    first_items = sorted(items[hotel["id"]], key=lambda i: i["position"])
    assert [i["code"] for i in first_items] == ["A-01", "A-02"] and hotel["checklist_version"] == 1

    unused_change = V1.replace("第八条", "第八条、第十条")  # no code carries TST-A yet: updated in place
    changed = _post(world, unused_change)
    assert changed["updated_count"] == 1 and changed["updated"][0]["record_id"] == hotel["id"]
    sheets, items = _catalogue(world)
    assert [s["id"] for s in sheets["TST-A"]] == [hotel["id"]]
    assert {i["id"] for i in items[hotel["id"]]} == {i["id"] for i in first_items}
    assert any(i["legal_basis"].endswith("第十条") for i in items[hotel["id"]])

    register_plan(world, [hotel["id"]])
    task: Task = world.tasks[PUBLIC]
    update(world["lead"], "tasks", task.id, inspector_ids=[world.inspector_id("zhang"), world.inspector_id("li")])
    code = issued(world["lead"], [task.id])  # TST-A is used from now on
    assert set(code["checklist_item_ids"]) == {i["id"] for i in first_items}

    with_a_third = unused_change.replace(
        "TST-B,美发卫生检查表,美容美发,B-01,工具消毒,",
        "TST-A,宾馆卫生检查表,宾馆,A-03,客房空气质量检测,《公共场所卫生管理条例》第六条\n"
        "TST-B,美发卫生检查表,美容美发,B-01,工具消毒,",
    )
    versioned = _post(world, with_a_third)
    [entry] = versioned["updated"]
    assert {c["field"]: c["new"] for c in entry["changes"]}["checklist_version"] == 2
    sheets, items = _catalogue(world)
    old, new = sorted(sheets["TST-A"], key=lambda s: s["checklist_version"])
    assert (old["id"], new["checklist_version"], new["id"]) == (hotel["id"], 2, entry["record_id"])
    assert len(items[old["id"]]) == 2 and len(items[new["id"]]) == 3  # the used version is kept as it was
    records, _ = world["lead"].pull_all()
    assert records[("plans", task.plan_id)]["data"]["checklist_ids"] == [new["id"]]  # the plan moves on
    assert set(records[("inspection_codes", code["id"])]["data"]["checklist_item_ids"]) == {
        i["id"] for i in first_items
    }  # the code keeps the items it was issued with


def test_the_server_command_imports_the_catalogue(tmp_path, capsys) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text(V1, encoding="utf-8")
    assert main(["import-catalogue", str(path), "--dry-run"]) == 0
    assert "新增 created 2" in capsys.readouterr().out
