"""server/sync/ownership.py, the rules of who owns a field when both sides changed it: on-site records belong to the
inspectors on the inspection, a task's planning fields to team leads and admins, its site status to its inspectors;
the server's own bookkeeping step (申码) is continued, not disputed."""

from __future__ import annotations

from app.models import Role, TaskStatus
from server.sync.ownership import caller_wins, follows_bookkeeping, owns
from server.sync.records import SERVER_DEVICE, FieldMark
from server.sync.scope import Actor

NO_CACHE = None  # inspections and tasks are judged from their own data: no parent is read

WANG = Actor("wang", Role.INSPECTOR, "公共场所科", "长宁区", inspector_id="i-wang")
LI = Actor("li", Role.INSPECTOR, "公共场所科", "长宁区", inspector_id="i-li")
LEAD = Actor("lead", Role.TEAM_LEAD, "公共场所科", "长宁区", inspector_id="i-lead")
INSPECTION = {"inspector_ids": ["i-wang", "i-zhao"], "findings": "现场整洁"}
TASK = {"inspector_ids": ["i-li"], "status": TaskStatus.IN_PROGRESS, "scheduled_on": "2026-12-01"}


def test_on_site_work_belongs_to_the_inspectors_on_the_inspection() -> None:
    assert owns(WANG, NO_CACHE, "inspections", "findings", INSPECTION) is True
    assert owns(LI, NO_CACHE, "inspections", "findings", INSPECTION) is False
    assert owns(LEAD, NO_CACHE, "inspections", "findings", INSPECTION) is False


def test_a_tasks_planning_belongs_to_leads_and_its_site_status_to_its_inspectors() -> None:
    assert owns(LEAD, NO_CACHE, "tasks", "scheduled_on", TASK) is True
    assert owns(LI, NO_CACHE, "tasks", "scheduled_on", TASK) is False
    assert owns(LI, NO_CACHE, "tasks", "status", TASK) is True  # in progress: recorded on site
    assert owns(LEAD, NO_CACHE, "tasks", "status", TASK) is False
    closed = {**TASK, "status": TaskStatus.CLOSED}
    assert owns(LEAD, NO_CACHE, "tasks", "status", closed) is True  # closing is planning
    assert owns(LI, NO_CACHE, "tasks", "notes", TASK) is None  # no rule: an ordinary conflict


def test_the_caller_wins_only_over_someone_who_does_not_own_the_field() -> None:
    assert caller_wins(WANG, LI, NO_CACHE, "inspections", "findings", INSPECTION, INSPECTION)
    assert not caller_wins(WANG, WANG, NO_CACHE, "inspections", "findings", INSPECTION, INSPECTION)
    assert caller_wins(WANG, None, NO_CACHE, "inspections", "findings", INSPECTION, INSPECTION)
    assert not caller_wins(LI, WANG, NO_CACHE, "inspections", "findings", INSPECTION, INSPECTION)


def test_a_start_offline_continues_the_servers_code_request_step() -> None:
    by_server = FieldMark(version=4, username="admin", device_id=SERVER_DEVICE)
    requested = {"status": TaskStatus.CODE_REQUESTED}
    started = {"status": TaskStatus.IN_PROGRESS}
    assert follows_bookkeeping(by_server, "tasks", "status", started, requested)
    assert not follows_bookkeeping(by_server, "tasks", "status", {"status": TaskStatus.PLANNED}, requested)
    by_device = FieldMark(version=4, username="li", device_id="laptop-1")
    assert not follows_bookkeeping(by_device, "tasks", "status", started, requested)
    assert not follows_bookkeeping(by_server, "tasks", "scheduled_on", started, requested)
