"""Push and pull: round trips, idempotent replays, conflicts and merges, ownership, scoping."""

from __future__ import annotations

from app.models import Checklist
from tests.server.world import CHANGNING, MEDICAL, PUBLIC, XUHUI, World, mutation, plan, target


def test_push_then_pull_round_trip(world: World) -> None:
    new = target(CHANGNING, "长宁游泳馆")
    [result] = world["lead"].push(mutation(new))
    assert result == {
        "mutation_id": result["mutation_id"],
        "status": "accepted",
        "version": 1,
        "record": None,
        "conflict_fields": [],
        "error": None,
        "message": None,
    }
    records, _ = world["li"].pull_all()
    pulled = records[("targets", new.id)]
    assert pulled["version"] == 1
    assert pulled["data"]["name"] == "长宁游泳馆"
    assert pulled["data"]["credit_code"] == new.credit_code


def test_pull_pages_follow_the_cursor_without_repeats(world: World) -> None:
    created = [target(CHANGNING, f"宾馆{i}") for i in range(7)]
    world["lead"].push(*(mutation(t) for t in created))
    first = world["li"].pull(0, 3)
    assert first["has_more"] and len(first["changes"]) == 3
    records, cursor = world["li"].pull_all(first["cursor"], 3)
    ids = [c["id"] for c in first["changes"]] + [k[1] for k in records]
    assert len(ids) == len(set(ids))
    assert {t.id for t in created} <= set(ids)
    assert world["li"].pull(cursor)["changes"] == []


def test_an_updated_record_moves_to_the_head_of_the_log(world: World) -> None:
    _, cursor = world["li"].pull_all()
    t = world.targets[CHANGNING]
    world["lead"].push(mutation(entity="targets", record_id=t.id, base_version=1, fields={"name": "长宁宾馆"}))
    page = world["li"].pull(cursor)
    assert [(c["id"], c["version"], c["data"]["name"]) for c in page["changes"]] == [(t.id, 2, "长宁宾馆")]


def test_replayed_batch_gets_the_same_answers_and_changes_nothing(world: World) -> None:
    t = world.targets[CHANGNING]
    batch = [
        mutation(entity="targets", record_id=t.id, base_version=1, fields={"name": "长宁宾馆"}),
        mutation(target(CHANGNING, "新对象")),
    ]
    first = world["lead"].push(*batch)
    _, cursor = world["li"].pull_all()
    again = world["lead"].push(*batch)
    assert again == first
    assert world["li"].pull(cursor)["changes"] == []
    records, _ = world["li"].pull_all()
    assert records[("targets", t.id)]["version"] == 2


def test_same_field_changed_on_both_sides_is_a_conflict_with_the_server_record(world: World) -> None:
    t = world.targets[CHANGNING]
    world["zhang"].push(mutation(entity="targets", record_id=t.id, base_version=1, fields={"address": "长宁路2号"}))
    [result] = world["li"].push(
        mutation(entity="targets", record_id=t.id, base_version=1, fields={"address": "长宁路3号"})
    )
    assert result["status"] == "conflict"
    assert result["conflict_fields"] == ["address"]
    assert result["record"]["address"] == "长宁路2号" and result["record"]["version"] == 2
    records, _ = world["li"].pull_all()
    assert records[("targets", t.id)]["data"]["address"] == "长宁路2号"


def test_disjoint_fields_merge(world: World) -> None:
    t = world.targets[CHANGNING]
    world["zhang"].push(mutation(entity="targets", record_id=t.id, base_version=1, fields={"address": "长宁路2号"}))
    [result] = world["lead"].push(
        mutation(entity="targets", record_id=t.id, base_version=1, fields={"name": "长宁宾馆"})
    )
    assert (result["status"], result["version"]) == ("accepted", 3)
    records, _ = world["zhang"].pull_all()
    data = records[("targets", t.id)]["data"]
    assert (data["address"], data["name"], data["version"]) == ("长宁路2号", "长宁宾馆", 3)


def test_same_value_on_both_sides_is_no_conflict(world: World) -> None:
    t = world.targets[CHANGNING]
    world["lead"].push(mutation(entity="targets", record_id=t.id, base_version=1, fields={"name": "长宁宾馆"}))
    [result] = world["admin"].push(
        mutation(entity="targets", record_id=t.id, base_version=1, fields={"name": "长宁宾馆"})
    )
    assert (result["status"], result["version"]) == ("accepted", 2)


def test_planning_fields_belong_to_the_team_lead(world: World) -> None:
    task = world.tasks[PUBLIC]
    zhang, lead = world.inspector_id("zhang"), world.inspector_id("lead")
    [own] = world["zhang"].push(
        mutation(entity="tasks", record_id=task.id, base_version=1, fields={"scheduled_on": "2025-06-01"})
    )
    assert (own["status"], own["error"]) == ("rejected", "forbidden") and "scheduled_on" in own["message"]
    [lead_result] = world["lead"].push(
        mutation(
            entity="tasks",
            record_id=task.id,
            base_version=1,
            fields={"scheduled_on": "2025-07-01", "inspector_ids": [zhang, lead]},
        )
    )
    assert lead_result["status"] == "accepted"
    [admin_late] = world["admin"].push(
        mutation(entity="tasks", record_id=task.id, base_version=1, fields={"scheduled_on": "2025-06-02"})
    )
    assert admin_late["status"] == "conflict" and admin_late["conflict_fields"] == ["scheduled_on"]
    assert admin_late["record"]["scheduled_on"] == "2025-07-01"


def test_site_results_belong_to_the_inspectors_on_the_code(world: World) -> None:
    inspection = world.inspection("zhang", "li")
    result = world.result(inspection)
    assert [r["status"] for r in world["zhang"].push(mutation(inspection), mutation(result))] == ["accepted"] * 2
    # The team lead is not on the code: he may read the result, not change it.
    [lead] = world["lead"].push(
        mutation(entity="item_results", record_id=result.id, base_version=1, fields={"note": "负责人备注"})
    )
    assert (lead["status"], lead["error"]) == ("rejected", "code_wrong_inspector")
    [site] = world["li"].push(
        mutation(entity="item_results", record_id=result.id, base_version=1, fields={"note": "现场记录"})
    )
    assert (site["status"], site["version"]) == ("accepted", 2)
    # Two holders of the code editing the same field is a conflict nobody wins silently.
    [clash] = world["zhang"].push(
        mutation(entity="item_results", record_id=result.id, base_version=1, fields={"note": "另一位监督员"})
    )
    assert clash["status"] == "conflict" and clash["record"]["note"] == "现场记录"


def test_an_inspector_sees_nothing_of_another_district(world: World) -> None:
    records, _ = world["zhao"].pull_all()
    districts = {c["data"].get("district") for c in records.values()} - {None}
    assert districts == {XUHUI}
    assert ("targets", world.targets[CHANGNING].id) not in records
    assert ("tasks", world.tasks[PUBLIC].id) not in records
    mine, _ = world["zhang"].pull_all()
    assert ("targets", world.targets[XUHUI].id) not in mine
    assert ("tasks", world.tasks[XUHUI].id) not in mine


def test_team_scoping_of_tasks_and_site_records(world: World) -> None:
    inspection = world.inspection("zhang", "li")
    world["zhang"].push(mutation(inspection), mutation(world.result(inspection)))
    lead, _ = world["lead"].pull_all()
    medical, _ = world["wang"].pull_all()
    admin, _ = world["admin"].pull_all()
    assert ("tasks", world.tasks[PUBLIC].id) in lead and ("inspections", inspection.id) in lead
    assert ("tasks", world.tasks[MEDICAL].id) not in lead
    assert ("tasks", world.tasks[PUBLIC].id) not in medical and ("inspections", inspection.id) not in medical
    assert ("tasks", world.tasks[MEDICAL].id) in medical
    assert ("targets", world.targets[CHANGNING].id) in medical  # targets are shared by the district
    assert {("tasks", world.tasks[PUBLIC].id), ("tasks", world.tasks[MEDICAL].id)} <= set(admin)
    assert ("tasks", world.tasks[XUHUI].id) not in admin


def test_catalogues_are_shared_and_written_by_admins_only(world: World) -> None:
    checklist = Checklist(code="GG-01", name="公共场所检查表", industry="hotel")
    [refused] = world["zhang"].push(mutation(checklist))
    assert (refused["status"], refused["error"]) == ("rejected", "forbidden")
    [accepted] = world["admin"].push(mutation(checklist))
    assert accepted["status"] == "accepted"
    records, _ = world["zhao"].pull_all()
    assert ("checklists", checklist.id) in records


def test_writes_outside_the_callers_scope_are_forbidden(world: World) -> None:
    foreign = world.targets[XUHUI]
    [update] = world["zhang"].push(
        mutation(entity="targets", record_id=foreign.id, base_version=1, fields={"grade": "D"})
    )
    [create] = world["zhang"].push(mutation(target(XUHUI)))
    [other_team] = world["wang"].push(
        mutation(entity="tasks", record_id=world.tasks[PUBLIC].id, base_version=1, fields={"due_on": "2025-09-01"})
    )
    assert [r["error"] for r in (update, create, other_team)] == ["forbidden"] * 3
    records, _ = world["zhao"].pull_all()
    assert records[("targets", foreign.id)]["version"] == 1


def test_invalid_records_are_rejected_with_a_reason_and_the_rest_of_the_batch_applies(world: World) -> None:
    bad = target(CHANGNING).model_dump(mode="json", exclude={"version"})
    bad["credit_code"] = "91310105MA1FL0000X"
    good = target(CHANGNING, "好对象")
    results = world["lead"].push(
        {"mutation_id": "m-bad", "entity": "targets", "id": bad["id"], "base_version": 0, "fields": bad},
        mutation(entity="targets", record_id=good.id, fields={"nickname": "x"}),
        mutation(entity="nonsense", record_id="x", fields={}),
        mutation(good),
    )
    assert [(r["status"], r["error"]) for r in results] == [
        ("rejected", "invalid_record"),
        ("rejected", "invalid_record"),
        ("rejected", "unknown_entity"),
        ("accepted", None),
    ]
    assert "/" in results[0]["message"] and "nickname" in results[1]["message"]
    records, _ = world["lead"].pull_all()
    assert ("targets", bad["id"]) not in records and ("targets", good.id) in records


def test_delete_is_pulled_as_a_tombstone(world: World) -> None:
    t = target(CHANGNING)
    world["lead"].push(mutation(t))
    [result] = world["lead"].push(mutation(entity="targets", record_id=t.id, base_version=1, op="delete"))
    assert (result["status"], result["version"]) == ("accepted", 2)
    records, _ = world["li"].pull_all()
    assert records[("targets", t.id)]["deleted"] is True


def test_plans_are_written_by_team_leads_not_inspectors(world: World) -> None:
    [refused] = world["zhang"].push(mutation(plan()))
    [accepted] = world["lead"].push(mutation(plan()))
    assert (refused["error"], accepted["status"]) == ("forbidden", "accepted")


def test_server_side_writes_mark_only_the_fields_they_change(world: World) -> None:
    t = world.targets[CHANGNING]
    world.insert_directly(t.model_copy(update={"grade": "D"}))
    [result] = world["zhang"].push(
        mutation(entity="targets", record_id=t.id, base_version=1, fields={"address": "长宁路9号"})
    )
    assert (result["status"], result["version"]) == ("accepted", 3)


def test_invisible_changes_still_move_the_cursor_on(world: World) -> None:
    _, cursor = world["zhao"].pull_all()
    world["lead"].push(*(mutation(target(CHANGNING)) for _ in range(5)))
    page = world["zhao"].pull(cursor, 1)
    assert (page["changes"], page["has_more"]) == ([], False)
    assert page["cursor"] >= cursor + 5


def test_the_time_of_the_save_is_kept_with_a_change_and_alone_changes_nothing(world: World) -> None:
    """Clients send updated_at with every change (the echo of a push is then the record as saved there); alone, with
    values the server already has, it is judged and stored as before: nothing, even for a field the caller may not
    write."""
    t = world.targets[CHANGNING]
    stamp = "2026-01-02T03:04:05.678901Z"
    [renamed] = world["lead"].push(
        mutation(entity="targets", record_id=t.id, base_version=1, fields={"name": "长宁宾馆", "updated_at": stamp})
    )
    records, cursor = world["zhang"].pull_all()
    data = records[("targets", t.id)]["data"]
    assert (renamed["status"], data["name"], data["updated_at"]) == ("accepted", "长宁宾馆", stamp)
    later = "2026-01-03T03:04:05.678901Z"
    [same] = world["zhang"].push(  # an inspector may not rename a target; the same name is no rename
        mutation(entity="targets", record_id=t.id, base_version=2, fields={"name": "长宁宾馆", "updated_at": later})
    )
    assert (same["status"], same["version"]) == ("accepted", 2)
    assert world["zhang"].pull(cursor)["changes"] == []
