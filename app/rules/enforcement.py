"""Case handling's rules (立案 → 行政处罚): the outcome and fine range a case's findings suggest, and what a decision
needs before it may be issued. Pure: no I/O; the client (app/cases.py) and the server (server/case_rule.py) both judge
with them, and the server's judgement is the one that counts.

The configuration is filed with a version (`resources/enforcement.json`, read by
`app.resources.load_enforcement_config`), never code:
- the minor-violation no-penalty list (轻微违法不予处罚清单, `no_penalty_list`): items that get no penalty when it is
  the target's first failure of the item and it corrected it in time (首违不罚);
- the discretion benchmark (裁量基准, `benchmarks`): per checklist item, the outcome and fine range of a first failure
  and of a repeat one, with the penalty article applied (罚则);
- the summary procedure (简易程序): the outcomes and the largest fine that may be decided on the spot;
- major decisions (重大执法决定法制审核): fines from a configured amount up, and outcomes such as licence revocation, go
  to legal review before the decision.

A case of several items: each item is judged alone, the outcome is the heaviest of them and the fine range is the
sum of the fined items' ranges (分别裁量、合并处罚).

Names (not in GLOSSARY.md yet): `Outcome` 处理结果 (no_penalty 不予处罚, warning 警告, fine 罚款, revocation
吊销许可证); `Procedure` 程序 (general 一般程序, summary 简易程序); `legal_review` 法制审核; `deviation_reason`
偏离裁量基准的理由; `notice_no` 信用修复提示函（《公共信用信息修复权益提示函》）文号; `repeat` 再次违法 (the item
failed before).
"""
# Outcome and Procedure are app.models.enums', re-exported here for the rules' callers.

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from app.errors import BilingualError
from app.models.enums import Outcome, Procedure

FINE_MAX_YUAN = 2**31 - 1


SEVERITY = {Outcome.NO_PENALTY: 0, Outcome.WARNING: 1, Outcome.FINE: 2, Outcome.REVOCATION: 3}
PENALTIES = frozenset({Outcome.WARNING, Outcome.FINE, Outcome.REVOCATION})  # decisions with a 处罚决定书

OUTCOME_ZH = {
    Outcome.NO_PENALTY: "不予处罚",
    Outcome.WARNING: "警告",
    Outcome.FINE: "罚款",
    Outcome.REVOCATION: "吊销许可证",
}


class EnforcementConfigError(BilingualError, ValueError):
    """An enforcement configuration that cannot be used; `zh` and `en` say why."""


# --- the configuration ---------------------------------------------------------------------------------------------


class Tier(BaseModel):
    """The outcome of one item's failure, with the fine range when it is a fine (both ends included)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: Outcome
    fine_min_yuan: int = Field(default=0, ge=0, le=FINE_MAX_YUAN)
    fine_max_yuan: int = Field(default=0, ge=0, le=FINE_MAX_YUAN)

    @model_validator(mode="after")
    def _range(self) -> Tier:
        if self.fine_min_yuan > self.fine_max_yuan:
            raise ValueError("罚款下限高于上限 / the fine's lower bound is above its upper bound")
        if self.outcome != Outcome.FINE and (self.fine_min_yuan or self.fine_max_yuan):
            raise ValueError("只有罚款才有罚款幅度 / only a fine has a fine range")
        return self


class Benchmark(BaseModel):
    """裁量基准 of some checklist items (by code): first failure and repeat failure, under one penalty article."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(default="default", min_length=1, max_length=64)
    items: list[str] = Field(default=[], max_length=1000)
    penalty_basis: str = Field(default="", max_length=2000)
    first: Tier
    repeat: Tier


class NoPenaltyEntry(BaseModel):
    """An entry of the no-penalty list (轻微违法不予处罚清单): its items, its conditions and the article."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=64)
    items: list[str] = Field(min_length=1, max_length=1000)
    conditions: str = Field(min_length=1, max_length=2000)
    basis: str = Field(min_length=1, max_length=2000)


class SummaryProcedure(BaseModel):
    """简易程序: decided on the spot for these outcomes, with a fine of at most `fine_max_yuan`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcomes: list[Outcome]
    fine_max_yuan: int = Field(ge=0, le=FINE_MAX_YUAN)
    basis: str = Field(default="", max_length=2000)


class LegalReview(BaseModel):
    """重大执法决定法制审核: fines of at least `fine_at_least_yuan`, and these outcomes, need a legal review."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fine_at_least_yuan: int = Field(ge=0, le=FINE_MAX_YUAN)
    outcomes: list[Outcome] = []
    basis: str = Field(default="", max_length=2000)


class EnforcementConfig(BaseModel):
    """The filed enforcement configuration. `version` names it; every case suggestion carries the version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1, max_length=64)
    note: str = Field(default="", max_length=2000)
    summary_procedure: SummaryProcedure
    legal_review: LegalReview
    no_penalty_list: list[NoPenaltyEntry] = []
    benchmarks: list[Benchmark] = []
    default: Benchmark

    @model_validator(mode="after")
    def _one_benchmark_per_item(self) -> EnforcementConfig:
        seen: dict[str, str] = {}
        for benchmark in self.benchmarks:
            for code in benchmark.items:
                if code in seen:
                    raise ValueError(f"检查项 {code} 出现在两个裁量基准中 / item {code} is in two benchmarks")
                seen[code] = benchmark.id
        return self

    @classmethod
    def parse(cls, text: str | bytes) -> EnforcementConfig:
        """The configuration from its JSON text; EnforcementConfigError (bilingual) when it does not validate."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
            raise EnforcementConfigError(
                f"执法配置无效：{detail}", f"the enforcement configuration is invalid: {detail}"
            ) from exc

    def benchmark_for(self, item_code: str) -> Benchmark:
        return next((b for b in self.benchmarks if item_code in b.items), self.default)

    def no_penalty_entry(self, item_code: str) -> NoPenaltyEntry | None:
        return next((e for e in self.no_penalty_list if item_code in e.items), None)


# --- suggestion ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemSuggestion:
    """What the configuration says of one failed item."""

    item_code: str
    repeat: bool  # the target failed this item before
    outcome: Outcome
    fine_min_yuan: int
    fine_max_yuan: int
    basis: str  # the penalty article, or the no-penalty list's article
    source: str  # the benchmark's or the no-penalty entry's id ("default": no benchmark names the item)


@dataclass(frozen=True)
class Suggestion:
    """The outcome and fine range the configuration suggests for a case's items."""

    config_version: str
    outcome: Outcome
    fine_min_yuan: int
    fine_max_yuan: int
    items: tuple[ItemSuggestion, ...]

    @property
    def penalty_basis(self) -> str:
        """The articles applied, in item order, each once."""
        return "；".join(dict.fromkeys(i.basis for i in self.items if i.basis))


def suggest_item(config: EnforcementConfig, item_code: str, *, repeat: bool, corrected: bool) -> ItemSuggestion:
    """One failed item: no penalty when it is on the no-penalty list, a first failure and corrected in time;
    otherwise the benchmark's tier (first or repeat failure)."""
    entry = config.no_penalty_entry(item_code)
    if entry is not None and not repeat and corrected:
        return ItemSuggestion(item_code, repeat, Outcome.NO_PENALTY, 0, 0, entry.basis, entry.id)
    benchmark = config.benchmark_for(item_code)
    tier = benchmark.repeat if repeat else benchmark.first
    return ItemSuggestion(
        item_code, repeat, tier.outcome, tier.fine_min_yuan, tier.fine_max_yuan, benchmark.penalty_basis, benchmark.id
    )


def suggest(
    config: EnforcementConfig, item_codes: Iterable[str], *, repeat_codes: Iterable[str] = (), corrected: bool = False
) -> Suggestion:
    """The suggestion for a case's failed items (`repeat_codes`: those the target failed before)."""
    repeats = set(repeat_codes)
    items = tuple(
        suggest_item(config, code, repeat=code in repeats, corrected=corrected) for code in dict.fromkeys(item_codes)
    )
    if not items:
        raise ValueError("立案须有至少一个不符合项 / a case needs at least one failed item")
    outcome = max((i.outcome for i in items), key=lambda o: SEVERITY[o])
    fined = [i for i in items if i.outcome == Outcome.FINE]
    low = sum(i.fine_min_yuan for i in fined) if outcome == Outcome.FINE else 0
    high = sum(i.fine_max_yuan for i in fined) if outcome == Outcome.FINE else 0
    return Suggestion(config.version, outcome, min(low, FINE_MAX_YUAN), min(high, FINE_MAX_YUAN), items)


# --- what a decision needs -----------------------------------------------------------------------------------------


def needs_legal_review(config: EnforcementConfig, outcome: Outcome | str | None, fine_yuan: int | None) -> bool:
    """重大执法决定: a fine of at least the configured amount, or an outcome the configuration names."""
    if outcome is None:
        return False
    if Outcome(outcome) in config.legal_review.outcomes:
        return True
    return Outcome(outcome) == Outcome.FINE and (fine_yuan or 0) >= config.legal_review.fine_at_least_yuan


def summary_allowed(config: EnforcementConfig, outcome: Outcome | str | None, fine_yuan: int | None) -> bool:
    """简易程序: only the configured outcomes, and a fine of at most the configured amount."""
    if outcome is None or Outcome(outcome) not in config.summary_procedure.outcomes:
        return False
    return Outcome(outcome) != Outcome.FINE or (fine_yuan or 0) <= config.summary_procedure.fine_max_yuan


def within_range(suggestion: Suggestion, outcome: Outcome | str, fine_yuan: int | None) -> bool:
    """The decision is the suggested outcome and, for a fine, within the suggested range (both ends included)."""
    if Outcome(outcome) != suggestion.outcome:
        return False
    if suggestion.outcome != Outcome.FINE:
        return True
    return fine_yuan is not None and suggestion.fine_min_yuan <= fine_yuan <= suggestion.fine_max_yuan


@dataclass(frozen=True)
class Refusal:
    """Why a case may not be written as it stands: a stable code and the reason in both languages."""

    code: str
    zh: str
    en: str

    @property
    def message(self) -> str:
        return f"{self.zh} / {self.en}"


def judge_decision(
    config: EnforcementConfig, case: dict[str, Any], suggestion: Suggestion, inspection_day: date | None = None
) -> list[Refusal]:
    """What stands against a case's decision (`case` as JSON: outcome, fine_yuan, deviation_reason, procedure,
    review_required, review_result, status, decided_on), judged against `suggestion`; [] = nothing.

    - a decision other than the suggestion (another outcome, a fine outside the range) needs a reason;
    - the legal-review flag must be what the configuration says of the decision;
    - a decided case that needs legal review needs an approving one first;
    - the summary procedure only within its outcomes and fine threshold, and decided on the spot: on the day of the
      inspection (`inspection_day`, Shanghai).
    """
    refusals: list[Refusal] = []
    outcome, fine = case.get("outcome"), case.get("fine_yuan")
    if outcome is None:
        if case.get("status", "open") != "open":
            refusals.append(Refusal("outcome_missing", "决定须有处理结果", "a decision needs an outcome"))
        return refusals
    reason = (case.get("deviation_reason") or "").strip()
    if not within_range(suggestion, outcome, fine) and not reason:
        refusals.append(_off_benchmark(suggestion, Outcome(outcome)))
    flagged = needs_legal_review(config, outcome, fine)
    if bool(case.get("review_required")) != flagged:
        refusals.append(
            Refusal(
                "review_flag_mismatch",
                "法制审核标记与配置不符" if flagged else "该决定不属于须法制审核的重大执法决定",
                "this decision needs legal review" if flagged else "this decision is not one that needs legal review",
            )
        )
    if case.get("status") in ("decided", "closed") and flagged and case.get("review_result") != "approved":
        refusals.append(
            Refusal(
                "legal_review_required",
                "重大执法决定须经法制审核通过后方可作出",
                "a major decision is issued only after legal review approves it",
            )
        )
    if case.get("procedure") == Procedure.SUMMARY and case.get("status", "open") != "open" and inspection_day:
        decided = case.get("decided_on")
        if decided is not None and str(decided) != inspection_day.isoformat():
            refusals.append(
                Refusal(
                    "summary_not_on_site",
                    f"简易程序须当场作出决定（检查当日 {inspection_day}）",
                    f"a summary decision is made on the spot, on the day of the inspection ({inspection_day})",
                )
            )
    if case.get("procedure") == Procedure.SUMMARY and not summary_allowed(config, outcome, fine):
        limit = config.summary_procedure.fine_max_yuan
        refusals.append(
            Refusal(
                "summary_not_allowed",
                f"简易程序只适用于警告或 {limit} 元以下罚款",
                f"the summary procedure is for a warning or a fine of at most {limit} yuan only",
            )
        )
    return refusals


def _off_benchmark(suggestion: Suggestion, outcome: Outcome) -> Refusal:
    if outcome == suggestion.outcome == Outcome.FINE:
        low, high = suggestion.fine_min_yuan, suggestion.fine_max_yuan
        return Refusal(
            "fine_outside_range",
            f"罚款超出裁量基准幅度（{low}–{high} 元），须说明理由",
            f"the fine is outside the benchmark's range ({low}–{high} yuan): give a reason",
        )
    return Refusal(
        "outcome_differs",
        f"处理结果与裁量基准建议（{OUTCOME_ZH[suggestion.outcome]}）不同，须说明理由",
        f"the outcome differs from the benchmark's suggestion ({suggestion.outcome}): give a reason",
    )


def closing_refusal(case: dict[str, Any]) -> tuple[str, str] | None:
    """Why a decided case (as JSON) cannot be closed (结案) yet, (zh, en); None when it can: its decision delivered
    and, for a penalty, published."""
    if not case.get("delivered_on"):
        return "决定书尚未送达，不能结案", "the decision is not delivered yet: the case cannot be closed"
    if case.get("outcome") != Outcome.NO_PENALTY and not case.get("published_on"):
        return "处罚决定尚未公示，不能结案", "the penalty decision is not published yet: the case cannot be closed"
    return None
