"""Grading signals filed by hand for a target (server/signals.py): an admin of its district; it is re-graded now."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import AfterValidator, BaseModel, Field

from app.models.limits import Id, Label, clean
from server import signals as domain
from server.api.deps import CurrentUser, SessionDep, WriterSlot
from server.api.errors import ERROR_RESPONSES

router = APIRouter(tags=["grading"], responses=ERROR_RESPONSES)


class SignalFiling(BaseModel):
    name: (
        Label  # one of server.grading.FILEABLE: credit_repairs, bad_practice_points, complaints_substantiated, licence…
    )
    value: int | float | Label | None
    # where it comes from (信用平台, 许可部门…): no NUL or lone surrogate, which a database column cannot hold
    note: Annotated[str, Field(max_length=500), AfterValidator(clean)] = ""


class GradeMove(BaseModel):
    before: str | None
    after: str
    score: int
    config_version: str
    moved: list[str]


class Filed(BaseModel):
    changes: list[GradeMove]  # empty when the grade, score and explanation stayed as they were


@router.post("/api/targets/{target_id}/signals", status_code=201)
def post_signal(
    target_id: Id, body: SignalFiling, session: SessionDep, user: CurrentUser, request: Request, _writer: WriterSlot
) -> Filed:
    with request.app.state.write_lock:
        try:
            changes = domain.file_for(session, user, target_id, body.name, body.value, body.note)
        except domain.SignalRefusal:
            session.rollback()  # before the write lock is let go
            raise
        session.commit()
    moves: list[dict[str, Any]] = [
        {"before": c.before, "after": c.after, "score": c.score, "config_version": c.config_version, "moved": c.moved}
        for c in changes
    ]
    return Filed(changes=[GradeMove(**m) for m in moves])
