"""Penalty decisions and their publication."""

from __future__ import annotations

from datetime import date

import pytest

from app import planning
from app.models.domain import Target
from app.store import Store
from tests.planning.helpers import TODAY


def test_penalty_input_is_checked_in_both_languages(store: Store) -> None:
    target = store.list(Target)[0]
    with pytest.raises(planning.PlanningError, match=r"找不到.*no such target"):
        planning.record_penalty(store, "nope", "长卫罚〔2025〕1号", TODAY, "警告", "公共场所科")
    penalty = planning.record_penalty(store, target.id, "长卫罚〔2025〕1号", TODAY, "警告", "公共场所科")
    with pytest.raises(planning.PlanningError, match=r"早于.*before"):
        planning.mark_penalty_published(store, penalty.id, date(2025, 5, 1))
    assert planning.mark_penalty_published(store, penalty.id, date(2025, 6, 5)).published_on == date(2025, 6, 5)
