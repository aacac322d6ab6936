"""撮合: proposals across plans, categories and departments; acceptance into one joint inspection; the repeat guard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.domain import Inspector, Plan, Task
from app.models.enums import TaskCategory, TaskStatus
from app.rules.merging import MergeError, Participant, accept, propose_merges, reject

DAY = date(2025, 5, 12)
MARKET = "市场监督管理局"


def make_plan(plan_id: str, category: TaskCategory, checklists: list[str]) -> Plan:
    return Plan(
        id=plan_id,
        plan_no=f"2025-{plan_id}",
        name=plan_id,
        category=category,
        year=2025,
        team="公共场所科",
        checklist_ids=checklists,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )


PLANS = {
    "p-national": make_plan("p-national", TaskCategory.NATIONAL_RANDOM, ["cl-hotel", "cl-water"]),
    "p-campaign": make_plan("p-campaign", TaskCategory.CAMPAIGN, ["cl-hotel", "cl-aids"]),
    "p-market": make_plan("p-market", TaskCategory.CROSS_DEPARTMENT, ["cl-food"]),
}


def make_task(
    task_id: str,
    plan_id: str,
    offset_days: int,
    *,
    target_id: str = "target-1",
    inspectors: tuple[str, ...] = ("insp-1", "insp-2"),
    department: str = "卫生健康委员会",
    **fields: object,
) -> Task:
    values = {
        "id": task_id,
        "plan_id": plan_id,
        "target_id": target_id,
        "category": PLANS[plan_id].category if plan_id in PLANS else TaskCategory.DISTRICT_RANDOM,
        "team": "公共场所科",
        "inspector_ids": list(inspectors),
        "scheduled_on": DAY + timedelta(days=offset_days),
        "department": department,
    }
    return Task(**{**values, **fields})


def three_lines() -> list[Task]:
    """A national random task, a campaign task and market regulation's cross-department task on one hotel."""
    return [
        make_task("t-national", "p-national", 6),
        make_task("t-campaign", "p-campaign", 2, inspectors=("insp-2", "insp-3")),
        make_task("t-market", "p-market", 10, inspectors=("mkt-1", "mkt-2"), department=MARKET),
    ]


INSPECTORS = {
    "mkt-1": Inspector(id="mkt-1", name="王芳", username="wang.fang", team="餐饮科", department=MARKET),
}


def test_tasks_from_different_lines_and_departments_make_one_proposal() -> None:
    [proposal] = propose_merges(three_lines(), window_days=14, plans=PLANS, inspectors=INSPECTORS)
    assert proposal.target_id == "target-1"
    assert proposal.task_ids == ("t-campaign", "t-national", "t-market")  # by scheduled date
    assert proposal.suggested_on == DAY + timedelta(days=2)
    assert proposal.inspector_ids == ("insp-2", "insp-3", "insp-1", "mkt-1", "mkt-2")
    assert proposal.participants == (Participant("mkt-1", "王芳", MARKET), Participant("mkt-2", "", MARKET))
    assert proposal.departments == ("卫生健康委员会", MARKET)
    assert proposal.categories == ("campaign", "national_random", "cross_department")
    assert proposal.checklist_ids == ("cl-hotel", "cl-aids", "cl-water", "cl-food")
    assert proposal.repeat_warning is None


def test_only_tasks_within_the_window_of_the_first_are_grouped() -> None:
    tasks = [*three_lines(), make_task("t-late", "p-national", 40), make_task("t-late2", "p-campaign", 45)]
    proposals = propose_merges(tasks, window_days=7, plans=PLANS)
    assert [p.task_ids for p in proposals] == [("t-campaign", "t-national"), ("t-late", "t-late2")]


def test_tasks_on_different_targets_are_not_merged() -> None:
    tasks = [make_task("a", "p-national", 0), make_task("b", "p-campaign", 1, target_id="target-2")]
    assert propose_merges(tasks) == []


def test_tasks_of_one_plan_category_and_department_are_not_proposed() -> None:
    tasks = [make_task("a", "p-national", 0), make_task("b", "p-national", 1)]
    assert propose_merges(tasks) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"status": TaskStatus.COMPLETED},
        {"status": TaskStatus.CLOSED, "close_reason": "已歇业"},
        {"status": TaskStatus.IN_PROGRESS},
        {"joint_inspection_id": "joint-earlier"},
        {"scheduled_on": None},
    ],
)
def test_finished_started_merged_or_unscheduled_tasks_stay_out(fields: dict[str, object]) -> None:
    tasks = [make_task("a", "p-national", 0), make_task("b", "p-campaign", 1, **fields)]
    assert propose_merges(tasks) == []


def test_a_task_with_a_requested_code_can_still_be_merged() -> None:
    tasks = [make_task("a", "p-national", 0, status=TaskStatus.CODE_REQUESTED), make_task("b", "p-campaign", 1)]
    assert [p.task_ids for p in propose_merges(tasks)] == [("a", "b")]


def test_accepting_gives_every_task_one_joint_id_the_union_of_inspectors_and_one_date() -> None:
    tasks = three_lines()
    [proposal] = propose_merges(tasks, plans=PLANS)
    joint_id, merged = accept(proposal)
    assert joint_id
    assert {t.id for t in merged} == {t.id for t in tasks}
    assert {t.joint_inspection_id for t in merged} == {joint_id}
    assert all(t.inspector_ids == ["insp-2", "insp-3", "insp-1", "mkt-1", "mkt-2"] for t in merged)
    assert {t.scheduled_on for t in merged} == {proposal.suggested_on}
    assert all(t.joint_inspection_id is None for t in tasks)  # the originals are untouched
    assert propose_merges(merged) == []  # merged tasks are not proposed again


def test_accepting_a_stale_proposal_is_refused() -> None:
    tasks = three_lines()
    [proposal] = propose_merges(tasks)
    started = tasks[1].model_copy(update={"status": TaskStatus.IN_PROGRESS})
    with pytest.raises(
        MergeError, match=r"任务 t-campaign 已合并、已开始或已结束，撮合建议已失效 / task\(s\) t-campaign"
    ):
        accept(proposal, current={started.id: started})


def test_accepting_keeps_changes_made_since_the_proposal() -> None:
    tasks = three_lines()
    [proposal] = propose_merges(tasks)
    changed = tasks[0].model_copy(update={"due_on": date(2025, 6, 30)})
    _, merged = accept(proposal, current={changed.id: changed}, joint_inspection_id="joint-1")
    assert next(t for t in merged if t.id == changed.id).due_on == date(2025, 6, 30)
    assert {t.joint_inspection_id for t in merged} == {"joint-1"}


def test_a_rejected_proposal_is_recorded_and_not_proposed_again() -> None:
    [proposal] = propose_merges(three_lines())
    rejection = reject(proposal, " 市场监管局本月无法派员 ", decided_by="lead.gongong")
    assert (rejection.proposal_id, rejection.reason, rejection.decided_by) == (
        proposal.proposal_id,
        "市场监管局本月无法派员",
        "lead.gongong",
    )
    assert rejection.task_ids == proposal.task_ids
    assert propose_merges(three_lines(), rejected=[rejection.proposal_id]) == []
    # A new task on the target makes a new proposal, which the lead sees again.
    more = [*three_lines(), make_task("t-followup", "p-extra", 3)]
    [fresh] = propose_merges(more, rejected=[rejection.proposal_id])
    assert "t-followup" in fresh.task_ids


def test_a_rejection_needs_a_reason() -> None:
    [proposal] = propose_merges(three_lines())
    with pytest.raises(MergeError, match="须说明原因 / rejecting a merge proposal needs a reason"):
        reject(proposal, "  ")


def test_repeat_guard_warns_when_the_target_was_inspected_recently() -> None:
    recent = {"target-1": DAY - timedelta(days=10)}
    [proposal] = propose_merges(three_lines(), recent_inspections=recent, repeat_guard_days=30)
    assert proposal.last_inspected_on == DAY - timedelta(days=10)
    assert proposal.repeat_warning is not None
    assert "2025-05-02" in proposal.repeat_warning and "30" in proposal.repeat_warning
    [quiet] = propose_merges(three_lines(), recent_inspections=recent, repeat_guard_days=12)
    assert quiet.repeat_warning is None  # inspected 12 days before the suggested date


def test_negative_windows_are_refused() -> None:
    with pytest.raises(MergeError, match="不能为负 / the window"):
        propose_merges(three_lines(), window_days=-1)


def test_proposals_are_ordered_by_date_then_target() -> None:
    tasks = [
        make_task("b1", "p-national", 5, target_id="target-b"),
        make_task("b2", "p-campaign", 6, target_id="target-b"),
        make_task("a1", "p-national", 5, target_id="target-a"),
        make_task("a2", "p-campaign", 5, target_id="target-a"),
        make_task("c1", "p-national", 1, target_id="target-c"),
        make_task("c2", "p-campaign", 1, target_id="target-c"),
    ]
    assert [p.target_id for p in propose_merges(tasks)] == ["target-c", "target-a", "target-b"]
