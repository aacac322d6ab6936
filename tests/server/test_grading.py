"""信用+风险 on the server: grades computed on demand and when signals change, kept as history, sent by sync; a
configuration change re-grades with its version; 申码 refused by 无事不扰, 无感 and the visit caps, with overrides."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from app.models import Inspection, Task
from app.models.domain import Penalty
from app.resources import grading_config_path, load_grading_config
from app.rules.grading import GradingConfig
from demo.__main__ import main as demo_main
from server import grading
from server.__main__ import main
from tests.server.codes_world import extra_task, ready, request, update
from tests.server.world import CHANGNING, PUBLIC, World, mutation

CONFIG = load_grading_config()


def stricter() -> GradingConfig:
    data = json.loads(grading_config_path().read_text(encoding="utf-8"))
    data["version"] = "2026.3"
    data["industry_points"]["hotel"] = -12
    return GradingConfig.parse(json.dumps(data))


def target_of(world: World, username: str = "zhang") -> dict[str, Any]:
    records, _ = world[username].pull_all()
    return records[("targets", world.targets[CHANGNING].id)]["data"]


def regrade(world: World, **kwargs: Any) -> list[grading.GradeChange]:
    with world.client.app.state.sessions() as session:
        changes = grading.regrade(session, [world.targets[CHANGNING].id], **{"config": CONFIG, **kwargs})
        session.commit()
    return changes


def file(world: World, name: str, value: Any) -> None:
    with world.client.app.state.sessions() as session:
        grading.file_signal(
            session, world.targets[CHANGNING].id, name, value, note="信用平台", by="admin", config=CONFIG
        )
        session.commit()


def history(world: World) -> list[grading.GradeHistoryRow]:
    with world.client.app.state.sessions() as session:
        rows = grading.history(session, world.targets[CHANGNING].id)
        session.expunge_all()
    return rows


def test_on_demand_grade_reaches_the_inspector_with_its_explanation(world: World) -> None:
    changes = regrade(world)
    assert [(c.after, c.score, c.config_version) for c in changes] == [("A", 98, "2026.2")]
    data = target_of(world)
    assert (data["grade"], data["grade_score"], data["grade_version"]) == ("A", 98, "2026.2")
    assert sum(line["points"] for line in data["grade_explanation"]) == data["grade_score"]
    assert data["grade_history"][0]["grade"] == "A" and data["grade_reasons"]
    assert regrade(world) == []  # nothing moved: nothing written, no new step
    assert len(history(world)) == 1


def test_a_pushed_penalty_regrades_the_target_and_says_why(world: World) -> None:
    regrade(world)
    penalty = Penalty(
        target_id=world.targets[CHANGNING].id,
        decision_no="长卫罚〔2026〕1号",
        decided_on=date.today(),
        summary="罚款 5000 元",
        team=PUBLIC,
    )
    assert world["lead"].push(mutation(penalty))[0]["status"] == "accepted"
    data = target_of(world)
    assert (data["grade"], data["grade_score"]) == ("B", 83)
    step = data["grade_history"][0]
    assert step["reason"] == "signals" and step["moved"][0].startswith("较重处罚（罚款及以上）：0 → 1（-15 分）")
    assert [row.grade for row in history(world)] == ["B", "A"]


def test_a_penalty_counts_by_its_recorded_fine_and_kind(world: World) -> None:
    regrade(world)
    target_id = world.targets[CHANGNING].id
    small = Penalty(
        target_id=target_id,
        decision_no="长卫罚〔2026〕2号",
        decided_on=date.today(),
        summary="警告，并处罚款 800 元（简易程序）",
        fine_yuan=800,
        team=PUBLIC,
    )
    assert world["lead"].push(mutation(small))[0]["status"] == "accepted"
    data = target_of(world)
    lines = {x["signal"]: x for x in data["grade_explanation"]}
    assert (lines["penalties_minor"]["value"], lines["penalties_serious"]["value"]) == (1, 0)  # up to 3,000 yuan
    revoked = small.model_copy(update={"id": "p-revoked", "decision_no": "长卫罚〔2026〕3号", "fine_yuan": 800})
    revoked = revoked.model_copy(update={"summary": "罚款 800 元，吊销卫生许可证"})
    assert world["lead"].push(mutation(revoked))[0]["status"] == "accepted"
    lines = {x["signal"]: x for x in target_of(world)["grade_explanation"]}
    assert (lines["penalties_minor"]["value"], lines["penalties_serious"]["value"]) == (1, 1)  # the kind weighs more
    assert lines["penalties_minor"]["note"].startswith("判定依据：罚款不超过 3000 元 ×1 / ")  # the rule that decided
    assert (
        "处罚种类" in lines["penalties_serious"]["note"]
        and "decided by: the decision's kind" in (lines["penalties_serious"]["note"])
    )
    assert any("判定依据：处罚种类" in r for r in target_of(world)["grade_reasons"])


def test_a_filed_penalty_count_says_it_was_filed(world: World) -> None:
    penalty = Penalty(
        target_id=world.targets[CHANGNING].id,
        decision_no="长卫罚〔2026〕4号",
        decided_on=date.today(),
        summary="罚款 5000 元",
        team=PUBLIC,
    )
    assert world["lead"].push(mutation(penalty))[0]["status"] == "accepted"
    lines = {x["signal"]: x for x in target_of(world)["grade_explanation"]}
    assert lines["penalties_serious"]["note"].startswith("判定依据：罚款未记录金额 ×1")  # no amount recorded
    file(world, "penalties_serious", 2)  # the credit platform's count wins over the records'
    lines = {x["signal"]: x for x in target_of(world)["grade_explanation"]}
    assert lines["penalties_serious"]["value"] == 2
    assert lines["penalties_serious"]["note"] == (
        "判定依据：信用平台报送的处罚数 ×2 / decided by: the count filed from the credit platform ×2"
    )


def test_a_configuration_change_regrades_with_the_new_version_and_keeps_the_old_history(world: World) -> None:
    regrade(world)
    changes = regrade(world, config=stricter(), reason="config")
    assert [(c.before, c.after, c.config_version) for c in changes] == [("A", "B", "2026.3")]
    rows = history(world)
    assert [(r.grade, r.config_version, r.score) for r in rows] == [("B", "2026.3", 88), ("A", "2026.2", 98)]
    old = rows[1]
    assert sum(line["points"] for line in old.explanation) == 98  # the old step keeps its own explanation
    data = target_of(world)
    assert [s["config_version"] for s in data["grade_history"]] == ["2026.3", "2026.2"]
    assert data["grade_history"][0]["moved"][-1].startswith("分级配置 2026.2 → 2026.3")


def test_filed_signals_regrade_and_unknown_ones_are_refused(world: World) -> None:
    file(world, "licence", "expired")
    assert target_of(world)["grade"] == "B"  # 100 − 2 − 20
    file(world, "licence", "valid")
    assert target_of(world)["grade"] == "A"
    with world.client.app.state.sessions() as session:
        with pytest.raises(ValueError, match="unknown grading signal"):
            grading.file_signal(session, world.targets[CHANGNING].id, "mood", 1, by="admin", config=CONFIG)
        with pytest.raises(ValueError):
            grading.file_signal(session, world.targets[CHANGNING].id, "hygiene_score", 140, by="admin", config=CONFIG)


def test_the_grade_command_grades_every_target(monkeypatch: pytest.MonkeyPatch, tmp_path, capsys) -> None:
    assert demo_main(["server", "--targets", "30"]) == 0
    capsys.readouterr()
    assert main(["grade"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["config_version"] == "2026.2" and first["changed"] > 0
    assert main(["grade"]) == 0
    assert json.loads(capsys.readouterr().out)["changed"] == 0  # nothing moved since
    path = tmp_path / "grading-2026.3.json"
    path.write_text(stricter().model_dump_json(), encoding="utf-8")
    assert main(["grade", "--config", str(path)]) == 0
    third = json.loads(capsys.readouterr().out)
    assert third["config_version"] == "2026.3" and third["changed"] == 30  # every grade carries the new version


# --- 申码 under the grade's visit rules -----------------------------------------------------------------------------


def _refused(response: Any, code: str) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code and " / " in response.json()["message"]


def _past_visit(world: World, days_ago: int, category: str = "district_random", **task_fields: Any) -> None:
    """A routine visit of the target `days_ago` days ago: a completed task with its completed inspection."""
    base = world.tasks[PUBLIC]
    task = Task(
        plan_id=base.plan_id,
        target_id=base.target_id,
        category=category,
        team=PUBLIC,
        status="completed",
        **task_fields,
    )
    started = datetime.now(UTC) - timedelta(days=days_ago)
    inspection = Inspection(
        code_id="code-past",
        target_id=base.target_id,
        task_ids=[task.id],
        inspector_ids=[world.inspector_id("zhang"), world.inspector_id("li")],
        status="completed",
        started_at=started,
        completed_at=started + timedelta(hours=2),
    )
    world.insert_directly(task, inspection)


def test_do_not_disturb_by_decision_refuses_routine_codes_until_its_end_date(world: World) -> None:
    task, _ = ready(world)
    until = (date.today() + timedelta(days=30)).isoformat()
    update(
        world["lead"],
        "targets",
        world.targets[CHANGNING].id,
        do_not_disturb=True,
        do_not_disturb_by="decision",
        do_not_disturb_reason="连续三年量化分级 A 级",
        do_not_disturb_until=until,
    )
    response = request(world["lead"], [task.id])
    _refused(response, "do_not_disturb")
    assert "连续三年量化分级 A 级" in response.json()["message"]
    complaint = extra_task(world, category="complaint")
    assert request(world["lead"], [complaint.id]).status_code == 201  # a complaint still goes through


def test_a_lead_triggered_task_with_a_reason_passes_the_exemption(world: World) -> None:
    task, _ = ready(world)
    update(
        world["lead"],
        "targets",
        world.targets[CHANGNING].id,
        do_not_disturb=True,
        do_not_disturb_by="decision",
        do_not_disturb_reason="信用良好",
    )
    _refused(request(world["lead"], [task.id]), "do_not_disturb")
    update(world["lead"], "tasks", task.id, visit_override_reason="区领导交办：群众反映泳池水质")
    assert request(world["lead"], [task.id]).status_code == 201


def test_an_ended_exemption_no_longer_refuses(world: World) -> None:
    task, _ = ready(world)
    update(
        world["lead"],
        "targets",
        world.targets[CHANGNING].id,
        do_not_disturb=True,
        do_not_disturb_by="decision",
        do_not_disturb_reason="信用良好",
        do_not_disturb_until=(date.today() - timedelta(days=1)).isoformat(),
    )
    assert request(world["lead"], [task.id]).status_code == 201


def test_the_rule_exempts_a_clean_a_grade_target(world: World) -> None:
    task, _ = ready(world)
    _past_visit(world, 500)
    _past_visit(world, 400)
    regrade(world)
    data = target_of(world)
    assert data["grade"] == "A" and data["do_not_disturb"] and data["do_not_disturb_by"] == "rule"
    _refused(request(world["lead"], [task.id]), "do_not_disturb")
    file(world, "penalties_serious", 1)  # grade B: the rule no longer holds and the exemption is lifted
    assert not target_of(world)["do_not_disturb"]
    assert request(world["lead"], [task.id]).status_code == 201


def test_remote_checks_by_grade(world: World) -> None:
    task, _ = ready(world, "zhang", "li")
    update(world["lead"], "tasks", task.id, remote=True)
    file(world, "penalties_serious", 2)  # 100 − 2 − 30 = 68, grade C: no remote check
    _refused(request(world["lead"], [task.id]), "remote_not_allowed")
    file(world, "penalties_serious", 0)  # grade A: remote allowed, and no visit counts against it
    _past_visit(world, 3)
    code = request(world["lead"], [task.id])
    assert code.status_code == 201, code.text


def test_the_yearly_cap_and_its_override(world: World) -> None:
    task, _ = ready(world)
    file(world, "findings", 6)  # 100 − 2 − 12 = 86: grade B, one routine visit a year, 180 days apart
    days = (date.today() - date(date.today().year, 1, 1)).days
    _past_visit(world, max(days, 0))  # this year, as long ago as the year allows
    response = request(world["lead"], [task.id])
    _refused(response, "visit_cap_reached")
    complaint = extra_task(world, category="complaint")
    assert request(world["lead"], [complaint.id]).status_code == 201
    update(world["lead"], "tasks", task.id, visit_override_reason="专项整治需要")
    assert request(world["lead"], [task.id]).status_code == 201


def test_the_repeat_visit_guard_refuses_inside_the_interval_unless_a_lead_overrides(world: World) -> None:
    task, _ = ready(world)
    file(world, "penalties_serious", 3)  # 100 − 2 − 45 = 53: grade D, four visits a year, 30 days apart
    _past_visit(world, 10)
    _refused(request(world["lead"], [task.id]), "repeat_visit")
    update(world["lead"], "tasks", task.id, visit_override_reason="复查发现新问题线索")
    assert request(world["lead"], [task.id]).status_code == 201


def test_visits_outside_the_interval_pass(world: World) -> None:
    task, _ = ready(world)
    file(world, "penalties_serious", 3)
    _past_visit(world, 40)
    _past_visit(world, 12, category="complaint")  # a complaint visit is no routine visit
    assert request(world["lead"], [task.id]).status_code == 201


def test_the_grade_command_runs_on_a_schedule(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    assert demo_main(["server", "--targets", "10"]) == 0
    capsys.readouterr()
    waits: list[float] = []

    def stop_after_the_second_wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("server.__main__.time.sleep", stop_after_the_second_wait)
    with pytest.raises(KeyboardInterrupt):
        main(["grade", "--every", "6"])
    runs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert waits == [6 * 3600, 6 * 3600]
    assert [r["changed"] > 0 for r in runs] == [True, False]  # the second run finds nothing moved
