"""A draw anyone can check: the seed's hash is filed with the plan before the draw; a draw with another seed is
refused; the recorded draw re-runs and its seed matches the filed hash; the commitment cannot be replaced."""

from __future__ import annotations

import hashlib

import pytest

from app import planning
from app.models.domain import Plan
from app.planning.draws import commit_seed, committed_seed, seed_hash
from app.rules.sampling import SamplingConfig
from app.store import Store
from tests.planning.helpers import draft_plan


def test_a_draw_whose_seed_does_not_match_the_filed_hash_is_refused(store: Store) -> None:
    plan = planning.file_plan(store, draft_plan(store).id)
    outbox_before = len(store.outbox())
    seed = commit_seed(store, plan.id)
    filed = store.get(Plan, plan.id).seed_hash
    assert filed == hashlib.sha256(str(seed).encode()).hexdigest() == seed_hash(seed)
    [sent] = store.outbox()[outbox_before:]
    assert (sent["entity"], sent["fields"]["seed_hash"]) == ("plans", filed)  # filed: it syncs before the draw
    assert committed_seed(store, plan.id) == seed
    with pytest.raises(planning.PlanningError, match="does not match the hash filed"):
        planning.prepare_draw(store, plan.id, SamplingConfig(), seed=seed + 1)
    with pytest.raises(planning.PlanningError, match="cannot be replaced"):
        commit_seed(store, plan.id, seed + 1)

    result = planning.prepare_draw(store, plan.id, SamplingConfig(), seed=seed)
    record = planning.create_tasks_from_draw(store, result, drawn_by="lead")
    assert planning.verify_draw(store, record.id).identical
    assert planning.check_draw(record, filed).identical
    other = record.model_copy(update={"seed": seed + 1})
    assert not planning.check_draw(other, filed).identical  # a re-rolled draw is told apart
    forged = result.draw.model_copy(update={"seed": seed + 1})
    with pytest.raises(planning.PlanningError, match="does not match the hash filed"):
        planning.create_tasks_from_draw(store, planning.DrawResult(result.plan, forged, result.inspector_draw, []))


def test_a_seed_hash_cannot_be_filed_after_a_draw(store: Store) -> None:
    plan = planning.file_plan(store, draft_plan(store).id)
    result = planning.prepare_draw(store, plan.id, SamplingConfig(), seed=7)  # drawn with no commitment
    planning.create_tasks_from_draw(store, result, drawn_by="lead")
    with pytest.raises(planning.PlanningError, match="drawn already"):
        commit_seed(store, plan.id)
    assert store.get(Plan, plan.id).seed_hash is None and committed_seed(store, plan.id) is None
