"""无感 at push (issue 16): an inspection's remote flag matches its tasks and its target's grade, else it is refused
with a reason and stored nowhere (server/sync/visit_rule.py, called by the code rule)."""

from __future__ import annotations

from typing import Any

from app.resources import load_grading_config
from server import grading
from tests.server.codes_world import extra_task, inspection_under, issued, ready, update
from tests.server.world import CHANGNING, World, mutation

CONFIG = load_grading_config()


def _file(world: World, name: str, value: Any) -> None:
    with world.client.app.state.sessions() as session:
        grading.file_signal(
            session, world.targets[CHANGNING].id, name, value, note="信用平台", by="admin", config=CONFIG
        )
        session.commit()


def _answer(world: World, *mutations: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["status"], r["error"]) for r in world["zhang"].push(*mutations)]


def _stored(world: World, record_id: str) -> dict[str, Any] | None:
    records, _ = world["lead"].pull_all()
    change = records.get(("inspections", record_id))
    return change["data"] if change else None


def test_a_remote_task_is_checked_remotely(world: World) -> None:
    task, _ = ready(world)
    update(world["lead"], "tasks", task.id, remote=True)
    code = issued(world["lead"], [task.id])
    inspection = inspection_under(code, remote=True)
    assert _answer(world, mutation(inspection)) == [("accepted", None)]
    assert _stored(world, inspection.id)["remote"] is True


def test_a_remote_task_visited_on_site_unflagged_is_refused(world: World) -> None:
    """An unflagged inspection of a remote task would count as no visit without saying so."""
    task, _ = ready(world)
    update(world["lead"], "tasks", task.id, remote=True)
    code = issued(world["lead"], [task.id])
    inspection = inspection_under(code)
    [answer] = world["zhang"].push(mutation(inspection))
    assert (answer["status"], answer["error"]) == ("rejected", "remote_mismatch")
    assert "remote" in answer["message"]
    assert _stored(world, inspection.id) is None


def test_an_on_site_task_flagged_remote_is_refused(world: World) -> None:
    """A remote flag on a routine visit's inspection would take it out of the yearly cap and the repeat guard."""
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    inspection = inspection_under(code, remote=True)
    assert _answer(world, mutation(inspection)) == [("rejected", "remote_mismatch")]
    assert _stored(world, inspection.id) is None


def test_the_flag_cannot_be_set_afterwards(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    inspection = inspection_under(code)
    assert _answer(world, mutation(inspection)) == [("accepted", None)]
    flip = mutation(entity="inspections", record_id=inspection.id, base_version=1, fields={"remote": True})
    assert _answer(world, flip) == [("rejected", "remote_mismatch")]
    assert _stored(world, inspection.id)["remote"] is False


def test_a_remote_check_the_grade_no_longer_allows_is_refused(world: World) -> None:
    task, _ = ready(world)
    update(world["lead"], "tasks", task.id, remote=True)
    code = issued(world["lead"], [task.id])  # grade B: remote allowed
    _file(world, "penalties_serious", 2)  # 100 − 2 − 30 = 68: grade C, a site visit is needed
    inspection = inspection_under(code, remote=True)
    [answer] = world["zhang"].push(mutation(inspection))
    assert (answer["status"], answer["error"]) == ("rejected", "remote_not_allowed")
    assert "C" in answer["message"]
    assert _stored(world, inspection.id) is None


def test_a_joint_inspection_with_an_on_site_task_is_a_visit(world: World) -> None:
    task, _ = ready(world)
    update(world["lead"], "tasks", task.id, joint_inspection_id="joint-1")  # 撮合: one visit for both
    remote = extra_task(world, remote=True, joint_inspection_id="joint-1")
    code = issued(world["lead"], [task.id, remote.id])
    flagged = inspection_under(code, remote=True)
    assert _answer(world, mutation(flagged)) == [("rejected", "remote_mismatch")]
    visit = inspection_under(code)
    assert _answer(world, mutation(visit)) == [("accepted", None)]
