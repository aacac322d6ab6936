"""信用+风险 分级分类: credit and risk signals → a score → a grade A–D, with its explanation. Pure: no I/O.

The weights, thresholds and what each grade sets (sampling ratio, minimum interval between routine visits, yearly cap
of routine visits, whether a remote 无感 check is allowed, the 无事不扰 rule) are configuration filed with a version
(`resources/grading.json`, read by `app.resources.load_grading_config`), never code. Every grade carries its
explanation, one line per signal with its value and its contribution in points, and the configuration version that
made it. Points are integers, so the contributions add up to the score exactly.

A higher score is better credit and lower risk: the base, less what the signals take away, plus what they add.

Penalty severity (which recorded penalties count as `penalties_minor`, which as `penalties_serious`) is configuration
too (`penalty_severity`, filed with the weights under the same version): a decision's kind, named in its summary
(没收, 吊销, 责令停产停业, … make it serious whatever the fine), then its recorded fine (`Penalty.fine_yuan`; up to
`minor_fine_yuan_at_most`, by default 3,000 yuan, the ceiling of an organisation's fine decided on the spot under the
summary procedure, 行政处罚法 第五十一条, is minor; above it, serious), then a fine named without an amount (serious), a
warning or a notice of criticism (minor), and otherwise `otherwise`. `penalty_severity()` says which rule decided;
the grade's explanation names those rules on the penalty lines (`Signals.penalty_rules_minor` / `_serious`, counted by
the server, `penalty_note()`), so a lead sees why a penalty weighed as it did.

"Evaluations" as a credit signal (issue 16) means the business's quantified hygiene rating (量化分级评价,
`hygiene_score`), the health authority's evaluation of the business itself. The parties' evaluations of inspections
(查后可评价, `Evaluation` records, server/evaluations.py) are deliberately not a signal: they rate the inspection and
its inspectors, not the business, and a signal the graded party writes itself (anonymously, once per code) would let a
business move its own grade, upward by praising every visit or by punishing inspectors who found something. They
belong to the oversight of inspectors (the lead reads them), never to a target's grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.errors import BilingualError
from app.models.enums import Grade, Industry

GRADES = (Grade.A, Grade.B, Grade.C, Grade.D)
LicenceStatus = Literal["valid", "expiring", "expired", "missing"]


class GradingConfigError(BilingualError, ValueError):
    """A grading configuration that cannot be used; `zh` and `en` say why."""


# --- the signals ---------------------------------------------------------------------------------------------------


class Signals(BaseModel):
    """What is known about one target on the day it is graded. Counts are over the configuration's look-back."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    industry: Industry
    # credit (信用)
    penalties_minor: int = Field(default=0, ge=0)  # 警告, 简易程序
    penalties_serious: int = Field(default=0, ge=0)  # 罚款 and heavier
    credit_repairs: int = Field(default=0, ge=0)  # completed 信用修复 (two-letters delivery, 两书同达)
    bad_practice_points: int = Field(default=0, ge=0)  # 不良执业行为记分, medical institutions
    # 量化分级评价 score out of 100 (the "evaluations" credit signal; see the module doc), None: not rated
    hygiene_score: int | None = Field(default=None, ge=0, le=100)
    complaints_substantiated: int = Field(default=0, ge=0)  # 投诉举报 found true
    # risk (风险)
    findings: int = Field(default=0, ge=0)  # non-compliant items found in past inspections
    open_correction_orders: int = Field(default=0, ge=0)  # 责令改正 not yet verified by a follow-up
    licence: LicenceStatus = "valid"  # status and expiry of the practice or hygiene licence
    # which penalty-severity rule decided each penalty counted above (rule name -> how many; `PENALTY_RULES`)
    penalty_rules_minor: dict[str, int] = Field(default_factory=dict)
    penalty_rules_serious: dict[str, int] = Field(default_factory=dict)


SIGNAL_LABELS: dict[str, tuple[str, str]] = {
    "base": ("基础分", "base score"),
    "industry": ("行业风险", "industry risk"),
    "penalties_minor": ("轻微处罚（警告等）", "minor penalties (warnings)"),
    "penalties_serious": ("较重处罚（罚款及以上）", "serious penalties (fines and above)"),
    "credit_repairs": ("已完成信用修复", "completed credit repairs"),
    "bad_practice_points": ("不良执业行为记分", "bad-practice points"),
    "hygiene_score": ("量化分级评价得分", "quantified hygiene rating"),
    "complaints_substantiated": ("查实的投诉举报", "complaints found true"),
    "findings": ("既往检查发现问题", "past findings"),
    "open_correction_orders": ("未复查的责令改正", "open correction orders"),
    "licence": ("许可证状态", "licence status"),
}
CREDIT_SIGNALS = frozenset(
    {
        "penalties_minor",
        "penalties_serious",
        "credit_repairs",
        "bad_practice_points",
        "hygiene_score",
        "complaints_substantiated",
    }
)


# --- the configuration ---------------------------------------------------------------------------------------------


class PerUnit(BaseModel):
    """`points` per unit of the signal, the total bounded by `cap` (a magnitude; None: unbounded)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    points: int
    cap: int | None = Field(default=None, ge=0)

    def contribution(self, value: int) -> int:
        total = self.points * value
        return total if self.cap is None else max(-self.cap, min(self.cap, total))


class Band(BaseModel):
    """A score of at least `at_least` earns `points` (the highest band reached counts)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at_least: int = Field(ge=0, le=100)
    points: int


class GradeDefaults(BaseModel):
    """What a grade sets for planning, unless a lead overrides it on one plan with a reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sampling_ratio: float = Field(ge=0.0, le=1.0)  # share of the grade's pool a random plan draws
    min_interval_days: int = Field(ge=0, le=3660)  # between two routine visits of one target
    yearly_cap: int = Field(ge=0, le=366)  # routine visits per target per calendar year
    remote_allowed: bool  # 无感 remote check by documents and data instead of a visit


class ExemptionRule(BaseModel):
    """无事不扰 by rule: targets of these grades with this many clean inspections in a row are exempt for `days`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    grades: list[Grade]
    clean_inspections: int = Field(ge=1, le=100)
    days: int = Field(ge=1, le=3660)


Severity = Literal["minor", "serious"]


class PenaltySeverity(BaseModel):
    """How a recorded penalty decision counts for credit: minor (警告, 简易程序) or serious (罚款及以上)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    minor_fine_yuan_at_most: int = Field(ge=0)  # a recorded fine up to this is minor; above it, serious
    serious_kinds: list[str]  # words of a decision's kind that make it serious whatever its fine (没收, 吊销, …)
    fine_words: list[str]  # words naming a fine: a fine without a recorded amount counts as serious
    minor_kinds: list[str]  # words of a kind that is minor when no fine is recorded (警告, 通报批评)
    otherwise: Severity  # a decision none of the above describes

    @field_validator("serious_kinds", "fine_words", "minor_kinds")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        if any(not w.strip() for w in value):
            raise ValueError("处罚种类的关键词不能为空 / a penalty kind's word must not be empty")
        return value


# The rules of `penalty_severity` by name, and the names the server gives a case's decided outcome and a count filed
# from the credit platform, in words ("fine" is worded with the configured ceiling by `penalty_rule_words`).
PENALTY_RULES: dict[str, tuple[str, str]] = {
    "kind": ("处罚种类（没收、吊销、责令停产停业等）", "the decision's kind (confiscation, revocation, closure…)"),
    "unpriced_fine": ("罚款未记录金额", "a fine without a recorded amount"),
    "minor_kind": ("警告或通报批评", "a warning or a notice of criticism"),
    "otherwise": ("其他处理（按配置）", "any other decision (as configured)"),
    "case_warning": ("案件决定警告", "a case decided with a warning"),
    "case_revocation": ("案件决定吊销", "a case decided with a revocation"),
    "filed": ("信用平台报送的处罚数", "the count filed from the credit platform"),
}


def penalty_rule_words(rule: str, severity: Severity, config: PenaltySeverity) -> tuple[str, str]:
    """The rule that decided a penalty's severity, in Chinese and English."""
    if rule == "fine":
        at_most = config.minor_fine_yuan_at_most
        if severity == "minor":
            return f"罚款不超过 {at_most} 元", f"a fine up to {at_most:,} yuan"
        return f"罚款超过 {at_most} 元", f"a fine over {at_most:,} yuan"
    return PENALTY_RULES.get(rule, (rule, rule))


def penalty_note(counts: dict[str, int], severity: Severity, config: PenaltySeverity) -> str:
    """The penalty line's note, "中文 / English": each rule that decided, with how many it decided (most first)."""
    found = sorted(((n, r) for r, n in counts.items() if n > 0), key=lambda x: (-x[0], x[1]))
    if not found:
        return ""
    words = [(penalty_rule_words(r, severity, config), n) for n, r in found]
    zh = "；".join(f"{w[0]} ×{n}" for w, n in words)
    en = "; ".join(f"{w[1]} ×{n}" for w, n in words)
    return f"判定依据：{zh} / decided by: {en}"


def penalty_severity(fine_yuan: int | None, summary: str, rule: PenaltySeverity) -> tuple[Severity, str]:
    """Whether a penalty decision counts as minor or serious, and which rule of the configuration decided it
    (`kind`, `fine`, `unpriced_fine`, `minor_kind`, `otherwise`)."""
    if any(word in summary for word in rule.serious_kinds):
        return "serious", "kind"
    if fine_yuan:
        return ("minor" if fine_yuan <= rule.minor_fine_yuan_at_most else "serious"), "fine"
    if any(word in summary for word in rule.fine_words):
        return "serious", "unpriced_fine"
    if any(word in summary for word in rule.minor_kinds):
        return "minor", "minor_kind"
    return rule.otherwise, "otherwise"


class GradingConfig(BaseModel):
    """The filed grading configuration. `version` names it; every grade made with it carries the version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1, max_length=64)
    base: int
    lookback_days: int = Field(ge=1, le=3660)  # how far back penalties, complaints and findings count
    thresholds: dict[Grade, int]  # the lowest score of A, B and C; below C's is D
    industry_points: dict[Industry, int]  # risk of the industry (missing: 0)
    penalty_severity: PenaltySeverity  # which recorded penalties are minor, which serious
    penalties_minor: PerUnit
    penalties_serious: PerUnit
    credit_repairs: PerUnit  # restores points, never more repairs than penalties count
    bad_practice_points: PerUnit
    hygiene_score: list[Band]
    complaints_substantiated: PerUnit
    findings: PerUnit
    open_correction_orders: PerUnit
    licence_points: dict[str, int]  # by LicenceStatus
    defaults: dict[Grade, GradeDefaults]
    exemption: ExemptionRule

    @field_validator("thresholds")
    @classmethod
    def _thresholds(cls, value: dict[Grade, int]) -> dict[Grade, int]:
        if set(value) != {Grade.A, Grade.B, Grade.C}:
            raise ValueError("等级阈值须给出 A、B、C 三档 / thresholds are given for A, B and C")
        if not value[Grade.A] > value[Grade.B] > value[Grade.C]:
            raise ValueError("等级阈值须 A > B > C / thresholds must fall from A to C")
        return value

    @field_validator("defaults")
    @classmethod
    def _defaults(cls, value: dict[Grade, GradeDefaults]) -> dict[Grade, GradeDefaults]:
        missing = [g.value for g in GRADES if g not in value]
        if missing:
            raise ValueError(f"缺少等级 {'、'.join(missing)} 的默认规则 / no defaults for grade {', '.join(missing)}")
        return value

    @field_validator("licence_points")
    @classmethod
    def _licence(cls, value: dict[str, int]) -> dict[str, int]:
        known = set(LicenceStatus.__args__)  # type: ignore[attr-defined]
        if set(value) != known:
            raise ValueError(
                f"许可证状态分值须覆盖 {sorted(known)} / licence points must cover exactly {sorted(known)}"
            )
        return value

    @model_validator(mode="after")
    def _bands(self) -> GradingConfig:
        cuts = [b.at_least for b in self.hygiene_score]
        if cuts != sorted(set(cuts)):
            raise ValueError("量化分级分档须由低到高且不重复 / hygiene bands rise and do not repeat")
        return self

    @classmethod
    def parse(cls, text: str | bytes) -> GradingConfig:
        """The configuration from its JSON text; GradingConfigError (bilingual) when it does not validate."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
            raise GradingConfigError(
                f"分级配置无效：{detail}", f"the grading configuration is invalid: {detail}"
            ) from exc

    def grade_for(self, score: int) -> Grade:
        for grade in (Grade.A, Grade.B, Grade.C):
            if score >= self.thresholds[grade]:
                return grade
        return Grade.D


# --- grading -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Contribution:
    """One line of a grade's explanation: the signal, its value, and the points it added (negative: took away).

    A plain dataclass, not a pydantic model: 200,000 targets make 2.2 million lines (bench/bench_grading.py)."""

    signal: str
    value: int | str | None
    points: int
    note: str = ""  # "中文 / English": for the penalty lines, which severity rules decided (`penalty_note`)

    def model_dump(self, mode: str = "json") -> dict[str, Any]:
        value = self.value.value if isinstance(self.value, Enum) else self.value
        return {"signal": self.signal, "value": value, "points": self.points, "note": self.note}  # as GradeLine

    @classmethod
    def model_validate(cls, data: dict[str, Any]) -> Contribution:
        return cls(str(data["signal"]), data.get("value"), int(data["points"]), str(data.get("note") or ""))


@dataclass(frozen=True, slots=True)
class GradeResult:
    """A grade with its score, its explanation (contributions add up to the score) and the configuration version."""

    grade: Grade
    score: int
    config_version: str
    explanation: list[Contribution]

    def reasons(self) -> list[str]:
        """The explanation in words, most decisive first (the base and zero contributions left out)."""
        lines = sorted((c for c in self.explanation if c.signal != "base" and c.points), key=lambda c: c.points)
        return [explain(c) for c in lines]


def explain(c: Contribution) -> str:
    zh, en = SIGNAL_LABELS.get(c.signal, (c.signal, c.signal))
    value = "—" if c.value is None else c.value
    if c.note:
        note_zh, _, note_en = c.note.partition(" / ")
        return f"{zh}：{value}（{c.points:+d} 分；{note_zh}） / {en}: {value} ({c.points:+d}; {note_en or note_zh})"
    return f"{zh}：{value}（{c.points:+d} 分） / {en}: {value} ({c.points:+d})"


def grade(signals: Signals, config: GradingConfig) -> GradeResult:
    """Grade one target: the base, then every signal's contribution, then the grade of the sum."""
    s, c = signals, config
    repairs = min(s.credit_repairs, s.penalties_minor + s.penalties_serious)
    hygiene = 0
    if s.hygiene_score is not None:
        for band in c.hygiene_score:
            if s.hygiene_score >= band.at_least:
                hygiene = band.points
    values = (
        ("base", c.base, c.base),
        ("industry", s.industry, c.industry_points.get(s.industry, 0)),
        ("penalties_minor", s.penalties_minor, c.penalties_minor.contribution(s.penalties_minor)),
        ("penalties_serious", s.penalties_serious, c.penalties_serious.contribution(s.penalties_serious)),
        ("credit_repairs", s.credit_repairs, c.credit_repairs.contribution(repairs)),
        ("bad_practice_points", s.bad_practice_points, c.bad_practice_points.contribution(s.bad_practice_points)),
        ("hygiene_score", s.hygiene_score, hygiene),
        (
            "complaints_substantiated",
            s.complaints_substantiated,
            c.complaints_substantiated.contribution(s.complaints_substantiated),
        ),
        ("findings", s.findings, c.findings.contribution(s.findings)),
        (
            "open_correction_orders",
            s.open_correction_orders,
            c.open_correction_orders.contribution(s.open_correction_orders),
        ),
        ("licence", s.licence, c.licence_points[s.licence]),
    )
    notes = {
        "penalties_minor": penalty_note(s.penalty_rules_minor, "minor", c.penalty_severity)
        if s.penalties_minor
        else "",
        "penalties_serious": (
            penalty_note(s.penalty_rules_serious, "serious", c.penalty_severity) if s.penalties_serious else ""
        ),
    }
    lines = [Contribution(n, v, p, notes.get(n, "")) for n, v, p in values]
    score = sum(p for _, _, p in values)
    return GradeResult(c.grade_for(score), score, c.version, lines)


def moved(before: GradeResult | None, after: GradeResult) -> list[str]:
    """Why a grade moved, for a lead: the signals whose contribution changed, largest change first, and a version
    change when the configuration changed."""
    if before is None:
        return []
    old = {c.signal: c for c in before.explanation}
    changes = []
    for line in after.explanation:
        prior = old.get(line.signal)
        delta = line.points - (prior.points if prior else 0)
        if delta:
            was = prior.value if prior else None
            zh, en = SIGNAL_LABELS.get(line.signal, (line.signal, line.signal))
            changes.append(
                (abs(delta), f"{zh}：{was} → {line.value}（{delta:+d} 分） / {en}: {was} → {line.value} ({delta:+d})")
            )
    notes = [text for _, text in sorted(changes, key=lambda x: -x[0])]
    if before.config_version != after.config_version:
        notes.append(
            f"分级配置 {before.config_version} → {after.config_version} / "
            f"configuration {before.config_version} → {after.config_version}"
        )
    return notes


def rule_exempt(result: GradeResult, clean_in_a_row: int, config: GradingConfig) -> bool:
    """无事不扰 by rule: a grade the rule names and enough clean inspections in a row."""
    rule = config.exemption
    return result.grade in rule.grades and clean_in_a_row >= rule.clean_inspections


def defaults_for(grade_letter: Grade | str, config: GradingConfig) -> GradeDefaults:
    return config.defaults[Grade(grade_letter)]


def licence_status(expires_on: date | None, today: date, expiring_days: int = 90) -> LicenceStatus:
    """A licence's status from its expiry day: missing (None), expired, expiring within `expiring_days`, valid."""
    if expires_on is None:
        return "missing"
    if expires_on < today:
        return "expired"
    return "expiring" if (expires_on - today).days <= expiring_days else "valid"
