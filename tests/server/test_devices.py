"""Per-device change tracking: a device never conflicts with itself; two devices of one user never overwrite."""

from __future__ import annotations

from typing import Any

from tests.server.world import CHANGNING, Api, World, mutation


def _push(api: Api, device: str, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
    response = api.push_raw(*mutations, device_id=device)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_two_devices_of_one_inspector_conflict_on_the_field_they_both_own(world: World) -> None:
    inspection = world.inspection("zhang", "li")
    result = world.result(inspection, "compliant")
    _push(world["zhang"], "tablet", mutation(inspection), mutation(result))
    edit = {"result": "non_compliant"}
    [first] = _push(
        world["zhang"], "tablet", mutation(entity="item_results", record_id=result.id, base_version=1, fields=edit)
    )
    [second] = _push(
        world["zhang"],
        "laptop",
        mutation(entity="item_results", record_id=result.id, base_version=1, fields={"result": "not_applicable"}),
    )
    assert first["status"] == "accepted"
    assert (second["status"], second["conflict_fields"]) == ("conflict", ["result"])
    assert "另一台设备" in second["message"] and "another device" in second["message"]
    records, _ = world["li"].pull_all()
    assert records[("item_results", result.id)]["data"]["result"] == "non_compliant"


def test_a_device_does_not_conflict_with_its_own_earlier_change(world: World) -> None:
    t = world.targets[CHANGNING]
    stale = 1
    [first] = _push(
        world["zhang"],
        "tablet",
        mutation(entity="targets", record_id=t.id, base_version=stale, fields={"address": "长宁路2号"}),
    )
    [again] = _push(
        world["zhang"],
        "tablet",
        mutation(entity="targets", record_id=t.id, base_version=stale, fields={"address": "长宁路5号"}),
    )
    assert (first["status"], again["status"], again["version"]) == ("accepted", "accepted", 3)
    [other] = _push(
        world["zhang"],
        "laptop",
        mutation(entity="targets", record_id=t.id, base_version=stale, fields={"address": "长宁路7号"}),
    )
    assert other["status"] == "conflict" and other["record"]["address"] == "长宁路5号"


def test_another_users_change_is_reported_as_the_servers(world: World) -> None:
    t = world.targets[CHANGNING]
    _push(
        world["zhang"],
        "tablet",
        mutation(entity="targets", record_id=t.id, base_version=1, fields={"address": "长宁路8号"}),
    )
    [result] = _push(
        world["li"],
        "tablet",
        mutation(entity="targets", record_id=t.id, base_version=1, fields={"address": "长宁路9号"}),
    )
    assert result["status"] == "conflict" and "另一台设备" not in result["message"]
