"""Scope of the newer entities: evaluations hidden from inspectors, planning records by team, who may write them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.models.domain import (
    Amendment,
    Complaint,
    Evaluation,
    InspectionCode,
    MergeDecision,
    Penalty,
    Recusal,
    SamplingDraw,
)
from app.models.ids import new_id
from tests.server.world import CHANGNING, MEDICAL, PUBLIC, World, mutation


def _code(world: World) -> InspectionCode:
    task = world.tasks[PUBLIC]
    now = datetime.now(UTC)
    return InspectionCode(
        short_code="ABC123",
        target_id=task.target_id,
        target_credit_code=world.targets[CHANGNING].credit_code,
        task_ids=[task.id],
        inspector_ids=[world.inspector_id("zhang"), world.inspector_id("li")],
        valid_from=now,
        valid_until=now + timedelta(days=1),
        issuer="server",
        key_id="0" * 16,
        signature="",
    )


def test_inspectors_never_pull_evaluations_but_their_lead_and_admin_do(world: World) -> None:
    code = _code(world)
    evaluation = Evaluation(code_id=code.id, score=2, comment="态度一般")
    world.insert_directly(code, evaluation)
    key = ("evaluations", evaluation.id)
    for inspector in ("zhang", "li", "wang"):
        records, _ = world[inspector].pull_all()
        assert key not in records, inspector
    assert ("inspection_codes", code.id) in world["zhang"].pull_all()[0]
    assert world["lead"].pull_all()[0][key]["data"]["score"] == 2
    assert key in world["admin"].pull_all()[0]


def _planning_records(world: World, team: str) -> list[Recusal | MergeDecision | SamplingDraw | Penalty]:
    task, target = world.tasks[team], world.targets[CHANGNING]
    return [
        Recusal(inspector_id=world.inspector_id("zhang"), target_id=target.id, reason="亲属任职", team=team),
        MergeDecision(
            proposal_id=new_id(),
            task_ids=[task.id, new_id()],
            target_id=target.id,
            accepted=False,
            reason="时间冲突",
            team=team,
        ),
        SamplingDraw(
            plan_id=world.plans[team].id,
            seed=7,
            ratios={"A": 0.1},
            exclude_do_not_disturb=True,
            include_complaints=False,
            per_task=2,
            pool_size=1,
            pool_digest="0" * 64,
            inspector_digest="0" * 64,
            target_ids=[target.id],
            assignments={},
            inputs={},
            team=team,
        ),
        Penalty(
            target_id=target.id, decision_no="长卫罚〔2025〕1号", decided_on=date(2025, 3, 3), summary="警告", team=team
        ),
    ]


def test_planning_records_are_written_by_leads_and_seen_by_their_team_only(world: World) -> None:
    recusal, *lead_only = _planning_records(world, PUBLIC)
    refused = world["zhang"].push(*(mutation(r) for r in lead_only))
    assert [r["error"] for r in refused] == ["forbidden"] * 3
    [declared] = world["zhang"].push(mutation(recusal))
    assert declared["status"] == "accepted"
    accepted = world["lead"].push(*(mutation(r) for r in lead_only))
    assert [r["status"] for r in accepted] == ["accepted"] * 3
    keys = {(r.entity, r.id) for r in (recusal, *lead_only)}
    assert keys <= set(world["li"].pull_all()[0])
    assert not keys & set(world["wang"].pull_all()[0])  # another team of the same district
    assert not keys & set(world["zhao"].pull_all()[0])  # another district


def test_another_teams_planning_records_are_forbidden(world: World) -> None:
    records = _planning_records(world, MEDICAL)
    results = world["lead"].push(*(mutation(r) for r in records))
    assert [r["error"] for r in results] == ["forbidden"] * 4


def test_amendments_follow_their_inspection_and_complaints_their_target(world: World) -> None:
    inspection = world.inspection("zhang", "li")
    result = world.result(inspection)
    amendment = Amendment(
        inspection_id=inspection.id,
        code_id=inspection.code_id,
        record_entity="item_results",
        record_id=result.id,
        field="result",
        old_value="compliant",
        new_value="non_compliant",
        reason="复核照片后更正",
    )
    complaint = Complaint(target_id=world.targets[CHANGNING].id, received_on=date(2025, 5, 6), summary="泳池水浑浊")
    finish = {"status": "completed", "completed_at": datetime.now(UTC).isoformat()}
    completed = mutation(entity="inspections", record_id=inspection.id, base_version=1, fields=finish)
    results = world["zhang"].push(mutation(inspection), mutation(result), completed, mutation(amendment))
    assert [r["status"] for r in results] == ["accepted"] * 4
    assert world["lead"].push(mutation(complaint))[0]["status"] == "accepted"
    amendment_key, complaint_key = ("amendments", amendment.id), ("complaints", complaint.id)
    assert {amendment_key, complaint_key} <= set(world["li"].pull_all()[0])
    medical = world["wang"].pull_all()[0]  # same district, another team: the target's complaint, not the inspection
    assert complaint_key in medical and amendment_key not in medical
    assert not {amendment_key, complaint_key} & set(world["zhao"].pull_all()[0])
    orphan = Complaint(target_id="no-such-target", received_on=date(2025, 5, 6), summary="无")
    assert world["lead"].push(mutation(orphan))[0]["error"] == "unknown_parent"
