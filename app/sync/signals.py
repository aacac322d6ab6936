"""Grading signals filed from the laptop (issue 16): the same route as the server's `file-signal` command,
POST /api/targets/{target_id}/signals, which only an admin of the target's district may use. The server re-grades
the target at once; the new grade reaches the store at the next pull. Used on the runner's network worker only."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from app.sync.http import SyncClient

# What may be filed by hand, as server/grading.FILEABLE (the server refuses anything else with its reason).
COUNT_SIGNALS = (
    "complaints_substantiated",
    "credit_repairs",
    "bad_practice_points",
    "penalties_minor",
    "penalties_serious",
    "findings",
    "open_correction_orders",
)
SCORE_SIGNAL = "hygiene_score"  # 0–100, or None: not rated
LICENCE_SIGNAL = "licence"
LICENCE_STATES: tuple[Literal["valid", "expiring", "expired", "missing"], ...] = (
    "valid",
    "expiring",
    "expired",
    "missing",
)
FILEABLE = (*COUNT_SIGNALS, SCORE_SIGNAL, LICENCE_SIGNAL)
NOTE_MAX = 500


class GradeMove(BaseModel):
    """How a filing moved the target's grade (the server's answer)."""

    model_config = ConfigDict(frozen=True)

    before: str | None
    after: str
    score: int
    config_version: str
    moved: list[str]


class SignalClient(SyncClient):
    """A signed-in user's client with the grading signals route."""

    def file_signal(self, target_id: str, name: str, value: int | str | None, note: str = "") -> list[GradeMove]:
        """File one signal for a target; the grade moves it made (empty when the grade stayed as it was)."""
        body: dict[str, Any] = {"name": name, "value": value, "note": note}
        answer = self._json(self._send("POST", f"/api/targets/{target_id}/signals", json=body))
        return [GradeMove.model_validate(change) for change in answer["changes"]]
