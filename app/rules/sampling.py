"""双随机: drawing targets by grade and inspectors by workload, reproducibly from a recorded seed.

A draw is a pure function of its record: the seed, the configuration and a snapshot of the inputs in a canonical
order (sorted ids). Randomness comes only from `random.Random(seed).random()` walking that order, never from set or
dict iteration or hashing, so `redraw(record)` gives the same result bit for bit on any machine. Only `random()` is
used because Python guarantees its sequence for a seed across versions, and does not for `sample` or `shuffle`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import random
import secrets
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.errors import BilingualError
from app.models.domain import Inspector, Plan, SamplingDraw, Target, Task
from app.models.enums import TRIGGERED_CATEGORIES, Grade, TaskCategory

GRADE_ORDER = (Grade.A, Grade.B, Grade.C, Grade.D)
_GRADES = {g.value: g for g in Grade}  # a dict lookup; Grade(value) costs a microsecond per target

# Defaults: the upper bound of each band of the published county scheme in DOMAIN.md (A ≤ 5%, B 5–20%, C 21–60%,
# D 61–100%). No Shanghai health-sector ratios are published, so plans override these per grade.
DEFAULT_RATIOS: dict[Grade, float] = {Grade.A: 0.05, Grade.B: 0.20, Grade.C: 0.60, Grade.D: 1.0}
MIN_INSPECTORS = 2  # on-site enforcement needs at least two certified inspectors

TARGET_ALGORITHM = "grade-strata/fisher-yates/v1"
INSPECTOR_ALGORITHM = "least-loaded/random-tiebreak/v1"


class SamplingError(BilingualError, ValueError):
    """A draw that cannot be made as asked; `zh` and `en` say why, for the user."""


class SelectionReason(StrEnum):
    RANDOM = "random"  # 随机抽取
    COMPLAINT = "complaint"  # 投诉举报纳入


class SamplingConfig(BaseModel):
    """抽查规则 of one plan: the sampling ratio per grade and the inclusion and exclusion rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ratios: dict[Grade, float] = Field(default_factory=lambda: dict(DEFAULT_RATIOS))
    exclude_do_not_disturb: bool = True  # 无事不扰: routine plans leave these targets alone
    include_complaints: bool = True  # targets with open complaints are always drawn

    @field_validator("ratios")
    @classmethod
    def _ratios(cls, ratios: dict[Grade, float]) -> dict[Grade, float]:
        missing = [g.value for g in GRADE_ORDER if g not in ratios]
        if missing:
            raise ValueError(
                f"缺少等级 {'、'.join(missing)} 的抽查比例 / no sampling ratio for grade {', '.join(missing)}"
            )
        for grade, ratio in ratios.items():
            if not 0.0 <= ratio <= 1.0:
                raise ValueError(
                    f"等级 {grade} 的抽查比例应在 0 至 100% 之间 / "
                    f"the sampling ratio of grade {grade} must be between 0 and 100%"
                )
        return {g: ratios[g] for g in GRADE_ORDER}

    @classmethod
    def for_category(cls, category: TaskCategory | str, **overrides: object) -> SamplingConfig:
        """Defaults for a plan's category: only triggered categories may visit do-not-disturb targets."""
        routine = TaskCategory(category) not in TRIGGERED_CATEGORIES
        return cls.model_validate({"exclude_do_not_disturb": routine, **overrides})

    @classmethod
    def for_plan(cls, plan: Plan) -> SamplingConfig:
        """The plan's filed rules: its ratios over the defaults, its do-not-disturb rule or its category's."""
        ratios = {**DEFAULT_RATIOS, **{Grade(g): r for g, r in plan.sampling_ratios.items()}}
        overrides: dict[str, object] = {"ratios": ratios, "include_complaints": plan.include_complaints}
        if plan.exclude_do_not_disturb is not None:
            overrides["exclude_do_not_disturb"] = plan.exclude_do_not_disturb
        return cls.for_category(plan.category, **overrides)

    def plan_fields(self) -> dict[str, object]:
        """The config as the Plan fields that keep it (the inverse of `for_plan`)."""
        return {
            "sampling_ratios": {g.value: r for g, r in self.ratios.items()},
            "exclude_do_not_disturb": self.exclude_do_not_disturb,
            "include_complaints": self.include_complaints,
        }


def quota(ratio: float, size: int) -> int:
    """How many of `size` targets a ratio asks for, rounded up: a ratio is a floor (不低于), never undershot."""
    return min(size, math.ceil(round(ratio * size, 9)))


class Draw(BaseModel):
    """The record of a target draw: everything needed to re-run it, and the result. JSON round-trips.

    The pool is stored as columns (ids, one grade letter and one do-not-disturb flag per id): compact, and quick to
    build and parse for 200,000 targets.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    algorithm: Literal["grade-strata/fisher-yates/v1"] = TARGET_ALGORITHM
    seed: int
    config: SamplingConfig
    pool_ids: list[str]  # sorted
    pool_grades: str  # the grade letter of each pool id, aligned
    pool_do_not_disturb: str  # "1" or "0" for each pool id, aligned
    complaint_ids: list[str]  # sorted; only those in the pool, empty when the config does not include complaints
    input_digest: str  # SHA-256 of the canonical inputs above, to show a re-run used the same inputs
    quotas: dict[Grade, int]
    excluded_ids: list[str]  # do-not-disturb targets left out, sorted
    selected: dict[Grade, list[str]]  # drawn target ids per grade, sorted

    @property
    def selected_ids(self) -> list[str]:
        return [target_id for grade in GRADE_ORDER for target_id in self.selected.get(grade, [])]


def new_seed() -> int:
    """A fresh seed for a new draw; recorded in the draw so anyone can re-run it."""
    return secrets.randbits(63)


def draw_targets(
    pool: Iterable[Target],
    config: SamplingConfig,
    seed: int | None = None,
    *,
    complaint_target_ids: Iterable[str] = (),
) -> Draw:
    """Draw targets from a plan's pool: per grade, ceil(ratio × eligible) targets, complaints first.

    `complaint_target_ids` are targets with open complaints; when the config includes complaints they are drawn
    whatever their grade or do-not-disturb flag, and count toward their grade's quota (the plan's burden stays at the
    ratio; if they exceed it they are all drawn all the same). Ids outside the pool are ignored.
    """
    # Read each target once, in the given order, then permute plain columns: visiting 200,000 objects in id order
    # would jump around memory, and per-target tuples would keep the garbage collector busy.
    ids, grades_in, dnds_in = [], [], []
    for t in pool:
        ids.append(t.id)
        grades_in.append(_GRADES[t.grade])
        dnds_in.append("1" if t.do_not_disturb else "0")
    order = sorted(range(len(ids)), key=ids.__getitem__)
    pool_ids = [ids[k] for k in order]
    _check_pool(pool_ids)
    grades = "".join([grades_in[k] for k in order])
    dnds = "".join([dnds_in[k] for k in order])
    complaints = sorted(set(complaint_target_ids).intersection(pool_ids)) if config.include_complaints else []
    return _draw_from(pool_ids, grades, dnds, complaints, config, new_seed() if seed is None else seed)


def _check_pool(pool_ids: list[str]) -> None:
    if not pool_ids:
        raise SamplingError("抽查对象库为空", "the target pool is empty")
    twice = next((b for a, b in itertools.pairwise(pool_ids) if a == b), None)
    if twice is not None:
        raise SamplingError(f"抽查对象库中对象 {twice} 重复", f"target {twice} is in the pool twice")


def _draw_from(
    pool_ids: list[str], grades: str, dnds: str, complaints: list[str], config: SamplingConfig, seed: int
) -> Draw:
    if seed < 0:
        raise SamplingError("随机种子不能为负数", "the seed must not be negative")
    if not len(pool_ids) == len(grades) == len(dnds) or set(grades) - set(_GRADES) or set(dnds) - {"0", "1"}:
        raise SamplingError("抽取记录的对象库不完整", "the draw record's pool columns do not line up")
    forced = set(complaints)
    strata: dict[str, list[str]] = {g: [] for g in _GRADES}
    musts: dict[str, list[str]] = {g: [] for g in _GRADES}
    excluded: list[str] = []
    exclude = config.exclude_do_not_disturb
    for target_id, grade, dnd in zip(pool_ids, grades, dnds, strict=True):  # one pass; lists stay in id order
        if target_id in forced:
            musts[grade].append(target_id)
        elif dnd == "1" and exclude:
            excluded.append(target_id)
        else:
            strata[grade].append(target_id)
    rng = random.Random(seed)
    quotas: dict[Grade, int] = {}
    selected: dict[Grade, list[str]] = {}
    for grade in GRADE_ORDER:
        must, rest = musts[grade], strata[grade]
        quotas[grade] = quota(config.ratios[grade], len(must) + len(rest))
        selected[grade] = sorted(must + _sample(rng, rest, quotas[grade] - len(must)))
    return Draw.model_construct(
        seed=seed,
        config=config,
        pool_ids=pool_ids,
        pool_grades=grades,
        pool_do_not_disturb=dnds,
        complaint_ids=complaints,
        input_digest=_digest(
            TARGET_ALGORITHM, config.model_dump(mode="json"), complaints, "\n".join(pool_ids), grades, dnds
        ),
        quotas=quotas,
        excluded_ids=excluded,
        selected=selected,
    )


def _sample(rng: random.Random, population: list[str], k: int) -> list[str]:
    """k distinct items, uniformly: a partial Fisher–Yates shuffle driven by random() alone (see the module doc)."""
    items = list(population)
    n = len(items)
    for i in range(max(0, min(k, n))):
        j = i + int(rng.random() * (n - i))
        items[i], items[j] = items[j], items[i]
    return items[: max(0, k)]


def _digest(*parts: object) -> str:
    """SHA-256 of the inputs as compact JSON; lists keep their canonical (sorted) order."""
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class InspectorDraw(BaseModel):
    """The record of an inspector draw: inputs in canonical order, the seed, and who was assigned to which task."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    algorithm: Literal["least-loaded/random-tiebreak/v1"] = INSPECTOR_ALGORITHM
    seed: int
    per_task: int
    tasks: list[tuple[str, str, str]]  # task id, target id, target credit code ("" if unknown); sorted by task id
    inspector_ids: list[str]  # the certified team members, sorted
    recusals: dict[str, list[str]]  # inspector id -> target ids or credit codes they declared a conflict with
    existing_load: dict[str, int]  # tasks each inspector already holds
    input_digest: str
    assignments: dict[str, list[str]]  # task id -> inspector ids, in the order drawn

    def load(self) -> dict[str, int]:
        """Tasks per inspector after this draw, counting the existing load."""
        totals = {i: self.existing_load.get(i, 0) for i in self.inspector_ids}
        for chosen in self.assignments.values():
            for inspector_id in chosen:
                totals[inspector_id] += 1
        return totals


def draw_inspectors(
    tasks: Sequence[Task],
    team_inspectors: Sequence[Inspector],
    seed: int | None = None,
    *,
    recusals: Mapping[str, Iterable[str]] | None = None,
    per_task: int = MIN_INSPECTORS,
    existing_load: Mapping[str, int] | None = None,
    target_credit_codes: Mapping[str, str] | None = None,
) -> InspectorDraw:
    """Assign `per_task` certified inspectors to each task: least loaded first, ties broken at random.

    `recusals` maps an inspector id to the target ids or credit codes of declared conflicts of interest (回避);
    credit codes need `target_credit_codes` (target id -> credit code) to be matched. Team members without a
    certificate number are never drawn. Raises SamplingError naming every task that cannot be staffed; nothing else
    happens then.
    """
    codes = target_credit_codes or {}
    task_rows = sorted((t.id, t.target_id, codes.get(t.target_id, "")) for t in tasks)
    certified = sorted(i.id for i in team_inspectors if (i.certificate_no or "").strip())
    team = set(certified)
    declared = {
        i: sorted({v} if isinstance(v, str) else set(v)) for i, v in sorted((recusals or {}).items()) if i in team
    }
    loads = {i: int((existing_load or {}).get(i, 0)) for i in certified}
    return _assign(task_rows, certified, declared, loads, per_task, new_seed() if seed is None else seed)


def _assign(
    task_rows: list[tuple[str, str, str]],
    certified: list[str],
    recusals: dict[str, list[str]],
    existing_load: dict[str, int],
    per_task: int,
    seed: int,
) -> InspectorDraw:
    if per_task < MIN_INSPECTORS:
        raise SamplingError(
            f"每项任务至少需要 {MIN_INSPECTORS} 名监督员", f"each task needs at least {MIN_INSPECTORS} inspectors"
        )
    if seed < 0:
        raise SamplingError("随机种子不能为负数", "the seed must not be negative")
    eligible = _eligible(task_rows, certified, recusals, per_task)
    rng = random.Random(seed)
    load = dict(existing_load)
    assignments: dict[str, list[str]] = {}
    for task_id, _, _ in task_rows:
        ranked = sorted(eligible[task_id], key=lambda i: (load[i], rng.random()))
        assignments[task_id] = ranked[:per_task]
        for inspector_id in assignments[task_id]:
            load[inspector_id] += 1
    return InspectorDraw.model_construct(
        seed=seed,
        per_task=per_task,
        tasks=task_rows,
        inspector_ids=certified,
        recusals=recusals,
        existing_load=existing_load,
        input_digest=_digest(INSPECTOR_ALGORITHM, per_task, task_rows, certified, recusals, existing_load),
        assignments=assignments,
    )


def _eligible(
    task_rows: list[tuple[str, str, str]], certified: list[str], recusals: dict[str, list[str]], per_task: int
) -> dict[str, list[str]]:
    """Certified inspectors without a declared conflict, per task; every task that falls short is reported at once."""
    recused: dict[str, set[str]] = {}  # target id or credit code -> inspectors who declared a conflict with it
    for inspector_id, keys in recusals.items():
        for key in filter(None, keys):  # an empty key would match every target whose credit code is unknown
            recused.setdefault(key, set()).add(inspector_id)
    nobody: set[str] = set()
    eligible: dict[str, list[str]] = {}
    short: list[tuple[str, int]] = []
    for task_id, target_id, credit_code in task_rows:
        blocked = recused.get(target_id, nobody) | recused.get(credit_code, nobody) if recused else nobody
        eligible[task_id] = [i for i in certified if i not in blocked] if blocked else certified
        if len(eligible[task_id]) < per_task:
            short.append((task_id, len(eligible[task_id])))
    if short:
        listed_zh = "、".join(f"{t}（{n} 名）" for t, n in short[:5])
        listed_en = ", ".join(f"{t} ({n})" for t, n in short[:5])
        more = "…" if len(short) > 5 else ""
        raise SamplingError(
            f"可抽取的监督员不足：每项任务需要 {per_task} 名持证且无回避关系的监督员，"
            f"共 {len(short)} 项任务不满足：{listed_zh}{more}",
            f"not enough eligible inspectors: each task needs {per_task} certified inspectors without a conflict of "
            f"interest; {len(short)} task(s) fall short (task, eligible): {listed_en}{more}",
        )
    return eligible


def redraw(record: Draw | InspectorDraw) -> Draw | InspectorDraw:
    """Re-run a recorded draw from its own inputs and seed. Raises SamplingError if the record was altered."""
    if isinstance(record, Draw):
        again: Draw | InspectorDraw = _draw_from(
            record.pool_ids,
            record.pool_grades,
            record.pool_do_not_disturb,
            record.complaint_ids,
            record.config,
            record.seed,
        )
    else:
        again = _assign(
            record.tasks, record.inspector_ids, record.recusals, record.existing_load, record.per_task, record.seed
        )
    if again.input_digest != record.input_digest:
        raise SamplingError(
            "抽取记录的输入与其摘要不符，记录可能被改动",
            "the draw record's inputs do not match its digest; the record was altered",
        )
    return again


DRAW_COLUMNS = {
    "seq": "序号 / No.",
    "target_id": "对象编号 / Target id",
    "name": "名称 / Name",
    "credit_code": "统一社会信用代码 / Credit code",
    "street": "街道 / Street",
    "grade": "等级 / Grade",
    "reason": "纳入方式 / Reason",
}
ASSIGNMENT_COLUMNS = {
    "seq": "序号 / No.",
    "task_id": "任务编号 / Task id",
    "target_id": "对象编号 / Target id",
    "inspectors": "监督员 / Inspectors",
    "certificates": "执法证号 / Certificate numbers",
}


def draw_to_rows(draw: Draw, targets: Mapping[str, Target] | None = None) -> list[dict[str, object]]:
    """The drawn targets for publication (双随机、一公开), one dict per row keyed as DRAW_COLUMNS."""
    known = targets or {}
    rows: list[dict[str, object]] = []
    drawn = [(target_id, grade) for grade in GRADE_ORDER for target_id in draw.selected.get(grade, [])]
    complaints = set(draw.complaint_ids)
    for seq, (target_id, grade) in enumerate(drawn, start=1):
        target = known.get(target_id)
        rows.append(
            {
                "seq": seq,
                "target_id": target_id,
                "name": target.name if target else "",
                "credit_code": target.credit_code if target else "",
                "street": target.street if target else "",
                "grade": grade.value,
                "reason": (SelectionReason.COMPLAINT if target_id in complaints else SelectionReason.RANDOM).value,
            }
        )
    return rows


def assignments_to_rows(
    draw: InspectorDraw, inspectors: Mapping[str, Inspector] | None = None
) -> list[dict[str, object]]:
    """The inspector draw for publication, one dict per task keyed as ASSIGNMENT_COLUMNS."""
    known = inspectors or {}
    rows: list[dict[str, object]] = []
    for seq, (task_id, target_id, _) in enumerate(draw.tasks, start=1):
        chosen = draw.assignments[task_id]
        rows.append(
            {
                "seq": seq,
                "task_id": task_id,
                "target_id": target_id,
                "inspectors": "、".join(known[i].name if i in known else i for i in chosen),
                "certificates": "、".join((known[i].certificate_no or "") if i in known else "" for i in chosen),
            }
        )
    return rows


def draw_inputs(record: SamplingDraw) -> tuple[Draw, InspectorDraw]:
    """The recorded draws' inputs as the rules take them; SamplingError if the record does not hold them."""
    try:
        return Draw.model_validate(record.inputs["targets"]), InspectorDraw.model_validate(record.inputs["inspectors"])
    except (KeyError, ValidationError) as exc:
        raise SamplingError("抽取记录缺少可重新运行的输入", "the draw record lacks the inputs to re-run it") from exc
