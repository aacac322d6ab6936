"""查后可评价: the inspected party rates an inspection once, through its code, after the inspection is completed.

Only the party: the rating needs the code's one-time evaluation token (评价码), drawn by the server when the code is
issued and handed over on site (the 亮码 screen, the site record); it is compared in constant time and spent by the
one evaluation the code may have. "Completed" is read from the inspection under the code, never from task status.

An evaluation is an `evaluations` record written through the change log (its scope is the code's team), so it reaches
the team lead by pull. The party is anonymous: nothing about the rater is stored. The record id is derived from the
code id, so "once per code" holds in the database itself, even for two submissions racing each other.
"""

from __future__ import annotations

import hmac
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models import Evaluation, InspectionCode
from app.models.enums import InspectionStatus
from app.models.limits import clean
from app.rules import codes as rules
from server.codes import CodeRefusal, find_records
from server.sync.records import RecordCache, lock_change_log, write_records

_NAMESPACE = uuid.UUID("6f1c9e52-4b1d-4c1e-9a57-3e0a8f4f2d11")  # fixed: evaluation ids of existing codes never change
MAX_COMMENT = Evaluation.model_fields["comment"].metadata[0].max_length


@dataclass(frozen=True)
class EvaluationState:
    completed: bool
    evaluation: Evaluation | None


def evaluation_id(code_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, code_id))


def state_of(session: Session, code: InspectionCode) -> EvaluationState:
    """Whether the inspection under `code` is completed, and its evaluation if there is one."""
    cache = RecordCache(session)
    existing = cache.get("evaluations", evaluation_id(code.id))
    evaluation = Evaluation.model_validate(existing.data) if existing and not existing.deleted else None
    return EvaluationState(_completed(session, code), evaluation)


def _completed(session: Session, code: InspectionCode) -> bool:
    """The inspection under the code (its own, for its target) is completed: task status does not count, as the
    planning side may close a task without any visit."""
    inspections = find_records(session, "inspections", "code_id", [code.id])
    return any(i["status"] == InspectionStatus.COMPLETED and i["target_id"] == code.target_id for i in inspections)


def check_token(code: InspectionCode, typed: str | None) -> None:
    """The typed evaluation token is the code's (any case, spaces or dash), compared in constant time."""
    if code.evaluation_token is None:
        raise CodeRefusal(
            409,
            "no_evaluation_token",
            "此检查码签发时尚无评价码，不能在线评价 / this code was issued before evaluation codes and cannot be rated "
            "online",
        )
    if not (typed or "").strip():
        raise CodeRefusal(
            422, "token_required", "请输入检查人员交给您的评价码 / enter the evaluation code the inspectors handed you"
        )
    canonical = rules.normalize_short_code(typed[:40]) or ""
    if not hmac.compare_digest(canonical.encode(), code.evaluation_token.encode()):
        raise CodeRefusal(
            403,
            "token_wrong",
            "评价码不正确，请核对现场检查笔录或检查人员出示的评价码 / the evaluation code is not right; check the one "
            "on the site record or on the inspectors' screen",
        )


def parse_score(text: str | None) -> int:
    if text is None or not text.strip():
        raise CodeRefusal(422, "score_required", "请选择评分（1–5 分） / choose a score from 1 to 5")
    try:
        score = int(text.strip())
    except ValueError:
        score = 0
    if not 1 <= score <= 5:
        raise CodeRefusal(422, "score_invalid", "评分须为 1–5 分 / the score must be a whole number from 1 to 5")
    return score


def parse_comment(text: str | None) -> str:
    comment = (text or "").strip()
    if len(comment) > MAX_COMMENT:
        raise CodeRefusal(
            422,
            "comment_too_long",
            f"评价意见最多 {MAX_COMMENT} 字，现有 {len(comment)} 字 / comments are limited to {MAX_COMMENT} "
            f"characters ({len(comment)} given)",
        )
    try:
        return clean(comment)
    except ValueError as exc:
        message = "评价意见不能含空字符或无效字符 / a comment must not contain a NUL character or a lone surrogate"
        raise CodeRefusal(422, "comment_invalid", message) from exc


def submit(session: Session, code: InspectionCode, token: str | None, score: int, comment: str) -> Evaluation:
    """Store the one evaluation of `code` for the holder of its token; refused before completion and the second
    time (the token is spent). The caller commits."""
    lock_change_log(session)
    state = state_of(session, code)
    if state.evaluation is not None:
        raise CodeRefusal(
            409, "already_evaluated", "本次检查已评价，每个检查码只能评价一次 / this inspection has already been rated"
        )
    if not state.completed:
        raise CodeRefusal(
            409,
            "not_completed",
            "检查完成后才能评价，请在检查结束后再扫码评价 / you can rate the inspection once it is completed",
        )
    check_token(code, token)
    evaluation = Evaluation(id=evaluation_id(code.id), code_id=code.id, score=score, comment=comment)
    cache = RecordCache(session)
    write_records(cache, [evaluation], username="public")
    cache.flush()
    return evaluation
