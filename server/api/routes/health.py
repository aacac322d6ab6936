"""Liveness (the process answers) and readiness (the database answers)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from app.models.wire import ErrorBody, Health
from server.api.deps import SessionDep
from server.api.errors import ApiError

router = APIRouter(tags=["health"])
_UNREADY = "数据库不可用 / the database is not reachable"


@router.get("/healthz")
def healthz() -> Health:
    return Health(status="ok")


@router.get("/readyz", responses={503: {"model": ErrorBody, "description": _UNREADY}})
def readyz(session: SessionDep) -> Health:
    try:
        session.execute(text("SELECT 1"))
    except Exception as exc:
        raise ApiError(503, "db_unavailable", _UNREADY) from exc
    return Health(status="ready")
