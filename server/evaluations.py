"""查后可评价: the inspected party rates an inspection once, through its code, after the inspection is completed.

An evaluation is an `evaluations` record written through the change log (its scope is the code's team), so it reaches
the team lead by pull. The party is anonymous: nothing about the rater is stored. The record id is derived from the
code id, so "once per code" holds in the database itself, even for two submissions racing each other.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models import Evaluation, InspectionCode
from app.models.enums import InspectionStatus, TaskStatus
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
    return EvaluationState(_completed(session, cache, code), evaluation)


def _completed(session: Session, cache: RecordCache, code: InspectionCode) -> bool:
    """An inspection under the code is completed, or every task of the code is."""
    inspections = find_records(session, "inspections", "code_id", [code.id])
    if any(i["status"] == InspectionStatus.COMPLETED for i in inspections):
        return True
    cache.load(("tasks", t) for t in code.task_ids)
    tasks = [cache.states.get(("tasks", t)) for t in code.task_ids]
    return all(t is not None and t.data["status"] == TaskStatus.COMPLETED for t in tasks)


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
    return comment


def submit(session: Session, code: InspectionCode, score: int, comment: str) -> Evaluation:
    """Store the one evaluation of `code`; refused before completion and the second time. The caller commits."""
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
    evaluation = Evaluation(id=evaluation_id(code.id), code_id=code.id, score=score, comment=comment)
    cache = RecordCache(session)
    write_records(cache, [evaluation], username="public")
    cache.flush()
    return evaluation
