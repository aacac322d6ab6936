"""Domain records. Every synced record has a client-made id, the server version it was synced at, and updated_at.

Validation messages are bilingual ("中文 / English") so the same text serves the UI in either language and the logs.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from app.models.enums import (
    CaseStatus,
    Grade,
    Industry,
    InspectionStatus,
    Outcome,
    PlanStatus,
    Procedure,
    ResultValue,
    Role,
    SignerRole,
    TaskCategory,
    TaskStatus,
)
from app.models.ids import new_id
from app.models.limits import (
    DRAW_MAX,
    FEW,
    INT64_MAX,
    MANY,
    VERSION_MAX,
    Code,
    Day,
    District,
    FilledText,
    Id,
    Instant,
    Json,
    Label,
    LongText,
    Name,
    Text,
    Version,
    clean,
)
from app.rules import credit_code as cc

SEAL_MAX = 200_000  # characters of an inspection's seal: its events listed, some 1,500 of them


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sha256(value: str) -> str:
    if len(value) != 64 or any(ch not in "0123456789abcdef" for ch in value):
        raise ValueError("照片哈希应为64位小写十六进制 SHA-256 / a blob hash is 64 lower-case hex digits (SHA-256)")
    return value


Sha256 = Annotated[str, AfterValidator(_sha256)]
Ids = Annotated[list[Id], Field(max_length=FEW)]  # the inspectors or tasks of one visit


class Record(BaseModel):
    """Base of every synced record. `entity` is the table and wire name of the subclass."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_assignment=True, allow_inf_nan=False)
    entity: ClassVar[str] = ""

    id: Id = Field(default_factory=new_id)
    version: Version = 0  # server version last synced; 0 = never on the server
    updated_at: Instant = Field(default_factory=utcnow)


GRADE_STEPS = 12  # the newest steps of a target's grade history that travel with it


class GradeLine(BaseModel):
    """One line of a grade's explanation: a signal, its value and the points it added (negative: took away)."""

    model_config = ConfigDict(extra="forbid")

    signal: Label
    value: int | Label | None = None
    points: int = Field(ge=-VERSION_MAX, le=VERSION_MAX)
    note: Text = ""  # "中文 / English": on a penalty line, which severity rules decided (app.rules.grading)


class GradeStep(BaseModel):
    """A step of the grade history: the grade then, why it moved, with which configuration."""

    model_config = ConfigDict(extra="forbid")

    grade: Grade
    score: int = Field(ge=-VERSION_MAX, le=VERSION_MAX)
    config_version: Code
    graded_at: Instant
    reason: Label  # signals, on_demand, config
    moved: Annotated[list[Text], Field(max_length=FEW)] = []


_EXPIRY = re.compile(r"^有效期至\s*(\d{4}-\d{2}-\d{2})$")


class Licence(BaseModel):
    """A licence or registration a target holds (许可证): its kind, number and expiry (issue 15). Read from the
    registers' exports by the targets import; `text` is the one line documents print."""

    model_config = ConfigDict(extra="forbid")

    kind: Name  # 公共场所卫生许可证, 医疗机构执业许可证, 营业执照 …
    number: Name | None = None  # 沪长卫公字〔2023〕第0202号, 登记号 PDY…
    expires_on: Day | None = None

    @property
    def text(self) -> str:
        expiry = f"有效期至{self.expires_on.isoformat()}" if self.expires_on else ""
        return " ".join(p for p in (self.kind, self.number or "", expiry) if p)

    @classmethod
    def parse(cls, line: str) -> Licence:
        """A licence written as one line before it was a record ("名称 编号 有效期至YYYY-MM-DD", as imports wrote
        it)."""
        words = line.split()
        expiry = _EXPIRY.match(words[-1]) if len(words) > 1 else None
        if expiry:
            words = words[:-1]
        number = " ".join(words[1:]) or None
        return cls(kind=words[0] if words else line, number=number, expires_on=expiry.group(1) if expiry else None)


def _licences(value: object) -> object:
    """Licences kept as text lines (earlier records, older clients) read as records."""
    if isinstance(value, list):
        return [Licence.parse(v) if isinstance(v, str) else v for v in value]
    return value


class Target(Record):
    """检查对象: an inspected business or institution."""

    entity: ClassVar[str] = "targets"

    credit_code: Code
    credit_code_override: Text | None = None  # reason an early pilot code that fails the checksum is accepted
    name: Name
    industry: Industry
    district: District = "310105"
    street: Name
    address: Name
    licences: Annotated[list[Licence], Field(max_length=MANY), BeforeValidator(_licences)] = []
    grade: Grade = Grade.B
    grade_reasons: Annotated[list[Text], Field(max_length=FEW)] = []
    do_not_disturb: bool = False
    # 信用+风险 (issue 16): set by the server's grading (server/grading.py); the explanation's points add up to the
    # score; the history holds the newest steps (the server keeps them all).
    grade_score: int | None = Field(default=None, ge=-VERSION_MAX, le=VERSION_MAX)
    grade_version: Code | None = None  # the grading configuration that made the grade
    graded_at: Instant | None = None
    grade_explanation: Annotated[list[GradeLine], Field(max_length=FEW)] = []
    grade_history: Annotated[list[GradeStep], Field(max_length=GRADE_STEPS)] = []
    # 无事不扰: why and until when the target is exempt from routine visits, by rule (the grading) or by decision
    do_not_disturb_reason: Text | None = None
    do_not_disturb_until: Day | None = None
    do_not_disturb_by: Literal["rule", "decision"] | None = None

    @model_validator(mode="after")
    def _exemption_needs_a_reason(self) -> Target:
        if (
            self.do_not_disturb
            and self.do_not_disturb_by is not None
            and not (self.do_not_disturb_reason or "").strip()
        ):
            raise ValueError("列入“无事不扰”清单须说明理由 / a do-not-disturb exemption needs a reason")
        return self

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

    code: Code
    name: Name
    industry: Industry
    checklist_version: int = Field(default=1, ge=1, le=VERSION_MAX)


class ChecklistItem(Record):
    """检查事项 with its legal basis (法律依据)."""

    entity: ClassVar[str] = "checklist_items"

    checklist_id: Id
    code: Code
    title: FilledText
    legal_basis: FilledText
    industry: Industry
    checklist_version: int = Field(default=1, ge=1, le=VERSION_MAX)
    position: int = Field(default=0, ge=0, le=VERSION_MAX)


class Inspector(Record):
    """监督员 (or team lead, admin): a user with an enforcement certificate."""

    entity: ClassVar[str] = "inspectors"

    name: Name
    username: Label
    certificate_no: Code | None = None  # 执法证号; needed for on-site enforcement
    role: Role = Role.INSPECTOR
    team: Label
    district: District = "310105"
    department: Label = "卫生健康委员会"


class Plan(Record):
    """检查计划: a yearly plan of one task category, filed (备案) before tasks are made under it."""

    entity: ClassVar[str] = "plans"

    plan_no: Code
    name: Name
    category: TaskCategory
    year: int = Field(ge=2023, le=2100)
    district: District = "310105"
    team: Label
    status: PlanStatus = PlanStatus.DRAFT
    industries: Annotated[list[Industry], Field(max_length=len(Industry))] = []
    checklist_ids: Annotated[list[Id], Field(max_length=MANY)] = []
    period_start: Day
    period_end: Day
    # 抽查规则 for the draw: ratio per grade letter (missing grades take the defaults of app.rules.sampling);
    # do-not-disturb exclusion (None: by category, routine plans exclude); targets with complaints drawn regardless.
    sampling_ratios: Annotated[dict[Code, float], Field(max_length=len(Grade))] = {}
    exclude_do_not_disturb: bool | None = None
    include_complaints: bool = True
    grade_override_reason: Text | None = None  # a lead's reason for ratios other than the grades' defaults
    # The draw's commitment (issue 15): SHA-256 of the seed, filed with the plan before the draw; the draw must use
    # the seed that hashes to it, so it cannot be re-rolled unseen (app/planning/draws.py).
    seed_hash: Code | None = None

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

    plan_id: Id
    target_id: Id
    category: TaskCategory
    status: TaskStatus = TaskStatus.PLANNED
    close_reason: Text | None = None
    team: Label
    district: District = "310105"
    inspector_ids: Ids = []
    scheduled_on: Day | None = None
    due_on: Day | None = None
    joint_inspection_id: Id | None = None  # set when merged (撮合) with other tasks into one visit
    department: Label = "卫生健康委员会"
    completed_on: Day | None = None  # the day the task ended (Shanghai): starts the 20-working-day publication clock
    results_published_on: Day | None = None  # 公示: the day the random inspection's results were published
    remote: bool = False  # 无感检查: done from documents and data, no visit (allowed by the target's grade)
    visit_override_reason: Text | None = None  # a lead's reason to pass the repeat-visit guard or the yearly cap
    # The checklists the task is inspected against: its plan's that fit its target (app/rules/checklist_fit.py),
    # changed by its lead; empty on tasks made before (the server then fits them when it issues the code).
    checklist_ids: Annotated[list[Id], Field(max_length=MANY)] = []
    # 跨部门 / 联合 tasks: the other department that inspects with us (市场监管局, 消防救援支队 …)
    other_department: Label | None = None

    @model_validator(mode="after")
    def _closed_needs_reason(self) -> Task:
        if self.status == TaskStatus.CLOSED and not (self.close_reason or "").strip():
            raise ValueError("关闭任务须说明原因 / a closed task needs a reason")
        return self


class Recusal(Record):
    """回避: an inspector's declared conflict of interest with a target; the inspector draw honours it."""

    entity: ClassVar[str] = "recusals"

    inspector_id: Id
    target_id: Id
    reason: FilledText
    declared_at: Instant = Field(default_factory=utcnow)
    team: Label  # the inspector's team, whose leads draw under it (scope)
    district: District = "310105"


class MergeDecision(Record):
    """A team lead's answer to a merge (撮合) proposal: accepted into a joint inspection, or rejected with a reason."""

    entity: ClassVar[str] = "merge_decisions"

    proposal_id: Id  # stable for the same set of tasks (app.rules.merging.proposal_id)
    task_ids: Annotated[Ids, Field(min_length=2)]
    target_id: Id
    accepted: bool
    joint_inspection_id: Id | None = None
    reason: Text = ""
    decided_by: Label | None = None
    decided_at: Instant = Field(default_factory=utcnow)
    team: Label
    district: District = "310105"

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

    plan_id: Id
    seed: int = Field(ge=0, lt=2**63)
    ratios: Annotated[dict[Code, float], Field(max_length=len(Grade))]  # by grade letter
    exclude_do_not_disturb: bool
    include_complaints: bool
    per_task: int = Field(ge=2, le=FEW)
    pool_size: int = Field(ge=0, le=VERSION_MAX)
    pool_digest: Code  # SHA-256 of the target draw's canonical inputs
    inspector_digest: Code  # SHA-256 of the inspector draw's canonical inputs
    target_ids: Annotated[list[Id], Field(max_length=DRAW_MAX)]  # drawn, grade by grade
    assignments: Annotated[dict[Id, Ids], Field(max_length=DRAW_MAX)]  # target id -> inspector ids
    task_ids: Annotated[dict[Id, Id], Field(max_length=DRAW_MAX)] = {}  # target id -> the task created for it
    inputs: dict[Label, dict[Label, Json]]  # {"targets": Draw JSON, "inspectors": InspectorDraw JSON}
    drawn_by: Label | None = None
    drawn_at: Instant = Field(default_factory=utcnow)
    team: Label
    district: District = "310105"
    # issue 16: the targets of the plan's pool the draw could not take, each with why ("中文 / English"): exempt
    # (无事不扰) or left out by the grade's yearly cap or repeat-visit guard; and the lead's reason when the plan's
    # ratios are not the grades'.
    left_out: Annotated[dict[Id, Text], Field(max_length=DRAW_MAX)] = {}
    grade_override_reason: Text | None = None


class InspectionCode(Record):
    """检查码: issued and signed by the server for one task or one merged joint inspection."""

    entity: ClassVar[str] = "inspection_codes"

    short_code: Code
    target_id: Id
    target_credit_code: Code
    task_ids: Annotated[Ids, Field(min_length=1)]
    inspector_ids: Ids  # two or more, checked by the code gate (app/rules/codes.py) so it can say why
    checklist_item_ids: Annotated[list[Id], Field(max_length=MANY)] = []
    valid_from: Instant
    valid_until: Instant
    issuer: Name
    key_id: Code
    signature: Text  # base64 Ed25519 signature over the canonical payload (empty while being signed)
    revoked_at: Instant | None = None
    revoke_reason: Text | None = None
    evaluation_token: Code | None = None  # the party's one-time 评价码, handed over on site; not signed


class Inspection(Record):
    """The on-site inspection opened under a code; every result, photo and signature belongs to one."""

    entity: ClassVar[str] = "inspections"

    code_id: Id
    target_id: Id
    task_ids: Annotated[Ids, Field(min_length=1)]
    inspector_ids: Annotated[Ids, Field(min_length=2)]
    status: InspectionStatus = InspectionStatus.IN_PROGRESS
    started_at: Instant = Field(default_factory=utcnow)
    completed_at: Instant | None = None
    findings: LongText = ""
    # The sealed full-process record (JSON, app/rules/seal_chain.py), set at finish and renewed with each amendment;
    # the server verifies it against the records it holds (server/sync/seal_rule.py).
    seal: Annotated[str, Field(max_length=SEAL_MAX), AfterValidator(clean)] | None = None
    remote: bool = False  # 无感检查: done from documents and data under its code, without a site visit


class ItemResult(Record):
    entity: ClassVar[str] = "item_results"

    inspection_id: Id
    code_id: Id
    item_id: Id
    result: ResultValue
    note: Text = ""
    # The version of the item's checklist the result answered (issue 15), set when the item is answered; a frozen
    # version's items never change, so documents and the public page show what was checked. None: answered before.
    checklist_version: int | None = Field(default=None, ge=1, le=VERSION_MAX)
    # A non-compliant result needs a note or a photo; the store checks that, as photos are separate records.


class Evidence(Record):
    """An evidence photo's metadata; the bytes are a blob named by sha256."""

    entity: ClassVar[str] = "evidence"

    inspection_id: Id
    code_id: Id
    item_id: Id | None = None
    sha256: Sha256
    size: int = Field(gt=0, le=INT64_MAX)
    mime: Code = "image/jpeg"
    taken_at: Instant
    caption: Text = ""


class Signature(Record):
    entity: ClassVar[str] = "signatures"

    inspection_id: Id
    code_id: Id
    signer_role: SignerRole
    signer_name: Name
    signer_id: Id | None = None
    sha256: Sha256  # the signature image (PNG) as a blob
    signed_at: Instant = Field(default_factory=utcnow)


class CorrectionOrder(Record):
    """责令改正通知书: order to correct by a deadline; creates a follow-up task (复查)."""

    entity: ClassVar[str] = "correction_orders"

    inspection_id: Id
    code_id: Id
    target_id: Id
    item_ids: Annotated[list[Id], Field(min_length=1, max_length=MANY)]
    requirements: FilledText
    deadline: Day
    follow_up_task_id: Id | None = None
    # each item's correction demand as the inspector edited it before printing (item id -> demand); an item not here
    # states the catalogue's standard demand (app/documents/demands.py)
    demands: Annotated[dict[Id, Text], Field(max_length=MANY)] = {}

    @model_validator(mode="after")
    def _demands_of_listed_items(self) -> CorrectionOrder:
        if not set(self.demands) <= set(self.item_ids):
            raise ValueError("改正要求只能针对通知书所列事项 / a demand is for an item the order lists")
        if any(not d.strip() for d in self.demands.values()):
            raise ValueError("改正要求不能为空 / a correction demand cannot be empty")
        return self


class Amendment(Record):
    """更正记录: a recorded change to a completed inspection's result; the locked result itself never changes.

    `record_entity`/`record_id`/`field` name what is corrected (an item result's result or note, the findings);
    the effective value is the newest amendment's `new_value`.
    """

    entity: ClassVar[str] = "amendments"

    inspection_id: Id
    code_id: Id
    record_entity: Literal["item_results", "inspections"]
    record_id: Id
    field: Literal["result", "note", "findings"]
    old_value: LongText
    new_value: LongText
    reason: FilledText
    made_by: Id | None = None  # the inspector's id
    made_at: Instant = Field(default_factory=utcnow)

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

    target_id: Id
    received_on: Day
    summary: FilledText
    status: Literal["open", "closed"] = "open"
    source: Label | None = None  # where it came from: 12345 市民热线, 来信, 来电, 来访, 网络, 部门移送 …
    reply_due_on: Day | None = None  # the day the complainant must have an answer by
    task_id: Id | None = None  # the complaint task (投诉举报) opened on it (app/planning/named_tasks.py)
    # 办结: closed with the answer given to the complainant and the day it was given (issue 15)
    reply: Text | None = None
    replied_on: Day | None = None

    @model_validator(mode="after")
    def _reply_after_receipt(self) -> Complaint:
        if self.reply_due_on is not None and self.reply_due_on < self.received_on:
            raise ValueError("答复期限早于收到日期 / the reply deadline is before the complaint was received")
        if self.replied_on is not None and self.replied_on < self.received_on:
            raise ValueError("答复日期早于收到日期 / the reply is dated before the complaint was received")
        if self.status == "closed" and not ((self.reply or "").strip() and self.replied_on):
            raise ValueError("办结投诉举报须填写答复内容和答复日期 / a closed complaint needs its reply and reply date")
        return self


class Penalty(Record):
    """行政处罚 decided on a target; the decision is published (公示) within 7 working days."""

    entity: ClassVar[str] = "penalties"

    target_id: Id
    inspection_id: Id | None = None
    decision_no: Code  # 处罚决定书文号
    decided_on: Day
    summary: FilledText
    published_on: Day | None = None
    legal_basis: Text = ""  # 处罚依据: the articles the decision applies
    fine_yuan: int | None = Field(default=None, ge=0, le=VERSION_MAX)  # 罚款 in whole yuan; None: no fine (警告)
    team: Label
    district: District = "310105"

    @model_validator(mode="after")
    def _published_after_decision(self) -> Penalty:
        if self.published_on is not None and self.published_on < self.decided_on:
            raise ValueError("公示日期早于处罚决定日期 / the publication date is before the decision")
        return self


class Case(Record):
    """立案: a case opened from a finished inspection's non-compliant findings, with the evidence attached, up to its
    decision (行政处罚 or 不予处罚) and its publication (公示 within 7 working days of a penalty decision).

    The outcome and fine range the configuration suggests (裁量基准, 轻微违法不予处罚清单) are kept with the
    configuration's version; a decision other than the suggestion carries a reason, a major one a legal review
    (法制审核), and a penalty decision its credit-repair notice (两书同达): both documents numbered before the decision
    and delivered together, on one day. app/rules/enforcement.py has the rules that need the configuration; the
    server judges every write with them (server/case_rule.py). Scope: its inspection's.
    """

    entity: ClassVar[str] = "cases"

    inspection_id: Id
    target_id: Id
    case_no: Code  # 立案编号
    opened_on: Day
    opened_by: Id | None = None  # the inspector's id
    item_ids: Annotated[list[Id], Field(min_length=1, max_length=MANY)]  # the failed items the case is about
    evidence_ids: Annotated[list[Id], Field(max_length=MANY)] = []  # the inspection's photos attached
    facts: FilledText  # 违法事实
    legal_basis: Text = ""  # the articles violated (the items' legal basis)
    procedure: Procedure = Procedure.GENERAL
    corrected: bool = False  # corrected within the ordered time (a condition of the no-penalty list)
    repeat_item_ids: Annotated[list[Id], Field(max_length=MANY)] = []  # items the target failed before (as seen here)
    config_version: Code | None = None  # the enforcement configuration of the suggestion
    suggested_outcome: Outcome | None = None
    suggested_fine_min_yuan: int | None = Field(default=None, ge=0, le=VERSION_MAX)
    suggested_fine_max_yuan: int | None = Field(default=None, ge=0, le=VERSION_MAX)
    penalty_basis: Text = ""  # 处罚依据: the penalty articles applied
    outcome: Outcome | None = None
    fine_yuan: int | None = Field(default=None, ge=0, le=VERSION_MAX)
    deviation_reason: Text = ""  # why the decision differs from the suggestion
    review_required: bool = False  # 重大执法决定: set by the rule, checked by the server
    review_result: Literal["approved", "returned"] | None = None
    review_opinion: Text = ""
    reviewed_by: Label | None = None  # the reviewer's username
    reviewed_on: Day | None = None
    status: CaseStatus = CaseStatus.OPEN
    decision_no: Code | None = None  # 处罚决定书 (or 不予行政处罚决定书) 文号
    decided_on: Day | None = None
    notice_no: Code | None = None  # 信用修复提示函 文号 (两书同达)
    delivered_on: Day | None = None  # the day the decision and the notice were delivered, together
    published_on: Day | None = None  # 公示

    @model_validator(mode="after")
    def _decision(self) -> Case:
        if self.status != CaseStatus.OPEN:
            if self.outcome is None or self.decided_on is None or not self.decision_no:
                raise ValueError(
                    "作出决定须有处理结果、决定日期和决定书文号 / a decision needs its outcome, day and number"
                )
            if self.outcome != Outcome.NO_PENALTY and not self.notice_no:
                raise ValueError(
                    "两书同达：处罚决定须同时制作信用修复提示函 / a penalty decision needs its credit-repair notice"
                )
            if self.decided_on < self.opened_on:
                raise ValueError("决定日期早于立案日期 / the decision is dated before the case was opened")
        elif self.delivered_on is not None or self.published_on is not None:
            raise ValueError("尚未作出决定，不能送达或公示 / nothing is delivered or published before the decision")
        if (self.outcome == Outcome.FINE) != bool(self.fine_yuan):
            raise ValueError("罚款须有金额，其他结果不填金额 / a fine has an amount, other outcomes none")
        for day in (self.delivered_on, self.published_on):
            if day is not None and self.decided_on is not None and day < self.decided_on:
                raise ValueError("送达或公示日期早于决定日期 / delivery or publication is dated before the decision")
        if (self.review_result is None) != (self.reviewed_on is None) or (self.review_result is None) != (
            self.reviewed_by is None
        ):
            raise ValueError("法制审核须有结果、审核人和日期 / a legal review has its result, reviewer and day")
        return self


class Referral(Record):
    """线索移送函 / 协查函 / 案件移送书: a letter sent to another department (a lead, a request for help, a case it has
    jurisdiction over) or received from one, tracked to its answer by the due day. Names (not in GLOSSARY.md yet):
    `kind` lead 线索移送, assistance 协查, case 案件移送; `direction` sent 移出 / received 接收."""

    entity: ClassVar[str] = "referrals"

    kind: Literal["lead", "assistance", "case"]
    direction: Literal["sent", "received"]
    other_department: Label  # 市场监督管理局, 公安分局, 其他区卫生健康委 …
    document_no: Code  # 文号
    dated_on: Day  # sent on, or received on
    subject: FilledText  # 事由
    target_id: Id | None = None
    case_id: Id | None = None  # the case it comes from or led to
    answer_due_on: Day | None = None  # 答复期限
    answered_on: Day | None = None
    answer: Text = ""  # 答复 / 办理结果
    team: Label
    district: District = "310105"

    @model_validator(mode="after")
    def _answer(self) -> Referral:
        for day in (self.answer_due_on, self.answered_on):
            if day is not None and day < self.dated_on:
                raise ValueError("答复日期或期限早于发函（收函）日期 / an answer is dated before the letter")
        if (self.answered_on is None) != (not self.answer.strip()):
            raise ValueError("答复须有日期和内容 / an answer has its day and its content")
        return self


class Recording(Record):
    """执法记录仪 video of an inspection: a file named by its SHA-256 (like a photo, uploaded resumably and verified)
    with the time range it covers. Imported from the body camera after the visit, so it is not gated by the code; the
    server lets the inspection's own inspectors add it (relation `inspected`). Scope: its inspection's. Names (not in
    GLOSSARY.md yet): `Recording` 执法记录仪视频, `camera` 记录仪编号."""

    entity: ClassVar[str] = "recordings"

    inspection_id: Id
    sha256: Sha256
    size: int = Field(gt=0, le=INT64_MAX)
    mime: Code = "video/mp4"
    started_at: Instant
    ended_at: Instant
    camera: Label | None = None  # the body camera's number
    caption: Text = ""
    imported_by: Id | None = None  # the inspector's id

    @model_validator(mode="after")
    def _range(self) -> Recording:
        if self.ended_at <= self.started_at:
            raise ValueError("录像结束时间须晚于开始时间 / a recording ends after it starts")
        if not self.mime.startswith("video/"):
            raise ValueError("执法记录仪文件须为视频 / a body-camera file is a video")
        return self


class Evaluation(Record):
    """查后可评价: the inspected party's rating of an inspection, through its code. Made on the server."""

    entity: ClassVar[str] = "evaluations"

    code_id: Id
    score: int = Field(ge=1, le=5)
    comment: Text = ""


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
        Case,
        Referral,
        Recording,
        Evaluation,
    )
}
