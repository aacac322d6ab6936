"""A plan's override of the grades' sampling ratios (issue 16), as the server takes it: only the plan's team lead may
write it; a NUL or oversized reason and an impossible ratio are refused with nothing stored; a replay gets the first
answer."""

from __future__ import annotations

from pathlib import Path

from tests.server.test_draw_commitment import drawn
from tests.server.world import World, mutation

OVERRIDE = {"sampling_ratios": {"A": 0.5}, "grade_override_reason": "医美专项整治"}


def _stored(world: World, plan_id: str) -> dict:
    seen, _ = world["lead"].pull_all()
    return seen[("plans", plan_id)]["data"]


def test_only_the_plans_lead_overrides_and_bad_values_change_nothing(world: World, tmp_path: Path) -> None:
    plan, _ = drawn(tmp_path)
    world.insert_directly(plan)
    for caller in ("zhang", "wang"):  # an inspector of the team; another team's inspector
        [refused] = world[caller].push(mutation(entity="plans", record_id=plan.id, base_version=1, fields=OVERRIDE))
        assert refused["status"] == "rejected", (caller, refused)
    for fields in (
        {**OVERRIDE, "grade_override_reason": "专项\x00整治"},
        {**OVERRIDE, "grade_override_reason": "理" * 100_000},
        {**OVERRIDE, "sampling_ratios": {"A": 7.0}},
    ):
        answer = world["lead"].push_raw(mutation(entity="plans", record_id=plan.id, base_version=1, fields=fields))
        # refused as a whole request (422: NUL) or as the one mutation
        assert answer.status_code == 422 or answer.json()["results"][0]["status"] == "rejected", answer.text
    assert _stored(world, plan.id).get("grade_override_reason") is None

    accepted = mutation(entity="plans", record_id=plan.id, base_version=1, fields=OVERRIDE)
    [first] = world["lead"].push(accepted)
    [replayed] = world["lead"].push(accepted)
    assert first["status"] == "accepted" and replayed == first
    assert _stored(world, plan.id)["grade_override_reason"] == "医美专项整治"
