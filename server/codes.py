"""检查码 on the server: the checks before a code is issued (申码), issuing, revocation and the use log.

A code is stored as an `inspection_codes` record through the change log, so it reaches the inspectors of the task's
team by pull; revocation is an update of that record. Every refusal raises `CodeRefusal` with a stable code and a
bilingual message, and leaves the database unchanged (the caller rolls back).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import DateTime, Float, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.models import InspectionCode
from app.models.enums import PlanStatus, TaskStatus
from app.rules import codes as rules
from app.rules.shanghai import SHANGHAI
from server.checklist_fit import task_checklist_ids
from server.db.json_fields import record_field
from server.db.tables import Base, RecordRow, UserRow
from server.grading import check_code_request
from server.refusal import Refusal
from server.signing import KeyRing
from server.sync import authz
from server.sync.records import (
    SERVER_DEVICE,
    FieldMark,
    RecordCache,
    RecordState,
    keys_in,
    lock_change_log,
    write_records,
)
from server.sync.scope import Scope, actor_of

DEFAULT_GRACE_HOURS = 6  # a visit may run past midnight of the scheduled day, and the record is finished after it
DEFAULT_MAX_DAYS = 7  # no code outlives a week: a new visit needs a new code (一企、一次、一码)
REQUESTABLE = frozenset({TaskStatus.PLANNED, TaskStatus.CODE_REQUESTED})
MAX_REASON = 500
MAX_LOCATION = 200
_USE_NAMESPACE = uuid.UUID("0b8e7a36-5d0e-4f43-9d8c-2b7f1c6a9e40")  # fixed: use ids of logged inspections never change
# GB/T 2260 divisions of Shanghai, for the issuer's name on the code.
DISTRICT_NAMES = {
    "310101": "黄浦区",
    "310104": "徐汇区",
    "310105": "长宁区",
    "310106": "静安区",
    "310107": "普陀区",
    "310109": "虹口区",
    "310110": "杨浦区",
    "310112": "闵行区",
    "310113": "宝山区",
    "310114": "嘉定区",
    "310115": "浦东新区",
    "310116": "金山区",
    "310117": "松江区",
    "310118": "青浦区",
    "310120": "奉贤区",
    "310151": "崇明区",
}


class CodeUseRow(Base):
    """One use of a code (亮码/凭码检查): who, when (client and server time), where. Not synced; an audit log."""

    __tablename__ = "code_uses"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # client-made, so a retried report is one use
    code_id: Mapped[str] = mapped_column(String(64), index=True)
    username: Mapped[str] = mapped_column(String(100))
    used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # as the client reported it
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    location: Mapped[str | None] = mapped_column(String(MAX_LOCATION))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    device_id: Mapped[str | None] = mapped_column(String(100))  # known when the use came with a pushed inspection


class CodeRefusal(Refusal):
    """申码, revocation, the use log or an evaluation refused."""


@dataclass(frozen=True)
class CodePolicy:
    grace_hours: int = DEFAULT_GRACE_HOURS
    max_days: int = DEFAULT_MAX_DAYS

    @classmethod
    def from_env(cls) -> CodePolicy:
        """`FI_CODE_GRACE_HOURS` (after the end of the scheduled day), `FI_CODE_MAX_DAYS` (longest window)."""
        return cls(
            grace_hours=int(os.environ.get("FI_CODE_GRACE_HOURS", DEFAULT_GRACE_HOURS)),
            max_days=int(os.environ.get("FI_CODE_MAX_DAYS", DEFAULT_MAX_DAYS)),
        )


# --- reading records ---------------------------------------------------------------------------------------------


def _field(name: str) -> Any:
    return record_field(name)  # as the indexes of migration 0009 are written (server/db/json_fields.py)


def find_records(session: Session, entity: str, field: str, values: Sequence[str]) -> list[dict[str, Any]]:
    """Live records of `entity` whose JSON `field` is one of `values`."""
    if not values:
        return []
    rows = session.scalars(
        select(RecordRow.data).where(
            RecordRow.entity == entity, RecordRow.deleted.is_(False), _field(field).in_(list(values))
        )
    )
    return list(rows)


def code_by_short_code(session: Session, short_code: str) -> InspectionCode | None:
    found = find_records(session, "inspection_codes", "short_code", [short_code])
    return InspectionCode.model_validate(found[0]) if found else None


def _live(cache: RecordCache, entity: str, record_id: str) -> RecordState | None:
    state = cache.get(entity, record_id)
    return state if state is not None and not state.deleted else None


# --- the checks of 申码 --------------------------------------------------------------------------------------------


@dataclass
class _Request:
    cache: RecordCache
    user: UserRow
    tasks: list[dict[str, Any]]

    @property
    def inspector_ids(self) -> list[str]:
        """Every task's inspectors, in order of first appearance."""
        return list(dict.fromkeys(i for t in self.tasks for i in t["inspector_ids"]))


def _load_tasks(cache: RecordCache, task_ids: Sequence[str]) -> list[dict[str, Any]]:
    cache.load(("tasks", i) for i in task_ids)
    tasks = []
    for task_id in dict.fromkeys(task_ids):
        state = _live(cache, "tasks", task_id)
        if state is None:
            raise CodeRefusal(404, "task_not_found", f"任务不存在 / no such task: {task_id}")
        tasks.append(state.data)
    return tasks


def _check_caller(req: _Request) -> None:
    """The authorization table's REQUEST grants: an admin of the district, the lead of one of the tasks' teams (a
    joint inspection may span teams), or an inspector assigned to one of the tasks, as stored."""
    user = req.user
    scopes = [req.cache.get("tasks", t["id"]).scope for t in req.tasks]  # loaded by _load_tasks
    in_district = all(s.district == user.district for s in scopes)
    holds = {
        authz.Relation.DISTRICT: in_district,
        authz.Relation.OWN_TEAM: in_district and any(s.team == user.team for s in scopes),
        authz.Relation.OWN_TASK: in_district and user.inspector_id in req.inspector_ids,
    }
    if not authz.permits(actor_of(user), "inspection_codes", authz.REQUEST, lambda r: holds.get(r, False)):
        raise CodeRefusal(
            403,
            "not_allowed",
            "只有任务所属科室的负责人或被指派的监督员可以申请检查码 / "
            "only the task team's lead or an assigned inspector may request this code",
        )


def _check_joint(session: Session, req: _Request) -> None:
    targets = {t["target_id"] for t in req.tasks}
    if len(targets) > 1:
        raise CodeRefusal(
            422, "targets_differ", "一个检查码只能用于同一检查对象 / all tasks of one code must share the target"
        )
    joint_ids = {t.get("joint_inspection_id") for t in req.tasks}
    if len(req.tasks) > 1 and (len(joint_ids) > 1 or None in joint_ids):
        raise CodeRefusal(
            422,
            "not_joint",
            "多个任务须先撮合为同一联合检查，才能共用一个检查码 / "
            "several tasks share one code only when merged into one joint inspection",
        )
    joint_id = joint_ids.pop() if len(joint_ids) == 1 else None
    if joint_id:
        members = {t["id"] for t in find_records(session, "tasks", "joint_inspection_id", [joint_id])}
        missing = sorted(members - {t["id"] for t in req.tasks})
        if missing:
            raise CodeRefusal(
                422,
                "joint_incomplete",
                f"联合检查的全部任务须共用一个检查码，缺少任务 / the code must cover every task of the joint "
                f"inspection; missing: {', '.join(missing)}",
            )


def _check_tasks(req: _Request) -> None:
    for task in req.tasks:
        if task["status"] not in REQUESTABLE:
            raise CodeRefusal(
                409,
                "task_not_planned",
                f"任务状态为“{task['status']}”，只有计划中的任务可以申请检查码 / "
                f"task {task['id']} is {task['status']}; only a planned task can get a code",
            )
        if not task["inspector_ids"]:
            raise CodeRefusal(
                422,
                "task_unassigned",
                f"任务尚未指派监督员，请先指派 / task {task['id']} has no inspectors assigned; assign them first",
            )
        plan = _live(req.cache, "plans", task["plan_id"])
        if plan is None or plan.data["status"] != PlanStatus.REGISTERED:
            raise CodeRefusal(
                422,
                "plan_not_registered",
                "任务所属检查计划尚未备案，备案后方可申请检查码 / "
                "the task's inspection plan is not registered (备案); register it first",
            )


def _check_inspectors(req: _Request) -> list[dict[str, Any]]:
    ids = req.inspector_ids
    if len(ids) < rules.MIN_INSPECTORS:
        raise CodeRefusal(
            422,
            "too_few_inspectors",
            "现场检查须有两名以上监督员，请再指派一名 / an on-site inspection needs at least two inspectors; assign "
            "another",
        )
    req.cache.load(("inspectors", i) for i in ids)
    inspectors = [state.data for i in ids if (state := _live(req.cache, "inspectors", i)) is not None]
    if len(inspectors) < len(ids):
        raise CodeRefusal(422, "inspector_unknown", "被指派的监督员不存在 / an assigned inspector is unknown")
    uncertified = [i["name"] for i in inspectors if not (i.get("certificate_no") or "").strip()]
    if uncertified:
        raise CodeRefusal(
            422,
            "inspector_uncertified",
            f"以下监督员没有执法证号，不得参加现场检查：{'、'.join(uncertified)} / "
            f"these inspectors hold no enforcement certificate: {', '.join(uncertified)}",
        )
    return inspectors


def _check_target(req: _Request) -> dict[str, Any]:
    state = _live(req.cache, "targets", req.tasks[0]["target_id"])
    if state is None:
        raise CodeRefusal(404, "target_not_found", "检查对象不存在 / the task's target is unknown")
    return state.data  # 无事不扰 and the other visit rules: server.grading.check_code_request


def _check_no_active_code(session: Session, req: _Request, now: datetime) -> None:
    task_ids = {t["id"] for t in req.tasks}
    for data in find_records(session, "inspection_codes", "target_id", [req.tasks[0]["target_id"]]):
        code = InspectionCode.model_validate(data)
        active = code.revoked_at is None and _aware(code.valid_until) > now
        if active and task_ids & set(code.task_ids):
            raise CodeRefusal(
                409,
                "code_exists",
                f"这些任务已有有效的检查码 {code.short_code}，如需重新申请请先撤销 / these tasks already have a valid "
                f"code {code.short_code}; revoke it before requesting another",
            )


def _own_active_code(session: Session, req: _Request, now: datetime) -> InspectionCode | None:
    """The valid code this caller was issued for exactly these tasks, if any: a request whose answer was lost on the
    way back is asked again, and gets the same code (idempotent). Anyone else, or other tasks, meet `code_exists`."""
    task_ids = {t["id"] for t in req.tasks}
    rows = session.execute(
        select(RecordRow.data, RecordRow.updated_by).where(
            RecordRow.entity == "inspection_codes",
            RecordRow.deleted.is_(False),
            _field("target_id") == req.tasks[0]["target_id"],
        )
    ).all()
    for data, issued_to in rows:
        code = InspectionCode.model_validate(data)
        active = code.revoked_at is None and _aware(code.valid_until) > now
        if active and issued_to == req.user.username and set(code.task_ids) == task_ids:
            return code
    return None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _window(
    tasks: list[dict[str, Any]],
    valid_from: datetime | None,
    valid_until: datetime | None,
    now: datetime,
    policy: CodePolicy,
) -> tuple[datetime, datetime]:
    """The asked window, or by default from now to the end of the scheduled day (Shanghai) plus the grace hours."""
    start = valid_from or now
    if valid_until is None:
        days = [date.fromisoformat(t["scheduled_on"]) for t in tasks if t.get("scheduled_on")]
        day = max([*days, now.astimezone(SHANGHAI).date()])
        end_of_day = datetime.combine(day + timedelta(days=1), time(0), SHANGHAI)
        valid_until = min(end_of_day + timedelta(hours=policy.grace_hours), start + timedelta(days=policy.max_days))
    if start < now - rules.DEFAULT_SKEW or valid_until <= now:
        raise CodeRefusal(
            422, "invalid_window", "有效期不能在过去 / the validity window cannot lie in the past (server time)"
        )
    if valid_until <= start:
        raise CodeRefusal(422, "invalid_window", "有效期结束须晚于开始 / the validity window must end after it starts")
    if valid_until - start > timedelta(days=policy.max_days):
        raise CodeRefusal(
            422,
            "invalid_window",
            f"有效期最长 {policy.max_days} 天 / a code is valid for at most {policy.max_days} days",
        )
    return start, valid_until


def _checklist_item_ids(session: Session, cache: RecordCache, tasks: list[dict[str, Any]]) -> list[str]:
    """The items of the tasks' checklists (server/checklist_fit.py): checklist order, then item position."""
    checklist_ids = list(dict.fromkeys(c for t in tasks for c in task_checklist_ids(cache, t)))  # fit the target
    items = find_records(session, "checklist_items", "checklist_id", checklist_ids)
    items.sort(key=lambda i: (checklist_ids.index(i["checklist_id"]), i["position"], i["code"]))
    return [i["id"] for i in items]


def _unused_short_code(session: Session) -> str:
    while True:
        short_code = rules.new_short_code()
        if code_by_short_code(session, short_code) is None:
            return short_code


# --- issuing and revoking ----------------------------------------------------------------------------------------


def request_code(
    session: Session,
    keys: KeyRing,
    user: UserRow,
    task_ids: Sequence[str],
    *,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    now: datetime | None = None,
    policy: CodePolicy | None = None,
) -> InspectionCode:
    """Check the request, issue and store the code, mark the tasks code_requested, all under the change log's lock
    (the process's write lock is the caller's). The caller commits."""
    lock_change_log(session)
    prepared = prepare_code(
        session, keys, user, task_ids, valid_from=valid_from, valid_until=valid_until, now=now, policy=policy
    )
    if prepared.cache is not None:
        prepared.cache.flush()
    return prepared.code


@dataclass
class PreparedCode:
    """A code checked and made with no lock held, its writes (the code, the tasks' status) held in `cache`, and what
    its checks were judged on beyond the records `cache` read: `seen` (see `_judged_on`)."""

    code: InspectionCode
    cache: RecordCache | None  # None: the caller's own valid code for these tasks, asked again; nothing to write
    target_id: str = ""
    joint_id: str | None = None
    seen: list[tuple[str, str, int]] = field(default_factory=list)


def prepare_code(
    session: Session,
    keys: KeyRing,
    user: UserRow,
    task_ids: Sequence[str],
    *,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    now: datetime | None = None,
    policy: CodePolicy | None = None,
) -> PreparedCode:
    """Every check of 申码 and the signed code, nothing written: `write_prepared` writes it under the write lock if
    nothing it was judged on has moved since. Raises `CodeRefusal`."""
    now = now or datetime.now(UTC)
    policy = policy or CodePolicy()
    cache = RecordCache(session)
    req = _Request(cache, user, _load_tasks(cache, task_ids))
    _check_caller(req)
    asked_before = _own_active_code(session, req, now)
    if asked_before is not None:  # a retry whose first answer was lost: the same code again, nothing written
        return PreparedCode(asked_before, None)
    target_id, joint_id = req.tasks[0]["target_id"], req.tasks[0].get("joint_inspection_id")
    seen = _judged_on(session, target_id, joint_id)
    _check_joint(session, req)
    _check_tasks(req)
    inspectors = _check_inspectors(req)
    target = _check_target(req)
    check_code_request(session, req.tasks, target, now)  # the grade's visit rules (server/grading.py)
    _check_no_active_code(session, req, now)
    start, end = _window(req.tasks, valid_from, valid_until, now, policy)
    district = req.tasks[0]["district"]
    code = rules.issue(
        target_id=target["id"],
        target_credit_code=target["credit_code"],
        task_ids=[t["id"] for t in req.tasks],
        inspector_ids=[i["id"] for i in inspectors],
        checklist_item_ids=_checklist_item_ids(session, cache, req.tasks),
        valid_from=start,
        valid_until=end,
        issuer=f"{DISTRICT_NAMES.get(district, district)}{req.tasks[0]['department']}",
        private_key=keys.current_key,
        short_code=_unused_short_code(session),
    )
    code.evaluation_token = rules.new_short_code()  # the party's one-time 评价码, not signed (docs/CODES.md)
    _write_code(cache, code, user.username, _code_scope(req))
    for task in req.tasks:
        _set_task_status(cache, task["id"], TaskStatus.CODE_REQUESTED, user.username)
    return PreparedCode(code, cache, target_id, joint_id, seen)


def write_prepared(session: Session, prepared: PreparedCode) -> bool:
    """Under the write lock (the caller's): take the change log's lock and write the prepared code if nothing its
    checks read has moved (one query for the records read, one for the target's codes and visits, one for the short
    code); False, with nothing written, when something has (the caller then runs `request_code` here, under the
    lock). The caller commits."""
    cache = prepared.cache
    if cache is None:
        return True
    lock_change_log(session)
    keys = sorted({*cache.read, *cache.absent})
    rows = session.execute(select(RecordRow.entity, RecordRow.id, RecordRow.version).where(keys_in(keys))).all()
    versions = {(entity, record_id): version for entity, record_id, version in rows}
    moved = any(versions.get(key) != version for key, version in cache.read.items()) or any(
        key in versions for key in cache.absent
    )
    if moved or _judged_on(session, prepared.target_id, prepared.joint_id) != prepared.seen:
        return False
    if code_by_short_code(session, prepared.code.short_code) is not None:  # drawn by another request meanwhile
        return False
    cache.flush()
    return True


def _judged_on(session: Session, target_id: str, joint_id: str | None) -> list[tuple[str, str, int]]:
    """What 申码's checks read beyond the tasks, target, plans and inspectors: the target's codes (one valid code a
    task) and inspections with their tasks (the grade's visit rules), and the joint inspection's tasks (all of them
    on one code), as (entity, id, version), sorted. Read again under the lock: unchanged, the checks still hold."""
    records = select(RecordRow.entity, RecordRow.id, RecordRow.version, RecordRow.deleted, RecordRow.data)
    of_target = session.execute(
        records.where(RecordRow.entity.in_(["inspection_codes", "inspections"]), _field("target_id") == target_id)
    ).all()
    task_ids = {t for row in of_target if row.entity == "inspections" for t in (row.data.get("task_ids") or [])}
    seen = [(row.entity, row.id, -row.version if row.deleted else row.version) for row in of_target]
    if task_ids:
        tasks = select(RecordRow.entity, RecordRow.id, RecordRow.version)
        seen += session.execute(tasks.where(RecordRow.entity == "tasks", RecordRow.id.in_(sorted(task_ids)))).all()
    if joint_id:
        members = find_records(session, "tasks", "joint_inspection_id", [joint_id])
        seen += [("joint", str(t.get("id")), int(t.get("version") or 0)) for t in members]
    return sorted((str(e), str(i), int(v)) for e, i, v in seen)


def _code_scope(req: _Request) -> Scope:
    """The tasks' team; a joint inspection spanning teams is seen by the whole district, so that every assigned
    inspector gets the code by pull (a code is no secret: it is shown to the inspected party)."""
    scopes = {req.cache.get("tasks", t["id"]).scope for t in req.tasks}
    return scopes.pop() if len(scopes) == 1 else Scope(req.tasks[0]["district"], None)


def _write_code(cache: RecordCache, code: InspectionCode, username: str, scope: Scope) -> None:
    write_records(cache, [code], username=username)
    cache.states[(code.entity, code.id)].scope = scope


def _set_task_status(cache: RecordCache, task_id: str, status: TaskStatus, username: str) -> None:
    """Change only `status`, so a team lead's concurrent edit of other fields still merges without a conflict."""
    state = cache.get("tasks", task_id)
    if state.data["status"] == status:
        return
    state.version += 1
    state.data = {**state.data, "status": status.value, "version": state.version, "updated_at": _now_text()}
    mark = FieldMark(state.version, username, SERVER_DEVICE).stored()
    state.field_meta["status"] = state.field_meta["updated_at"] = mark
    state.updated_by = username
    cache.put(state)


def _now_text() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _may_manage(cache: RecordCache, user: UserRow, code: InspectionCode, state: RecordState, action: str) -> bool:
    """The table's grants for revoking or reading the use log: an admin of the code's district, or the lead of a
    team one of its tasks belongs to."""
    in_district = state.scope.district == user.district
    cache.load(("tasks", t) for t in code.task_ids)
    teams = {s.scope.team for t in code.task_ids if (s := cache.states.get(("tasks", t))) is not None}
    holds = {authz.Relation.DISTRICT: in_district, authz.Relation.OWN_TEAM: in_district and user.team in teams}
    return authz.permits(actor_of(user), "inspection_codes", action, lambda r: holds.get(r, False))


def _load_code(cache: RecordCache, code_id: str) -> tuple[InspectionCode, RecordState]:
    state = _live(cache, "inspection_codes", code_id)
    if state is None:
        raise CodeRefusal(404, "code_not_found", "检查码不存在 / no such inspection code")
    return InspectionCode.model_validate(state.data), state


def revoke_code(
    session: Session, user: UserRow, code_id: str, reason: str, now: datetime | None = None
) -> InspectionCode:
    """Revoke with a reason (team lead of the code's team, or an admin of its district). The caller commits."""
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise CodeRefusal(
            422, "reason_required", f"请填写撤销原因（1–{MAX_REASON} 字） / give a reason (1–{MAX_REASON} characters)"
        )
    lock_change_log(session)
    cache = RecordCache(session)
    code, state = _load_code(cache, code_id)
    if not _may_manage(cache, user, code, state, authz.REVOKE):
        raise CodeRefusal(
            403,
            "not_allowed",
            "只有所属科室负责人或管理员可以撤销检查码 / only the team's lead or an admin may revoke a code",
        )
    if code.revoked_at is not None:
        raise CodeRefusal(409, "already_revoked", f"检查码已于 {code.revoked_at} 撤销 / the code is already revoked")
    code.revoked_at = now or datetime.now(UTC)
    code.revoke_reason = reason
    _write_code(cache, code, user.username, state.scope)
    cache.flush()
    return code


@dataclass(frozen=True)
class UseReport:
    id: str
    used_at: datetime
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None


def log_use(session: Session, user: UserRow, code_id: str, report: UseReport) -> tuple[CodeUseRow, bool]:
    """Record a use by one of the code's inspectors; a report seen before is answered again, not stored twice.

    Returns the row and whether it is new. The caller commits.
    """
    code, _state = _load_code(RecordCache(session), code_id)
    on_code = user.inspector_id is not None and user.inspector_id in code.inspector_ids
    if not authz.permits(actor_of(user), "inspection_codes", authz.LOG_USE, lambda r: on_code):
        raise CodeRefusal(
            403, "not_code_inspector", "您不是该检查码的检查人员 / you are not one of this code's inspectors"
        )
    _check_use_time(code, report.used_at)
    existing = session.get(CodeUseRow, report.id)
    if existing is not None:
        if existing.code_id != code_id or existing.username != user.username:
            raise CodeRefusal(409, "use_id_taken", "该使用记录编号已被占用 / this use id is already taken")
        return existing, False
    row = CodeUseRow(
        id=report.id,
        code_id=code_id,
        username=user.username,
        used_at=report.used_at,
        received_at=datetime.now(UTC),
        location=report.location,
        latitude=report.latitude,
        longitude=report.longitude,
    )
    session.add(row)
    return row, True


def _check_use_time(code: InspectionCode, used_at: datetime) -> None:
    """A use lies within the code's validity (widened by the tolerated skew) and not after the server's now."""
    used = _aware(used_at)
    start, end = _aware(code.valid_from) - rules.DEFAULT_SKEW, _aware(code.valid_until) + rules.DEFAULT_SKEW
    if not start <= used <= min(end, datetime.now(UTC) + rules.DEFAULT_SKEW):
        raise CodeRefusal(
            422,
            "use_outside_validity",
            "亮码时间不在检查码有效期内 / the reported use lies outside the code's validity or in the future",
        )


def log_inspection_start(session: Session, user: UserRow, device_id: str, inspection: dict[str, Any]) -> None:
    """A pushed new inspection is a use of its code (凭码检查): who, from which device, when it started.

    Logged whoever pushed it, even someone not on the code (the log is an audit trail, not a gate); the use id is
    derived from the inspection, so a replayed push logs it once.
    """
    use_id = str(uuid.uuid5(_USE_NAMESPACE, inspection["id"]))
    if session.get(CodeUseRow, use_id) is not None:
        return
    session.add(
        CodeUseRow(
            id=use_id,
            code_id=inspection["code_id"],
            username=user.username,
            device_id=device_id,
            used_at=datetime.fromisoformat(inspection["started_at"]),
            received_at=datetime.now(UTC),
        )
    )


def uses_of(session: Session, user: UserRow, code_id: str) -> list[CodeUseRow]:
    """The use log of a code, for the team lead of its team or an admin of its district."""
    cache = RecordCache(session)
    code, state = _load_code(cache, code_id)
    if not _may_manage(cache, user, code, state, authz.READ_USES):
        raise CodeRefusal(
            403, "not_allowed", "只有所属科室负责人或管理员可以查看 / only the team's lead or an admin may see this"
        )
    return list(session.scalars(select(CodeUseRow).where(CodeUseRow.code_id == code_id).order_by(CodeUseRow.used_at)))
