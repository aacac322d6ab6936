"""Credit and risk signals filed by hand (issue 16): credit repair completed, bad-practice points of a medical
institution, complaints found true, licence status, … from the credit platform or the licensing office, for one target.

Who may: the authorization table (`authz.permits`, entity `grade_signals`, operation `file`): an admin of the
target's district. Each filing is kept (server/grading.py, `filed_signals`) and re-grades the target at once, so the
new grade, its explanation and its history step reach the laptops by pull. Used by POST
/api/targets/{target_id}/signals and the `file-signal` command."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from server import grading
from server.db.tables import UserRow
from server.refusal import Refusal
from server.sync import authz
from server.sync.records import RecordCache
from server.sync.scope import actor_of


class SignalRefusal(Refusal):
    """A filing refused: not an admin of the target's district, no such target, or an unknown signal or value."""


def file_for(
    session: Session, user: UserRow, target_id: str, name: str, value: Any, note: str = ""
) -> list[grading.GradeChange]:
    """File the signal as `user` and re-grade the target (the caller commits); the grade changes it made."""
    actor = actor_of(user)
    state = RecordCache(session).get("targets", target_id)
    district = state.scope.district if state is not None and not state.deleted else None

    def may(in_district: bool) -> bool:
        return authz.permits(
            actor, authz.GRADE_SIGNALS, authz.FILE, lambda r: r is authz.Relation.DISTRICT and in_district
        )

    if not may(district is not None and district == actor.district):
        if may(True):  # an admin, but the target is not his district's: as if unknown
            raise SignalRefusal(404, "not_found", "本辖区没有这个检查对象 / no such target in your district")
        raise SignalRefusal(403, "not_allowed", "只有管理员可以登记分级信号 / only an admin may file grading signals")
    try:
        return grading.file_signal(session, target_id, name, value, note=note, by=actor.username)
    except (ValidationError, ValueError) as exc:
        raise SignalRefusal(422, "invalid_signal", _message(exc)) from exc


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3]]
        return "分级信号的值无效 / invalid signal value: " + "; ".join(parts)
    return str(exc)
