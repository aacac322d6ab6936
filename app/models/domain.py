"""Domain records. Every synced record has a client-made id, the server version it was synced at, and updated_at.

Validation messages are bilingual ("中文 / English") so the same text serves the UI in either language and the logs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from app.models.enums import (
    Grade,
    Industry,
    InspectionStatus,
    PlanStatus,
    ResultValue,
    Role,
    SignerRole,
    TaskCategory,
    TaskStatus,
)
from app.models.ids import new_id
from app.rules import credit_code as cc


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sha256(value: str) -> str:
    if len(value) != 64 or any(ch not in "0123456789abcdef" for ch in value):
        raise ValueError("照片哈希应为64位小写十六进制 SHA-256 / a blob hash is 64 lower-case hex digits (SHA-256)")
    return value


Sha256 = Annotated[str, AfterValidator(_sha256)]
NonEmpty = Annotated[str, Field(min_length=1, max_length=500)]


class Record(BaseModel):
    """Base of every synced record. `entity` is the table and wire name of the subclass."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_assignment=True)
    entity: ClassVar[str] = ""

    id: str = Field(default_factory=new_id)
    version: int = 0  # server version last synced; 0 = never on the server
    updated_at: datetime = Field(default_factory=utcnow)


class Target(Record):
    """检查对象: an inspected business or institution."""

    entity: ClassVar[str] = "targets"

    credit_code: str
    credit_code_override: str | None = None  # reason an early pilot code that fails the checksum is accepted
    name: NonEmpty
    industry: Industry
    district: str = "310105"
    street: NonEmpty
    address: NonEmpty
    licences: list[str] = []
    grade: Grade = Grade.B
    grade_reasons: list[str] = []
    do_not_disturb: bool = False

    @model_validator(mode="after")
    def _check_credit_code(self) -> Target:
        if self.credit_code_override:
            self.__dict__["credit_code"] = cc.normalize(self.credit_code)
        else:
            self.__dict__["credit_code"] = cc.validate(self.credit_code)
        return self


class Checklist(Record):
    """检查表: the items one industry is checked against, versioned."""

    entity: ClassVar[str] = "checklists"

    code: NonEmpty
    name: NonEmpty
    industry: Industry
    checklist_version: int = 1


class ChecklistItem(Record):
    """检查事项 with its legal basis (法律依据)."""

    entity: ClassVar[str] = "checklist_items"

    checklist_id: str
    code: NonEmpty
    title: NonEmpty
    legal_basis: NonEmpty
    industry: Industry
    checklist_version: int = 1
    position: int = 0


class Inspector(Record):
    """监督员 (or team lead, admin): a user with an enforcement certificate."""

    entity: ClassVar[str] = "inspectors"

    name: NonEmpty
    username: NonEmpty
    certificate_no: str | None = None  # 执法证号; needed for on-site enforcement
    role: Role = Role.INSPECTOR
    team: NonEmpty
    district: str = "310105"
    department: str = "卫生健康委员会"


class Plan(Record):
    """检查计划: a yearly plan of one task category, filed (备案) before tasks are made under it."""

    entity: ClassVar[str] = "plans"

    plan_no: NonEmpty
    name: NonEmpty
    category: TaskCategory
    year: int = Field(ge=2023, le=2100)
    district: str = "310105"
    team: NonEmpty
    status: PlanStatus = PlanStatus.DRAFT
    industries: list[Industry] = []
    checklist_ids: list[str] = []
    period_start: date
    period_end: date
    # 抽查规则 for the draw: ratio per grade letter (missing grades take the defaults of app.rules.sampling);
    # do-not-disturb exclusion (None: by category, routine plans exclude); targets with complaints drawn regardless.
    sampling_ratios: dict[str, float] = {}
    exclude_do_not_disturb: bool | None = None
    include_complaints: bool = True

    @model_validator(mode="after")
    def _period(self) -> Plan:
        if self.period_end < self.period_start:
            raise ValueError("计划结束日期早于开始日期 / the plan ends before it starts")
        for grade, ratio in self.sampling_ratios.items():
            if grade not in Grade.__members__ or not 0.0 <= ratio <= 1.0:
                raise ValueError(
                    f"抽查比例应按等级 A–D 给出，且在 0 至 100% 之间：{grade} = {ratio} / "
                    f"sampling ratios are per grade A–D, between 0 and 100%: {grade} = {ratio}"
                )
        return self


class Task(Record):
    """检查任务: one planned inspection of one target."""

    entity: ClassVar[str] = "tasks"

    plan_id: str
    target_id: str
    category: TaskCategory
    status: TaskStatus = TaskStatus.PLANNED
    close_reason: str | None = None
    team: NonEmpty
    district: str = "310105"
    inspector_ids: list[str] = []
    scheduled_on: date | None = None
    due_on: date | None = None
    joint_inspection_id: str | None = None  # set when merged (撮合) with other tasks into one visit
    department: str = "卫生健康委员会"
    completed_on: date | None = None  # the day the task ended (Shanghai): starts the 20-working-day publication clock
    results_published_on: date | None = None  # 公示: the day the random inspection's results were published

    @model_validator(mode="after")
    def _closed_needs_reason(self) -> Task:
        if self.status == TaskStatus.CLOSED and not (self.close_reason or "").strip():
            raise ValueError("关闭任务须说明原因 / a closed task needs a reason")
        return self


class Recusal(Record):
    """回避: an inspector's declared conflict of interest with a target; the inspector draw honours it."""

    entity: ClassVar[str] = "recusals"

    inspector_id: str
    target_id: str
    reason: NonEmpty
    declared_at: datetime = Field(default_factory=utcnow)
    team: NonEmpty  # the inspector's team, whose leads draw under it (scope)
    district: str = "310105"


class MergeDecision(Record):
    """A team lead's answer to a merge (撮合) proposal: accepted into a joint inspection, or rejected with a reason."""

    entity: ClassVar[str] = "merge_decisions"

    proposal_id: str  # stable for the same set of tasks (app.rules.merging.proposal_id)
    task_ids: list[str] = Field(min_length=2)
    target_id: str
    accepted: bool
    joint_inspection_id: str | None = None
    reason: str = Field(default="", max_length=500)
    decided_by: str | None = None
    decided_at: datetime = Field(default_factory=utcnow)
    team: NonEmpty
    district: str = "310105"

    @model_validator(mode="after")
    def _decision(self) -> MergeDecision:
        if not self.accepted and not self.reason.strip():
            raise ValueError("驳回撮合建议须说明原因 / rejecting a merge proposal needs a reason")
        if self.accepted and not self.joint_inspection_id:
            raise ValueError("接受的撮合须有联合检查编号 / an accepted merge needs its joint inspection id")
        return self


class SamplingDraw(Record):
    """双随机 draw as recorded: seed, rules, the inputs' digests and the result; `inputs` lets anyone re-run it."""

    entity: ClassVar[str] = "sampling_draws"

    plan_id: str
    seed: int = Field(ge=0, lt=2**63)
    ratios: dict[str, float]  # by grade letter
    exclude_do_not_disturb: bool
    include_complaints: bool
    per_task: int = Field(ge=2)
    pool_size: int = Field(ge=0)
    pool_digest: str  # SHA-256 of the target draw's canonical inputs
    inspector_digest: str  # SHA-256 of the inspector draw's canonical inputs
    target_ids: list[str]  # drawn, grade by grade
    assignments: dict[str, list[str]]  # target id -> inspector ids
    task_ids: dict[str, str] = {}  # target id -> the task created for it
    inputs: dict[str, dict[str, object]]  # {"targets": Draw JSON, "inspectors": InspectorDraw JSON}
    drawn_by: str | None = None
    drawn_at: datetime = Field(default_factory=utcnow)
    team: NonEmpty
    district: str = "310105"


class InspectionCode(Record):
    """检查码: issued and signed by the server for one task or one merged joint inspection."""

    entity: ClassVar[str] = "inspection_codes"

    short_code: NonEmpty
    target_id: str
    target_credit_code: str
    task_ids: list[str] = Field(min_length=1)
    inspector_ids: list[str]  # two or more, checked by the code gate (app/rules/codes.py) so it can say why
    checklist_item_ids: list[str] = []
    valid_from: datetime
    valid_until: datetime
    issuer: NonEmpty
    key_id: NonEmpty
    signature: str  # base64 Ed25519 signature over the canonical payload
    revoked_at: datetime | None = None
    revoke_reason: str | None = None


class Inspection(Record):
    """The on-site inspection opened under a code; every result, photo and signature belongs to one."""

    entity: ClassVar[str] = "inspections"

    code_id: str
    target_id: str
    task_ids: list[str] = Field(min_length=1)
    inspector_ids: list[str] = Field(min_length=2)
    status: InspectionStatus = InspectionStatus.IN_PROGRESS
    started_at: datetime = Field(default_factory=utcnow)
    completed_at: datetime | None = None
    findings: str = ""


class ItemResult(Record):
    entity: ClassVar[str] = "item_results"

    inspection_id: str
    code_id: str
    item_id: str
    result: ResultValue
    note: str = ""
    # A non-compliant result needs a note or a photo; the store checks that, as photos are separate records.


class Evidence(Record):
    """An evidence photo's metadata; the bytes are a blob named by sha256."""

    entity: ClassVar[str] = "evidence"

    inspection_id: str
    code_id: str
    item_id: str | None = None
    sha256: Sha256
    size: int = Field(gt=0)
    mime: str = "image/jpeg"
    taken_at: datetime
    caption: str = ""


class Signature(Record):
    entity: ClassVar[str] = "signatures"

    inspection_id: str
    code_id: str
    signer_role: SignerRole
    signer_name: NonEmpty
    signer_id: str | None = None
    sha256: Sha256  # the signature image (PNG) as a blob
    signed_at: datetime = Field(default_factory=utcnow)


class CorrectionOrder(Record):
    """责令改正通知书: order to correct by a deadline; creates a follow-up task (复查)."""

    entity: ClassVar[str] = "correction_orders"

    inspection_id: str
    code_id: str
    target_id: str
    item_ids: list[str] = Field(min_length=1)
    requirements: NonEmpty
    deadline: date
    follow_up_task_id: str | None = None


class Amendment(Record):
    """更正记录: a recorded change to a completed inspection's result; the locked result itself never changes.

    `record_entity`/`record_id`/`field` name what is corrected (an item result's result or note, the findings);
    the effective value is the newest amendment's `new_value`.
    """

    entity: ClassVar[str] = "amendments"

    inspection_id: str
    code_id: str
    record_entity: Literal["item_results", "inspections"]
    record_id: str
    field: Literal["result", "note", "findings"]
    old_value: str
    new_value: str
    reason: NonEmpty
    made_by: str | None = None  # the inspector's id
    made_at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def _a_change(self) -> Amendment:
        if self.old_value == self.new_value:
            raise ValueError("更正后的值与原值相同 / the amended value is the same as the recorded one")
        if self.field == "result" and self.new_value not in tuple(ResultValue):
            raise ValueError(f"无效的检查结果：{self.new_value} / not a result value: {self.new_value}")
        return self


class Complaint(Record):
    """投诉举报 about a target: shown in its profile; an open complaint draws the target into random inspections."""

    entity: ClassVar[str] = "complaints"

    target_id: str
    received_on: date
    summary: NonEmpty
    status: Literal["open", "closed"] = "open"


class Penalty(Record):
    """行政处罚 decided on a target; the decision is published (公示) within 7 working days."""

    entity: ClassVar[str] = "penalties"

    target_id: str
    inspection_id: str | None = None
    decision_no: NonEmpty  # 处罚决定书文号
    decided_on: date
    summary: NonEmpty
    published_on: date | None = None
    team: NonEmpty
    district: str = "310105"

    @model_validator(mode="after")
    def _published_after_decision(self) -> Penalty:
        if self.published_on is not None and self.published_on < self.decided_on:
            raise ValueError("公示日期早于处罚决定日期 / the publication date is before the decision")
        return self


class Evaluation(Record):
    """查后可评价: the inspected party's rating of an inspection, through its code. Made on the server."""

    entity: ClassVar[str] = "evaluations"

    code_id: str
    score: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=2000)


ENTITY_MODELS: dict[str, type[Record]] = {
    m.entity: m
    for m in (
        Target,
        Checklist,
        ChecklistItem,
        Inspector,
        Plan,
        Task,
        Recusal,
        MergeDecision,
        SamplingDraw,
        InspectionCode,
        Inspection,
        ItemResult,
        Evidence,
        Signature,
        CorrectionOrder,
        Amendment,
        Complaint,
        Penalty,
        Evaluation,
    )
}
