"""A target's grade is the server's (issue 16): no push, not a lead's nor an admin's, sets its grade, score,
explanation, configuration version or history, nor a rule-made 无事不扰 exemption; the refusal names the fields. A lead
still records (and lifts) an exemption by decision, and creates targets whose grade fields hold the defaults."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from server.sync import authz
from tests.server.world import CHANGNING, World, mutation, target

GRADING = {
    "grade": "A",
    "grade_reasons": ["手工填写"],
    "grade_score": 99,
    "grade_version": "2099.1",
    "graded_at": "2026-11-01T00:00:00Z",
    "grade_explanation": [{"signal": "industry", "value": "hotel", "points": 5}],
    "grade_history": [
        {"grade": "A", "score": 99, "config_version": "2099.1", "graded_at": "2026-11-01T00:00:00Z", "reason": "hand"}
    ],
}


def _push(world: World, username: str, fields: dict[str, Any]) -> dict[str, Any]:
    rid = world.targets[CHANGNING].id
    records, _ = world["lead"].pull_all()
    version = records[("targets", rid)]["version"]
    [answer] = world[username].push(mutation(entity="targets", record_id=rid, base_version=version, fields=fields))
    return answer


def _stored(world: World) -> dict[str, Any]:
    records, _ = world["lead"].pull_all()
    return records[("targets", world.targets[CHANGNING].id)]["data"]


def test_the_grade_fields_are_in_no_grant() -> None:
    assert authz.server_only("targets") == authz.FIELD_GROUPS["targets"]["grading"]
    assert "server only: grade, grade_explanation" in authz.render_markdown()


@pytest.mark.parametrize("username", ["lead", "admin"])
@pytest.mark.parametrize("name", sorted(GRADING))
def test_a_hand_set_grade_field_is_refused_with_its_name(world: World, username: str, name: str) -> None:
    before = _stored(world)
    answer = _push(world, username, {name: GRADING[name]})
    assert (answer["status"], answer["error"]) == ("rejected", "forbidden"), answer
    assert name in answer["message"]
    assert _stored(world)[name] == before[name]


def test_a_grade_smuggled_beside_an_allowed_field_refuses_the_whole_write(world: World) -> None:
    answer = _push(world, "lead", {"address": "长宁路9号", "grade": "A"})
    assert (answer["status"], answer["error"]) == ("rejected", "forbidden")
    assert "grade" in answer["message"] and "address" not in answer["message"]
    assert _stored(world)["address"] != "长宁路9号"


def test_a_rule_made_exemption_is_the_servers(world: World) -> None:
    rule = {
        "do_not_disturb": True,
        "do_not_disturb_by": "rule",
        "do_not_disturb_reason": "等级 A 且连续 3 次检查未发现问题",
        "do_not_disturb_until": "2027-06-30",
    }
    answer = _push(world, "lead", rule)
    assert (answer["status"], answer["error"]) == ("rejected", "forbidden")
    assert "do_not_disturb_by" in answer["message"]
    assert _stored(world)["do_not_disturb"] is False


def test_a_lead_records_and_lifts_an_exemption_by_decision(world: World) -> None:
    decision = {
        "do_not_disturb": True,
        "do_not_disturb_by": "decision",
        "do_not_disturb_reason": "企业停业装修",
        "do_not_disturb_until": "2027-03-31",
    }
    assert _push(world, "lead", decision)["status"] == "accepted"
    assert _stored(world)["do_not_disturb_reason"] == "企业停业装修"
    lift = {
        "do_not_disturb": False,
        "do_not_disturb_by": None,
        "do_not_disturb_reason": None,
        "do_not_disturb_until": None,
    }
    assert _push(world, "admin", lift)["status"] == "accepted"
    assert _stored(world)["do_not_disturb"] is False
    assert _push(world, "zhang", decision)["error"] == "forbidden"  # an inspector decides nothing of it


def test_a_rule_made_exemption_is_lifted_but_not_rewritten_by_a_lead(world: World) -> None:
    ruled = world.targets[CHANGNING].model_copy(
        update={
            "do_not_disturb": True,
            "do_not_disturb_by": "rule",
            "do_not_disturb_reason": "等级 A 且连续 3 次检查未发现问题",
            "do_not_disturb_until": date(2027, 6, 30),
        }
    )
    world.insert_directly(ruled)
    answer = _push(world, "lead", {"do_not_disturb_until": "2030-01-01"})
    assert (answer["status"], answer["error"]) == ("rejected", "forbidden")
    assert _stored(world)["do_not_disturb_until"] == "2027-06-30"
    lift = {
        "do_not_disturb": False,
        "do_not_disturb_by": None,
        "do_not_disturb_reason": None,
        "do_not_disturb_until": None,
    }
    assert _push(world, "lead", lift)["status"] == "accepted"


def test_a_new_target_carries_only_the_default_grade(world: World) -> None:
    fresh = target(CHANGNING, name="新开宾馆")
    assert world["lead"].push(mutation(fresh))[0]["status"] == "accepted"
    graded = target(CHANGNING, name="自评宾馆").model_copy(update={"grade": "A", "grade_score": 99})
    [answer] = world["admin"].push(mutation(graded))
    assert (answer["status"], answer["error"]) == ("rejected", "forbidden")
    assert "grade" in answer["message"] and "grade_score" in answer["message"]
