"""The team lead's conflict inbox (issue 12): a value an ownership rule overwrote is kept on the server, and so is a
value a device was refused as a conflict; the team's lead lists them (nobody else does) and resolves one by choosing
a value, which every device then pulls. Abuse first: an inspector, another team's lead, an unknown or resolved entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.models import Target
from tests.server.world import CHANGNING, MEDICAL, PUBLIC, World, mutation


def _inbox(world: World, username: str, **params: Any) -> Any:
    return world.client.get("/api/conflicts", params=params, headers=world[username].headers)


def _resolve(world: World, username: str, entry_id: str, choice: str) -> Any:
    return world.client.post(
        f"/api/conflicts/{entry_id}/resolve", json={"choice": choice}, headers=world[username].headers
    )


def _task(world: World) -> dict[str, Any]:
    records, _ = world["lead"].pull_all()
    return records[("tasks", world.tasks[PUBLIC].id)]


def _overwritten(world: World) -> dict[str, Any]:
    """An import (a server write, by no user) moved the task's due date; the lead, offline on the version before it,
    moved it too: the lead owns planning fields, so his value wins and the import's is kept as history."""
    before = _task(world)
    imported = world.tasks[PUBLIC].model_copy(update={"due_on": date(2026, 12, 20), "version": before["version"]})
    world.insert_directly(imported)
    [answer] = world["lead"].push(
        mutation(entity="tasks", record_id=imported.id, base_version=before["version"], fields={"due_on": "2026-12-31"})
    )
    assert answer["status"] == "accepted", answer
    [entry] = _inbox(world, "lead").json()["conflicts"]
    return entry


def test_a_value_overwritten_by_ownership_is_kept_and_listed_for_the_teams_lead_only(world: World) -> None:
    world.add_users({"lead2": ("team_lead", MEDICAL, CHANGNING)})
    entry = _overwritten(world)

    assert (entry["kind"], entry["entity"], entry["field"]) == ("overwritten", "tasks", "due_on")
    assert (entry["kept_value"], entry["kept_by"]) == ("2026-12-31", "lead")
    assert (entry["other_value"], entry["other_by"]) == ("2026-12-20", "seed")
    assert _inbox(world, "zhang").status_code == 403  # an inspector has no inbox
    assert _inbox(world, "lead2").json()["conflicts"] == []  # another team's lead sees none of it
    assert [e["id"] for e in _inbox(world, "admin").json()["conflicts"]] == [entry["id"]]  # the district's admin does


def test_the_lead_resolves_by_choosing_and_every_device_pulls_the_choice(world: World) -> None:
    world.add_users({"lead2": ("team_lead", MEDICAL, CHANGNING)})
    entry = _overwritten(world)
    version = _task(world)["version"]
    assert _resolve(world, "zhang", entry["id"], "other").status_code == 403
    assert _resolve(world, "lead2", entry["id"], "other").status_code == 404  # not his team's: not even there
    assert _resolve(world, "lead", "no-such-entry", "other").status_code == 404
    assert _resolve(world, "lead", entry["id"], "neither").status_code == 422
    assert _task(world)["version"] == version  # nothing changed by any of those

    answer = _resolve(world, "lead", entry["id"], "other")

    assert answer.status_code == 200 and answer.json()["resolved_by"] == "lead"
    task = _task(world)
    assert (task["data"]["due_on"], task["version"]) == ("2026-12-20", version + 1)
    records, _ = world["zhang"].pull_all()
    assert records[("tasks", task["id"])]["data"]["due_on"] == "2026-12-20"
    assert _inbox(world, "lead").json()["conflicts"] == []
    assert [e["id"] for e in _inbox(world, "lead", resolved=True).json()["conflicts"]] == [entry["id"]]
    assert _resolve(world, "lead", entry["id"], "kept").status_code == 409  # once


def test_a_conflict_refused_to_a_device_is_in_the_inbox_with_both_values(world: World) -> None:
    target = next(t for t in world.targets.values() if t.district == CHANGNING)
    records, _ = world["zhang"].pull_all()
    base = records[("targets", target.id)]["version"]
    first = mutation(entity="targets", record_id=target.id, base_version=base, fields={"address": "长宁路1号甲"})
    second = mutation(entity="targets", record_id=target.id, base_version=base, fields={"address": "长宁路1号乙"})
    assert world["zhang"].push(first)[0]["status"] == "accepted"
    assert world["li"].push(second)[0]["status"] == "conflict"

    [entry] = _inbox(world, "admin").json()["conflicts"]
    assert [e["id"] for e in _inbox(world, "lead").json()["conflicts"]] == [entry["id"]]  # a target: every team's

    assert (entry["kind"], entry["entity"], entry["record_id"], entry["field"]) == (
        "conflict",
        Target.entity,
        target.id,
        "address",
    )
    assert (entry["kept_value"], entry["kept_by"], entry["other_value"], entry["other_by"]) == (
        "长宁路1号甲",
        "zhang",
        "长宁路1号乙",
        "li",
    )
