"""凭码检查 logged: pushing a new inspection under a code logs a use with who, which device and when it started."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.server.codes_world import inspection_under, issued, ready
from tests.server.world import World, mutation


def _uses(world: World, code_id: str) -> list[dict[str, object]]:
    response = world.client.get(f"/api/codes/{code_id}/uses", headers=world["lead"].headers)
    assert response.status_code == 200, response.text
    return response.json()["uses"]


def test_a_pushed_inspection_logs_one_use_of_its_code(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    started = datetime.now(UTC).replace(microsecond=0)  # within the window of the code just issued (read now: a
    inspection = inspection_under(code, started_at=started)  # time read at import is stale once the suite runs long)
    batch = mutation(inspection)
    for _ in range(2):  # a replayed batch, then an update: still one use
        response = world["zhang"].push_raw(batch, device_id="tablet-7")
        assert response.json()["results"][0]["status"] == "accepted"
    update = mutation(entity="inspections", record_id=inspection.id, base_version=1, fields={"findings": "无"})
    assert world["zhang"].push_raw(update, device_id="tablet-7").json()["results"][0]["status"] == "accepted"

    [use] = _uses(world, code["id"])
    assert (use["username"], use["device_id"]) == ("zhang", "tablet-7")
    used_at = datetime.fromisoformat(str(use["used_at"]))
    assert (used_at if used_at.tzinfo else used_at.replace(tzinfo=UTC)) == started


def test_a_refused_inspection_logs_nothing(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    inspection = inspection_under(code)
    [result] = world["wang"].push(mutation(inspection))  # another team: not on the code
    assert result["error"] == "code_wrong_inspector"
    assert _uses(world, code["id"]) == []
